"""A runs folder as a lab's grows: ``n`` finished run directories written as lstui writes them.

Each holds the files the runs screen reads (config.toml, report.json with its per-class and
calibration blocks, history.csv) at a real run's sizes, written without training: P8 times the
runs screen over it.
"""

from __future__ import annotations

import os
import time

import numpy as np

from lstui.config import RunConfig
from lstui.runs import files
from lstui.runs.rundir import RunDir, run_dir_name


def write_runs(root: str, n: int = 1000, epochs: int = 30, seed: int = 0) -> list[str]:
    """Write ``n`` finished runs of ``epochs`` epochs under ``root``; return their paths."""
    rng = np.random.default_rng(seed)
    start = time.time() - n * 60
    paths = []
    for i in range(n):
        config = RunConfig(dataset="digits", method=("labels", "loss")[i % 2], smoothing=round(0.05 * (i % 5), 2),
                           epochs=epochs, seed=i, out=root)
        run = RunDir(os.path.join(root, run_dir_name(config.to_dict(), start + 60 * i)))
        os.makedirs(run.path)
        run.write_text(files.CONFIG, config.to_toml())
        run.write_json(files.REPORT, report(rng, epochs))
        run.write_history([history_row(rng, epoch) for epoch in range(1, epochs + 1)])
        paths.append(run.path)
    return paths


def report(rng: np.random.Generator, epochs: int) -> dict:
    """A finished run's report.json: accuracy, per-class scores and the calibration block with its bins."""
    classes = [str(c) for c in range(10)]
    scores = {"precision": float(rng.random()), "recall": float(rng.random()), "f1-score": float(rng.random()),
              "support": 45.0}
    bins = {key: [float(v) for v in rng.random(15)] for key in ("confidence", "accuracy", "count", "edges")}
    calibration = {name: float(rng.random()) for name in ("ece", "mce", "nll", "brier", "confidence", "accuracy",
                                                          "temperature", "ece_after_temperature",
                                                          "nll_after_temperature")}
    calibration.update(n_bins=15, mce_min_count=10, temperature_at_limit=False, holdout_size=135, bins=bins)
    return {"status": "finished", "accuracy": float(rng.random()), "classes": classes,
            "per_class": {c: dict(scores) for c in classes}, "macro avg": scores, "weighted avg": scores,
            "test_size": 450, "epochs_done": epochs, "epochs": epochs, "calibration": calibration}


def history_row(rng: np.random.Generator, epoch: int) -> dict:
    """One history.csv row of random but plausible numbers."""
    row = {name: float(rng.random()) for name in ("loss", "accuracy", "val_loss", "val_accuracy", "lr", "seconds",
                                                  "val_nll", "val_confidence")}
    return {"epoch": epoch, **row}
