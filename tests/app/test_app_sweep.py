"""Sweeps and calibration in the app: comma lists in the form, one run per combination, the summary and bars."""

from __future__ import annotations

import csv
import os

import numpy as np
import pytest
from rich.console import Console
from textual.widgets import Select, Static

from app_helpers import log_text, run_then_stop_after_an_epoch, type_field, wait_until
from cli_helpers import only_sweep, run_folders
from lstui.app import LstuiApp
from lstui.cli import build_parser, configs_from_args
from lstui.config import RunConfig
from lstui.sweep_values import lists_of
from lstui.training.calibration import calibration_summary
from lstui.validation import check_sweep_values
from lstui.widgets import CalibrationPanel, ReportPanel, RunForm, RunProgress
from lstui.widgets.calibration import ConfidenceHistogram, ReliabilityDiagram


def shown_text(widget: Static, width: int = 200) -> str:
    """What a Static shows, as plain text."""
    console = Console(width=width, record=True, file=open(os.devnull, "w"))
    console.print(widget.content)
    return console.export_text()


def error_under(app: LstuiApp, name: str) -> str:
    error = app.query_one(f"#error-{name}", Static)
    return str(error.content) if error.has_class("-shown") else ""


def test_form_values_with_lists_expand_like_the_command_line(tmp_path):
    out = str(tmp_path / "runs")
    cli = configs_from_args(build_parser().parse_args(["-m", "labels,loss", "-s", "0,0.1", "--out", out]))
    configs, problems = check_sweep_values({"method": "labels,loss", "smoothing": "0, 0.1", "out": out})
    assert problems == [] and configs == cli and len(configs) == 3
    # f = 0 is plain cross-entropy for both methods: one point, the baseline.
    assert [(c.method, c.smoothing) for c in configs] == [("labels", 0), ("labels", 0.1), ("loss", 0.1)]


def test_a_bad_item_in_a_list_is_refused_as_a_single_bad_value_is():
    for raw in ("0,1.5", "1.5", "0,", "abc"):
        configs, problems = check_sweep_values({"smoothing": raw, "epochs": "0"})
        assert configs == [] and [p.name for p in problems] == ["smoothing", "epochs"], raw
        assert "must be a number in [0, 1)" in problems[0].message
    assert check_sweep_values({"epochs": "1,2"})[1][0].name == "epochs"  # only method and smoothing take lists


async def test_the_form_takes_a_smoothing_list_and_a_both_methods_choice(tmp_path):
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_field(pilot, "smoothing", "0,0.1,0.2")
        assert error_under(app, "smoothing") == ""
        await type_field(pilot, "smoothing", "0,2")
        assert "must be a number in [0, 1)" in error_under(app, "smoothing")
        await type_field(pilot, "smoothing", "0,0.2")
        app.query_one("#field-method", Select).value = "labels,loss"
        await type_field(pilot, "repeats", "0")
        assert "must be an integer >= 1" in error_under(app, "repeats")
        await type_field(pilot, "repeats", "2")
        configs = app.query_one(RunForm).read_configs()
        assert [(c.method, c.smoothing, c.repeats) for c in configs] == [("labels", 0, 2), ("labels", 0.2, 2),
                                                                         ("loss", 0.2, 2)]
        cli = configs_from_args(build_parser().parse_args(["-s", "0,0.2", "-m", "labels,loss", "--repeats", "2",
                                                           "--out", str(tmp_path)]))
        assert configs == cli  # the form's sweep is the command line's: the same points, the same repeats


async def test_a_sweep_on_the_command_line_prefills_the_form_with_the_list(tmp_path):
    configs = configs_from_args(build_parser().parse_args(["-s", "0,0.1", "--dataset", "digits",
                                                           "--out", str(tmp_path)]))
    app = LstuiApp(configs[0], load_backend=False, lists=lists_of(configs))
    async with app.run_test(size=(120, 40)):
        assert app.query_one("#field-smoothing").value == "0,0.1"
        assert app.query_one(RunForm).read_configs() == configs
        assert "sweep over f 0, 0.1" in log_text(app)


