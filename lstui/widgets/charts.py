"""Per-epoch training curves drawn with textual-plotext.

Each chart is a PlotextPlot subclass that owns its series and redraws through its own
``self.plt`` (never the global ``plotext`` module, which is shared state). Metrics beyond the
standard ones (``EpochEnded.extra``, e.g. ``val_nll``) are routed to a chart by name.
The chart's name is its top border's title and its legend the bottom border's subtitle, each name in
its line's colour: plotext's own legend box sits inside the plot and hid much of a small chart (at
80x24 about half of it); the bottom border takes the row plotext's "epoch" x label used to take.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual_plotext import PlotextPlot

from lstui.training.events import EpochEnded

# Which chart a metric goes to, by a word in its name; first match wins, the rest go to "other".
CHART_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("loss", ("loss", "nll", "entropy")),
    ("accuracy", ("acc", "conf", "ece", "calib")),
    ("lr", ("lr", "learning_rate")),
)
CHART_TITLES = {"loss": "loss", "accuracy": "accuracy", "lr": "learning rate", "other": "other metrics"}
# Colours both plotext and Rich know by these names, in the order series appear on a chart.
SERIES_COLOURS = ("cyan", "magenta", "yellow", "green", "red", "blue")
# Shorter legend names, so a legend fits a chart a third of a 120-column screen's live pane wide (~25 cells).
LEGEND_NAMES = {"loss": "train", "val_loss": "val", "accuracy": "train", "val_accuracy": "val",
                "val_confidence": "val_conf"}


def chart_for(metric: str) -> str:
    """The name of the chart that plots ``metric``."""
    for chart, words in CHART_WORDS:
        if metric == chart or any(word in metric for word in words):
            return chart
    return "other"


def epoch_metrics(event: EpochEnded) -> dict[str, float]:
    """Every per-epoch value of an EpochEnded, standard ones first."""
    return {"loss": event.loss, "val_loss": event.val_loss, "accuracy": event.accuracy,
            "val_accuracy": event.val_accuracy, "lr": event.lr, **event.extra}


def colour_of(index: int) -> str:
    """The colour of a chart's ``index``-th series (both in the plot and in its legend)."""
    return SERIES_COLOURS[index % len(SERIES_COLOURS)]


class MetricChart(PlotextPlot):
    """A line chart of some metrics against the epoch; it keeps its own data."""

    def __init__(self, title: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.title = title
        self.note = ""  # after the title, e.g. " · highlighted run"
        self.series: dict[str, list[tuple[int, float]]] = {}

    def on_mount(self) -> None:
        """Draw the empty chart (title and axes)."""
        super().on_mount()
        self.replot()

    def add(self, epoch: int, values: dict[str, float]) -> None:
        """Append one epoch's values and redraw."""
        for name, value in values.items():
            self.series.setdefault(name, []).append((epoch, value))
        self.replot()

    def clear(self) -> None:
        """Forget every series (a new run starts)."""
        self.series.clear()
        self.replot()

    @property
    def legend(self) -> str:
        """Each series' name in its colour (Rich markup), e.g. ``━train ━val ━val_nll`` on the loss chart."""
        return " ".join(f"[{colour_of(i)}]━{LEGEND_NAMES.get(name, name)}[/]" for i, name in enumerate(self.series))

    def replot(self) -> None:
        """Rebuild the plot from the series this chart owns."""
        plt = self.plt
        plt.clear_data()
        epochs = sorted({epoch for points in self.series.values() for epoch, _ in points})
        for i, points in enumerate(self.series.values()):
            finite = [(x, y) for x, y in points if y == y and abs(y) != float("inf")]
            if finite:
                plt.plot([x for x, _ in finite], [y for _, y in finite], color=colour_of(i), marker="braille")
        if epochs:
            plt.xticks(_integer_ticks(epochs))
        self.border_title = f"{self.title} per epoch{self.note}"
        self.border_subtitle = self.legend
        self.refresh()


def _integer_ticks(epochs: list[int], most: int = 6) -> list[int]:
    """At most ``most`` whole-number epoch ticks spanning ``epochs``."""
    step = max(1, -(-(epochs[-1] - epochs[0]) // (most - 1)))
    return list(range(epochs[0], epochs[-1] + 1, step))


class ChartPanel(Horizontal):
    """Loss, accuracy and learning-rate charts side by side, plus one for unrecognised metrics."""

    def compose(self) -> ComposeResult:
        for name, title in CHART_TITLES.items():
            yield MetricChart(title, id=f"chart-{name}", classes="chart")

    def on_mount(self) -> None:
        """The 'other' chart appears only once some metric needs it."""
        self.query_one("#chart-other").display = False

    def chart(self, name: str) -> MetricChart:
        """The chart called ``name`` (loss, accuracy, lr or other)."""
        return self.query_one(f"#chart-{name}", MetricChart)

    def add_epoch(self, event: EpochEnded) -> None:
        """Plot one epoch's metrics, each on its chart."""
        self.add_row(event.epoch, epoch_metrics(event))

    def add_row(self, epoch: int, metrics: dict[str, float]) -> None:
        """Plot one epoch's values by metric name (a history.csv row, when a resumed run's past is redrawn)."""
        grouped: dict[str, dict[str, float]] = {}
        for metric, value in metrics.items():
            grouped.setdefault(chart_for(metric), {})[metric] = value
        for name, values in grouped.items():
            chart = self.chart(name)
            if name == "other":
                chart.display = True
            chart.add(epoch, values)

    def add_history(self, rows: list[dict[str, float]]) -> None:
        """Plot history.csv rows (a resumed run's earlier epochs); the time per epoch is not a curve."""
        for row in rows:
            self.add_row(int(row["epoch"]), {k: v for k, v in row.items() if k not in ("epoch", "seconds")})

    def clear(self) -> None:
        """Empty every chart for a new run."""
        for chart in self.query(MetricChart):
            chart.clear()
        self.query_one("#chart-other").display = False

    def plotted(self) -> dict[str, list[str]]:
        """Which metrics each visible chart holds (for tests and the help screen)."""
        return {chart.id.removeprefix("chart-"): list(chart.series) for chart in self.query(MetricChart)
                if chart.series}

