"""The two ways to smooth labels, as in PyImageSearch's tutorial.

1. ``labels``: smooth the one-hot training labels up front, ``y * (1 - f) + f / K``.
2. ``loss``: keep hard labels and let ``CategoricalCrossentropy(label_smoothing=f)`` smooth them.

Both are the same mathematics; only the training labels are ever smoothed.
"""

from __future__ import annotations

import numpy as np


def one_hot(labels: np.ndarray, num_classes: int) -> np.ndarray:
    """Integer labels (N,) -> float32 one-hot rows (N, K)."""
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    out = np.zeros((labels.size, num_classes), dtype=np.float32)
    out[np.arange(labels.size), labels] = 1.0
    return out


def smooth_labels(one_hot_labels: np.ndarray, factor: float) -> np.ndarray:
    """Return ``y * (1 - f) + f / K`` as a new float32 array; the input is left untouched."""
    if not 0.0 <= factor < 1.0:
        raise ValueError(f"smoothing factor must be in [0, 1), got {factor}")
    y = np.asarray(one_hot_labels, dtype=np.float32)
    num_classes = y.shape[-1]
    return y * np.float32(1.0 - factor) + np.float32(factor / num_classes)


def training_targets(method: str, labels: np.ndarray, num_classes: int, factor: float) -> np.ndarray:
    """The label array that ``fit`` receives: smoothed for 'labels', hard one-hot for 'loss'."""
    hard = one_hot(labels, num_classes)
    return smooth_labels(hard, factor) if method == "labels" else hard


def make_loss(method: str, factor: float):
    """The Keras loss: plain cross-entropy for 'labels' (targets are already smooth), smoothing for 'loss'."""
    import keras

    smoothing = factor if method == "loss" else 0.0
    return keras.losses.CategoricalCrossentropy(label_smoothing=smoothing)


def example(method: str, labels: np.ndarray, num_classes: int, factor: float) -> tuple[list[float], list[float]]:
    """The first training label before and after smoothing (for 'loss': what the loss will see)."""
    before = one_hot(labels[:1], num_classes)[0]
    # For 'loss' the array passed to fit stays hard, but the loss sees exactly this smoothed row.
    after = smooth_labels(before[None, :], factor)[0]
    return [float(v) for v in before], [round(float(v), 6) for v in after]
