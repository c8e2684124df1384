"""The run's Keras callbacks driven by hand, as ``fit`` drives them (no model is trained)."""

import math
import threading
from types import SimpleNamespace

import pytest

from lstui.training.callbacks import EpochRecorder, ProgressReporter, StopOnNaN, StopOnRequest, lr_schedule
from lstui.training.events import BatchProgress, EpochEnded

EPOCH_LOGS = {"loss": 1.0, "accuracy": 0.5, "val_loss": 2.0, "val_accuracy": 0.25, "val_nll": 2.0,
              "nll": 1.5, "confidence": 0.9, "learning_rate": 0.05000000074505806}


def _ready(callback, steps=4, epochs=2):
    callback.set_params({"epochs": epochs, "steps": steps, "verbose": 0})
    callback.set_model(SimpleNamespace(stop_training=False))
    return callback


def _epoch(callbacks, epoch, losses, logs=EPOCH_LOGS):
    for cb in callbacks:
        cb.on_epoch_begin(epoch)
    for batch, loss in enumerate(losses):
        for cb in callbacks:
            cb.on_train_batch_end(batch, {"loss": loss})
    for cb in callbacks:
        cb.on_epoch_end(epoch, dict(logs))


def test_a_complete_epoch_is_one_row_with_the_schedules_lr_and_no_learning_rate_column():
    rows, events = [], []
    recorder = _ready(EpochRecorder(events.append, rows.append, lr_schedule(2, 0.05, 1.0), 32, 100))
    _epoch([recorder], 1, [1.0] * 4)
    assert [r["epoch"] for r in rows] == [2] and recorder.partial is None
    assert rows[0]["lr"] == 0.025 and "learning_rate" not in rows[0] and "nll" not in rows[0]
    assert list(rows[0])[:7] == ["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "lr", "seconds"]
    (ended,) = events
    assert isinstance(ended, EpochEnded) and ended.epochs == 2 and ended.extra == {"val_nll": 2.0}


@pytest.mark.parametrize("losses, partial", [([1.0, 1.0], (1, 2)), ([1.0, 1.0, 1.0, math.nan], (1, 4))])
def test_an_epoch_cut_short_or_with_a_nan_loss_is_partial_not_a_row(losses, partial):
    rows = []
    recorder = _ready(EpochRecorder(lambda e: None, rows.append, lr_schedule(2, 0.05, 1.0), 32, 100))
    _epoch([recorder], 0, losses)
    assert rows == [] and recorder.partial == partial


def test_nan_stops_at_once_and_says_where():
    nan = _ready(StopOnNaN())
    _epoch([nan], 1, [1.0, math.inf])
    assert nan.at == (2, 2) and nan.model.stop_training


def test_stop_is_honoured_after_a_batch_and_at_an_epochs_end():
    stop = threading.Event()
    callback = _ready(StopOnRequest(stop))
    callback.on_train_batch_end(0, {"loss": 1.0})
    assert not callback.model.stop_training
    stop.set()
    callback.on_train_batch_end(1, {"loss": 1.0})
    assert callback.model.stop_training
    callback.model.stop_training = False
    callback.on_epoch_end(0, {})
    assert callback.model.stop_training


def test_progress_is_throttled_but_the_last_batch_and_no_nan_loss_is_reported():
    events = []
    reporter = _ready(ProgressReporter(events.append, 32, 100, interval=3600.0))
    _epoch([reporter], 0, [1.0, 1.0, 1.0, 0.5])
    _epoch([reporter], 1, [1.0, 1.0, 1.0, math.nan])
    assert [(e.epoch, e.batch, e.batches, e.loss) for e in events] == [(1, 4, 4, 0.5)]
    assert isinstance(events[0], BatchProgress) and events[0].epochs == 2


def test_each_epoch_event_carries_the_machines_load_with_cpu_use_since_training_began():
    events = []
    recorder = _ready(EpochRecorder(events.append, lambda row: None, lr_schedule(2, 0.05, 1.0), 32, 100))
    done = threading.Thread(target=lambda: (recorder.on_train_begin(), _epoch([recorder], 0, [1.0] * 4)))
    done.start()  # a fresh thread, as a run's worker is: its first CPU reading is at on_train_begin
    done.join()
    (ended,) = events
    assert set(ended.system) == {"cpu_percent", "ram_used_gib", "ram_total_gib", "gpus"}
    assert 0.0 <= ended.system["cpu_percent"] <= 100.0 and 0 < ended.system["ram_used_gib"] < ended.system["ram_total_gib"]
    assert ended.to_dict()["system"] == ended.system
