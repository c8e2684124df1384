"""A sweep's own folder, ``OUT/sweep-<time>-<n>/``: its sweep.csv, sweep-summary.csv, sweep.png and runs.txt.

Each sweep gets a new folder, so a second sweep into the same output root, or one running at the
same time in another process, never overwrites the first one's files. The runs stay where they
are, directly under the root; ``runs.txt`` lists the run directories of the sweep, one a line, and
:func:`sweep_of_runs` reads those lists back for the runs screen. Standard library only.
"""

from __future__ import annotations

import os
import time

from lstui.runs.files import atomic_write_text

SWEEP_PREFIX = "sweep-"
RUNS_LIST = "runs.txt"


def create_sweep_dir(root: str, when: float | None = None) -> str:
    """Make and return a new ``sweep-<YYYYmmdd-HHMMSS>-<n>`` folder under ``root`` (created if needed).

    ``os.mkdir`` fails when the folder exists, so two processes starting in the same second take
    ``-1`` and ``-2`` instead of sharing one.
    """
    os.makedirs(root, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(when or time.time()))
    n = 1
    while True:
        path = os.path.join(root, f"{SWEEP_PREFIX}{stamp}-{n}")
        try:
            os.mkdir(path)
            return path
        except FileExistsError:
            n += 1


def write_runs_list(folder: str, run_dirs: list[str]) -> str:
    """Write ``runs.txt`` (one run directory a line) into the sweep's folder; its path."""
    path = os.path.join(folder, RUNS_LIST)
    atomic_write_text(path, "".join(f"{run_dir}\n" for run_dir in run_dirs))
    return path


def sweep_of_runs(root: str) -> dict[str, str]:
    """Run folder name -> the name of the sweep folder listing it, from every ``sweep-*/runs.txt`` under ``root``.

    A list that cannot be read (damaged, not text) is skipped: its runs show as in no sweep.
    """
    found: dict[str, str] = {}
    try:
        entries = sorted(e.name for e in os.scandir(root) if e.name.startswith(SWEEP_PREFIX) and e.is_dir())
    except OSError:
        return found
    for name in entries:
        try:
            with open(os.path.join(root, name, RUNS_LIST), encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for line in lines:
            if line.strip():
                found[os.path.basename(os.path.normpath(line.strip()))] = name
    return found


def sweep_label(name: str) -> str:
    """A sweep folder's name, short for a table cell: ``sweep-20261129-101500-2`` -> ``10:15:00 #2``."""
    parts = name[len(SWEEP_PREFIX):].split("-") if name.startswith(SWEEP_PREFIX) else []
    if len(parts) == 3 and len(parts[1]) == 6 and parts[1].isdigit():
        clock = parts[1]
        return f"{clock[:2]}:{clock[2:4]}:{clock[4:]} #{parts[2]}"
    return name
