"""The catalogue of bad inputs: each one a command a user might type, in a folder set up for it.

``tests/test_bad_inputs.py`` runs every case and checks exit code 2, the message and that nothing
was created; ``python tests/bad_inputs.py`` runs the catalogue and writes it as the table of
``docs/bad-inputs.md``, between the two marker lines there (``--print`` prints it instead).
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import shutil
import sys
from dataclasses import dataclass
from typing import Callable

import numpy as np

from archive_helpers import cifar_batch, write_cifar10_archive, write_tar_gz


def _batch(n: int) -> bytes:
    return cifar_batch(n, np.random.default_rng(n))


def _cifar_members(members: dict[str, bytes]) -> None:
    """A cifar-10-python.tar.gz in the real layout holding only ``members`` (batch name -> bytes)."""
    write_tar_gz("cifar-10-python.tar.gz", {f"cifar-10-batches-py/{k}": v for k, v in members.items()})


class RunsCommand:
    """Pickles to a call of ``os.system(command)``: what a booby-trapped CIFAR batch holds."""

    def __init__(self, command: str):
        self.command = command

    def __reduce__(self):
        return (os.system, (self.command,))


def crafted_batch(command: str) -> bytes:
    """A CIFAR batch whose unpickling would run ``command`` (the archive of issue 14)."""
    return pickle.dumps({b"data": RunsCommand(command), b"labels": [0]})


def _write(path: str, data: bytes | str) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data.encode() if isinstance(data, str) else data)


def _png(path: str, value: int = 128) -> None:
    from PIL import Image

    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.new("RGB", (12, 12), (value, value, value)).save(path)


def _truncated_cifar() -> None:
    os.mkdir("full")
    with open(write_cifar10_archive("full", per_batch=200), "rb") as handle:
        data = handle.read()
    shutil.rmtree("full")
    _write("cifar-10-python.tar.gz", data[: len(data) // 2])


def _one_class() -> None:
    _png("pics/cats/a.png")
    _png("pics/cats/b.png")


def _unreadable_class() -> None:
    for i in range(3):
        _png(f"pics/cats/{i}.png", 40 * i)
    _write("pics/dogs/broken.png", "not an image")


def _run_dir(status: str, checkpoint: bool = False) -> None:
    _write("old-run/config.toml", 'dataset = "digits"\nepochs = 3\nseed = 1\n')
    _write("old-run/report.json", f'{{"status": "{status}"}}\n')
    if checkpoint:
        _write("old-run/checkpoint.json", '{"epoch": 1, "weights": "missing.weights.h5"}\n')


@dataclass(frozen=True)
class Case:
    """One bad input: what it is, how the folder is prepared, the command's arguments."""

    what: str
    argv: tuple[str, ...]
    setup: Callable[[], None] | None = None


