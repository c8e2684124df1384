"""A real (tiny) sweep on digits: calibration in report.json, val_nll in history, sweep files, compare."""

import csv
import io
import json
import math
import os
from contextlib import redirect_stderr, redirect_stdout

import numpy as np
import pytest

from cli_helpers import only_sweep, run_cli
from lstui.cli import main
from lstui.runs.reading import list_runs, read_run

pytestmark = pytest.mark.training
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """``lstui --no-ui --smoothing 0,0.1 --method labels,loss`` for one epoch: three runs (f = 0 once)."""
    root = tmp_path_factory.mktemp("sweep")
    code, printed, runs = run_cli(root, "--dataset", "digits", "--epochs", "1", "--seed", "3", "--smoothing", "0,0.1",
                                  "--method", "labels,loss")
    return code, root, printed, runs


def independent_ece(probs, labels, n_bins=15, max_gap=False, min_count=10):
    """Guo et al.'s ECE (or MCE, over bins of at least ``min_count`` images) written out sample by sample,
    without lstui's code."""
    groups = [[] for _ in range(n_bins)]
    for p, y in zip(probs.astype(float), labels):
        conf = max(p)
        m = next(m for m in range(1, n_bins + 1) if conf <= m / n_bins)
        groups[m - 1].append((conf, float(np.argmax(p) == y)))
    gaps = [(len(g), abs(sum(a for _, a in g) / len(g) - sum(c for c, _ in g) / len(g))) for g in groups if g]
    if max_gap:
        return max((gap for n, gap in gaps if n >= min_count), default=None)
    return sum(n * gap for n, gap in gaps) / len(labels)


def test_sweep_makes_one_run_per_combination_and_the_summary(sweep):
    code, root, out, runs = sweep
    assert code == 0 and len(runs) == 3
    with open(only_sweep(root) / "sweep.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["method"], float(r["f"])) for r in rows} == {("none", 0.0), ("labels", 0.1), ("loss", 0.1)}
    assert {r["seed"] for r in rows} == {"3"}
    assert sorted(r["run_dir"] for r in rows) == runs
    assert all(0 <= float(r["ece"]) <= 1 and float(r["temperature"]) > 0 for r in rows)
    assert (only_sweep(root) / "sweep.png").read_bytes().startswith(PNG)
    assert "sweep: 3 runs, seed 3 (" in out and all(os.path.basename(run) in out for run in runs)
    assert out.count("calibration: ECE") == 3  # each run prints its calibration line


def test_report_calibration_agrees_with_predictions(sweep):
    for run in sweep[3]:
        calibration = json.load(open(os.path.join(run, "report.json")))["calibration"]
        saved = np.load(os.path.join(run, "predictions.npz"))
        probs, labels = saved["probs"], saved["labels"]
        assert calibration["ece"] == pytest.approx(independent_ece(probs, labels), abs=1e-6)
        assert calibration["mce_min_count"] == 10
        assert calibration["mce"] == pytest.approx(independent_ece(probs, labels, max_gap=True), abs=1e-6)
        true_p = probs.astype(float)[np.arange(len(labels)), labels]
        nll = -np.mean(np.log(np.maximum(true_p, np.finfo(np.float32).tiny)))
        assert calibration["nll"] == pytest.approx(nll, abs=1e-4)
        brier = np.mean([sum((p - (k == y)) ** 2 for k, p in enumerate(row)) for row, y in zip(probs, labels)])
        assert calibration["brier"] == pytest.approx(brier, abs=1e-6)
        assert calibration["confidence"] == pytest.approx(probs.max(axis=1).mean(), abs=1e-6)

        # T minimises the held-out NLL, and ECE after scaling is the ECE of softmax(log p / T).
        held, held_labels = saved["holdout_probs"].astype(float), saved["holdout_labels"]
        assert calibration["holdout_size"] == len(held_labels) > 0

        def scaled(p, t):
            e = np.exp(np.log(np.maximum(p, 1e-300)) / t)
            return e / e.sum(axis=1, keepdims=True)

        def held_nll(t):
            return -np.mean(np.log(scaled(held, t)[np.arange(len(held_labels)), held_labels]))

        t = calibration["temperature"]
        assert held_nll(t) <= min(held_nll(t * 1.02), held_nll(t / 1.02)) + 1e-12
        after = independent_ece(scaled(probs.astype(float), t), labels)
        assert calibration["ece_after_temperature"] == pytest.approx(after, abs=1e-6)
        assert open(os.path.join(run, "calibration.png"), "rb").read(8) == PNG


def test_history_has_hard_label_val_nll_and_confidence(sweep):
    for run in sweep[3]:
        info = read_run(run)
        last = info.history[-1]
        assert "nll" not in last and "confidence" not in last  # train-side values are not meaningful
        # The last epoch's validation pass and the final prediction see the same model and test set.
        assert last["val_nll"] == pytest.approx(info.metric("nll"), abs=1e-3)
        assert last["val_confidence"] == pytest.approx(info.metric("confidence"), abs=1e-3)
        if info.method == "loss" and info.smoothing > 0:
            assert not math.isclose(last["val_loss"], last["val_nll"], abs_tol=1e-3)  # val_loss is smoothed


def test_compare_prints_each_runs_accuracy_and_ece_and_plots(sweep, tmp_path):
    runs = sweep[3][:2]
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["compare", *runs, "-p", str(tmp_path / "overlay.png")])
    assert code == 0
    text = out.getvalue()
    for run in runs:
        info = read_run(run)
        assert f"{info.accuracy:.4f}" in text and f"{100 * info.ece:.2f}" in text
    assert "smoothing" in text  # the setting that differs between the two runs
    assert (tmp_path / "overlay.png").read_bytes().startswith(PNG)


@pytest.mark.parametrize("files, expected", [
    (None, "does not exist"),
    ({"config.toml": "method = 'labels'\n", "report.json": "{oops"}, "not valid JSON"),
    ({}, "not a run directory"),
])
def test_compare_refuses_missing_or_unreadable_run_dirs(sweep, tmp_path, files, expected):
    bad = tmp_path / "run"
    if files is not None:
        bad.mkdir()
        for name, text in files.items():
            (bad / name).write_text(text)
    err = io.StringIO()
    with redirect_stderr(err):
        code = main(["compare", sweep[3][0], str(bad)])
    assert code == 2
    assert expected in err.getvalue() and err.getvalue().count("\n") == 1


def test_list_runs_reports_every_run_with_its_ece(sweep):
    code, root, out, runs = sweep
    broken = root / "20990101-000000_digits_labels_f0.1"
    broken.mkdir()
    (broken / "config.toml").write_text("method = [")
    try:
        listed = list_runs(str(root))
    finally:
        (broken / "config.toml").unlink()
        broken.rmdir()
    assert listed[0].status == "unreadable" and "config.toml" in listed[0].problem
    finished = listed[1:]
    assert sorted(r.path for r in finished) == runs
    assert all(r.status == "finished" and r.dataset == "digits" and r.epochs_done == 1 and r.ece is not None
               for r in finished)
