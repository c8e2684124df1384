"""The classification report as a rich Table, shared by the headless output and the app."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text


def report_table(report: dict[str, Any], title: str | None = None) -> Table:
    """Per-class precision / recall / F1 / support, then accuracy, macro and weighted averages."""
    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("class")
    for column in ("precision", "recall", "f1-score", "support"):
        table.add_column(column, justify="right")
    for name in report.get("classes", []):
        scores = report.get("per_class", {}).get(name, {})
        table.add_row(name, *_cells(scores))
    total = int(report.get("test_size", 0))
    table.add_section()
    table.add_row("accuracy", "", "", f"{report.get('accuracy', 0.0):.4f}", str(total), style="bold")
    for avg in ("macro avg", "weighted avg"):
        if avg in report:
            table.add_row(avg, *_cells(report[avg]))
    return table


def _cells(scores: dict[str, Any]) -> list[str]:
    return [f"{scores.get('precision', 0.0):.4f}", f"{scores.get('recall', 0.0):.4f}",
            f"{scores.get('f1-score', 0.0):.4f}", str(int(scores.get("support", 0)))]


# Above this many classes the table would not fit a terminal; confusion.png has it.
CONFUSION_MAX_CLASSES = 20


def _shade(count: int, top: int, diagonal: bool) -> str:
    """Background by count: blue on the diagonal (right), red off it (mistakes); none for zero."""
    if not count:
        return "dim"
    level = 0.25 + 0.75 * count / max(top, 1)
    red, green, blue = ((30, 90, 200) if diagonal else (200, 40, 40))
    rgb = ",".join(str(int(c * level)) for c in (red, green, blue))
    return f"white on rgb({rgb})"


def confusion_table(report: dict[str, Any]) -> Table | None:
    """report.json's ``confusion_matrix`` as a table shaded by count (rows true, columns predicted, class names
    cut to 5 characters); None when the report has none or more than ``CONFUSION_MAX_CLASSES`` classes."""
    matrix, names = report.get("confusion_matrix"), report.get("classes", [])
    if not matrix or len(matrix) > CONFUSION_MAX_CLASSES or len(matrix) != len(names):
        return None
    table = Table(title="confusion matrix (rows: true, columns: predicted)", title_justify="left",
                  header_style="bold", padding=(0, 0), pad_edge=False)
    table.add_column("true", no_wrap=True)
    for name in names:
        table.add_column(str(name)[:5], justify="right", no_wrap=True)
    off = [c for i, row in enumerate(matrix) for j, c in enumerate(row) if i != j]
    top_right, top_wrong = max((matrix[i][i] for i in range(len(matrix))), default=1), max(off, default=1)
    for i, (name, row) in enumerate(zip(names, matrix)):
        table.add_row(str(name)[:5], *(Text(str(count), style=_shade(count, top_right if i == j else top_wrong,
                                                                       i == j)) for j, count in enumerate(row)))
    return table
