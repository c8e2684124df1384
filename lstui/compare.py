"""``lstui compare RUN_DIR [RUN_DIR ...]``: a table of runs side by side and, with ``-p``, an overlay plot.

The table and the plot are pure functions of ``RunInfo`` lists (from ``lstui.rundirs``), so the
app's runs screen can show the same comparison. No Keras and no Textual here.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Sequence

from rich.console import Console
from rich.table import Table

from lstui.rundirs import RunDirError, RunInfo, read_run

EXIT_OK, EXIT_BAD_INPUT = 0, 2
# Settings that say where files go, not how the model was trained.
NOT_SETTINGS = ("out", "plot")
# History columns that are not results (the epoch number and the scheduled learning rate).
NOT_METRICS = ("epoch", "lr")
RESULTS = (("accuracy", "accuracy", ".4f", 1.0), ("ECE %", "ece", ".2f", 100.0), ("MCE %", "mce", ".2f", 100.0),
           ("NLL", "nll", ".4f", 1.0), ("Brier", "brier", ".4f", 1.0), ("confidence", "confidence", ".4f", 1.0),
           ("T", "temperature", ".3f", 1.0), ("ECE after T %", "ece_after_temperature", ".2f", 100.0))
# Curves drawn by the overlay plot, in this order, where the runs have them.
OVERLAY_METRICS = ("val_accuracy", "val_loss", "val_nll", "val_confidence")


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
    """Test accuracy or a value of the calibration block."""
    return run.accuracy if key == "accuracy" else run.metric(key)


def compare_table(runs: Sequence[RunInfo]) -> Table:
    """One column per run: the settings that differ, the test results, then min / max / last per metric."""
    table = Table(title="runs compared", title_justify="left", header_style="bold",
                  caption="settings not listed are the same in every run; history: min / max / last",
                  caption_justify="left")
    table.add_column("")
    for i, run in enumerate(runs, 1):
        table.add_column(f"{i}: {run.name}", justify="right", overflow="fold")
    table.add_row("status", *(run.status for run in runs))
    for name in differing_settings(runs):
        table.add_row(name, *(_setting(run.config.get(name)) for run in runs))
    table.add_section()
    for label, key, spec, scale in RESULTS:
        table.add_row(label, *(_number(result_value(run, key), spec, scale) for run in runs))
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


def _number(value: float | None, spec: str, scale: float) -> str:
    return "" if value is None else format(scale * value, spec)


def plot_overlay(runs: Sequence[RunInfo], path: str) -> str:
    """One panel per validation metric (accuracy, loss, hard-label NLL, confidence), one line per run."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    metrics = [m for m in OVERLAY_METRICS if any(history_stats(run, m) for run in runs)] or ["val_accuracy"]
    columns = min(2, len(metrics))
    rows = -(-len(metrics) // columns)
    with plt.style.context("ggplot"):
        fig, axes = plt.subplots(rows, columns, figsize=(6 * columns, 4 * rows), squeeze=False)
        for ax, metric in zip(axes.flat, metrics):
            for i, run in enumerate(runs, 1):
                points = [(row["epoch"], row[metric]) for row in run.history if metric in row and "epoch" in row]
                if points:
                    ax.plot(*zip(*points), marker="o" if len(points) < 20 else None, markersize=3,
                            label=f"{i}: {run.method} f={run.smoothing:g}" if run.smoothing is not None else
                            f"{i}: {run.name}")
            ax.set_title(metric)
            ax.set_xlabel("epoch")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            if ax.has_data():
                ax.legend(fontsize=8)
        for ax in list(axes.flat)[len(metrics):]:
            ax.set_visible(False)
        fig.tight_layout()
        fig.savefig(path, format="png", dpi=100)
        plt.close(fig)
    return path


def build_parser() -> argparse.ArgumentParser:
    """The ``lstui compare`` parser."""
    from lstui.cli import _Parser  # one-line errors, as the main command

    parser = _Parser(prog="lstui compare",
                     description="Compare finished runs: settings that differ, test accuracy, calibration (ECE, "
                                 "NLL, Brier) and per-epoch metrics.")
    parser.add_argument("run_dirs", nargs="+", metavar="RUN_DIR", help="run directories made by lstui")
    parser.add_argument("-p", "--plot", metavar="PATH", help="also write an overlay plot of the curves (PNG)")
    return parser


def compare_main(argv: Sequence[str], out=None) -> int:
    """Entry point of ``lstui compare``; returns the exit code."""
    args = build_parser().parse_args(list(argv))
    out = out or sys.stdout
    try:
        runs = [read_run(path) for path in args.run_dirs]
    except RunDirError as exc:
        print(f"lstui compare: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.plot and os.path.isdir(args.plot):
        print(f"lstui compare: error: -p: {args.plot!r} is a folder; give a file name such as compare.png",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    # On a terminal rich fits the table to it; in a pipe or file give each run a readable column.
    width = None if getattr(out, "isatty", lambda: False)() else max(100, 30 + 40 * len(runs))
    Console(file=out, width=width).print(compare_table(runs))
    if args.plot:
        folder = os.path.dirname(os.path.abspath(args.plot))
        try:
            os.makedirs(folder, exist_ok=True)
            plot_overlay(runs, args.plot)
        except OSError as exc:
            print(f"lstui compare: error: -p: cannot write {args.plot!r}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        print(f"overlay plot: {args.plot}", file=out)
    return EXIT_OK
