"""Real (small) runs through the same path a user takes: ``lstui --no-ui ...``."""

import csv
import json
import os

import numpy as np
import pytest

from lstui.cli import main

EXPECTED_FILES = {"config.toml", "history.csv", "report.json", "report.txt", "plot.png", "model.keras",
                  "predictions.npz"}


def _only_run_dir(root) -> str:
    (name,) = [d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d))]
    return os.path.join(root, name)


def _epoch_losses(stdout: str) -> list[float]:
    return [e["loss"] for e in map(json.loads, stdout.splitlines()) if e["event"] == "EpochEnded"]


def test_digits_run_leaves_a_complete_run_directory(tmp_path, capsys):
    plot_copy = tmp_path / "copy" / "plot.png"
    code = main(["--no-ui", "--dataset", "digits", "--epochs", "2", "--seed", "1", "--out", str(tmp_path / "runs"),
                 "-s", "0.2", "-p", str(plot_copy), "--system"])
    out = capsys.readouterr().out
    assert code == 0
    run_dir = _only_run_dir(tmp_path / "runs")
    assert "digits_labels_f0.2" in os.path.basename(run_dir)
    assert EXPECTED_FILES <= set(os.listdir(run_dir))
    assert not [f for f in os.listdir(run_dir) if f.startswith(".tmp")]
    # what the user reads: the smoothing example, one line per epoch, the report table, the run dir
    assert "[0.82 0.02" in out or "0.82" in out
    assert out.count("epoch 1/2") == 1 and out.count("epoch 2/2") == 1
    # --system: each epoch line ends with the machine's load
    assert all(" | cpu " in line and " · ram " in line for line in out.splitlines() if line.startswith("epoch "))
    assert "precision" in out and "weighted avg" in out and run_dir in out
    with open(os.path.join(run_dir, "history.csv")) as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:7] == ["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "lr", "seconds"]
    assert [r[0] for r in rows[1:]] == ["1", "2"]
    assert float(rows[2][5]) == pytest.approx(0.05 * 0.5)  # linear decay: epoch 2 of 2 runs at lr0 / 2
    report = json.load(open(os.path.join(run_dir, "report.json")))
    assert report["status"] == "finished" and len(report["classes"]) == 10
    assert set(report["per_class"]["3"]) >= {"precision", "recall", "f1-score", "support"}
    preds = np.load(os.path.join(run_dir, "predictions.npz"))
    assert preds["probs"].shape == (450, 10) and np.allclose(preds["probs"].sum(axis=1), 1, atol=1e-4)
    assert report["accuracy"] == pytest.approx(float((preds["probs"].argmax(1) == preds["labels"]).mean()))
    assert open(plot_copy, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    assert "seed = 1" in open(os.path.join(run_dir, "config.toml")).read()


def test_labels_and_loss_methods_train_identically_for_one_seed(tmp_path, capsys):
    losses = {}
    for method in ("labels", "loss"):
        assert main(["--no-ui", "--json", "--epochs", "2", "--seed", "5", "--method", method,
                     "--out", str(tmp_path / method)]) == 0
        losses[method] = _epoch_losses(capsys.readouterr().out)
    assert len(losses["labels"]) == 2
    np.testing.assert_allclose(losses["labels"], losses["loss"], rtol=1e-5)


def test_json_epoch_events_carry_the_machines_load(tmp_path, capsys):
    assert main(["--no-ui", "--json", "--epochs", "1", "--seed", "3", "--out", str(tmp_path)]) == 0
    (epoch,) = [e for e in map(json.loads, capsys.readouterr().out.splitlines()) if e["event"] == "EpochEnded"]
    system = epoch["system"]
    assert 0 <= system["cpu_percent"] <= 100 and 0 < system["ram_used_gib"] < system["ram_total_gib"]
    assert isinstance(system["gpus"], list)  # empty on a machine without NVIDIA GPUs


def test_same_seed_repeats_a_run(tmp_path, capsys):
    runs = []
    for i in range(2):
        assert main(["--no-ui", "--json", "--epochs", "1", "--seed", "9", "--out", str(tmp_path / str(i))]) == 0
        runs.append(_epoch_losses(capsys.readouterr().out))
    assert runs[0] == runs[1]


def test_pyimagesearch_preset_trains_minigooglenet_from_a_cifar_archive(tmp_path, capsys, cifar10_archive):
    code = main(["--no-ui", "--json", "--preset", "pyimagesearch", "--data-dir", cifar10_archive, "--epochs", "1",
                 "--out", str(tmp_path / "runs")])
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    started = next(e for e in events if e["event"] == "RunStarted")
    assert started["parameters"] == 1_656_250 and started["config"]["model"] == "minigooglenet"
    finished = events[-1]
    # the tutorial trains on every training image: the preset holds none out
    assert finished["report"]["calibration"]["holdout_size"] == 0
    assert started["classes"][0] == "airplane" and started["train_size"] == 40
    assert finished["event"] == "RunFinished" and finished["report"]["test_size"] == 16
