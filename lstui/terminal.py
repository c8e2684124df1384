"""Keeping the terminal Textual draws on free of output written straight to file descriptor 2."""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from typing import Iterator

from lstui.hangup import terminal_fds


@contextmanager
def terminal_kept_for_textual() -> Iterator[None]:
    """Keep stray writes to file descriptor 2 (TensorFlow's C++ logging) off the screen.

    Textual draws on ``sys.__stderr__``; C libraries write to fd 2 directly and would scribble
    over the screen, and ``import_keras`` points fd 2 at a file while TensorFlow loads, which
    would hide the screen's updates. So Textual gets its own copy of the terminal and fd 2 goes
    to a temporary file for the app's lifetime.
    """
    stream = sys.__stderr__
    if stream is None or not stream.isatty():
        yield
        return
    saved_fd = os.dup(2)
    screen = os.fdopen(os.dup(2), "w", encoding=stream.encoding, errors="replace", buffering=1)
    terminal_fds.add(screen.fileno())  # a hang-up points it at /dev/null too
    saved_streams = (sys.__stderr__, sys.stderr)
    with tempfile.TemporaryFile() as stray:
        os.dup2(stray.fileno(), 2)
        sys.__stderr__ = sys.stderr = screen
        try:
            yield
        finally:
            os.dup2(saved_fd, 2)
            os.close(saved_fd)
            sys.__stderr__, sys.stderr = saved_streams
            terminal_fds.discard(screen.fileno())
            screen.close()
