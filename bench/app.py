"""P1 (app throughput over plain ``model.fit``) and P7 (the app's event-loop lag while it trains).

The app side is the real ``LstuiApp`` under Textual's ``run_test`` (headless: every frame is
composed and rendered, only the terminal write is skipped): ctrl+r starts the run from the form,
the worker thread runs ``lstui.training.runner.run`` and each event comes back as a Message that
moves the progress bar, extends the three charts and writes the log. The baseline is plain
``model.fit(verbose=0)`` in this thread on the same model, compiled the same way, the same data,
pipeline, batch size, validation split and epochs, built as the runner builds them.

What is counted, on both sides alike: each epoch's wall time from ``on_epoch_begin`` to
``on_epoch_end`` (its training batches plus the validation pass on the test split), and the
images trained in it; images/s = images / seconds. The app's figure is ``EpochEnded.images_per_s``
as the app received it; the baseline's is the same sum from a timing callback. The first epoch
(graph tracing) is left out on both sides. Plain fit and app runs alternate; each side's figure
is its fastest epoch over all runs (other jobs on the machine can only slow an epoch down).
"""

from __future__ import annotations

import asyncio
import dataclasses
import statistics
import tempfile
import time

import numpy as np

# Digits (1,213 training images after the 10 % holdout, 8x8) with the small CNN: an epoch takes
# about a second on 2 CPU cores, long next to the app's per-epoch work, short enough to repeat.
WORKLOAD = dict(dataset="digits", model="smallcnn", batch_size=32, seed=0)
PROBE_INTERVAL_S = 0.010


def measure(quick: bool = False) -> dict:
    """P1, P7 and the figures behind them, for ``bench/__main__.py``'s table."""
    from lstui.config import RunConfig

    epochs, pairs = (4, 1) if quick else (6, 3)
    fit_epochs: list[float] = []
    app_epochs: list[float] = []
    pair_ratios: list[float] = []
    lags: list[float] = []
    cpu_shares: list[float] = []
    with tempfile.TemporaryDirectory() as out:
        config = RunConfig(epochs=epochs, out=out, **WORKLOAD)
        for _ in range(pairs):
            fit = plain_fit_images_per_s(config)[1:]
            app, run_lags, cpu_share = asyncio.run(app_run(config))
            app = app[1:]
            fit_epochs += fit
            app_epochs += app
            pair_ratios.append(statistics.median(app) / statistics.median(fit))
            lags += run_lags
            cpu_shares.append(cpu_share)
    return {
        "P1": max(app_epochs) / max(fit_epochs),
        "P7": 1000 * float(np.percentile(lags, 99)),
        "fit_images_per_s": max(fit_epochs),
        "app_images_per_s": max(app_epochs),
        "pair_ratios": pair_ratios,
        "loop_lag_median_ms": 1000 * statistics.median(lags),
        "loop_lag_max_ms": 1000 * max(lags),
        "app_thread_cpu_share": statistics.median(cpu_shares),
        "app_epochs_timed": len(app_epochs),
    }


def plain_fit_images_per_s(config) -> list[float]:
    """Images/s of each epoch of plain ``model.fit`` on what the runner would train for ``config``."""
    from lstui.training import pipeline, smoothing
    from lstui.training.backend import import_keras, seed_everything
    from lstui.training.calibration_run import split_holdout, validation_metrics
    from lstui.training.data import load_dataset
    from lstui.training.models import build_model

    keras = import_keras(config.backend)
    dataset = load_dataset(config.dataset, config.data_dir, seed=config.seed, image_size=config.image_size)
    dataset, _ = split_holdout(dataset, config.holdout, config.seed)
    seed_everything(config.seed, True)  # as the runner does for a seeded run (op determinism on)
    k = dataset.num_classes
    targets = smoothing.training_targets(config.method, dataset.y_train, k, config.smoothing)
    mean = pipeline.pixel_mean(dataset.x_train)
    augment = pipeline.augmenter(config.shift, config.hflip, config.seed) if config.augment else None
    train = pipeline.train_dataset(dataset.x_train, targets, mean, config.batch_size, augment=augment,
                                   seed=config.seed)
    test = pipeline.eval_dataset(dataset.x_test, smoothing.one_hot(dataset.y_test, k), mean, config.batch_size)
    model = build_model(config.model, dataset.input_shape, k)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=config.lr, momentum=config.momentum),
                  loss=smoothing.make_loss(config.method, config.smoothing),
                  metrics=["accuracy", *validation_metrics()], jit_compile="auto")
    timer = epoch_timer(keras, len(dataset.x_train))
    model.fit(train, validation_data=test, epochs=config.epochs, callbacks=[timer], verbose=0, shuffle=False)
    return timer.images_per_s


def epoch_timer(keras, train_size: int):
    """A callback that records each epoch's images/s exactly as the runner's EpochEnded computes it."""

    class EpochTimer(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.images_per_s: list[float] = []
            self._start = 0.0

        def on_epoch_begin(self, epoch, logs=None):
            self._start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.images_per_s.append(train_size / max(time.perf_counter() - self._start, 1e-9))

    return EpochTimer()


async def app_run(config) -> tuple[list[float], list[float], float]:
    """Train ``config`` from the real app's form under ``run_test``.

    Returns the images/s of each EpochEnded the app received, the event-loop lag samples (s)
    taken from RunBegan to RunCompleted by a task that asks to wake every 10 ms on the app's loop,
    and the share of one CPU core the app's thread (the loop) used in that time.
    """
    from lstui.app import LstuiApp
    from lstui.messages import EpochCompleted, RunBegan, RunCompleted

    images_per_s: list[float] = []
    lags: list[float] = []
    usage: list[float] = []
    training = asyncio.Event()
    finished = asyncio.Event()

    def seen(message) -> None:
        if isinstance(message, RunBegan):
            training.set()
        elif isinstance(message, EpochCompleted):
            images_per_s.append(message.event.images_per_s)
        elif isinstance(message, RunCompleted):
            finished.set()

    async def probe() -> None:
        await training.wait()
        cpu, wall = time.thread_time(), time.perf_counter()
        while not finished.is_set():
            due = time.perf_counter() + PROBE_INTERVAL_S
            await asyncio.sleep(PROBE_INTERVAL_S)
            lags.append(max(0.0, time.perf_counter() - due))
        usage.append((time.thread_time() - cpu) / (time.perf_counter() - wall))

    app = LstuiApp(dataclasses.replace(config))
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        prober = asyncio.create_task(probe())
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        finished.set()
        await prober
    if len(images_per_s) != config.epochs:
        raise RuntimeError(f"the app run trained {len(images_per_s)} of {config.epochs} epochs")
    return images_per_s, lags, usage[0]
