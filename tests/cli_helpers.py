"""Running ``lstui --no-ui`` in-process the way a user types it, for the tests that train through the CLI."""

from __future__ import annotations

import io
import json
import os
import pathlib
from contextlib import redirect_stdout

from lstui.cli import main


def run_cli(root, *flags: str) -> tuple[int, str, list[str]]:
    """``lstui --no-ui FLAGS -o ROOT``: the exit code, what it printed and the run folders it made, sorted.

    A sweep's own folder (``sweep-<time>-<n>``) is not a run folder; :func:`only_sweep` finds it.
    """
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["--no-ui", *flags, "-o", str(root)])
    return code, out.getvalue(), run_folders(root)


def run_folders(root) -> list[str]:
    """The run folders directly under ``root``, sorted (paths), leaving out sweep folders."""
    return sorted(e.path for e in os.scandir(root) if e.is_dir() and not e.name.startswith("sweep-"))


def only_sweep(root) -> pathlib.Path:
    """The one ``sweep-<time>-<n>`` folder a sweep made under ``root`` (its sweep.csv, sweep.png, runs.txt)."""
    (folder,) = [e.path for e in os.scandir(root) if e.is_dir() and e.name.startswith("sweep-")]
    return pathlib.Path(folder)


def run_dir_in_runs(out) -> str:
    """The one run folder under ``out/runs``."""
    (name,) = os.listdir(os.path.join(out, "runs"))
    return os.path.join(out, "runs", name)


def report_status(run_dir: str) -> str:
    """The status report.json gives the run."""
    with open(os.path.join(run_dir, "report.json"), encoding="utf-8") as handle:
        return json.load(handle)["status"]


# A stopped run's pictures once the detached drawing (lstui.training.after_quit) is done (digits: 10 classes).
PICTURES = ("plot.png", "calibration.png", "confusion.png", "mistakes.png", "representation.png")


def wait_for_pictures(run_dir: str, limit_s: float = 240.0) -> list[str]:
    """Poll until every picture of ``PICTURES`` is in ``run_dir`` and no file is half-written (a bound, not a
    timing check); the pictures still missing at the limit, so a test can show them."""
    import time

    deadline = time.monotonic() + limit_s
    while True:
        names = os.listdir(run_dir)
        missing = [name for name in PICTURES if name not in names]
        if (not missing and not any(name.startswith(".tmp") for name in names)) or time.monotonic() > deadline:
            return missing
        time.sleep(0.2)
