"""Signals to a real headless run (digits, smallcnn): stop cleanly, keep everything, resume to the end."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from cli_helpers import report_status, run_dir_in_runs, wait_for_pictures
from lstui.runs.rundir import read_history

pytestmark = pytest.mark.training
EPOCHS = 5


def _start(out, *extra: str) -> subprocess.Popen:
    argv = [sys.executable, "-m", "lstui", "--no-ui", *extra]
    return subprocess.Popen(argv, cwd=out, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "CUDA_VISIBLE_DEVICES": ""})


def _interrupt_after_epoch(proc: subprocess.Popen, epoch: int, signum: int, again: bool = False) -> tuple[int, str]:
    """Read the run's output until ``epoch`` has ended, send ``signum``; with ``again`` once more while it stops."""
    seen = []
    waiting_for = f"epoch {epoch}/"
    for line in proc.stdout:
        seen.append(line)
        if line.startswith(waiting_for):
            proc.send_signal(signum)
            if not again:
                break
            waiting_for, again = "[INFO] SIGINT: stopping", False
        elif waiting_for in line:  # the first signal is being handled: the run is saving now
            proc.send_signal(signum)
            break
    out, _ = proc.communicate(timeout=300)
    return proc.returncode, "".join(seen) + out


def _epochs(run_dir: str) -> list[int]:
    return [row["epoch"] for row in read_history(os.path.join(run_dir, "history.csv"))]


def _temp_files(run_dir: str) -> list[str]:
    return [name for name in os.listdir(run_dir) if name.startswith(".tmp")]


def test_sigint_at_epoch_2_saves_everything_and_resume_trains_the_rest(tmp_path):
    code, out = _interrupt_after_epoch(
        _start(tmp_path, "--epochs", str(EPOCHS), "--seed", "4", "-b", "16", "-o", "runs"), 2, signal.SIGINT)
    assert code == 130, out
    run_dir = run_dir_in_runs(tmp_path)
    assert "Traceback" not in out
    assert report_status(run_dir) == "stopped"
    done = _epochs(run_dir)
    assert 2 <= len(done) < EPOCHS and done == list(range(1, len(done) + 1))
    for name in ("model.keras", "predictions.npz", "report.txt", "checkpoint.json", "config.toml"):
        assert os.path.getsize(os.path.join(run_dir, name)) > 0, name  # there when the prompt is back
    assert f"to continue: lstui --no-ui --resume runs/{os.path.basename(run_dir)}" in out
    assert "being drawn in the background" in out  # the plot line names no picture as if it were there
    assert wait_for_pictures(run_dir) == []  # a detached process draws them from the saved files
    assert _temp_files(run_dir) == []
    report = json.load(open(os.path.join(run_dir, "report.json"), encoding="utf-8"))
    assert report["status"] == "stopped" and len(report["representation"]["classes"]) == 3
    with open(os.path.join(run_dir, ".tmp-999-history.csv"), "w") as stale:  # as a SIGKILL mid-write leaves
        stale.write("epoch,lo")

    resumed = subprocess.run([sys.executable, "-m", "lstui", "--no-ui", "--resume", run_dir], cwd=tmp_path,
                             capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming after epoch {len(done)}" in resumed.stdout
    assert _epochs(run_dir) == list(range(1, EPOCHS + 1))
    assert report_status(run_dir) == "finished"
    assert os.listdir(os.path.join(tmp_path, "runs")) == [os.path.basename(run_dir)]
    assert _temp_files(run_dir) == [] and not os.path.exists(os.path.join(run_dir, "checkpoint.json"))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_with_on_hangup_stop_stop_cleanly_with_143(tmp_path, signum):
    code, out = _interrupt_after_epoch(
        _start(tmp_path, "--epochs", str(EPOCHS), "--seed", "5", "-b", "16", "-o", "runs", "--on-hangup", "stop"), 1,
        signum)
    assert code == 143, out
    run_dir = run_dir_in_runs(tmp_path)
    assert report_status(run_dir) == "stopped" and "Traceback" not in out
    assert wait_for_pictures(run_dir) == [] and _temp_files(run_dir) == []


def test_a_second_sigint_while_saving_leaves_completed_epochs_intact(tmp_path):
    code, out = _interrupt_after_epoch(
        _start(tmp_path, "--epochs", str(EPOCHS), "--seed", "6", "-b", "16", "-o", "runs"), 2, signal.SIGINT,
        again=True)
    assert code == 130, out
    assert "[INFO] quit;" in out and "Traceback" not in out
    run_dir = run_dir_in_runs(tmp_path)
    done = _epochs(run_dir)
    assert len(done) >= 2 and done == list(range(1, len(done) + 1))
    assert report_status(run_dir) == "stopped"
    assert _temp_files(run_dir) == []
