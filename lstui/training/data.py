"""Dataset loaders (CIFAR in cifar.py): every dataset comes back as uint8 NHWC images, int labels and class names.

What they return and raise (``Dataset``, ``DataError``) and the class names are in ``dataset.py``.

Only numpy, scikit-learn and Pillow here; the tf.data input pipeline is in ``pipeline.py``.
CIFAR archives are read directly in their real format (python pickle batches of uint8 rows:
1024 red, 1024 green, 1024 blue), since Keras' own cache layout changes between versions.
"""

from __future__ import annotations

import os
from typing import Callable

import numpy as np

# Dataset and DataError live in dataset.py; importing them from here keeps working.
from lstui.training.dataset import FASHION_CLASSES, MNIST_CLASSES, DataError, Dataset, short_error

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff")


def load_dataset(name: str, data_dir: str | None = None, split_seed: int = 0, image_size: int = 32) -> Dataset:
    """Load dataset ``name``; ``data_dir`` points at local files where the dataset allows it.

    Datasets without a test set of their own (digits, a folder without ``train/`` and ``test/``) are
    split by ``split_seed`` (the setting of that name, not the run's seed), so runs with different
    seeds share one test set, in one order.
    """
    loaders: dict[str, Callable[[], Dataset]] = {
        "digits": lambda: load_digits(split_seed),
        "cifar10": lambda: _cifar(data_dir, fine=False),
        "cifar100": lambda: _cifar(data_dir, fine=True),
        "mnist": lambda: load_mnist_like("mnist", data_dir),
        "fashion_mnist": lambda: load_mnist_like("fashion_mnist", data_dir),
        "folder": lambda: load_folder(data_dir, image_size, split_seed),
    }
    if name not in loaders:
        raise DataError(f"unknown dataset {name!r}; choose one of {', '.join(loaders)}")
    dataset = loaders[name]()
    _check_dataset(dataset)
    return dataset


def _cifar(data_dir: str | None, fine: bool) -> Dataset:
    from lstui.training.cifar import load_cifar  # read on demand: CIFAR's loader is only needed for CIFAR

    return load_cifar(data_dir, fine)


def _check_dataset(ds: Dataset) -> None:
    if len(ds.x_train) == 0 or len(ds.x_test) == 0:
        raise DataError(f"dataset {ds.name!r} has an empty train or test split")
    if ds.num_classes < 2:
        raise DataError(f"dataset {ds.name!r} needs at least two classes, found {ds.num_classes}")
    for split, labels in (("train", ds.y_train), ("test", ds.y_test)):
        if labels.min() < 0 or labels.max() >= ds.num_classes:
            raise DataError(f"dataset {ds.name!r}: {split} labels must be 0..{ds.num_classes - 1}, "
                            f"found {labels.min()}..{labels.max()}")


def stratified_split(n_labels: np.ndarray, test_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, test) of a stratified split by label, repeatable for a seed."""
    from sklearn.model_selection import train_test_split

    idx = np.arange(len(n_labels))
    counts = np.bincount(n_labels)
    stratify = n_labels if counts[counts > 0].min() >= 2 else None
    train, test = train_test_split(idx, test_size=test_fraction, random_state=seed, stratify=stratify)
    return np.sort(train), np.sort(test)


def load_digits(split_seed: int = 0) -> Dataset:
    """scikit-learn's bundled 8x8 digits (no network), split 75/25 stratified by ``split_seed``."""
    from sklearn.datasets import load_digits as sk_digits

    bunch = sk_digits()
    # Pixel values are 0..16; scale to the uint8 range every other dataset uses.
    images = np.clip(np.round(bunch.images * (255.0 / 16.0)), 0, 255).astype(np.uint8)[..., None]
    labels = bunch.target.astype(np.int64)
    train, test = stratified_split(labels, 0.25, split_seed)
    return Dataset("digits", images[train], labels[train], images[test], labels[test], MNIST_CLASSES.copy())


# ---------------------------------------------------------------- MNIST-like ----------------------------------

def load_mnist_like(name: str, data_dir: str | None) -> Dataset:
    """MNIST or Fashion-MNIST from a Keras-format ``.npz`` (or its folder); else Keras' download."""
    classes = MNIST_CLASSES.copy() if name == "mnist" else FASHION_CLASSES.copy()
    if data_dir is None:
        try:
            from lstui.training.backend import import_keras

            keras = import_keras()
            module = keras.datasets.mnist if name == "mnist" else keras.datasets.fashion_mnist
            (x_train, y_train), (x_test, y_test) = module.load_data()
        except Exception as exc:  # noqa: BLE001
            raise DataError(f"could not download {name} ({short_error(exc)}); pass --data-dir with a "
                            f".npz holding x_train, y_train, x_test, y_test") from None
    else:
        x_train, y_train, x_test, y_test = _read_npz(_find_npz(data_dir, name))
    return Dataset(name, _as_images(x_train), y_train.reshape(-1).astype(np.int64),
                   _as_images(x_test), y_test.reshape(-1).astype(np.int64), classes)


