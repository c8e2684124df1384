"""The ``--no-ui`` front end: an event sink that prints plain lines (or JSON lines) and exit codes."""

from __future__ import annotations

import json
import signal
import sys
import threading
from typing import IO, Sequence

import numpy as np

from lstui.config import RunConfig
from lstui.training.events import (BatchProgress, EpochEnded, Event, LogLine, RunFailed, RunFinished, RunStarted,
                                   SmoothingExample)

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143
# Signals that stop a headless run cleanly; SIGHUP (the SSH session dropped) counts as SIGTERM.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def exit_code_for(signum: int) -> int:
    """130 after SIGINT (Ctrl+C), 143 after SIGTERM or SIGHUP, as shells report 128 + signal."""
    return EXIT_INTERRUPTED if signum == signal.SIGINT else EXIT_TERMINATED


def format_vector(values: Sequence[float]) -> str:
    """A label vector as numpy prints it, e.g. ``[0.02 0.02 0.82 ...]``."""
    return np.array2string(np.asarray(values, dtype=np.float64), precision=4, suppress_small=True,
                           max_line_width=200)


def format_epoch(event: EpochEnded) -> str:
    """One line per epoch: loss, accuracy, validation, lr, time and throughput."""
    extra = "".join(f"  {k} {v:.4f}" for k, v in event.extra.items())
    width = len(str(event.epochs))
    return (f"epoch {event.epoch:>{width}}/{event.epochs}  loss {event.loss:.4f}  acc {event.accuracy:.4f}  "
            f"val_loss {event.val_loss:.4f}  val_acc {event.val_accuracy:.4f}{extra}  lr {event.lr:.3g}  "
            f"{event.seconds:.1f}s  {event.images_per_s:.0f} img/s")


def describe_smoothing(event: SmoothingExample) -> str:
    """The smoothing example as two labelled vectors (shared by the headless output and the app's log)."""
    what = "smoothing labels" if event.method == "labels" else "smoothing in the loss (what it sees)"
    return (f"{what}, f={event.smoothing:g}:\n  before {format_vector(event.before)}\n"
            f"  after  {format_vector(event.after)}")


def describe_run_started(event: RunStarted) -> list[str]:
    """What is about to train, and where (shared by the headless output and the app's log)."""
    c = event.config
    return [f"{c['model']} ({event.parameters:,} parameters) on {c['dataset']}, method {c['method']}, "
            f"f={c['smoothing']:g}, {c['epochs']} epochs, lr {c['lr']:g}, momentum {c['momentum']:g}, "
            f"batch {c['batch_size']}, seed {c['seed']}",
            f"backend {event.backend}; devices: {', '.join(event.devices)}"]


def format_calibration(c: dict) -> str:
    """One line: ECE, MCE, NLL, Brier, mean confidence and the temperature-scaling reference."""
    line = (f"calibration: ECE {100 * c['ece']:.2f} %  MCE {100 * c['mce']:.2f} %  NLL {c['nll']:.4f}  "
            f"Brier {c['brier']:.4f}  confidence {c['confidence']:.4f}")
    if c.get("temperature") is not None:
        limit = " (a search limit)" if c.get("temperature_at_limit") else ""
        line += f"  | T {c['temperature']:.3f}{limit} -> ECE {100 * c['ece_after_temperature']:.2f} %"
    return line


def describe_run_finished(event: RunFinished) -> list[str]:
    """How a run ended and where its files are (shared by the headless output and the app)."""
    lines = [f"test accuracy {event.accuracy:.4f}  ({event.status} after {event.epochs_done} epochs)"]
    if "calibration" in event.report:
        lines.append(format_calibration(event.report["calibration"]))
    lines += [f"plot: {event.plot_path}", f"run directory: {event.run_dir}"]
    if event.status == "stopped" and event.epochs_done > 0:
        lines.append(f"to continue: lstui --no-ui --resume {event.run_dir}")
    return lines


