"""A closed stdout or stderr (``lstui ... | head``): stop quietly, as Unix tools do, instead of failing.

Python ignores SIGPIPE, so a write to a pipe whose reader has gone raises ``BrokenPipeError``.
:class:`GuardedStream` wraps ``sys.stdout`` / ``sys.stderr`` for the headless printer: the first
failed write calls ``on_closed`` (the printer then stops the run after the batch, like Ctrl+C),
and from then on writes are dropped. The stream's file descriptor is pointed at ``/dev/null``
at once, as the Python docs' note on SIGPIPE advises, so that the interpreter's last flush at exit
cannot fail and print a traceback either. Standard library only.
"""

from __future__ import annotations

import os
import select
from typing import IO, Callable


def silence(stream: IO[str]) -> None:
    """Point ``stream``'s file descriptor at /dev/null (if it has one): later writes and flushes succeed."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # a StringIO in tests, or already closed
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def reader_gone(stream: IO[str]) -> bool:
    """Whether ``stream`` is a pipe whose reader has closed it (POLLERR on the write end); False if unknown."""
    try:
        fd = stream.fileno()
        if not hasattr(select, "poll") or os.isatty(fd):
            return False
        poller = select.poll()
        poller.register(fd, select.POLLOUT)
        return any(mask & select.POLLERR for _, mask in poller.poll(0))
    except (AttributeError, OSError, ValueError):
        return False


class GuardedStream:
    """``stream``, except that a closed pipe calls ``on_closed`` once and later writes are dropped."""

    def __init__(self, stream: IO[str], on_closed: Callable[[], None]):
        self.stream = stream
        self.on_closed = on_closed
        self.closed_pipe = False

    def write(self, text: str) -> int:
        """Write ``text``; after the reader has gone, drop it."""
        if not self.closed_pipe:
            try:
                return self.stream.write(text)
            except BrokenPipeError:
                self._close()
        return len(text)

    def flush(self) -> None:
        """Flush; a closed pipe is noted, not raised."""
        if not self.closed_pipe:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._close()

    def check(self) -> bool:
        """Note a reader that has gone even before the next write fails (called after every batch)."""
        if not self.closed_pipe and reader_gone(self.stream):
            self._close()
        return self.closed_pipe

    def _close(self) -> None:
        self.closed_pipe = True
        silence(self.stream)
        self.on_closed()

    def __getattr__(self, name: str):
        return getattr(self.stream, name)  # isatty, fileno, encoding: as the wrapped stream
