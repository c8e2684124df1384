"""Issue 12: one key per tab, a footer that offers only what applies, why a key does nothing, the field help
line, the form's words in errors, the screenshot and 80x24 legibility. Pilot, no training."""

from __future__ import annotations

import os

from textual.geometry import Region
from textual.widgets import Select, Static

from app_helpers import tab_to, type_field, wait_until, write_run_dir
from lstui.app import LstuiApp
from lstui.config import RunConfig
from lstui.training.events import BatchProgress, RunFinished
from lstui.widgets import ReportPanel, RunProgress
from lstui.widgets.run_view import TABS


def footer_keys(app) -> list[str]:
    """The footer as a user reads it: 'key description' per entry, left to right."""
    return [f"{key.key_display} {key.description}".strip() for key in app.screen.query("FooterKey")]


def notes(app) -> list[str]:
    """Every notification's text so far."""
    return [f"{n.title}: {n.message}" for n in app._notifications]


def tab_shown(app) -> str:
    return app.query_one("#tabs").active


async def test_each_tab_has_an_f_key_from_the_form(tmp_path):
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_field(pilot, "smoothing", "0.2")  # the focus is in a text field, as while filling the form
        for number, tab in enumerate(TABS, start=2):
            await pilot.press(f"f{number}")
            assert tab_shown(app) == tab.pane_id
        assert app.query_one("#field-smoothing").value == "0.2"  # the keys typed nothing into the field


async def test_footer_names_the_tab_keys_when_wide_and_groups_them_when_narrow():
    app = LstuiApp(RunConfig(), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: footer_keys(app))
        assert [f"f{i} {tab.title}" for i, tab in enumerate(TABS, start=2)] == \
            [k for k in footer_keys(app) if k.startswith("f") and k[1:2].isdigit() and k[:2] != "f1"]
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: "f2" in footer_keys(app))
        keys = footer_keys(app)
        assert [f"f{i}" for i in range(2, 2 + len(TABS))] == [k for k in keys if k[:1] == "f" and k != "f1 Help"]
        assert any(label.content == "tabs" for label in app.screen.query("FooterLabel"))
        await pilot.press("f3")
        assert tab_shown(app) == "tab-report"


