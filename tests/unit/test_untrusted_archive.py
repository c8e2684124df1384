"""A CIFAR archive from the internet cannot run code: batches are unpickled with an allow-list (issue 14)."""

from __future__ import annotations

import io
import pickle
import pickletools
import subprocess
import sys

import numpy as np
import pytest

from archive_helpers import write_cifar10_archive, write_tar_gz
from bad_inputs import crafted_batch
from lstui.training.cifar import load_cifar, unpickle_batch
from lstui.training.dataset import DataError


def _archive_with(folder, batch: bytes) -> str:
    members = {f"cifar-10-batches-py/data_batch_{i}": batch for i in range(1, 6)}
    return write_tar_gz(str(folder / "cifar-10-python.tar.gz"), members)


def test_crafted_archive_exits_2_and_its_command_never_runs(tmp_path):
    marker = tmp_path / "marker"
    archive = _archive_with(tmp_path, crafted_batch(f"touch {marker}"))
    done = subprocess.run([sys.executable, "-m", "lstui", "--no-ui", "--dataset", "cifar10", "--data-dir", archive,
                           "-o", str(tmp_path / "runs")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "data_batch_1" in lines[0] and archive in lines[0]
    assert "holds objects a CIFAR batch never has" in lines[0]
    assert not marker.exists(), "the command inside the archive ran"


@pytest.mark.parametrize("payload", [
    (eval, ("1",)), (subprocess.call, (["true"],)), (np.frombuffer, (b"\0",)), (np.load, ("x.npy",)),
], ids=["eval", "subprocess", "numpy-frombuffer", "numpy-load"])
def test_any_other_callable_is_refused_by_name(tmp_path, payload):
    class Trap:
        def __reduce__(self):
            return payload

    with pytest.raises(DataError, match="holds objects a CIFAR batch never has"):
        load_cifar(_archive_with(tmp_path, pickle.dumps({b"data": Trap(), b"labels": [0]})))


@pytest.mark.parametrize("protocol", [2, 3, 4, 5])
def test_arrays_pickled_with_every_protocol_still_load(protocol):
    data = np.arange(12, dtype=np.uint8).reshape(2, 6)
    batch = unpickle_batch(pickle.dumps({b"data": data, b"labels": [1, 2], b"batch_label": b"x"}, protocol=protocol))
    np.testing.assert_array_equal(batch[b"data"], data)
    assert batch[b"labels"] == [1, 2] and batch[b"batch_label"] == b"x"


def test_the_2009_module_name_numpy_core_still_loads():
    data = np.arange(6, dtype=np.uint8).reshape(2, 3)
    raw = pickle.dumps({b"data": data}, protocol=2).replace(b"numpy._core.multiarray", b"numpy.core.multiarray")
    assert "numpy.core.multiarray _reconstruct" in _globals(raw)
    np.testing.assert_array_equal(unpickle_batch(raw)[b"data"], data)


def test_a_real_layout_archive_loads_whole(tmp_path):
    dataset = load_cifar(write_cifar10_archive(str(tmp_path)))
    assert dataset.x_train.shape == (40, 32, 32, 3) and dataset.x_train.dtype == np.uint8


def _globals(raw: bytes) -> str:
    out = io.StringIO()
    pickletools.dis(raw, out=out)
    return out.getvalue()


class _FakeKeras:
    """``keras.utils.get_file`` that "downloads" into a folder prepared by the test, recording its arguments."""

    def __init__(self, folder: str):
        self.folder = folder
        self.asked: dict = {}
        self.utils = self

    def get_file(self, **kwargs) -> str:
        self.asked = kwargs
        return self.folder


def test_keras_download_is_read_with_the_restricted_unpickler(tmp_path, monkeypatch):
    from lstui.training import backend

    marker = tmp_path / "marker"
    batches = tmp_path / "cache" / "cifar-10-batches-py"
    batches.mkdir(parents=True)
    for i in range(1, 6):
        (batches / f"data_batch_{i}").write_bytes(crafted_batch(f"touch {marker}"))
    fake = _FakeKeras(str(tmp_path / "cache"))
    monkeypatch.setattr(backend, "import_keras", lambda: fake)
    with pytest.raises(DataError, match="holds objects a CIFAR batch never has"):
        load_cifar(None)
    assert not marker.exists()
    assert fake.asked["origin"].endswith("/cifar-10-python.tar.gz") and len(fake.asked["file_hash"]) == 64


def test_a_keras_download_in_the_real_layout_loads(tmp_path, monkeypatch):
    from lstui.training import backend

    monkeypatch.setattr(backend, "import_keras", lambda: _FakeKeras(write_cifar10_archive(str(tmp_path))))
    dataset = load_cifar(None)
    assert dataset.x_test.shape == (16, 32, 32, 3) and dataset.class_names[0] == "airplane"
