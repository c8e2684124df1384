"""CIFAR-10 / CIFAR-100 in their real format, read directly.

The archive holds python pickle batches: dicts of uint8 rows (1024 red, 1024 green, 1024 blue
bytes per 32x32 image) and labels. ``--data-dir`` may be the archive, a folder holding it, or
the extracted folder; without it Keras' download is tried.

Archives come from the internet and are passed around, and a pickle can name any callable to run
while it loads, so batches go through :class:`BatchUnpickler`: it builds numpy arrays, dtypes and
plain containers and refuses every other global before anything is called.
"""

from __future__ import annotations

import io
import os
import pickle
import tarfile
import zlib
from typing import Callable

import numpy as np

from lstui.training.dataset import CIFAR10_CLASSES, DataError, Dataset, short_error

try:  # numpy 2 moved the array reconstructors to numpy._core; the 2009 batches name numpy.core
    from numpy._core.multiarray import _reconstruct
    from numpy._core.numeric import _frombuffer
except ImportError:  # pragma: no cover - numpy 1
    from numpy.core.multiarray import _reconstruct  # type: ignore[no-redef]
    from numpy.core.numeric import _frombuffer  # type: ignore[no-redef]



def _latin1_bytes(text: str, encoding: str = "utf-8") -> bytes:
    """What Python 3 protocol-2 pickles call (as ``_codecs.encode``) to rebuild bytes; latin-1 text only."""
    if not isinstance(text, str) or encoding != "latin1":
        raise pickle.UnpicklingError("_codecs.encode called with other than latin-1 text")
    return text.encode("latin1")


# The only globals a CIFAR batch names: numpy's array reconstruction (protocol 2-4 pickles, under
# either module name) or its protocol-5 twin, the array type and dtype. Dicts, lists, ints and bytes
# need no global, except in a protocol-2 pickle that Python 3 wrote: there bytes are latin-1 text.
SAFE_GLOBALS = {
    ("_codecs", "encode"): _latin1_bytes,
    ("numpy.core.multiarray", "_reconstruct"): _reconstruct,
    ("numpy._core.multiarray", "_reconstruct"): _reconstruct,
    ("numpy.core.numeric", "_frombuffer"): _frombuffer,
    ("numpy._core.numeric", "_frombuffer"): _frombuffer,
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): np.dtype,
}


class RefusedGlobal(pickle.UnpicklingError):
    """A pickle named a global that a CIFAR batch never holds (``str()`` is ``module.name``)."""


class BatchUnpickler(pickle.Unpickler):
    """A ``pickle.Unpickler`` whose ``find_class`` answers only :data:`SAFE_GLOBALS` and refuses the rest."""

    def find_class(self, module: str, name: str):  # noqa: D102 - see the class docstring
        try:
            return SAFE_GLOBALS[(module, name)]
        except KeyError:
            raise RefusedGlobal(f"{module}.{name}") from None


def _cifar_layout(fine: bool) -> tuple[str, str, list[str], str, str, bytes]:
    if fine:
        return ("cifar-100-python.tar.gz", "cifar-100-python", ["train"], "test", "meta", b"fine_label_names")
    return ("cifar-10-python.tar.gz", "cifar-10-batches-py", [f"data_batch_{i}" for i in range(1, 6)],
            "test_batch", "batches.meta", b"label_names")


def load_cifar(data_dir: str | None, fine: bool = False) -> Dataset:
    """CIFAR-10 (or CIFAR-100 fine labels) from the archive, its folder, or the extracted folder."""
    name = "cifar100" if fine else "cifar10"
    archive, folder, train_names, test_name, meta_name, names_key = _cifar_layout(fine)
    if data_dir is None:
        return _cifar_from_keras(name, archive, fine)
    reader = _open_cifar_source(data_dir, archive, folder, train_names[0])
    try:
        train = [_read_cifar_batch(reader(n), n, fine, data_dir) for n in train_names]
        x_test, y_test = _read_cifar_batch(reader(test_name), test_name, fine, data_dir)
        try:
            meta = _unpickle(reader(meta_name), meta_name, data_dir)
            names = meta.get(names_key)
            if not isinstance(names, list) or not names:
                raise DataError(f"{meta_name} holds no list of class names ('{names_key.decode()}')")
            classes = [c.decode(errors="replace") if isinstance(c, bytes) else str(c) for c in names]
        except DataError:
            if fine:
                raise
            classes = CIFAR10_CLASSES.copy()
    finally:
        close = getattr(reader, "close", None)
        if close:
            close()
    x_train = np.concatenate([x for x, _ in train])
    y_train = np.concatenate([y for _, y in train])
    return Dataset(name, x_train, y_train, x_test, y_test, classes)


