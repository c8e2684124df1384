"""Helpers for driving the app with Pilot the way a user does: focus by Tab, type, press keys."""

from __future__ import annotations

import os

from textual.pilot import Pilot
from textual.widgets import Input

from lstui.app import LstuiApp


async def tab_to(pilot: Pilot, widget_id: str, most: int = 40) -> None:
    """Press Tab until the widget ``widget_id`` has focus."""
    for _ in range(most):
        if pilot.app.focused is not None and pilot.app.focused.id == widget_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached #{widget_id}; focus is on {pilot.app.focused!r}")


async def type_field(pilot: Pilot, name: str, text: str) -> None:
    """Tab to a form field, clear it with backspace and type ``text``."""
    await tab_to(pilot, f"field-{name}")
    field = pilot.app.query_one(f"#field-{name}", Input)
    await pilot.press("end", *["backspace"] * len(field.value))
    await pilot.press(*list(text))
    await pilot.pause()


async def wait_until(pilot: Pilot, condition, rounds: int = 1200) -> None:
    """Let the app work until ``condition()`` holds (a hang guard, not a timing check)."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.1)
    raise AssertionError("the app never reached the expected state")


async def open_runs(pilot: Pilot):
    """Press ctrl+o and return the runs screen once it shows its table."""
    from lstui.screens.runs import RunsScreen

    await pilot.press("ctrl+o")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, RunsScreen))
    await pilot.pause()
    return pilot.app.screen


def only_run_dir(root) -> str:
    """The single run folder under an output root."""
    (name,) = [d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d))]
    return os.path.join(root, name)


def rendered(renderable) -> str:
    """What a rich renderable shows as plain text."""
    from rich.console import Console

    console = Console(width=200, record=True)
    console.print(renderable)
    return console.export_text()


def log_text(app: LstuiApp) -> str:
    """Everything the log pane has shown."""
    from lstui.widgets import RunLog

    return "\n".join(app.query_one(RunLog).lines_written)


async def run_then_stop_after_an_epoch(pilot: Pilot) -> None:
    """Press ctrl+r, wait for the first epoch on the loss chart, press ctrl+x and wait until the run is saved."""
    from lstui.widgets import ChartPanel

    await pilot.press("ctrl+r")
    charts = pilot.app.query_one(ChartPanel)
    await wait_until(pilot, lambda: len(charts.chart("loss").series.get("loss", [])) >= 1)
    await pilot.press("ctrl+x")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def write_run_dir(root, name: str, *, method: str = "labels", smoothing: float = 0.1, status: str = "finished",
                  epochs: int = 3, done: int = 3, accuracy: float = 0.9) -> str:
    """A run folder as the runner leaves it (config.toml, report.json, history.csv), with made-up curves."""
    import json

    from lstui.config import RunConfig

    path = os.path.join(str(root), name)
    os.makedirs(path)
    config = RunConfig(method=method, smoothing=smoothing, epochs=epochs, out=str(root))
    with open(os.path.join(path, "config.toml"), "w") as handle:
        handle.write(config.to_toml())
    report = {"status": status}
    if done:
        report.update(accuracy=accuracy, calibration={"ece": 0.05 + smoothing / 10, "nll": 0.4})
    with open(os.path.join(path, "report.json"), "w") as handle:
        json.dump(report, handle)
    with open(os.path.join(path, "history.csv"), "w") as handle:
        handle.write("epoch,loss,accuracy,val_loss,val_accuracy,lr,val_nll,seconds\n")
        for epoch in range(1, done + 1):
            acc = accuracy * epoch / done
            handle.write(f"{epoch},{2 / epoch},{acc},{2.2 / epoch},{acc - 0.02},0.05,{2.1 / epoch + smoothing},1.0\n")
    return path
