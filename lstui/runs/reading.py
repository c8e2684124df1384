"""Reading run directories back: one run (``read_run``) or every run under an output root (``list_runs``).

Plain files only (config.toml, report.json, history.csv); no Keras, no Textual, so ``lstui
compare``, sweeps and the app's runs screen can all use it cheaply.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field, replace
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

from lstui.runs import files
from lstui.runs.liveness import is_live
from lstui.runs.rundir import HistoryError, read_history
from lstui.runs.sweep_folder import sweep_of_runs


class RunDirError(ValueError):
    """A run directory is missing or unreadable; ``str()`` is a one-line message naming it."""


@dataclass(frozen=True)
class RunInfo:
    """What a run directory holds: its settings, its report and its per-epoch history."""

    path: str
    config: dict[str, Any]
    report: dict[str, Any]
    history: list[dict[str, float]] = field(default_factory=list)
    problem: str = ""  # set (and status "unreadable") when list_runs could not read the folder
    sweep: str = ""  # the name of the sweep folder whose runs.txt lists this run (set by list_runs)

    @property
    def name(self) -> str:
        """The folder's name, e.g. ``20261129-101500_digits_labels_f0.1``."""
        return os.path.basename(os.path.normpath(self.path))

    @property
    def status(self) -> str:
        """running / finished / stopped / failed, or unreadable."""
        return "unreadable" if self.problem else str(self.report.get("status", "unknown"))

    @property
    def state(self) -> str:
        """``status``, with ``running`` told apart: ``live`` while a process trains it, else ``interrupted``.

        Read from the run's heartbeat at each call, never cached: a killed run stops being live.
        """
        if self.status != "running":
            return self.status
        return "live" if is_live(self.path) else "interrupted"

    @property
    def dataset(self) -> str:
        """The dataset trained on."""
        return str(self.config.get("dataset", ""))

    @property
    def method(self) -> str:
        """The smoothing method, 'labels' or 'loss'."""
        return str(self.config.get("method", ""))

    @property
    def smoothing(self) -> float | None:
        """The smoothing factor f."""
        value = self.config.get("smoothing")
        return float(value) if isinstance(value, (int, float)) else None

    @property
    def epochs(self) -> int | None:
        """Epochs asked for."""
        value = self.config.get("epochs")
        return int(value) if isinstance(value, int) else None

    @property
    def epochs_done(self) -> int:
        """Epochs finished (from the history, which is written after every epoch)."""
        return len(self.history)

    @property
    def accuracy(self) -> float | None:
        """Test accuracy, once the run has ended."""
        value = self.report.get("accuracy")
        return float(value) if isinstance(value, (int, float)) else None

    @property
    def calibration(self) -> dict[str, Any]:
        """The ``calibration`` block of report.json (empty for runs without one)."""
        block = self.report.get("calibration")
        return block if isinstance(block, dict) else {}

    def metric(self, name: str) -> float | None:
        """A calibration value by name (ece, mce, nll, brier, confidence, temperature, ...)."""
        value = self.calibration.get(name)
        return float(value) if isinstance(value, (int, float)) else None

    def block_value(self, block: str, name: str) -> float | None:
        """A number from a block of report.json (``selective``, ``representation``), None where absent."""
        part = self.report.get(block)
        value = part.get(name) if isinstance(part, dict) else None
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    @property
    def aurc(self) -> float | None:
        """Area under the risk-coverage curve on the test set (lower: confidence ranks mistakes last)."""
        return self.block_value("selective", "aurc")

    @property
    def tightness(self) -> float | None:
        """Within-class over between-centroid distance of the penultimate-layer picture (test set)."""
        return self.block_value("representation", "tightness")

    @property
    def ece(self) -> float | None:
        """Top-label expected calibration error on the test set."""
        return self.metric("ece")


def read_run(path: str) -> RunInfo:
    """Read one run directory; raise RunDirError (one line, naming the folder) when it cannot be read."""
    if not os.path.exists(path):
        raise RunDirError(f"{path!r} does not exist")
    if not os.path.isdir(path):
        raise RunDirError(f"{path!r} is a file, not a run directory")
    config_path, report_path = os.path.join(path, files.CONFIG), os.path.join(path, files.REPORT)
    if not os.path.exists(config_path) and not os.path.exists(report_path):
        raise RunDirError(f"{path!r} is not a run directory (no config.toml or report.json)")
    config = _read(config_path, lambda h: tomllib.loads(h.read()), "TOML") if os.path.exists(config_path) else {}
    report = _read(report_path, json.load, "JSON") if os.path.exists(report_path) else {}
    if not isinstance(report, dict):
        raise RunDirError(f"{report_path!r} is not a JSON object")
    try:
        history = read_history(os.path.join(path, files.HISTORY))
    except HistoryError as exc:  # names the file already
        raise RunDirError(str(exc)) from None
    except OSError as exc:
        raise RunDirError(f"{os.path.join(path, files.HISTORY)!r} is unreadable: {exc.strerror or exc}") from None
    return RunInfo(path, config, report, history)


def _read(path: str, parse, kind: str) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return parse(handle)
    except (OSError, UnicodeDecodeError) as exc:
        raise RunDirError(f"cannot read {path!r}: {getattr(exc, 'strerror', None) or exc}") from None
    except (ValueError, tomllib.TOMLDecodeError) as exc:  # JSONDecodeError is a ValueError
        raise RunDirError(f"{path!r} is not valid {kind}: {exc}") from None


def list_runs(root: str) -> list[RunInfo]:
    """Every run directory directly under ``root``, newest first; unreadable ones have ``problem`` set.

    Each run's ``sweep`` names the sweep folder listing it, if any.
    """
    if not os.path.isdir(root):
        return []
    runs: list[RunInfo] = []
    for entry in os.scandir(root):
        if not entry.is_dir() or not any(os.path.exists(os.path.join(entry.path, f))
                                         for f in files.RUN_MARKERS):
            continue
        try:
            runs.append(read_run(entry.path))
        except RunDirError as exc:
            runs.append(RunInfo(entry.path, {}, {}, [], problem=str(exc)))
    sweeps = sweep_of_runs(root)
    runs = [replace(run, sweep=sweeps.get(run.name, "")) for run in runs]
    # Folder names start with a timestamp, so the name orders runs by start time.
    return sorted(runs, key=lambda run: run.name, reverse=True)
