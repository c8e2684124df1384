"""The log pane: info lines, the smoothing example, one line per epoch, and how the run ended."""

from __future__ import annotations

from rich.text import Text
from textual.events import Resize
from textual.widgets import RichLog

from lstui import describe
from lstui.training.events import EpochEnded, Event, LogLine, RunFailed, RunFinished, RunStarted, SmoothingExample

LEVEL_STYLES = {"info": "", "warning": "yellow", "error": "bold red"}


class RunLog(RichLog):
    """A scrolling log of what happened, in the words the headless mode prints."""

    MAX_ENTRIES = 2000

    def __init__(self, **kwargs) -> None:
        # min_width=1: RichLog's default (78) would wrap wider than the pane at 80 columns and cut lines.
        super().__init__(wrap=True, min_width=1, **kwargs)
        self.entries: list[tuple[str, str]] = []
        self._wrapped_at = 0

    @property
    def lines_written(self) -> list[str]:
        """Every line logged so far (unwrapped), oldest first."""
        return [message for message, _ in self.entries]

    def say(self, message: str, style: str = "") -> None:
        """Append a line; it is kept so it can be wrapped again when the pane changes width."""
        self.entries.append((message, style))
        del self.entries[:-self.MAX_ENTRIES]
        width = self.scrollable_content_region.width
        if width:
            self._write(message, style, width)
            self._wrapped_at = width
        else:  # a hidden tab has no width: RichLog would wrap at one column; write it when shown
            self._wrapped_at = -1

    def on_resize(self, event: Resize) -> None:
        """RichLog keeps lines as wrapped when written; wrap them again for the new width."""
        width = self.scrollable_content_region.width
        if self._wrapped_at and width and width != self._wrapped_at:
            self.clear()
            for message, style in self.entries:
                self._write(message, style, width)
            self._wrapped_at = width

    def _write(self, message: str, style: str, width: int) -> None:
        # Broken after a "/" or a space, so a run folder's name is never cut in two (RichLog would).
        for piece in describe.wrap_at_slashes(message, width, shorten=False):
            self.write(Text(piece, style=style))

    def write_event(self, event: Event) -> None:
        """Append the lines that describe a training event (progress events are not logged)."""
        if isinstance(event, LogLine):
            self.say(event.message, LEVEL_STYLES.get(event.level, ""))
        elif isinstance(event, SmoothingExample):
            self.say(describe.describe_smoothing(event), "cyan")
        elif isinstance(event, RunStarted):
            for line in describe.describe_run_started(event):
                self.say(line)
        elif isinstance(event, EpochEnded):
            self.say(describe.format_epoch(event), "bold")
        elif isinstance(event, RunFinished):
            style = "bold green" if event.status == "finished" else "bold yellow"
            for line in describe.describe_run_finished(event, in_app=True):
                self.say(line, style)
                style = ""
        elif isinstance(event, RunFailed):
            self.say(f"error: {describe.describe_failure(event)}", "bold red")
