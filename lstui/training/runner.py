"""``run(config, sink, stop)``: the one training path that both front ends drive.

Loads the data, builds and compiles the model, trains with the callbacks of ``callbacks.py``, evaluates on
the test split and saves the run directory; a run stopped because the process is leaving writes its record
first and leaves its pictures to a detached process (``stopping.py``, ``pictures.py``). Every outcome ends in
exactly one RunFinished or RunFailed event; a user's mistake (bad data path, corrupt archive) is ``kind="input"``.
"""

from __future__ import annotations

import dataclasses
import random
import threading
import traceback
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lstui.config import ConfigError, RunConfig
from lstui.training import smoothing
from lstui.runs import files
from lstui.runs.files import atomic_save
from lstui.runs.rundir import RunDir
from lstui.training.backend import BackendError
from lstui.training.calibration import calibration_summary
from lstui.training.calibration_run import Holdout, split_holdout, validation_metrics
from lstui.training.data import load_dataset
from lstui.training.dataset import DataError, Dataset
from lstui.training.events import LogLine, RunFailed, RunFinished, RunStarted, Sink, SmoothingExample
from lstui.training.noise import describe_noise, flip_labels
from lstui.training.representation import resolve_classes
from lstui.training.stopping import is_leaving
from lstui.training.failures import describe_failure, nan_message


@dataclass
class RunResult:
    """What a run ended with."""

    status: str  # "finished", "stopped" or "failed"
    run_dir: str = ""
    accuracy: float | None = None
    history: list[dict[str, Any]] = field(default_factory=list)
    report: dict[str, Any] | None = None
    message: str = ""
    bad_input: bool = False


def resolve_seed(config: RunConfig) -> tuple[RunConfig, bool]:
    """Pick a seed when none was given (recorded so the run can be repeated); True if the user chose it."""
    if config.seed is not None:
        return config, True
    return dataclasses.replace(config, seed=random.SystemRandom().randrange(2**31 - 1)), False


def run(config: RunConfig, sink: Sink, stop: threading.Event | None = None, resume=None) -> RunResult:
    """Train, evaluate and save one run of ``config``; report progress to ``sink``.

    ``resume`` (a ``checkpoint.ResumePoint``) continues that run in its own folder instead; its
    config replaces ``config``.
    """
    from lstui.training.accel import Accelerator, check_settings, join_hosts, shared_seed

    stop = stop or threading.Event()
    if resume is not None:
        config = resume.config
    try:
        check_settings(config)  # the CLI checked already; the app's form may not have
        config = dataclasses.replace(config, seed=shared_seed(config))
    except ConfigError as exc:
        sink(RunFailed(str(exc), "", 0, kind="input"))
        return RunResult("failed", message=str(exc), bad_input=True)
    config, deterministic = resolve_seed(config)
    run_dir: RunDir | None = None
    try:
        from lstui.training.backend import import_keras, seed_everything

        dataset, holdout, flipped = prepare_data(config, sink)
        resolve_classes(config.classes.split(",") if config.classes else None, dataset.class_names)  # before training
        import_keras(config.backend)
        join_hosts(config)
        seed_everything(config.seed, deterministic and not config.jit)  # XLA has no deterministic mode
        run_dir = RunDir(resume.run_dir) if resume is not None else RunDir.create(config.out, config.to_dict())
        with Accelerator(config) as accel:
            return _train_and_save(config, dataset, holdout, run_dir, sink, stop, accel, resume, flipped)
    except (BackendError, ConfigError) as exc:
        sink(RunFailed(str(exc), "", 0, kind="input"))
        return RunResult("failed", message=str(exc), bad_input=True)
    except DataError as exc:
        message = str(exc.as_config_error())
        sink(RunFailed(message, "", 0, kind="input"))
        return RunResult("failed", message=message, bad_input=True)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a RunFailed event
        message = describe_failure(exc)
        path = run_dir.path if run_dir else ""
        if run_dir is not None:
            _save_failure(run_dir, config, message, traceback.format_exc(), run_dir.read_history())
        sink(RunFailed(message, path, len(run_dir.read_history()) if run_dir else 0))
        return RunResult("failed", run_dir=path, message=message)


def prepare_data(config: RunConfig, sink: Sink) -> tuple[Dataset, Holdout, int]:
    """What a run trains on (the dataset less its held-out slice, noise applied), the slice, the count flipped.

    The split, the held-out slice and the noise follow ``config.split_seed``, never the run's seed. The
    noise touches only the labels trained on: the held-out slice and the test set keep clean labels.
    """
    sink(LogLine(f"loading dataset {config.dataset}" + (f" from {config.data_dir}" if config.data_dir else "")))
    dataset = load_dataset(config.dataset, config.data_dir, split_seed=config.split_seed, image_size=config.image_size)
    sink(LogLine(f"dataset {dataset.name}: {len(dataset.x_train)} train / {len(dataset.x_test)} test images "
                 f"{'x'.join(map(str, dataset.input_shape))}, {dataset.num_classes} classes"))
    dataset, holdout = split_holdout(dataset, config.holdout, config.split_seed)
    if len(holdout):
        sink(LogLine(f"held out {len(holdout)} training images (never trained on) to fit the temperature"))
    if config.label_noise <= 0:
        return dataset, holdout, 0
    y_train, flipped = flip_labels(dataset.y_train, dataset.num_classes, config.label_noise, config.split_seed)
    sink(LogLine(describe_noise(config.label_noise, flipped, len(y_train))))
    return dataclasses.replace(dataset, y_train=y_train), holdout, flipped


