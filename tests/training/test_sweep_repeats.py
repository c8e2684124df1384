"""A real repeated sweep on digits: one seed per sweep, f = 0 once per seed, sweep.csv and sweep-summary.csv.

``lstui --no-ui --dataset digits -s 0,0.1 -m labels,loss --epochs 2 --repeats 2`` without ``--seed``.
"""

import csv
import os
import sys

import pytest
from scipy import stats as scipy_stats

from cli_helpers import only_sweep, run_cli

pytestmark = pytest.mark.training
if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SUMMARY_COLUMNS = ["method", "smoothing", "n", "accuracy_mean", "accuracy_ci95", "ece_mean", "ece_ci95", "nll_mean",
                   "nll_ci95", "brier_mean", "brier_ci95", "ece_after_temperature_mean", "ece_after_temperature_ci95",
                   "delta_accuracy_mean", "delta_accuracy_ci95", "delta_ece_mean", "delta_ece_ci95",
                   "delta_nll_mean", "delta_nll_ci95"]


@pytest.fixture(scope="module")
def repeated(tmp_path_factory):
    root = tmp_path_factory.mktemp("repeats")
    code, printed, runs = run_cli(root, "--dataset", "digits", "-s", "0,0.1", "-m", "labels,loss", "--epochs", "2",
                                  "--repeats", "2")
    return code, root, printed, runs


def read_csv(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_point_is_trained_with_the_same_two_seeds_and_f0_once_per_seed(repeated):
    code, root, out, runs = repeated
    assert code == 0 and len(runs) == 6
    configs = []
    for run in runs:
        with open(os.path.join(run, "config.toml"), "rb") as handle:
            configs.append(tomllib.load(handle))
    seeds = sorted({c["seed"] for c in configs})
    assert len(seeds) == 2 and seeds[1] == seeds[0] + 1
    points = {}
    for c in configs:
        key = "none" if c["smoothing"] == 0 else c["method"], c["smoothing"]
        points.setdefault(key, []).append(c["seed"])
    assert {k: sorted(v) for k, v in points.items()} == {("none", 0.0): seeds, ("labels", 0.1): seeds,
                                                         ("loss", 0.1): seeds}


def test_sweep_csv_has_one_row_per_run_with_its_seed(repeated):
    code, root, out, runs = repeated
    rows = read_csv(only_sweep(root) / "sweep.csv")
    assert len(rows) == 6 and "seed" in rows[0]
    assert sorted(r["run_dir"] for r in rows) == runs
    # Seed-major: the three points with the first seed, then the three with the second.
    assert [r["method"] for r in rows] == ["none", "labels", "loss"] * 2
    assert len({r["seed"] for r in rows[:3]}) == 1 and len({r["seed"] for r in rows[3:]}) == 1
    assert (only_sweep(root) / "sweep.png").read_bytes().startswith(b"\x89PNG")


def test_sweep_summary_has_means_intervals_and_paired_deltas(repeated):
    code, root, out, runs = repeated
    rows = read_csv(only_sweep(root) / "sweep.csv")
    summary = read_csv(only_sweep(root) / "sweep-summary.csv")
    assert set(SUMMARY_COLUMNS) <= set(summary[0])
    assert [(s["method"], float(s["smoothing"]), int(s["n"])) for s in summary] == [
        ("none", 0.0, 2), ("labels", 0.1, 2), ("loss", 0.1, 2)]
    for point in summary:
        mine = [float(r["accuracy"]) for r in rows if r["method"] == point["method"]]
        mean = sum(mine) / 2
        assert float(point["accuracy_mean"]) == pytest.approx(mean)
        if mine[0] != mine[1]:
            low, high = scipy_stats.t.interval(0.95, 1, loc=mean, scale=scipy_stats.sem(mine))
            assert float(point["accuracy_ci95"]) == pytest.approx((high - low) / 2)
        assert point["ece_ci95"] != "" and point["nll_ci95"] != ""
    baseline, labels, loss = summary
    assert baseline["delta_accuracy_mean"] == baseline["delta_nll_ci95"] == ""
    by_seed = {r["seed"]: float(r["nll"]) for r in rows if r["method"] == "none"}
    differences = [float(r["nll"]) - by_seed[r["seed"]] for r in rows if r["method"] == "loss"]
    assert float(loss["delta_nll_mean"]) == pytest.approx(sum(differences) / 2)
    assert labels["delta_accuracy_ci95"] != "" and loss["delta_ece_ci95"] != ""


def test_the_printed_summary_says_points_seeds_and_intervals(repeated):
    code, root, out, runs = repeated
    assert "sweep: 6 runs, 3 points × 2 seeds (mean ± 95 % t-interval half-width" in out
    assert "sweep summary: " + str(only_sweep(root) / "sweep-summary.csv") in out
    assert out.count("── run ") == 6 and "baseline f=0 (method none)" in out
