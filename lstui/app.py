"""The Textual app: the form, the one training worker, the status line and the dialogs.

Training runs in one exclusive thread worker that calls ``lstui.session.run_session`` (the
same loop as ``--no-ui``) with a sink that wraps each event in a Message (``lstui.messages``)
and posts it to the run view (``widgets.RunView``), from where it bubbles up to the app.
Keras is imported in another thread after the first paint (``lstui.lifecycle``, with quitting
and hang-ups); ``lstui.watching`` follows runs that are trained elsewhere, or shows past ones.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Iterable

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from lstui import describe
from lstui.app_keys import TAB_BINDINGS, WHY_NOT_BINDINGS, AppKeys, form_error
from lstui.config import ConfigError, RunConfig
from lstui.lifecycle import Leaving, import_backend
from lstui.messages import (BackendLoaded, OpenRunRequested, ResumeRequested, RunBegan, RunCompleted, RunErrored,
                            SweepStepBegan, message_for)
from lstui.screens.dialogs import ErrorScreen, HelpScreen
from lstui.session import run_session
from lstui.startup import default_screen
from lstui.sweep_values import describe_points, describe_sweep, is_sweep, lists_of, run_count
from lstui.terminal import terminal_kept_for_textual
from lstui.training.events import Event
from lstui.training.stopping import StopRequest
from lstui.watching import Watcher
from lstui.widgets import RunForm, RunView, StatusBar
from lstui.widgets.footer import KeysFooter


class LstuiApp(AppKeys, App[int]):
    """Fill the form, press ctrl+r, watch the run; every run is saved to its own folder."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses elsewhere find it too
    TITLE = "lstui"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    get_default_screen = default_screen  # born with its breakpoint classes: one restyle less before the first frame
    BINDINGS = [
        Binding("ctrl+r", "run", "Run", priority=True),
        Binding("ctrl+x", "stop", "Stop", priority=True),
        *WHY_NOT_BINDINGS,
        Binding("ctrl+o", "runs", "Runs", priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help", priority=True),
        Binding("question_mark", "help", "Help", show=False),
        *TAB_BINDINGS,
    ]

    def __init__(self, config: RunConfig | None = None, *, load_backend: bool = True,
                 lists: dict[str, list] | None = None, resume=None, watch: str | None = None) -> None:
        super().__init__()
        self.resume_point = resume  # a checkpoint.ResumePoint to continue at start (lstui --resume DIR)
        self.initial_config = resume.config if resume is not None else config or RunConfig()
        self.load_backend_on_start = load_backend
        self.initial_lists = lists or {}  # a sweep given on the command line pre-fills the form as a list
        self.run_active = False
        self.stop_event = StopRequest()
        self.backend_ready = threading.Event()
        self.quit_requested = False
        self.focus_before_run: Widget | None = None
        self.last_outcome: Event | None = None
        self.watcher = Watcher(self)
        self.leaving = Leaving(self)
        self.watch_target = watch  # lstui watch: a run to follow at start ("" = none live: the runs screen)
        self.on_hangup = self.initial_config.on_hangup  # of the run in progress, once one starts
        self.detached = False  # the terminal hung up: no more screen, the run trains on
        self.training_thread: threading.Thread | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            yield RunForm(self.initial_config, self.initial_lists, id="form")
            yield RunView(id="live")
        yield KeysFooter()

    @property
    def run_view(self) -> RunView:
        """The view of the run: charts, progress and the Log / Report / Calibration tabs."""
        return self.query_one(RunView)

    def on_mount(self) -> None:
        """Focus the first field; start importing Keras once the first frame is on screen."""
        self.query_one("#form", RunForm).border_title = "settings"
        self.query_one("#field-method").focus()
        log = self.run_view.log_pane
        log.say("Fill in the form and press ctrl+r to train; F1 shows every key.")
        if self.initial_lists:
            log.say(f"sweep over {describe_sweep(self.initial_lists)}: ctrl+r runs every combination", "yellow")
        if self.load_backend_on_start:
            self.call_after_refresh(self.load_backend)
        else:
            self.backend_ready.set()
            self.query_one(StatusBar).backend = "backend loads when a run starts"
        if self.resume_point is not None:
            self.call_after_refresh(self.resume_run, self.resume_point)
        if self.watch_target is not None:
            self.call_after_refresh(self.watcher.at_start, self.watch_target)
        self.leaving.install()

    # ---- background import of Keras ------------------------------------------------------------------

    def load_backend(self) -> None:
        """Import Keras in a daemon thread: a plain one, so quitting never waits for TensorFlow to load."""
        threading.Thread(target=import_backend, args=(self, self.initial_config.backend), name="lstui-backend",
                         daemon=True).start()

    def on_backend_loaded(self, message: BackendLoaded) -> None:
        """Show backend, devices and versions in the status line."""
        self.query_one(StatusBar).show_backend(message.versions, message.devices, message.error)

    # ---- actions -------------------------------------------------------------------------------------

    def action_run(self) -> None:
        """Check the form and start a run (ctrl+r)."""
        if self.run_active:
            return
        self.watcher.cancel()  # this app's own run takes the view
        form = self.query_one(RunForm)
        try:
            configs = form.read_configs()
        except ConfigError as exc:
            self.notify(form_error(exc), title="cannot start the run", severity="error")
            for field in self.query(f"#field-{exc.name}"):
                field.focus()  # straight to the first setting to fix
            return
        config = configs[0]
        self._start(configs, f"── new run: {config.dataset}, method {config.method}, f={config.smoothing:g}, "
                             f"{config.epochs} epochs ──")

    def resume_run(self, point) -> None:
        """Continue a stopped or interrupted run (a ``checkpoint.ResumePoint``) here, with its own settings."""
        if self.run_active:
            return
        self.query_one(RunForm).apply(point.config)  # show the settings the run continues with
        self._start([point.config], f"── resuming {point.run_dir} after epoch {point.epoch} of "
                                    f"{point.config.epochs} ──", point)

    def _start(self, configs: list[RunConfig], headline: str, resume=None) -> None:
        self.stop_event = StopRequest()
        self.on_hangup = configs[0].on_hangup
        self.focus_before_run = self.focused
        self.set_running(True)
        self.run_view.begin(resume.history if resume is not None else None)  # a resumed run's curves continue
        log = self.run_view.log_pane
        config = configs[0]
        if resume is None and is_sweep(configs):
            log.say(f"── sweep of {run_count(configs)} runs on {config.dataset}: {describe_points(configs)}, "
                    f"{config.epochs} epochs each; ctrl+x stops the sweep ──", "bold")
        else:
            log.say(headline, "bold")
        if not self.backend_ready.is_set():
            log.say("waiting for TensorFlow to finish loading…", "dim")
        self.train(configs, resume)

    def action_stop(self) -> None:
        """Stop the active (or followed) run after the current batch; it is evaluated and saved (ctrl+x)."""
        if not self.run_active and self.watcher.active:
            self.watcher.stop_run()
            return
        if not self.run_active or self.stop_event.is_set():
            return
        self.stop_event.set()
        self.query_one(StatusBar).state = "stopping"
        self.run_view.log_pane.say("stopping after the current batch; the run will be evaluated and saved",
                                   "yellow")

    async def action_quit(self) -> None:
        """Quit; while a run trains, ask first, then stop and save it (a second ctrl+q closes the screen at once)."""
        self.leaving.quit()

    def action_runs(self) -> None:
        """List the runs in the output folder: sort, overlay, compare, open, resume (ctrl+o)."""
        from lstui.screens.runs import RunsScreen

        if not isinstance(self.screen, RunsScreen):
            root = str(self.query_one(RunForm).raw_values().get("out") or self.initial_config.out)
            self.push_screen(RunsScreen(os.path.expanduser(root)))

    def action_help(self) -> None:
        """Show the keys (? or F1)."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette lists the app's own actions too."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Run", "Start a run with the form's settings (ctrl+r)", self.action_run)
        yield SystemCommand("Stop run", "Stop the active run after the current batch (ctrl+x)", self.action_stop)
        yield SystemCommand("Runs", "List, compare, open and resume the runs in the output folder (ctrl+o)",
                            self.action_runs)
        yield SystemCommand("Help", "Show the keys (F1)", self.action_help)

    # ---- the training worker -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="training", exit_on_error=False)
    def train(self, configs: list[RunConfig], resume=None):
        """Run the configs (one, a sweep, or one resumed run) one after another in this thread; events come back
        as Messages."""
        self.training_thread = threading.current_thread()  # joined after a hang-up, so the run can finish
        self.backend_ready.wait()  # one import of TensorFlow at a time (it redirects stderr while loading)
        return run_session(configs, self.post_event, self.stop_event, resume=resume)

    def post_event(self, event: Event) -> None:
        """The session's sink: wrap the event in its Message and post it to the run view (thread-safe).

        Not once the terminal is gone, nor once the app is quitting: the screen would only draw what it is about
        to close (the report, the calibration charts: most of a second), and events.jsonl keeps every event."""
        if not self.detached and not self.quit_requested:
            self.run_view.post_message(message_for(event))

    @on(Worker.StateChanged)
    def worker_changed(self, event: Worker.StateChanged) -> None:
        """When the training worker ends, unlock the form; an exception in it becomes an error dialog."""
        if event.worker.group != "training" or not event.worker.is_finished:
            return
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.run_view.fail(f"{type(error).__name__}: {error}")
            self.push_screen(ErrorScreen(f"{type(error).__name__}: {error}", ""))
            self.query_one(StatusBar).state = "failed"
        self.set_running(False)
        if self.quit_requested:
            self.exit(0)

    def set_running(self, running: bool) -> None:
        """Lock the form and offer Stop while a run is active; unlock it and give the focus back after."""
        self.run_active = running
        form = self.query_one(RunForm)
        form.disabled = running
        form.border_title = "settings (locked during the run)" if running else "settings"
        if running:
            self.query_one(StatusBar).state = "running"
        elif self.focus_before_run is not None and self.focus_before_run.focusable:
            self.focus_before_run.focus()  # back where the user was before the form locked
        self.refresh_bindings()

    # ---- what the app keeps of a run's messages, once the run view has shown them ---------------------

    def on_run_began(self, message: RunBegan) -> None:
        """Backend and devices in the status line."""
        status = self.query_one(StatusBar)
        status.backend, status.devices = message.event.backend, ", ".join(message.event.devices)

    def on_sweep_step_began(self, message: SweepStepBegan) -> None:
        """The next run of a sweep is running (here, or in the process this app follows)."""
        self.query_one(StatusBar).state = "watching" if self.watcher.active else "running"

    def on_run_completed(self, message: RunCompleted) -> None:
        """The run finished or was stopped and is saved: status line and a notification."""
        event = message.event
        self.last_outcome = event
        self.query_one(StatusBar).state = event.status
        if message.replayed:  # a past run opened from the runs screen: it ended long ago, nothing to announce
            return
        path = describe.path_for_toast(event.run_dir, self.size.width)
        self.notify(f"test accuracy {event.accuracy:.4f}; saved in\n{path}", title=f"run {event.status}",
                    markup=False)  # a folder name may hold "["

    def on_run_errored(self, message: RunErrored) -> None:
        """The run failed: a dialog says why; the app stays usable."""
        self.last_outcome = message.event
        self.query_one(StatusBar).state = "failed"
        if not message.replayed:  # a past failed run opened again shows its error in the log, not a dialog
            self.push_screen(ErrorScreen(message.event.message, message.event.run_dir))

    def set_status(self, state: str) -> None:
        """Say what the app is doing in the status line (idle, running, watching, ...)."""
        self.query_one(StatusBar).state = state

    def on_open_run_requested(self, message: OpenRunRequested) -> None:
        """enter on the runs screen: show that run in the main view, following it while it trains."""
        self.watcher.open(message.path)

    def on_resume_requested(self, message: ResumeRequested) -> None:
        """A screen asks to continue a stopped run: back to the main screen and resume it, or say why not."""
        self.watcher.resume(message.path)

def run_app(configs: list[RunConfig], resume=None, watch: str | None = None) -> int:
    """Open the app with the form pre-filled from ``configs`` (a sweep as lists), resuming ``resume``, or
    following the run ``watch``. After a hang-up the run (and the rest of its sweep) trains on to its end."""
    app = LstuiApp(configs[0] if configs else None, lists=lists_of(configs), resume=resume, watch=watch)
    with terminal_kept_for_textual():
        code = app.run()
    if app.training_thread is not None:
        app.training_thread.join()  # the UI is gone (quit or hang-up); the run saves itself first
    return code or 0
