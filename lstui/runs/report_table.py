"""The classification report as a rich Table, shared by the headless output and the app.

The report may come back from a report.json that someone edited or damaged: a value of the wrong
type shows as an empty cell instead of breaking the table (and with it the runs screen).
"""

from __future__ import annotations

import math
from typing import Any

from rich.table import Table


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
