"""Plain, frozen event records that training emits to a sink.

The training core calls ``sink(event)`` with these; the headless front end prints them and
the app wraps them in Textual Messages. Nothing here imports Keras or Textual.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass(frozen=True)
class Event:
    """Base of all training events."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the event's type name under ``event``."""
        return {"event": type(self).__name__, **dataclasses.asdict(self)}

    def to_json(self) -> str:
        """The one-line JSON record ``--json`` prints and ``events.jsonl`` holds."""
        return json.dumps(self.to_dict(), default=str)


@dataclass(frozen=True)
class LogLine(Event):
    """A line of information for the log (dataset loaded, device, where files go, ...)."""

    message: str
    level: str = "info"


@dataclass(frozen=True)
class SmoothingExample(Event):
    """The first training label before and after smoothing (for 'loss': what the loss sees)."""

    method: str
    smoothing: float
    before: list[float]
    after: list[float]


@dataclass(frozen=True)
class RunStarted(Event):
    """Training is about to begin."""

    config: dict[str, Any]
    run_dir: str
    train_size: int
    test_size: int
    classes: list[str]
    input_shape: list[int]
    parameters: int
    backend: str
    devices: list[str]
    steps_per_epoch: int
    start_epoch: int = 0


@dataclass(frozen=True)
class BatchProgress(Event):
    """Progress inside an epoch (throttled: a few per second at most)."""

    epoch: int  # 1-based
    epochs: int
    batch: int  # batches done in this epoch
    batches: int
    loss: float
    images_per_s: float


@dataclass(frozen=True)
class EpochEnded(Event):
    """One epoch finished and was validated on the test split.

    ``system`` is this machine's load as the epoch ended (``lstui.system_load.machine_load``: CPU use over
    the epoch, memory, each NVIDIA GPU); empty where it was not measured.
    """

    epoch: int  # 1-based
    epochs: int
    loss: float
    accuracy: float
    val_loss: float
    val_accuracy: float
    lr: float
    seconds: float
    images_per_s: float
    extra: dict[str, float] = field(default_factory=dict)
    system: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RunFinished(Event):
    """The run ended (finished or stopped) and its files are saved."""

    status: str  # "finished" or "stopped"
    accuracy: float
    run_dir: str
    plot_path: str
    report: dict[str, Any]
    report_text: str
    epochs_done: int
    drawing: bool = False  # the pictures (plot_path among them) are still being drawn by a detached process


@dataclass(frozen=True)
class RunFailed(Event):
    """The run failed; ``run_dir`` holds what was saved before the failure (empty if none)."""

    message: str
    run_dir: str = ""
    epochs_done: int = 0
    kind: str = "training"  # "input": the user's data or settings are at fault (exit 2)


@dataclass(frozen=True)
class SweepStepStarted(Event):
    """Run ``index`` of ``total`` in a sweep is about to start with ``config`` (``RunConfig.to_dict()``)."""

    index: int  # 1-based
    total: int
    config: dict[str, Any]


@dataclass(frozen=True)
class SweepFinished(Event):
    """A sweep is over (every run done, or stopped / failed part way) and its summary is written.

    ``rows`` has one row per run that made a folder (``csv`` is sweep.csv); ``summary`` has one row per
    method and f over the seeds (mean, 95 % t-interval half-width, paired difference to the baseline;
    ``summary_csv`` is sweep-summary.csv); ``png`` is the plot. ``error`` says why they could not be
    written (then the paths are empty).
    """

    csv: str
    png: str
    rows: list[dict[str, Any]]
    total: int
    error: str = ""
    summary: list[dict[str, Any]] = field(default_factory=list)
    summary_csv: str = ""


Sink = Callable[[Event], None]


def event_from_dict(record: dict[str, Any]) -> Event | None:
    """The event a ``to_dict()`` record stands for, or None when it names no event or lacks its fields.

    Fields a newer lstui added are dropped, so an older reader still follows a newer writer's log.
    """
    cls = _EVENT_TYPES.get(str(record.get("event"))) if isinstance(record, dict) else None
    if cls is None:
        return None
    names = {f.name for f in dataclasses.fields(cls)}
    try:
        return cls(**{k: v for k, v in record.items() if k in names})
    except TypeError:
        return None


_EVENT_TYPES: dict[str, type[Event]] = {cls.__name__: cls for cls in (
    LogLine, SmoothingExample, RunStarted, BatchProgress, EpochEnded, RunFinished, RunFailed, SweepStepStarted,
    SweepFinished)}
