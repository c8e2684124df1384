"""The tutorial's training-history figure, saved as PNG with matplotlib (Agg, no display needed).

The tutorial draws train_loss, val_loss, train_acc and val_acc. Which loss ``loss`` and ``val_loss``
are depends on the method: method ``labels`` smooths the training targets and keeps plain
cross-entropy, so its val_loss (on the hard test labels) is the hard-label NLL; method ``loss``
smooths inside the loss, so its val_loss is the smoothed loss, which is higher for the same model.
The legend says which, and a fifth curve, ``val_nll`` (cross-entropy against the hard labels for
every method), is the loss curve that compares across methods and factors.
"""

from __future__ import annotations

from typing import Sequence


NLL_NAME = "val_nll (cross-entropy on the hard labels, every method: the loss to compare runs by)"


def loss_names(method: str, smoothing: float) -> tuple[str, str]:
    """Legend entries of the training and validation loss curves, saying which loss each one is."""
    if not smoothing:
        return "train_loss (cross-entropy)", "val_loss (cross-entropy, = val_nll)"
    if method == "loss":
        return f"train_loss (smoothed loss, f={smoothing:g})", f"val_loss (smoothed loss, f={smoothing:g})"
    return (f"train_loss (cross-entropy on labels smoothed, f={smoothing:g})",
            "val_loss (cross-entropy on the hard labels, = val_nll)")


def history_series(rows: Sequence[dict[str, float]], method: str = "labels",
                   smoothing: float = 0.0) -> list[tuple[str, str, list[float]]]:
    """The curves of plot.png: (history column, legend entry, value per epoch), NaN where a row lacks it.

    The tutorial's four, then ``val_nll`` where the history has it (runs since calibration was added).
    """
    train_loss, val_loss = loss_names(method, smoothing)
    curves = [("loss", train_loss), ("val_loss", val_loss), ("accuracy", "train_acc"), ("val_accuracy", "val_acc")]
    if any("val_nll" in r for r in rows):
        curves.append(("val_nll", NLL_NAME))
    return [(key, label, [r.get(key, float("nan")) for r in rows]) for key, label in curves]


def plot_history(rows: Sequence[dict[str, float]], path: str, title: str, method: str = "labels",
                 smoothing: float = 0.0) -> str:
    """Plot loss, val_loss, accuracy, val_accuracy and val_nll per epoch (ggplot style) to ``path``."""
    from matplotlib.ticker import MaxNLocator

    from lstui.runs.figures import pyplot, save_figure

    plt = pyplot()

    epochs = [int(r["epoch"]) for r in rows]
    with plt.style.context("ggplot"):
        fig, ax = plt.subplots(figsize=(8, 7))
        for key, label, values in history_series(rows, method, smoothing):
            style = {"color": "black", "linestyle": "--"} if key == "val_nll" else {}
            ax.plot(epochs, values, marker="o" if len(rows) < 20 else None, markersize=3, label=label, **style)
        ax.set_title(title)
        ax.set_xlabel("Epoch #")
        ax.set_ylabel("Loss/Accuracy")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers: no 1.25, 1.5 ticks
        # Under the axes: the entries say which loss each curve is, too long to sit over the curves.
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), fontsize=9, ncol=1, frameon=False)
        if epochs:
            pad = 0.5 if len(epochs) == 1 else 0  # one epoch: a point in the middle, not on the frame
            ax.set_xlim(min(epochs) - pad, max(epochs) + pad)
        return save_figure(fig, path)
