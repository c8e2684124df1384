"""Sweeps without training: one seed per sweep, repeats, f = 0 once, the statistics and the summary files."""

from __future__ import annotations

import csv
import json
import math
import os
import threading

import pytest
from scipy import stats as scipy_stats

from lstui.cli import build_parser, configs_from_args
from lstui.config import ConfigError, RunConfig
from lstui.describe import describe_sweep_step, sweep_title
from lstui.runs.stats import SUMMARY_COLUMNS, mean_ci95, summary_csv_text, summary_rows
from lstui.runs.sweep import SWEEP_COLUMNS, mean_pm, save_sweep, sweep_summary_table
from lstui.session import run_session, session_runs
from lstui.sweep_values import combinations, describe_points, seeded_runs
from lstui.training.events import SweepFinished, SweepStepStarted
from lstui.validation import check_sweep_values

REQUIRED_SUMMARY = ["method", "smoothing", "n", "accuracy_mean", "accuracy_ci95", "ece_mean", "ece_ci95", "nll_mean",
                    "nll_ci95", "brier_mean", "brier_ci95", "ece_after_temperature_mean", "ece_after_temperature_ci95",
                    "delta_accuracy_mean", "delta_accuracy_ci95", "delta_ece_mean", "delta_ece_ci95",
                    "delta_nll_mean", "delta_nll_ci95"]


def cli_configs(*argv: str) -> list[RunConfig]:
    return configs_from_args(build_parser().parse_args(list(argv)))


# ---- the statistics ---------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", [[0.91, 0.93, 0.90, 0.95, 0.92], [1.0, 3.0], [0.5, 0.5, 0.7]])
def test_the_interval_of_a_known_sample_is_scipys_t_interval(sample):
    mean, half = mean_ci95(sample)
    n = len(sample)
    sem = scipy_stats.sem(sample)  # sd (ddof 1) / sqrt(n)
    low, high = scipy_stats.t.interval(0.95, n - 1, loc=sum(sample) / n, scale=sem)
    assert mean == pytest.approx((low + high) / 2)
    assert half == pytest.approx((high - low) / 2, rel=1e-12)


def test_the_interval_by_hand_for_two_values():
    # n = 2: t(0.975, 1) = 12.7062..., sd of (1, 3) = sqrt(2), half-width = 12.7062 * sqrt(2) / sqrt(2).
    assert mean_ci95([1.0, 3.0]) == (2.0, pytest.approx(12.7062047, rel=1e-7))


def test_one_value_has_no_interval_and_missing_values_are_left_out():
    assert mean_ci95([0.4]) == (0.4, None)
    assert mean_ci95([]) == (None, None)
    assert mean_ci95([None, 0.4, None]) == (0.4, None)
    assert mean_ci95([1.0, None, 3.0])[1] == pytest.approx(12.7062047, rel=1e-7)


def row(method, f, seed, accuracy, ece, nll, status="finished", **more):
    return {"method": method, "f": f, "seed": seed, "accuracy": accuracy, "ece": ece, "nll": nll, "brier": None,
            "status": status, **more}


def test_paired_deltas_against_the_baseline_of_the_same_seed():
    rows = [row("none", 0.0, 1, 0.90, 0.02, 0.30), row("labels", 0.1, 1, 0.92, 0.05, 0.35),
            row("none", 0.0, 2, 0.80, 0.04, 0.50), row("labels", 0.1, 2, 0.83, 0.06, 0.52),
            row("none", 0.0, 3, 0.70, 0.01, 0.40), row("labels", 0.1, 3, 0.74, 0.02, 0.41)]
    baseline, labels = summary_rows(rows)
    assert (baseline["method"], baseline["smoothing"], baseline["n"]) == ("none", 0.0, 3)
    assert baseline["delta_accuracy_mean"] is None and baseline["n_paired"] is None
    assert labels["n"] == 3 and labels["n_paired"] == 3
    differences = [0.02, 0.03, 0.04]
    mean, half = mean_ci95(differences)
    assert labels["delta_accuracy_mean"] == pytest.approx(0.03) == pytest.approx(mean)
    assert labels["delta_accuracy_ci95"] == pytest.approx(half)
    assert labels["delta_ece_mean"] == pytest.approx((0.03 + 0.02 + 0.01) / 3)
    assert labels["delta_nll_mean"] == pytest.approx((0.05 + 0.02 + 0.01) / 3)
    # Paired beats unpaired here: the seeds move both runs alike, the difference much less.
    assert labels["delta_accuracy_ci95"] < labels["accuracy_ci95"]
    assert labels["brier_mean"] is None and labels["brier_ci95"] is None


