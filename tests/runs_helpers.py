"""Run directories written as the runner leaves them, without training: for the runs index and screen tests."""

from __future__ import annotations

import json
import os

from lstui.config import RunConfig
from lstui.runs import files
from lstui.runs.rundir import RunDir


def write_run(root, name: str, accuracy: float | None, epochs_done: int = 2, status: str = "finished",
              smoothing: float = 0.1) -> str:
    """A run directory with config.toml, report.json and history.csv; returns its path."""
    run = RunDir(os.path.join(root, name))
    os.makedirs(run.path)
    run.write_text(files.CONFIG, RunConfig(dataset="digits", smoothing=smoothing, epochs=3).to_toml())
    run.write_json(files.REPORT, {"status": status, "accuracy": accuracy, "calibration": {"ece": 0.05}})
    run.write_history([{"epoch": e, "loss": 1.0, "val_accuracy": 0.5} for e in range(1, epochs_done + 1)])
    return run.path


def set_accuracy(path: str, accuracy: float, keep_mtime: bool = False) -> None:
    """Rewrite report.json's accuracy in place (the same inode; the same size for a number of the same length),
    optionally putting the old modification time back."""
    report = os.path.join(path, files.REPORT)
    before = os.stat(report)
    with open(report) as handle:
        data = json.load(handle)
    data["accuracy"] = accuracy
    with open(report, "w") as handle:
        handle.write(json.dumps(data, indent=2) + "\n")
    if keep_mtime:
        os.utime(report, ns=(before.st_atime_ns, before.st_mtime_ns))
