"""The run directory: one folder per run, every file written atomically.

Each file is written to a temporary name in the same folder and renamed over the target, so a
kill at any moment leaves the old or the new version, never half a file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import time
from typing import Any, Iterable

_UMASK = os.umask(0o022)
os.umask(_UMASK)  # reading the umask means setting it; put it back at once

HISTORY_COLUMNS = ["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "lr", "seconds"]
# Hard-label NLL and mean top-class confidence on the test split, per epoch (see calibration_run).
HISTORY_COLUMNS += ["val_nll", "val_confidence"]


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


def _slug(value: Any) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", str(value)).strip("-")


def run_dir_name(config: dict[str, Any], when: float | None = None) -> str:
    """A name a person can tell apart: ``20261129-101500_digits_labels_f0.1``."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(when or time.time()))
    return f"{stamp}_{_slug(config['dataset'])}_{_slug(config['method'])}_f{_slug(config['smoothing'])}"


class RunDir:
    """A run's folder and the files in it."""

    def __init__(self, path: str):
        self.path = path

    @classmethod
    def create(cls, root: str, config: dict[str, Any]) -> "RunDir":
        """Make a new, uniquely named folder under ``root`` (created if needed)."""
        os.makedirs(root, exist_ok=True)
        base = os.path.join(root, run_dir_name(config))
        path, n = base, 1
        while True:
            try:
                os.mkdir(path)
                return cls(path)
            except FileExistsError:
                n += 1
                path = f"{base}-{n}"

    def file(self, name: str) -> str:
        """Path of a file inside the run directory."""
        return os.path.join(self.path, name)

    def write_text(self, name: str, text: str) -> str:
        """Write a text file atomically; return its path."""
        atomic_write_text(self.file(name), text)
        return self.file(name)

    def write_json(self, name: str, data: Any) -> str:
        """Write JSON atomically; return its path."""
        return self.write_text(name, json.dumps(data, indent=2, default=_json_default) + "\n")

    def write_history(self, rows: Iterable[dict[str, Any]], columns: list[str] | None = None) -> str:
        """Write ``history.csv``: the header, then one row per epoch."""
        columns = columns or HISTORY_COLUMNS
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_value(row.get(k)) for k in columns})
        return self.write_text("history.csv", buffer.getvalue())

    def read_history(self) -> list[dict[str, float]]:
        """The rows of ``history.csv`` as dicts of floats (epoch as int); empty if absent."""
        return read_history(self.file("history.csv"))


def read_history(path: str) -> list[dict[str, float]]:
    """Read a ``history.csv`` into dicts of numbers."""
    if not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        rows = []
        for row in csv.DictReader(handle):
            parsed: dict[str, float] = {}
            for key, value in row.items():
                if value in ("", None):
                    continue
                parsed[key] = int(value) if key == "epoch" else float(value)
            rows.append(parsed)
        return rows


def _csv_value(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:.8g}"
    return "" if value is None else value


def _json_default(value: Any) -> Any:
    try:
        import numpy as np

        if isinstance(value, np.generic):
            return value.item()
        if isinstance(value, np.ndarray):
            return value.tolist()
    except ImportError:  # pragma: no cover
        pass
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