def test_only_finished_runs_count_and_a_seed_without_baseline_is_not_paired():
    rows = [row("none", 0.0, 1, 0.90, 0.02, 0.30), row("loss", 0.2, 1, 0.92, 0.05, 0.35),
            row("loss", 0.2, 2, 0.50, 0.05, 0.35), row("none", 0.0, 2, 0.1, 0.1, 0.1, status="stopped"),
            row("labels", 0.2, 1, 0.91, 0.05, 0.35)]
    summary = summary_rows(rows)
    assert [(r["method"], r["smoothing"], r["n"]) for r in summary] == [("none", 0.0, 1), ("loss", 0.2, 2),
                                                                         ("labels", 0.2, 1)]
    loss = summary[1]
    assert loss["n_paired"] == 1 and loss["delta_accuracy_mean"] == pytest.approx(0.02)
    assert loss["delta_accuracy_ci95"] is None  # one pair: no interval
    assert loss["accuracy_ci95"] is not None


def test_the_summary_csv_has_the_columns_and_empty_cells_for_no_interval():
    rows = [row("none", 0.0, 1, 0.9, 0.02, 0.3), row("labels", 0.1, 1, 0.92, 0.05, 0.35)]
    reader = csv.DictReader(summary_csv_text(summary_rows(rows)).splitlines())
    assert all(name in reader.fieldnames for name in REQUIRED_SUMMARY)
    baseline, labels = list(reader)
    assert baseline["method"] == "none" and baseline["accuracy_ci95"] == "" and baseline["delta_nll_mean"] == ""
    assert float(labels["delta_accuracy_mean"]) == pytest.approx(0.02) and labels["delta_accuracy_ci95"] == ""
    assert "seed" in SWEEP_COLUMNS and SWEEP_COLUMNS.index("seed") < SWEEP_COLUMNS.index("accuracy")
    assert set(REQUIRED_SUMMARY) <= set(SUMMARY_COLUMNS)


def test_a_cell_is_mean_plus_minus_half_width():
    cell = {"accuracy_mean": 0.9123, "accuracy_ci95": 0.0101, "delta_ece_mean": -0.012, "delta_ece_ci95": 0.004}
    assert mean_pm(cell, "accuracy", ".4f") == "0.9123 ± 0.0101"
    assert mean_pm(cell, "delta_ece", "+.2f", 100) == "-1.20 ± 0.40"
    assert mean_pm({"accuracy_mean": 0.9, "accuracy_ci95": None}, "accuracy", ".4f") == "0.9000"


# ---- the expansion: points, then seeds ---------------------------------------------------------------

def test_f0_is_one_point_the_baseline_of_both_methods(tmp_path):
    configs = cli_configs("-s", "0,0.1", "-m", "labels,loss", "-o", str(tmp_path))
    assert [(c.method, c.smoothing) for c in configs] == [("labels", 0.0), ("labels", 0.1), ("loss", 0.1)]
    assert all(c.seed is None for c in configs)  # the session draws the seed, once
    assert cli_configs("-s", "0", "-m", "labels,loss", "-o", str(tmp_path)) == [RunConfig(smoothing=0.0,
                                                                                           out=str(tmp_path))]


def test_repeats_two_without_seed_gives_six_runs_with_the_same_two_seeds(tmp_path):
    points = cli_configs("-s", "0,0.1", "-m", "labels,loss", "--repeats", "2", "-o", str(tmp_path))
    runs = session_runs(points)
    assert len(points) == 3 and len(runs) == 6
    first = runs[0].seed
    assert first is not None
    # Seed-major: all points with s, then all with s+1.
    assert [(c.method, c.smoothing, c.seed) for c in runs] == [
        ("labels", 0.0, first), ("labels", 0.1, first), ("loss", 0.1, first),
        ("labels", 0.0, first + 1), ("labels", 0.1, first + 1), ("loss", 0.1, first + 1)]
    assert sum(c.smoothing == 0 for c in runs) == 2  # f = 0 once per seed


def test_a_sweep_without_repeats_draws_one_seed_for_every_point(tmp_path):
    runs = session_runs(cli_configs("-s", "0,0.05,0.1", "-o", str(tmp_path)))
    assert len(runs) == 3 and len({c.seed for c in runs}) == 1 and runs[0].seed is not None


