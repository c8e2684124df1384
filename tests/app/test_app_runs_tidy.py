"""Issue 12 item 11 and bug 2: the runs screen's filter (/), delete after y (d), copy path (c), and the
overlay charts' titles and legends. Pilot over made-up run folders, no training."""

from __future__ import annotations

import os

from textual.widgets import DataTable

from app_helpers import open_runs, wait_until, write_run_dir
from lstui.app import LstuiApp
from lstui.config import RunConfig
from lstui.screens.runs import RunsScreen
from lstui.widgets.charts import MetricChart

NAMES = ("20260101-000000_digits_labels_f0", "20260101-010000_digits_loss_f0.2",
         "20260101-020000_cifar10_labels_f0.1")


def three_runs(root) -> None:
    write_run_dir(root, NAMES[0], smoothing=0.0)
    write_run_dir(root, NAMES[1], method="loss", smoothing=0.2)
    write_run_dir(root, NAMES[2], status="stopped", epochs=5, done=1)


def listed(screen: RunsScreen) -> list[str]:
    """The folder names in the table, top to bottom."""
    table = screen.query_one(DataTable)
    return [os.path.basename(table.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(table.row_count)]


async def test_slash_filters_by_method_f_status_or_name_and_escape_clears_it(tmp_path):
    three_runs(tmp_path)
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_runs(pilot)
        await pilot.press("slash", *"loss")
        assert listed(screen) == [NAMES[1]]
        await pilot.press(*["backspace"] * 4, *"stopped")
        assert listed(screen) == [NAMES[2]]
        await pilot.press(*["backspace"] * 7, *"f=0.2")
        assert listed(screen) == [NAMES[1]]
        await pilot.press(*["backspace"] * 5, *"010000")
        assert listed(screen) == [NAMES[1]]
        await pilot.press("enter")  # back to the table, the filter kept
        assert app.focused is screen.query_one(DataTable) and listed(screen) == [NAMES[1]]
        await pilot.press("slash", "escape")  # escape clears it and stays on the runs screen
        assert app.screen is screen and len(listed(screen)) == 3


async def test_d_deletes_the_selected_runs_only_after_y_naming_them(tmp_path):
    three_runs(tmp_path)
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_runs(pilot)
        await pilot.press("space", "down", "space")  # the two newest
        await pilot.press("d")
        await pilot.pause()
        names = str(app.screen.query_one("#delete-names").content)
        assert NAMES[2] in names and NAMES[1] in names and NAMES[0] not in names
        await pilot.press("n")  # any key but y keeps them
        await pilot.pause()
        assert sorted(os.listdir(tmp_path)) == sorted(NAMES)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert os.listdir(tmp_path) == [NAMES[0]]
        assert listed(screen) == [NAMES[0]]


async def test_d_without_a_selection_deletes_the_run_under_the_cursor(tmp_path):
    three_runs(tmp_path)
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_runs(pilot)
        await pilot.press("down", "d")
        await pilot.pause()
        assert NAMES[1] in str(app.screen.query_one("#delete-names").content)
        await pilot.press("y")
        await pilot.pause()
        assert NAMES[1] not in os.listdir(tmp_path) and len(listed(screen)) == 2


async def test_c_copies_the_runs_path(tmp_path):
    three_runs(tmp_path)
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_runs(pilot)
        await pilot.press("c")
        assert app.clipboard == os.path.join(str(tmp_path), NAMES[2])


async def test_overlay_charts_name_their_metric_and_every_run_in_the_legend(tmp_path):
    three_runs(tmp_path)
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_runs(pilot)
        await pilot.press("down", "space", "down", "space")
        await pilot.pause()
        accuracy, loss = screen.query(".overlay-chart").results(MetricChart)
        assert str(accuracy.border_title).startswith("val_accuracy") and str(loss.border_title).startswith("val_nll")
        for chart in (accuracy, loss):
            assert chart.styles.border_top[0] and chart.styles.border_bottom[0]  # the border that shows them
            assert "1: loss f=0.2" in chart.border_subtitle and "2: labels f=0" in chart.border_subtitle


async def test_the_legend_leaves_out_a_method_every_overlaid_run_shares(tmp_path):
    write_run_dir(tmp_path, NAMES[0], smoothing=0.0)
    write_run_dir(tmp_path, "20260101-010000_digits_labels_f0.2", smoothing=0.2)
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_runs(pilot)
        await pilot.press("space", "down", "space")
        await pilot.pause()
        for chart in screen.query(".overlay-chart").results(MetricChart):
            assert "1: f=0.2" in chart.border_subtitle and "2: f=0" in chart.border_subtitle