def _find_npz(data_dir: str, name: str) -> str:
    path = os.path.expanduser(data_dir)
    if os.path.isdir(path):
        found = sorted(f for f in os.listdir(path) if f.endswith(".npz"))
        preferred = [f for f in found if f.startswith(name)]
        if not found:
            raise DataError(f"--data-dir: {data_dir!r} holds no .npz file for {name}")
        path = os.path.join(path, (preferred or found)[0])
    return path


def _read_npz(path: str) -> tuple[np.ndarray, ...]:
    keys = ("x_train", "y_train", "x_test", "y_test")
    try:
        with np.load(path, allow_pickle=False) as data:
            missing = [k for k in keys if k not in data]
            if missing:
                raise DataError(f"{path} lacks {', '.join(missing)} (Keras' format has {', '.join(keys)})")
            return tuple(np.asarray(data[k]) for k in keys)
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - zip/format errors
        raise DataError(f"{path} is not a readable .npz file ({type(exc).__name__}: {exc})") from None


def _as_images(x: np.ndarray) -> np.ndarray:
    if x.ndim == 3:
        x = x[..., None]
    if x.ndim != 4:
        raise DataError(f"expected images shaped (N, H, W) or (N, H, W, C), got {x.shape}")
    if x.dtype != np.uint8:
        x = np.clip(x * (255.0 if x.max() <= 1.0 else 1.0), 0, 255).astype(np.uint8)
    return x


# ---------------------------------------------------------------- image folders -------------------------------

def load_folder(data_dir: str | None, image_size: int, split_seed: int = 0) -> Dataset:
    """One subfolder per class of image files; ``train/`` and ``test/`` subfolders are used if present.

    Without them the images are split 75/25 stratified by ``split_seed``.
    """
    if not data_dir:
        raise DataError("--data-dir: the folder dataset needs --data-dir, a folder with one subfolder per class")
    root = os.path.expanduser(data_dir)
    if not os.path.isdir(root):
        raise DataError(f"--data-dir: {data_dir!r} is not a folder (expected one subfolder per class)")
    test_dir = next((os.path.join(root, d) for d in ("test", "val") if os.path.isdir(os.path.join(root, d))), None)
    if os.path.isdir(os.path.join(root, "train")) and test_dir:
        classes = _class_names(os.path.join(root, "train"))
        x_train, y_train = _read_class_folders(os.path.join(root, "train"), classes, image_size)
        x_test, y_test = _read_class_folders(test_dir, classes, image_size)
    else:
        classes = _class_names(root)
        images, labels = _read_class_folders(root, classes, image_size)
        train, test = stratified_split(labels, 0.25, split_seed)
        x_train, y_train, x_test, y_test = images[train], labels[train], images[test], labels[test]
    return Dataset("folder", x_train, y_train, x_test, y_test, classes)


def _class_names(root: str) -> list[str]:
    classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)) and not d.startswith("."))
    if len(classes) < 2:
        raise DataError(f"--data-dir: {root!r} needs at least two class subfolders, found {len(classes)}")
    return classes


def _read_class_folders(root: str, classes: list[str], size: int) -> tuple[np.ndarray, np.ndarray]:
    from PIL import Image, UnidentifiedImageError

    images, labels = [], []
    for index, cls in enumerate(classes):
        folder = os.path.join(root, cls)
        files = sorted(f for f in os.listdir(folder) if f.lower().endswith(IMAGE_SUFFIXES)) \
            if os.path.isdir(folder) else []
        count = 0
        for file in files:
            try:
                with Image.open(os.path.join(folder, file)) as img:
                    img = img.convert("RGB").resize((size, size))
                    images.append(np.asarray(img, dtype=np.uint8))
                    labels.append(index)
                    count += 1
            except (UnidentifiedImageError, OSError, ValueError):
                continue  # an unreadable file is skipped; a class with none left is an error below
        if count == 0:
            raise DataError(f"--data-dir: class folder {folder!r} has no readable images")
    return np.stack(images), np.asarray(labels, dtype=np.int64)