async def test_the_calibration_tab_draws_the_runs_bins_and_figures():
    rng = np.random.default_rng(0)
    probs = rng.dirichlet(np.ones(4) * 0.3, size=300)
    labels = rng.integers(0, 4, size=300)
    summary = calibration_summary(probs, labels)
    app = LstuiApp(load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.query_one(CalibrationPanel)
        panel.show(summary)
        await pilot.pause()
        reliability = app.query_one(ReliabilityDiagram).bars
        counts = summary["bins"]["counts"]
        assert len(reliability) == sum(1 for n in counts if n)
        accuracy = [a for a, n in zip(summary["bins"]["accuracy"], counts) if n]
        assert [y for _, y in reliability] == pytest.approx(accuracy)
        assert sum(y for _, y in app.query_one(ConfidenceHistogram).bars) == pytest.approx(100)
        assert f"ECE {100 * summary['ece']:.2f} %" in shown_text(app.query_one("#calibration-figures", Static))


@pytest.mark.training
async def test_a_two_run_sweep_typed_into_the_form_saves_both_runs_and_shows_the_summary(tmp_path):
    out = tmp_path / "runs"
    app = LstuiApp(RunConfig(dataset="digits"))
    async with app.run_test(size=(120, 40)) as pilot:
        await type_field(pilot, "smoothing", "0,0.1")
        await type_field(pilot, "epochs", "1")
        await type_field(pilot, "out", str(out))
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: "run 2 of 2" in log_text(app))
        assert "run 2 of 2" in app.query_one(RunProgress).text
        await app.workers.wait_for_complete()
        await pilot.pause()

        run_dirs = [os.path.basename(path) for path in run_folders(out)]
        assert len(run_dirs) == 2 and "run 1 of 2" in log_text(app)
        with open(only_sweep(out) / "sweep.csv") as f:
            rows = list(csv.DictReader(f))
        assert [(r["method"], float(r["f"])) for r in rows] == [("none", 0.0), ("labels", 0.1)]
        assert rows[0]["seed"] == rows[1]["seed"] != ""  # one seed for the whole sweep, drawn once
        assert sorted(os.path.basename(r["run_dir"]) for r in rows) == run_dirs
        assert os.path.isfile(only_sweep(out) / "sweep.png")

        assert app.query_one("#tabs").active == "tab-report"
        table = shown_text(app.query_one("#sweep-body", Static))
        assert "sweep: 2 runs" in table
        for row in rows:
            assert f"{float(row['accuracy']):.4f}" in table and f"{100 * float(row['ece']):.2f}" in table
        assert app.query_one(ReportPanel).shown.run_dir == rows[1]["run_dir"]  # the last run's report below
        assert app.query_one(ReliabilityDiagram).bars and app.query_one(ConfidenceHistogram).bars


@pytest.mark.training
async def test_ctrl_x_stops_the_whole_sweep_and_summarises_the_run_it_stopped(tmp_path):
    out = tmp_path / "runs"
    app = LstuiApp(RunConfig(dataset="digits", epochs=60, seed=1, out=str(out)), load_backend=False,
                   lists={"smoothing": [0.0, 0.1]})
    async with app.run_test(size=(120, 40)) as pilot:
        await run_then_stop_after_an_epoch(pilot)
        assert len(run_folders(out)) == 1  # run 2 of 2 never started
        assert "run 2 of 2" not in log_text(app)
        with open(only_sweep(out) / "sweep.csv") as f:
            (row,) = list(csv.DictReader(f))
        assert row["status"] == "stopped" and float(row["f"]) == 0.0
        assert "sweep: 1 of 2 runs" in shown_text(app.query_one("#sweep-body", Static))


async def test_the_report_tab_shows_a_repeated_sweep_as_mean_and_interval():
    from lstui.runs.stats import summary_rows

    rows = [{"method": m, "f": f, "seed": s, "accuracy": 0.9 + f / 10 + s / 100, "ece": 0.02 + f, "nll": 0.3,
             "status": "finished", "run_dir": f"/runs/r{m}{s}"} for s in (1, 2) for m, f in (("none", 0.0),
                                                                                           ("labels", 0.1))]
    app = LstuiApp(load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one(ReportPanel).show_sweep(rows, 4, summary_rows(rows))
        await pilot.pause()
        table = shown_text(app.query_one("#sweep-body", Static))
        assert "sweep: 4 runs, 2 points × 2 seeds (mean ± 95 % t-interval half-width" in table
        assert "0.9150 ± 0.0635" in table  # accuracy of none: mean of 0.91 and 0.92, t(0.975, 1) · 0.005
        assert "+0.0100 ± 0.0000" in table  # the paired Δ accuracy of labels


@pytest.mark.parametrize("repeats", [1, 2])
async def test_at_80x24_the_sweep_table_keeps_each_number_on_one_line(repeats):
    from textual.geometry import Region

    from lstui.runs.stats import summary_rows

    rows = [{"method": m, "f": f, "seed": s, "accuracy": 0.5911 + f + s / 100, "ece": 0.2250 - f, "nll": 1.9497,
             "temperature": 2.897, "ece_after_temperature": 0.1078, "status": "finished", "run_dir": f"/runs/r{m}{s}"}
            for s in range(1, repeats + 1) for m, f in (("none", 0.0), ("labels", 0.1))]
    app = LstuiApp(load_backend=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#tabs").active = "tab-report"
        await pilot.pause()
        app.query_one(ReportPanel).show_sweep(rows, len(rows), summary_rows(rows))
        await pilot.pause()
        body = app.query_one("#sweep-body", Static)
        shown = "\n".join(strip.text for strip in body.render_lines(Region(0, 0, *body.outer_size)))
        for header in ("method", "accuracy", "ECE %"):
            assert header in shown  # whole, not folded into "accu" / "racy"
        for value in ("0.6011", "0.7011") if repeats == 1 else ("0.6061 ± 0.0635", "0.7061 ± 0.0635"):
            assert value in shown, shown
