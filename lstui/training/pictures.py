"""A run's pictures, drawn from the files it saved: plot.png, calibration.png, confusion.png, mistakes.png and
representation.png (matplotlib, Agg; no Keras).

A run that finishes, or is stopped by a user who stays (ctrl+x), draws them in its own process before it
writes report.json. A run stopped because the process is leaving (``stopping.StopRequest.leave``) writes
report.json first and calls :func:`draw_later`: a detached process (its own session, stdio on /dev/null)
runs ``python -m lstui.training.after_quit RUN_DIR JOB``, which also adds the representation block (one
more pass through the model) and the pictures appear a few seconds after the prompt is back. Nothing
names a picture before it exists: report.json lists none, and the run's last line says they are being
drawn.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from typing import Any

import numpy as np

from lstui.runs import files
from lstui.runs.files import atomic_save
from lstui.runs.rundir import read_history


def picture_job(title: str, method: str, smoothing: float, plot_copy: str | None) -> dict[str, Any]:
    """What drawing needs beyond the run's files: the figures' title, the loss's name, where ``--plot`` copies."""
    return {"title": title, "method": method, "smoothing": smoothing,
            "plot_copy": os.path.abspath(plot_copy) if plot_copy else ""}


def draw_pictures(run_dir: str, report: dict[str, Any], job: dict[str, Any]) -> None:
    """Draw every picture the saved files of ``run_dir`` and its ``report`` (the report.json dict) allow."""
    from lstui.training.calibration import reliability_bins
    from lstui.training.calibration_plot import plot_calibration
    from lstui.training.insight_plots import plot_confusion, plot_mistakes, plot_representation
    from lstui.training.plots import plot_history

    path, title = (lambda name: os.path.join(run_dir, name)), job["title"]
    if "calibration" in report:
        with np.load(path(files.PREDICTIONS)) as saved:
            bins = reliability_bins(saved["probs"], saved["labels"], report["calibration"]["n_bins"])
        atomic_save(path(files.CALIBRATION_PLOT), lambda tmp: plot_calibration(bins, report["calibration"], tmp,
                                                                                  title))
    names = report["classes"]
    atomic_save(path(files.CONFUSION_PLOT), lambda tmp: plot_confusion(np.asarray(report["confusion_matrix"]), names,
                                                                       tmp, title))
    with np.load(path(files.MISTAKES)) as kept:
        atomic_save(path(files.MISTAKES_PLOT), lambda tmp: plot_mistakes(
            kept["images"], kept["true"], kept["predicted"], kept["confidence"], names, tmp,
            "most confident mistakes · " + title))
    block = report.get("representation")
    if block:
        with np.load(path(files.REPRESENTATION)) as rep:
            tight = {"train": block.get("tightness_train"), "test": block.get("tightness")}
            atomic_save(path(files.REPRESENTATION_PLOT), lambda tmp: plot_representation(
                rep["points"], rep["labels"], rep["split"], rep["templates"], [int(i) for i in rep["classes"]],
                [str(n) for n in rep["class_names"]], tmp, "penultimate layer · " + title, tight))
    rows = read_history(path(files.HISTORY))
    if rows:
        atomic_save(path(files.PLOT), lambda tmp: plot_history(rows, tmp, title, job["method"], job["smoothing"]))
        if job["plot_copy"]:
            os.makedirs(os.path.dirname(job["plot_copy"]), exist_ok=True)
            atomic_save(job["plot_copy"], lambda tmp: shutil.copyfile(path(files.PLOT), tmp))


def draw_later(run_dir: str, job: dict[str, Any]) -> bool:
    """Start a detached process that finishes ``run_dir`` (report.json must be written): the representation block,
    then the pictures; False if none could start (the caller then draws them itself)."""
    # The CPU is enough for one pass over a few hundred images; a GPU is left to the user's next run.
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "", "JAX_PLATFORMS": "cpu", "TF_CPP_MIN_LOG_LEVEL": "3"}
    try:
        subprocess.Popen([sys.executable, "-m", "lstui.training.after_quit", run_dir, json.dumps(job)], env=env,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, close_fds=True)  # outlives us, and no terminal's hang-up ends it
    except OSError:
        return False
    return True
