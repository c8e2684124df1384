"""The runs screen (ctrl+o) and resume in the app, driven from the keyboard over real tiny digits runs."""

from __future__ import annotations

import csv
import json
import os
import shutil
import threading

import pytest

from app_helpers import log_text, open_runs, rendered, wait_until
from lstui.app import LstuiApp
from lstui.config import RunConfig
from lstui.runs.reading import read_run
from lstui.training.checkpoint import load_resume_point
from lstui.widgets import ChartPanel, StatusBar
from lstui.widgets.charts import MetricChart
from lstui.widgets.report import ReportPanel
from lstui.widgets.representation import RepresentationPlot
from lstui.screens.run_detail import RunDetailScreen
from lstui.screens.runs import RunsScreen

pytestmark = pytest.mark.training


@pytest.fixture(scope="module")
def runs_root(tmp_path_factory) -> str:
    """Two finished one-epoch runs (f=0 and f=0.2) and one stopped after its first of three epochs."""
    from lstui.training.events import EpochEnded
    from lstui.training.runner import run

    root = str(tmp_path_factory.mktemp("runs"))
    for f in (0.0, 0.2):
        assert run(RunConfig(epochs=1, smoothing=f, seed=1, out=root), lambda e: None).status == "finished"
    stop = threading.Event()

    def stop_after_first_epoch(event) -> None:
        if isinstance(event, EpochEnded):
            stop.set()

    result = run(RunConfig(epochs=3, smoothing=0.1, seed=2, out=root), stop_after_first_epoch, stop)
    assert result.status == "stopped"
    return root


def by_smoothing(root: str) -> dict[float, str]:
    """Run folder by smoothing factor."""
    runs = [read_run(os.path.join(root, name)) for name in os.listdir(root)]
    return {run.smoothing: run.path for run in runs}


def history_epochs(run_dir: str) -> list[int]:
    """The epoch column of history.csv."""
    with open(os.path.join(run_dir, "history.csv"), newline="") as handle:
        return [int(row["epoch"]) for row in csv.DictReader(handle)]


def first_command(app) -> str:
    """The text of the command palette's first match ('' while it has none)."""
    lists = app.screen.query("CommandList")
    if not lists or not lists.first().option_count:
        return ""
    return str(lists.first().get_option_at_index(0).prompt)


async def move_to(pilot, screen: RunsScreen, path: str) -> None:
    """Move the cursor with the arrow keys to the run in ``path``."""
    await pilot.press(*["up"] * len(screen.runs))
    for _ in range(len(screen.runs)):
        if screen.highlighted().path == path:
            return
        await pilot.press("down")
    raise AssertionError(f"the cursor never reached {path}")