async def test_help_lists_every_tab_key():
    app = LstuiApp(RunConfig(), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        text = str(app.screen.query_one("#help-text", Static).content)
        for number, tab in enumerate(TABS, start=2):
            assert f"F{number}[/b] {tab.title}" in text


async def test_footer_offers_run_only_while_idle_and_stop_only_while_running_in_the_same_place():
    app = LstuiApp(RunConfig(), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: "^r Run" in footer_keys(app))
        idle = footer_keys(app)
        assert "^x Stop" not in idle
        for _ in range(6):  # the keys stay in their order as the focus moves through the form
            await pilot.press("tab")
            await pilot.pause()
            assert footer_keys(app) == idle
        app.set_running(True)
        await wait_until(pilot, lambda: "^x Stop" in footer_keys(app))
        running = footer_keys(app)
        assert "^x Stop" in running and "^r Run" not in running
        assert running.index("^x Stop") == idle.index("^r Run")
        app.set_running(False)


async def test_a_refused_key_says_why():
    app = LstuiApp(RunConfig(), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert any("no run is active" in note for note in notes(app))
        app.set_running(True)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert any("a run is active: ctrl+x stops it" in note for note in notes(app))
        app.set_running(False)


async def test_ctrl_r_on_the_runs_screen_starts_nothing_and_says_so(tmp_path):
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: "esc Back" in footer_keys(app))
        assert "^r Run" not in footer_keys(app)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not app.run_active and not list(app.workers)
        assert any("escape goes back to the form" in note for note in notes(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: "^r Run" in footer_keys(app))  # back on the form, offered again


async def test_palette_screenshot_saves_where_there_is_no_downloads_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # a server: no ~/Downloads
    monkeypatch.chdir(tmp_path)
    app = LstuiApp(RunConfig(), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.deliver_screenshot()  # what the palette's "Screenshot" calls
        for _ in range(50):
            await pilot.pause(0.05)
            if any(name.endswith(".svg") for name in os.listdir(tmp_path)):
                break
        assert [name for name in os.listdir(tmp_path) if name.endswith(".svg")]
        assert not any("Failed" in note for note in notes(app))


async def test_a_bad_setting_is_named_with_the_forms_label(tmp_path):
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_field(pilot, "batch_size", "0")
        await pilot.press("ctrl+r")
        await pilot.pause()
        (note,) = [n for n in notes(app) if n.startswith("cannot start the run")]
        assert "batch size: must be" in note and "--batch-size" not in note


async def test_the_focused_fields_help_shows_under_the_form():
    app = LstuiApp(RunConfig(), load_backend=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await tab_to(pilot, "field-smoothing")
        line = app.query_one("#field-help", Static)
        assert line.display and str(line.content).startswith("smoothing: a number in [0, 1); default 0.1")
        await tab_to(pilot, "field-epochs")
        assert str(line.content).startswith("epochs: an integer")

        await tab_to(pilot, "field-dataset")
        await pilot.press("enter")  # the select's list opens and takes the focus: still the dataset's help
        await pilot.pause()
        assert app.query_one("#field-dataset", Select).expanded
        assert line.display and str(line.content).startswith("dataset: ")
        await pilot.press("escape")  # closed: the focus is back on the select, and so is its help
        await pilot.pause()
        assert app.focused.id == "field-dataset" and line.display and str(line.content).startswith("dataset: ")


async def test_a_focused_select_stands_out():
    app = LstuiApp(RunConfig(), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await tab_to(pilot, "field-dataset")
        focused = app.query_one("#field-dataset", Select).query_one("SelectCurrent").styles.background
        await tab_to(pilot, "field-lr")
        await tab_to(pilot, "field-model")
        unfocused = app.query_one("#field-dataset", Select).query_one("SelectCurrent").styles.background
        # more than the 1-step grey change (234 -> 235) of Textual's compact select
        assert sum(abs(a - b) for a, b in zip(focused.rgb, unfocused.rgb)) > 60


def stopped_run(run_dir: str) -> RunFinished:
    return RunFinished("stopped", 0.5, run_dir, run_dir + "/plot.png", {"status": "stopped", "accuracy": 0.5}, "", 1)


async def test_a_stopped_runs_report_says_how_to_resume_in_the_app_and_keeps_the_path_whole():
    run_dir = "runs/20260101-000000_digits_labels_f0.1"
    app = LstuiApp(RunConfig(), load_backend=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.set_running(True)
        app.post_event(stopped_run(run_dir))
        await pilot.pause()
        app.set_running(False)
        await pilot.pause()
        panel = app.query_one(ReportPanel)
        body = panel.query_one("#report-body", Static)
        lines = [strip.text.rstrip() for strip in body.render_lines(Region(0, 0, *body.outer_size))]  # as drawn
        text = "\n".join(lines)
        assert "to continue: ctrl+o, then r on this run" in text
        assert "plot.png" in lines and "20260101-000000_digits_labels_f0.1" in "\n".join(lines)
        assert all(len(line) <= panel.scrollable_content_region.width for line in lines)


async def test_the_eta_fits_the_progress_line_at_80_columns():
    app = LstuiApp(RunConfig(), load_backend=False)
    async with app.run_test(size=(80, 24)) as pilot:
        progress = app.query_one(RunProgress)
        progress.sweep_step = "run 2 of 4"
        progress.advance(BatchProgress(1, 12, 10, 43, 1.2345, 1250.0))
        progress.advance(BatchProgress(1, 12, 20, 43, 1.2345, 1250.0))
        await pilot.pause()
        width = app.query_one("#progress-text").content_region.width
        assert "ETA" in progress.text[:width]


async def test_runs_stopped_before_their_first_epoch_are_dim(tmp_path):
    write_run_dir(tmp_path, "20260101-000000_digits_labels_f0", smoothing=0.0)
    write_run_dir(tmp_path, "20260101-010000_digits_labels_f0.1", status="stopped", epochs=5, done=0)
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        table = app.screen.query_one("DataTable")
        status = [table.get_row_at(i)[table.get_column_index("status")] for i in range(table.row_count)]
        styles = {str(cell): cell.text.style for cell in status}  # each cell holds the Text it shows
        assert styles["stopped"] == "dim" and styles["finished"] != "dim"
