"""The fixed data split (``split_seed``) and label noise (``label_noise``), without training anything."""

import json
import os

import numpy as np
import pytest

from lstui.config import ConfigError, RunConfig
from lstui.runs.rundir import run_dir_name
from lstui.training.data import load_dataset
from lstui.training.noise import describe_noise, flip_labels, flipped_count
from lstui.training.runner import prepare_data


def _prepared(**settings):
    lines = []
    dataset, holdout, flipped = prepare_data(RunConfig(**settings), lambda event: lines.append(event.message))
    return dataset, holdout, flipped, lines


# ------------------------------------------------------------------ the split ---------------------------------

def test_runs_with_different_seeds_share_test_set_and_held_out_slice():
    a, held_a, _, _ = _prepared(dataset="digits", seed=1)
    b, held_b, _, _ = _prepared(dataset="digits", seed=2)
    assert np.array_equal(a.y_test, b.y_test) and np.array_equal(a.x_test, b.x_test)  # same images, same order
    assert np.array_equal(held_a.x, held_b.x) and np.array_equal(held_a.y, held_b.y)
    assert np.array_equal(a.x_train, b.x_train) and np.array_equal(a.y_train, b.y_train)
    assert (len(a.x_train), len(held_a), len(a.x_test)) == (1212, 135, 450)


def test_another_split_seed_gives_another_test_set_and_held_out_slice():
    a, held_a, _, _ = _prepared(dataset="digits", seed=1, split_seed=0)
    b, held_b, _, _ = _prepared(dataset="digits", seed=1, split_seed=1)
    assert not np.array_equal(a.x_test, b.x_test)
    assert not np.array_equal(held_a.x, held_b.x)
    assert len(b.x_test) == 450 and len(held_b) == 135  # the same sizes, other images


def test_digits_loader_follows_split_seed_only():
    assert np.array_equal(load_dataset("digits", split_seed=4).x_test, load_dataset("digits", split_seed=4).x_test)
    assert not np.array_equal(load_dataset("digits", split_seed=4).y_test, load_dataset("digits", split_seed=5).y_test)


def test_a_dataset_with_its_own_test_set_keeps_it_and_holds_out_by_split_seed(cifar10_archive):
    a, held_a, _, _ = _prepared(dataset="cifar10", data_dir=cifar10_archive, holdout=0.2, seed=1)
    b, held_b, _, _ = _prepared(dataset="cifar10", data_dir=cifar10_archive, holdout=0.2, seed=2)
    own = load_dataset("cifar10", cifar10_archive)
    assert np.array_equal(a.x_test, own.x_test) and np.array_equal(b.y_test, own.y_test)
    assert np.array_equal(held_a.x, held_b.x) and len(held_a) == 8
    _, held_c, _, _ = _prepared(dataset="cifar10", data_dir=cifar10_archive, holdout=0.2, seed=1, split_seed=9)
    assert not np.array_equal(held_a.x, held_c.x)


def test_a_folder_dataset_is_split_by_split_seed(tmp_path):
    from PIL import Image

    for cls in ("cat", "dog"):
        os.makedirs(tmp_path / cls)
        for i in range(8):
            Image.new("RGB", (10, 10), (i * 30, 0 if cls == "cat" else 200, 0)).save(tmp_path / cls / f"{i}.png")
    split = [load_dataset("folder", str(tmp_path), split_seed=s, image_size=8).x_test for s in (3, 3, 4)]
    assert np.array_equal(split[0], split[1]) and not np.array_equal(split[0], split[2])


def test_resuming_a_run_from_before_split_seed_splits_it_as_it_was(tmp_path):
    from lstui.training.checkpoint import load_resume_point

    (tmp_path / "config.toml").write_text('dataset = "digits"\nepochs = 3\nseed = 7\n')
    (tmp_path / "report.json").write_text(json.dumps({"status": "stopped"}))
    (tmp_path / "w.weights.h5").write_bytes(b"x")
    (tmp_path / "checkpoint.json").write_text(json.dumps({"epoch": 1, "weights": "w.weights.h5"}))
    (tmp_path / "history.csv").write_text("epoch,loss\n1,0.5\n")
    assert load_resume_point(str(tmp_path)).config.split_seed == 7  # the old runs were split by their seed
    (tmp_path / "config.toml").write_text('dataset = "digits"\nepochs = 3\nseed = 7\nsplit_seed = 0\n')
    assert load_resume_point(str(tmp_path)).config.split_seed == 0


