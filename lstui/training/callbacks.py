"""The Keras callbacks of a run, one job each, reading ``self.params`` (``epochs``, ``steps``) as Keras' own do.

``ProgressReporter`` posts BatchProgress events, ``EpochRecorder`` turns each complete epoch into a
history row and an EpochEnded event, ``StopOnRequest`` honours the user's stop, and ``StopOnNaN``
ends training at a NaN/Inf loss and says where. Keras' ``LearningRateScheduler`` sets each epoch's
learning rate from :func:`lr_schedule`. Keras calls callbacks in list order; the runner lists
``StopOnRequest`` after ``EpochRecorder`` and before ``ProgressReporter`` (see there why).

Keras is imported at module level: only the runner imports this module, once training starts.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Callable

import keras

from lstui import system_load
from lstui.training.calibration_run import VALIDATION_ONLY_METRICS
from lstui.training.events import BatchProgress, EpochEnded, Sink
from lstui.training.schedules import polynomial_decay

# Epoch-end logs that are not history columns: train-side values of validation-only metrics, and the
# optimizer's learning rate that LearningRateScheduler adds (the row's ``lr`` comes from the schedule).
NOT_IN_HISTORY = (*VALIDATION_ONLY_METRICS, "learning_rate")


def lr_schedule(epochs: int, lr0: float, power: float) -> Callable[..., float]:
    """The run's learning rate per epoch (counted from 0), as ``polynomial_decay`` gives it.

    The function takes ``(epoch)``, or ``(epoch, lr)`` as ``LearningRateScheduler`` calls it (``lr`` is ignored).
    """

    def schedule(epoch: int, lr: float | None = None) -> float:
        return polynomial_decay(epoch, epochs, lr0, power)

    return schedule


def _loss(logs) -> float:
    return float((logs or {}).get("loss", 0.0))


class ProgressReporter(keras.callbacks.Callback):
    """Posts a BatchProgress event at most every ``interval`` seconds, and after each epoch's last batch.

    A batch whose loss is NaN or infinite is not reported (``StopOnNaN`` ends training there).
    Images per second count ``batch_size`` images per batch, at most ``train_size`` per epoch.
    """

    def __init__(self, sink: Sink, batch_size: int, train_size: int, interval: float = 0.25):
        super().__init__()
        self.sink, self.batch_size, self.train_size, self.interval = sink, batch_size, train_size, interval
        self._epoch = 0
        self._start = self._last_post = 0.0

    def on_epoch_begin(self, epoch, logs=None):
        """Start the epoch's clock."""
        self._epoch = epoch
        self._start = self._last_post = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        """Report the batch if it is due."""
        loss, steps, now = _loss(logs), self.params["steps"], time.perf_counter()
        if not math.isfinite(loss) or (now - self._last_post < self.interval and batch + 1 != steps):
            return
        self._last_post = now
        seen = min((batch + 1) * self.batch_size, self.train_size)
        self.sink(BatchProgress(self._epoch + 1, self.params["epochs"], batch + 1, steps, loss,
                                seen / max(now - self._start, 1e-9)))


