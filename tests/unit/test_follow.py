"""Following a run from its files: a sweep's next run, a past run without a log, catching up."""

from __future__ import annotations

import csv
import json

from lstui.follow import RunFollower, events_from_files, newest_live_run, thin_progress
from lstui.runs.liveness import Heartbeat
from lstui.training.events import BatchProgress, EpochEnded, RunFinished, RunStarted, SweepStepStarted


def _log(run_dir, *events) -> None:
    run_dir.mkdir(exist_ok=True)
    with open(run_dir / "events.jsonl", "a") as handle:
        handle.writelines(event.to_json() + "\n" for event in events)


def _started(run_dir) -> RunStarted:
    return RunStarted({}, str(run_dir), 10, 5, ["0", "1"], [8, 8, 1], 100, "tensorflow", ["CPU"], 3)


def _finished(run_dir, status: str = "finished") -> RunFinished:
    return RunFinished(status, 0.9, str(run_dir), "", {"accuracy": 0.9}, "report", 3)


def test_a_sweeps_run_is_followed_on_to_the_next_run_of_the_same_process(tmp_path):
    first, second = tmp_path / "20261129-100000_digits_labels_f0", tmp_path / "20261129-100100_digits_labels_f0.1"
    _log(first, SweepStepStarted(1, 2, {}), _started(first))
    beat = Heartbeat(str(first))
    follower = RunFollower(str(first))
    assert [type(e) for e in follower.poll()] == [SweepStepStarted, RunStarted] and not follower.ended
    beat.stop()
    _log(first, _finished(first))
    follower.poll()
    assert follower.ended and follower.waiting_for_next  # this process lives on to start run 2 of 2
    assert follower.next_run() is None  # not started yet
    _log(second, SweepStepStarted(2, 2, {}), _started(second))
    beat = Heartbeat(str(second))
    try:
        assert follower.next_run() == str(second)
        last = RunFollower(str(second))
        last.poll()
        _log(second, _finished(second))
        last.poll()
        assert last.ended and not last.waiting_for_next  # 2 of 2: nothing more to wait for
    finally:
        beat.stop()
    assert newest_live_run(str(tmp_path)) is None  # both ended


def test_a_stopped_sweep_run_has_no_next(tmp_path):
    _log(tmp_path, SweepStepStarted(1, 3, {}), _started(tmp_path))
    beat = Heartbeat(str(tmp_path))
    follower = RunFollower(str(tmp_path))
    beat.stop()
    _log(tmp_path, _finished(tmp_path, "stopped"))
    follower.poll()
    assert follower.ended and not follower.waiting_for_next


def test_a_run_from_before_event_logs_is_told_from_its_files_once(tmp_path):
    (tmp_path / "config.toml").write_text('epochs = 3\nmethod = "labels"\n')
    (tmp_path / "report.json").write_text(json.dumps({"status": "stopped", "accuracy": 0.8, "epochs_done": 2}))
    (tmp_path / "report.txt").write_text("the classification report")
    with open(tmp_path / "history.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "lr", "seconds", "val_nll"])
        writer.writerows([[1, 1.0, 0.5, 1.1, 0.4, 0.05, 2.0, 1.1], [2, 0.8, 0.6, 0.9, 0.5, 0.025, 2.0, 0.9]])
    follower = RunFollower(str(tmp_path))
    events = follower.poll()
    assert [type(e) for e in events] == [EpochEnded, EpochEnded, RunFinished] and follower.ended
    assert events[1].val_loss == 0.9 and events[1].extra == {"val_nll": 0.9} and events[1].epochs == 3
    assert events[2].status == "stopped" and events[2].report_text == "the classification report"
    assert follower.poll() == []
    assert events_from_files(str(tmp_path / "nowhere")) == []


def test_catching_up_keeps_only_the_newest_batch_progress():
    progress = [BatchProgress(1, 3, b, 10, 1.0, 5.0) for b in range(1, 4)]
    epoch = EpochEnded(1, 3, 1.0, 0.5, 1.0, 0.5, 0.05, 1.0, 10.0)
    assert thin_progress([progress[0], epoch, progress[1], progress[2]]) == [epoch, progress[2]]
