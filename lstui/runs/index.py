"""The runs table's rows without reading every run: one small row per run, cached by its files' stat.

The runs screen shows one line per run (dataset, method, f, epochs, accuracy, ECE, status); a
lab's output folder grows every day, and parsing every config.toml, report.json and history.csv
took seconds at 1,000 runs. ``RunIndex.rows()`` stats the three files of each run directory and
reads only the runs whose files changed since the last look; the rest come from a cache kept in
memory and in ``$XDG_CACHE_HOME/lstui/`` (``~/.cache/lstui/``), one JSON file per output folder.

A cached row is used only while each of the three files has the same modification time, change
time, size and inode as when it was read (a file that is absent stays absent), so a run that
changed is read again: the table never shows stale numbers. The full run (settings, report,
history) is read when a run is opened, overlaid or compared (``RunIndex.info``).
No Keras, no Textual.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, fields, replace
from typing import Any

from lstui.runs import files
from lstui.runs.reading import RunDirError, RunInfo, read_run
from lstui.runs.sweep_folder import sweep_of_runs

VERSION = 2  # bump when RunRow's fields change: an older cache is then ignored
WATCHED = (files.CONFIG, files.REPORT, files.HISTORY)
# What a training run rewrites with new numbers. Not live.json: its heartbeat changes every 2 s and carries no
# number of the table (the runs screen follows a running run's liveness by itself), and a refill of 1,000 rows
# every 2 s would be the cost.
LIVE_WATCHED = (files.REPORT, files.HISTORY)
_MEMORY: dict[str, dict[str, Any]] = {}  # output root -> its cache, for the rest of this process


@dataclass(frozen=True)
class RunRow:
    """What the runs table shows of one run; the same names as ``RunInfo``'s, so either fills a column."""

    path: str
    name: str
    dataset: str
    method: str
    smoothing: float | None
    epochs: int | None
    epochs_done: int
    accuracy: float | None
    ece: float | None
    status: str
    problem: str = ""
    aurc: float | None = None
    sweep: str = ""  # the sweep folder listing the run, if any (read from the sweep folders at each look)

    @property
    def state(self) -> str:
        """As ``RunInfo.state``: a running run is ``live`` or ``interrupted``, from its heartbeat at each call."""
        return RunInfo.state.fget(self)

    @classmethod
    def of(cls, run: RunInfo) -> "RunRow":
        """The row of a run read in full."""
        return cls(run.path, run.name, run.dataset, run.method, run.smoothing, run.epochs, run.epochs_done,
                   run.accuracy, run.ece, run.status, run.problem, aurc=run.aurc, sweep=run.sweep)


ROW_FIELDS = [f.name for f in fields(RunRow) if f.name not in ("path", "sweep")]  # what the cache keeps of a row


def signature(path: str) -> list[list[int] | None]:
    """The stat of a run directory's watched files: [mtime_ns, ctime_ns, size, inode] each, None if absent."""
    found: list[list[int] | None] = []
    for name in WATCHED:
        try:
            st = os.stat(os.path.join(path, name))
        except OSError:
            found.append(None)
        else:
            found.append([st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino])
    return found


def folder_stamp(root: str) -> tuple:
    """Each run folder's name with the mtimes of its report and history: it changes when a folder
    comes or goes or a run writes (the runs screen's cue to refresh, every few seconds)."""
    stamps = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        entries = []
    for entry in entries:
        if entry.is_dir():
            stamps.append((entry.name, *(_mtime(os.path.join(entry.path, name)) for name in LIVE_WATCHED)))
    return tuple(sorted(stamps))


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def cache_path(root: str) -> str:
    """Where the cache of ``root`` lives: one file per output folder, named by a hash of its absolute path."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    digest = hashlib.sha1(os.path.abspath(root).encode("utf-8")).hexdigest()[:16]
    return os.path.join(base, "lstui", f"runs-{digest}.json")


class RunIndex:
    """The runs directly under one output folder, as table rows, read again only where their files changed."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._infos: dict[str, tuple[list, RunInfo]] = {}  # path -> (signature, full run), while shown

    def rows(self) -> list[RunRow]:
        """Every run directory under the root, newest first (by folder name); unreadable ones have ``problem``."""
        if not os.path.isdir(self.root):
            return []
        cache = self._load()
        sweeps = sweep_of_runs(self.root)
        kept: dict[str, Any] = {}
        rows: list[RunRow] = []
        for entry in os.scandir(self.root):
            if not entry.is_dir():
                continue
            sig = signature(entry.path)
            if sig[0] is None and sig[1] is None:  # neither config.toml nor report.json: not a run
                continue
            cached = cache.get(entry.name)
            sweep = sweeps.get(entry.name, "")
            if cached is None or cached["sig"] != sig:
                row = replace(self._read_row(entry.path), sweep=sweep)
                cached = {"sig": sig, "row": {name: getattr(row, name) for name in ROW_FIELDS}}
            else:  # one RunRow made per cached run (1,000 of them each time the screen opens)
                row = RunRow(entry.path, **cached["row"], sweep=sweep)
            kept[entry.name] = cached
            rows.append(row)
        if kept != cache:
            self._save(kept)
        return sorted(rows, key=lambda row: row.name, reverse=True)

    def info(self, path: str) -> RunInfo:
        """The run at ``path`` in full (settings, report, history); read again if its files changed."""
        sig = signature(path)
        known = self._infos.get(path)
        if known is not None and known[0] == sig:
            return known[1]
        try:
            info = read_run(path)
        except RunDirError as exc:
            info = RunInfo(path, {}, {}, [], problem=str(exc))
        self._infos[path] = (sig, info)
        return info

    def _read_row(self, path: str) -> RunRow:
        self._infos.pop(path, None)
        return RunRow.of(self.info(path))

    def _load(self) -> dict[str, Any]:
        key = os.path.abspath(self.root)
        if key not in _MEMORY:
            try:
                with open(cache_path(self.root), encoding="utf-8") as handle:
                    data = json.load(handle)
                _MEMORY[key] = data["runs"] if data.get("version") == VERSION else {}
            except (OSError, ValueError, KeyError, TypeError, AttributeError):  # none yet, or unreadable: start anew
                _MEMORY[key] = {}
        return _MEMORY[key]

    def _save(self, runs: dict[str, Any]) -> None:
        _MEMORY[os.path.abspath(self.root)] = runs
        path = cache_path(self.root)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            files.atomic_write_text(path, json.dumps({"version": VERSION, "root": os.path.abspath(self.root),
                                                      "runs": runs}))
        except OSError:  # a read-only home: the cache lives in memory only
            pass
