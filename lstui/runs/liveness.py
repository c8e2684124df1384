"""Whether a run is training now: a heartbeat file the training process refreshes, read by anyone.

While a process trains a run, the run directory holds ``live.json`` with the process id, host,
start time and a heartbeat time, rewritten every ``BEAT_S`` seconds by a daemon thread and
removed when the run ends. A reader calls the run live when the heartbeat is younger than
``STALE_S`` and, on the same host, the process still exists. So a run killed with SIGKILL (whose
report.json still says ``running``) reads as not live at once on its own host, and within
``STALE_S`` elsewhere. A heartbeat works on network filesystems, where file locks often do not.
Standard library only.
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
import threading
import time
from dataclasses import dataclass

from lstui.runs.files import LIVE

BEAT_S = 2.0
STALE_S = 10.0  # 5 missed beats; with the runs screen's 2 s refresh a reader is wrong for at most 12 s


@dataclass(frozen=True)
class Liveness:
    """What ``live.json`` says about the process training a run."""

    pid: int
    host: str
    started: float  # Unix time
    heartbeat: float  # Unix time of the last beat

    @property
    def on_this_host(self) -> bool:
        """Whether the training process runs on this machine (so it can be signalled)."""
        return self.host == socket.gethostname()


class Heartbeat:
    """Keeps ``run_dir/live.json`` fresh from a daemon thread until :meth:`stop`."""

    def __init__(self, run_dir: str) -> None:
        self.path = os.path.join(run_dir, LIVE)
        self.started = time.time()
        self._stop = threading.Event()
        self._beat()
        self._thread = threading.Thread(target=self._loop, name="lstui-heartbeat", daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        record = {"pid": os.getpid(), "host": socket.gethostname(), "started": self.started,
                  "heartbeat": time.time()}
        folder = os.path.dirname(self.path)
        try:  # a temporary file and a rename: a reader never sees half a record
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix="-" + LIVE, dir=folder)
            with os.fdopen(fd, "w") as handle:
                json.dump(record, handle)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a full disk or a removed folder must not stop training; readers then see no heartbeat

    def _loop(self) -> None:
        while not self._stop.wait(BEAT_S):
            self._beat()

    def stop(self) -> None:
        """The run ended: stop beating and remove the record."""
        self._stop.set()
        self._thread.join(timeout=BEAT_S + 1)
        try:
            os.unlink(self.path)
        except OSError:
            pass


def read_liveness(run_dir: str) -> Liveness | None:
    """The run's liveness record, or None when it has none (or an unreadable one)."""
    try:
        with open(os.path.join(run_dir, LIVE), encoding="utf-8") as handle:
            data = json.load(handle)
        return Liveness(int(data["pid"]), str(data["host"]), float(data["started"]), float(data["heartbeat"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def process_exists(pid: int) -> bool:
    """Whether a process ``pid`` exists on this host (someone else's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, alive
    except OSError:
        return False
    return True


def live_record(run_dir: str, now: float | None = None) -> Liveness | None:
    """The liveness record of a run that is training now, or None when it is not (ended or killed)."""
    record = read_liveness(run_dir)
    if record is None:
        return None
    if (now if now is not None else time.time()) - record.heartbeat > STALE_S:
        return None
    if record.on_this_host and not process_exists(record.pid):
        return None
    return record


def is_live(run_dir: str) -> bool:
    """Whether a process is training this run now."""
    return live_record(run_dir) is not None