async def test_ctrl_o_lists_sorts_overlays_compares_and_opens_runs(runs_root):
    paths = by_smoothing(runs_root)
    app = LstuiApp(RunConfig(out=runs_root), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_runs(pilot)
        table = screen.query_one("#runs-table")
        assert table.row_count == 3
        for f in (0.0, 0.2):  # finished runs show their ECE as in report.json, in percent
            report = json.load(open(os.path.join(paths[f], "report.json")))
            row = [str(cell) for cell in table.get_row(paths[f])]
            assert f"{100 * report['calibration']['ece']:.2f}" in row and "finished" in row and f"{f:g}" in row
            assert f"{report['selective']['aurc']:.4f}" in row
        assert "stopped" in [str(cell) for cell in table.get_row(paths[0.1])]

        while screen.sort_column != "ece":  # s cycles the sort column
            await pilot.press("s")
        eces = [run.ece for run in screen.runs]
        assert None not in eces and eces == sorted(eces, reverse=screen.sort_reverse)
        order = [run.path for run in screen.runs]
        await pilot.press("S")
        assert [run.path for run in screen.runs] == order[::-1]

        await move_to(pilot, screen, paths[0.0])
        await pilot.press("space")
        await move_to(pilot, screen, paths[0.2])
        await pilot.press("space")
        await pilot.pause()
        assert [run.path for run in screen.selected_runs()] == [paths[0.0], paths[0.2]]
        for chart_id in ("#overlay-accuracy", "#overlay-loss"):
            series = screen.query_one(chart_id, MetricChart).series
            # the method is left out of the legend: both runs share it (a narrow chart's legend stays whole)
            assert list(series) == ["1: f=0", "2: f=0.2"] and all(len(s) == 1 for s in series.values())
        # The loss overlay is the hard-label val_nll, the same for every method; accuracy is val_accuracy.
        assert [screen.query_one(c, MetricChart).title for c in ("#overlay-accuracy", "#overlay-loss")] == \
            ["val_accuracy", "val_nll"]
        compared = rendered(screen.query_one("#compare-body").content)
        assert "1: f=0" in compared and "2: f=0.2" in compared  # numbered as in the legend and the table:
        assert [str(table.get_row(paths[f])[0]) for f in (0.0, 0.2)] == ["1", "2"]
        assert "ECE %" in compared and "AURC" in compared

        await pilot.press("v")  # the two selected runs' penultimate-layer pictures, side by side
        await pilot.pause()
        plots = list(app.screen.query(RepresentationPlot))
        assert [(p.caption, p.part) for p in plots] == [("1: labels f=0", "test"), ("2: labels f=0.2", "test")]
        assert all(p.data is not None and p.tightness is not None for p in plots)
        await pilot.press("escape")
        assert isinstance(app.screen, RunsScreen)

        await pilot.press("r")  # a finished run cannot be resumed: a notice says why
        await pilot.pause()
        assert any("already finished" in n.message for n in app._notifications)
        assert isinstance(app.screen, RunsScreen)

        await pilot.press("i")  # the numbers on a screen of their own
        await pilot.pause()
        assert isinstance(app.screen, RunDetailScreen)
        detail = rendered(app.screen.body())
        assert "ECE %" in detail and "classification report" in detail and "macro avg" in detail
        await pilot.press("escape")
        assert isinstance(app.screen, RunsScreen)
        await pilot.press("enter")  # the run in full on the main screen: its curves, report and calibration
        await wait_until(pilot, lambda: app.query_one(ReportPanel).shown is not None)
        assert not isinstance(app.screen, RunsScreen)
        assert app.query_one(ReportPanel).shown.run_dir == paths[0.2]
        assert [e for e, _ in app.query_one(ChartPanel).chart("loss").series["val_loss"]] == [1]
        assert app.query_one(StatusBar).state == "finished"  # how the run ended
        assert app.query_one("#field-smoothing").value == "0.2"  # the form shows the run's settings
        # It ended long ago: opening it announces nothing ("run finished ... saved in" is for a run ending now).
        assert not any("saved in" in n.message for n in app._notifications)

        await pilot.press("ctrl+p", *"runs")  # the command palette offers the screen too
        await wait_until(pilot, lambda: first_command(app).startswith("Runs"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RunsScreen))


async def test_r_on_a_stopped_run_continues_it_on_the_main_screen_to_its_last_epoch(runs_root, tmp_path):
    root = str(tmp_path / "runs")
    stopped = shutil.copytree(by_smoothing(runs_root)[0.1], os.path.join(root, os.path.basename(
        by_smoothing(runs_root)[0.1])))
    app = LstuiApp(RunConfig(out=root), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "r resumes it after epoch 1" in str(app.screen.query_one("#runs-hint").content)
        await pilot.press("r")
        await pilot.pause()
        assert not isinstance(app.screen, RunsScreen)  # back on the main screen, where the run shows
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.query_one(StatusBar).state == "finished"
        assert f"resuming {stopped} after epoch 1 of 3" in log_text(app)
        assert [e for e, _ in app.query_one(ChartPanel).chart("loss").series["val_loss"]] == [1, 2, 3]
    assert history_epochs(stopped) == [1, 2, 3]
    assert json.load(open(os.path.join(stopped, "report.json")))["status"] == "finished"
    assert os.listdir(root) == [os.path.basename(stopped)]  # same folder, no new run


async def test_the_app_opened_with_a_resume_point_continues_that_run_at_once(runs_root, tmp_path):
    stopped = shutil.copytree(by_smoothing(runs_root)[0.1], str(tmp_path / "run"))
    app = LstuiApp(resume=load_resume_point(stopped), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.run_active)
        assert app.query_one("#field-epochs").value == "3"  # the form shows the run's own settings
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert history_epochs(stopped) == [1, 2, 3]
    assert json.load(open(os.path.join(stopped, "report.json")))["status"] == "finished"


def test_resume_without_no_ui_is_accepted_and_gives_the_app_the_run_to_continue(runs_root):
    from lstui.cli import build_parser, resume_point_from_args

    stopped = by_smoothing(runs_root)[0.1]
    point = resume_point_from_args(build_parser().parse_args(["--resume", stopped]))
    assert point.run_dir == stopped and point.epoch == 1 and point.config.epochs == 3
    app = LstuiApp(resume=point)  # what run_app builds for `lstui --resume DIR`
    assert app.initial_config == point.config and app.resume_point is point
