"""The results pane: a sweep's summary table, then the last run's accuracy, calibration, files, report and
confusion matrix."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.widgets import Static

from lstui import describe
from lstui.runs.report_table import confusion_table, report_table
from lstui.training.events import RunFinished

PLACEHOLDER = "The classification report appears here when a run ends."
# Below this width the table's headers are shortened so no number gets cut.
NARROW = 62
SHORT_HEADERS = ("class", "prec", "recall", "f1", "n")
# Sweep-table columns left out below these widths (sweep.csv keeps them all), so the rest stay legible.
SWEEP_COLUMNS_DROPPED = ((130, ("confidence", "Brier", "status", "Δ NLL")), (100, ("run",)),
                         # 80 columns leave the tab ~46: with more, Rich folds numbers in two ("0.59" / "11")
                         (70, ("T", "ECE after T %", "n", "Δ accuracy", "Δ ECE %")))
# The summary over seeds has wider cells (mean ± half-width): below this width two more columns go.
SUMMARY_COLUMNS_DROPPED = (100, ("NLL", "ECE after T %"))


class BrokenAtSlashes:
    """Lines (the first in bold) broken at the width Rich lays them out in, after a "/" or a space, so a
    path never breaks inside a folder's name — measured when drawn, not when the run ended, since the
    tab may have been hidden (no width) or narrower then."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def __rich_console__(self, console, options):
        for number, line in enumerate(self.lines):
            for part in describe.wrap_at_slashes(line, options.max_width):
                yield Text(part, style="bold" if number == 0 else "")


class ReportPanel(VerticalScroll):
    """Shows the last finished (or stopped) run's report; scrollable on small screens."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.shown: RunFinished | None = None
        # The last sweep's rows (one per run), its size and its summary (one row per method × f).
        self.sweep: tuple[list[dict[str, Any]], int, list[dict[str, Any]]] | None = None

    def compose(self):
        yield Static("", id="sweep-body")
        yield Static(PLACEHOLDER, id="report-body")

    def on_mount(self) -> None:
        """The sweep table shows only after a sweep."""
        self.query_one("#sweep-body").display = False

    def show_sweep(self, rows: list[dict[str, Any]], total: int, summary: list[dict[str, Any]] | None = None) -> None:
        """Show a finished sweep's summary above the last run's report: one line per method × f (mean ± 95 %
        half-width) when points were repeated, else one line per run."""
        from lstui.runs.sweep import repeated, sweep_summary_table

        summary = summary or []
        self.sweep = (rows, total, summary)
        table = sweep_summary_table(rows, summary, total)
        table.box, table.show_edge = box.SIMPLE_HEAD, False
        width = self.size.width
        for below, headers in SWEEP_COLUMNS_DROPPED + ((SUMMARY_COLUMNS_DROPPED,) if repeated(summary) else ()):
            if 0 < width < below:
                table.columns = [column for column in table.columns if column.header not in headers]
        for column in table.columns:  # what is left fits; a "mean ± half-width" stays on one line
            column.no_wrap = column.header != "run"  # a run folder's name may fold
        body = self.query_one("#sweep-body", Static)
        body.update(table)
        body.display = True
        self.scroll_home(animate=False)

    def show(self, event: RunFinished) -> None:
        """Show the report of a run that ended."""
        self.shown = event
        summary = BrokenAtSlashes(describe.describe_run_finished(event, in_app=True))
        table = report_table(event.report, title=describe.report_title(event.status))
        table.box, table.show_edge = box.SIMPLE_HEAD, False
        if 0 < self.size.width < NARROW:
            for column, header in zip(table.columns, SHORT_HEADERS):
                column.header = header
        confusion = confusion_table(event.report)
        if confusion is not None:
            confusion.box, confusion.show_edge = box.SIMPLE_HEAD, False
        self.query_one("#report-body", Static).update(Group(summary, table, *([confusion] if confusion else [])))

    def on_resize(self, event: Resize) -> None:
        """Re-lay the table for the new width."""
        if self.shown is not None:
            self.show(self.shown)
        if self.sweep is not None:
            self.show_sweep(*self.sweep)

    def clear(self) -> None:
        """Back to the placeholder (a new run started)."""
        self.shown = None
        self.sweep = None
        self.query_one("#report-body", Static).update(PLACEHOLDER)
        self.query_one("#sweep-body").display = False
