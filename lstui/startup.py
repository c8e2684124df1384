"""What makes the first frame come sooner: a default screen born with its breakpoint classes.

Profiling ``lstui`` to its first frame (issue 12, item 12) found most of the time in Textual
restyling the ~200 widgets of the main screen, whole, several times over: once as they mount,
once when the screen is first shown, once more when the first Resize adds the breakpoint classes
(``-wide``/``-tall``), and twice for the form alone when auto-focus gave the form the focus and
``on_mount`` moved it to the first field. This
screen starts with the classes the first Resize would add, so that Resize changes no class and
restyles nothing; a later resize still changes them as usual. (Focusing the first field through
``AUTO_FOCUS`` would save the two form restyles too, but the form's focus-within style is then
never applied.) Screens pushed later (the runs screen) start with them too (``SizedScreen``).
"""

from __future__ import annotations

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


def default_screen(app: App) -> Screen:
    """The app's first screen, with the breakpoint classes of the terminal's current size already set."""
    return Screen(id="_default", classes=" ".join(sorted(breakpoint_classes(app, *app.size))))


class SizedScreen(Screen):
    """A screen created inside the running app, born with the breakpoint classes of the terminal's size."""

    def __init__(self, *args, **kwargs) -> None:
        app = active_app.get()
        kwargs["classes"] = " ".join([kwargs.get("classes") or "", *sorted(breakpoint_classes(app, *app.size))]).strip()
        super().__init__(*args, **kwargs)
