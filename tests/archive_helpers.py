"""Tiny datasets in the real on-disk formats: CIFAR python batches and the tar.gz that holds them.

Importable from every test folder (the root conftest puts tests/ on sys.path) and from
``python tests/bad_inputs.py``.
"""

from __future__ import annotations

import io
import os
import pickle
import tarfile

import numpy as np


def cifar_batch(n: int, rng: np.random.Generator, fine: bool = False, classes: int = 10) -> bytes:
    """One CIFAR python batch: a pickled dict of uint8 rows (1024 R, 1024 G, 1024 B) and labels."""
    data = rng.integers(0, 256, size=(n, 3072), dtype=np.uint8)
    labels = [int(i % classes) for i in range(n)]
    key = b"fine_labels" if fine else b"labels"
    return pickle.dumps({b"batch_label": b"test", b"data": data, key: labels})


def write_cifar10_archive(folder: str, per_batch: int = 8, seed: int = 0) -> str:
    """Write a tiny ``cifar-10-python.tar.gz`` in the real layout; return its path."""
    rng = np.random.default_rng(seed)
    members = {f"cifar-10-batches-py/data_batch_{i}": cifar_batch(per_batch, rng) for i in range(1, 6)}
    members["cifar-10-batches-py/test_batch"] = cifar_batch(per_batch * 2, rng)
    names = [b"airplane", b"automobile", b"bird", b"cat", b"deer", b"dog", b"frog", b"horse", b"ship", b"truck"]
    members["cifar-10-batches-py/batches.meta"] = pickle.dumps({b"label_names": names, b"num_vis": 3072})
    return write_tar_gz(os.path.join(folder, "cifar-10-python.tar.gz"), members)


def write_tar_gz(path: str, members: dict[str, bytes]) -> str:
    """Write a tar.gz holding ``members`` (name inside the archive -> bytes); return its path."""
    with tarfile.open(path, "w:gz") as tar:
        for name, payload in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    return path
