"""Dataset loaders on small files in the real formats."""

import os
import tarfile

import numpy as np
import pytest

from archive_helpers import write_cifar10_archive
from lstui.training.data import DataError, load_dataset
from lstui.training.pipeline import augmenter, eval_dataset, pixel_mean, train_dataset


def test_cifar10_archive_is_read_in_the_real_format(tmp_path):
    path = write_cifar10_archive(str(tmp_path), per_batch=4)
    ds = load_dataset("cifar10", path)
    assert ds.x_train.shape == (20, 32, 32, 3) and ds.x_train.dtype == np.uint8
    assert ds.x_test.shape == (8, 32, 32, 3)
    assert ds.class_names[0] == "airplane" and ds.class_names[-1] == "truck"


def test_cifar_rows_are_red_then_green_then_blue(tmp_path):
    """A row is 1024 R, 1024 G, 1024 B bytes; pixel (0, 1) is bytes 1, 1025 and 2049."""
    path = write_cifar10_archive(str(tmp_path), per_batch=2)
    with tarfile.open(path) as tar:
        import pickle

        raw = pickle.loads(tar.extractfile("cifar-10-batches-py/data_batch_1").read(), encoding="bytes")
    ds = load_dataset("cifar10", path)
    row = raw[b"data"][0]
    assert list(ds.x_train[0, 0, 1]) == [row[1], row[1025], row[2049]]


@pytest.mark.parametrize("layout", ["archive", "folder_with_archive", "extracted", "parent_of_extracted"])
def test_cifar_data_dir_may_be_archive_or_folder(tmp_path, layout):
    path = write_cifar10_archive(str(tmp_path))
    if layout in ("extracted", "parent_of_extracted"):
        with tarfile.open(path) as tar:
            tar.extractall(tmp_path / "x", filter="data")
    where = {"archive": path, "folder_with_archive": str(tmp_path),
             "extracted": str(tmp_path / "x" / "cifar-10-batches-py"), "parent_of_extracted": str(tmp_path / "x")}
    assert len(load_dataset("cifar10", where[layout]).x_train) == 40


def test_a_folder_without_cifar_says_what_it_expected(tmp_path):
    with pytest.raises(DataError, match="cifar-10-python.tar.gz"):
        load_dataset("cifar10", str(tmp_path))


def test_mnist_from_a_keras_format_npz(tmp_path):
    rng = np.random.default_rng(0)
    np.savez(tmp_path / "mnist.npz", x_train=rng.integers(0, 255, (30, 28, 28), dtype=np.uint8),
             y_train=np.arange(30) % 10, x_test=rng.integers(0, 255, (10, 28, 28), dtype=np.uint8),
             y_test=np.arange(10))
    ds = load_dataset("mnist", str(tmp_path))
    assert ds.input_shape == (28, 28, 1) and ds.num_classes == 10


def test_digits_split_is_stratified_and_repeatable():
    a, b = load_dataset("digits", split_seed=3), load_dataset("digits", split_seed=3)
    assert np.array_equal(a.y_test, b.y_test)
    assert len(a.x_train) + len(a.x_test) == 1797 and len(a.x_test) == 450
    assert np.bincount(a.y_test).min() >= 43  # every digit is in the test split in proportion


def test_folder_dataset_reads_class_subfolders(tmp_path):
    from PIL import Image

    for cls in ("cat", "dog"):
        os.makedirs(tmp_path / cls)
        for i in range(4):
            Image.new("RGB", (20, 10), (i * 40, 0, 0)).save(tmp_path / cls / f"{i}.png")
    ds = load_dataset("folder", str(tmp_path), image_size=12)
    assert ds.class_names == ["cat", "dog"]
    assert ds.input_shape == (12, 12, 3)
    assert len(ds.x_train) + len(ds.x_test) == 8


def test_pipeline_subtracts_the_training_mean_and_keeps_uint8_in_memory():
    x = np.full((6, 8, 8, 1), 10, dtype=np.uint8)
    x[:3] = 30
    mean = pixel_mean(x)
    assert mean.shape == (8, 8, 1) and float(mean[0, 0, 0]) == 20.0
    batch = next(iter(eval_dataset(x, np.zeros((6, 2), "float32"), mean, 6)))[0].numpy()
    assert sorted(set(batch.ravel().tolist())) == [-10.0, 10.0]


def test_augmentation_changes_images_each_epoch():
    x = np.arange(4 * 8 * 8, dtype=np.int64).reshape(4, 8, 8, 1).astype(np.uint8)
    plain = train_dataset(x, np.zeros((4, 2), "float32"), pixel_mean(x), 4, shuffle=False)
    ds = train_dataset(x, np.zeros((4, 2), "float32"), pixel_mean(x), 4, augment=augmenter(0.25, True, 1),
                       shuffle=False)
    original = next(iter(plain))[0].numpy()
    first, second = (next(iter(ds))[0].numpy() for _ in range(2))
    assert not np.allclose(first, original)
    assert not np.allclose(first, second)
