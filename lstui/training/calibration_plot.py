"""``calibration.png``: a reliability diagram and a confidence histogram (matplotlib, Agg)."""

from __future__ import annotations

from typing import Any

import numpy as np

from lstui.describe import format_mce
from lstui.training.calibration import MCE_MIN_COUNT, ReliabilityBins

# Headroom above accuracy 1 for the count written over a full bar.
TOP = 1.1


def count_labels(bins: ReliabilityBins) -> list[tuple[float, float, str]]:
    """Where each non-empty bin's image count is written: (bin centre, just above the bar or its gap, count)."""
    centres = (bins.edges[:-1] + bins.edges[1:]) / 2
    return [(float(x), float(max(acc, conf)) + 0.01, str(int(n)))
            for x, n, acc, conf in zip(centres, bins.counts, bins.accuracy, bins.confidence) if n > 0]


def summary_text(summary: dict[str, Any]) -> str:
    """The box in the diagram's corner: ECE, MCE (over bins of at least ``mce_min_count`` images) and T."""
    least = summary.get("mce_min_count", MCE_MIN_COUNT)
    text = f"ECE {100 * summary['ece']:.2f} %\nMCE {format_mce(summary.get('mce'))} (bins of ≥ {least})"
    if summary.get("temperature") is not None:
        text += f"\nT {summary['temperature']:.2f}: ECE {100 * summary['ece_after_temperature']:.2f} %"
    return text + "\nover each bar: images in the bin"


def plot_calibration(bins: ReliabilityBins, summary: dict[str, Any], path: str, title: str) -> str:
    """Draw the reliability diagram (accuracy per confidence bin against the diagonal, gaps shaded)
    above the histogram of top-class confidences, with ECE, MCE, mean confidence and each bin's count of
    images (over its bar) written in; save to ``path``."""
    from lstui.runs.figures import pyplot, save_figure

    plt = pyplot()

    lower, width = bins.edges[:-1], np.diff(bins.edges)
    filled = bins.counts > 0
    with plt.style.context("ggplot"):
        fig, (top, bottom) = plt.subplots(2, 1, figsize=(6, 7.5), sharex=True,
                                          gridspec_kw={"height_ratios": [3, 1.3]})
        top.bar(lower[filled], bins.accuracy[filled], width=width[filled], align="edge", color="#3465a4",
                edgecolor="black", linewidth=0.6, label="accuracy")
        # Above a bar: confidence exceeded accuracy (overconfident). Hatched inside a bar: the
        # accuracy exceeded the confidence (underconfident), as label smoothing can cause.
        over = filled & (bins.confidence > bins.accuracy)
        under = filled & (bins.confidence < bins.accuracy)
        top.bar(lower[over], (bins.confidence - bins.accuracy)[over], bottom=bins.accuracy[over],
                width=width[over], align="edge", color="#cc0000", alpha=0.35, edgecolor="#cc0000", hatch="//",
                linewidth=0.6, label="gap: overconfident")
        top.bar(lower[under], (bins.accuracy - bins.confidence)[under], bottom=bins.confidence[under],
                width=width[under], align="edge", fill=False, edgecolor="#fcaf3e", hatch="\\\\",
                linewidth=0.6, label="gap: underconfident")
        top.plot([0, 1], [0, 1], linestyle="--", color="#555555", linewidth=1, label="perfect calibration")
        for x, y, count in count_labels(bins):
            top.text(x, y, count, ha="center", va="bottom", fontsize=7, color="#2e3436")
        top.set_xlim(0, 1)
        top.set_ylim(0, TOP)
        top.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
        top.set_ylabel("accuracy")
        top.set_title(title)
        top.text(0.03, 0.97, summary_text(summary), transform=top.transAxes, va="top", ha="left", fontsize=9,
                 bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.85})
        top.legend(loc="lower right", fontsize=8)

        share = bins.counts / max(bins.counts.sum(), 1)
        bottom.bar(lower, share, width=width, align="edge", color="#73d216", edgecolor="black", linewidth=0.6)
        bottom.axvline(summary["accuracy"], color="#3465a4", linestyle="-", linewidth=1.5,
                       label=f"accuracy {summary['accuracy']:.3f}")
        bottom.axvline(summary["confidence"], color="#cc0000", linestyle="--", linewidth=1.5,
                       label=f"mean confidence {summary['confidence']:.3f}")
        bottom.set_xlabel("top-class confidence")
        bottom.set_ylabel("share of test images")
        bottom.legend(loc="upper left", fontsize=8)
        return save_figure(fig, path)
