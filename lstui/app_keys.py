"""The app's keys beyond the basics: one F-key per tab, a footer that offers only what applies now, and
a word on why a key does nothing when it cannot.

``AppKeys`` is mixed into ``LstuiApp`` (kept apart so ``app.py`` stays about training and dialogs).
The footer follows ``check_action``: ``False`` hides a binding. ctrl+r and ctrl+x are bound twice; the
second, hidden binding is reached only when the first is refused (Textual tries a key's bindings in
turn), and says why instead of doing nothing.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from textual.binding import Binding

from lstui.fields import ConfigError
from lstui.widgets.footer import WIDE
from lstui.widgets.run_view import tab_keys

if TYPE_CHECKING:
    from lstui.watching import Watcher

# One key per tab of the run view, from F2 on, in the order of ``run_view.TABS``: named one by one on a
# wide screen ("f2 Log f3 Report …"), grouped on a narrow one ("f2 f3 f4 tabs"), where the names would cut
# the footer; the tab bar shows the names in the same order.
TABS_GROUP = Binding.Group("tabs")
TAB_BINDINGS = [binding for key, tab in tab_keys() for binding in (
    Binding(key, f"show_tab('{tab.pane_id}')", tab.title, priority=True),
    Binding(key, f"tab('{tab.pane_id}')", tab.title, priority=True, group=TABS_GROUP))]
# Reached only when ctrl+r / ctrl+x are refused by check_action (see the module docstring).
WHY_NOT_BINDINGS = [Binding("ctrl+r", "why_not('run')", show=False, priority=True),
                    Binding("ctrl+x", "why_not('stop')", show=False, priority=True)]


def form_error(exc: ConfigError) -> str:
    """A setting's problem in the form's words: ``smoothing: must be …`` (the CLI names the flag instead)."""
    return f"{exc.name.replace('_', ' ')}: {exc.message}"


def screenshot_folder() -> str:
    """Where the palette's Screenshot saves: ~/Downloads if there is one (a desktop), else the folder lstui
    was started in (a server has no ~/Downloads, and Textual's default then fails)."""
    downloads = os.path.expanduser("~/Downloads")
    return downloads if os.path.isdir(downloads) else os.getcwd()


class AppKeys:
    """Mixed into the app: which actions apply now, the tab keys, why-not messages and the screenshot folder."""

    run_active: bool
    watcher: "Watcher"

    @property
    def on_main_screen(self) -> bool:
        """True when the form and the run view are on screen (no runs screen or dialog over them)."""
        return self.screen is self.screen_stack[0]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer Run only while idle on the main screen, Stop only during a run (or while following a live one),
        the tab keys only on the main screen and Runs only where the runs screen is not already shown; refused
        actions are hidden."""
        from lstui.screens.runs import RunsScreen

        if action == "run":
            return not self.run_active and self.on_main_screen
        if action == "stop":  # this app's run, or a run it follows (stopped by SIGTERM to its process)
            return self.run_active or self.watcher.live
        if action in ("show_tab", "tab"):  # the named keys on a wide screen, the grouped ones on a narrow one
            return self.on_main_screen and (action == "tab") != (self.size.width >= WIDE)
        if action == "runs":
            return not isinstance(self.screen, RunsScreen)
        return True

    def action_why_not(self, action: str) -> None:
        """Say why ctrl+r or ctrl+x does nothing now."""
        if action == "stop":
            message = "no run is active; ctrl+r starts one"
        elif self.run_active:
            message = "a run is active: ctrl+x stops it; ctrl+r starts the next one once it has ended"
        else:
            message = "runs start from the main screen: escape goes back to the form, then ctrl+r"
        self.notify(message, title=f"cannot {action} now", severity="warning")

    def action_show_tab(self, pane_id: str) -> None:
        """Bring a tab of the run view to the front (F2, F3, …)."""
        self.run_view.show_tab(pane_id)

    action_tab = action_show_tab  # the same keys, grouped in a narrow footer

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        """Save the screen as SVG (the palette's Screenshot) in :func:`screenshot_folder`."""
        return super().deliver_screenshot(filename, path or screenshot_folder(), time_format)