# ------------------------------------------------------------------ label noise -------------------------------

@pytest.mark.parametrize("rate, n, expected", [(0.4, 1212, 485), (0.1, 1212, 121), (0.0, 1212, 0), (0.5, 3, 2),
                                               (0.25, 10, 2), (0.99, 10, 10), (0.3, 0, 0)])
def test_the_count_flipped_is_rate_times_n_rounded(rate, n, expected):
    assert flipped_count(rate, n) == expected  # Python's round: nearest, halves to even (2.5 -> 2)
    clean = np.arange(n) % 10
    noisy, flipped = flip_labels(clean, 10, rate, seed=0)
    assert flipped == expected and int((noisy != clean).sum()) == expected  # never to the same class


def test_noise_is_fixed_by_its_seed_and_leaves_the_input_alone():
    clean = np.arange(1000) % 7
    keep = clean.copy()
    first, _ = flip_labels(clean, 7, 0.3, seed=11)
    again, _ = flip_labels(clean, 7, 0.3, seed=11)
    other, _ = flip_labels(clean, 7, 0.3, seed=12)
    assert np.array_equal(first, again) and not np.array_equal(first, other)
    assert np.array_equal(clean, keep)
    assert first.min() >= 0 and first.max() <= 6 and first.dtype == np.int64


def test_a_flipped_label_goes_to_each_other_class_alike():
    clean = np.zeros(30000, dtype=np.int64)
    noisy, flipped = flip_labels(clean, 4, 0.6, seed=0)
    counts = np.bincount(noisy, minlength=4)
    assert counts[0] == 30000 - flipped == 12000
    assert np.all(np.abs(counts[1:] - flipped / 3) < 300)  # 6,000 each, sd about 58


def test_noise_goes_on_training_labels_only():
    clean, held_clean, flipped0, _ = _prepared(dataset="digits", seed=3)
    noisy, held_noisy, flipped, lines = _prepared(dataset="digits", seed=3, label_noise=0.4)
    assert flipped0 == 0 and flipped == 485 == int((noisy.y_train != clean.y_train).sum())
    assert np.array_equal(noisy.x_train, clean.x_train)
    assert np.array_equal(held_noisy.y, held_clean.y) and np.array_equal(noisy.y_test, clean.y_test)
    assert "label noise 0.4: flipped 485 of 1,212 training labels to another class" in lines
    again, _, _, _ = _prepared(dataset="digits", seed=99, label_noise=0.4)  # another run seed, the same noise
    assert np.array_equal(again.y_train, noisy.y_train)


def test_noise_line_and_run_directory_name():
    assert describe_noise(0.4, 485, 1212) == "label noise 0.4: flipped 485 of 1,212 training labels to another class"
    config = RunConfig(smoothing=0.1, label_noise=0.4).to_dict()
    assert run_dir_name(config, when=0).endswith("_digits_labels_f0.1_noise0.4")
    assert run_dir_name(RunConfig(smoothing=0.1).to_dict(), when=0).endswith("_digits_labels_f0.1")


# ------------------------------------------------------------------ the settings ------------------------------

def test_settings_default_round_trip_and_sit_with_the_data_settings():
    config = RunConfig()
    assert (config.split_seed, config.label_noise) == (0, 0.0)
    text = RunConfig(split_seed=5, label_noise=0.25).to_toml()
    assert "split_seed = 5\n" in text and "label_noise = 0.25\n" in text
    from lstui.config import FIELD_BY_NAME

    assert FIELD_BY_NAME["split_seed"].group == FIELD_BY_NAME["label_noise"].group == "data"


@pytest.mark.parametrize("name, raw", [("label_noise", "-0.1"), ("label_noise", "1"), ("label_noise", "1.5"),
                                       ("label_noise", "lots"), ("label_noise", "nan"), ("label_noise", True),
                                       ("split_seed", "-1"), ("split_seed", "1.5"), ("split_seed", "x")])
def test_bad_values_are_refused_naming_the_setting(name, raw):
    with pytest.raises(ConfigError) as caught:
        RunConfig.from_mapping({name: raw})
    flag = "--" + name.replace("_", "-")
    assert str(caught.value).startswith(f"{flag}: must be ")
    assert "[0, 1)" in str(caught.value) if name == "label_noise" else "[0, 2147483647]" in str(caught.value)
