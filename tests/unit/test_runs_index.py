"""The runs table's index (lstui.runs.index): same rows as reading every run, and never a stale number."""

from __future__ import annotations

import os

import pytest

from lstui.runs import files, index
from lstui.runs.index import RunIndex, RunRow
from lstui.runs.reading import read_run
from lstui.runs.rundir import RunDir
from runs_helpers import set_accuracy, write_run


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """Each test gets an empty cache folder and forgets what an earlier test kept in memory."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(index, "_MEMORY", {})


def accuracy_of(root, name: str) -> float | None:
    """The accuracy the index gives the run called ``name``."""
    return {row.name: row.accuracy for row in RunIndex(str(root)).rows()}[name]


def test_rows_are_what_reading_each_run_gives(tmp_path):
    write_run(tmp_path, "20261129-100000_a", 0.81)
    write_run(tmp_path, "20261129-110000_b", 0.92, epochs_done=1, status="stopped")
    (tmp_path / "not-a-run").mkdir()
    rows = RunIndex(str(tmp_path)).rows()
    assert [row.name for row in rows] == ["20261129-110000_b", "20261129-100000_a"]  # newest first
    assert rows == [RunRow.of(read_run(row.path)) for row in rows]
    assert (rows[0].status, rows[0].epochs_done, rows[0].epochs, rows[1].ece) == ("stopped", 1, 3, 0.05)


def test_a_changed_report_shows_its_new_number_in_the_same_process_and_the_next(tmp_path):
    path = write_run(tmp_path, "20261129-100000_a", 0.8125)
    assert accuracy_of(tmp_path, "20261129-100000_a") == 0.8125
    assert os.path.exists(index.cache_path(str(tmp_path)))  # the next process starts from this cache
    size = os.path.getsize(os.path.join(path, files.REPORT))
    set_accuracy(path, 0.9375, keep_mtime=True)  # same size, same mtime, same inode: only ctime tells
    assert os.path.getsize(os.path.join(path, files.REPORT)) == size
    assert accuracy_of(tmp_path, "20261129-100000_a") == 0.9375
    index._MEMORY.clear()  # as a new lstui process would start, with the cache file only
    set_accuracy(path, 0.5625)
    assert accuracy_of(tmp_path, "20261129-100000_a") == 0.5625


def test_a_run_that_trains_on_shows_its_new_epochs(tmp_path):
    path = write_run(tmp_path, "20261129-100000_a", None, epochs_done=1, status="running")
    assert RunIndex(str(tmp_path)).rows()[0].epochs_done == 1
    RunDir(path).write_history([{"epoch": e, "loss": 1.0} for e in (1, 2)])
    assert RunIndex(str(tmp_path)).rows()[0].epochs_done == 2


def test_deleted_and_new_runs_and_an_unreadable_cache(tmp_path):
    write_run(tmp_path, "20261129-100000_a", 0.8)
    gone = write_run(tmp_path, "20261129-110000_b", 0.9)
    RunIndex(str(tmp_path)).rows()
    for name in os.listdir(gone):
        os.unlink(os.path.join(gone, name))
    os.rmdir(gone)
    write_run(tmp_path, "20261129-120000_c", 0.7)
    index._MEMORY.clear()
    with open(index.cache_path(str(tmp_path)), "w") as handle:
        handle.write("{not json")
    assert [row.name for row in RunIndex(str(tmp_path)).rows()] == ["20261129-120000_c", "20261129-100000_a"]


def test_a_broken_run_is_listed_as_unreadable(tmp_path):
    path = write_run(tmp_path, "20261129-100000_a", 0.8)
    with open(os.path.join(path, files.REPORT), "w") as handle:
        handle.write("{")
    row = RunIndex(str(tmp_path)).rows()[0]
    assert row.status == "unreadable" and "not valid JSON" in row.problem
    assert RunIndex(str(tmp_path)).info(path).problem == row.problem
