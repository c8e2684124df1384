"""Two lstui processes sweeping into one output folder at once (issue 14): nothing shared, nothing clobbered."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from lstui.runs.reading import list_runs, read_run
from lstui.runs.sweep_folder import RUNS_LIST

pytestmark = pytest.mark.training


def test_two_sweeps_at_once_keep_their_own_runs_and_sweep_folders(tmp_path):
    # The same settings in both: their run folders get the same names in the same second, unless kept apart.
    argv = [sys.executable, "-m", "lstui", "--no-ui", "--dataset", "digits", "--epochs", "1", "--seed", "2",
            "-s", "0,0.1", "-o", str(tmp_path)]
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
    processes = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
                 for _ in range(2)]
    outputs = [process.communicate(timeout=600)[0] for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs

    sweeps = sorted(e.path for e in os.scandir(tmp_path) if e.name.startswith("sweep-"))
    assert len(sweeps) == 2
    listed = []
    for sweep in sweeps:
        assert sorted(os.listdir(sweep)) == [RUNS_LIST, "sweep-summary.csv", "sweep.csv", "sweep.png"]
        with open(os.path.join(sweep, RUNS_LIST)) as handle:
            listed.append(handle.read().splitlines())
    assert [len(runs) for runs in listed] == [2, 2]
    assert len(set(listed[0] + listed[1])) == 4, "the two sweeps shared a run folder"
    for sweep in sweeps:  # each process wrote, and names, a sweep folder of its own
        assert sum(os.path.basename(sweep) in output for output in outputs) == 1

    # Every run is whole, and either process's runs screen (list_runs) shows all four, each in its sweep.
    runs = list_runs(str(tmp_path))
    assert sorted(run.path for run in runs) == sorted(listed[0] + listed[1])
    assert all(read_run(run.path).status == "finished" and run.epochs_done == 1 for run in runs)
    assert sorted(run.sweep for run in runs) == sorted([os.path.basename(s) for s in sweeps] * 2)