CASES: tuple[Case, ...] = (
    Case("epochs zero", ("--epochs", "0")),
    Case("epochs not a number", ("--epochs", "ten")),
    Case("smoothing out of range", ("-s", "1.5")),
    Case("negative learning rate", ("--lr", "-0.1")),
    Case("learning rate NaN", ("--lr", "nan")),
    Case("unknown method", ("--method", "both")),
    Case("bad item in a method sweep", ("--method", "labels,lose")),
    Case("unknown dataset", ("--dataset", "imagenet")),
    Case("batch size zero", ("-b", "0")),
    Case("negative seed", ("--seed", "-1")),
    Case("repeats zero", ("--repeats", "0")),
    Case("negative repeats", ("--repeats", "-1")),
    Case("repeats not a number", ("--repeats", "x")),
    Case("repeats past the largest seed", ("--seed", "2147483647", "--repeats", "2")),
    Case("image size too small", ("--image-size", "4")),
    Case("unknown flip choice", ("--flip", "maybe")),
    Case("unknown flag", ("--learnrate", "0.1")),
    Case("unknown preset", ("--preset", "cifar")),
    Case("config file missing", ("--config", "nope.toml")),
    Case("config path is a folder", ("--config", "conf"), lambda: os.mkdir("conf")),
    Case("config file not TOML", ("--config", "run.toml"), lambda: _write("run.toml", "epochs: 3\n")),
    Case("config file binary", ("--config", "run.toml"), lambda: _write("run.toml", b"\xff\xfe\x00garbage")),
    Case("config unknown key", ("--config", "run.toml"), lambda: _write("run.toml", "learning_rate = 0.1\n")),
    Case("config wrong type", ("--config", "run.toml"), lambda: _write("run.toml", 'epochs = "many"\n')),
    Case("config table", ("--config", "run.toml"), lambda: _write("run.toml", "[training]\nepochs = 3\n")),
    Case("config unknown preset", ("--config", "run.toml"), lambda: _write("run.toml", 'preset = "nope"\n')),
    Case("data path missing", ("--dataset", "cifar10", "--data-dir", "nowhere.tar.gz")),
    Case("data path for the bundled digits", ("--data-dir", "pics"), _one_class),
    Case("folder dataset without a path", ("--dataset", "folder")),
    Case("folder dataset given a file", ("--dataset", "folder", "--data-dir", "notes.txt"),
         lambda: _write("notes.txt", "hello")),
    Case("folder dataset, empty folder", ("--dataset", "folder", "--data-dir", "pics"), lambda: os.mkdir("pics")),
    Case("folder dataset with one class", ("--dataset", "folder", "--data-dir", "pics"), _one_class),
    Case("class folder without readable images", ("--dataset", "folder", "--data-dir", "pics"),
         _unreadable_class),
    Case("corrupt CIFAR archive", ("--dataset", "cifar10", "--data-dir", "cifar-10-python.tar.gz"),
         lambda: _write("cifar-10-python.tar.gz", os.urandom(4096))),
    Case("truncated CIFAR archive", ("--dataset", "cifar10", "--data-dir", "cifar-10-python.tar.gz"),
         _truncated_cifar),
    Case("archive without CIFAR batches", ("--dataset", "cifar10", "--data-dir", "cifar-10-python.tar.gz"),
         lambda: _cifar_members({"readme.txt": b"hi"})),
    Case("CIFAR batch that is not a dict", ("--dataset", "cifar10", "--data-dir", "cifar-10-python.tar.gz"),
         lambda: _cifar_members({f"data_batch_{i}": pickle.dumps([1, 2, 3]) for i in range(1, 6)})),
    Case("CIFAR labels out of range", ("--dataset", "cifar10", "--data-dir", "cifar-10-python.tar.gz"),
         lambda: _cifar_members({
             **{f"data_batch_{i}": _batch(4) for i in range(1, 6)},
             "test_batch": pickle.dumps({b"data": np.zeros((2, 3072), np.uint8), b"labels": [3, 42]})})),
    Case("CIFAR rows of the wrong size", ("--dataset", "cifar10", "--data-dir", "cifar-10-python.tar.gz"),
         lambda: _cifar_members({f"data_batch_{i}": pickle.dumps({b"data": np.zeros((3, 784), np.uint8),
                                                                  b"labels": [0, 1, 2]}) for i in range(1, 6)})),
    Case("CIFAR folder without the dataset", ("--dataset", "cifar10", "--data-dir", "data"),
         lambda: _write("data/notes.txt", "hello")),
    Case("MNIST .npz missing arrays", ("--dataset", "mnist", "--data-dir", "mnist.npz"),
         lambda: np.savez("mnist.npz", x_train=np.zeros((4, 28, 28), np.uint8))),
    Case("output root is a file", ("-o", "notes.txt"), lambda: _write("notes.txt", "hello")),
    Case("output root below a file", ("-o", "notes.txt/runs"), lambda: _write("notes.txt", "hello")),
    Case("output root not writable (even for root)", ("-o", "/proc/lstui-runs")),
    Case("plot path is a folder", ("-p", "plots"), lambda: os.mkdir("plots")),
    Case("plot location not writable (even for root)", ("-p", "/proc/lstui-plot.png")),
    Case("resume: no such run", ("--resume", "runs/nope")),
    Case("resume: not a run directory", ("--resume", "pics"), lambda: os.mkdir("pics")),
    Case("resume with other settings", ("--resume", "old-run", "--epochs", "5"), lambda: _run_dir("stopped")),
    Case("resume a finished run", ("--resume", "old-run"), lambda: _run_dir("finished")),
    Case("resume a run without checkpoint", ("--resume", "old-run"), lambda: _run_dir("stopped", True)),
    Case("negative split seed", ("--split-seed", "-1")),
    Case("negative label noise", ("--label-noise", "-0.1")),
    Case("label noise of 1 (every label wrong)", ("--label-noise", "1")),
    Case("label noise not a number", ("--label-noise", "lots")),
    Case("classes: two, not three", ("--classes", "3,5")),
    Case("classes: not a class of the dataset", ("--classes", "3,5,cat")),
    Case("CIFAR batch that would run a command", ("--dataset", "cifar10", "--data-dir", "cifar-10-python.tar.gz"),
         lambda: _cifar_members({f"data_batch_{i}": crafted_batch("touch pwned") for i in range(1, 6)})),
)


