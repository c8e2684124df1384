"""The form's choice editor: Textual's Select in two widgets until it is first opened, instead of six.

Textual's Select is a Select holding a SelectCurrent (itself a label Static and two arrow Statics) and a
hidden SelectOverlay (an OptionList). The form has a dozen of them: ~70 widgets composed, mounted and
styled before the first frame (issue 12, item 12), most of them never seen. ``FormSelect`` draws its value
line as one widget (``ValueLine``) and mounts the list of options the first time it opens. It is still a
Select: ``.value``, ``Select.Changed``, ``allow_blank``, enter/space/up/down to open, the arrows to pick.
"""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.text import Text
from textual import events, on
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Select
from textual.widgets._select import NoSelection, SelectCurrent, SelectOverlay

# The class Textual's ``compact`` reactive toggles (see born_compact).
COMPACT = "-textual-compact"


def born_compact(widget: Widget) -> Widget:
    """``widget`` (an Input or Select made without ``compact``) made compact without a restyle.

    Setting ``compact`` in the constructor toggles its class and restyles the widget there and then,
    to be styled again when it mounts: 30 restyles for the form's editors before the first frame."""
    widget.set_reactive(type(widget).compact, True)  # no watcher, no class toggle
    widget.add_class(COMPACT, update=False)
    return widget


class ValueLine(SelectCurrent):
    """A Select's value line drawn by the widget itself: the value (or the prompt) and an arrow.

    Looks as SelectCurrent's label and arrow Statics do, without them. It is a SelectCurrent, so Select's own
    code and the app's CSS find it as one."""

    class Pressed(Message):
        """The value line was clicked: open (or close) the list."""

    def compose(self):
        """No child widgets: ``render`` draws the line."""
        return iter(())

    def update(self, label: RenderableType | NoSelection) -> None:
        """Show ``label`` (Select.NULL: the placeholder)."""
        self.label = label
        self.has_value = label is not Select.NULL
        self.refresh()

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        """One line, like the Statics it replaces."""
        return 1

    def render(self) -> Content:
        """``label ▼`` (``▲`` while open), the label cut or padded to leave the arrow its column."""
        label = self.placeholder if isinstance(self.label, NoSelection) else self.label
        text = Content.from_rich_text(label) if isinstance(label, Text) else Content(str(label))
        expanded = isinstance(self.parent, Select) and self.parent.expanded
        width = max(self.content_size.width - 2, 0)  # the arrow: one column after a one-column gap
        # SelectCurrent's Statics colour the arrow, and the prompt when there is no value, "$foreground 50%": the
        # same here, from the line's own colour (component classes cost a styled node each, 26 in the form).
        colour = self.styles.color
        dim = Style(foreground=colour.with_alpha(0.5))
        text = text.truncate(width).stylize_before(Style(foreground=colour) if self.has_value else dim)
        arrow = Content("▲" if expanded else "▼").stylize_before(dim)
        return Content.assemble(text, " " * (width - text.cell_length + 1), arrow)

    def _on_click(self, event: events.Click) -> None:
        event.stop()
        event.prevent_default()  # not SelectCurrent's handler too: its Toggle would find no list to open
        self.post_message(self.Pressed())


class FormSelect(Select):
    """Textual's Select, born compact, its value line one widget and its list of options made on first opening.

    Its parts are born in the state they take on mounting (the value line marked as holding a value, the list
    compact): Textual sets those a moment after they mount, each time restyling them."""

    _overlay: SelectOverlay | None = None  # made the first time the list opens (a class default: Select's
    # __init__ already runs our watchers)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        born_compact(self)

    def compose(self):
        """The value line only; ``_ensure_overlay`` adds the list of options when it is first needed."""
        current = ValueLine(self.prompt)
        if self._value is not Select.NULL or not self._allow_blank:
            current.set_reactive(type(current).has_value, True)  # set before it mounts: no watcher runs
            current.add_class("-has-value", update=False)
        yield current

    async def _ensure_overlay(self) -> None:
        """Mount the list of options (compact, as Select's data_bind would make it) if it is not there yet."""
        if self._overlay is not None:
            return
        overlay = SelectOverlay(type_to_search=self._type_to_search)
        overlay.set_reactive(type(overlay).compact, self.compact)
        overlay.set_class(self.compact, COMPACT, update=False)
        self._overlay = overlay
        await self.mount(overlay)
        super()._setup_options_renderables()
        if self.value is not Select.NULL:
            overlay.highlighted = self._index_of(self.value)

    def _index_of(self, value: Any) -> int | None:
        return next((i for i, (_, v) in enumerate(self._options) if v == value), None)

    def _setup_options_renderables(self) -> None:
        if self._overlay is not None:  # no list yet: it gets the options when it is made
            super()._setup_options_renderables()

    def _watch_value(self, value: Any) -> None:
        if self._overlay is not None:
            super()._watch_value(value)
            return
        self._value = value  # as Select's watcher, without a list of options to highlight in
        try:
            current = self.query_one(SelectCurrent)
        except NoMatches:
            return
        index = None if value == self.NULL else self._index_of(value)
        current.update(self.NULL if index is None else self._options[index][0])
        self.post_message(self.Changed(self, value))

    def _watch_expanded(self, expanded: bool) -> None:
        if self._overlay is not None:
            super()._watch_expanded(expanded)
        self.query(ValueLine).refresh()  # its arrow turns

    def _watch_prompt(self, prompt: str) -> None:
        if self._overlay is not None or not self.is_mounted:
            super()._watch_prompt(prompt)
            return
        current = self.query_one(SelectCurrent)
        current.placeholder = prompt
        if self._allow_blank and self.value == self.NULL:
            current.update(self.NULL)

    async def action_show_overlay(self) -> None:
        """Open the list of options (made now if this is the first time)."""
        await self._ensure_overlay()
        super().action_show_overlay()

    @on(ValueLine.Pressed)
    async def _value_line_pressed(self, event: ValueLine.Pressed) -> None:
        event.stop()
        await self._ensure_overlay()
        self.expanded = not self.expanded
