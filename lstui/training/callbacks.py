"""The Keras callback that turns training hooks into plain events, schedules lr and honours stop."""

from __future__ import annotations

import math
import threading
import time
from typing import Callable

from lstui.training.calibration_run import VALIDATION_ONLY_METRICS
from lstui.training.events import BatchProgress, EpochEnded, Sink
from lstui.training.schedules import polynomial_decay


def event_callback(sink: Sink, stop: threading.Event, *, epochs: int, lr0: float, power: float,
                   steps_per_epoch: int, batch_size: int, train_size: int,
                   on_epoch: Callable[[dict], None], progress_interval: float = 0.25):
    """Build the callback (a function, so Keras is imported only when training starts)."""
    import keras

    class EventCallback(keras.callbacks.Callback):
        """Posts BatchProgress/EpochEnded events, sets each epoch's lr, stops when ``stop`` is set.

        A NaN/Inf loss stops training at once (``nan_at`` = 1-based epoch, batch). An epoch cut short
        by ``stop`` or a NaN is not a history row (``partial`` = epoch, batches done): history.csv and
        checkpoints hold complete epochs only, so a resumed run repeats that epoch in full.
        """

        def __init__(self):
            super().__init__()
            self.stopped = False
            self.nan_at: tuple[int, int] | None = None
            self.partial: tuple[int, int] | None = None
            self.rows: list[dict] = []
            self._epoch_start = 0.0
            self._last_post = 0.0
            self._lr = lr0
            self._epoch = 0
            self._batches = 0

        def on_epoch_begin(self, epoch, logs=None):
            self._lr = polynomial_decay(epoch, epochs, lr0, power)
            self.model.optimizer.learning_rate.assign(self._lr)
            self._epoch_start = self._last_post = time.perf_counter()
            self._batches = 0
            self._epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            self._batches = batch + 1
            loss = float((logs or {}).get("loss", 0.0))
            if not math.isfinite(loss):
                self.nan_at = (self._epoch + 1, self._batches)
                self.model.stop_training = True
                return
            if stop.is_set():
                self.stopped = True
                self.model.stop_training = True
            now = time.perf_counter()
            if now - self._last_post >= progress_interval or self._batches == steps_per_epoch:
                self._last_post = now
                seen = min(self._batches * batch_size, train_size)
                sink(BatchProgress(self._epoch + 1, epochs, self._batches, steps_per_epoch, loss,
                                   seen / max(now - self._epoch_start, 1e-9)))

        def on_epoch_end(self, epoch, logs=None):
            if self.nan_at is not None or self._batches < steps_per_epoch:
                self.partial = (epoch + 1, self._batches)
                return
            logs = dict(logs or {})
            seconds = time.perf_counter() - self._epoch_start
            seen = min(self._batches * batch_size, train_size)
            row = {
                "epoch": epoch + 1,
                "loss": float(logs.get("loss", math.nan)),
                "accuracy": float(logs.get("accuracy", math.nan)),
                "val_loss": float(logs.get("val_loss", math.nan)),
                "val_accuracy": float(logs.get("val_accuracy", math.nan)),
                "lr": self._lr,
                "seconds": seconds,
            }
            extra = {k: float(v) for k, v in logs.items()
                     if k not in row and k not in VALIDATION_ONLY_METRICS and _is_number(v)}
            row.update(extra)
            self.rows.append(row)
            on_epoch(row)
            sink(EpochEnded(epoch + 1, epochs, row["loss"], row["accuracy"], row["val_loss"],
                            row["val_accuracy"], self._lr, seconds, seen / max(seconds, 1e-9), extra))
            if stop.is_set():  # asked during validation: do not start another epoch only to cut it short
                self.stopped = True
                self.model.stop_training = True

    return EventCallback()


def _is_number(value) -> bool:
    try:
        float(value)
        return True
    except (TypeError, ValueError):
        return False
