"""Checkpoint and resume: what a run directory keeps after every epoch so that the run can continue.

After each complete epoch the run directory gets ``checkpoint-eN.weights.h5`` (the model's weights
and, through Keras' saving of the model's optimizer, the SGD momentum and iteration count) and then
``checkpoint.json`` pointing at it (epoch, total epochs, seed, the next epoch's learning rate). Both
are written atomically and the JSON last, so a kill at any moment leaves a consistent checkpoint:
the previous one, or the new one. The schedule position is the epoch: the learning rate of epoch
``e`` is ``polynomial_decay(e, epochs, lr, power)`` however the run got there.

A run stopped in the middle of an epoch keeps that epoch's training in ``model.keras`` and its
report, but history.csv and the checkpoint hold complete epochs only; resuming repeats the
interrupted epoch from its start. Resuming is not bit-identical to an unbroken run (the data
order of later epochs differs), but it trains every configured epoch exactly once.

Nothing here imports Keras at module level, so the app can ask :func:`resume_problem` cheaply.
"""

from __future__ import annotations

import glob
import json
import os
from dataclasses import dataclass, field
from typing import Any

from lstui.config import ConfigError, RunConfig, load_toml
from lstui.runs import files
from lstui.runs.files import atomic_save
from lstui.runs.rundir import HistoryError, RunDir, read_history
from lstui.training.schedules import polynomial_decay

STATE_FILE = files.CHECKPOINT_STATE
WEIGHTS_PATTERN = "checkpoint-e{epoch}.weights.h5"


@dataclass
class ResumePoint:
    """Where an interrupted run continues: its folder, settings, completed epochs and their history."""

    run_dir: str
    config: RunConfig
    epoch: int  # complete epochs already trained
    weights: str  # path of the weights file of that epoch
    history: list[dict[str, Any]] = field(default_factory=list)


def save_checkpoint(run_dir: RunDir, model, config: RunConfig, epoch: int) -> None:
    """Keep what is needed to continue after ``epoch`` complete epochs (then drop older checkpoints)."""
    import keras

    name = WEIGHTS_PATTERN.format(epoch=epoch)
    atomic_save(run_dir.file(name), model.save_weights)
    next_lr = polynomial_decay(epoch, config.epochs, config.lr, config.power) if epoch < config.epochs else 0.0
    run_dir.write_json(STATE_FILE, {
        "epoch": epoch, "epochs": config.epochs, "seed": config.seed, "weights": name, "next_lr": next_lr,
        "optimizer_iterations": int(keras.ops.convert_to_numpy(model.optimizer.iterations)),
    })
    for old in glob.glob(run_dir.file(WEIGHTS_PATTERN.format(epoch="*"))):
        if os.path.basename(old) != name:
            _remove(old)


def restore(model, point: ResumePoint) -> None:
    """Load the checkpoint's weights and optimizer state into a freshly built and compiled ``model``."""
    model.optimizer.build(model.trainable_variables)  # slots must exist before their values are loaded
    model.load_weights(point.weights)


def _status(path: str) -> str | None:
    try:
        with open(os.path.join(path, files.REPORT), encoding="utf-8") as handle:
            return json.load(handle).get("status")
    except (OSError, ValueError, AttributeError):
        return None


def _state(path: str) -> dict[str, Any] | None:
    try:
        with open(os.path.join(path, STATE_FILE), encoding="utf-8") as handle:
            state = json.load(handle)
        return state if isinstance(state, dict) and isinstance(state.get("epoch"), int) else None
    except (OSError, ValueError):
        return None


def load_resume_point(path: str) -> ResumePoint:
    """Everything needed to continue the run in ``path``; a ConfigError on ``resume`` says why it cannot."""
    shown = path
    path = os.path.abspath(os.path.expanduser(path))
    if not os.path.isdir(path):
        what = "does not exist" if not os.path.exists(path) else "is a file, not a run directory"
        raise ConfigError("resume", f"{shown!r} {what}")
    if not os.path.isfile(os.path.join(path, files.CONFIG)):
        raise ConfigError("resume", f"{shown!r} is not a run directory (no config.toml)")
    try:
        values = load_toml(os.path.join(path, files.CONFIG))
        # Runs made before split_seed existed were split (and held out) by their seed: keep doing so.
        values.setdefault("split_seed", values.get("seed", 0))
        config = RunConfig.from_mapping(values)
    except ConfigError as exc:
        raise ConfigError("resume", f"{shown!r} has an unusable config.toml ({exc})") from None
    if _status(path) == "finished":
        raise ConfigError("resume", f"{shown!r} already finished all {config.epochs} epochs; nothing to resume")
    state = _state(path)
    weights = os.path.join(path, str(state.get("weights", ""))) if state else ""
    if state is None or not os.path.isfile(weights):
        raise ConfigError("resume", f"{shown!r} has no checkpoint (it ended before its first epoch did); "
                                    f"start a new run instead")
    epoch = state["epoch"]
    try:
        history = [row for row in read_history(os.path.join(path, files.HISTORY)) if row.get("epoch", 0) <= epoch]
    except HistoryError as exc:  # names the file already
        raise ConfigError("resume", str(exc)) from None
    except OSError as exc:
        raise ConfigError("resume", f"{shown!r}: cannot read history.csv ({exc.strerror or exc})") from None
    if [row.get("epoch") for row in history] != list(range(1, epoch + 1)):
        raise ConfigError("resume", f"{shown!r}: history.csv does not hold epochs 1..{epoch} of the checkpoint")
    return ResumePoint(path, config, epoch, weights, history)


def resume_problem(path: str) -> str | None:
    """Why the run in ``path`` cannot be resumed, or None if it can (for the app's runs screen)."""
    try:
        load_resume_point(path)
    except ConfigError as exc:
        return exc.message
    return None


def mark_quit(path: str) -> None:
    """After a forced quit (a second Ctrl+C while saving) turn a ``running`` report.json into ``stopped``."""
    if _status(path) != "running":
        return
    rows = read_history(os.path.join(path, files.HISTORY))
    RunDir(path).write_json(files.REPORT, {"status": "stopped", "reason": "quit while saving; history.csv and "
                                            "the checkpoint hold every completed epoch", "epochs_done": len(rows)})


def remove_temp_files(run_dir: RunDir) -> None:
    """Drop ``.tmp-*`` files a killed process (SIGKILL, power loss) left half-written."""
    for stale in glob.glob(run_dir.file(".tmp-*")):
        _remove(stale)


def remove_checkpoints(run_dir: RunDir) -> None:
    """Drop the checkpoint once a run has finished: model.keras holds the final state."""
    for old in glob.glob(run_dir.file(WEIGHTS_PATTERN.format(epoch="*"))):
        _remove(old)
    _remove(run_dir.file(STATE_FILE))


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
