"""Snapshots of the screen (pytest-textual-snapshot): the empty form, and a finished run fed recorded events.

The status line's machine load changes every second on a real machine: here it is a fixed sample, shown
from the status line's mount (no sampling thread), so every snapshot has the same line.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from app_helpers import wait_until

from lstui.app import LstuiApp
from lstui.runs import files
from lstui.training.evaluate import confusion_matrix
from lstui.config import RunConfig
from lstui.training.selective import selective_summary
from lstui.training.events import (BatchProgress, EpochEnded, LogLine, RunFinished, RunStarted,
                                   SmoothingExample)
from lstui.widgets import StatusBar

CLASSES = [str(i) for i in range(10)]
CONFIG = RunConfig(epochs=3, seed=1)
RUN_DIR = "runs/20260101-000000_digits_labels_f0.1"
# (loss, accuracy, val_loss, val_accuracy, lr, val_nll) per epoch: a digits run as the headless mode printed it.
CURVES = [(1.69, 0.51, 2.81, 0.42, 0.05, 2.61), (1.06, 0.81, 1.55, 0.60, 0.0333, 1.38),
          (0.82, 0.90, 0.95, 0.86, 0.0167, 0.71)]

# A calibration block as report.json keeps it: 10 confidence bins of the 450 test images.
CALIBRATION = {"ece": 0.041, "mce": 0.12, "nll": 0.47, "brier": 0.21, "confidence": 0.83, "accuracy": 0.86,
               "temperature": 1.2, "ece_after_temperature": 0.018,
               "bins": {"edges": [i / 10 for i in range(11)], "counts": [0, 0, 3, 8, 15, 22, 30, 52, 90, 230],
                        "confidence": [None, None, 0.27, 0.36, 0.45, 0.55, 0.65, 0.75, 0.86, 0.97],
                        "accuracy": [None, None, 0.33, 0.38, 0.47, 0.5, 0.63, 0.71, 0.84, 0.96]}}



def recorded_probabilities() -> tuple[np.ndarray, np.ndarray]:
    """The recorded report's test set, for its confusion matrix, risk curve and calibration: 450 images'
    probabilities, 387 of them right (accuracy 0.86, as the report says), and their labels."""
    rng = np.random.default_rng(0)
    labels = np.arange(450) % 10
    probs = rng.dirichlet(np.ones(10) * 0.3, size=450)
    right = rng.permutation(450) < 387
    probs[right, labels[right]] += 1.0 + rng.uniform(0.0, 2.0, size=right.sum())  # above the rest (each <= 1)
    probs[~right, labels[~right]] = 0.0  # below some other class
    return probs / probs.sum(axis=1, keepdims=True), labels


SELECTIVE = recorded_probabilities()
CONFUSION = confusion_matrix(SELECTIVE[1], SELECTIVE[0], 10)


def recorded_run() -> list:
    """The events of a finished 3-epoch digits run, with an extra per-epoch metric (val_nll)."""
    per_class = {c: {"precision": 0.8 + 0.01 * i, "recall": 0.9 - 0.01 * i, "f1-score": 0.85, "support": 45}
                 for i, c in enumerate(CLASSES)}
    averages = {"precision": 0.8650, "recall": 0.8550, "f1-score": 0.85, "support": 450}
    report = {"status": "finished", "accuracy": 0.86, "classes": CLASSES, "per_class": per_class,
              "macro avg": averages, "weighted avg": averages, "test_size": 450, "calibration": CALIBRATION,
              "confusion_matrix": CONFUSION.tolist(), "selective": selective_summary(*SELECTIVE)}
    events = [LogLine("loading dataset digits"),
              SmoothingExample("labels", 0.1, [0.0, 0.0, 1.0] + [0.0] * 7, [0.01, 0.01, 0.91] + [0.01] * 7),
              RunStarted(CONFIG.to_dict(), RUN_DIR, 1347, 450, CLASSES, [8, 8, 1], 66410, "tensorflow",
                         ["CPU (2 cores)"], 43)]
    for epoch, (loss, acc, val_loss, val_acc, lr, val_nll) in enumerate(CURVES, start=1):
        events.append(BatchProgress(epoch, 3, 43, 43, loss, 1250.0))
        events.append(EpochEnded(epoch, 3, loss, acc, val_loss, val_acc, lr, 1.1, 1250.0, {"val_nll": val_nll}))
    events.append(RunFinished("finished", 0.86, RUN_DIR, RUN_DIR + "/plot.png", report, "", 3))
    return events


# A GPU box training: the status line's load in every snapshot.
LOAD = {"cpu_percent": 37.0, "ram_used_gib": 5.1, "ram_total_gib": 23.0,
        "gpus": [{"index": 0, "name": "NVIDIA H200", "util_percent": 85.0, "memory_used_gib": 30.2,
                  "memory_total_gib": 139.8, "temp_c": 61}]}


@pytest.fixture(autouse=True)
def fixed_load(monkeypatch):
    """The status line shows ``LOAD`` from its first frame and samples nothing."""
    monkeypatch.setattr(StatusBar, "on_mount", lambda self: setattr(self, "load", LOAD))


async def feed_recorded_run(pilot, finish: bool = True) -> None:
    """Post the recorded events as the training worker would, then let the app settle (``finish=False``
    stops before the run's end: the screen during its last epoch)."""
    app = pilot.app
    app.set_running(True)
    for event in recorded_run()[:None if finish else -2]:
        app.post_event(event)
    await pilot.pause()
    if not finish:
        return
    # the RunFinished handler posts the notification cleared below: wait for it, not for one pause
    await wait_until(pilot, lambda: app.query_one(StatusBar).state == "finished")
    app.set_running(False)
    app.clear_notifications()
    await pilot.pause()


def test_empty_form_at_120x40(snap_compare):
    assert snap_compare(LstuiApp(RunConfig(), load_backend=False), terminal_size=(120, 40))


def test_empty_form_at_80x24(snap_compare):
    assert snap_compare(LstuiApp(RunConfig(), load_backend=False), terminal_size=(80, 24))


def test_finished_run_at_120x40(snap_compare):
    assert snap_compare(LstuiApp(CONFIG, load_backend=False), terminal_size=(120, 40), run_before=feed_recorded_run)


def test_finished_run_log_at_80x24(snap_compare):
    async def show_log(pilot):
        await feed_recorded_run(pilot)
        pilot.app.query_one("#tabs").active = "tab-log"
        await pilot.pause()

    assert snap_compare(LstuiApp(CONFIG, load_backend=False), terminal_size=(80, 24), run_before=show_log)


def test_during_a_run_at_80x24(snap_compare):
    """The ETA, the footer's Stop key and the tab keys fit 80 columns."""
    async def mid_run(pilot):
        await feed_recorded_run(pilot, finish=False)

    assert snap_compare(LstuiApp(CONFIG, load_backend=False), terminal_size=(80, 24), run_before=mid_run)


def test_report_tab_at_80x24(snap_compare):
    """The report has rows to scroll through; its paths break after a '/'."""
    assert snap_compare(LstuiApp(CONFIG, load_backend=False), terminal_size=(80, 24), run_before=feed_recorded_run)


def test_calibration_tab_at_80x24(snap_compare):
    """F4 from the form shows the calibration tab: its numbers and both charts."""
    async def calibration(pilot):
        await feed_recorded_run(pilot)
        await pilot.press("f4")
        await pilot.pause()

    assert snap_compare(LstuiApp(CONFIG, load_backend=False), terminal_size=(80, 24), run_before=calibration)


def test_runs_screen_with_two_runs_overlaid_at_80x24(snap_compare):
    """Two runs selected: both charts name their metric and show a legend in the lines' colours."""
    import shutil
    import tempfile

    from app_helpers import write_run_dir

    # A fixed folder: the screen's title shows the path, which must be the same on every machine and try.
    tmp_path = os.path.join(tempfile.gettempdir(), "lstui-snapshot-runs")
    shutil.rmtree(tmp_path, ignore_errors=True)
    write_run_dir(tmp_path, "20260101-000000_digits_labels_f0", smoothing=0.0, accuracy=0.93)
    write_run_dir(tmp_path, "20260101-010000_digits_loss_f0.2", method="loss", smoothing=0.2, accuracy=0.88)
    write_run_dir(tmp_path, "20260101-020000_digits_labels_f0.1", status="stopped", epochs=5, done=0)

    async def overlay(pilot):
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("down", "space", "down", "space")
        await pilot.pause()

    assert snap_compare(LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False), terminal_size=(80, 24),
                        run_before=overlay)


