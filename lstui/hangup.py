"""What a hang-up does: the terminal went away (SSH dropped, tmux killed) while a run trains.

With ``on_hangup = continue`` (the default) the process lets go of the dead terminal and trains
on: its standard streams and Textual's copy of the terminal are pointed at /dev/null, so no
write can fail with EIO or EPIPE, and the run goes on writing its folder and events.jsonl.
With ``on_hangup = stop`` the run stops after the batch and saves, as for ctrl+c.
Standard library only.
"""

from __future__ import annotations

import os

CONTINUE = "continue"
STOP = "stop"
HANGUP_CHOICES = (CONTINUE, STOP)

# Descriptors that point at the terminal besides 0, 1 and 2 (Textual's own copy, see lstui.terminal).
terminal_fds: set[int] = set()


def detach_from_terminal() -> None:
    """Point stdin, stdout, stderr and every other descriptor on the terminal at /dev/null."""
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in {0, 1, 2} | terminal_fds:
            try:
                os.dup2(null, fd)
            except OSError:
                pass  # already closed
    finally:
        os.close(null)
