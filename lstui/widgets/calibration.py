"""The calibration view of a finished run: a reliability diagram and a confidence histogram in plotext bars,
and under them the risk-coverage curve of selective classification (``selective.py``).

Both charts draw from the ``bins`` block that ``report.json`` keeps under ``calibration`` (computed by
``lstui.training.calibration.reliability_bins``: per equal-width confidence bin its edges, count, mean
confidence and accuracy), so they show exactly what ``calibration.png`` shows. Each chart is a
PlotextPlot subclass that owns its data and draws through its own ``self.plt``. No Keras here.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static
from textual_plotext import PlotextPlot

from lstui.describe import format_calibration
from lstui.widgets.selective import RiskCoverageChart

# The count over a bar sits this far above it; the accuracy axis reaches TOP to leave it room over a full bar.
COUNT_OFFSET = 0.06
TOP = 1.12
# Columns of a chart that are not plot area: the y-axis labels and the frame.
PLOT_MARGIN = 7
# Rows that are not plot area: the frame, the x-axis ticks and labels.
PLOT_ROWS_MARGIN = 4
PLACEHOLDER = "The reliability diagram and the confidence histogram of the test set appear here when a run ends."


def short_count(n: int) -> str:
    """A bin's count in at most four characters, so neighbouring bins' counts do not run together."""
    return str(n) if n < 1000 else f"{n / 1000:.0f}k" if n >= 9500 else f"{n / 1000:.1f}k"


def legible(labels: list[tuple[float, float, str]], columns: int, rows: int) -> list[tuple[float, float, str]]:
    """The labels (x in 0..1, y in 0..TOP, text) that can be read on a plot of ``columns`` × ``rows``
    character cells: left to right, a label that would touch the one kept before it on the same
    screen row is left out (two counts side by side read as one number, "36" "54" as "3654")."""
    kept: list[tuple[float, float, str]] = []
    ends: dict[int, float] = {}  # per screen row, the cell where the last kept label ends
    for x, y, text in sorted(labels):
        row, start = round(y / TOP * rows), x * columns - len(text) / 2
        # The row is an estimate (plotext rounds its own way): a neighbour one row off may share it.
        if start > max(ends.get(r, -2.0) for r in (row - 1, row, row + 1)) + 1:
            kept.append((x, y, text))
            ends[row] = start + len(text)
    return kept


def bin_centres(bins: dict[str, list]) -> list[float]:
    """The middle of each confidence bin."""
    edges = bins["edges"]
    return [(low + high) / 2 for low, high in zip(edges, edges[1:])]


class CalibrationChart(PlotextPlot):
    """A bar chart over the confidence bins of one run; subclasses choose the bar heights."""

    TITLE = ""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bins: dict[str, list] | None = None

    def on_mount(self) -> None:
        """Draw the empty chart (title and axes)."""
        super().on_mount()
        self.replot()

    def show(self, bins: dict[str, list] | None) -> None:
        """Draw a run's bins (None empties the chart)."""
        self.bins = bins
        self.replot()

    @property
    def bars(self) -> list[tuple[float, float]]:
        """The bars drawn: (bin centre, height) for every non-empty bin."""
        if not self.bins:
            return []
        return [(x, y) for x, y, n in zip(bin_centres(self.bins), self.heights(self.bins), self.bins["counts"])
                if n and y is not None]

    def heights(self, bins: dict[str, list]) -> list[float | None]:
        """One bar height per bin."""
        raise NotImplementedError

    def replot(self) -> None:
        """Rebuild the chart from the bins it owns."""
        plt = self.plt
        plt.clear_data()
        plt.xlabel("confidence")
        bars = self.bars
        if bars:
            width = 0.8 * (self.bins["edges"][1] - self.bins["edges"][0])
            plt.bar([x for x, _ in bars], [y for _, y in bars], width=width, color="cyan")
        plt.xlim(0, 1)  # after the bars: plotext's bar() puts a tick under every bar
        plt.xticks([0, 0.25, 0.5, 0.75, 1])
        self.border_title = self.TITLE  # in the border, as on the training charts
        self.decorate()
        self.refresh()

    def decorate(self) -> None:
        """Anything drawn over the bars."""