def _open_cifar_source(data_dir: str, archive: str, folder: str, probe: str) -> Callable[[str], bytes]:
    """A function that returns the bytes of a named batch file, whatever shape ``data_dir`` has."""
    path = os.path.expanduser(data_dir)
    if os.path.isdir(path):
        for candidate in (path, os.path.join(path, folder)):
            if os.path.isfile(os.path.join(candidate, probe)):
                return _folder_reader(candidate)
        if os.path.isfile(os.path.join(path, archive)):
            path = os.path.join(path, archive)
        else:
            raise DataError(f"--data-dir: {data_dir!r} holds neither {archive} nor an extracted {folder}/ folder")
    if not os.path.isfile(path):
        raise DataError(f"--data-dir: {data_dir!r} does not exist")
    return _tar_reader(path, archive)


def _folder_reader(folder: str) -> Callable[[str], bytes]:
    def read(name: str) -> bytes:
        full = os.path.join(folder, name)
        try:
            with open(full, "rb") as handle:
                return handle.read()
        except OSError as exc:
            raise DataError(f"cannot read {full}: {exc.strerror}") from None
    return read


class _TarReader:
    """Reads members of a CIFAR tar.gz by base name; callable like the folder reader."""

    def __init__(self, path: str, archive: str):
        self.path = path
        try:
            self.tar = tarfile.open(path, "r:*")
            self.members = {os.path.basename(m.name): m for m in self.tar.getmembers() if m.isfile()}
        except (EOFError, zlib.error) as exc:
            raise DataError(f"{path} is truncated or damaged ({exc}); download {archive} again") from None
        except tarfile.TarError:
            raise DataError(f"{path} is not a tar.gz archive (the CIFAR download is {archive})") from None
        except OSError as exc:
            raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None

    def __call__(self, name: str) -> bytes:
        member = self.members.get(name)
        if member is None:
            raise DataError(f"{self.path} has no {name} inside; is it the right archive?")
        try:
            handle = self.tar.extractfile(member)
            assert handle is not None
            return handle.read()
        except (tarfile.TarError, OSError, EOFError, AssertionError) as exc:
            raise DataError(f"{self.path} is truncated or corrupt (reading {name}: {exc})") from None

    def close(self) -> None:
        """Close the archive."""
        self.tar.close()


def _tar_reader(path: str, archive: str) -> _TarReader:
    return _TarReader(path, archive)


def unpickle_batch(raw: bytes) -> object:
    """Unpickle a CIFAR batch with :class:`BatchUnpickler` (py2 strings as bytes, as the 2009 files need)."""
    return BatchUnpickler(io.BytesIO(raw), encoding="bytes").load()


def _unpickle(raw: bytes, name: str, where: str) -> dict:
    try:
        data = unpickle_batch(raw)
    except RefusedGlobal as exc:
        raise DataError(f"{name} in {where} holds objects a CIFAR batch never has ({exc}); refused to load "
                        f"it: download the archive again from the CIFAR site") from None
    except Exception as exc:  # noqa: BLE001 - any unpickling failure means a corrupt file
        raise DataError(f"{name} is not a CIFAR python batch ({short_error(exc)})") from None
    if not isinstance(data, dict):
        raise DataError(f"{name} is not a CIFAR python batch (holds {type(data).__name__})")
    return {k.encode() if isinstance(k, str) else k: v for k, v in data.items()}


def _read_cifar_batch(raw: bytes, name: str, fine: bool, where: str) -> tuple[np.ndarray, np.ndarray]:
    batch = _unpickle(raw, name, where)
    label_key = b"fine_labels" if fine else b"labels"
    if b"data" not in batch or label_key not in batch:
        raise DataError(f"{name} lacks 'data' or '{label_key.decode()}': not a CIFAR python batch")
    try:
        data = np.asarray(batch[b"data"], dtype=np.uint8)
        labels = np.asarray(batch[label_key], dtype=np.int64).reshape(-1)
    except (TypeError, ValueError, OverflowError) as exc:
        raise DataError(f"{name}: 'data' must be uint8 rows and labels integers ({exc})") from None
    if data.ndim != 2 or data.shape[1] != 3072 or len(labels) != len(data):
        raise DataError(f"{name}: expected rows of 3072 bytes and one label each, got {data.shape}")
    images = data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return np.ascontiguousarray(images), labels


# Keras' own download of each archive (the name, origin and checksum keras.datasets.cifar10 / cifar100 use),
# read with the restricted unpickler above instead of Keras' loader, which unpickles without one.
KERAS_DOWNLOADS = {
    "cifar10": ("cifar-10-batches-py-target", "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
                "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"),
    "cifar100": ("cifar-100-python-target", "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz",
                 "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7"),
}


def _cifar_from_keras(name: str, archive: str, fine: bool) -> Dataset:
    target, origin, sha256 = KERAS_DOWNLOADS[name]
    try:
        from lstui.training.backend import import_keras

        keras = import_keras()
        path = keras.utils.get_file(fname=target, origin=origin, extract=True, file_hash=sha256)
    except Exception as exc:  # noqa: BLE001 - network/cache failures of any kind
        raise DataError(f"could not download {name} ({short_error(exc)}); download {archive} "
                        f"yourself and pass --data-dir PATH (the archive or the folder holding it)") from None
    return load_cifar(path, fine)  # the extracted folder (or the archive itself, as older Keras returns)
