"""The columns of the runs screen's table: header, cell text and sort value of each, from a ``RunInfo``.

Plain functions of the run's files (no Textual), so the table's content can be tested and fuzzed alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from lstui.describe import number
from lstui.runs.reading import RunInfo
from lstui.runs.sweep_folder import sweep_label


@dataclass(frozen=True)
class Column:
    """One column of the runs table: its header, how a run fills it, and what it sorts by."""

    key: str
    label: str
    sort_value: Callable[[RunInfo], Any]
    cell: Callable[[RunInfo], str]
    right: bool = False


def started(run: RunInfo) -> str:
    """When the run started, from its folder name (``20261129-101500_...`` -> ``11-29 10:15:00``)."""
    stamp = run.name.split("_", 1)[0]
    if len(stamp) == 15 and stamp[8] == "-" and stamp.replace("-", "").isdigit():
        return f"{stamp[4:6]}-{stamp[6:8]} {stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]}"
    return run.name  # a folder renamed by hand: show its name


def _epochs(run: RunInfo) -> str:
    return f"{run.epochs_done}/{run.epochs}" if run.epochs is not None else str(run.epochs_done)


COLUMNS = (
    Column("run", "started", lambda r: r.name, started),
    Column("dataset", "dataset", lambda r: r.dataset, lambda r: r.dataset),
    Column("method", "method", lambda r: r.method, lambda r: r.method),
    Column("f", "f", lambda r: r.smoothing, lambda r: number(r.smoothing, "g"), right=True),
    Column("epochs", "epochs", lambda r: r.epochs_done, _epochs, right=True),
    Column("accuracy", "accuracy", lambda r: r.accuracy, lambda r: number(r.accuracy, ".4f"), right=True),
    Column("ece", "ECE %", lambda r: r.ece, lambda r: number(r.ece, ".2f", 100.0), right=True),
    Column("status", "status", lambda r: r.state, lambda r: r.state),
    # After the status: at 80 columns the table scrolls sideways, and the status is the one to keep in view.
    Column("aurc", "AURC", lambda r: r.aurc, lambda r: number(r.aurc, ".4f"), right=True),
    # The sweep folder (OUT/sweep-<time>-<n>) whose runs.txt lists the run: sorting by it groups a sweep's runs.
    Column("sweep", "sweep", lambda r: r.sweep or None, lambda r: sweep_label(r.sweep)),
)
COLUMN_KEYS = [column.key for column in COLUMNS]
STATUS_STYLE = {"finished": "green", "stopped": "yellow", "failed": "red", "running": "cyan", "unreadable": "red",
                "live": "bold cyan", "interrupted": "magenta"}


def sort_key(column: Column) -> Callable[[RunInfo], tuple]:
    """Sort by the column's value; runs without one (not ended, unreadable) go last."""
    return lambda run: (column.sort_value(run) is None, column.sort_value(run) or 0)
