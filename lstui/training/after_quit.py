"""``python -m lstui.training.after_quit RUN_DIR JOB``: finish a run that was stopped as its process left.

``pictures.draw_later`` starts this detached, once the run's report.json says ``stopped``. It adds
what the quitting process left out to be quick: the ``representation`` block of report.json (with
``representation.npz``, from ``model.keras`` and the run's own data rebuilt from config.toml), then
every picture (``pictures.draw_pictures``). It never overwrites a report that is no longer the
stopped one it started from (the run was resumed meanwhile).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import numpy as np

from lstui.config import RunConfig, load_toml
from lstui.runs import files
from lstui.runs.rundir import RunDir
from lstui.training.pictures import draw_pictures


def _report(run_dir: str) -> dict[str, Any]:
    with open(os.path.join(run_dir, files.REPORT), encoding="utf-8") as handle:
        return json.load(handle)


def add_representation(run_dir: str, report: dict[str, Any]) -> dict[str, Any] | None:
    """The representation block for the stopped run in ``run_dir`` (also writes representation.npz); None under
    three classes."""
    import keras

    from lstui.training.backend import import_keras
    from lstui.training.insight_run import save_representation
    from lstui.training.pipeline import pixel_mean
    from lstui.training.runner import prepare_data

    values = load_toml(os.path.join(run_dir, files.CONFIG))
    values.setdefault("split_seed", values.get("seed", 0))  # as checkpoint.load_resume_point reads old runs
    config = RunConfig.from_mapping(values)
    import_keras(config.backend)
    dataset, _, _ = prepare_data(config, lambda event: None)  # the split, hold-out and noise of the run itself
    if len(dataset.class_names) < 3:
        return None
    network = keras.saving.load_model(os.path.join(run_dir, files.MODEL)).layers[-1]  # behind the mean (export.py)
    return save_representation(RunDir(run_dir), network, dataset, np.asarray(report["confusion_matrix"]),
                               config.classes, config.split_seed, pixel_mean(dataset.x_train), config.batch_size)


def main(argv: list[str]) -> int:
    """Add the representation block, then draw the pictures of the run ``argv[0]`` (``argv[1]``: the job, JSON)."""
    run_dir, job = argv[0], json.loads(argv[1])
    report = _report(run_dir)
    if report.get("status") != "stopped":
        return 1
    if "representation" not in report:
        try:
            block = add_representation(run_dir, report)
        except Exception:  # noqa: BLE001 - no block is honest; the pictures still follow
            block = None
        if block is not None:
            report["representation"] = block
            if _report(run_dir) != {k: v for k, v in report.items() if k != "representation"}:
                return 1  # resumed (or rewritten) while we worked: that report is the newer truth
            RunDir(run_dir).write_json(files.REPORT, report)
    draw_pictures(run_dir, report, job)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
