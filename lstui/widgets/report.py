"""The results pane: the classification report table, test accuracy, and where the files are."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from lstui.report_table import report_table
from lstui.training.events import RunFinished

PLACEHOLDER = "The classification report appears here when a run ends."


class ReportPanel(VerticalScroll):
    """Shows the last finished (or stopped) run's report; scrollable on small screens."""

    def compose(self):
        yield Static(PLACEHOLDER, id="report-body")

    def show(self, event: RunFinished) -> None:
        """Show the report of a run that ended."""
        summary = Text.assemble(
            (f"test accuracy {event.accuracy:.4f}", "bold"),
            f"  ({event.status} after {event.epochs_done} epochs)\n",
            ("plot: ", "dim"), f"{event.plot_path}\n", ("run directory: ", "dim"), event.run_dir)
        table = report_table(event.report, title=f"classification report ({event.status})")
        self.query_one("#report-body", Static).update(Group(table, summary))

    def clear(self) -> None:
        """Back to the placeholder (a new run started)."""
        self.query_one("#report-body", Static).update(PLACEHOLDER)
