"""The one loop over a session's runs: a single run, a sweep, or a resumed run; both front ends call it.

:func:`run_session` trains each config in turn through ``lstui.training.runner.run`` with the
caller's sink and stop event, stops at a failure or when asked, and for a sweep emits
``SweepStepStarted`` before each run and ``SweepFinished`` once ``sweep.csv`` and ``sweep.png``
are written into the output root. The headless printer and the app's messages both come from
these events. Keras is imported only when a run starts.
"""

from __future__ import annotations

import threading

from lstui.config import RunConfig
from lstui.training.events import Sink, SweepFinished, SweepStepStarted

NO_FOLDER = "no run of the sweep made a folder"


def run_session(configs: list[RunConfig], sink: Sink, stop: threading.Event, resume=None) -> list:
    """Run ``configs`` one after another; the ``RunResult`` of each run that started, in order.

    ``resume`` (a ``checkpoint.ResumePoint``) continues that one stopped run instead of ``configs``.
    A sweep's summary is written even when the loop is left by an exception (a second Ctrl+C), from
    the runs that ended by then.
    """
    from lstui.training.runner import run

    if resume is not None:
        configs = [resume.config]
    results: list = []
    try:
        for index, config in enumerate(configs, start=1):
            if len(configs) > 1:
                sink(SweepStepStarted(index, len(configs), config.to_dict()))
            result = run(config, sink, stop, resume=resume)
            results.append(result)
            if result.status == "failed" or stop.is_set():
                break
    finally:
        if len(configs) > 1:
            sink(summarise([r.run_dir for r in results if r.run_dir], configs[0].out, len(configs)))
    return results


def summarise(run_dirs: list[str], root: str, total: int) -> SweepFinished:
    """Write sweep.csv and sweep.png for ``run_dirs`` into ``root``; the event saying what was written."""
    from lstui.runs.sweep import save_sweep

    if not run_dirs:
        return SweepFinished("", "", [], total, error=NO_FOLDER)
    try:
        rows, csv_path, png_path = save_sweep(run_dirs, root)
    except OSError as exc:
        return SweepFinished("", "", [], total, error=f"cannot write the sweep summary into {root!r}: {exc}")
    return SweepFinished(csv_path, png_path, rows, total)