class HeadlessPrinter:
    """Turns events into terminal output; remembers how the run ended."""

    def __init__(self, out: IO[str] | None = None, err: IO[str] | None = None, json_lines: bool = False):
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.json_lines = json_lines
        self.live = hasattr(self.out, "isatty") and self.out.isatty()
        self.last: Event | None = None
        self.run_dir = ""  # of the run in progress, so a forced quit can still mark its report
        self._progress_shown = False

    def __call__(self, event: Event) -> None:
        if not isinstance(event, BatchProgress):
            self.last = event
        if isinstance(event, RunStarted):
            self.run_dir = event.run_dir
        if self.json_lines:
            self._print(json.dumps(event.to_dict(), default=str))
            return
        handler = getattr(self, "_on_" + type(event).__name__, None)
        if handler:
            handler(event)

    def _print(self, text: str, stream: IO[str] | None = None) -> None:
        if self._progress_shown:
            self.out.write("\r\033[K")
            self._progress_shown = False
        print(text, file=stream or self.out, flush=True)

    def _on_LogLine(self, event: LogLine) -> None:
        self._print(f"[{event.level.upper()}] {event.message}")

    def _on_SmoothingExample(self, event: SmoothingExample) -> None:
        self._print(f"[INFO] {describe_smoothing(event)}")

    def _on_RunStarted(self, event: RunStarted) -> None:
        for line in describe_run_started(event):
            self._print(f"[INFO] {line}")

    def _on_BatchProgress(self, event: BatchProgress) -> None:
        if self.live:  # a carriage-return progress line only on a terminal, never in logs
            self.out.write(f"\r\033[Kepoch {event.epoch}/{event.epochs}  batch {event.batch}/{event.batches}  "
                           f"loss {event.loss:.4f}  {event.images_per_s:.0f} img/s")
            self.out.flush()
            self._progress_shown = True

    def _on_EpochEnded(self, event: EpochEnded) -> None:
        self._print(format_epoch(event))

    def _on_RunFinished(self, event: RunFinished) -> None:
        from rich.console import Console

        from lstui.report_table import report_table

        self._print("")
        Console(file=self.out, width=100, force_terminal=self.live).print(
            report_table(event.report, title=f"classification report ({event.status})"))
        for line in describe_run_finished(event):
            self._print(line)

    def print_sweep(self, run_dirs: list[str], root: str) -> None:
        """Write sweep.csv and sweep.png into the output root and print the summary table."""
        from rich.console import Console

        from lstui.sweep import save_sweep, sweep_table

        try:
            rows, csv_path, png_path = save_sweep(run_dirs, root)
        except OSError as exc:
            self._print(f"lstui: error: cannot write the sweep summary into {root!r}: {exc}", stream=self.err)
            return
        if self.json_lines:
            self._print(json.dumps({"event": "SweepFinished", "csv": csv_path, "png": png_path, "rows": rows}))
            return
        self._print("")
        Console(file=self.out, width=160, force_terminal=self.live).print(
            sweep_table(rows, title=f"sweep: {len(rows)} runs (ECE with 15 bins; T fitted on the held-out slice)"))
        self._print(f"sweep table: {csv_path}")
        self._print(f"sweep plot: {png_path}")

    def _on_RunFailed(self, event: RunFailed) -> None:
        where = f" (kept so far: {event.run_dir})" if event.run_dir else ""
        self._print(f"lstui: error: {event.message}{where}", stream=self.err)


def run_headless(configs: list[RunConfig], json_lines: bool = False, resume=None) -> int:
    """Run each config in turn in this thread; Ctrl+C, SIGTERM or SIGHUP stop after the current batch and save.

    ``resume`` (a ``checkpoint.ResumePoint``) continues that run instead of starting ``configs``.
    """
    from lstui.training.runner import run

    stop = threading.Event()
    printer = HeadlessPrinter(json_lines=json_lines)
    interrupted = {"signal": None}

    def on_signal(signum, frame):
        if interrupted["signal"] is not None:
            raise KeyboardInterrupt  # a second Ctrl+C: leave now; finished epochs are already on disk
        interrupted["signal"] = signum
        stop.set()
        print(f"\n[INFO] {signal.Signals(signum).name}: stopping after the current batch; saving what was "
              f"trained (Ctrl+C again to quit now)", file=sys.stderr, flush=True)

    previous = {signum: signal.signal(signum, on_signal) for signum in STOP_SIGNALS}
    code = EXIT_OK
    run_dirs: list[str] = []
    try:
        for config in configs if resume is None else [resume.config]:
            result = run(config, printer, stop, resume=resume)
            if result.run_dir:
                run_dirs.append(result.run_dir)
            if result.status == "failed":
                code = EXIT_BAD_INPUT if result.bad_input else EXIT_FAILED
                break
            if stop.is_set():
                break
    except KeyboardInterrupt:
        if printer.run_dir:
            from lstui.training.checkpoint import mark_quit

            mark_quit(printer.run_dir)
        print("[INFO] quit; history.csv and the checkpoint hold every completed epoch", file=sys.stderr, flush=True)
        return exit_code_for(interrupted["signal"] or signal.SIGINT)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if resume is None and len(configs) > 1 and run_dirs:
            printer.print_sweep(run_dirs, configs[0].out)
    if interrupted["signal"] is not None:
        return exit_code_for(interrupted["signal"])
    return code
