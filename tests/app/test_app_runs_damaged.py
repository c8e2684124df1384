"""The runs screen with damaged run directories and sweep folders beside good runs (issue 14); no training."""

from __future__ import annotations

import json
import os

from rich.console import Console

from app_helpers import open_runs
from lstui.app import LstuiApp
from lstui.config import RunConfig
from lstui.screens.run_detail import RunDetailScreen

GOOD = "20261129-101500_digits_labels_f0.1"
BINARY_REPORT = "20261129-101600_digits_labels_f0.2"
BAD_HISTORY = "20261129-101700_digits_loss_f0.1"


def _write(path: str, data: bytes | str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data.encode() if isinstance(data, str) else data)


def _root(tmp_path) -> str:
    root = str(tmp_path / "runs")
    for name in (GOOD, BINARY_REPORT, BAD_HISTORY):
        _write(os.path.join(root, name, "config.toml"), RunConfig(dataset="digits", epochs=2).to_toml())
    _write(os.path.join(root, GOOD, "report.json"), json.dumps({"status": "finished", "accuracy": 0.9,
                                                                "classes": 7, "per_class": []}))
    _write(os.path.join(root, BINARY_REPORT, "report.json"), b"\x00\xff\x80garbage")
    _write(os.path.join(root, BAD_HISTORY, "history.csv"), "epoch,loss\n1,\x00x\n")
    _write(os.path.join(root, "sweep-20261129-101500-1", "runs.txt"), os.path.join(root, GOOD) + "\n")
    return root


def _text(renderable) -> str:
    console = Console(width=200, record=True)
    console.print(renderable)
    return console.export_text()


async def test_damaged_runs_are_listed_as_unreadable_and_open_without_a_crash(tmp_path):
    root = _root(tmp_path)
    app = LstuiApp(RunConfig(out=root), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_runs(pilot)
        table = screen.query_one("#runs-table")
        assert table.row_count == 3  # the sweep folder is not a run
        rows = {name: [str(cell) for cell in table.get_row(os.path.join(root, name))]
                for name in (GOOD, BINARY_REPORT, BAD_HISTORY)}
        assert "finished" in rows[GOOD] and "10:15:00 #1" in rows[GOOD]
        assert "unreadable" in rows[BINARY_REPORT] and "unreadable" in rows[BAD_HISTORY]

        for name in (BINARY_REPORT, BAD_HISTORY, GOOD):  # i shows each one's details, damaged or not
            await pilot.press(*["up"] * 3)
            while screen.highlighted().name != name:
                await pilot.press("down")
            await pilot.press("i")
            await pilot.pause()
            assert isinstance(app.screen, RunDetailScreen)
            shown = _text(app.screen.body())
            assert name in shown
            if name != GOOD:
                assert "history.csv" in shown or "report.json" in shown  # the line saying what is wrong
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen

        # enter shows a run in the main view: a damaged one too, without bringing the app down
        await pilot.press(*["up"] * 3)
        while screen.highlighted().name != BINARY_REPORT:
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