class EpochRecorder(keras.callbacks.Callback):
    """Makes each complete epoch a history row: calls ``on_epoch(row)``, then posts an EpochEnded event
    that also carries the machine's load (CPU use over the epoch, memory, GPUs).

    An epoch counts when all its ``steps`` batches ran and every batch's loss was finite. One cut short
    (by a stop, or a NaN/Inf loss) is not a history row: ``partial`` = (1-based epoch, batches done), so
    history.csv and checkpoints hold complete epochs only and a resumed run repeats that epoch in full.
    The row's ``lr`` is ``schedule(epoch)``, the value the epoch's learning rate was set from.
    """

    def __init__(self, sink: Sink, on_epoch: Callable[[dict], None], schedule: Callable[..., float],
                 batch_size: int, train_size: int):
        super().__init__()
        self.sink, self.on_epoch, self.schedule = sink, on_epoch, schedule
        self.batch_size, self.train_size = batch_size, train_size
        self.partial: tuple[int, int] | None = None
        self._start = 0.0
        self._batches = 0
        self._finite = True

    def on_train_begin(self, logs=None):
        """Start measuring CPU use: each epoch event carries the use since the previous one."""
        system_load.cpu_percent()

    def on_epoch_begin(self, epoch, logs=None):
        """Start the epoch's clock and batch count."""
        self._start = time.perf_counter()
        self._batches, self._finite = 0, True

    def on_train_batch_end(self, batch, logs=None):
        """Count the batch and whether its loss was finite."""
        self._batches = batch + 1
        self._finite = self._finite and math.isfinite(_loss(logs))

    def on_epoch_end(self, epoch, logs=None):
        """Record the epoch, or note it as partial."""
        steps = self.params["steps"]
        if not self._finite or (steps is not None and self._batches < steps):
            self.partial = (epoch + 1, self._batches)
            return
        logs = dict(logs or {})
        seconds = time.perf_counter() - self._start
        seen = min(self._batches * self.batch_size, self.train_size)
        lr = self.schedule(epoch)
        row = {
            "epoch": epoch + 1,
            "loss": float(logs.get("loss", math.nan)),
            "accuracy": float(logs.get("accuracy", math.nan)),
            "val_loss": float(logs.get("val_loss", math.nan)),
            "val_accuracy": float(logs.get("val_accuracy", math.nan)),
            "lr": lr,
            "seconds": seconds,
        }
        extra = {k: float(v) for k, v in logs.items() if k not in row and k not in NOT_IN_HISTORY and _is_number(v)}
        row.update(extra)
        self.on_epoch(row)
        self.sink(EpochEnded(epoch + 1, self.params["epochs"], row["loss"], row["accuracy"], row["val_loss"],
                             row["val_accuracy"], lr, seconds, seen / max(seconds, 1e-9), extra,
                             system_load.machine_load()))


class UnpadValidationLoss(keras.callbacks.Callback):
    """Corrects ``val_loss`` for the rows ``pipeline.eval_dataset`` padded the validation set with.

    Those rows have sample weight 0, so the metrics skip them, but Keras' loss tracker divides the summed
    loss by every row, padding included; multiplying by ``factor`` (``pipeline.padding_factor``) undoes
    that. List it first: later callbacks see the corrected value.
    """

    def __init__(self, factor: float):
        super().__init__()
        self.factor = factor

    def on_epoch_end(self, epoch, logs=None):
        """Rescale this epoch's val_loss in place."""
        if logs and "val_loss" in logs:
            logs["val_loss"] = float(logs["val_loss"]) * self.factor


class StopOnRequest(keras.callbacks.Callback):
    """Stops training after the current batch once ``stop`` (a ``threading.Event``) is set.

    It also looks at each epoch's end: a stop asked during validation ends training after that epoch
    rather than starting another only to cut it short.
    """

    def __init__(self, stop: threading.Event):
        super().__init__()
        self.stop = stop

    def on_train_batch_end(self, batch, logs=None):
        """Stop after this batch if asked."""
        if self.stop.is_set():
            self.model.stop_training = True

    def on_epoch_end(self, epoch, logs=None):
        """Stop before the next epoch if asked."""
        if self.stop.is_set():
            self.model.stop_training = True


class StopOnNaN(keras.callbacks.Callback):
    """Stops training at the first batch whose loss is NaN or infinite, like Keras' ``TerminateOnNaN``.

    ``at`` is where: (1-based epoch, 1-based batch), or None while every loss was finite.
    """

    def __init__(self):
        super().__init__()
        self.at: tuple[int, int] | None = None
        self._epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        """Note the epoch."""
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        """Stop if this batch's loss is not finite."""
        if not math.isfinite(_loss(logs)):
            self.at = self.at or (self._epoch + 1, batch + 1)
            self.model.stop_training = True


def _is_number(value) -> bool:
    try:
        float(value)
        return True
    except (TypeError, ValueError):
        return False
