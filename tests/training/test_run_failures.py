"""Runs that go wrong inside training keep everything up to that point and say why (trains tiny models)."""

from __future__ import annotations

import errno
import json
import os

import pytest

from lstui.cli import main
from lstui.config import RunConfig
from lstui.runs import files
from lstui.runs.rundir import read_history
from lstui.training.checkpoint import resume_problem
from lstui.training.events import EpochEnded, RunFailed
from lstui.training.runner import run

pytestmark = pytest.mark.training


def _only_run_dir(out) -> str:
    (run_dir,) = [os.path.join(out, d) for d in os.listdir(out)]
    return run_dir


def _report(run_dir: str) -> dict:
    with open(os.path.join(run_dir, "report.json"), encoding="utf-8") as handle:
        return json.load(handle)


def _no_temp_files(run_dir: str) -> bool:
    return not [f for f in os.listdir(run_dir) if f.startswith(".tmp")]


def test_nan_loss_stops_at_once_with_where_and_what_to_try(tmp_path, capsys):
    out = tmp_path / "runs"
    code = main(["--no-ui", "--epochs", "3", "--lr", "1e20", "--seed", "1", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "NaN/Inf at epoch 1, batch " in err and "lower learning rate" in err and "--lr 1e+19" in err
    run_dir = _only_run_dir(out)
    report = _report(run_dir)
    assert report["status"] == "failed" and "NaN/Inf" in report["reason"]
    assert open(os.path.join(run_dir, "history.csv")).read().startswith("epoch,loss")
    assert _no_temp_files(run_dir)


def test_an_exception_mid_training_keeps_completed_epochs_and_stays_resumable(tmp_path):
    events = []

    def sink(event):
        events.append(event)
        if isinstance(event, EpochEnded) and event.epoch == 2:
            raise RuntimeError("the sink broke")

    result = run(RunConfig(epochs=4, seed=2, out=str(tmp_path)), sink)
    assert result.status == "failed" and result.message == "RuntimeError: the sink broke"
    assert isinstance(events[-1], RunFailed) and events[-1].epochs_done == 2
    report = _report(result.run_dir)
    assert report["status"] == "failed" and report["reason"] == "RuntimeError: the sink broke"
    assert [r["epoch"] for r in read_history(os.path.join(result.run_dir, "history.csv"))] == [1, 2]
    assert "RuntimeError" in open(os.path.join(result.run_dir, "error.txt")).read()
    assert resume_problem(result.run_dir) is None
    assert _no_temp_files(result.run_dir)


def test_disk_full_during_training_stops_the_run_cleanly(tmp_path, monkeypatch):
    # A real full disk needs a small mount, which this container cannot make: the write of
    # history.csv from epoch 2 on fails with ENOSPC, as the kernel would report it.
    real_write = files.atomic_write_bytes
    writes = {"history": 0}

    def filling_disk(path, data):
        if path.endswith("history.csv"):
            writes["history"] += 1
            if writes["history"] >= 2:
                raise OSError(errno.ENOSPC, "No space left on device", path)
        real_write(path, data)

    monkeypatch.setattr(files, "atomic_write_bytes", filling_disk)
    result = run(RunConfig(epochs=3, seed=3, out=str(tmp_path)), lambda event: None)
    assert result.status == "failed"
    assert result.message.startswith("the disk is full writing ") and "--resume" in result.message
    assert _report(result.run_dir)["status"] == "failed"
    assert [r["epoch"] for r in read_history(os.path.join(result.run_dir, "history.csv"))] == [1]
    assert resume_problem(result.run_dir) is None  # the checkpoint of epoch 1 is whole
    assert _no_temp_files(result.run_dir)
