"""The app showing runs that are not its own new ones: following a live run that any process trains,
a past run shown in full, and resuming a stopped run.

A :class:`Watcher` polls a :class:`lstui.follow.RunFollower` on a timer and posts each event's
Message to the run view, as the app's own runs do, so charts, progress, log, report and
calibration fill in the same way. When the run ends and its process trains the next run of a
sweep, the watcher moves on to that run. ctrl+x asks the training process to stop, by SIGTERM,
when it runs on this host; the run then saves itself as ``stopped``.
"""

from __future__ import annotations

import os
import signal

from textual.timer import Timer

from lstui.config import FIELD_BY_NAME, ConfigError, RunConfig
from lstui.follow import RunFollower, run_config
from lstui.messages import message_for
from lstui.training.events import RunStarted

POLL_S = 0.5


class Watcher:
    """Follows one run at a time for ``app`` (an ``LstuiApp``); only reads files."""

    def __init__(self, app) -> None:
        self.app = app
        self.follower: RunFollower | None = None
        self.timer: Timer | None = None
        self.quiet_polls = 0
        self.past = False  # the followed run had ended before it was opened: its events are history

    @property
    def active(self) -> bool:
        """Whether a run is being followed (its end not yet seen)."""
        return self.follower is not None

    @property
    def live(self) -> bool:
        """Whether the followed run is training now (so ctrl+x can stop it)."""
        return self.follower is not None and self.follower.live is not None

    def start(self, run_dir: str, headline: str = "") -> None:
        """Show ``run_dir`` in the run view from the start of its log, then keep up with it."""
        self.cancel()
        self.follower = RunFollower(run_dir)
        self._show_settings(run_config(run_dir))  # at once, and for runs whose log starts later or is missing
        view = self.app.run_view
        view.begin(None)
        live = self.follower.live
        self.past = live is None
        if headline or live is not None:
            who = f"pid {live.pid} on {live.host}" if live is not None else ""
            view.log_pane.say(headline or f"── following {run_dir} ({who}); ctrl+x stops it ──", "bold")
        self.app.set_status("watching" if live is not None else "past run")
        self.poll()
        if self.follower is not None:
            self.timer = self.app.set_interval(POLL_S, self.poll)

    def at_start(self, run_dir: str) -> None:
        """lstui watch: follow ``run_dir``, or with none live (empty), open the runs screen and say so."""
        if run_dir:
            self.start(run_dir)
            return
        self.app.action_runs()
        self.app.notify("no run is training there now; enter on a run shows it in full", title="no live run")

    def open(self, run_dir: str) -> None:
        """Show ``run_dir`` in the main view (from the runs screen), unless this app is training."""
        if self.app.run_active:
            self.app.notify("this lstui is training; open another lstui (or lstui watch) to follow a second run",
                            title="cannot open the run", severity="warning")
            return
        self._back_to_main()
        self.start(run_dir)

    def resume(self, run_dir: str) -> None:
        """Continue the stopped run ``run_dir`` in this app, on its main screen, or say why not."""
        from lstui.training.checkpoint import load_resume_point

        app = self.app
        if app.run_active:
            app.notify("a run is active; stop it (ctrl+x) or wait for it to end first", title="cannot resume",
                       severity="warning")
            return
        try:
            point = load_resume_point(run_dir)
        except ConfigError as exc:
            app.notify(exc.message, title="cannot resume", severity="warning")
            return
        self.cancel()
        self._back_to_main()
        app.resume_run(point)

    def _back_to_main(self) -> None:
        while len(self.app.screen_stack) > 1:  # the main screen is where runs are shown
            self.app.pop_screen()

    def poll(self) -> None:
        """Post the run's new events; at its end, move on to its process's next run or stop."""
        follower = self.follower
        if follower is None:
            return
        events = follower.poll()
        for event in events:
            if isinstance(event, RunStarted):
                self._show_settings(event.config)
            self.app.run_view.post_message(message_for(event, replayed=self.past))
        self.quiet_polls = 0 if events else self.quiet_polls + 1
        if follower.ended:
            following = follower.next_run()
            if following:
                self.start(following)
            elif not follower.waiting_for_next:  # a sweep's process loads the next run's data meanwhile
                self.cancel()
        elif self.quiet_polls >= 4 and follower.live is None:  # 2 s with no word and no heartbeat
            self.app.run_view.log_pane.say("the run's process is gone without saving (killed?); r on the runs "
                                           "screen resumes it from its last finished epoch", "bold red")
            self.app.set_status("interrupted")
            self.cancel()

    def _show_settings(self, values: dict) -> None:
        """The followed run's settings in the form, as for a run of this app's own."""
        from lstui.widgets import RunForm

        if not values:
            return
        try:
            config = RunConfig.from_mapping({k: v for k, v in values.items() if k in FIELD_BY_NAME})
        except ConfigError:
            return  # a run directory from another version: the log still says what it trains
        self.app.query_one(RunForm).apply(config)

    def stop_run(self) -> None:
        """Ask the followed run's process to stop after its batch and save (ctrl+x)."""
        live = self.follower.live if self.follower is not None else None
        if live is None:
            self.app.notify("the followed run is not training", title="nothing to stop", severity="warning")
        elif not live.on_this_host:
            self.app.notify(f"it trains on {live.host} (pid {live.pid}); stop it there", title="cannot stop",
                            severity="warning")
        else:
            try:
                os.kill(live.pid, signal.SIGTERM)
            except OSError as exc:
                self.app.notify(f"pid {live.pid}: {exc.strerror}", title="cannot stop", severity="error")
                return
            self.app.set_status("stopping")
            self.app.run_view.log_pane.say(f"asked pid {live.pid} to stop after its batch; it saves the run",
                                           "yellow")

    def cancel(self) -> None:
        """Stop following."""
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        self.follower = None
