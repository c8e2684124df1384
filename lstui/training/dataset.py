"""What every loader returns and raises: ``Dataset``, ``DataError``, and the class names of the known datasets.

The loaders live in ``data.py`` (digits, MNIST-like, image folders) and ``cifar.py``; both build on this
module, so neither needs the other. Only numpy and ``lstui.config`` here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstui.config import ConfigError

CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
MNIST_CLASSES = [str(i) for i in range(10)]
FASHION_CLASSES = ["t-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag",
                   "ankle boot"]


class DataError(ValueError):
    """The dataset is missing, unreadable or malformed; the message says what and where."""

    def as_config_error(self) -> ConfigError:
        """This problem as a ConfigError on the ``data_dir`` setting, whose message adds ``--data-dir:`` itself.

        Loaders start a message with ``--data-dir:`` when the fault is in the path the user gave; that
        prefix is dropped here so it is not said twice.
        """
        text, prefix = str(self), "--data-dir: "
        return ConfigError("data_dir", text[len(prefix):] if text.startswith(prefix) else text)


@dataclass
class Dataset:
    """A loaded dataset: uint8 images (N, H, W, C), int64 labels and class names."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: list[str]

    @property
    def num_classes(self) -> int:
        """Number of classes K."""
        return len(self.class_names)

    @property
    def input_shape(self) -> tuple[int, int, int]:
        """(H, W, C) of one image."""
        return tuple(self.x_train.shape[1:])  # type: ignore[return-value]

    @property
    def nbytes(self) -> int:
        """Bytes held by the image and label arrays."""
        return sum(a.nbytes for a in (self.x_train, self.y_train, self.x_test, self.y_test))


def short_error(exc: BaseException) -> str:
    """``Type: message`` of ``exc`` on one line of at most 100 characters, for a DataError's explanation."""
    text = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return text if len(text) <= 100 else text[:97] + "..."
