"""Snapshots of the screen (pytest-textual-snapshot): the empty form, and a finished run fed recorded events.

The status line's machine load is a fixed sample (it changes every second on a real machine), and each
snapshot waits until the line shows it.
"""

from __future__ import annotations

import pytest

from app_helpers import wait_until
from lstui import system_load
from lstui.app import LstuiApp
from lstui.config import RunConfig
from lstui.training.events import (BatchProgress, EpochEnded, LogLine, RunFinished, RunStarted,
                                   SmoothingExample)
from lstui.widgets import StatusBar

CLASSES = [str(i) for i in range(10)]
CONFIG = RunConfig(epochs=3, seed=1)
RUN_DIR = "runs/20260101-000000_digits_labels_f0.1"
# (loss, accuracy, val_loss, val_accuracy, lr, val_nll) per epoch: a digits run as the headless mode printed it.
CURVES = [(1.69, 0.51, 2.81, 0.42, 0.05, 2.61), (1.06, 0.81, 1.55, 0.60, 0.0333, 1.38),
          (0.82, 0.90, 0.95, 0.86, 0.0167, 0.71)]


# A GPU box training: the status line's load in every snapshot.
LOAD = {"cpu_percent": 37.0, "ram_used_gib": 5.1, "ram_total_gib": 23.0,
        "gpus": [{"index": 0, "name": "NVIDIA H200", "util_percent": 85.0, "memory_used_gib": 30.2,
                  "memory_total_gib": 139.8, "temp_c": 61}]}


@pytest.fixture(autouse=True)
def fixed_load(monkeypatch):
    """Every sample of the machine's load is ``LOAD``."""
    monkeypatch.setattr(system_load, "machine_load", lambda: LOAD)


async def show_load(pilot) -> None:
    """Wait until the status line shows the sampled load."""
    await wait_until(pilot, lambda: pilot.app.query_one(StatusBar).load)
    await pilot.pause()


def recorded_run() -> list:
    """The events of a finished 3-epoch digits run, with an extra per-epoch metric (val_nll)."""
    per_class = {c: {"precision": 0.8 + 0.01 * i, "recall": 0.9 - 0.01 * i, "f1-score": 0.85, "support": 45}
                 for i, c in enumerate(CLASSES)}
    averages = {"precision": 0.8650, "recall": 0.8550, "f1-score": 0.85, "support": 450}
    report = {"status": "finished", "accuracy": 0.86, "classes": CLASSES, "per_class": per_class,
              "macro avg": averages, "weighted avg": averages, "test_size": 450}
    events = [LogLine("loading dataset digits"),
              SmoothingExample("labels", 0.1, [0.0, 0.0, 1.0] + [0.0] * 7, [0.01, 0.01, 0.91] + [0.01] * 7),
              RunStarted(CONFIG.to_dict(), RUN_DIR, 1347, 450, CLASSES, [8, 8, 1], 66410, "tensorflow",
                         ["CPU (2 cores)"], 43)]
    for epoch, (loss, acc, val_loss, val_acc, lr, val_nll) in enumerate(CURVES, start=1):
        events.append(BatchProgress(epoch, 3, 43, 43, loss, 1250.0))
        events.append(EpochEnded(epoch, 3, loss, acc, val_loss, val_acc, lr, 1.1, 1250.0, {"val_nll": val_nll}))
    events.append(RunFinished("finished", 0.86, RUN_DIR, RUN_DIR + "/plot.png", report, "", 3))
    return events


async def feed_recorded_run(pilot) -> None:
    """Post the recorded events as the training worker would, then let the app settle."""
    app = pilot.app
    await show_load(pilot)
    app.set_running(True)
    for event in recorded_run():
        app.post_event(event)
    # the RunFinished handler sets the state and posts the notification cleared below: wait for it, as the
    # status line's samples arriving between the events can delay it past a single pause
    await wait_until(pilot, lambda: app.query_one(StatusBar).state == "finished")
    await pilot.pause()
    app.set_running(False)
    app.clear_notifications()
    await pilot.pause()


def test_empty_form_at_120x40(snap_compare):
    assert snap_compare(LstuiApp(RunConfig(), load_backend=False), terminal_size=(120, 40), run_before=show_load)


def test_empty_form_at_80x24(snap_compare):
    assert snap_compare(LstuiApp(RunConfig(), load_backend=False), terminal_size=(80, 24), run_before=show_load)


def test_finished_run_at_120x40(snap_compare):
    assert snap_compare(LstuiApp(CONFIG, load_backend=False), terminal_size=(120, 40), run_before=feed_recorded_run)


def test_finished_run_log_at_80x24(snap_compare):
    async def show_log(pilot):
        await feed_recorded_run(pilot)
        pilot.app.query_one("#tabs").active = "tab-log"
        await pilot.pause()

    assert snap_compare(LstuiApp(CONFIG, load_backend=False), terminal_size=(80, 24), run_before=show_log)
