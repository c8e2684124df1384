"""The form and the app's behaviour around runs that cannot start or that fail (no training needed)."""

from __future__ import annotations

from textual.widgets import Input, Select, Static

from app_helpers import log_text, tab_to, type_field
from lstui.app import LstuiApp
from lstui.config import FIELDS, RunConfig
from lstui.screens import ErrorScreen, HelpScreen
from lstui.widgets import RunForm, StatusBar


def field_value(app: LstuiApp, name: str):
    return app.query_one(f"#field-{name}").value


def error_under(app: LstuiApp, name: str) -> str:
    error = app.query_one(f"#error-{name}", Static)
    return str(error.content) if error.has_class("-shown") else ""


def training_workers(app: LstuiApp) -> list:
    return [w for w in app.workers if w.group == "training"]


async def test_the_form_has_every_setting_prefilled_from_the_command_line_config():
    config = RunConfig(method="loss", smoothing=0.2, epochs=3, augment=False, seed=7, out="elsewhere")
    app = LstuiApp(config, load_backend=False)
    async with app.run_test(size=(120, 40)):
        for spec in FIELDS:
            assert app.query(f"#field-{spec.name}"), f"no editor for {spec.name}"
        assert field_value(app, "method") == "loss" and field_value(app, "smoothing") == "0.2"
        assert field_value(app, "epochs") == "3" and field_value(app, "augment") is False
        assert field_value(app, "seed") == "7" and field_value(app, "data_dir") == ""
        assert app.query_one(RunForm).read_config() == config


async def test_an_invalid_value_shows_its_reason_beside_the_field_and_blocks_the_run():
    app = LstuiApp(load_backend=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_field(pilot, "epochs", "0")
        assert error_under(app, "epochs") == "must be an integer >= 1, got 0"
        await type_field(pilot, "smoothing", "1.5")
        assert "must be a number in [0, 1)" in error_under(app, "smoothing")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not training_workers(app) and not app.run_active
        # the first bad one, named as the form labels it (not as the CLI flag)
        assert any(n.message.startswith("smoothing: must be") for n in app._notifications)
        assert app.focused.id == "field-smoothing"
        await type_field(pilot, "epochs", "2")
        assert error_under(app, "epochs") == ""
        assert error_under(app, "smoothing")  # still wrong, still shown


async def test_a_reason_takes_the_rows_its_text_needs_and_the_next_field_follows_it():
    for size in ((120, 40), (80, 24)):
        app = LstuiApp(load_backend=False)
        async with app.run_test(size=size) as pilot:
            await type_field(pilot, "smoothing", "x")
            error = app.query_one("#error-smoothing", Static)
            lines = ["".join(s.text for s in strip).strip() for strip in error.render_lines(error.region.reset_offset)]
            assert " ".join(lines) == "must be a number in [0, 1), got 'x'", size  # every row of it used, none blank
            below = app.query_one("#field-epochs").region
            assert below.y == error.region.bottom, size  # the next field right under the reason
            label = app.query(".field-label").first()
            assert (error.region.x, error.region.right) == (label.region.x, below.right), size  # the whole row wide


async def test_a_missing_data_dir_is_refused_as_it_is_typed(tmp_path):
    app = LstuiApp(load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_field(pilot, "data_dir", str(tmp_path / "nope"))
        assert "does not exist" in error_under(app, "data_dir")


async def test_choosing_a_preset_fills_the_form_but_keeps_data_dir_and_output(tmp_path):
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await tab_to(pilot, "preset")
        await pilot.press("enter", "down", "down", "enter")  # the list opens on the blank prompt
        await pilot.pause()
        assert app.query_one("#preset", Select).value == "pyimagesearch"
        assert field_value(app, "model") == "minigooglenet" and field_value(app, "dataset") == "cifar10"
        assert field_value(app, "epochs") == "70" and field_value(app, "batch_size") == "64"
        assert field_value(app, "out") == str(tmp_path)


async def test_a_failing_run_shows_its_error_and_the_app_keeps_working(tmp_path):
    corrupt = tmp_path / "cifar-10-python.tar.gz"
    corrupt.write_bytes(b"this is not an archive")
    app = LstuiApp(RunConfig(dataset="cifar10", data_dir=str(corrupt), out=str(tmp_path / "runs")),
                   load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for attempt in (1, 2):  # the second attempt proves the app is still usable after a failure
            await pilot.press("ctrl+r")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, ErrorScreen)
            assert str(corrupt) in app.screen.message
            assert log_text(app).count("error:") == attempt
            assert app.query_one(StatusBar).state == "failed"
            await pilot.press("enter")
            await pilot.pause()
            assert not isinstance(app.screen, ErrorScreen)
            assert not app.query_one(RunForm).disabled and not app.run_active


async def test_an_exception_inside_the_worker_is_shown_and_does_not_end_the_app(monkeypatch, tmp_path):
    import lstui.training.runner

    def broken_run(config, sink, stop, resume=None):  # the signature of runner.run
        raise RuntimeError("the GPU caught fire")

    monkeypatch.setattr(lstui.training.runner, "run", broken_run)
    app = LstuiApp(RunConfig(out=str(tmp_path)), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        assert app.screen.message == "RuntimeError: the GPU caught fire"
        await pilot.press("escape")
        await pilot.pause()
        assert app.return_code is None and not app.run_active


async def test_help_opens_on_f1_and_question_mark_and_the_palette_lists_the_actions():
    app = LstuiApp(load_backend=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("f1", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Run", "Stop run", "Help"} <= titles


async def test_question_mark_typed_in_a_field_is_text_not_help():
    app = LstuiApp(load_backend=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_field(pilot, "out", "runs?")
        assert app.query_one("#field-out", Input).value == "runs?"
        assert not isinstance(app.screen, HelpScreen)
