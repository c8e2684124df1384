"""One run opened from the runs screen: its status, calibration numbers and classification report.

``r`` posts a ``ResumeRequested`` message; the app decides whether the run can continue.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from lstui.messages import ResumeRequested
from lstui.runs.compare import RESULTS, result_cell
from lstui.runs.reading import RunInfo
from lstui.runs.report_table import confusion_table, report_table
from lstui.widgets.footer import KeysFooter


def calibration_table(run: RunInfo) -> Table:
    """Test accuracy and the calibration block (ECE, MCE, NLL, Brier, confidence, T, ECE after T)."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("test results")
    table.add_column("", justify="right")
    for label, key, spec, scale in RESULTS:
        table.add_row(label, result_cell(run, key, spec, scale))
    return table


def run_summary(run: RunInfo) -> Text:
    """Name, folder, status (and why it ended so), and the main settings."""
    text = Text(run.name, style="bold")
    text.append(f"\n{run.path}\n")
    text.append(f"status {run.status}", style="bold")
    reason = run.problem or run.report.get("reason") or run.report.get("message") or ""
    text.append(f" · {run.epochs_done} of {run.epochs} epochs in history.csv" + (f"\n{reason}" if reason else ""))
    shown = ("dataset", "model", "method", "smoothing", "epochs", "batch_size", "lr", "seed")
    text.append("\n" + " · ".join(f"{name} {run.config[name]}" for name in shown if name in run.config))
    return text


class RunDetailScreen(Screen[None]):
    """A run's report and calibration; escape goes back to the list, r resumes it if it can be."""

    BINDINGS = [Binding("escape,q", "back", "Back"), Binding("r", "resume", "Resume")]

    def __init__(self, run: RunInfo) -> None:
        super().__init__()
        self.run_info = run

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="run-detail"):
            yield Static(self.body(), id="run-detail-body")
        yield KeysFooter()

    def body(self) -> RenderableType:
        """Summary, calibration numbers, then the per-class report (when the run got as far as testing)."""
        parts: list[RenderableType] = [run_summary(self.run_info), Text(""), calibration_table(self.run_info)]
        if self.run_info.report.get("classes"):
            table = report_table(self.run_info.report, title="classification report")
            table.box, table.show_edge = box.SIMPLE_HEAD, False
            parts.append(table)
            confusion = confusion_table(self.run_info.report)
            parts += [confusion] if confusion is not None else []
        else:
            parts.append(Text("no classification report: the run ended before it was tested", style="dim"))
        return Group(*parts)

    def on_mount(self) -> None:
        """Focus the scroll area so the arrow keys scroll a long report."""
        self.query_one("#run-detail").focus()

    def action_resume(self) -> None:
        """Continue this run if it stopped or was interrupted (r)."""
        self.post_message(ResumeRequested(self.run_info.path))

    def action_back(self) -> None:
        """Back to the runs list (escape)."""
        self.dismiss(None)


def resume_hint(run: RunInfo) -> str:
    """One line: 'r resumes it' or why it cannot be resumed."""
    if run.status in ("finished", "unreadable"):
        return run.status if run.status == "finished" else run.problem
    from lstui.training.checkpoint import resume_problem

    problem = resume_problem(run.path)
    return f"{run.status}; r resumes it after epoch {run.epochs_done}" if problem is None else problem
