"""The ``--no-ui`` front end: a printer for the session's events (plain lines or JSON lines) and signals.

The words come from ``lstui.describe``; the loop over runs is ``lstui.session.run_session``.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import IO

from lstui import describe
from lstui.config import RunConfig
from lstui.exit_codes import EXIT_BAD_INPUT, EXIT_BROKEN_PIPE, EXIT_FAILED, EXIT_OK, exit_code_for
from lstui.hangup import CONTINUE, detach_from_terminal
from lstui.pipes import GuardedStream
from lstui.session import NO_FOLDER, run_session
from lstui.training.events import (BatchProgress, EpochEnded, Event, LogLine, RunFailed, RunFinished, RunStarted,
                                   SmoothingExample, SweepFinished, SweepStepStarted)
from lstui.training.stopping import StopRequest

# Signals that stop a headless run cleanly; SIGHUP (the SSH session dropped) only with on_hangup = stop.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
# The sweep summary is wide: a column per calibration figure, each a mean ± half-width with repeats.
SWEEP_WIDTH = 180


class HeadlessPrinter:
    """Turns events into terminal output; remembers how the run ended."""

    def __init__(self, out: IO[str] | None = None, err: IO[str] | None = None, json_lines: bool = False,
                 system: bool = False):
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.json_lines = json_lines
        self.system = system  # --system: the machine's load on each epoch line (JSON lines always carry it)
        self.live = hasattr(self.out, "isatty") and self.out.isatty()
        self.last: Event | None = None
        self.run_dir = ""  # of the run in progress, so a forced quit can still mark its report
        self._progress_shown = False

    def __call__(self, event: Event) -> None:
        if not isinstance(event, BatchProgress):
            self.last = event
        else:
            self._check_pipes()
        if isinstance(event, RunStarted):
            self.run_dir = event.run_dir
        if isinstance(event, SweepFinished) and event.error:
            if event.error != NO_FOLDER:
                self._print(f"lstui: error: {event.error}", stream=self.err)
            return  # no folder at all: each run's own failure was already said
        handler = "_print_json" if self.json_lines else "_on_" + type(event).__name__
        if hasattr(self, handler):
            getattr(self, handler)(event)

    def _check_pipes(self) -> None:
        # A reader that went away (``| head``) stops the run after this batch, not at the next print.
        for stream in (self.out, self.err):
            if isinstance(stream, GuardedStream):
                stream.check()

    def _print(self, text: str, stream: IO[str] | None = None) -> None:
        if self._progress_shown:
            self.out.write("\r\033[K")
            self._progress_shown = False
        print(text, file=stream or self.out, flush=True)

    def _print_json(self, event: Event) -> None:
        if type(event).__name__ != "SweepStepStarted":  # the run's own RunStarted says what it trains
            self._print(event.to_json())

    def _print_table(self, table, width: int) -> None:
        from rich.console import Console

        Console(file=self.out, width=width, force_terminal=self.live).print(table)

    def _on_LogLine(self, event: LogLine) -> None:
        self._print(f"[{event.level.upper()}] {event.message}")

    def _on_SmoothingExample(self, event: SmoothingExample) -> None:
        self._print(f"[INFO] {describe.describe_smoothing(event)}")

    def _on_SweepStepStarted(self, event: SweepStepStarted) -> None:
        self._print(describe.describe_sweep_step(event.index, event.total, event.config))

    def _on_RunStarted(self, event: RunStarted) -> None:
        for line in describe.describe_run_started(event):
            self._print(f"[INFO] {line}")

    def _on_BatchProgress(self, event: BatchProgress) -> None:
        if self.live:  # a carriage-return progress line only on a terminal, never in logs
            self.out.write(f"\r\033[K{describe.format_progress(event)}")
            self.out.flush()
            self._progress_shown = True

    def _on_EpochEnded(self, event: EpochEnded) -> None:
        line = describe.format_epoch(event)
        if self.system and event.system:
            line += "  | " + describe.format_load(event.system)
        self._print(line)

    def _on_RunFinished(self, event: RunFinished) -> None:
        from lstui.runs.report_table import report_table

        self._print("")
        self._print_table(report_table(event.report, title=describe.report_title(event.status)), 100)
        for line in describe.describe_run_finished(event):
            self._print(line)

    def _on_SweepFinished(self, event: SweepFinished) -> None:
        from lstui.runs.sweep import sweep_summary_table

        self._print("")
        self._print_table(sweep_summary_table(event.rows, event.summary, event.total), SWEEP_WIDTH)
        self._print(f"sweep table: {event.csv}")
        self._print(f"sweep summary: {event.summary_csv}")
        self._print(f"sweep plot: {event.png}")

    def _on_RunFailed(self, event: RunFailed) -> None:
        self._print(f"lstui: error: {describe.describe_failure(event)}", stream=self.err)


def quit_now(printer: HeadlessPrinter, signum: int) -> None:
    """End the process at once after a second Ctrl+C, with the run marked ``stopped`` and no half-written file.

    Raising KeyboardInterrupt into Keras, h5py or matplotlib in the middle of a save can crash the
    interpreter (CI saw SIGSEGV), so the handler tidies the run's folder itself and leaves with os._exit.
    """
    if printer.run_dir:
        from lstui.runs.files import LIVE
        from lstui.runs.rundir import RunDir
        from lstui.training.checkpoint import mark_quit, remove_temp_files

        mark_quit(printer.run_dir)
        remove_temp_files(RunDir(printer.run_dir))
        try:
            os.unlink(os.path.join(printer.run_dir, LIVE))  # no heartbeat will follow
        except OSError:
            pass
    print("[INFO] quit; history.csv and the checkpoint hold every completed epoch", file=printer.err, flush=True)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(exit_code_for(signum))


def run_headless(configs: list[RunConfig], json_lines: bool = False, resume=None, system: bool = False) -> int:
    """Run each config in turn in this thread; Ctrl+C or SIGTERM stop after the current batch and save.

    SIGHUP (the terminal went away) does the same with ``on_hangup = stop``; with ``continue`` the
    process lets go of the terminal and trains on. ``resume`` (a ``checkpoint.ResumePoint``)
    continues that run instead of starting ``configs``; ``system`` adds the machine's load to each
    epoch line.

    A closed stdout or stderr (``| head``) stops like Ctrl+C, silently, with exit code 141.
    """
    stop = StopRequest()  # every stop here ends the process after the save: pictures are drawn apart
    pipe_closed = threading.Event()

    def on_pipe_closed() -> None:
        pipe_closed.set()
        stop.leave()

    printer = HeadlessPrinter(GuardedStream(sys.stdout, on_pipe_closed), GuardedStream(sys.stderr, on_pipe_closed),
                              json_lines=json_lines, system=system)
    interrupted = {"signal": None}
    on_hangup = (resume.config if resume is not None else configs[0]).on_hangup

    def on_signal(signum, frame):
        if signum == getattr(signal, "SIGHUP", None):
            detach_from_terminal()  # nothing more reaches a dead terminal, so no write can fail
            if on_hangup == CONTINUE:
                return  # events.jsonl and the run's folder keep the record
        if interrupted["signal"] is not None:
            quit_now(printer, interrupted["signal"])  # a second Ctrl+C: leave now; finished epochs are on disk
        interrupted["signal"] = signum
        stop.leave()
        print(f"\n[INFO] {signal.Signals(signum).name}: stopping after the current batch; saving what was "
              f"trained (Ctrl+C again to quit now)", file=printer.err, flush=True)

    previous = {signum: signal.signal(signum, on_signal) for signum in STOP_SIGNALS}
    try:
        results = run_session(configs, printer, stop, resume=resume)
    except KeyboardInterrupt:
        if printer.run_dir:
            from lstui.training.checkpoint import mark_quit

            mark_quit(printer.run_dir)
        print("[INFO] quit; history.csv and the checkpoint hold every completed epoch", file=printer.err, flush=True)
        return exit_code_for(interrupted["signal"] or signal.SIGINT)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if interrupted["signal"] is not None:
        return exit_code_for(interrupted["signal"])
    if pipe_closed.is_set():
        return EXIT_BROKEN_PIPE
    failed = results[-1] if results and results[-1].status == "failed" else None
    if failed is None:
        return EXIT_OK
    return EXIT_BAD_INPUT if failed.bad_input else EXIT_FAILED
