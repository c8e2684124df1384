"""A run stopped on the way out: the detached drawing never overwrites a newer report, and no line names a
picture as drawn before it is (the runs themselves: tests/training/test_signals.py, tests/app/test_app_runs.py)."""

from __future__ import annotations

import json
import os

from lstui.describe import describe_run_finished
from lstui.training.after_quit import main as finish_stopped_run
from lstui.training.events import RunFinished


def _event(drawing: bool) -> RunFinished:
    return RunFinished("stopped", 0.5, "runs/r", "runs/r/plot.png", {}, "", 2, drawing)


def test_the_plot_line_says_when_the_picture_is_still_being_drawn():
    assert "plot: runs/r/plot.png (being drawn in the background" in "\n".join(describe_run_finished(_event(True)))
    assert "plot: runs/r/plot.png" in describe_run_finished(_event(False))  # drawn already: the path alone


def test_a_run_resumed_before_the_drawing_starts_keeps_its_report(tmp_path):
    running = {"status": "running", "classes": ["a", "b", "c"]}
    (tmp_path / "report.json").write_text(json.dumps(running))
    job = json.dumps({"title": "t", "method": "labels", "smoothing": 0.1, "plot_copy": ""})
    assert finish_stopped_run([str(tmp_path), job]) == 1
    assert json.loads((tmp_path / "report.json").read_text()) == running
    assert sorted(os.listdir(tmp_path)) == ["report.json"]  # nothing drawn for a report that is not the stopped one