def test_a_given_seed_starts_the_repeats_and_a_single_run_is_left_to_the_runner(tmp_path):
    runs = session_runs(cli_configs("-s", "0.1", "--repeats", "3", "--seed", "7", "-o", str(tmp_path)))
    assert [c.seed for c in runs] == [7, 8, 9]
    single = cli_configs("-s", "0.1", "-o", str(tmp_path))
    assert session_runs(single) == single and single[0].seed is None  # the runner picks and records it
    assert seeded_runs(single, 5) == [RunConfig(smoothing=0.1, seed=5, out=str(tmp_path))]


def test_the_form_expands_a_sweep_with_repeats_as_the_command_line_does(tmp_path):
    out = str(tmp_path)
    cli = cli_configs("-m", "labels,loss", "-s", "0,0.1", "--repeats", "2", "--out", out)
    form, problems = check_sweep_values({"method": "labels,loss", "smoothing": "0, 0.1", "repeats": "2", "out": out})
    assert problems == [] and form == cli
    assert describe_points(form) == "method labels, loss × f 0, 0.1 × 2 seeds (drawn)"
    assert combinations({"smoothing": [0.1, 0.0], "method": ["loss", "labels"]}, RunConfig()) == [
        RunConfig(smoothing=0.1, method="loss"), RunConfig(smoothing=0.1, method="labels"),
        RunConfig(smoothing=0.0, method="loss")]


@pytest.mark.parametrize("raw", ["0", "-1", "x", "1.5"])
def test_bad_repeats_name_the_field(raw):
    with pytest.raises(ConfigError) as error:
        cli_configs("--repeats", raw)
    assert str(error.value).startswith("--repeats: must be an integer >= 1")
    assert [p.name for p in check_sweep_values({"repeats": raw})[1]] == ["repeats"]


def test_repeats_past_the_largest_seed_are_refused(tmp_path):
    with pytest.raises(ConfigError, match="--repeats: 3 repeats from seed 2147483646 would pass"):
        cli_configs("--seed", "2147483646", "--repeats", "3", "-o", str(tmp_path))
    assert len(session_runs(cli_configs("--seed", "2147483645", "--repeats", "3", "-o", str(tmp_path)))) == 3


# ---- the session loop, with a stand-in for training ---------------------------------------------------

def fake_run_dir(root: str, config: RunConfig, status: str = "finished") -> str:
    """A run directory as the runner leaves it, with made-up numbers that depend on the seed and f."""
    path = os.path.join(root, f"run-{config.method}-f{config.smoothing:g}-s{config.seed}")
    os.makedirs(path)
    with open(os.path.join(path, "config.toml"), "w") as handle:
        handle.write(config.to_toml())
    noise = (config.seed % 7) / 100
    calibration = {"ece": 0.02 + config.smoothing / 2 + noise / 10, "nll": 0.3 + noise, "brier": 0.1,
                   "confidence": 0.9, "temperature": 1.1, "ece_after_temperature": 0.015,
                   "nll_after_temperature": 0.28}
    report = {"status": status, "accuracy": 0.9 - noise + config.smoothing / 10, "calibration": calibration}
    with open(os.path.join(path, "report.json"), "w") as handle:
        json.dump(report, handle)
    return path