def write_run_files(root) -> None:
    """representation.npz and mistakes.npz of RUN_DIR under ``root``: three clouds, and 25 digits images."""
    from sklearn.datasets import load_digits

    folder = root / RUN_DIR
    folder.mkdir(parents=True)
    rng = np.random.default_rng(1)
    templates = np.array([[0.0, 0.0], [4.0, 0.0], [2.0, 3.5]], np.float32)
    labels = np.repeat([3, 5, 8], 60)
    points = templates[np.repeat([0, 1, 2], 60)] * 0.8 + rng.normal(scale=0.5, size=(180, 2))
    np.savez(folder / files.REPRESENTATION, points=points.astype(np.float32), labels=labels,
             split=np.array(["train", "test"] * 90), templates=templates, classes=np.array([3, 5, 8]),
             class_names=np.array(["3", "5", "8"]))
    digits = load_digits()
    images = np.round(digits.images[:25] * 255 / 16).astype(np.uint8)[..., None]
    np.savez(folder / files.MISTAKES, images=images, true=digits.target[:25], predicted=(digits.target[:25] + 1) % 10,
             confidence=np.linspace(0.95, 0.5, 25, dtype=np.float32), class_names=np.array(CLASSES))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("tab", ["report-confusion", "calibration", "representation", "mistakes"])
def test_insight_tabs(snap_compare, tmp_path, monkeypatch, tab, size):
    monkeypatch.chdir(tmp_path)  # RUN_DIR is relative: the same text on every machine
    write_run_files(tmp_path)

    async def show_tab(pilot):
        await feed_recorded_run(pilot)
        pilot.app.query_one("#tabs").active = "tab-" + tab.split("-")[0]
        await pilot.pause()
        if tab in ("report-confusion", "calibration"):  # scrolled to the end: the confusion table, the risk curve
            pilot.app.query_one("#" + tab.split("-")[0]).scroll_end(animate=False)
            await pilot.pause()

    assert snap_compare(LstuiApp(CONFIG, load_backend=False), terminal_size=size, run_before=show_tab)
