"""The live view of a run: charts, progress bar and the Log / Report / Calibration / Representation / Mistakes
tabs, with their handlers.

The app posts each training Message (``lstui.messages``) to this widget; it updates its own
children and lets the message bubble on to the app, which keeps the status line, notifications
and dialogs. No Keras here, and nothing that knows about the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import TabbedContent, TabPane

from lstui import describe
from lstui.messages import (EpochCompleted, LogPosted, ProgressMade, RunBegan, RunCompleted, RunErrored,
                            SmoothingShown, SweepEnded, SweepStepBegan)
from lstui.widgets.calibration import CalibrationPanel
from lstui.widgets.charts import ChartPanel
from lstui.widgets.log import RunLog
from lstui.widgets.mistakes import MistakesPanel
from lstui.widgets.progress import RunProgress
from lstui.widgets.report import ReportPanel
from lstui.widgets.representation import RepresentationPanel


@dataclass(frozen=True)
class RunTab:
    """One tab of the run view: its title, its pane's id and the widget it holds."""

    title: str
    pane_id: str
    make: Callable[[], Widget]


# The tabs in order. The app gives each one a key (F2, F3, ... in this order), shown in the footer and
# the help, so a tab added here gets its key without more code.
TABS: tuple[RunTab, ...] = (
    RunTab("Log", "tab-log", lambda: RunLog(id="log")),
    RunTab("Report", "tab-report", lambda: ReportPanel(id="report")),
    RunTab("Calibration", "tab-calibration", lambda: CalibrationPanel(id="calibration")),
    RunTab("Representation", "tab-representation", lambda: RepresentationPanel(id="representation")),
    RunTab("Mistakes", "tab-mistakes", lambda: MistakesPanel(id="mistakes")),
)


def tab_keys() -> list[tuple[str, RunTab]]:
    """Each tab with its key: F2 for the first, F3 for the next, … (F1 is the help)."""
    return [(f"f{i}", tab) for i, tab in enumerate(TABS, start=2)]


class RunView(Vertical):
    """Charts and progress on top; the log, report, calibration, penultimate-layer picture and mistakes below, in tabs."""

    def compose(self) -> ComposeResult:
        yield ChartPanel(id="charts")
        yield RunProgress(id="progress")
        with TabbedContent(id="tabs"):
            for tab in TABS:
                with TabPane(tab.title, id=tab.pane_id):
                    yield tab.make()

    def show_tab(self, pane_id: str) -> None:
        """Bring the tab ``pane_id`` to the front (its F-key)."""
        self.query_one(TabbedContent).active = pane_id

    @property
    def log_pane(self) -> RunLog:
        """The log, for lines the app itself has to say."""
        return self.query_one(RunLog)

    def begin(self, history: list[dict[str, Any]] | None = None) -> None:
        """Empty the charts and results for a new run (a resumed run's earlier epochs are drawn again)."""
        self.query_one(ChartPanel).clear()
        self.query_one(ReportPanel).clear()
        self.query_one(CalibrationPanel).clear()
        self.query_one(RepresentationPanel).clear()
        self.query_one(MistakesPanel).clear()
        self.query_one(RunProgress).preparing()
        self.query_one(TabbedContent).active = "tab-log"
        if history:
            self.query_one(ChartPanel).add_history(history)

    def fail(self, message: str) -> None:
        """The training worker itself died (not a failed run, which says so with a message)."""
        self.log_pane.say(f"error: {message}", "bold red")
        self.query_one(RunProgress).end("failed")

    def on_log_posted(self, message: LogPosted) -> None:
        """An info line from the run."""
        self.log_pane.write_event(message.event)

    def on_smoothing_shown(self, message: SmoothingShown) -> None:
        """The smoothing example, before and after."""
        self.log_pane.write_event(message.event)

    def on_run_began(self, message: RunBegan) -> None:
        """Training begins: log what trains, size the progress bar."""
        self.log_pane.write_event(message.event)
        self.query_one(RunProgress).start(message.event)

    def on_progress_made(self, message: ProgressMade) -> None:
        """Batch progress (coalesced): move the bar."""
        self.query_one(RunProgress).advance(message.event)

    def on_epoch_completed(self, message: EpochCompleted) -> None:
        """An epoch ended: extend the curves, log the line."""
        self.query_one(ChartPanel).add_epoch(message.event)
        self.query_one(RunProgress).epoch_done(message.event)
        self.log_pane.write_event(message.event)

    def on_run_completed(self, message: RunCompleted) -> None:
        """The run finished or was stopped and is saved: show the report and the calibration."""
        event = message.event
        self.log_pane.write_event(event)
        self.query_one(ReportPanel).show(event)
        self.query_one(CalibrationPanel).show(event.report.get("calibration"), event.report.get("selective"))
        self.query_one(RepresentationPanel).show_run(event.run_dir)
        self.query_one(MistakesPanel).show(event.run_dir)
        self.query_one(TabbedContent).active = "tab-report"
        self.query_one(RunProgress).end(f"{event.status} · test accuracy {event.accuracy:.4f} · "
                                        f"{describe.epochs(event.epochs_done)} · {event.run_dir}")

    def on_sweep_step_began(self, message: SweepStepBegan) -> None:
        """A run of a sweep starts: say which, in the log and beside the progress bar."""
        event = message.event
        progress = self.query_one(RunProgress)
        progress.sweep_step = f"run {event.index} of {event.total}"
        progress.preparing()
        self.query_one(ChartPanel).clear()
        self.log_pane.say(describe.describe_sweep_step(event.index, event.total, event.config), "bold")

    def on_sweep_ended(self, message: SweepEnded) -> None:
        """The sweep is over: its summary table on top of the results view."""
        event = message.event
        self.query_one(RunProgress).sweep_step = ""
        if event.error:
            self.log_pane.say(f"error: {event.error}", "bold red")
            return
        self.query_one(ReportPanel).show_sweep(event.rows, event.total, event.summary)
        self.query_one(TabbedContent).active = "tab-report"
        self.log_pane.say(f"sweep table: {event.csv}\nsweep summary: {event.summary_csv}\nsweep plot: {event.png}")

    def on_run_errored(self, message: RunErrored) -> None:
        """The run failed: say why in the log and beside the progress bar (the app shows the dialog)."""
        self.log_pane.say(f"error: {message.event.message}", "bold red")
        self.query_one(RunProgress).end(f"failed: {message.event.message}")
