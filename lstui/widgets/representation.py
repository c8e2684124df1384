"""The Representation tab: Müller et al.'s penultimate-layer picture as plotext scatters.

Draws from a run's ``representation.npz`` (written by ``lstui.training.insight_run``): one run
shows its training sample and its test images side by side; two runs (the runs screen) show their
test images side by side, so f = 0 and f = 0.1 compare at a glance. numpy only, no Keras.
"""

from __future__ import annotations

import os
from typing import Any, Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

from lstui.runs import files

COLOURS = ("cyan", "orange", "green")
# What representation.npz holds (lstui.training.insight_run).
KEYS = ("points", "labels", "split", "templates", "classes", "class_names")
PLACEHOLDER = ("The penultimate-layer picture appears here when a run ends: three classes' activations "
               "projected onto the plane of their templates (×).")


def read_representation(run_dir: str) -> dict[str, Any] | None:
    """The arrays of a run's ``representation.npz``, or None when the run has none (older, or it failed)."""
    import numpy as np  # here, not at the top: the app's first frame does not wait for numpy

    path = os.path.join(run_dir, files.REPRESENTATION)
    try:
        with np.load(path) as data:
            arrays = {key: data[key] for key in KEYS}
    except (OSError, ValueError, KeyError):  # absent, damaged, or missing an array
        return None
    points = arrays["points"]
    shaped = points.ndim == 2 and points.shape[1] == 2 and len(points) == len(arrays["labels"]) == len(arrays["split"])
    return arrays if shaped and arrays["templates"].shape == (3, 2) else None


class RepresentationPlot(PlotextPlot):
    """One scatter: the projected points of one split of one run, one colour per class, templates as ×."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data: dict[str, Any] | None = None
        self.part = "test"
        self.caption = ""

    def on_mount(self) -> None:
        """Draw the empty frame."""
        super().on_mount()
        self.replot()

    def show(self, data: dict[str, Any] | None, part: str = "test", caption: str = "") -> None:
        """Draw ``part`` ("train" or "test") of a run's arrays (None empties the plot)."""
        self.data, self.part, self.caption = data, part, caption
        self.replot()

    @property
    def tightness(self) -> float | None:
        """The shown points' within-class / between-centroid distance ratio."""
        from lstui.training.representation import tightness  # numpy: imported once a run's arrays are shown

        if self.data is None:
            return None
        mine = self.data["split"] == self.part
        return tightness(self.data["points"][mine], self.data["labels"][mine])

    def replot(self) -> None:
        """Rebuild the scatter from the arrays it owns."""
        plt = self.plt
        plt.clear_data()
        data = self.data
        self.border_title = self.caption
        if data is not None:
            mine = data["split"] == self.part
            for colour, index, name in zip(COLOURS, data["classes"], data["class_names"]):
                chosen = mine & (data["labels"] == index)
                points = data["points"][chosen]
                plt.scatter(points[:, 0].tolist(), points[:, 1].tolist(), marker="dot", color=colour, label=str(name))
            templates = data["templates"]
            plt.scatter(templates[:, 0].tolist(), templates[:, 1].tolist(), marker="x", color="white")
            value = self.tightness
            self.border_title = f"{self.caption} {self.part}" + (f" · tightness {value:.3f}" if value is not None
                                                                 else "")
        self.refresh()


class RepresentationPanel(Vertical):
    """Two scatters side by side: a run's train and test points, or the test points of two runs."""

    def compose(self) -> ComposeResult:
        yield Static(PLACEHOLDER, id="representation-caption")
        with Horizontal(id="representation-plots"):
            yield RepresentationPlot(id="representation-left", classes="representation-plot")
            yield RepresentationPlot(id="representation-right", classes="representation-plot")

    def show_run(self, run_dir: str) -> None:
        """One run: its training sample on the left, its test images on the right."""
        data = read_representation(run_dir)
        left, right = self.query(RepresentationPlot)
        left.show(data, "train")
        right.show(data, "test")
        self._caption(data, [])

    def show_runs(self, runs: Sequence[tuple[str, str]]) -> None:
        """Two runs, each ``(label, run_dir)``: the test images of each, side by side."""
        shown = [(label, read_representation(path)) for label, path in runs[:2]]
        for plot, (label, data) in zip(self.query(RepresentationPlot), shown):
            plot.show(data, "test", label)
        self._caption(next((data for _, data in shown if data is not None), None),
                      [label for label, data in shown if data is None])

    def _caption(self, data: dict[str, Any] | None, missing: list[str]) -> None:
        caption = self.query_one("#representation-caption", Static)
        if data is None:
            caption.update("This run has no representation.npz (it ended before its test set was scored, "
                           "or it predates the picture).")
            return
        names = ", ".join(map(str, data["class_names"]))
        text = f"classes {names} in the plane of their templates (×) · lower tightness: tighter clouds"
        caption.update(text + (f" · no picture for {', '.join(missing)}" if missing else ""))

    def clear(self) -> None:
        """Back to the placeholder (a new run started)."""
        self.query_one("#representation-caption", Static).update(PLACEHOLDER)
        for plot in self.query(RepresentationPlot):
            plot.show(None)
