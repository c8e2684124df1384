"""Keeping the terminal Textual draws on free of output written straight to file descriptor 2, and leaving fast.

Quitting the app took 1.3 s before TensorFlow had loaded and several seconds after (6 s at load 9):
nearly all of it after the app had returned, in the interpreter's teardown of TensorFlow's
modules. With no run left to save, ``run_app_and_leave`` ends the process as soon as the app has
returned and the terminal is restored (every run file is written atomically and closed by then).
"""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from typing import Callable, Iterator


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
            screen.close()


def run_app_and_leave(app, busy: Callable[[], bool]) -> int:
    """Run the Textual ``app`` on the terminal; when it returns and ``busy()`` is false, end the process at once.

    While ``busy()`` (a run still saving after a second ctrl+q) the exit code is returned as usual, so
    the interpreter waits for the training thread to finish writing before the process ends.
    """
    with terminal_kept_for_textual():
        code = app.run() or 0
    if busy():
        return code
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # skip the interpreter's teardown: TensorFlow's takes seconds
