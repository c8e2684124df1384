"""The tutorial's training-history figure, saved as PNG with matplotlib (Agg, no display needed)."""

from __future__ import annotations

from typing import Sequence


def plot_history(rows: Sequence[dict[str, float]], path: str, title: str) -> str:
    """Plot loss, val_loss, accuracy and val_accuracy per epoch (ggplot style) to ``path``."""
    from matplotlib.ticker import MaxNLocator

    from lstui.runs.figures import pyplot, save_figure

    plt = pyplot()

    epochs = [int(r["epoch"]) for r in rows]
    with plt.style.context("ggplot"):
        fig, ax = plt.subplots(figsize=(8, 6))
        for key, label in (("loss", "train_loss"), ("val_loss", "val_loss"),
                           ("accuracy", "train_acc"), ("val_accuracy", "val_acc")):
            ax.plot(epochs, [r.get(key, float("nan")) for r in rows], marker="o" if len(rows) < 20 else None,
                    markersize=3, label=label)
        ax.set_title(title)
        ax.set_xlabel("Epoch #")
        ax.set_ylabel("Loss/Accuracy")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers: no 1.25, 1.5 ticks
        ax.legend(loc="upper right" if rows and rows[-1].get("loss", 0) < 1 else "lower left")
        if epochs:
            pad = 0.5 if len(epochs) == 1 else 0  # one epoch: a point in the middle, not on the frame
            ax.set_xlim(min(epochs) - pad, max(epochs) + pad)
        return save_figure(fig, path)