def test_run_session_trains_seed_major_and_writes_the_summary(tmp_path, monkeypatch):
    from lstui.training import runner

    trained: list[RunConfig] = []

    def fake_run(config, sink, stop, resume=None):
        trained.append(config)
        return runner.RunResult("finished", run_dir=fake_run_dir(str(tmp_path), config))

    monkeypatch.setattr(runner, "run", fake_run)
    events = []
    points = cli_configs("-s", "0,0.1", "-m", "labels,loss", "--repeats", "3", "-o", str(tmp_path))
    run_session(points, events.append, threading.Event())
    seeds = sorted({c.seed for c in trained})
    assert len(trained) == 9 and len(seeds) == 3 and seeds == list(range(seeds[0], seeds[0] + 3))
    steps = [e for e in events if isinstance(e, SweepStepStarted)]
    assert [(s.index, s.total) for s in steps] == [(i, 9) for i in range(1, 10)]
    assert "baseline f=0 (method none), seed" in describe_sweep_step(1, 9, steps[0].config)
    (finished,) = [e for e in events if isinstance(e, SweepFinished)]
    json.dumps(finished.to_dict())  # JSON lines need plain values
    assert [(r["method"], r["smoothing"], r["n"], r["n_paired"]) for r in finished.summary] == [
        ("none", 0.0, 3, None), ("labels", 0.1, 3, 3), ("loss", 0.1, 3, 3)]
    # The made-up accuracy is the baseline's + f/10 for every seed: the paired difference has no spread.
    assert finished.summary[1]["delta_accuracy_mean"] == pytest.approx(0.01)
    assert finished.summary[1]["delta_accuracy_ci95"] == pytest.approx(0.0, abs=1e-12)
    assert finished.summary[1]["accuracy_ci95"] > 0.001
    with open(finished.csv) as handle:
        rows = list(csv.DictReader(handle))
    assert [r["method"] for r in rows[:3]] == ["none", "labels", "loss"] and len(rows) == 9
    assert [int(r["seed"]) for r in rows] == [s for s in seeds for _ in range(3)]
    with open(finished.summary_csv) as handle:
        assert len(list(csv.DictReader(handle))) == 3
    assert os.path.basename(finished.summary_csv) == "sweep-summary.csv"
    with open(finished.png, "rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"


def test_a_stopped_sweep_summarises_the_whole_seeds_it_finished(tmp_path, monkeypatch):
    from lstui.training import runner

    stop = threading.Event()
    trained: list[RunConfig] = []

    def fake_run(config, sink, stop_event, resume=None):
        trained.append(config)
        if len(trained) == 4:  # stopped during the first run of the second seed
            stop.set()
            return runner.RunResult("stopped", run_dir=fake_run_dir(str(tmp_path), config, "stopped"))
        return runner.RunResult("finished", run_dir=fake_run_dir(str(tmp_path), config))

    monkeypatch.setattr(runner, "run", fake_run)
    events = []
    points = cli_configs("-s", "0,0.1", "-m", "labels,loss", "--repeats", "2", "-o", str(tmp_path))
    run_session(points, events.append, stop)
    (finished,) = [e for e in events if isinstance(e, SweepFinished)]
    assert len(finished.rows) == 4 and finished.total == 6
    assert [(r["method"], r["n"]) for r in finished.summary] == [("none", 1), ("labels", 1), ("loss", 1)]
    title = sweep_title(4, 6, points=3, seeds=[5, 6], intervals=False)
    assert title.startswith("sweep: 4 of 6 runs, 3 points × 2 seeds (")


def test_the_table_says_points_seeds_and_intervals(tmp_path):
    rows = [row("none", 0.0, s, 0.9 + s / 100, 0.02, 0.3) for s in (1, 2)]
    rows += [row("labels", 0.1, s, 0.91 + s / 100, 0.03, 0.31) for s in (1, 2)]
    table = sweep_summary_table(rows, summary_rows(rows), 4)
    assert table.title == ("sweep: 4 runs, 2 points × 2 seeds (mean ± 95 % t-interval half-width; ECE with 15 bins; "
                           "T fitted on the held-out slice)")
    assert [c.header for c in table.columns][:3] == ["method", "f", "n"]
    once = sweep_summary_table(rows[::2], summary_rows(rows[::2]), 2)
    assert once.title.startswith("sweep: 2 runs, seed 1 (ECE") and "run" in [c.header for c in once.columns]


def test_save_sweep_plots_a_sweep_where_only_some_points_have_intervals(tmp_path):
    points = [RunConfig(smoothing=f, repeats=2, out=str(tmp_path)) for f in (0.0, 0.2)]
    dirs = [fake_run_dir(str(tmp_path), run) for run in seeded_runs(points, 3)]
    dirs.append(fake_run_dir(str(tmp_path), RunConfig(smoothing=0.1, method="loss", seed=3)))
    saved = save_sweep(dirs, str(tmp_path / "root"))
    assert [(r["method"], r["n"]) for r in saved.summary] == [("none", 2), ("labels", 2), ("loss", 1)]
    assert math.isclose(saved.summary[2]["delta_accuracy_mean"], 0.01)
    assert saved.summary[2]["accuracy_ci95"] is None and saved.summary[1]["accuracy_ci95"] is not None
    assert os.path.getsize(saved.png) > 1000


def test_a_sweep_step_from_an_older_runs_log_without_its_settings_is_still_described():
    # lstui watch / the runs screen read events.jsonl written by any version: a missing key is no traceback.
    assert describe_sweep_step(2, 4, {}) == "── run 2 of 4: method ? ──"
    assert describe_sweep_step(3, 4, {"smoothing": 0.1}) == "── run 3 of 4: method ?, f=0.1 ──"
    assert describe_sweep_step(1, 4, {"method": "loss", "smoothing": 0.0, "seed": 7}) == \
        "── run 1 of 4: baseline f=0 (method none), seed 7 ──"
