"""The run's progress: a bar over all batches of all epochs, with ETA and images per second."""

from __future__ import annotations

import time
from typing import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from lstui.training.events import BatchProgress, EpochEnded, RunStarted


def format_duration(seconds: float) -> str:
    """``75`` -> ``1:15``; ``3725`` -> ``1:02:05``."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class RunProgress(Vertical):
    """Progress bar plus one line: epoch, batch, loss, images/s and the estimated time left."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, **kwargs) -> None:
        super().__init__(**kwargs)
        self.clock = clock
        self.epochs = 0
        self.batches = 0
        self._started_at: float | None = None
        self._done_at_start = 0
        self.sweep_step = ""  # "run 2 of 4" while a sweep runs; leads every line

    def compose(self) -> ComposeResult:
        yield ProgressBar(total=1, show_eta=False, id="progress-bar")
        yield Static("no run yet: fill the form and press ctrl+r", id="progress-text")

    @property
    def text(self) -> str:
        """The line under the bar, as shown."""
        return str(self.query_one("#progress-text", Static).content)

    def _say(self, text: str) -> None:
        # layout=False: the line's size is fixed by the stylesheet, and a layout of the whole screen
        # several times a second is most of what the app's thread costs while a run trains.
        line = f"{self.sweep_step} · {text}" if self.sweep_step else text
        self.query_one("#progress-text", Static).update(line, layout=False)

    def preparing(self) -> None:
        """A run was asked for: data and model are being prepared."""
        self.query_one(ProgressBar).update(total=None, progress=0)
        self._started_at = None
        self._say("preparing: loading TensorFlow, the dataset and the model…")

    def start(self, event: RunStarted) -> None:
        """Training begins: size the bar to every batch of every epoch."""
        self.epochs = int(event.config.get("epochs", 1))
        self.batches = max(1, event.steps_per_epoch)
        self._done_at_start = event.start_epoch * self.batches
        self.query_one(ProgressBar).update(total=self.epochs * self.batches, progress=self._done_at_start)
        self._say(f"epoch {event.start_epoch + 1}/{self.epochs} starting…")

    def advance(self, event: BatchProgress) -> None:
        """Move the bar and recompute the ETA from the pace so far."""
        done = (event.epoch - 1) * event.batches + event.batch
        total = event.epochs * event.batches
        now = self.clock()
        if self._started_at is None:
            self._started_at, self._done_at_start = now, done
        self.query_one(ProgressBar).update(total=total, progress=done)
        pace = (now - self._started_at) / max(done - self._done_at_start, 1)
        eta = f"ETA {format_duration(pace * (total - done))}" if done > self._done_at_start else "ETA …"
        # The ETA second: at 80 columns the line is cut after about 45 characters.
        self._say(f"epoch {event.epoch}/{event.epochs} · {eta} · batch {event.batch}/{event.batches} · "
                  f"loss {event.loss:.4f} · {event.images_per_s:,.0f} img/s")

    def epoch_done(self, event: EpochEnded) -> None:
        """An epoch ended: the bar sits at its end."""
        self.query_one(ProgressBar).update(progress=event.epoch * self.batches if self.batches else 0)

    def end(self, summary: str) -> None:
        """The run is over (finished, stopped or failed); say so instead of the ETA."""
        bar = self.query_one(ProgressBar)
        if bar.total is None:
            bar.update(total=1, progress=0)
        self._say(summary)
