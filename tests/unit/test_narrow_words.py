"""Issue 12: paths broken after a '/' for narrow panes, and the app's way to continue a stopped run."""

from __future__ import annotations

from lstui.describe import describe_run_finished, wrap_at_slashes
from lstui.training.events import RunFinished

PATH = "plot: runs/20260101-000000_digits_labels_f0.1/plot.png"


def test_a_path_breaks_after_a_slash_never_inside_a_name():
    lines = wrap_at_slashes(PATH, 46)
    assert lines == ["plot: runs/20260101-000000_digits_labels_f0.1/", "plot.png"]
    assert "".join(lines) == PATH


def test_a_line_that_fits_is_left_alone():
    assert wrap_at_slashes(PATH, len(PATH)) == [PATH]


def test_a_name_longer_than_the_width_is_shortened_in_the_middle():
    lines = wrap_at_slashes("runs/" + "x" * 30 + "_end/model.keras", 20)
    assert all(len(line) <= 20 for line in lines)
    assert any("…" in line and line.endswith("_end/") for line in lines)


def test_a_stopped_run_says_how_to_continue_in_the_app_and_on_the_command_line():
    event = RunFinished("stopped", 0.5, "runs/a", "runs/a/plot.png", {"status": "stopped"}, "", 2)
    assert describe_run_finished(event)[-1] == "to continue: lstui --no-ui --resume runs/a"
    assert describe_run_finished(event, in_app=True)[-1] == \
        "to continue: ctrl+o, then r on this run (or lstui --resume runs/a)"


def test_a_log_keeps_every_character_of_a_name_longer_than_the_width():
    line = "saved in runs/" + "x" * 30 + "_end/model.keras"
    lines = wrap_at_slashes(line, 20, shorten=False)
    assert all(len(piece) <= 20 for piece in lines)
    assert "".join(lines) == line  # nothing lost: the breaks fell after a "/" or inside the long name
    assert "model.keras" in lines[-1]
