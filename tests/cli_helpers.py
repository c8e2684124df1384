"""Running ``lstui --no-ui`` in-process the way a user types it, for the tests that train through the CLI."""

from __future__ import annotations

import io
import json
import os
from contextlib import redirect_stdout

from lstui.cli import main


def run_cli(root, *flags: str) -> tuple[int, str, list[str]]:
    """``lstui --no-ui FLAGS -o ROOT``: the exit code, what it printed and the run folders it made, sorted."""
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["--no-ui", *flags, "-o", str(root)])
    runs = sorted(e.path for e in os.scandir(root) if e.is_dir())
    return code, out.getvalue(), runs


def run_dir_in_runs(out) -> str:
    """The one run folder under ``out/runs``."""
    (name,) = os.listdir(os.path.join(out, "runs"))
    return os.path.join(out, "runs", name)


def report_status(run_dir: str) -> str:
    """The status report.json gives the run."""
    with open(os.path.join(run_dir, "report.json"), encoding="utf-8") as handle:
        return json.load(handle)["status"]
