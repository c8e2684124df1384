"""The PNGs of what a run learned: ``representation.png``, ``confusion.png`` and ``mistakes.png`` (matplotlib, Agg).

Each draws from the arrays the run directory keeps (``representation.npz``, report.json's
``confusion_matrix``, ``mistakes.npz``), so a figure can be redrawn from the files alone.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from lstui.runs.figures import pyplot, save_figure

COLOURS = ("tab:blue", "tab:orange", "tab:green")


def plot_representation(points: np.ndarray, labels: np.ndarray, split: np.ndarray, templates: np.ndarray,
                        classes: Sequence[int], class_names: Sequence[str], path: str, title: str,
                        tightness: dict[str, float | None] | None = None) -> str:
    """Train and test side by side: the projected activations, one colour per class, the templates as ×."""
    plt = pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(10, 5), sharex=True, sharey=True)
    for ax, part in zip(axes, ("train", "test")):
        for colour, index, name in zip(COLOURS, classes, class_names):
            mine = (labels == index) & (split == part)
            ax.scatter(points[mine, 0], points[mine, 1], s=6, alpha=0.5, color=colour, label=f"{name} ({mine.sum()})")
        ax.scatter(templates[:, 0], templates[:, 1], marker="x", s=80, color="black", label="templates")
        value = (tightness or {}).get(part)
        ax.set_title(f"{part}" + (f" · tightness {value:.3f}" if value is not None else ""))
        ax.set_aspect("equal", adjustable="box")
        ax.legend(fontsize=8, loc="best")
    fig.suptitle(title)
    return save_figure(fig, path)


def plot_confusion(matrix: np.ndarray, class_names: Sequence[str], path: str, title: str) -> str:
    """The confusion matrix as a heat map with the counts written in (rows: true, columns: predicted)."""
    plt = pyplot()
    matrix = np.asarray(matrix)
    k = len(matrix)
    side = min(12.0, 3.0 + 0.5 * k)
    fig, ax = plt.subplots(figsize=(side, side))
    ax.imshow(matrix, cmap="Blues")
    if k <= 30:  # beyond that, the numbers and names would overlap
        ax.set_xticks(range(k), [str(n)[:10] for n in class_names], rotation=90)
        ax.set_yticks(range(k), [str(n)[:10] for n in class_names])
        top = matrix.max() or 1
        for i in range(k):
            for j in range(k):
                ax.text(j, i, str(matrix[i, j]), ha="center", va="center", fontsize=8,
                        color="white" if matrix[i, j] > top / 2 else "black")
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    return save_figure(fig, path)


def plot_mistakes(images: np.ndarray, true: np.ndarray, predicted: np.ndarray, confidence: np.ndarray,
                  class_names: Sequence[str], path: str, title: str) -> str:
    """Up to 25 misclassified test images, most confident first, captioned ``true → predicted (confidence)``."""
    plt = pyplot()
    count = len(images)
    columns = 5
    rows = max(1, -(-count // columns))
    fig, axes = plt.subplots(rows, columns, figsize=(2.2 * columns, 2.4 * rows + 0.6), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= count:
            continue
        image = images[i]
        gray = image.shape[-1] == 1
        ax.imshow(image[..., 0] if gray else image, cmap="gray" if gray else None, vmin=0, vmax=255,
                  interpolation="nearest")
        ax.set_title(f"{class_names[true[i]]} → {class_names[predicted[i]]} ({confidence[i]:.2f})", fontsize=8)
    if not count:
        axes.flat[0].text(0.5, 0.5, "no mistakes on the test set", ha="center", va="center")
    fig.suptitle(title)
    return save_figure(fig, path)