@dataclass
class Outcome:
    """What running a case gave: exit code, output, and the paths the command itself created."""

    code: int
    stdout: str
    stderr: str
    created: list[str]


def _tree(folder: str) -> set[str]:
    return {os.path.join(root, name) for root, dirs, files in os.walk(folder) for name in dirs + files}


def run_case(case: Case, folder: str) -> Outcome:
    """Prepare ``folder``, run ``lstui --no-ui ARGS`` in it (in this process) and say what happened."""
    from lstui.cli import main

    before = os.getcwd()
    os.makedirs(folder, exist_ok=True)
    os.chdir(folder)
    out, err = io.StringIO(), io.StringIO()
    try:
        if case.setup:
            case.setup()
        existing = _tree(".")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["--no-ui", *case.argv])
            except SystemExit as exc:  # argparse's own errors
                code = exc.code if isinstance(exc.code, int) else 1
        created = sorted(_tree(".") - existing)
    finally:
        os.chdir(before)
    return Outcome(code, out.getvalue(), err.getvalue(), created)


def message_of(stderr: str) -> str:
    """The line a user reads: the last ``lstui: error:`` line of stderr."""
    lines = [line for line in stderr.splitlines() if line.startswith("lstui: error:")]
    return lines[-1] if lines else stderr.strip()


DOCS_PAGE = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "docs", "bad-inputs.md")
TABLE_START = "<!-- bad-inputs table: start (written by python tests/bad_inputs.py) -->"
TABLE_END = "<!-- bad-inputs table: end -->"


def markdown_table(root: str) -> str:
    """Run every case under ``root`` and render the docs page's table."""
    rows = ["| # | bad input | command | what lstui prints (exit 2) |", "|---|---|---|---|"]
    for number, case in enumerate(CASES, 1):
        outcome = run_case(case, os.path.join(root, f"case{number}"))
        command = " ".join(["lstui", "--no-ui", *case.argv])
        rows.append(f"| {number} | {case.what} | `{command}` | `{message_of(outcome.stderr)}` |"
                    + ("" if outcome.code == 2 else f" **exit {outcome.code}**"))
    return "\n".join(rows)


def table_in(page: str) -> str:
    """The text between the table markers of ``page`` (the docs page's text)."""
    start, end = page.find(TABLE_START), page.find(TABLE_END)
    if start < 0 or end < start:
        raise ValueError(f"the page lacks the marker lines {TABLE_START!r} and {TABLE_END!r}")
    return page[start + len(TABLE_START):end].strip("\n")


def with_table(page: str, table: str) -> str:
    """``page`` with the text between its table markers replaced by ``table``."""
    table_in(page)  # the markers are there, in order
    head, rest = page.split(TABLE_START, 1)
    _, tail = rest.split(TABLE_END, 1)
    return f"{head}{TABLE_START}\n{table}\n{TABLE_END}{tail}"


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        table = markdown_table(tmp)
    if "--print" in sys.argv[1:]:
        print(table)
        sys.exit(0)
    with open(DOCS_PAGE, encoding="utf-8") as handle:
        page = handle.read()
    updated = with_table(page, table)
    if updated != page:
        with open(DOCS_PAGE, "w", encoding="utf-8") as handle:
            handle.write(updated)
    print(f"{os.path.normpath(DOCS_PAGE)}: {len(CASES)} cases, table "
          + ("rewritten" if updated != page else "unchanged"))
    sys.exit(0)
