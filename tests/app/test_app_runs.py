"""The app as a user drives it: real tiny digits runs started, stopped and quit from the keyboard."""

from __future__ import annotations

import glob
import json
import os

import pytest

from app_helpers import log_text, only_run_dir, rendered, run_then_stop_after_an_epoch, type_field, wait_until
from lstui.app import LstuiApp
from lstui.config import RunConfig
from lstui.messages import EpochCompleted, ProgressMade, RunCompleted
from lstui.widgets import ChartPanel, ReportPanel, RunForm, RunProgress, StatusBar
from lstui.widgets.mistakes import MistakesPanel
from lstui.widgets.representation import RepresentationPlot
from lstui.widgets.selective import RiskCoverageChart

pytestmark = pytest.mark.training


async def test_a_run_typed_into_the_form_trains_and_shows_curves_log_and_report(tmp_path):
    seen = []
    app = LstuiApp(RunConfig(epochs=1))
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await type_field(pilot, "epochs", "2")
        await type_field(pilot, "seed", "3")
        await type_field(pilot, "out", str(tmp_path / "runs"))
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.query_one(RunForm).disabled  # locked while the run is active
        await app.workers.wait_for_complete()
        await pilot.pause()

        # A message is seen once per widget it bubbles through (run view, screen, app): count each once.
        kinds = [type(m) for m in {id(m): m for m in seen}.values()]
        assert kinds.count(EpochCompleted) == 2 and kinds.count(RunCompleted) == 1 and ProgressMade in kinds
        charts = app.query_one(ChartPanel)
        assert [e for e, _ in charts.chart("loss").series["val_loss"]] == [1, 2]
        assert set(charts.plotted()) == {"loss", "accuracy", "lr"}
        log = log_text(app)
        assert "epoch 1/2" in log and "epoch 2/2" in log and "seed 3" in log
        assert "0.91" in log.split("after", 1)[1].splitlines()[0]  # the smoothed label, f=0.1, K=10
        run_dir = only_run_dir(tmp_path / "runs")
        assert f"run directory: {run_dir}" in log
        report = app.query_one(ReportPanel)
        assert report.shown is not None and report.shown.run_dir == run_dir
        assert os.path.isfile(report.shown.plot_path)
        progress = app.query_one(RunProgress).text
        assert progress.startswith("finished · test accuracy") and "· 2 epochs ·" in progress
        assert app.query_one(StatusBar).state == "finished"
        assert "Keras" in app.query_one(StatusBar).versions  # loaded in the background
        assert not app.query_one(RunForm).disabled  # a new run can start right away
        # Issue 13's views of the same run: confusion under the report, the picture, the mistakes, the risk curve.
        assert "confusion matrix" in rendered(app.query_one("#report-body").content)
        left, right = app.query(RepresentationPlot)
        assert (left.part, right.part) == ("train", "test") and right.tightness is not None
        assert right.tightness == pytest.approx(json.load(open(os.path.join(run_dir, "report.json")))
                                                ["representation"]["tightness"], rel=1e-4)
        mistakes = app.query_one(MistakesPanel).data
        assert mistakes is not None and 0 < len(mistakes["images"]) <= 25
        assert app.query_one(RiskCoverageChart).block["aurc"] >= 0


async def test_ctrl_x_stops_after_the_current_batch_and_keeps_history_and_report(tmp_path):
    app = LstuiApp(RunConfig(epochs=60, seed=1, out=str(tmp_path / "runs")), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await run_then_stop_after_an_epoch(pilot)
        assert "stopping after the current batch" in log_text(app)
        assert app.query_one(StatusBar).state == "stopped"
        assert app.query_one(RunProgress).text.startswith("stopped · test accuracy")
        run_dir = only_run_dir(tmp_path / "runs")
        report = json.load(open(os.path.join(run_dir, "report.json")))
        assert report["status"] == "stopped" and "per_class" in report
        with open(os.path.join(run_dir, "history.csv")) as handle:
            epochs_saved = len(handle.read().splitlines()) - 1
        assert 1 <= epochs_saved < 60 and os.path.isfile(os.path.join(run_dir, "plot.png"))
        assert app.query_one(ReportPanel).shown.status == "stopped"


async def test_ctrl_q_during_a_run_asks_first_then_stops_it_saves_it_and_exits(tmp_path):
    from cli_helpers import wait_for_pictures
    from lstui.screens.dialogs import ConfirmScreen
    from lstui.training.checkpoint import load_resume_point

    app = LstuiApp(RunConfig(epochs=60, seed=1, out=str(tmp_path / "runs")), load_backend=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: glob.glob(str(tmp_path / "runs" / "*" / "checkpoint.json")))  # one epoch done
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "stop the run and quit?" in str(app.screen.query_one("#confirm-question").content)
        await pilot.press("escape")  # changed my mind: the run goes on
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert app.run_active and not app.stop_event.is_set()
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        assert app.stop_event.is_set()
        await app.workers.wait_for_complete()
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
    run_dir = only_run_dir(tmp_path / "runs")
    report = json.load(open(os.path.join(run_dir, "report.json")))
    assert report["status"] == "stopped" and "accuracy" in report
    point = load_resume_point(run_dir)  # what `lstui --resume DIR` and r on the runs screen start from
    assert 1 <= point.epoch < 60 and len(point.history) == point.epoch
    assert wait_for_pictures(run_dir) == []  # drawn by a detached process after the app has gone
    assert "representation" in json.load(open(os.path.join(run_dir, "report.json")))
