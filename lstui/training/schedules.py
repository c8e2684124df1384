"""The tutorial's polynomial learning-rate decay, applied once per epoch."""

from __future__ import annotations


def polynomial_decay(epoch: int, epochs: int, lr0: float, power: float = 1.0) -> float:
    """``lr0 * (1 - epoch / epochs) ** power`` with ``epoch`` counted from 0 (power 1 = linear)."""
    if epochs < 1:
        raise ValueError("epochs must be >= 1")
    return float(lr0 * (1.0 - epoch / float(epochs)) ** power)
