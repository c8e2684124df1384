"""The penultimate-layer picture of runs opened from the runs screen (``v``).

Two selected runs show their test images side by side (say f = 0 beside f = 0.1); one run shows
its training sample beside its test images. Reads ``representation.npz`` only; no Keras.
"""

from __future__ import annotations

from typing import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

from lstui.runs.compare import run_label
from lstui.runs.reading import RunInfo
from lstui.widgets.representation import RepresentationPanel


class RepresentationScreen(Screen[None]):
    """One or two runs' representation pictures; escape goes back to the runs."""

    BINDINGS = [Binding("escape,q", "back", "Back")]

    def __init__(self, runs: Sequence[RunInfo]) -> None:
        super().__init__()
        self.runs = list(runs)[:2]

    def compose(self) -> ComposeResult:
        yield RepresentationPanel(id="representation")
        yield Footer()

    def on_mount(self) -> None:
        """Draw the runs' pictures."""
        panel = self.query_one(RepresentationPanel)
        if len(self.runs) == 1:
            panel.show_run(self.runs[0].path)
        else:
            panel.show_runs([(run_label(i, run), run.path) for i, run in enumerate(self.runs, 1)])

    def action_back(self) -> None:
        """Back to the runs list (escape)."""
        self.dismiss(None)
