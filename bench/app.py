"""P1 (app throughput over plain ``model.fit``) and P7 (the app's event-loop lag while it trains).

The app side is the real ``LstuiApp`` under Textual's ``run_test`` (headless: every frame is
composed and rendered, only the write to a terminal is skipped): ctrl+r starts the run from the
form, the worker thread runs ``lstui.training.runner.run`` and each event comes back as a Message
that moves the progress bar, extends the charts and writes the log. The baseline is plain
``model.fit(verbose=0)`` on the same model compiled the same way, the same data, pipeline
(``lstui.training.pipeline``), batch size, validation split and epochs, built as the runner does.

What is counted, on both sides alike: each epoch's wall time from ``on_epoch_begin`` to
``on_epoch_end`` (its training batches plus the validation pass on the test split) and the images
trained in it; images/s = images / seconds. The app's figure is ``EpochEnded.images_per_s`` as
the app received it; the baseline's is the same sum from a timing callback. The first epoch
(graph tracing) is left out on both sides. Six pairs of one plain fit and one app run, each pair
back to back (the order alternating from pair to pair); each pair's ratio is the median of its app
epochs over the median of its fit epochs, and P1 is the median of the six ratios, printed with
their spread. Beside it, the app thread's CPU share while training: the load-independent figure. P7 comes from one more app run with a probe on the
loop (the probe costs the loop's thread CPU time itself, so P1's runs go without it).
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import statistics
import tempfile
import time

import numpy as np

# Random CIFAR-shaped images (in the real on-disk format) and the small CNN: an epoch takes a few
# seconds on 2 CPU cores, long next to the app's once-per-epoch work (chart redraw, log line).
WORKLOAD = dict(dataset="cifar10", model="smallcnn", batch_size=32, seed=0)
PAIRS = 6  # app/fit pairs; P1 is the median of their ratios (issue 12, item 17: two pairs could not resolve 2 %)
PROBE_INTERVAL_S = 0.010


def measure(quick: bool = False) -> dict:
    """P1, P7 and the figures behind them, for ``bench/__main__.py``'s table."""
    from bench.measures import write_cifar10_folder
    from lstui.config import RunConfig

    train, epochs, pairs = (1200, 3, 2) if quick else (2200, 4, PAIRS)
    fit_epochs: list[float] = []
    app_epochs: list[float] = []
    pair_ratios: list[float] = []
    cpu_shares: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        data = os.path.join(folder, "data")
        os.makedirs(data)
        write_cifar10_folder(data, train, train // 5)
        config = RunConfig(epochs=epochs, out=os.path.join(folder, "runs"), data_dir=data, **WORKLOAD)
        for pair in range(pairs):
            # Each pair back to back, the order alternating, so a drift in the machine's load hits both sides.
            if pair % 2 == 0:
                fit = plain_fit_images_per_s(config)[1:]
                run = asyncio.run(app_run(config, probe=False))
            else:
                run = asyncio.run(app_run(config, probe=False))
                fit = plain_fit_images_per_s(config)[1:]
            app = run.images_per_s[1:]
            cpu_shares.append(run.cpu_share)
            fit_epochs += fit
            app_epochs += app
            pair_ratios.append(statistics.median(app) / statistics.median(fit))
        probed = asyncio.run(app_run(config, probe=True))
    quartiles = np.percentile(pair_ratios, [25, 75])
    return {
        "P1": statistics.median(pair_ratios),
        "pair_ratio_iqr": (float(quartiles[0]), float(quartiles[1])),
        "P7": 1000 * float(np.percentile(probed.lags, 99)),
        "fit_images_per_s": statistics.median(fit_epochs),
        "app_images_per_s": statistics.median(app_epochs),
        "pair_ratios": pair_ratios,
        "loop_lag_median_ms": 1000 * statistics.median(probed.lags),
        "loop_lag_max_ms": 1000 * max(probed.lags),
        "loop_lag_samples": len(probed.lags),
        "app_thread_cpu_share": statistics.median(cpu_shares),
        "timed_epochs": len(app_epochs),
    }


def plain_fit_images_per_s(config) -> list[float]:
    """Images/s of each epoch of plain ``model.fit`` on what the runner would train for ``config``."""
    from lstui.training import pipeline, smoothing
    from lstui.training.backend import import_keras, seed_everything
    from lstui.training.calibration_run import split_holdout, validation_metrics
    from lstui.training.data import load_dataset
    from lstui.training.models import build_model

    keras = import_keras(config.backend)
    dataset = load_dataset(config.dataset, config.data_dir, split_seed=config.split_seed, image_size=config.image_size)
    dataset, _ = split_holdout(dataset, config.holdout, config.split_seed)
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
        """Times each epoch from its begin hook to its end hook, as the runner's callback does."""

        def __init__(self):
            super().__init__()
            self.images_per_s: list[float] = []
            self._start = 0.0

        def on_epoch_begin(self, epoch, logs=None):
            self._start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.images_per_s.append(train_size / max(time.perf_counter() - self._start, 1e-9))

    return EpochTimer()


@dataclasses.dataclass
class AppRun:
    """What one run in the app showed: each epoch's images/s, the loop's lag samples (s), its CPU use."""

    images_per_s: list[float]
    lags: list[float]
    cpu_share: float  # CPU time of the app's thread (the event loop) over wall time, while training


async def app_run(config, probe: bool = True) -> AppRun:
    """Train ``config`` from the real app's form under ``run_test``, the way a user starts a run.

    The training window runs from the RunBegan message to the last EpochCompleted one (the final
    evaluation and saving are left out). With ``probe``, a task on the app's event loop asks to
    wake every 10 ms in that window and records how late each wake-up is.
    """
    from lstui.app import LstuiApp
    from lstui.messages import EpochCompleted, RunBegan

    images_per_s: list[float] = []
    lags: list[float] = []
    window: list[tuple[float, float]] = []  # (thread CPU time, wall time) at the window's ends
    training = asyncio.Event()

    counted: dict[int, object] = {}  # kept alive, so an id is never reused while we look

    def seen(message) -> None:  # called on the app's thread as each message is posted
        if id(message) in counted:  # the same message again, bubbling from the run view to the app
            return
        counted[id(message)] = message
        if isinstance(message, (RunBegan, EpochCompleted)):
            window[1:] = []
            window.append((time.thread_time(), time.perf_counter()))
        if isinstance(message, RunBegan):
            training.set()
        elif isinstance(message, EpochCompleted):
            images_per_s.append(message.event.images_per_s)

    async def measure_lag() -> None:
        await training.wait()
        while len(images_per_s) < config.epochs:
            due = time.perf_counter() + PROBE_INTERVAL_S
            await asyncio.sleep(PROBE_INTERVAL_S)
            lags.append(max(0.0, time.perf_counter() - due))

    app = LstuiApp(config)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        prober = asyncio.create_task(measure_lag()) if probe else None
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        if prober is not None:
            prober.cancel()
    if len(images_per_s) != config.epochs:
        raise RuntimeError(f"the app run trained {len(images_per_s)} of {config.epochs} epochs")
    (cpu0, wall0), (cpu1, wall1) = window
    return AppRun(images_per_s, lags, (cpu1 - cpu0) / (wall1 - wall0))
