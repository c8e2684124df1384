"""Keeping the runs list tidy: the filter (``/``), deleting runs after a ``y`` (``d``), and which runs are empty.

Used by the runs screen; kept apart so the screen's table and overlay code stays short.
"""

from __future__ import annotations

import os
import shutil
from typing import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from lstui import describe
from lstui.runs import files
from lstui.runs.reading import RunInfo

# Shown at most in the confirmation; the rest are counted.
NAMES_SHOWN = 12


def searched(run: RunInfo) -> str:
    """What the filter looks in: the run's dataset, method, f, status, folder name and sweep folder, lower-cased."""
    return " ".join((run.dataset, run.method, f"f={run.smoothing:g}" if run.smoothing is not None else "",
                     run.state, run.name, run.sweep)).lower()


def is_empty(run: RunInfo) -> bool:
    """A run that ended (stopped, failed or killed) before its first epoch: nothing in it to compare (dim)."""
    return run.epochs_done == 0 and run.state in ("stopped", "failed", "interrupted")


def delete_runs(runs: Sequence[RunInfo]) -> list[str]:
    """Delete the runs' folders; returns one line per folder that could not be deleted.

    Only folders that hold a run's files (config.toml or report.json) and that no process trains are removed.
    """
    problems = []
    for run in runs:
        if run.state == "live":  # its process would write into a folder that is gone
            problems.append(f"{run.name}: still training, left alone (stop it first)")
            continue
        if not any(os.path.exists(os.path.join(run.path, name)) for name in files.RUN_MARKERS):
            problems.append(f"{run.name}: not a run folder, left alone")
            continue
        try:
            shutil.rmtree(run.path)
        except OSError as exc:
            problems.append(f"{run.name}: {exc.strerror or exc}")
    return problems


class ConfirmDelete(ModalScreen[bool]):
    """Names the runs to delete; ``y`` deletes them, any other key keeps them."""

    def __init__(self, runs: Sequence[RunInfo]) -> None:
        super().__init__()
        self.runs = list(runs)

    def compose(self) -> ComposeResult:
        names = [f"  {run.name}  ({run.state})" for run in self.runs[:NAMES_SHOWN]]
        if len(self.runs) > NAMES_SHOWN:
            names.append(f"  … and {len(self.runs) - NAMES_SHOWN} more")
        count = f"{len(self.runs)} run{'s' * (len(self.runs) != 1)}"
        with Vertical(id="delete-box", classes="dialog"):
            yield Static(f"Delete {count} and every file in {'them' if len(self.runs) > 1 else 'it'}?",
                         id="delete-title")
            yield Static("\n".join(names), id="delete-names", markup=False)
            yield Static("y deletes · any other key keeps them", id="delete-keys")

    def on_key(self, event: Key) -> None:
        """y deletes; any other key keeps the runs."""
        event.stop()
        event.prevent_default()
        self.dismiss(event.key == "y")


class TidyActions:
    """The runs screen's /, d and c (mixed into ``RunsScreen``, which has the table, ``runs`` and ``_fill``)."""

    filter_text: str
    _searched: dict  # by run path: (the run, its state, ``searched(run)``), so a key typed does not redo 1,000

    def matching(self, runs: Sequence[RunInfo]) -> list:
        """The runs the filter lets through, in their order: those with every word of it in ``searched(run)``."""
        words = self.filter_text.lower().split()
        if not words:
            return list(runs)
        cache = self._searched
        listed = []
        for run in runs:
            state = run.state  # a live run's can change between keys (it died): look again when it does
            kept = cache.get(run.path)
            if kept is None or kept[0] is not run or kept[1] != state:
                kept = cache[run.path] = (run, state, searched(run))
            if all(word in kept[2] for word in words):
                listed.append(run)
        return listed

    def action_filter(self) -> None:
        """Show the filter line and type into it (/); enter keeps the filter, escape clears it."""
        line = self.query_one("#runs-filter", Input)
        line.display = True
        line.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """List only the runs that match the filter, as it is typed."""
        if event.input.id == "runs-filter":
            self.filter_text = event.value.strip()
            self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: back to the table with the filter kept (an empty filter hides the line)."""
        if event.input.id == "runs-filter":
            event.input.display = bool(self.filter_text)
            self.query_one(DataTable).focus()

    def close_filter(self) -> bool:
        """Escape in the filter line clears it and goes back to the table; False when it was not focused."""
        line = self.query_one("#runs-filter", Input)
        if not line.has_focus:
            return False
        line.value, line.display = "", False
        self.filter_text = ""
        self._fill()
        self.query_one(DataTable).focus()
        return True

    def action_delete(self) -> None:
        """Delete the selected runs, or the run under the cursor, once ``y`` confirms it (d)."""
        runs = self.selected_runs() or [run for run in [self.highlighted()] if run is not None]
        if not runs:
            return

        def deleted(confirmed: bool | None) -> None:
            if not confirmed:
                self.notify("nothing was deleted", title="delete")
                return
            problems = delete_runs(runs)
            done = len(runs) - len(problems)
            self.notify("\n".join([f"deleted {done} run{'s' * (done != 1)}", *problems]), title="delete",
                        severity="warning" if problems else "information")
            self.action_reload()

        self.app.push_screen(ConfirmDelete(runs), deleted)

    def action_copy_path(self) -> None:
        """Copy the run folder's path to the clipboard (c; over SSH where the terminal supports OSC 52)."""
        run = self.highlighted()
        if run is not None:
            path = os.path.abspath(run.path)
            self.app.copy_to_clipboard(path)
            self.notify(describe.path_for_toast(path, self.app.size.width), title="path copied", markup=False)
