"""The footer of every screen: Textual's, made compact below 100 columns so its keys fit at 80x24.

Which keys it shows is the app's ``check_action``; some of those answers depend on the width (the tab
keys are named one by one on a wide screen, grouped as ``f2 f3 f4 tabs`` on a narrow one), so a
resize across the line, or coming back to the footer's screen, asks the app to recompute its bindings.
"""

from __future__ import annotations

from textual.app import active_app
from textual.events import Resize
from textual.widgets import Footer

# Below this width the footer is compact and groups the tab keys (the app's -narrow breakpoint).
WIDE = 100


class KeysFooter(Footer):
    """Textual's footer, compact on narrow screens."""

    def __init__(self, **kwargs) -> None:
        # Born compact or not for the terminal's width now, so the first Resize restyles none of its keys.
        try:
            self._wide: bool | None = active_app.get().size.width >= WIDE
        except LookupError:  # made outside a running app
            self._wide = None
        super().__init__(compact=self._wide is False, **kwargs)

    def on_mount(self) -> None:
        """Back on this footer's screen (a dialog or the runs screen closed), the app's keys may differ."""
        super().on_mount()
        self.app.screen_change_signal.subscribe(self, self._screen_changed)

    def _screen_changed(self, screen) -> None:
        if screen is self.screen:
            self.app.refresh_bindings()

    def on_unmount(self) -> None:
        """Stop listening to screen changes."""
        super().on_unmount()
        self.app.screen_change_signal.unsubscribe(self)

    def on_resize(self, event: Resize) -> None:
        """Crossing the width line: compact or not, and the keys that depend on the width."""
        wide = event.size.width >= WIDE
        if wide != self._wide:
            self._wide = wide
            self.compact = not wide
            self.app.refresh_bindings()
