"""Speed settings a machine cannot honour are refused before anything trains (exit 2, one line)."""

from __future__ import annotations

import importlib.util
import os

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


def test_distribute_needs_the_tensorflow_backend(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object())  # pretend jax is installed
    assert main(["--no-ui", "--backend", "jax", "--distribute", "mirrored", "-o", str(tmp_path)]) == 2
    assert "needs --backend tensorflow" in capsys.readouterr().err


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
