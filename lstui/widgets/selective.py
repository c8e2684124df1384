"""The risk-coverage curve of selective classification, under the calibration charts (plotext).

Draws report.json's ``selective`` block (``lstui.training.selective``): abstaining on the least
confident test images, the error rate among those kept, for every share kept. Xia et al. (ICLR
2025) find label smoothing makes this curve worse even where it improves calibration. No Keras.
"""

from __future__ import annotations

from typing import Any

from textual_plotext import PlotextPlot

TITLE = "risk–coverage (abstain on the least confident)"


def describe_selective(block: dict[str, Any]) -> str:
    """One line: AURC and the coverage reached at each target risk."""
    reached = " · ".join(f"{100 * c:.0f} % kept at risk ≤ {100 * float(r):g} %"
                         for r, c in block.get("coverage_at_risk", {}).items())
    return f"AURC {block['aurc']:.4f}" + (f" · {reached}" if reached else "")


class RiskCoverageChart(PlotextPlot):
    """Risk (error rate of the images kept) against coverage (share kept), most confident kept first."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.block: dict[str, Any] | None = None

    def on_mount(self) -> None:
        """Draw the empty chart."""
        super().on_mount()
        self.replot()

    def show(self, block: dict[str, Any] | None) -> None:
        """Draw a run's ``selective`` block (None empties the chart)."""
        self.block = block
        self.replot()

    def replot(self) -> None:
        """Rebuild the curve from the block it owns."""
        plt = self.plt
        plt.clear_data()
        plt.xlabel("coverage")
        self.border_title = TITLE
        curve = (self.block or {}).get("risk_coverage")
        if curve:
            plt.plot(curve["coverage"], curve["risk"], color="cyan", marker="braille")
            self.border_title = f"{TITLE} · {describe_selective(self.block)}"
        plt.xlim(0, 1)
        plt.xticks([0, 0.25, 0.5, 0.75, 1])
        self.refresh()
