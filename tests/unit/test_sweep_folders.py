"""Each sweep has its own folder, OUT/sweep-<time>-<n>/, so no sweep overwrites another (issue 14)."""

from __future__ import annotations

import csv
import dataclasses
import multiprocessing
import os
import threading

from lstui.runs.reading import list_runs
from lstui.runs.sweep_folder import create_sweep_dir, sweep_label, sweep_of_runs
from lstui.session import run_session
from lstui.training.events import SweepFinished
from test_sweep_stats import cli_configs, fake_run_dir


def _fake_runner(monkeypatch, root, stop_after: int | None = None, stop: threading.Event | None = None):
    from lstui.training import runner

    made: list[str] = []

    def fake_run(config, sink, stop_event, resume=None):
        # A seed of its own gives each fake run a folder of its own, across both sweeps.
        path = fake_run_dir(str(root), dataclasses.replace(config, seed=config.seed + 1000 * len(os.listdir(root))))
        made.append(path)
        if stop_after is not None and len(made) == stop_after:
            stop.set()
        return runner.RunResult("finished", run_dir=path)

    monkeypatch.setattr(runner, "run", fake_run)
    return made


def _rows(path: str) -> list[dict]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_stopped_sweep_and_the_next_one_keep_their_own_files(tmp_path, monkeypatch):
    stop = threading.Event()
    _fake_runner(monkeypatch, tmp_path, stop_after=1, stop=stop)
    points = cli_configs("-s", "0,0.1,0.2", "--seed", "1", "-o", str(tmp_path))
    first, second = [], []
    run_session(points, first.append, stop)  # stopped after its first run: a one-row sweep
    stop.clear()
    _fake_runner(monkeypatch, tmp_path)
    run_session(points, second.append, stop)
    (a,), (b,) = ([e for e in events if isinstance(e, SweepFinished)] for events in (first, second))
    assert os.path.dirname(a.csv) != os.path.dirname(b.csv)
    assert len(_rows(a.csv)) == 1 and len(_rows(b.csv)) == 3
    for event in (a, b):
        folder = os.path.dirname(event.csv)
        assert os.path.basename(folder).startswith("sweep-") and os.path.dirname(folder) == str(tmp_path)
        assert sorted(os.listdir(folder)) == ["runs.txt", "sweep-summary.csv", "sweep.csv", "sweep.png"]
        with open(os.path.join(folder, "runs.txt")) as handle:
            assert handle.read().splitlines() == [row["run_dir"] for row in _rows(event.csv)]
    # The runs stay directly under the output root, and each knows its sweep.
    runs = list_runs(str(tmp_path))
    assert len(runs) == 4 and all(os.path.dirname(run.path) == str(tmp_path) for run in runs)
    assert sorted(run.sweep for run in runs) == sorted([os.path.basename(os.path.dirname(a.csv))]
                                                       + [os.path.basename(os.path.dirname(b.csv))] * 3)


def _make(root: str, when: float, barrier) -> None:
    barrier.wait()  # every process asks for its folder at the same moment
    create_sweep_dir(root, when)


def test_processes_starting_in_the_same_second_get_different_folders(tmp_path):
    when = 1_800_000_000.0  # one fixed second for all of them
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(4)
    processes = [context.Process(target=_make, args=(str(tmp_path), when, barrier)) for _ in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    assert [process.exitcode for process in processes] == [0] * 4
    made = sorted(os.listdir(tmp_path))
    assert len({name[:-2] for name in made}) == 1  # the same second
    assert [name[-2:] for name in made] == ["-1", "-2", "-3", "-4"]


def test_a_sweep_whose_runs_made_no_folder_leaves_nothing(tmp_path, monkeypatch):
    from lstui.training import runner

    monkeypatch.setattr(runner, "run", lambda config, sink, stop, resume=None: runner.RunResult("failed"))
    run_session(cli_configs("-s", "0,0.1", "-o", str(tmp_path)), lambda event: None, threading.Event())
    assert os.listdir(tmp_path) == []


def test_a_damaged_runs_list_is_skipped(tmp_path):
    (tmp_path / "sweep-20261129-101500-1").mkdir()
    (tmp_path / "sweep-20261129-101500-1" / "runs.txt").write_bytes(b"\xff\xfe\x00binary")
    (tmp_path / "sweep-20261129-101501-1").mkdir()
    (tmp_path / "sweep-20261129-101501-1" / "runs.txt").write_text(f"{tmp_path}/run-a\n\nrun-b\n")
    assert sweep_of_runs(str(tmp_path)) == {"run-a": "sweep-20261129-101501-1", "run-b": "sweep-20261129-101501-1"}


def test_the_label_is_the_clock_and_the_number():
    assert sweep_label("sweep-20261129-101500-2") == "10:15:00 #2"
    assert sweep_label("sweep-by-hand") == "sweep-by-hand"
    assert sweep_label("") == ""



def test_runs_txt_lists_each_run_as_it_starts_so_a_killed_sweep_still_lists_its_runs(tmp_path, monkeypatch):
    from lstui.training import runner
    from lstui.training.events import RunStarted

    seen_during_run: list[list[str]] = []

    def fake_run(config, sink, stop_event, resume=None):
        path = fake_run_dir(str(tmp_path), dataclasses.replace(config, seed=config.seed + 1000 * len(os.listdir(tmp_path))))
        sink(RunStarted(config.to_dict(), path, 10, 10, ["a", "b"], [8, 8, 1], 100, "tensorflow", ["CPU"], 1))
        # What runs.txt holds while this run trains: what a SIGKILL here would leave behind.
        (folder,) = [os.path.join(tmp_path, n) for n in os.listdir(tmp_path) if n.startswith("sweep-")]
        with open(os.path.join(folder, "runs.txt")) as handle:
            seen_during_run.append(handle.read().splitlines())
        return runner.RunResult("finished", run_dir=path)

    monkeypatch.setattr(runner, "run", fake_run)
    run_session(cli_configs("-s", "0,0.1", "--seed", "1", "-o", str(tmp_path)), lambda event: None, threading.Event())
    first, second = seen_during_run
    assert len(first) == 1 and len(second) == 2 and second[0] == first[0]
    assert all(os.path.isdir(path) for path in second)
