"""A run's ``events.jsonl``: written as the run goes, read by anyone following it.

:class:`RunRecorder` wraps a session's sink: every event of a run is appended to its folder's
``events.jsonl`` (the records ``--json`` prints, one per line, flushed at once) before it goes on
to the printer or the app, and a :class:`~lstui.runs.liveness.Heartbeat` marks the run live
while it trains. Events said before the run has a folder (loading the data) wait and are written
first. :class:`EventTail` reads the lines added since its last read; a line cut by a kill is
skipped, never fatal. Standard library only.
"""

from __future__ import annotations

import json
import os
from typing import IO, Any

from lstui.runs.files import EVENTS
from lstui.runs.liveness import Heartbeat
from lstui.training.events import Event, RunFailed, RunFinished, RunStarted, Sink, event_from_dict


class RunRecorder:
    """A sink that records each run's events in its ``events.jsonl`` and passes every event on to ``sink``."""

    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        self._pending: list[Event] = []
        self._file: IO[str] | None = None
        self._heartbeat: Heartbeat | None = None

    def __call__(self, event: Event) -> None:
        self._record(event)
        self.sink(event)

    def _record(self, event: Event) -> None:
        if isinstance(event, RunStarted) and event.run_dir:
            self._open(event.run_dir)
        if self._file is None:
            self._pending.append(event)
        else:
            self._write(event)
        if isinstance(event, (RunFinished, RunFailed)):
            self.close()
            self._pending = []  # a run that failed before its folder existed: nothing to keep

    def _open(self, run_dir: str) -> None:
        self.close()
        path = os.path.join(run_dir, EVENTS)
        try:
            cut = os.path.getsize(path) > 0 and _last_byte(path) != b"\n"
            self._file = open(path, "a", encoding="utf-8")
        except FileNotFoundError:
            cut = False
            self._file = open(path, "a", encoding="utf-8")
        except OSError:
            return  # the run itself reports an unwritable folder
        if cut:  # a resumed run after a kill mid-line: start clean so only the cut line is lost
            self._file.write("\n")
        self._heartbeat = Heartbeat(run_dir)
        for event in self._pending:
            self._write(event)
        self._pending = []

    def _write(self, event: Event) -> None:
        if self._file is None:
            return
        try:
            self._file.write(event.to_json() + "\n")
            self._file.flush()
        except (OSError, ValueError):
            self._file = None  # a full disk loses the log, never the run

    def close(self) -> None:
        """The run ended (or the session did): stop its heartbeat and close its log."""
        if self._heartbeat is not None:
            self._heartbeat.stop()
            self._heartbeat = None
        if self._file is not None:
            try:
                self._file.close()
            except OSError:
                pass
            self._file = None


def _last_byte(path: str) -> bytes:
    with open(path, "rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1)


class EventTail:
    """Reads a run's ``events.jsonl`` incrementally: each :meth:`read` returns the events added since the last."""

    def __init__(self, run_dir: str) -> None:
        self.path = os.path.join(run_dir, EVENTS)
        self.offset = 0
        self._partial = b""

    def read_records(self) -> list[dict[str, Any]]:
        """The complete JSON lines added since the last call; unparsable lines are skipped."""
        try:
            with open(self.path, "rb") as handle:
                handle.seek(self.offset)
                data = handle.read()
        except OSError:
            return []
        self.offset += len(data)
        lines = (self._partial + data).split(b"\n")
        self._partial = lines.pop()  # no newline yet: being written, or cut by a kill
        records = []
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                records.append(record)
        return records

    def read(self) -> list[Event]:
        """The events added since the last call (records this lstui does not know are skipped)."""
        events = (event_from_dict(record) for record in self.read_records())
        return [event for event in events if event is not None]


def read_events(run_dir: str) -> list[Event]:
    """Every complete event in a run's log (none when it has no log)."""
    return EventTail(run_dir).read()
