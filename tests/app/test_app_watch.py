"""Following a run that another process trains, from its files: lstui watch and the runs screen."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from app_helpers import log_text, wait_until
from lstui.app import LstuiApp
from lstui.cli import main
from lstui.config import RunConfig
from lstui.follow import newest_live_run
from lstui.runs.liveness import is_live
from lstui.widgets import ChartPanel, StatusBar
from lstui.widgets.report import ReportPanel


@pytest.mark.training
async def test_the_app_follows_a_headless_run_in_another_process_and_stops_it_with_ctrl_x(tmp_path):
    out = tmp_path / "runs"
    proc = subprocess.Popen([sys.executable, "-m", "lstui", "--no-ui", "--epochs", "60", "--seed", "1", "-b", "16",
                             "-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "CUDA_VISIBLE_DEVICES": ""})
    try:
        app = LstuiApp(RunConfig(out=str(out)), load_backend=False, watch="")
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: newest_live_run(str(out)) is not None, rounds=2400)
            run_dir = newest_live_run(str(out))
            app.watcher.open(run_dir)  # what enter on the runs screen does
            loss = app.query_one(ChartPanel).chart("loss")
            await wait_until(pilot, lambda: len(loss.series.get("val_loss", [])) >= 2, rounds=2400)
            assert app.query_one(StatusBar).state == "watching"
            assert "epoch  2/60" in log_text(app)
            assert app.query_one("#field-epochs").value == "60"  # the followed run's settings
            await pilot.press("ctrl+x")  # asks the training process to stop and save
            await wait_until(pilot, lambda: app.query_one(ReportPanel).shown is not None, rounds=2400)
            assert app.query_one(ReportPanel).shown.status == "stopped"
        assert proc.wait(timeout=120) == 143  # it stopped as for its own SIGTERM, and saved
        assert not is_live(run_dir)
    finally:
        proc.kill()


def test_watch_on_a_missing_folder_says_so_in_one_line(tmp_path, capsys):
    assert main(["watch", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("lstui watch: error: PATH:") and "nowhere" in err and "\n" not in err


async def test_watch_with_no_live_run_opens_the_runs_screen_and_says_so(tmp_path):
    from lstui.screens.runs import RunsScreen

    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False, watch="")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: any("no run is training there now" in n.message for n in app._notifications))
        assert isinstance(app.screen, RunsScreen)


async def test_a_followed_sweeps_next_run_still_reads_watching_not_running(tmp_path):
    from lstui.runs.liveness import Heartbeat
    from lstui.training.events import SweepStepStarted

    run_dir = tmp_path / "runs" / "20260101-000000_digits_loss_f0.1"
    run_dir.mkdir(parents=True)
    # What a sweep's process writes first for its second run: the step, before any epoch.
    (run_dir / "events.jsonl").write_text(SweepStepStarted(2, 2, RunConfig(method="loss", smoothing=0.1).to_dict()).to_json() + "\n")
    beat = Heartbeat(str(run_dir))  # this process stands in for the training one: the run reads live
    try:
        app = LstuiApp(RunConfig(out=str(tmp_path / "runs")), load_backend=False)
        async with app.run_test(size=(120, 40)) as pilot:
            app.watcher.start(str(run_dir))
            await wait_until(pilot, lambda: "sweep" in log_text(app) or app.watcher.quiet_polls > 0)
            await pilot.pause()
            assert app.query_one(StatusBar).state == "watching"  # this app trains nothing; ctrl+r stays free
    finally:
        beat.stop()
