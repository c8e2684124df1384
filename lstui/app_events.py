"""The app's handlers for the Messages a run posts: they update the log, charts, progress and results.

Kept apart from ``app.py`` (the layout, keys and the worker) so each stays short; ``LstuiApp`` mixes
this class in, and Textual finds ``on_*`` handlers on every class of the app's MRO.
"""

from __future__ import annotations

from textual.widgets import TabbedContent

from lstui.messages import (EpochCompleted, LogPosted, ProgressMade, RunBegan, RunCompleted, RunErrored,
                            SmoothingShown)
from lstui.sweep_run import SweepEnded, SweepStepBegan
from lstui.widgets import CalibrationPanel, ChartPanel, ReportPanel, RunLog, RunProgress, StatusBar


class RunViewHandlers:
    """Message handlers mixed into ``LstuiApp``: one per kind of training event."""

    def on_log_posted(self, message: LogPosted) -> None:
        """An info line from the run."""
        self.query_one(RunLog).write_event(message.event)

    def on_smoothing_shown(self, message: SmoothingShown) -> None:
        """The smoothing example, before and after."""
        self.query_one(RunLog).write_event(message.event)

    def on_run_began(self, message: RunBegan) -> None:
        """Training begins: size the progress bar, show backend and devices."""
        event = message.event
        self.query_one(RunLog).write_event(event)
        self.query_one(RunProgress).start(event)
        status = self.query_one(StatusBar)
        status.backend = event.backend
        status.devices = ", ".join(event.devices)

    def on_progress_made(self, message: ProgressMade) -> None:
        """Batch progress (coalesced): move the bar."""
        self.query_one(RunProgress).advance(message.event)

    def on_epoch_completed(self, message: EpochCompleted) -> None:
        """An epoch ended: extend the curves, log the line."""
        self.query_one(ChartPanel).add_epoch(message.event)
        self.query_one(RunProgress).epoch_done(message.event)
        self.query_one(RunLog).write_event(message.event)

    def on_run_completed(self, message: RunCompleted) -> None:
        """The run finished or was stopped and is saved: show the report."""
        event = message.event
        self.last_outcome = event
        self.query_one(RunLog).write_event(event)
        self.query_one(ReportPanel).show(event)
        self.query_one(CalibrationPanel).show(event.report.get("calibration"))
        self.query_one(TabbedContent).active = "tab-report"
        self.query_one(RunProgress).end(f"{event.status} after {event.epochs_done} epochs · "
                                        f"test accuracy {event.accuracy:.4f} · {event.run_dir}")
        self.query_one(StatusBar).state = event.status
        self.notify(f"test accuracy {event.accuracy:.4f}; saved in {event.run_dir}", title=f"run {event.status}")

    def on_sweep_step_began(self, message: SweepStepBegan) -> None:
        """A run of a sweep starts: say which, in the log and beside the progress bar."""
        c = message.config
        progress = self.query_one(RunProgress)
        progress.sweep_step = f"run {message.index} of {message.total}"
        progress.preparing()
        self.query_one(StatusBar).state = "running"
        self.query_one(ChartPanel).clear()
        self.query_one(RunLog).say(f"── run {message.index} of {message.total}: method {c.method}, "
                                   f"f={c.smoothing:g} ──", "bold")

    def on_sweep_ended(self, message: SweepEnded) -> None:
        """The sweep is over: its summary table on top of the results view."""
        self.query_one(RunProgress).sweep_step = ""
        log = self.query_one(RunLog)
        if message.error:
            log.say(f"error: {message.error}", "bold red")
            return
        self.query_one(ReportPanel).show_sweep(message.rows, message.total)
        self.query_one(TabbedContent).active = "tab-report"
        log.say(f"sweep table: {message.csv_path}\nsweep plot: {message.png_path}")

    def on_run_errored(self, message: RunErrored) -> None:
        """The run failed: say why (dialog and log); the app stays usable."""
        event = message.event
        self.last_outcome = event
        self.query_one(RunProgress).end(f"failed: {event.message}")
        self.query_one(StatusBar).state = "failed"
        self._show_failure(event.message, event.run_dir)
