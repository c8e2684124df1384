"""Messages for runs that fail during training: a diverged loss, a full disk, anything else."""

from __future__ import annotations

import errno


def nan_message(epoch: int, batch: int, lr: float) -> str:
    """What to tell the user when the loss became NaN or infinite, and what to try."""
    return (f"the loss became NaN/Inf at epoch {epoch}, batch {batch}; training diverged. "
            f"Try a lower learning rate, e.g. --lr {lr / 10:g} (it was {lr:g})")


def describe_failure(exc: BaseException) -> str:
    """One line for a failure inside training; a full disk says so in plain words."""
    if isinstance(exc, FloatingPointError):
        return str(exc)
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        where = f" writing {exc.filename}" if exc.filename else ""
        return (f"the disk is full{where}; the run stopped and its folder keeps what was saved before. "
                f"Free some space and resume it with --resume")
    return f"{type(exc).__name__}: {exc}"
