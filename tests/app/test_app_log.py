"""The log pane keeps whole lines, whatever tab was showing when they were written (issue 12, bug 1)."""

from __future__ import annotations

from lstui.app import LstuiApp
from lstui.config import RunConfig
from lstui.widgets import RunLog

LINE = "epoch 1/2  loss 1.8496  acc 0.4167  val_loss 3.5670  val_acc 0.1889"


async def test_lines_written_while_the_log_tab_is_hidden_are_whole_when_it_shows():
    app = LstuiApp(RunConfig(), load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        tabs = app.query_one("#tabs")
        tabs.active = "tab-report"  # where a finished run leaves the user; the next run logs behind it
        await pilot.pause()
        log = app.query_one(RunLog)
        log.say(LINE)
        tabs.active = "tab-log"
        await pilot.pause()
        shown = [strip.text.rstrip() for strip in log.lines]
        assert LINE in shown  # one line, not one character per line
        assert max(map(len, shown)) > 1
