"""What makes the first frame come sooner: a default screen born with its breakpoint classes, styled once.

Profiling ``lstui`` to its first frame (issue 12, item 12) found most of the time in Textual
restyling the ~200 widgets of the main screen, whole, several times over: once as they mount,
once when the screen is first shown, once more when the first Resize adds the breakpoint classes
(``-wide``/``-tall``), and twice for the form alone when auto-focus gave the form the focus and
``on_mount`` moved it to the first field. This
screen starts with the classes the first Resize would add, so that Resize changes no class and
restyles nothing; a later resize still changes them as usual. While it first comes up it does not
auto-focus: the app's ``on_mount`` focuses the first field itself, so the form is never focused and
blurred on the way, which restyled its ~170 widgets twice (naming the field in ``AUTO_FOCUS`` left
focus styles undrawn after a run, snapshots showed). It also skips Textual's restyle of the whole
screen on first showing it: every widget was styled as it mounted. Screens pushed later (the runs
screen) start with the breakpoint classes too (``SizedScreen``).
"""

from __future__ import annotations

from textual import events
from textual.app import App, active_app
from textual.screen import Screen


def breakpoint_classes(app: App, width: int, height: int) -> set[str]:
    """The breakpoint classes Textual's Screen gives a ``width`` × ``height`` terminal under ``app``'s breakpoints."""
    chosen: set[str] = set()
    for size, breakpoints in ((width, app.HORIZONTAL_BREAKPOINTS), (height, app.VERTICAL_BREAKPOINTS)):
        # As Screen._get_breakpoint_classes: the breakpoint with the highest threshold the size reaches.
        reached = [(threshold, name) for threshold, name in breakpoints or [] if size >= threshold]
        if reached:
            chosen.add(max(reached)[1])
    return chosen


class MainScreen(Screen):
    """The app's first screen: no auto-focus and no second styling when first shown (see the module's doc)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown = False

    def _update_auto_focus(self) -> None:
        # Not while the screen first comes up: the app's on_mount focuses the first field itself. Later (focus
        # lost while the form was locked for a run, say) Textual's auto-focus works as usual.
        if self._shown:
            super()._update_auto_focus()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # The first time, every widget was styled as it mounted a moment ago: Textual's restyle of the whole
        # screen on showing it would redo all of it. Coming back (a dialog or the runs screen closed), it does.
        first = not self._shown
        if first:
            event.refresh_styles = False
        super()._on_screen_resume(event)
        self._shown = True


def default_screen(app: App) -> Screen:
    """The app's first screen, with the breakpoint classes of the terminal's current size already set."""
    return MainScreen(id="_default", classes=" ".join(sorted(breakpoint_classes(app, *app.size))))


class SizedScreen(Screen):
    """A screen created inside the running app, born with the breakpoint classes of the terminal's size."""

    def __init__(self, *args, **kwargs) -> None:
        app = active_app.get()
        kwargs["classes"] = " ".join([kwargs.get("classes") or "", *sorted(breakpoint_classes(app, *app.size))]).strip()
        super().__init__(*args, **kwargs)
