"""Every Textual Message of the app: training events on their way from the worker thread, and requests.

The training core and the session loop emit plain events (``lstui.training.events``); the app's
sink wraps each in the matching Message here and posts it to the run view, which is safe from a
thread; the message bubbles on to the app. Batch progress arrives several times a second, so its
message coalesces: a pending newer one replaces an older one that has not been handled yet.
Screens ask the app for things with Messages too (``ResumeRequested``), never by calling it.
"""

from __future__ import annotations

from textual.message import Message

from lstui.training.events import (BatchProgress, EpochEnded, Event, LogLine, RunFailed, RunFinished, RunStarted,
                                   SmoothingExample, SweepFinished, SweepStepStarted)


class TrainingMessage(Message):
    """A training event on its way to the app; ``event`` is the plain event record.

    ``replayed`` marks an event read back from a past run's log (a run opened from the runs screen): it
    fills the views as before, but it is history, so the app raises no toast or dialog for it."""

    def __init__(self, event: Event, replayed: bool = False) -> None:
        super().__init__()
        self.event = event
        self.replayed = replayed


class LogPosted(TrainingMessage):
    """A line for the log (carries a LogLine)."""


class SmoothingShown(TrainingMessage):
    """A label before and after smoothing (carries a SmoothingExample)."""


class RunBegan(TrainingMessage):
    """Data and model are ready; training starts (carries a RunStarted)."""


class ProgressMade(TrainingMessage):
    """Progress inside an epoch (carries a BatchProgress); coalesces with a newer one."""

    def can_replace(self, message: Message) -> bool:
        """A newer progress message makes this one stale."""
        return isinstance(message, ProgressMade)


class EpochCompleted(TrainingMessage):
    """An epoch ended and was validated (carries an EpochEnded)."""


class RunCompleted(TrainingMessage):
    """The run finished or was stopped, and is saved (carries a RunFinished)."""


class RunErrored(TrainingMessage):
    """The run failed (carries a RunFailed)."""


class SweepStepBegan(TrainingMessage):
    """A run of a sweep is about to start (carries a SweepStepStarted)."""


class SweepEnded(TrainingMessage):
    """A sweep is over and its summary written, or why it could not be (carries a SweepFinished)."""


class ResumeRequested(Message):
    """A screen asks the app to continue the stopped run in ``path`` on its main screen."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path


class OpenRunRequested(Message):
    """A screen asks the app to show the run in ``path`` in its main view, following it while it trains."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path


class BackendLoaded(Message):
    """Keras and its backend finished importing in the background (or failed to)."""

    def __init__(self, versions: dict[str, str], devices: list[str], error: str = "") -> None:
        super().__init__()
        self.versions = versions
        self.devices = devices
        self.error = error


MESSAGE_FOR_EVENT: dict[type[Event], type[TrainingMessage]] = {
    LogLine: LogPosted,
    SmoothingExample: SmoothingShown,
    RunStarted: RunBegan,
    BatchProgress: ProgressMade,
    EpochEnded: EpochCompleted,
    RunFinished: RunCompleted,
    RunFailed: RunErrored,
    SweepStepStarted: SweepStepBegan,
    SweepFinished: SweepEnded,
}


def message_for(event: Event, replayed: bool = False) -> TrainingMessage:
    """The Message that carries ``event`` (a generic TrainingMessage for event types added later); ``replayed``
    for an event read back from a past run's log."""
    return MESSAGE_FOR_EVENT.get(type(event), TrainingMessage)(event, replayed)
