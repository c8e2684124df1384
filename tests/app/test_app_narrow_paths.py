"""At 80×24 a run folder's path breaks after a "/" in the log and in the run's notification, never inside
a name (issue 12, item 9)."""

from __future__ import annotations

from textual.geometry import Region
from textual.widgets._toast import Toast

from lstui.app import LstuiApp
from lstui.config import RunConfig
from lstui.messages import RunCompleted
from lstui.training.events import RunFinished
from lstui.widgets import RunLog

RUN_DIR = "/tmp/lab/runs/20261129-205554_digits_labels_f0.1"
NAMES = [name for name in RUN_DIR.split("/") if name]


def _breaks_only_between_names(shown: list[str]) -> None:
    text = "".join(shown)
    assert RUN_DIR in text, shown  # nothing of the path is lost
    for name in NAMES:  # each folder name whole on one line
        assert any(name in line for line in shown), (name, shown)


async def test_the_log_breaks_a_long_path_after_a_slash():
    app = LstuiApp(RunConfig(), load_backend=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        log = app.query_one(RunLog)
        log.say(f"run dir: {RUN_DIR}")
        await pilot.pause()
        shown = [strip.text.rstrip() for strip in log.lines]
        assert len(shown) > 1  # the pane is narrower than the line
        _breaks_only_between_names(shown)


async def test_the_finished_runs_notification_breaks_its_path_after_a_slash():
    app = LstuiApp(RunConfig(), load_backend=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:  # run_test hides toasts by default
        await pilot.pause()
        event = RunFinished("finished", 0.9123, RUN_DIR, RUN_DIR + "/plot.png", {"status": "finished"}, "", 2)
        app.post_message(RunCompleted(event))
        await pilot.pause(0.3)  # the toast's height settles after its first layout
        toasts = list(app.screen.query(Toast))
        assert toasts
        shown = [strip.text.strip(" ▌") for strip in toasts[-1].render_lines(Region(0, 0, *toasts[-1].outer_size))]
        shown = [line for line in shown if line]
        assert shown[0].startswith("run finished")
        _breaks_only_between_names(shown[1:])
