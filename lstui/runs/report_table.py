"""The classification report as a rich Table, shared by the headless output and the app.

The report may come back from a report.json that someone edited or damaged: a value of the wrong
type shows as an empty cell instead of breaking the table (and with it the runs screen).
"""

from __future__ import annotations

import math
from typing import Any

from rich.table import Table
from rich.text import Text


def report_table(report: dict[str, Any], title: str | None = None) -> Table:
    """Per-class precision / recall / F1 / support, then accuracy, macro and weighted averages."""
    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("class")
    for column in ("precision", "recall", "f1-score", "support"):
        table.add_column(column, justify="right")
    classes = report.get("classes")
    per_class = _mapping(report.get("per_class"))
    for name in classes if isinstance(classes, list) else []:
        table.add_row(str(name), *_cells(per_class.get(name) if isinstance(name, str) else None))
    table.add_section()
    table.add_row("accuracy", "", "", _score(report.get("accuracy", 0.0)), _count(report.get("test_size", 0)),
                  style="bold")
    for avg in ("macro avg", "weighted avg"):
        if avg in report:
            table.add_row(avg, *_cells(report[avg]))
    return table


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _score(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, (int, float)) and not isinstance(value, bool) else ""


def _count(value: Any) -> str:
    return str(int(value)) if _score(value) and math.isfinite(value) else ""


def _cells(scores: Any) -> list[str]:
    scores = _mapping(scores)
    return [_score(scores.get("precision", 0.0)), _score(scores.get("recall", 0.0)),
            _score(scores.get("f1-score", 0.0)), _count(scores.get("support", 0))]


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


def _square_counts(matrix: Any, names: Any) -> bool:
    """Whether ``matrix`` is K lists of K whole counts for the K class ``names`` (a hand-edited report may not be)."""
    return (isinstance(matrix, list) and isinstance(names, list) and 0 < len(matrix) == len(names)
            and all(isinstance(row, list) and len(row) == len(names) and
                    all(isinstance(c, int) and not isinstance(c, bool) and c >= 0 for c in row) for row in matrix))


def confusion_table(report: dict[str, Any]) -> Table | None:
    """report.json's ``confusion_matrix`` as a table shaded by count (rows true, columns predicted, class names
    cut to 5 characters); None when the report has none or more than ``CONFUSION_MAX_CLASSES`` classes."""
    matrix, names = report.get("confusion_matrix"), report.get("classes")
    if not _square_counts(matrix, names) or len(matrix) > CONFUSION_MAX_CLASSES:
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
