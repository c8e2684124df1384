"""The runs screen's table over run folders written without training: what it shows, sorting, never stale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from rich.console import Console
from textual.widgets import DataTable

from lstui.app import LstuiApp
from lstui.config import RunConfig
from lstui.runs import files
from lstui.screens.runs import SETTLE_S, RunsScreen
from lstui.widgets.charts import MetricChart
from lstui.widgets.runs_table import RunsTable
from runs_helpers import set_accuracy, write_run


def shown(app) -> list[tuple[str, str]]:
    """(started, accuracy) of each row, top to bottom, as the table shows them."""
    table = app.screen.query_one(RunsTable)
    return [(str(table.get_cell_at((i, 1))), str(table.get_cell_at((i, 6)))) for i in range(table.row_count)]


async def test_table_sorts_and_shows_a_changed_report_after_reload(tmp_path):
    write_run(tmp_path, "20261129-100000_digits_labels_f0.1", 0.5)
    late = write_run(tmp_path, "20261129-110000_digits_labels_f0.1", 0.75)
    write_run(tmp_path, "20261129-120000_digits_labels_f0.1", 0.25)
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, RunsScreen)
        assert shown(app) == [("11-29 12:00:00", "0.2500"), ("11-29 11:00:00", "0.7500"),
                              ("11-29 10:00:00", "0.5000")]  # newest first
        for key in "sssss":  # started -> dataset -> method -> f -> epochs -> accuracy (best first)
            await pilot.press(key)
        await pilot.pause()
        assert [accuracy for _, accuracy in shown(app)] == ["0.7500", "0.5000", "0.2500"]
        assert "sorted by accuracy ↓" in str(app.screen.query_one("#runs-title").render())
        set_accuracy(late, 0.125, keep_mtime=True)
        await pilot.press("f5")
        await pilot.pause()
        assert [accuracy for _, accuracy in shown(app)] == ["0.5000", "0.2500", "0.1250"]


async def test_space_marks_the_run_and_the_compare_table_names_it(tmp_path):
    write_run(tmp_path, "20261129-100000_digits_labels_f0", 0.5, smoothing=0.0)
    write_run(tmp_path, "20261129-110000_digits_labels_f0.1", 0.75)
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("space", "down", "space")
        await pilot.pause()
        table = app.screen.query_one(RunsTable)
        assert [str(table.get_cell_at((i, 0))) for i in range(2)] == ["1", "2"]  # numbered in the order picked
        assert "2 selected" in str(app.screen.query_one("#runs-title").render())
        console = Console(width=200, record=True)
        console.print(app.screen.query_one("#compare-body").content)
        compare = console.export_text()
        assert "0.7500" in compare and "0.5000" in compare


def styled_chars(lines) -> list[tuple[str, object]]:
    """Each character a cell draws with its style: what the terminal shows, however the segments are cut."""
    return [(char, segment.style) for line in lines for segment in line for char in segment.text]


async def test_cells_draw_as_datatable_draws_them(tmp_path):
    write_run(tmp_path, "20261129-100000_digits_labels_f0", 0.5, smoothing=0.0)
    write_run(tmp_path, "20261129-110000_digits_labels_f0.1", None, epochs_done=0, status="stopped")  # dimmed
    write_run(tmp_path, "20261129-120000_digits_labels_f0.2", 0.75, status="failed", smoothing=0.2)
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("space")  # a selection mark in the first column
        await pilot.pause()
        table = app.screen.query_one(RunsTable)
        drawn = 0
        for row in range(table.row_count):
            style = table._get_row_style(row, table.rich_style)
            for column, spec in enumerate(table.ordered_columns):
                for cursor, hover in ((False, False), (True, False), (False, True), (True, True)):
                    args = (row, column, style, spec.get_render_width(table), cursor, hover)
                    table._cell_render_cache.clear()
                    ours = table._render_cell(*args)
                    table._cell_render_cache.clear()
                    datatable = DataTable._render_cell(table, *args)
                    assert styled_chars(ours) == styled_chars(datatable), (row, spec.key, cursor, hover)
                    drawn += table._plain_cell(row, column, args[3]) is not None
        assert drawn == table.row_count * len(table.ordered_columns) * 4  # every cell took the short way


async def test_sorting_keeps_the_shown_order_among_equal_values_and_a_filter_keeps_it(tmp_path):
    # oldest first, then by method: ties keep the order on screen, as a spreadsheet's sort does
    for hour, method in ((10, "labels"), (11, "loss"), (12, "labels"), (13, "loss")):
        path = write_run(tmp_path, f"20261129-{hour}0000_digits_{method}_f0.1", 0.5)
        config = os.path.join(path, files.CONFIG)
        with open(config) as handle:
            text = handle.read()
        with open(config, "w") as handle:
            handle.write(text.replace('method = "labels"', f'method = "{method}"'))
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("S", "s", "s")  # oldest first -> dataset (all digits: ties everywhere) -> method
        await pilot.pause()
        by_method = [started for started, _ in shown(app)]
        assert by_method == ["11-29 10:00:00", "11-29 12:00:00", "11-29 11:00:00", "11-29 13:00:00"]
        assert [run.path for run in app.screen.listed] == [str(app.screen.query_one(RunsTable).coordinate_to_cell_key(
            (i, 0)).row_key.value) for i in range(4)]  # what the screen acts on is what it shows
        await pilot.press("slash", *"digits")  # every run matches: the same rows, in the same order
        await pilot.pause()
        assert [started for started, _ in shown(app)] == by_method


async def test_a_live_run_that_dies_shows_interrupted_and_the_filter_finds_it_so(tmp_path, monkeypatch):
    # between two of the screen's looks at the folder (every 2 s; none here), keys typed still see the new state
    monkeypatch.setattr(RunsScreen, "refresh_if_changed", lambda screen: None)
    run = write_run(tmp_path, "20261129-100000_digits_labels_f0.1", None, status="running")
    write_run(tmp_path, "20261129-090000_digits_labels_f0.1", 0.5)
    live = {"pid": os.getpid(), "host": os.uname().nodename, "started": time.time(), "heartbeat": time.time()}
    with open(os.path.join(run, "live.json"), "w") as handle:
        json.dump(live, handle)
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        table = app.screen.query_one(RunsTable)
        status = table.ordered_columns.index(next(c for c in table.ordered_columns if c.key == "status"))
        assert str(table.get_cell_at((0, status))) == "live"
        await pilot.press("slash", *"live")
        await pilot.pause()
        assert table.row_count == 1
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
        with open(os.path.join(run, "live.json"), "w") as handle:  # its process is gone: the same run, not live
            json.dump({**live, "pid": int(dead.stdout)}, handle)
        await pilot.press(*["backspace"] * 4, *"interrupted")
        await pilot.pause()
        assert table.row_count == 1 and str(table.get_cell_at((0, status))) == "interrupted"


async def test_with_nothing_selected_the_charts_follow_the_cursor_once_it_rests(tmp_path):
    write_run(tmp_path, "20261129-100000_digits_labels_f0", 0.5, smoothing=0.0)
    write_run(tmp_path, "20261129-110000_digits_labels_f0.1", 0.75)
    write_run(tmp_path, "20261129-120000_digits_labels_f0.2", 0.25, smoothing=0.2)
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.press("down", "down", "up")  # the cursor passes two runs and rests on the second
        await pilot.pause(SETTLE_S * 2)
        await pilot.pause()
        screen = app.screen
        chart = screen.query_one("#overlay-accuracy", MetricChart)
        assert screen.highlighted().name == "20261129-110000_digits_labels_f0.1"
        assert chart.note == " · highlighted run" and list(chart.series) == ["1: f=0.1"]


async def test_a_run_written_while_the_screen_is_open_appears_by_itself(tmp_path):
    write_run(tmp_path, "20261129-100000_digits_labels_f0.1", 0.5)
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        write_run(tmp_path, "20261129-110000_digits_labels_f0.1", 0.75)
        title = app.screen.query_one("#runs-title")
        for _ in range(50):  # the screen looks at the folder every REFRESH_S (2 s), in a thread
            if "2 runs" in str(title.render()):
                break
            await pilot.pause(0.2)
        assert "2 runs" in str(title.render())
        assert shown(app)[0] == ("11-29 11:00:00", "0.7500")
