"""``sweep.png``: accuracy and ECE against f, the means over the seeds with 95 % error bars.

Drawn from the summary rows of ``lstui.runs.stats``: the baseline (method ``none``, f = 0) is one
black point, and each method's line starts from it. Methods often coincide, so each method's
points sit a hair to the side of the factor they belong to and its line is dashed on top.
"""

from __future__ import annotations

from typing import Any

from lstui.runs.figures import pyplot, save_figure
from lstui.runs.stats import BASELINE

# How far apart, as a fraction of the swept range of f, the methods' points at one factor are drawn.
DODGE = 0.012


def _series(points: list[dict[str, Any]], metric: str, scale: float, dodge: float = 0.0):
    """x (f, dodged except for the baseline), y (mean) and the error bars (half-width, 0 where none)."""
    kept = [p for p in points if p.get(f"{metric}_mean") is not None]
    xs = [p["smoothing"] + (0.0 if p["method"] == BASELINE else dodge) for p in kept]
    ys = [scale * p[f"{metric}_mean"] for p in kept]
    errors = [scale * (p.get(f"{metric}_ci95") or 0.0) for p in kept]
    return xs, ys, errors


def plot_sweep(summary: list[dict[str, Any]], path: str, title: str = "sweep") -> str:
    """Accuracy and ECE (and ECE after temperature scaling, dotted) against f, one line per method."""
    plt = pyplot()
    baseline = [row for row in summary if row["method"] == BASELINE]
    methods = list(dict.fromkeys(row["method"] for row in summary if row["method"] != BASELINE))
    swept = sorted({row["smoothing"] for row in summary})
    span = (swept[-1] - swept[0]) if len(swept) > 1 else 1.0
    seeds = max((row.get("n") or 0 for row in summary), default=0)
    bars = dict(capsize=3, elinewidth=1)
    with plt.style.context("ggplot"):
        fig, (acc_ax, ece_ax) = plt.subplots(1, 2, figsize=(10, 5.2))
        for i, method in enumerate(methods):
            points = baseline + sorted((r for r in summary if r["method"] == method), key=lambda r: r["smoothing"])
            dodge = DODGE * span * (i - (len(methods) - 1) / 2)
            style = {"color": f"C{i}", "linewidth": max(3.0 - i, 1.0), "linestyle": "-" if i == 0 else "--"}
            acc_ax.errorbar(*_series(points, "accuracy", 1.0, dodge), marker="o", label=method, **style, **bars)
            xs, ys, errors = _series(points, "ece", 100.0, dodge)
            if xs:
                ece_ax.errorbar(xs, ys, errors, marker="o", label=method, **style, **bars)
            xs, ys, errors = _series(points, "ece_after_temperature", 100.0, dodge)
            if xs:
                ece_ax.errorbar(xs, ys, errors, marker="x", linestyle=":", color=style["color"],
                                label=f"{method}, after temperature scaling", **bars)
        if baseline:  # the common point, on top of the lines that start from it
            point = {"color": "black", "zorder": 5, "linestyle": "none", **bars}
            acc_ax.errorbar(*_series(baseline, "accuracy", 1.0), marker="o", label="none (f = 0, baseline)",
                            **point)
            for metric, marker in (("ece", "o"), ("ece_after_temperature", "x")):
                xs, ys, errors = _series(baseline, metric, 100.0)
                if xs:
                    ece_ax.errorbar(xs, ys, errors, marker=marker, label="none, after temperature scaling"
                                    if marker == "x" else "none (f = 0, baseline)", **point)
        acc_ax.set_xlabel("smoothing factor f")
        acc_ax.set_ylabel("test accuracy")
        acc_ax.set_title("accuracy")
        ece_ax.set_xlabel("smoothing factor f")
        ece_ax.set_ylabel("ECE (%), 15 bins")
        ece_ax.set_title("expected calibration error")
        for ax in (acc_ax, ece_ax):
            if summary:  # below the panel: the error bars need the room inside it
                ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2)
            if 1 < len(swept) <= 10:
                ax.set_xticks(swept)  # ticks at the factors that were run, not at 0.02 steps between them
        if seeds > 1:
            title += f": mean over {seeds} seeds, bars = 95 % t-interval"
        fig.suptitle(title)
        return save_figure(fig, path)
