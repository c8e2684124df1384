"""Writing a run directory: one uniquely named folder per run, its JSON, text and ``history.csv``.

Every write goes through ``lstui.runs.files``' atomic writes. No Keras, no Textual.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import time
from typing import Any, Iterable

from lstui.runs import files

HISTORY_COLUMNS = ["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "lr", "seconds"]
# Hard-label NLL and mean top-class confidence on the test split, per epoch (see calibration_run).
HISTORY_COLUMNS += ["val_nll", "val_confidence"]


def _slug(value: Any) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", str(value)).strip("-")


def run_dir_name(config: dict[str, Any], when: float | None = None) -> str:
    """A name a person can tell apart: ``20261129-101500_digits_labels_f0.1`` (``..._noise0.4`` with label noise)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(when or time.time()))
    name = f"{stamp}_{_slug(config['dataset'])}_{_slug(config['method'])}_f{_slug(config['smoothing'])}"
    noise = config.get("label_noise") or 0
    return f"{name}_noise{_slug(noise)}" if noise > 0 else name


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
        files.atomic_write_text(self.file(name), text)
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
        return self.write_text(files.HISTORY, buffer.getvalue())

    def read_history(self) -> list[dict[str, float]]:
        """The rows of ``history.csv`` as dicts of floats (epoch as int); empty if absent."""
        return read_history(self.file(files.HISTORY))


class HistoryError(ValueError):
    """A ``history.csv`` that is not text, not CSV, or holds cells that are not numbers (one line)."""


def read_history(path: str) -> list[dict[str, float]]:
    """Read a ``history.csv`` into dicts of numbers; a damaged file raises :class:`HistoryError`."""
    if not os.path.exists(path):
        return []
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            rows = []
            for row in csv.DictReader(handle):
                parsed: dict[str, float] = {}
                for key, value in row.items():
                    if value in ("", None) or not isinstance(key, str):
                        continue  # a short row, or the extra cells of a long one (key None)
                    parsed[key] = int(value) if key == "epoch" else float(value)
                rows.append(parsed)
            return rows
    except (csv.Error, ValueError, TypeError) as exc:  # UnicodeDecodeError is a ValueError
        raise HistoryError(f"{path!r} is damaged ({type(exc).__name__}: {str(exc)[:80]})") from None


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