class ReliabilityDiagram(CalibrationChart):
    """Accuracy per confidence bin against the diagonal of perfect calibration, each bar topped by its count."""

    TITLE = "reliability, •=ideal, n=images per bin"

    def heights(self, bins: dict[str, list]) -> list[float | None]:
        """Accuracy of the test images in each bin."""
        return list(bins["accuracy"])

    @property
    def count_labels(self) -> list[tuple[float, float, str]]:
        """The counts written over the bars: (bin centre, height, number of test images in the bin)."""
        if not self.bins:
            return []
        return [(x, min(y + COUNT_OFFSET, TOP), short_count(n))
                for x, y, n in zip(bin_centres(self.bins), self.heights(self.bins), self.bins["counts"])
                if n and y is not None]

    def on_resize(self) -> None:
        """Which counts fit depends on the width (a hidden tab has none): choose them again."""
        if self.bins:
            self.replot()

    def decorate(self) -> None:
        """The diagonal (accuracy = confidence), each bin's count over its bar and a fixed accuracy axis."""
        steps = [i / 20 for i in range(21)]
        self.plt.scatter(steps, steps, marker="dot", color="white")
        labels = self.count_labels
        columns, rows = self.size.width - PLOT_MARGIN, self.size.height - PLOT_ROWS_MARGIN
        # Not laid out yet (a hidden tab): every count for now; on_resize chooses again once it is.
        shown = legible(labels, columns, rows) if columns > 0 and rows > 0 else labels
        for x, y, label in shown:
            self.plt.text(label, x, y, color="yellow", alignment="center")
        if len(shown) < len(labels):  # too narrow for every count: say where they all are
            self.border_title = f"{self.TITLE} (some left out; all in calibration.png)"
        self.plt.ylim(0, TOP)
        self.plt.yticks([0, 0.25, 0.5, 0.75, 1])


class ConfidenceHistogram(CalibrationChart):
    """The share of test images in each confidence bin."""

    TITLE = "% of images per bin"

    def heights(self, bins: dict[str, list]) -> list[float | None]:
        """Percent of the test images that fall in each bin."""
        total = sum(bins["counts"]) or 1
        return [100 * n / total for n in bins["counts"]]


class CalibrationPanel(VerticalScroll):
    """ECE, MCE, NLL, Brier and the temperature-scaling reference above the two charts (scrolls on small screens)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.calibration: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Static(PLACEHOLDER, id="calibration-figures")
        with Horizontal(id="calibration-charts"):
            yield ReliabilityDiagram(id="reliability", classes="calibration-chart")
            yield ConfidenceHistogram(id="confidence-histogram", classes="calibration-chart")
        yield RiskCoverageChart(id="risk-coverage", classes="calibration-chart")

    def show(self, calibration: dict[str, Any] | None, selective: dict[str, Any] | None = None) -> None:
        """Show a run's ``calibration`` and ``selective`` blocks from report.json (None: the run ended
        before it was measured)."""
        self.calibration = calibration
        self.query_one(RiskCoverageChart).show(selective)
        bins = (calibration or {}).get("bins")
        figures = self.query_one("#calibration-figures", Static)
        if calibration is None:
            figures.update("This run has no calibration measurements (it ended before its test set was scored).")
        else:
            figures.update(format_calibration(calibration).removeprefix("calibration: ")
                           + f"  (accuracy {calibration['accuracy']:.4f})")
        for chart in self.query(CalibrationChart):
            chart.show(bins)

    def clear(self) -> None:
        """Back to the placeholder (a new run started)."""
        self.calibration = None
        self.query_one("#calibration-figures", Static).update(PLACEHOLDER)
        self.query_one(RiskCoverageChart).show(None)
        for chart in self.query(CalibrationChart):
            chart.show(None)
