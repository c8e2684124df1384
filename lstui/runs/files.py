"""The files of a run directory, named once, and the atomic writes every writer of them uses.

Each file is written to a temporary name in the same folder and renamed over the target, so a
kill at any moment leaves the old or the new version, never half a file. Standard library only.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from typing import Any, Iterable, Sequence

# One run's folder (see docs/usage.md for what each holds).
CONFIG = "config.toml"
REPORT = "report.json"
REPORT_TEXT = "report.txt"
HISTORY = "history.csv"
PLOT = "plot.png"
MODEL = "model.keras"
PREDICTIONS = "predictions.npz"
CALIBRATION_PLOT = "calibration.png"
# What the run learned (lstui.training.insight_run): the penultimate-layer picture, confusion, mistakes.
REPRESENTATION = "representation.npz"
REPRESENTATION_PLOT = "representation.png"
CONFUSION_PLOT = "confusion.png"
MISTAKES = "mistakes.npz"
MISTAKES_PLOT = "mistakes.png"
CHECKPOINT_STATE = "checkpoint.json"
ERROR = "error.txt"
EVENTS = "events.jsonl"  # every event of the run, one JSON record a line, as --json prints them
LIVE = "live.json"  # only while a process trains the run: pid, host, start time and heartbeat
# Files that mark a folder as a run directory.
RUN_MARKERS = (CONFIG, REPORT)
# A sweep's summary, in the output root beside its runs.
SWEEP_TABLE = "sweep.csv"
SWEEP_SUMMARY = "sweep-summary.csv"  # one row per method and f: mean and 95 % interval over the seeds
SWEEP_PLOT = "sweep.png"

_UMASK = os.umask(0o022)
os.umask(_UMASK)  # reading the umask means setting it; put it back at once


def atomic_write_bytes(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix="-" + os.path.basename(path), dir=folder)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp makes 0600; the renamed file gets the usual permissions
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def atomic_write_text(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_save(path: str, save) -> None:
    """Call ``save(tmp_path)`` to write a file by name (a Keras model, a PNG), then rename it into place."""
    folder = os.path.dirname(os.path.abspath(path))
    # The whole name stays the suffix: Keras insists on ``.keras`` / ``.weights.h5`` endings.
    tmp = os.path.join(folder, f".tmp-{os.getpid()}-{os.path.basename(path)}")
    try:
        save(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def csv_text(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    """``rows`` as CSV text with a header of ``columns``; a value a row does not have is an empty cell."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row[k]) for k in columns})
    return buffer.getvalue()
