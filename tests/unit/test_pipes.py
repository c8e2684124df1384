"""A closed pipe on stdout/stderr is noted once and then ignored, never raised (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys

from lstui.pipes import GuardedStream


def _pipe_with_reader_gone():
    read_fd, write_fd = os.pipe()
    os.close(read_fd)
    return os.fdopen(write_fd, "w")


def test_a_write_into_a_closed_pipe_calls_back_once_and_later_writes_are_dropped():
    calls = []
    stream = GuardedStream(_pipe_with_reader_gone(), lambda: calls.append(1))
    for _ in range(3):
        print("a line", file=stream, flush=True)
    stream.stream.close()  # the descriptor now points at /dev/null: the final flush cannot fail
    assert calls == [1] and stream.closed_pipe


def test_a_reader_gone_is_seen_before_the_next_write():
    calls = []
    stream = GuardedStream(_pipe_with_reader_gone(), lambda: calls.append(1))
    assert stream.check() and calls == [1]


def test_an_open_pipe_is_left_alone():
    read_fd, write_fd = os.pipe()
    stream = GuardedStream(os.fdopen(write_fd, "w"), lambda: None)
    print("hello", file=stream, flush=True)
    assert not stream.check()
    assert os.read(read_fd, 100) == b"hello\n"
    os.close(read_fd)
    stream.stream.close()


def test_compare_into_a_closed_pipe_exits_141_without_a_traceback(tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    (run / "config.toml").write_text('dataset = "digits"\nmethod = "labels"\nsmoothing = 0.1\n')
    (run / "report.json").write_text('{"status": "finished", "accuracy": 0.9}')
    # `true` exits at once, long before lstui (a second to start) writes its table.
    command = f"{sys.executable} -m lstui compare {run} | true; echo \"${{PIPESTATUS[0]}}\""
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines()[-1] == "141", done.stderr
    assert done.stderr == ""
