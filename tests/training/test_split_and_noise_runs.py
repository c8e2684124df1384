"""Real digits runs: the test set does not move with --seed, and --label-noise trains on noisy labels only."""

import csv
import json
import os

import numpy as np

from lstui.cli import main
from lstui.training.data import load_dataset


def _only_run_dir(root) -> str:
    (name,) = [d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d))]
    return os.path.join(root, name)


def _read(run_dir: str, name: str) -> str:
    with open(os.path.join(run_dir, name), encoding="utf-8") as handle:
        return handle.read()


def _last_train_accuracy(run_dir: str) -> float:
    with open(os.path.join(run_dir, "history.csv"), newline="") as handle:
        return float(list(csv.DictReader(handle))[-1]["accuracy"])


def test_runs_with_different_seeds_are_tested_on_the_same_images(tmp_path):
    preds = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        assert main(["--no-ui", "--dataset", "digits", "--seed", seed, "-e", "1", "--out", str(out)]) == 0
        preds.append(np.load(os.path.join(_only_run_dir(out), "predictions.npz")))
    assert np.array_equal(preds[0]["labels"], preds[1]["labels"])
    assert np.array_equal(preds[0]["holdout_labels"], preds[1]["holdout_labels"])
    assert not np.array_equal(preds[0]["probs"], preds[1]["probs"])  # the seeds did train differently


def test_label_noise_is_recorded_and_only_the_training_labels_are_noisy(tmp_path, capsys):
    runs = {}
    for name, extra in (("clean", []), ("noisy", ["--label-noise", "0.4"])):
        argv = ["--no-ui", "--dataset", "digits", "--epochs", "3", "--seed", "1", "--out", str(tmp_path / name)]
        assert main(argv + extra) == 0
        runs[name] = _only_run_dir(tmp_path / name)
    out = capsys.readouterr().out
    assert "label noise 0.4: flipped 485 of 1,212 training labels to another class" in out
    assert os.path.basename(runs["noisy"]).endswith("_digits_labels_f0.1_noise0.4")
    assert "label_noise = 0.4\n" in _read(runs["noisy"], "config.toml")
    assert "split_seed = 0\n" in _read(runs["noisy"], "config.toml")
    noisy, clean = (json.loads(_read(runs[k], "report.json")) for k in ("noisy", "clean"))
    assert (noisy["label_noise"], noisy["labels_flipped"]) == (0.4, 485)
    assert (clean["label_noise"], clean["labels_flipped"]) == (0.0, 0)

    # Training accuracy is measured against the labels trained on: 40 % of them are wrong.
    train_clean, train_noisy = _last_train_accuracy(runs["clean"]), _last_train_accuracy(runs["noisy"])
    assert train_noisy < 0.75 and train_clean - train_noisy > 0.2, (train_clean, train_noisy)

    # The test set keeps its clean labels, and so does the held-out slice.
    clean_test = load_dataset("digits", split_seed=0).y_test
    preds = {k: np.load(os.path.join(runs[k], "predictions.npz")) for k in runs}
    assert np.array_equal(preds["noisy"]["labels"], clean_test)
    assert np.array_equal(preds["noisy"]["holdout_labels"], preds["clean"]["holdout_labels"])
    assert noisy["accuracy"] == float((preds["noisy"]["probs"].argmax(1) == clean_test).mean())
