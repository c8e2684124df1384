"""Fuzzing run directories (issue 14): the readers behind --resume, the runs screen and ``lstui compare``.

One file of a valid run directory (report.json, history.csv, config.toml or checkpoint.json) is
truncated, emptied, turned binary or given values of the wrong type. Property: each reader gives a
result or its one-line error, never another exception; the runs screen lists the folder (as
unreadable if need be) and can show it; nothing is written.
"""

from __future__ import annotations

import contextlib
import io
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from lstui.cli import compare_main
from lstui.config import ConfigError, RunConfig
from lstui.runs.compare import compare_table, overlay_series
from lstui.runs.reading import RunDirError, list_runs, read_run
from lstui.runs.sweep import sweep_row
from lstui.screens.run_detail import RunDetailScreen
from lstui.screens.runs import COLUMNS, resume_hint, sort_key
from lstui.training.checkpoint import load_resume_point
from test_fuzz_archive_and_config import toml_value, values

# A fixed budget keeps each test under 20 s in `make test`; LSTUI_FUZZ_EXAMPLES=500 searches harder.
FUZZ = settings(max_examples=int(os.environ.get("LSTUI_FUZZ_EXAMPLES", 60)), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
FILES = ["report.json", "history.csv", "config.toml", "checkpoint.json"]
REPORT = {"status": "stopped", "accuracy": 0.9, "epochs_done": 2, "epochs": 3, "reason": "stopped by request",
          "classes": ["0", "1"], "per_class": {"0": {"precision": 0.9, "recall": 0.8, "f1-score": 0.85, "support": 5},
                                               "1": {"precision": 0.8, "recall": 0.9, "f1-score": 0.85, "support": 5}},
          "macro avg": {"precision": 0.85, "recall": 0.85, "f1-score": 0.85, "support": 10}, "test_size": 10,
          "calibration": {"ece": 0.02, "mce": None, "nll": 0.3, "brier": 0.1, "temperature": 1.2}}
HISTORY = "epoch,loss,accuracy,val_loss,val_accuracy,lr,seconds\n1,1.0,0.5,1.1,0.5,0.1,2\n2,0.5,0.8,0.6,0.8,0.05,2\n"
STATE = {"epoch": 2, "epochs": 3, "seed": 1, "weights": "checkpoint-e2.weights.h5", "next_lr": 0.01}


def write_run(folder) -> str:
    """A stopped run with a checkpoint, as the runner leaves it."""
    os.makedirs(folder)
    files = {"config.toml": RunConfig(dataset="digits", epochs=3, seed=1).to_toml(), "history.csv": HISTORY,
             "report.json": json.dumps(REPORT), "checkpoint.json": json.dumps(STATE), "checkpoint-e2.weights.h5": ""}
    for name, text in files.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
            handle.write(text)
    return str(folder)


def wrong_types(name: str, original: str, data) -> bytes:
    """The file with its values replaced by random ones of any type."""
    if name.endswith(".json"):
        keys = list(json.loads(original))
        mapping = data.draw(st.dictionaries(st.sampled_from(keys), values, min_size=1))
        whole = data.draw(st.one_of(st.just({**json.loads(original), **mapping}), values))
        return json.dumps(whole, default=str).encode()
    if name.endswith(".toml"):
        mapping = data.draw(st.dictionaries(st.sampled_from(["dataset", "epochs", "seed", "smoothing", "method",
                                                            "lr", "batch_size", "split_seed"]), values, min_size=1))
        return (original + "".join(f"{k} = {toml_value(v)}\n" for k, v in mapping.items())).encode()
    cells = data.draw(st.lists(st.one_of(st.text(max_size=6), st.sampled_from(["nan", "inf", "1e999", "-", ""])),
                               min_size=1, max_size=8))
    return (original + ",".join(cells).replace("\x00", "") + "\n").encode("utf-8", "surrogatepass")


def damage(path: str, data) -> None:
    name = data.draw(st.sampled_from(FILES))
    with open(os.path.join(path, name), "rb") as handle:
        original = handle.read()
    how = data.draw(st.sampled_from(["truncated", "emptied", "binary", "wrong types"]))
    if how == "truncated":
        damaged = original[: data.draw(st.integers(0, len(original) - 1))]
    elif how == "emptied":
        damaged = b""
    elif how == "binary":
        damaged = data.draw(st.binary(min_size=1, max_size=300))
    else:
        damaged = wrong_types(name, original.decode(), data)
    with open(os.path.join(path, name), "wb") as handle:
        handle.write(damaged)


def _tree(folder) -> dict[str, float]:
    return {os.path.join(root, n): os.path.getmtime(os.path.join(root, n))
            for root, dirs, names in os.walk(folder) for n in dirs + names}


def _one_line(exc: Exception) -> None:
    assert str(exc).strip() and "\n" not in str(exc), repr(str(exc))


@FUZZ
@given(data=st.data())
def test_a_damaged_run_directory_reads_or_says_why_in_one_line(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("runs")
    path = write_run(root / "20261129-101500_digits_labels_f0.1")
    damage(path, data)
    before = _tree(root)

    try:
        run = read_run(path)
    except RunDirError as exc:
        _one_line(exc)
        run = None
    if run is not None:  # everything that shows a readable run: sweep row, compare table, overlays, details
        sweep_row(run)
        Console(file=io.StringIO(), width=200).print(compare_table([run, run]))
        overlay_series([run], "val_accuracy")
        Console(file=io.StringIO(), width=120).print(RunDetailScreen(run).body())

    # The runs screen lists the folder whatever it holds, and can fill every cell and sort by every column.
    (listed,) = list_runs(str(root))
    assert listed.status == "unreadable" if run is None else listed.status == run.status
    for column in COLUMNS:
        column.cell(listed)
        sort_key(column)(listed)
    Console(file=io.StringIO(), width=120).print(RunDetailScreen(listed).body())
    assert resume_hint(listed).strip()

    try:
        load_resume_point(path)
    except ConfigError as exc:
        _one_line(exc)

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = compare_main([path])
    assert code in (0, 2) and len(err.getvalue().splitlines()) == (code == 2)
    assert _tree(root) == before, "reading a run directory changed files"
