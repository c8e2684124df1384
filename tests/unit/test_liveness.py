"""Telling a run that trains now from one whose process was killed without a word."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from lstui.runs.liveness import STALE_S, is_live, live_record

CHILD = """
import sys, time
from lstui.runs.liveness import Heartbeat
Heartbeat(sys.argv[1])
print("beating", flush=True)
time.sleep(600)
"""


def _write(run_dir, **record) -> None:
    (run_dir / "live.json").write_text(json.dumps({"pid": os.getpid(), "host": os.uname().nodename,
                                                   "started": time.time(), "heartbeat": time.time(), **record}))


def test_a_sigkilled_training_process_is_not_live_at_once_on_its_own_host(tmp_path):
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "beating"
        assert is_live(str(tmp_path))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        assert (tmp_path / "live.json").exists()  # nothing cleaned up: the record says it is training
        assert not is_live(str(tmp_path))
    finally:
        child.kill()


def test_a_heartbeat_older_than_the_limit_is_not_live_even_on_another_host(tmp_path):
    _write(tmp_path, host="gpu-box-7", heartbeat=time.time() - 3)
    assert live_record(str(tmp_path)).host == "gpu-box-7"  # another host: its pid cannot be checked here
    assert live_record(str(tmp_path), now=time.time() + STALE_S) is None
    assert STALE_S <= 15  # readers are never wrong for more than 15 s (issue 11)


def test_no_record_or_a_broken_one_is_not_live(tmp_path):
    assert not is_live(str(tmp_path))
    (tmp_path / "live.json").write_text('{"pid": ')
    assert not is_live(str(tmp_path))
