"""Timing the app as a user sees it: ``lstui`` in a real terminal (tmux), the pane polled every 20 ms.

Used by ``make bench`` for P3 (first paint), P8 (runs screen at 1,000 runs) and P10 (quit during a
run), and by hand while profiling. A figure is the wall time from an action (starting the command,
sending a key) to the first poll that shows the awaited text; the poll interval (20 ms) bounds
the error.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time

POLL_S = 0.020
EXITED = "LSTUI-EXITED"  # printed by the shell once lstui has returned: the prompt is back
TMUX = ["tmux", "-L", "lstui-bench"]  # a server of our own: other people's tmux sessions are left alone


class Terminal:
    """One tmux session running one command; a context manager that kills the session on exit."""

    def __init__(self, command: str, cols: int = 120, rows: int = 40, env: dict[str, str] | None = None) -> None:
        self.name = f"lstui-bench-{os.getpid()}-{time.monotonic_ns()}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        shell = f"{'export ' + exports + '; ' if exports else ''}{command}; echo {EXITED}; sleep 600"
        for attempt in range(3):  # a server exiting as its last session closes can refuse the next one
            self.started = time.perf_counter()
            made = subprocess.run([*TMUX, "new-session", "-d", "-s", self.name, "-x", str(cols), "-y", str(rows),
                                   shell], capture_output=True, text=True)
            if made.returncode == 0:
                break
            time.sleep(0.5)
        else:
            raise RuntimeError(f"tmux could not start a session: {made.stderr.strip()}")

    def screen(self) -> str:
        """The pane's text now."""
        return subprocess.run([*TMUX, "capture-pane", "-p", "-t", self.name], capture_output=True,
                              text=True).stdout

    def keys(self, *keys: str) -> float:
        """Send keys (tmux names: C-q, Enter, y); return the time they were sent (perf_counter)."""
        subprocess.run([*TMUX, "send-keys", "-t", self.name, *keys], check=True)
        return time.perf_counter()

    def until(self, text: str, limit_s: float = 60.0, gone: bool = False) -> float:
        """Poll until ``text`` is on screen (or, with ``gone``, no longer is); return that moment.

        Raises TimeoutError after ``limit_s`` with the last screen in the message."""
        deadline = time.perf_counter() + limit_s
        while True:
            shown = text in self.screen()
            now = time.perf_counter()
            if shown != gone:
                return now
            if now > deadline:
                raise TimeoutError(f"{text!r} {'still' if gone else 'not'} on screen after {limit_s:.0f} s:\n"
                                   f"{self.screen()}")
            time.sleep(POLL_S)

    def close(self) -> None:
        """Kill the tmux session (and whatever still runs in it)."""
        subprocess.run([*TMUX, "kill-session", "-t", self.name], capture_output=True)

    def __enter__(self) -> "Terminal":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
