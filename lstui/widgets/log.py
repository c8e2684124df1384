"""The log pane: info lines, the smoothing example, one line per epoch, and how the run ended."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import RichLog

from lstui.training.events import EpochEnded, Event, LogLine, RunFailed, RunFinished, RunStarted, SmoothingExample

LEVEL_STYLES = {"info": "", "warning": "yellow", "error": "bold red"}


class RunLog(RichLog):
    """A scrolling log of what happened, in the words the headless mode prints."""

    def __init__(self, **kwargs) -> None:
        super().__init__(wrap=True, max_lines=2000, **kwargs)
        self.lines_written: list[str] = []

    def say(self, message: str, style: str = "") -> None:
        """Append a line (kept in ``lines_written`` too, so tests and users can search it)."""
        self.lines_written.append(message)
        self.write(Text(message, style=style))

    def write_event(self, event: Event) -> None:
        """Append the lines that describe a training event (progress events are not logged)."""
        # The headless wording is reused; imported here because it loads numpy, not needed for the first paint.
        from lstui.headless import describe_run_started, describe_smoothing, format_epoch

        if isinstance(event, LogLine):
            self.say(event.message, LEVEL_STYLES.get(event.level, ""))
        elif isinstance(event, SmoothingExample):
            self.say(describe_smoothing(event), "cyan")
        elif isinstance(event, RunStarted):
            for line in describe_run_started(event):
                self.say(line)
        elif isinstance(event, EpochEnded):
            self.say(format_epoch(event), "bold")
        elif isinstance(event, RunFinished):
            self.say(f"run {event.status} after {event.epochs_done} epochs: test accuracy {event.accuracy:.4f}",
                     "bold green" if event.status == "finished" else "bold yellow")
            self.say(f"plot: {event.plot_path}")
            self.say(f"run directory: {event.run_dir}")
        elif isinstance(event, RunFailed):
            kept = f" (kept so far: {event.run_dir})" if event.run_dir else ""
            self.say(f"error: {event.message}{kept}", "bold red")
