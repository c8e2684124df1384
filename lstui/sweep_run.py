"""Sweeps in the app: run each config in turn in the one training worker, then write the sweep summary.

The worker calls :func:`run_configs`; it posts :class:`SweepStepBegan` before each run of a sweep
and :class:`SweepEnded` once ``sweep.csv`` and ``sweep.png`` are written, exactly as the headless
mode writes them (``lstui.sweep.save_sweep``). Keras is imported only when a run starts.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from textual.message import Message

from lstui.config import RunConfig
from lstui.training.events import Sink


class SweepStepBegan(Message):
    """Run ``index`` of ``total`` in a sweep is about to start with ``config``."""

    def __init__(self, index: int, total: int, config: RunConfig) -> None:
        super().__init__()
        self.index = index
        self.total = total
        self.config = config


class SweepEnded(Message):
    """A sweep is over (every run done, or stopped / failed part way); its summary rows and files.

    ``error`` says why the summary could not be written (then ``csv_path`` and ``png_path`` are empty).
    """

    def __init__(self, rows: list[dict[str, Any]], total: int, csv_path: str = "", png_path: str = "",
                 error: str = "") -> None:
        super().__init__()
        self.rows = rows
        self.total = total
        self.csv_path = csv_path
        self.png_path = png_path
        self.error = error


def run_configs(configs: list[RunConfig], sink: Sink, stop: threading.Event,
                post: Callable[[Message], Any], resume=None) -> list:
    """Run ``configs`` one after another (stopping at a failure or when ``stop`` is set); the RunResults.

    With more than one config this is a sweep: ``post`` gets a SweepStepBegan before each run and a
    SweepEnded after the last, once the summary of the runs that have a folder is saved in the output root.
    ``resume`` (a checkpoint.ResumePoint) continues a single stopped run instead of starting a new one.
    """
    from lstui.training.runner import run

    results = []
    for index, config in enumerate(configs, start=1):
        if len(configs) > 1:
            post(SweepStepBegan(index, len(configs), config))
        result = run(config, sink, stop, resume=resume)
        results.append(result)
        if result.status == "failed" or stop.is_set():
            break
    if len(configs) > 1:
        post(summarise(results, configs))
    return results


def summarise(results: list, configs: list[RunConfig]) -> SweepEnded:
    """Write sweep.csv and sweep.png for the runs that made a folder; the message saying what was written."""
    from lstui.sweep import save_sweep

    run_dirs = [r.run_dir for r in results if r.run_dir]
    if not run_dirs:
        return SweepEnded([], len(configs), error="no run of the sweep made a folder")
    try:
        rows, csv_path, png_path = save_sweep(run_dirs, configs[0].out)
    except OSError as exc:
        return SweepEnded([], len(configs), error=f"cannot write the sweep summary into {configs[0].out!r}: {exc}")
    return SweepEnded(rows, len(configs), csv_path, png_path)
