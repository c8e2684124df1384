"""Following a run from its folder alone: a live one that any process trains, or a past one shown in full.

The follower only reads files (``events.jsonl``, ``live.json``; for a run older than its event
log, ``history.csv``, ``report.json`` and ``report.txt``), so watching never slows training.
No Textual and no Keras: the app turns the events into its messages as it does for its own runs.
"""

from __future__ import annotations

import json
import os

from lstui.event_log import EventTail
from lstui.runs import files
from lstui.runs.liveness import Liveness, live_record, process_exists
from lstui.runs.reading import RunDirError, read_run
from lstui.training.events import BatchProgress, EpochEnded, Event, RunFailed, RunFinished, SweepStepStarted


class RunFollower:
    """Reads a run's new events on each :meth:`poll`, and says when it has ended or died."""

    def __init__(self, run_dir: str) -> None:
        self.run_dir = run_dir
        self.tail = EventTail(run_dir)
        self.ended = False  # the run said it finished, stopped or failed
        self.expects_next = False  # it ended as a sweep's run with more to come
        self.has_log = os.path.exists(self.tail.path)
        record = live_record(run_dir)
        self.pid = record.pid if record is not None else None
        self.local = record is not None and record.on_this_host

    @property
    def live(self) -> Liveness | None:
        """The training process's record while it trains the run; None once it does not."""
        return live_record(self.run_dir)

    def poll(self) -> list[Event]:
        """The events since the last poll (a past run without a log: its files, once), batch progress thinned."""
        if not self.has_log:
            if self.ended:
                return []
            self.ended = True  # an older run's files are told once
            return events_from_files(self.run_dir)
        events = thin_progress(self.tail.read())
        for event in events:
            if isinstance(event, SweepStepStarted):
                self.expects_next = event.index < event.total
            elif isinstance(event, (RunFinished, RunFailed)):
                self.ended = True
                self.expects_next = self.expects_next and getattr(event, "status", "") == "finished"
        return events

    def next_run(self) -> str | None:
        """After a sweep's run ended: the sweep's next run once its process has started it, else None."""
        if self.pid is None or not self.expects_next:
            return None
        root, name = os.path.split(os.path.abspath(self.run_dir))
        return newest_live_run(root, pid=self.pid, after=name)

    @property
    def waiting_for_next(self) -> bool:
        """Whether the run ended as a sweep's run whose process still lives to start the next one."""
        if not (self.ended and self.expects_next and self.pid is not None and self.local):
            return False  # on another host the next run is looked for only while polling
        return process_exists(self.pid)


def run_config(run_dir: str) -> dict:
    """The settings in the run's config.toml (empty when it has none or it is unreadable)."""
    try:
        return read_run(run_dir).config
    except RunDirError:
        return {}


def thin_progress(events: list[Event]) -> list[Event]:
    """Drop every batch-progress event but the last of a catch-up (the bar shows only the newest)."""
    last = max((i for i, event in enumerate(events) if isinstance(event, BatchProgress)), default=-1)
    return [event for i, event in enumerate(events) if not isinstance(event, BatchProgress) or i == last]


def newest_live_run(root: str, pid: int | None = None, after: str = "") -> str | None:
    """The most recently started live run directly under ``root`` (of process ``pid``, named after ``after``)."""
    if not os.path.isdir(root):
        return None
    names = sorted((entry.name for entry in os.scandir(root) if entry.is_dir() and entry.name > after),
                   reverse=True)
    for name in names:  # folder names start with the start time
        path = os.path.join(root, name)
        record = live_record(path)
        if record is not None and (pid is None or record.pid == pid):
            return path
    return None


def events_from_files(run_dir: str) -> list[Event]:
    """A past run without events.jsonl told as events: one per epoch of history.csv, then how it ended."""
    try:
        run = read_run(run_dir)
    except RunDirError:
        return []
    events: list[Event] = []
    epochs = int(run.config.get("epochs", len(run.history)) or len(run.history))
    for number, row in enumerate(run.history, start=1):
        extra = {k: float(v) for k, v in row.items()
                 if k not in EPOCH_FIELDS + ("epoch", "seconds") and isinstance(v, (int, float))}
        events.append(EpochEnded(number, epochs, *(float(row.get(k, float("nan"))) for k in EPOCH_FIELDS),
                                 seconds=float(row.get("seconds", 0.0)), images_per_s=0.0, extra=extra))
    if run.status in ("finished", "stopped") and run.report:
        try:
            with open(os.path.join(run_dir, files.REPORT_TEXT), encoding="utf-8") as handle:
                text = handle.read()
        except OSError:
            text = json.dumps(run.report.get("per_class", {}), indent=1)
        events.append(RunFinished(run.status, float(run.report.get("accuracy", float("nan"))), run_dir,
                                  os.path.join(run_dir, files.PLOT), run.report, text, run.epochs_done))
    return events


# history.csv columns that are EpochEnded's own fields, in its order after the epoch numbers.
EPOCH_FIELDS = ("loss", "accuracy", "val_loss", "val_accuracy", "lr")

