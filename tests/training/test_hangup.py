"""A dropped terminal (SIGHUP) does not stop training: headless and in the app, the run reaches its end."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import threading
import time

import pytest

from cli_helpers import run_dir_in_runs, report_status
from lstui.event_log import read_events
from lstui.training.events import EpochEnded, RunFinished

pytestmark = pytest.mark.training
EPOCHS = 4
ENV = {**os.environ, "CUDA_VISIBLE_DEVICES": "", "TERM": "xterm-256color"}


def _epochs_logged(out) -> int:
    try:
        return sum(isinstance(event, EpochEnded) for event in read_events(run_dir_in_runs(out)))
    except (ValueError, FileNotFoundError):
        return 0


def _wait_for(condition, timeout: float = 240.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def _assert_finished_in_full(run_dir: str) -> None:
    assert report_status(run_dir) == "finished"
    events = read_events(run_dir)
    assert [e.epoch for e in events if isinstance(e, EpochEnded)] == list(range(1, EPOCHS + 1))
    assert isinstance(events[-1], RunFinished) and events[-1].status == "finished"
    for name in ("model.keras", "plot.png", "report.txt", "predictions.npz"):
        assert os.path.getsize(os.path.join(run_dir, name)) > 0, name
    assert not os.path.exists(os.path.join(run_dir, "live.json"))


def test_a_headless_run_trains_on_after_sighup(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "lstui", "--no-ui", "--epochs", str(EPOCHS), "--seed", "2",
                             "-b", "16", "-o", "runs"], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=ENV)
    for line in proc.stdout:
        if line.startswith("epoch 1/"):
            proc.send_signal(signal.SIGHUP)
            break
    rest = proc.stdout.read()  # the terminal is let go of: nothing more comes, and no error
    assert proc.wait(timeout=300) == 0
    assert "Traceback" not in rest
    _assert_finished_in_full(run_dir_in_runs(tmp_path))


def test_the_app_trains_its_run_to_the_end_after_its_terminal_hangs_up(tmp_path):
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "lstui", "--epochs", str(EPOCHS), "--seed", "3", "-b", "16",
                             "-o", "runs"], cwd=tmp_path, stdin=slave, stdout=slave, stderr=slave, env=ENV,
                            start_new_session=True)
    os.close(slave)
    screen = bytearray()

    def drain() -> None:  # a terminal reads what the app draws, or the app blocks on a full pty
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            screen.extend(chunk)

    threading.Thread(target=drain, daemon=True).start()
    try:
        _wait_for(lambda: b"smoothing" in screen, 120)
        time.sleep(1)
        os.write(master, b"\x12")  # ctrl+r
        _wait_for(lambda: _epochs_logged(tmp_path) >= 1)
        proc.send_signal(signal.SIGHUP)  # as the terminal going away sends it
        os.close(master)
        assert proc.wait(timeout=300) == 0
    finally:
        proc.kill()
    _assert_finished_in_full(run_dir_in_runs(tmp_path))
