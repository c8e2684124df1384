"""The risk-coverage curve of selective classification, under the calibration charts (plotext).

Draws report.json's ``selective`` block (``lstui.training.selective``): abstaining on the least
confident test images, the error rate among those kept, for every share kept. Xia et al. (ICLR
2025) find label smoothing makes this curve worse even where it improves calibration. No Keras.
"""

from __future__ import annotations

from typing import Any

from textual_plotext import PlotextPlot

TITLE = "risk–coverage"


def describe_selective(block: dict[str, Any]) -> str:
    """One short line: AURC and the coverage reached at each target risk (``kept at risk ≤ 1/2/5 %: 12/40/80 %``)."""
    reached = block.get("coverage_at_risk", {})
    risks = "/".join(f"{100 * float(r):g}" for r in reached)
    kept = "/".join(f"{100 * c:.0f}" for c in reached.values())
    return f"AURC {block['aurc']:.4f}" + (f" · kept at risk ≤ {risks} %: {kept} %" if reached else "")


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
