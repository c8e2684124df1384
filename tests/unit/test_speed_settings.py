"""Speed settings a machine cannot honour are refused before anything trains (exit 2, one line)."""

from __future__ import annotations

import importlib.util
import os

import numpy as np
import pytest

from lstui.cli import main
from lstui.config import RunConfig
from lstui.training import run


@pytest.mark.parametrize("backend", ["jax", "torch"])
def test_a_backend_that_is_not_installed_exits_2_with_the_pip_command(backend, tmp_path, capsys):
    if importlib.util.find_spec(backend) is not None:
        pytest.skip(f"{backend} is installed here")
    assert main(["--no-ui", "--backend", backend, "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"--backend: {backend} is not installed; install it with: pip install {backend}" in err
    assert "Traceback" not in err and not os.listdir(tmp_path)


def test_multiworker_without_tf_config_exits_2_naming_tf_config(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("TF_CONFIG", raising=False)
    assert main(["--no-ui", "--distribute", "multiworker", "-o", str(tmp_path)]) == 2
    assert "--distribute: multiworker needs TF_CONFIG" in capsys.readouterr().err


@pytest.mark.parametrize("distribute", ["mirrored", "multiworker"])
def test_tf_distribute_on_jax_exits_2_suggesting_data_parallel(distribute, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object())  # pretend jax is installed
    assert main(["--no-ui", "--backend", "jax", "--distribute", distribute, "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"--distribute: {distribute} uses tf.distribute and needs --backend tensorflow, got jax; " \
           "on jax use --distribute data-parallel" in err
    assert len(err.strip().splitlines()) == 1 and not os.listdir(tmp_path)


def test_data_parallel_on_tensorflow_exits_2_suggesting_mirrored(tmp_path, capsys):
    assert main(["--no-ui", "--distribute", "data-parallel", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "--distribute: data-parallel uses keras.distribution and needs --backend jax, got tensorflow; " \
           "on tensorflow use --distribute mirrored (one host) or multiworker (several)" in err
    assert len(err.strip().splitlines()) == 1 and not os.listdir(tmp_path)


@pytest.mark.parametrize("env, says", [
    ({"JAX_COORDINATOR_ADDRESS": "a:1234"}, "JAX_NUM_PROCESSES, JAX_PROCESS_ID is not set"),
    ({"JAX_COORDINATOR_ADDRESS": "a:1234", "JAX_NUM_PROCESSES": "two", "JAX_PROCESS_ID": "0"},
     "JAX_NUM_PROCESSES must be an integer, got 'two'"),
    ({"JAX_COORDINATOR_ADDRESS": "a:1234", "JAX_NUM_PROCESSES": "2", "JAX_PROCESS_ID": "2"},
     "JAX_PROCESS_ID must be in [0, 1] for 2 processes, got 2"),
])
def test_data_parallel_with_half_a_multi_host_setting_exits_2(env, says, tmp_path, capsys, monkeypatch):
    if importlib.util.find_spec("jax") is None:
        pytest.skip("needs lstui[jax]")
    for name in ("JAX_COORDINATOR_ADDRESS", "JAX_NUM_PROCESSES", "JAX_PROCESS_ID", "KERAS_DISTRIBUTION_JOB_ADDRESSES",
                 "KERAS_DISTRIBUTION_NUM_PROCESSES", "KERAS_DISTRIBUTION_PROCESS_ID"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["--no-ui", "--backend", "jax", "--distribute", "data-parallel", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err and not os.listdir(tmp_path)


def test_a_padded_evaluation_set_keeps_every_image_and_weighs_the_padding_zero():
    from lstui.training import pipeline

    x = np.arange(7 * 4, dtype=np.uint8).reshape(7, 2, 2, 1)
    y = np.eye(3, dtype=np.float32)[[0, 1, 2, 0, 1, 2, 0]]
    batches = list(pipeline.eval_dataset(x, y, np.zeros((2, 2, 1), np.float32), 4, multiple=2).as_numpy_iterator())
    assert [len(b[0]) for b in batches] == [4, 4]  # 7 images and one padding row: both batches split in two
    images, targets, weights = (np.concatenate(part) for part in zip(*batches))
    assert np.array_equal(images[:7], x.astype(np.float32)) and np.array_equal(targets[:7], y)
    assert weights.tolist() == [1] * 7 + [0]
    assert pipeline.padding_factor(7, 2) == pytest.approx(8 / 7)


def test_the_fast_preset_is_the_tutorial_run_scaled_for_a_gpu():
    from lstui.config import preset

    fast, tutorial = preset("fast"), preset("pyimagesearch")
    assert (fast.dataset, fast.model, fast.method, fast.smoothing) == (tutorial.dataset, tutorial.model, "labels", 0.1)
    # Linear scaling rule: lr grows with the batch, so lr per image stays the tutorial's.
    assert fast.lr / fast.batch_size == pytest.approx(tutorial.lr / tutorial.batch_size)
    assert fast.mixed_precision and fast.jit and fast.epochs < tutorial.epochs


def test_run_itself_refuses_bad_speed_settings_as_input_errors(tmp_path, monkeypatch):
    from lstui.training import RunFailed

    monkeypatch.delenv("TF_CONFIG", raising=False)
    events = []
    result = run(RunConfig(distribute="multiworker", out=str(tmp_path)), events.append)
    assert result.bad_input and "TF_CONFIG" in result.message
    assert isinstance(events[-1], RunFailed) and events[-1].kind == "input"
    assert not os.listdir(tmp_path)
