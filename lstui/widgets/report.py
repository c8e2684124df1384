"""The results pane: test accuracy (and calibration), where the files are, and the classification report."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.widgets import Static

from lstui.report_table import report_table
from lstui.training.events import RunFinished

PLACEHOLDER = "The classification report appears here when a run ends."
# Below this width the table's headers are shortened so no number gets cut.
NARROW = 62
SHORT_HEADERS = ("class", "prec", "recall", "f1", "n")


class ReportPanel(VerticalScroll):
    """Shows the last finished (or stopped) run's report; scrollable on small screens."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.shown: RunFinished | None = None

    def compose(self):
        yield Static(PLACEHOLDER, id="report-body")

    def show(self, event: RunFinished) -> None:
        """Show the report of a run that ended."""
        self.shown = event
        from lstui.headless import describe_run_finished  # loads numpy; not needed for the first paint

        first, *rest = describe_run_finished(event)
        summary = Text("\n".join([first, *rest]))
        summary.stylize("bold", 0, len(first))
        table = report_table(event.report, title=f"classification report ({event.status})")
        table.box, table.show_edge = box.SIMPLE_HEAD, False
        if 0 < self.size.width < NARROW:
            for column, header in zip(table.columns, SHORT_HEADERS):
                column.header = header
        self.query_one("#report-body", Static).update(Group(summary, table))

    def on_resize(self, event: Resize) -> None:
        """Re-lay the table for the new width."""
        if self.shown is not None:
            self.show(self.shown)

    def clear(self) -> None:
        """Back to the placeholder (a new run started)."""
        self.shown = None
        self.query_one("#report-body", Static).update(PLACEHOLDER)
