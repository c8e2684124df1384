"""The exit codes of every lstui command, in one place (the CLI's epilog and docs/usage.md list them)."""

from __future__ import annotations

import signal

EXIT_OK = 0
EXIT_FAILED = 1  # training failed
EXIT_BAD_INPUT = 2  # a setting, a file or a run directory the user named is wrong
EXIT_INTERRUPTED = 130  # Ctrl+C (128 + SIGINT)
EXIT_TERMINATED = 143  # SIGTERM, or SIGHUP with on_hangup = stop (128 + SIGTERM)
EXIT_BROKEN_PIPE = 141  # stdout or stderr closed by its reader (`lstui ... | head`; 128 + SIGPIPE)


def exit_code_for(signum: int) -> int:
    """130 after SIGINT (Ctrl+C), 143 after SIGTERM or SIGHUP, as shells report 128 + signal."""
    return EXIT_INTERRUPTED if signum == signal.SIGINT else EXIT_TERMINATED
