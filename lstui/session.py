"""The one loop over a session's runs: a single run, a sweep, or a resumed run; both front ends call it.

:func:`run_session` takes the points of a sweep (from the CLI or the form), gives them their seeds
(one seed for the whole sweep, drawn here when none was given; ``repeats`` seeds s, s+1, ... for
every point, seed-major), trains each run in turn through ``lstui.training.runner.run`` with the
caller's sink and stop event, stops at a failure or when asked, and for a sweep emits
``SweepStepStarted`` before each run and ``SweepFinished`` once ``sweep.csv``, ``sweep-summary.csv``,
``sweep.png`` and ``runs.txt`` are written into the sweep's own folder, ``OUT/sweep-<time>-<n>/``,
made when the sweep starts (so two sweeps never share one). The headless printer and the app's messages
both come from these events. Keras is imported only when a run starts.
"""

from __future__ import annotations

import os
import random
import threading

from lstui.config import FIELD_BY_NAME, ConfigError, RunConfig
from lstui.event_log import RunRecorder
from lstui.sweep_values import is_sweep, seeded_runs
from lstui.training.events import Sink, SweepFinished, SweepStepStarted

NO_FOLDER = "no run of the sweep made a folder"


def sweep_seed(config: RunConfig) -> int:
    """The first seed of a sweep: ``--seed`` if given, else one drawn (alike on every host of a multi-host run).

    Drawn so that s + repeats - 1 is still a valid seed.
    """
    from lstui.training.accel import shared_seed

    try:
        seed = shared_seed(config)
    except ConfigError:  # a bad TF_CONFIG: the first run says so, as for a single run
        seed = None
    if seed is None:
        highest = int(FIELD_BY_NAME["seed"].high) - (config.repeats - 1)
        seed = random.SystemRandom().randrange(highest)
    return seed


def session_runs(points: list[RunConfig]) -> list[RunConfig]:
    """The runs ``points`` make: a single run as it is (its seed picked by the run), a sweep seeded."""
    if not is_sweep(points):
        return list(points)
    return seeded_runs(points, sweep_seed(points[0]))


def run_session(configs: list[RunConfig], sink: Sink, stop: threading.Event, resume=None) -> list:
    """Run the points ``configs`` (see :func:`session_runs`); the ``RunResult`` of each run that started, in order.

    ``resume`` (a ``checkpoint.ResumePoint``) continues that one stopped run instead of ``configs``.
    A sweep's summary is written even when the loop is left by an exception (a second Ctrl+C), from
    the runs that ended by then.
    """
    from lstui.training.runner import run

    configs = [resume.config] if resume is not None else session_runs(configs)
    sweep = len(configs) > 1
    folder = start_sweep(configs[0].out) if sweep else ""
    results: list = []
    sink = RunRecorder(listing_runs(sink, folder) if folder else sink)  # events.jsonl and a heartbeat per run
    try:
        for index, config in enumerate(configs, start=1):
            if sweep:
                sink(SweepStepStarted(index, len(configs), config.to_dict()))
            result = run(config, sink, stop, resume=resume)
            results.append(result)
            if result.status == "failed" or stop.is_set():
                break
    finally:
        sink.close()
        if sweep:
            sink(summarise([r.run_dir for r in results if r.run_dir], folder, configs[0].out, len(configs)))
    return results


def listing_runs(sink: Sink, folder: str) -> Sink:
    """``sink``, after which each run's folder is added to the sweep's ``runs.txt`` as the run starts, so a
    sweep killed part way (SIGKILL, power) still lists its runs; the summary rewrites the list at the end."""
    from lstui.runs.sweep_folder import write_runs_list
    from lstui.training.events import RunStarted

    run_dirs: list[str] = []

    def listing(event) -> None:
        sink(event)
        if isinstance(event, RunStarted) and event.run_dir and event.run_dir not in run_dirs:
            run_dirs.append(event.run_dir)
            try:
                write_runs_list(folder, run_dirs)
            except OSError:  # the summary at the end says what cannot be written
                pass

    return listing


def start_sweep(root: str) -> str:
    """The sweep's new folder under ``root``; "" when it cannot be made (the first run then says why)."""
    from lstui.runs.sweep_folder import create_sweep_dir

    try:
        return create_sweep_dir(root)
    except OSError:
        return ""


def summarise(run_dirs: list[str], folder: str, root: str, total: int) -> SweepFinished:
    """Write the sweep's files for ``run_dirs`` into its ``folder`` (made now if it is ""); the event saying so."""
    from lstui.runs.sweep import save_sweep
    from lstui.runs.sweep_folder import create_sweep_dir

    if not run_dirs:
        try:  # no run made a folder: leave nothing behind, as a refused single run does
            if folder:
                os.rmdir(folder)
        except OSError:
            pass
        return SweepFinished("", "", [], total, error=NO_FOLDER)
    try:
        saved = save_sweep(run_dirs, folder or create_sweep_dir(root))
    except OSError as exc:
        return SweepFinished("", "", [], total, error=f"cannot write the sweep summary into {root!r}: {exc}")
    return SweepFinished(saved.csv, saved.png, saved.rows, total, summary=saved.summary,
                         summary_csv=saved.summary_csv)
