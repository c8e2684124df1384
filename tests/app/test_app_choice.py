"""The form's choice editor (FormSelect): a Select to the keyboard, the mouse and the code, its list made on first opening."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Select

from lstui.widgets.choice import FormSelect, ValueLine


class ChoiceApp(App):
    """A choice editor between two inputs, recording every Select.Changed."""

    def __init__(self, **select_kwargs) -> None:
        super().__init__()
        self.select_kwargs = select_kwargs
        self.changes: list = []

    def compose(self) -> ComposeResult:
        yield Input(id="before")
        yield FormSelect([("adam", "adam"), ("sgd", "sgd"), ("rmsprop", "rmsprop")], id="choice",
                         **self.select_kwargs)
        yield Input(id="after")

    def on_select_changed(self, event: Select.Changed) -> None:
        self.changes.append(event.value)


def shown(app: App) -> str:
    """The choice editor's line as the terminal shows it."""
    line = app.query_one(ValueLine)
    return "".join(segment.text for strip in line.render_lines(line.region.reset_offset) for segment in strip).strip()


async def test_keys_open_the_list_and_pick_a_choice():
    app = ChoiceApp(value="sgd", allow_blank=False)
    async with app.run_test(size=(40, 12)) as pilot:
        assert shown(app).startswith("sgd") and shown(app).endswith("▼")
        await pilot.press("tab")  # from the first input to the choice
        assert app.focused is app.query_one("#choice")
        await pilot.press("space")
        await pilot.pause()
        assert app.query_one("#choice", Select).expanded and shown(app).endswith("▲")
        await pilot.press("down", "enter")  # the list opens on the current choice: down is the next one
        await pilot.pause()
        select = app.query_one("#choice", Select)
        assert select.value == "rmsprop" and not select.expanded and shown(app).startswith("rmsprop")
        assert app.changes[-1] == "rmsprop" and app.focused is select
        await pilot.press("enter", "up", "up", "enter")  # the second opening reuses the list
        await pilot.pause()
        assert select.value == "adam" and app.changes[-1] == "adam"
        await pilot.press("tab")
        assert app.focused is app.query_one("#after")


async def test_escape_closes_the_list_and_keeps_the_choice():
    app = ChoiceApp(value="adam", allow_blank=False)
    async with app.run_test(size=(40, 12)) as pilot:
        app.query_one("#choice").focus()
        await pilot.press("enter", "down", "escape")
        await pilot.pause()
        select = app.query_one("#choice", Select)
        assert select.value == "adam" and not select.expanded and app.focused is select


async def test_a_click_opens_the_list_and_setting_the_value_shows_it():
    app = ChoiceApp(prompt="choose…")
    async with app.run_test(size=(40, 12)) as pilot:
        select = app.query_one("#choice", Select)
        assert select.value is Select.NULL and shown(app).startswith("choose…")
        select.value = "sgd"  # as the form's presets set it
        await pilot.pause()
        assert shown(app).startswith("sgd") and app.changes[-1] == "sgd"
        await pilot.click("#choice")
        await pilot.pause()
        assert select.expanded
        await pilot.press("down", "enter")
        await pilot.pause()
        assert select.value == "rmsprop"
        select.clear()  # allow_blank: back to the prompt
        await pilot.pause()
        assert select.value is Select.NULL and shown(app).startswith("choose…")