def _train_and_save(config: RunConfig, dataset: Dataset, holdout: Holdout, run_dir: RunDir, sink: Sink,
                    stop: threading.Event, accel, resume=None, flipped: int = 0) -> RunResult:
    import keras

    from lstui.training import checkpoint, pipeline
    from lstui.training.callbacks import (EpochRecorder, ProgressReporter, StopOnNaN, StopOnRequest,
                                          UnpadValidationLoss, lr_schedule)
    from lstui.training.models import build_model

    if resume is None:
        run_dir.write_text(files.CONFIG, config.to_toml())
    run_dir.write_json(files.REPORT, {"status": "running", "classes": dataset.class_names})
    k = dataset.num_classes
    targets = smoothing.training_targets(config.method, dataset.y_train, k, config.smoothing)
    before, after = smoothing.example(config.method, dataset.y_train, k, config.smoothing)
    sink(SmoothingExample(config.method, config.smoothing, before, after))

    mean = pipeline.pixel_mean(dataset.x_train)
    augment = pipeline.augmenter(config.shift, config.hflip, config.seed) if config.augment else None
    batch_size, even = accel.global_batch, accel.batch_multiple  # --batch-size per replica
    train = pipeline.train_dataset(dataset.x_train, targets, mean, batch_size, augment=augment, seed=config.seed,
                                   multiple=even)
    test_targets = smoothing.one_hot(dataset.y_test, k)
    test = pipeline.eval_dataset(dataset.x_test, test_targets, mean, batch_size, even)

    with accel.scope():
        model = build_model(config.model, dataset.input_shape, k)
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=config.lr, momentum=config.momentum),
                      loss=smoothing.make_loss(config.method, config.smoothing),
                      metrics=["accuracy", *validation_metrics()], **accel.compile_options())
    accel.prepare_fit(model, train)
    start_epoch = resume.epoch if resume is not None else 0
    if resume is not None:
        checkpoint.remove_temp_files(run_dir)
        checkpoint.restore(model, resume)
    steps = -(-len(dataset.x_train) // batch_size)
    sink(RunStarted(config.to_dict(), run_dir.path, len(dataset.x_train), len(dataset.x_test),
                    dataset.class_names, list(dataset.input_shape), int(model.count_params()),
                    keras.backend.backend(), accel.devices(), steps, start_epoch))
    sink(LogLine(f"run directory: {run_dir.path}" + (f" (resuming after epoch {start_epoch})" if resume else "")))
    sink(LogLine(accel.describe(model)))

    rows: list[dict[str, Any]] = list(resume.history) if resume is not None else []

    def on_epoch(row: dict) -> None:
        rows.append(row)
        run_dir.write_history(rows)
        checkpoint.save_checkpoint(run_dir, model, config, len(rows))

    schedule, train_size = lr_schedule(config.epochs, config.lr, config.power), len(dataset.x_train)
    nan, recorder = StopOnNaN(), EpochRecorder(sink, on_epoch, schedule, batch_size, train_size)
    # Keras calls them in list order: StopOnRequest looks at ``stop`` after the recorder posts EpochEnded (a stop
    # asked while it is handled ends training with that epoch) and before ProgressReporter posts BatchProgress.
    callbacks = [UnpadValidationLoss(pipeline.padding_factor(len(dataset.x_test), even)),
                 keras.callbacks.LearningRateScheduler(schedule), recorder, nan, StopOnRequest(stop),
                 ProgressReporter(sink, batch_size, train_size), *accel.callbacks(run_dir.path)]
    try:
        model.fit(train, validation_data=test, epochs=config.epochs, initial_epoch=start_epoch,
                  callbacks=callbacks, verbose=0, shuffle=False)
        if nan.at is not None:
            raise FloatingPointError(nan_message(*nan.at, config.lr))
    except Exception as exc:  # noqa: BLE001 - keep what was trained, then report the failure
        message = describe_failure(exc)
        trace = "" if isinstance(exc, FloatingPointError) else traceback.format_exc()
        _save_failure(run_dir, config, message, trace, rows)
        sink(RunFailed(message, run_dir.path, len(rows)))
        return RunResult("failed", run_dir.path, history=rows, message=message)

    status = "finished" if len(rows) >= config.epochs else "stopped"  # a stop after the last epoch is moot
    draw_now = status == "finished" or not is_leaving(stop)  # the process ends after this save: draw apart
    if status == "stopped":
        cut = (f"; epoch {recorder.partial[0]} was cut after {recorder.partial[1]} of {steps} batches (its "
               f"training is in model.keras, not in history.csv; resuming repeats it)") if recorder.partial else ""
        sink(LogLine(f"stopped after epoch {len(rows)} of {config.epochs}{cut}; evaluating and saving"))
    probs, holdout_probs = _predict(model, dataset, holdout, mean, batch_size, even)
    result = _save_results(config, dataset, run_dir, model, rows, probs, status, sink, holdout, holdout_probs,
                           recorder.partial, flipped, batch_size, even, draw_now)
    if status == "finished":
        checkpoint.remove_checkpoints(run_dir)
    return result


def _predict(model, dataset: Dataset, holdout: Holdout, mean, batch_size: int,
             multiple: int) -> tuple[np.ndarray, np.ndarray | None]:
    """Probabilities on the test split and on the held-out slice (None when there is none).

    One ``predict`` over both: each call of it costs Keras a data adapter and a trace (about half a second on
    two busy cores), and a stopped run's user waits for this before the prompt is back."""
    from lstui.training import pipeline

    n, images = len(dataset.x_test), dataset.x_test
    if len(holdout):
        images = np.concatenate([images, holdout.x.astype(images.dtype, copy=False)])
    labels = np.zeros(len(images), np.int64)  # predict reads the images only
    both = pipeline.eval_dataset(images, smoothing.one_hot(labels, dataset.num_classes), mean, batch_size, multiple)
    out = model.predict(both.map(lambda x, *_: x), verbose=0)  # the padding rows, if any, come last
    return out[:n], (out[n:n + len(holdout)] if len(holdout) else None)


def _save_results(config: RunConfig, dataset: Dataset, run_dir: RunDir, model, rows: list[dict],
                  probs: np.ndarray, status: str, sink: Sink, holdout: Holdout,
                  holdout_probs: np.ndarray | None, partial: tuple[int, int] | None = None,
                  flipped: int = 0, batch_size: int = 256, multiple: int = 1, draw_now: bool = True) -> RunResult:
    from lstui.training.evaluate import build_report
    from lstui.training.export import portable_model
    from lstui.training.insight_run import save_insight
    from lstui.training.pictures import draw_later, draw_pictures, picture_job
    from lstui.training.pipeline import pixel_mean

    labels = dataset.y_test
    report, text = build_report(labels, probs, dataset.class_names, status, epochs_done=len(rows),
                                epochs=config.epochs, method=config.method, smoothing=config.smoothing,
                                label_noise=config.label_noise, labels_flipped=flipped)
    held = {} if holdout_probs is None else {"holdout_probs": holdout_probs.astype(np.float32),
                                             "holdout_labels": holdout.y.astype(np.int64)}
    if partial and status == "stopped":
        report["partial_epoch"] = {"epoch": partial[0], "batches": partial[1]}
    atomic_save(run_dir.file(files.PREDICTIONS), lambda tmp: np.savez_compressed(
        tmp, probs=probs.astype(np.float32), labels=labels.astype(np.int64), **held))
    # Raw pixels in, the training mean subtracted inside, built-in layers only (export.py); the mean is
    # recomputed from the same training images the input pipeline took it from.
    portable = portable_model(model, pixel_mean(dataset.x_train))
    atomic_save(run_dir.file(files.MODEL), portable.save)
    title = f"{config.method} smoothing f={config.smoothing} on {dataset.name}"
    # Computed from the float32 probabilities as saved, so predictions.npz reproduces it exactly.
    report["calibration"] = calibration_summary(probs.astype(np.float32), labels,
                                                None if holdout_probs is None else holdout_probs.astype(np.float32),
                                                holdout.y)
    # Confusion, mistakes, selective classification and the penultimate-layer picture (insight_run.py).
    save_insight(run_dir, model, dataset, probs.astype(np.float32), report, config.classes, config.split_seed,
                 pixel_mean(dataset.x_train), batch_size, multiple, representation=draw_now)
    job = picture_job(title, config.method, config.smoothing, config.plot)
    plot_path = config.plot if rows and config.plot else run_dir.file(files.PLOT)
    if draw_now:
        draw_pictures(run_dir.path, report, job)
    run_dir.write_text(files.REPORT_TEXT, text)
    run_dir.write_json(files.REPORT, report)  # what a user reads, and what a detached drawing reads
    drawing = not draw_now and draw_later(run_dir.path, job)
    if not draw_now and not drawing:
        draw_pictures(run_dir.path, report, job)  # no process could start: draw them here after all
    sink(RunFinished(status, report["accuracy"], run_dir.path, plot_path, report, text, len(rows), drawing))
    return RunResult(status, run_dir.path, report["accuracy"], rows, report)


def _save_failure(run_dir: RunDir, config: RunConfig, message: str, trace: str, rows: list | None = None) -> None:
    """Say in report.json why the run failed and keep the history so far, each as far as the disk allows."""
    writes = [lambda: run_dir.write_json(files.REPORT, {"status": "failed", "reason": message,
                                                         "epochs_done": len(rows or []), "epochs": config.epochs}),
              lambda: run_dir.write_history(rows or [])]
    if trace:
        writes.append(lambda: run_dir.write_text(files.ERROR, trace))
    for write in writes:
        try:
            write()
        except OSError:
            pass  # the disk itself may be the failure; the RunFailed event still carries the message
