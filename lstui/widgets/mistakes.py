"""The Mistakes tab: the run's most confident wrong test images, drawn with half-block characters.

Reads ``mistakes.npz`` (``lstui.training.insight_run``: up to 25 images, most confident mistake
first) and draws each with rich-pixels' half-cell renderer, two pixels per character cell, so an
8×8 digit or a 32×32 CIFAR image stays recognisable. No Keras here.
"""

from __future__ import annotations

import os
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.widgets import Static

from lstui.runs import files

PLACEHOLDER = "The most confident mistakes on the test set appear here when a run ends."
# Images smaller than this many pixels a side are enlarged (whole pixels) to about this size.
MIN_SIDE = 16
CAPTION = 16  # characters a caption may take; a cell is at least this wide


def read_mistakes(run_dir: str) -> dict[str, Any] | None:
    """The arrays of a run's ``mistakes.npz``, or None when it has none."""
    import numpy as np  # here, not at the top: the app's first frame does not wait for numpy

    try:
        with np.load(os.path.join(run_dir, files.MISTAKES)) as data:
            arrays = {key: data[key] for key in ("images", "true", "predicted", "confidence", "class_names")}
    except (OSError, ValueError, KeyError):  # absent, damaged, or missing an array
        return None
    images, names = arrays["images"], len(arrays["class_names"])
    labels_ok = all(len(arrays[k]) == len(images) and np.all((arrays[k] >= 0) & (arrays[k] < names))
                    for k in ("true", "predicted"))
    return arrays if images.ndim == 4 and images.dtype == np.uint8 and labels_ok else None


def half_block(image):
    """A uint8 image (H, W, C) as a rich renderable of half-block characters (H/2 rows, W columns)."""
    from PIL import Image
    from rich_pixels import Pixels

    scale = max(1, -(-MIN_SIDE // max(image.shape[:2])))
    picture = Image.fromarray(image[..., 0] if image.shape[-1] == 1 else image).convert("RGB")
    if scale > 1:
        picture = picture.resize((image.shape[1] * scale, image.shape[0] * scale), Image.NEAREST)
    return Pixels.from_image(picture)


def mistakes_grid(data: dict[str, Any], width: int) -> Table:
    """The images in a grid as wide as ``width`` allows, each over ``true → predicted (confidence)``."""
    names = [str(n) for n in data["class_names"]]
    side = max(MIN_SIDE, data["images"].shape[2]) if len(data["images"]) else MIN_SIDE
    cell = max(side, CAPTION) + 2
    columns = max(1, width // cell)
    grid = Table.grid(padding=(0, 2))
    for _ in range(columns):
        grid.add_column(width=cell - 2)
    cells = []
    for image, true, predicted, confidence in zip(data["images"], data["true"], data["predicted"],
                                                  data["confidence"]):
        caption = Text(f"{names[true][:6]}→{names[predicted][:6]} ({confidence:.2f})", overflow="ellipsis",
                       no_wrap=True)
        cells.append(Group(half_block(image), caption))
    for start in range(0, len(cells), columns):
        grid.add_row(*cells[start:start + columns])
    return grid


class MistakesPanel(VerticalScroll):
    """The grid of mistakes; scrolls when the screen holds fewer rows than the grid."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data: dict[str, Any] | None = None

    def compose(self):
        yield Static(PLACEHOLDER, id="mistakes-body")

    def show(self, run_dir: str) -> None:
        """Show a run's mistakes."""
        self.data = read_mistakes(run_dir)
        self._draw()

    def _draw(self) -> None:
        body = self.query_one("#mistakes-body", Static)
        if self.data is None:
            body.update("This run has no mistakes.npz (it ended before its test set was scored, or predates it).")
            return
        count = len(self.data["images"])
        if not count:
            body.update("No mistakes: every test image was classified right.")
            return
        heading = Text(f"{count} most confident test mistakes: true→predicted (confidence)", style="bold")
        body.update(Group(heading, mistakes_grid(self.data, max(self.size.width - 2, 20))))

    def on_resize(self, event: Resize) -> None:
        """As many images per row as the new width holds."""
        if self.data is not None:
            self._draw()

    def clear(self) -> None:
        """Back to the placeholder (a new run started)."""
        self.data = None
        self.query_one("#mistakes-body", Static).update(PLACEHOLDER)
