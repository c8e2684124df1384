"""The classification report as a rich Table, shared by the headless output and the app."""

from __future__ import annotations

from typing import Any

from rich.table import Table


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
