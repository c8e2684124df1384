"""matplotlib without a display: the one place that picks the Agg backend and saves and closes a figure."""

from __future__ import annotations


def pyplot():
    """``matplotlib.pyplot`` on the Agg backend (no display needed); imported on first use, it is slow."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save_figure(fig, path: str) -> str:
    """Lay out, save as a 100-dpi PNG and close ``fig`` (an open figure keeps its memory); return ``path``."""
    fig.tight_layout()
    fig.savefig(path, format="png", dpi=100)
    pyplot().close(fig)
    return path
