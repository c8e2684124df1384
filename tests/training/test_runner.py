"""The runner's contract with front ends: events in order, and a stop that still saves everything."""

import json
import os
import threading

from lstui.config import RunConfig
from lstui.training import EpochEnded, RunFinished, RunStarted, SmoothingExample, run


def test_stop_ends_after_the_current_batch_and_still_saves(tmp_path):
    stop = threading.Event()
    events = []

    def sink(event):
        events.append(event)
        if isinstance(event, EpochEnded):
            stop.set()  # as the app's ctrl+x does, from another thread's point of view

    config = RunConfig(epochs=6, seed=2, out=str(tmp_path))
    result = run(config, sink, stop)
    assert result.status == "stopped"
    assert len(result.history) < 6
    finished = events[-1]
    assert isinstance(finished, RunFinished) and finished.status == "stopped"
    report = json.load(open(os.path.join(result.run_dir, "report.json")))
    assert report["status"] == "stopped" and report["epochs_done"] == len(result.history)
    assert {"plot.png", "model.keras", "predictions.npz", "history.csv"} <= set(os.listdir(result.run_dir))


def test_events_come_in_the_order_a_front_end_expects(tmp_path):
    events = []
    result = run(RunConfig(epochs=1, seed=3, out=str(tmp_path)), events.append)
    kinds = [type(e) for e in events]
    assert kinds.index(SmoothingExample) < kinds.index(RunStarted) < kinds.index(EpochEnded) < kinds.index(RunFinished)
    assert kinds[-1] is RunFinished and result.status == "finished"
    started = events[kinds.index(RunStarted)]
    # 1,347 digits training images, less the slice held out (never trained on) to fit the temperature
    held_out = result.report["calibration"]["holdout_size"]
    assert started.train_size == 1347 - held_out and started.backend == "tensorflow" and started.devices
