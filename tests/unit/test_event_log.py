"""events.jsonl: every event of a run, one JSON line each, readable while written and after a kill."""

from __future__ import annotations

import json
import os

from lstui.event_log import EventTail, RunRecorder, read_events
from lstui.runs.liveness import is_live, read_liveness
from lstui.training.events import (BatchProgress, EpochEnded, LogLine, RunFinished, RunStarted, event_from_dict)


def _started(run_dir: str) -> RunStarted:
    return RunStarted({"dataset": "digits"}, str(run_dir), 10, 5, ["0", "1"], [8, 8, 1], 100, "tensorflow",
                      ["CPU"], 3)


def _epoch(n: int) -> EpochEnded:
    return EpochEnded(n, 3, 1.0 / n, 0.5, 1.1 / n, 0.4, 0.05, 1.0, 100.0, {"val_nll": 0.9})


def _finished(run_dir: str) -> RunFinished:
    return RunFinished("finished", 0.9, str(run_dir), "", {"accuracy": 0.9}, "report", 3)


def test_each_event_is_written_as_the_json_line_that_json_mode_prints(tmp_path):
    passed_on = []
    recorder = RunRecorder(passed_on.append)
    events = [LogLine("loading digits"), _started(tmp_path), BatchProgress(1, 3, 2, 4, 0.7, 50.0), _epoch(1),
              _finished(tmp_path)]
    for event in events:
        recorder(event)
    assert passed_on == events  # the printer or the app still sees every event, in order
    lines = (tmp_path / "events.jsonl").read_text().splitlines()
    assert lines == [event.to_json() for event in events]  # the line said before the folder existed too
    assert read_events(str(tmp_path)) == events  # and they read back as the same events


def test_the_run_is_live_while_it_trains_and_not_after(tmp_path):
    recorder = RunRecorder(lambda event: None)
    recorder(_started(tmp_path))
    record = read_liveness(str(tmp_path))
    assert record is not None and record.pid == os.getpid() and is_live(str(tmp_path))
    recorder(_finished(tmp_path))
    assert not is_live(str(tmp_path)) and not (tmp_path / "live.json").exists()


def test_a_line_cut_by_a_kill_is_skipped_and_the_rest_reads(tmp_path):
    whole = [_started(tmp_path), _epoch(1), _epoch(2)]
    text = "".join(event.to_json() + "\n" for event in whole)
    (tmp_path / "events.jsonl").write_text(text + _epoch(3).to_json()[:25])  # killed mid-line
    assert read_events(str(tmp_path)) == whole


def test_a_follower_reads_only_what_was_added_and_waits_for_a_line_to_be_complete(tmp_path):
    log = tmp_path / "events.jsonl"
    tail = EventTail(str(tmp_path))
    assert tail.read() == []  # no log yet
    line = _epoch(1).to_json() + "\n"
    log.write_text(line[:10])
    assert tail.read() == []  # half a line: not yet
    with open(log, "a") as handle:
        handle.write(line[10:] + "not json\n" + json.dumps([1, 2]) + "\n" + '{"event": "NoSuchEvent"}\n')
    assert tail.read() == [_epoch(1)]  # garbage and unknown records are skipped
    assert tail.read() == []


def test_a_resumed_run_after_a_kill_mid_line_loses_only_the_cut_line(tmp_path):
    (tmp_path / "events.jsonl").write_text(_epoch(1).to_json() + "\n" + _epoch(2).to_json()[:30])
    recorder = RunRecorder(lambda event: None)
    recorder(_started(tmp_path))
    recorder(_epoch(2))
    recorder(_finished(tmp_path))
    assert read_events(str(tmp_path)) == [_epoch(1), _started(tmp_path), _epoch(2), _finished(tmp_path)]


def test_records_from_a_newer_lstui_with_extra_fields_still_read():
    record = {**_epoch(1).to_dict(), "gpu_temperature": 61}
    assert event_from_dict(record) == _epoch(1)
    assert event_from_dict({"event": "EpochEnded", "epoch": 1}) is None  # fields missing
