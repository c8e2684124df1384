"""How the app begins and ends: Keras imported in the background; ctrl+q (asking first while a run trains), SIGTERM, and a hang-up.

Quitting during a run stops and saves it before the app exits. SIGTERM (``kill``, or ctrl+x in
another lstui following this run) does the same without asking. SIGHUP means the terminal is
gone: the app lets go of it and ends its UI, and with ``on_hangup = continue`` the run, and the
rest of its sweep, train on to the end (``run_app`` joins the training thread), recording to
each run's events.jsonl; with ``stop`` it stops after the batch and saves.
Quitting does not stop a thread worker by itself (textual #3966), so quitting sets the run's
stop event first and the app exits once the stopped run is saved.
"""

from __future__ import annotations

import asyncio
import gc
import signal

from lstui.hangup import STOP, detach_from_terminal
from lstui.messages import BackendLoaded
from lstui.screens.dialogs import ConfirmScreen

QUESTION = "stop the run and quit?"
DETAIL = ("The run is saved as stopped; r on the runs screen resumes it. To leave a run training, start it "
          "with --no-ui (under nohup or tmux) and follow it with lstui watch.")


def import_backend(app, backend: str) -> None:
    """Import Keras (in a thread) and post ``BackendLoaded`` to ``app``; set ``app.backend_ready`` either way."""
    try:
        from lstui.training.backend import describe_devices, import_keras, versions

        import_keras(backend)  # Keras cannot switch backends once loaded
        # Keras and TensorFlow leave some 400,000 objects that live until exit; frozen, the garbage collector's
        # full passes stop walking them (each took 0.6-0.8 s with them: a stalled screen, e.g. ctrl+o at 1,000 runs).
        gc.freeze()
        app.post_message(BackendLoaded(versions(), describe_devices()))
    except Exception as exc:  # noqa: BLE001 - shown in the status line; a run would report it too
        app.post_message(BackendLoaded({}, [], error=f"{type(exc).__name__}: {exc}"))
    finally:
        app.backend_ready.set()


class Leaving:
    """The app's ways out, for ``app`` (an ``LstuiApp``)."""

    def __init__(self, app) -> None:
        self.app = app

    def install(self) -> None:
        """Handle SIGHUP and SIGTERM in the event loop, between its callbacks."""
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGHUP, self.hang_up)
        loop.add_signal_handler(signal.SIGTERM, self.terminate)

    def quit(self) -> None:
        """ctrl+q: idle, quit; during a run, ask first; a second ctrl+q after yes closes the screen at once."""
        app = self.app
        if not app.run_active or app.quit_requested:
            app.exit(0)
        elif not isinstance(app.screen, ConfirmScreen):
            app.push_screen(ConfirmScreen(QUESTION, DETAIL), self._confirmed)

    def _confirmed(self, yes: bool | None) -> None:
        if yes:
            self.stop_then_quit()

    def stop_then_quit(self) -> None:
        """Stop the run after its batch, save it, then exit (at once when idle)."""
        app = self.app
        if not app.run_active:
            app.exit(0)
            return
        app.quit_requested = True  # the worker's end exits the app
        app.action_stop()
        app.stop_event.leave()  # the process ends after the save: the pictures are drawn apart (stopping.py)
        app.notify("the run stops after this batch and is saved, then lstui quits", title="quitting")

    def terminate(self) -> None:
        """SIGTERM: stop and save the run, then quit, without asking."""
        self.stop_then_quit()

    def hang_up(self) -> None:
        """SIGHUP: let go of the dead terminal and end the UI; the run trains on, or stops by ``on_hangup``."""
        app = self.app
        detach_from_terminal()
        app.detached = True  # from now on events go only to the run's events.jsonl
        if app.run_active and app.on_hangup == STOP:
            app.stop_event.leave()
        app.exit(0)
