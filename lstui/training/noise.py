"""Label noise: flip a fixed fraction of the training labels to another class, the same for every run.

``--label-noise R`` flips ``round(R * n)`` of the ``n`` training labels (Python's ``round``: the
nearest integer, halves to even), chosen without replacement, each to a class drawn uniformly from
the *other* ``k - 1`` classes, so a flipped label is always wrong. The draw uses a numpy Generator
seeded from ``split_seed`` (not the run's seed), so every run of a sweep, whatever its ``--seed``,
trains on the same noisy labels. Only the labels that are trained on are flipped: the runner calls
this after the held-out slice is taken out, and never on the test set.
"""

from __future__ import annotations

import numpy as np

# Mixed into the Generator's seed so the noise draw is a stream of its own, not the held-out
# slice's (which is drawn from split_seed alone).
NOISE_STREAM = 0x6E6F6973  # "nois"


def flipped_count(rate: float, n: int) -> int:
    """How many of ``n`` labels a noise rate ``rate`` flips: ``round(rate * n)``."""
    return min(int(round(rate * n)), n)


def flip_labels(labels: np.ndarray, num_classes: int, rate: float, seed: int) -> tuple[np.ndarray, int]:
    """``labels`` with ``round(rate * n)`` of them moved to a uniformly drawn other class, and that count.

    Returns a new array (``labels`` is left as it was); with ``rate == 0`` it is an unchanged copy.
    """
    y = np.asarray(labels, dtype=np.int64).reshape(-1).copy()
    count = flipped_count(rate, len(y))
    if count == 0:
        return y, 0
    if num_classes < 2:
        raise ValueError(f"label noise needs at least two classes, got {num_classes}")
    rng = np.random.default_rng([seed, NOISE_STREAM])
    chosen = rng.choice(len(y), size=count, replace=False)
    # Adding 1..k-1 (mod k) lands on each other class with equal chance and never on the same one.
    y[chosen] = (y[chosen] + rng.integers(1, num_classes, size=count)) % num_classes
    return y, count


def describe_noise(rate: float, flipped: int, n: int) -> str:
    """The log line, e.g. ``label noise 0.4: flipped 485 of 1,212 training labels to another class``."""
    return f"label noise {rate:g}: flipped {flipped:,} of {n:,} training labels to another class"
