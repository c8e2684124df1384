"""The footer of every screen: Textual's, made compact below 100 columns so its keys fit at 80x24.

Which keys it shows is the app's ``check_action``; some of those answers depend on the width (the tab
keys are named one by one on a wide screen, grouped as ``f2 f3 f4 tabs`` on a narrow one), so a
resize across the line asks the app to recompute its bindings.
"""

from __future__ import annotations

from textual.events import Resize
from textual.widgets import Footer

# Below this width the footer is compact and groups the tab keys (the app's -narrow breakpoint).
WIDE = 100


class KeysFooter(Footer):
    """Textual's footer, compact on narrow screens."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._wide: bool | None = None

    def on_resize(self, event: Resize) -> None:
        """Crossing the width line: compact or not, and the keys that depend on the width."""
        wide = event.size.width >= WIDE
        if wide != self._wide:
            self._wide = wide
            self.compact = not wide
            self.app.refresh_bindings()
