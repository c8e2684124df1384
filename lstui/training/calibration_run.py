"""What a run does for calibration: hold out a slice and track val_nll / val_confidence (``pictures.py`` draws).

The held-out slice (``RunConfig.holdout``, default 10 % of the training images, stratified by
label and fixed by ``split_seed``, not the run's seed, so runs with different seeds hold out the
same images) is taken out of the training set before anything else sees it: it is not trained on,
does not enter the pixel mean and gets no label noise. After training it is only predicted, to
fit the temperature-scaling reference; the test set stays untouched for measuring.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from lstui.training.calibration import holdout_indices
from lstui.training.dataset import Dataset

# Keras metric names; on the validation split Keras logs them as val_nll and val_confidence.
# Their train-side values are left out of history.csv: for method 'labels' the training targets
# are smoothed, so a train-side "NLL" would be a smoothed loss, not comparable across methods.
VALIDATION_ONLY_METRICS = ("nll", "confidence")


@dataclasses.dataclass(frozen=True)
class Holdout:
    """The held-out slice of the training set: images and integer labels (empty when fraction is 0)."""

    x: np.ndarray
    y: np.ndarray

    def __len__(self) -> int:
        return len(self.y)


def split_holdout(dataset: Dataset, fraction: float, seed: int) -> tuple[Dataset, Holdout]:
    """The dataset without the held-out slice, and the slice itself; a run passes its ``split_seed`` as ``seed``."""
    train, held = holdout_indices(dataset.y_train, fraction, seed)
    remaining = dataclasses.replace(dataset, x_train=dataset.x_train[train], y_train=dataset.y_train[train])
    return remaining, Holdout(dataset.x_train[held], dataset.y_train[held])


def top_class_probability(y_true, y_pred):
    """Per-sample top-class probability (its mean over a split is the mean confidence).

    A function of lstui's, so only training compiles it in: ``model.keras`` is saved uncompiled
    (``export.py``), and loading it needs no lstui.
    """
    from keras import ops

    return ops.max(y_pred, axis=-1)


def validation_metrics() -> list:
    """Keras metrics for compile(): hard-label NLL and mean confidence, reported per epoch as val_*.

    The validation targets are hard one-hot labels, so CategoricalCrossentropy (no smoothing)
    is the true-class NLL for both methods, unlike val_loss, which method 'loss' smooths.
    """
    import keras

    return [keras.metrics.CategoricalCrossentropy(name="nll"),
            keras.metrics.MeanMetricWrapper(top_class_probability, name="confidence")]
