"""Runs side by side: the compare table and the overlay plot (``lstui compare`` and the runs screen).

The table and the plot are pure functions of ``RunInfo`` lists (from ``lstui.runs.reading``), so
``lstui compare`` and the app's runs screen show the same comparison. No Keras, no Textual and no
command line here.
"""

from __future__ import annotations

from typing import Any, Sequence

from rich.table import Table

from lstui.describe import number
from lstui.runs.figures import pyplot, save_figure
from lstui.runs.reading import RunInfo

# Settings that say where files go, not how the model was trained.
NOT_SETTINGS = ("out", "plot")
# History columns that are not results (the epoch number and the scheduled learning rate).
NOT_METRICS = ("epoch", "lr")
RESULTS = (("accuracy", "accuracy", ".4f", 1.0), ("ECE %", "ece", ".2f", 100.0), ("MCE %", "mce", ".2f", 100.0),
           ("NLL", "nll", ".4f", 1.0), ("Brier", "brier", ".4f", 1.0), ("confidence", "confidence", ".4f", 1.0),
           ("T", "temperature", ".3f", 1.0), ("ECE after T %", "ece_after_temperature", ".2f", 100.0),
           ("AURC", "aurc", ".4f", 1.0), ("tightness", "tightness", ".3f", 1.0))
# Curves drawn by the overlay plot, in this order, where the runs have them.
OVERLAY_METRICS = ("val_accuracy", "val_loss", "val_nll", "val_confidence")
# Panel titles that say which loss a curve is: val_loss is each run's own loss (method 'loss' smooths it).
OVERLAY_TITLES = {"val_loss": "val_loss (smoothed for method loss)", "val_nll": "val_nll (hard labels: comparable)"}


def differing_settings(runs: Sequence[RunInfo]) -> list[str]:
    """Setting names whose values are not the same in every run (in config order)."""
    names: list[str] = []
    for run in runs:
        names += [n for n in run.config if n not in names and n not in NOT_SETTINGS]
    return [n for n in names if len({repr(run.config.get(n)) for run in runs}) > 1]


def history_metrics(runs: Sequence[RunInfo]) -> list[str]:
    """Every per-epoch metric found in any run's history.csv (in column order)."""
    names: list[str] = []
    for run in runs:
        for row in run.history:
            names += [n for n in row if n not in names and n not in NOT_METRICS]
    return names


def history_stats(run: RunInfo, metric: str) -> tuple[float, float, float] | None:
    """(min, max, last) of one history metric, or None when the run never logged it."""
    values = [row[metric] for row in run.history if metric in row]
    return (min(values), max(values), values[-1]) if values else None


def result_value(run: RunInfo, key: str) -> float | None:
    """Test accuracy, AURC, tightness or a value of the calibration block."""
    if key in ("accuracy", "aurc", "tightness"):
        return getattr(run, key)
    return run.metric(key)


def result_cell(run: RunInfo, key: str, spec: str, scale: float) -> str:
    """A result as the tables show it: empty where the run has no such value, ``n/a`` for an MCE that
    report.json holds as null (no confidence bin held ``mce_min_count`` test images)."""
    value = result_value(run, key)
    if value is None and key == "mce" and "mce" in run.calibration:
        return "n/a"
    return number(value, spec, scale)


def compare_table(runs: Sequence[RunInfo], short_headers: bool = False) -> Table:
    """One column per run: the settings that differ, the test results, then min / max / last per metric.

    ``short_headers`` heads each column with the run's number, method and f (as the overlay's legend names
    it, without the method when all share it) instead of its folder name, which wraps into fragments in a narrow pane.
    """
    table = Table(title="runs compared", title_justify="left", header_style="bold",
                  caption="settings not listed are the same in every run; history: min / max / last",
                  caption_justify="left")
    table.add_column("", no_wrap=True)  # row names whole ("ECE after T %"); the runs' columns fold
    for i, run in enumerate(runs, 1):
        header = run_label(i, run, len({r.method for r in runs}) > 1) if short_headers else f"{i}: {run.name}"
        table.add_column(header, justify="right", overflow="fold")
    table.add_row("status", *(run.status for run in runs))
    for name in differing_settings(runs):
        table.add_row(name, *(_setting(run.config.get(name)) for run in runs))
    table.add_section()
    for label, key, spec, scale in RESULTS:
        table.add_row(label, *(result_cell(run, key, spec, scale) for run in runs))
    table.add_section()
    for metric in history_metrics(runs):
        cells = []
        for run in runs:
            stats = history_stats(run, metric)
            cells.append("" if stats is None else " / ".join(f"{v:.4g}" for v in stats))
        table.add_row(metric, *cells)
    return table


def _setting(value: Any) -> str:
    return "" if value is None else str(value)


def run_label(index: int, run: RunInfo, method: bool = True) -> str:
    """How a run is named in overlays and legends: its number in the comparison, method (unless ``method`` is
    False: all runs share it) and f."""
    if run.smoothing is None:
        return f"{index}: {run.name}"
    return f"{index}: {run.method} f={run.smoothing:g}" if method else f"{index}: f={run.smoothing:g}"


def overlay_series(runs: Sequence[RunInfo], metric: str, short: bool = False) -> dict[str, list[tuple[int, float]]]:
    """One series of (epoch, value) per run that logged ``metric``, keyed by :func:`run_label`; ``short``
    leaves the method out of the names when every run has the same one (a legend in a narrow chart)."""
    method = not short or len({run.method for run in runs}) > 1
    series: dict[str, list[tuple[int, float]]] = {}
    for i, run in enumerate(runs, 1):
        points = [(int(row["epoch"]), row[metric]) for row in run.history if metric in row and "epoch" in row]
        if points:
            series[run_label(i, run, method)] = points
    return series


def overlay_metrics(runs: Sequence[RunInfo]) -> list[str]:
    """The panels of the overlay plot: each of ``OVERLAY_METRICS`` that some run logged (val_accuracy at least)."""
    return [m for m in OVERLAY_METRICS if any(history_stats(run, m) for run in runs)] or ["val_accuracy"]


def plot_overlay(runs: Sequence[RunInfo], path: str) -> str:
    """One panel per validation metric (accuracy, loss, hard-label NLL, confidence), one line per run.

    ``val_loss`` is whatever loss each run trained with (method ``loss`` smooths it); ``val_nll`` is the
    hard-label cross-entropy of every run, the loss panel to compare by.
    """
    from matplotlib.ticker import MaxNLocator

    plt = pyplot()
    metrics = overlay_metrics(runs)
    columns = min(2, len(metrics))
    rows = -(-len(metrics) // columns)
    with plt.style.context("ggplot"):
        fig, axes = plt.subplots(rows, columns, figsize=(6 * columns, 4 * rows), squeeze=False)
        for ax, metric in zip(axes.flat, metrics):
            for label, points in overlay_series(runs, metric).items():
                ax.plot(*zip(*points), marker="o" if len(points) < 20 else None, markersize=3, label=label)
            ax.set_title(OVERLAY_TITLES.get(metric, metric))
            ax.set_xlabel("epoch")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            if ax.has_data():
                ax.legend(fontsize=8)
        for ax in list(axes.flat)[len(metrics):]:
            ax.set_visible(False)
        return save_figure(fig, path)


def loss_metric(runs: Sequence[RunInfo]) -> str:
    """Hard-label val_nll when every run logged it (fair across methods), else val_loss."""
    has_nll = all(any("val_nll" in row for row in run.history) for run in runs if run.history)
    return "val_nll" if runs and has_nll else "val_loss"
