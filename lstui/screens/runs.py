"""The runs screen (ctrl+o): every run in the output folder, sortable; overlay and compare several; resume one.

Reads run directories with ``lstui.runs.reading`` (plain files, no Keras) and compares them with
the same table as ``lstui compare``. Resuming posts a ``ResumeRequested`` message; the app
continues the run on its main screen through the usual training worker.
"""

from __future__ import annotations

import os

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Input, Static

from lstui.messages import OpenRunRequested, ResumeRequested
from lstui.runs.compare import compare_table, loss_metric, overlay_series
from lstui.runs.index import RunIndex, RunRow, folder_stamp
from lstui.runs.reading import RunInfo
from lstui.screens.representation import RepresentationScreen
from lstui.screens.run_detail import RunDetailScreen, resume_hint
from lstui.screens.runs_columns import COLUMN_KEYS, COLUMNS, STATUS_STYLE, Column, sort_key
from lstui.screens.runs_tidy import TidyActions, is_empty
from lstui.startup import SizedScreen
from lstui.widgets.charts import MetricChart
from lstui.widgets.footer import KeysFooter
from lstui.widgets.runs_table import RunsTable


HELP_LINE = ("space select · enter open (live runs: follow) · i details · v picture (two selected: side by side) · "
             "s sort · S reverse · r resume · / filter · d delete · c copy path · F5 reload · escape back")
SETTLE_S = 0.15  # the highlighted run's curves are drawn once the cursor has rested this long
REFRESH_S = 2.0  # new runs appear, epochs and status move, a killed run stops being live


class RunsScreen(TidyActions, SizedScreen):
    """The runs under one output root: a sortable table, overlaid curves and the compare table."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("space", "toggle_select", "Select", show=False),  # said in the compare pane and the hint line
        Binding("s", "sort_next", "Sort", show=False),  # in the hint line; the footer keeps 80 columns
        Binding("S", "sort_reverse", "Reverse", show=False),
        Binding("r", "resume", "Resume"),
        Binding("i", "details", "Details"),
        Binding("v", "representation", "Picture", show=False),  # in the hint line; the footer keeps 80 columns
        Binding("slash", "filter", "Filter"),
        Binding("d", "delete", "Delete"),
        Binding("c", "copy_path", "Copy path", show=False),
        Binding("f5", "reload", "Reload", show=False),  # in the hint line; the footer keeps 80 columns
    ]

    def __init__(self, root: str) -> None:
        super().__init__()
        self.root = root
        self.index = RunIndex(root)
        self.runs: list[RunRow] = []
        self.selected: list[str] = []  # run paths, in the order they were selected
        self.sort_column = "run"
        self.sort_reverse = True  # folder names start with the time: newest first
        self.filter_text = ""  # only runs matching it are listed (/)
        self._searched: dict = {}  # what the filter looks in, by run path (``TidyActions.matching``)
        self.listed: list[RunRow] = []  # the runs the filter lets through, as the table shows them
        self._selection_due = False
        self._settle: Timer | None = None  # a pending draw of the highlighted run's curves
        self._drawn: tuple = ()  # what the overlay and compare table show: (any selected, *runs)
        self._first_resume = True
        self.signature: tuple = ()
        self._looking = False  # a look at the folder is under way in a thread (refresh_if_changed)

    def compose(self) -> ComposeResult:
        yield Static(id="runs-title")
        yield RunsTable(id="runs-table", cursor_type="row", zebra_stripes=True)
        yield Static(HELP_LINE, id="runs-hint", markup=False)
        yield Input(placeholder="filter: dataset, method, f=0.1, status or part of the folder name",
                    id="runs-filter", compact=True)
        with Horizontal(id="runs-bottom"):
            with Vertical(id="runs-overlay"):
                yield MetricChart("val_accuracy", id="overlay-accuracy", classes="overlay-chart")
                yield MetricChart("val_nll", id="overlay-loss", classes="overlay-chart")
            with VerticalScroll(id="runs-compare"):
                yield Static("Select runs with space to compare them.", id="compare-body")
        yield KeysFooter()

    def on_mount(self) -> None:
        """Read the runs, focus the table."""
        self.action_reload()
        self.query_one(RunsTable).focus()
        self.set_interval(REFRESH_S, self.refresh_if_changed)

    def refresh_if_changed(self) -> None:
        """Read the runs again when a folder came or went, a run wrote its files, or a live run died.

        The look (two ``stat`` calls per run: about 17 ms at 1,000 runs) is taken in a thread, so that a key
        pressed meanwhile is not kept waiting; the reload, if one is due, happens here."""
        if self.is_current and not self._looking:
            self._looking = True
            running = [run for run in self.runs if run.status == "running"]
            self.run_worker(lambda: self._look(running), thread=True, group="look", exit_on_error=False)

    def _look(self, running: list[RunRow]) -> None:
        try:
            changed = self._signature(running) != self.signature
        finally:
            self._looking = False
        if changed:
            self.app.call_from_thread(self._reload_if_current)

    def _reload_if_current(self) -> None:
        if self.is_current:
            self.action_reload()

    def _signature(self, running: list[RunRow] | None = None) -> tuple:
        running = [run for run in self.runs if run.status == "running"] if running is None else running
        return folder_stamp(self.root) + tuple(run.state for run in running)

    def on_screen_resume(self) -> None:
        """Back from a run's details, or from the main screen: refill the table if a run changed."""
        if self._first_resume:  # the screen was just mounted and read the runs
            self._first_resume = False
        elif self.is_mounted and set(self.index.rows()) != set(self.runs):
            self.action_reload()

    # ---- the table ---------------------------------------------------------------------------------

    def action_reload(self) -> None:
        """Read the output folder again (F5; it also happens by itself every few seconds)."""
        self.runs = self.index.rows()
        self.signature = self._signature()
        paths = {run.path for run in self.runs}
        self.selected = [path for path in self.selected if path in paths]
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(RunsTable)
        current = table.current_key()
        self.runs.sort(key=sort_key(self.column), reverse=self.sort_reverse)
        self.listed = self.matching(self.runs)
        table.fill(self.listed, COLUMNS, self.mark_of, cell_style)
        if current is not None and current in {run.path for run in self.listed}:
            table.move_cursor(row=table.get_row_index(current))
        self._show_title()

    def mark_of(self, run: RunRow) -> str:
        """The run's number in the overlay and compare table, if selected."""
        return str(self.selected.index(run.path) + 1) if run.path in self.selected else ""

    @property
    def column(self) -> Column:
        """The column the table is sorted by."""
        return next(c for c in COLUMNS if c.key == self.sort_column)

    def _show_title(self) -> None:
        column = self.column
        arrow = "↓" if self.sort_reverse else "↑"
        where = os.path.abspath(os.path.expanduser(self.root))
        count = f"{len(self.runs)} run{'s' * (len(self.runs) != 1)}" if self.runs else "no runs yet"
        if self.filter_text:
            count += f" · {len(self.listed)} match “{self.filter_text}”"
        self.query_one("#runs-title", Static).update(
            Text.assemble(("runs in ", "bold"), (where, "bold"), f" · {count} · sorted by {column.label} {arrow}"
                          f" · {len(self.selected)} selected"))
        # with nothing selected the charts follow the cursor: draw them once it rests (see show_selection)
        self.show_selection(settle=not self.selected)

    def highlighted(self) -> RunRow | None:
        """The run under the cursor (its table row; ``self.index.info(run.path)`` reads it in full)."""
        path = self.query_one(RunsTable).current_key() if self.runs else None
        return next((run for run in self.runs if run.path == path), None)

    def selected_runs(self) -> list[RunInfo]:
        """The selected runs, read in full, in the order they were picked (their numbers in the charts and table)."""
        paths = {run.path for run in self.runs}
        return [self.index.info(path) for path in self.selected if path in paths]

    def action_toggle_select(self) -> None:
        """Add the highlighted run to the comparison, or take it out (space)."""
        run = self.highlighted()
        if run is None:
            return
        if run.path in self.selected:
            self.selected.remove(run.path)
        else:
            self.selected.append(run.path)
        table = self.query_one(RunsTable)
        for each in self.listed:  # the numbers after a removed one move up
            if each.path == run.path or each.path in self.selected:
                table.mark(each, self.mark_of(each))
        self._show_title()

    def sort_by(self, key: str, reverse: bool | None = None) -> None:
        """Sort by the column ``key``; the same column again flips the order."""
        if reverse is None:
            reverse = not self.sort_reverse if key == self.sort_column else key in ("accuracy", "epochs")
        self.sort_column, self.sort_reverse = key, reverse
        self.runs.sort(key=sort_key(self.column), reverse=reverse)
        listed = {id(run) for run in self.listed}  # the same runs, now in the runs' new order
        self.listed = [run for run in self.runs if id(run) in listed]
        self.query_one(RunsTable).order(self.listed)
        self._show_title()

    def action_sort_next(self) -> None:
        """Sort by the next column (s)."""
        self.sort_by(COLUMN_KEYS[(COLUMN_KEYS.index(self.sort_column) + 1) % len(COLUMN_KEYS)])

    def action_sort_reverse(self) -> None:
        """Flip the sort order (S)."""
        self.sort_by(self.sort_column, not self.sort_reverse)

    def on_data_table_header_selected(self, event: RunsTable.HeaderSelected) -> None:
        """A click on a header sorts by that column."""
        if event.column_key.value in COLUMN_KEYS:
            self.sort_by(event.column_key.value)

    def on_data_table_row_highlighted(self, event: RunsTable.RowHighlighted) -> None:
        """Say whether the run under the cursor can be resumed; with nothing selected, chart it alone."""
        run = self.highlighted()
        if run is not None:
            self.query_one("#runs-hint", Static).update(f"{run.name}: {resume_hint(run)}   ·   {HELP_LINE}")
        if not self.selected:
            self.show_selection(settle=True)

    def on_data_table_row_selected(self, event: RunsTable.RowSelected) -> None:
        """Enter shows the run in the main view, in full: followed live while it trains."""
        run = self.highlighted()
        if run is not None:
            self.post_message(OpenRunRequested(run.path))

    def action_details(self) -> None:
        """The run's numbers on a screen of their own (i)."""
        run = self.highlighted()
        if run is not None:
            self.app.push_screen(RunDetailScreen(self.index.info(run.path)))

    # ---- overlay and compare -----------------------------------------------------------------------

    def show_selection(self, settle: bool = False) -> None:
        """Redraw the overlay and the compare table once the table is on screen (a burst of cursor moves: once).

        plotext draws slowly (about 0.1 s for the two charts), so the table comes first and the curves follow.
        With ``settle`` (the highlighted run's curves, nothing selected) they wait until the cursor and the table
        have rested ``SETTLE_S``: a key that follows at once (s after opening, the next letter of a filter, ↓ held
        down) is then not kept waiting behind a drawing that the key makes stale."""
        if settle:
            if self._settle is not None:
                self._settle.stop()
            self._settle = self.set_timer(SETTLE_S, self.show_selection)
            return
        if not self._selection_due:
            self._selection_due = True
            self.call_after_refresh(self._show_selection)

    def _show_selection(self) -> None:
        self._selection_due = False
        runs = self.selected_runs()
        highlighted = self.highlighted()
        shown = runs or ([self.index.info(highlighted.path)] if highlighted is not None else [])
        drawn = (bool(runs), *shown)
        if len(drawn) == len(self._drawn) and all(a is b for a, b in zip(drawn, self._drawn)):
            return  # the same runs, read from the same files (a sort, a filter): plotext need not draw them again
        self._drawn = drawn
        loss = loss_metric(shown)
        for chart_id, metric in (("#overlay-accuracy", "val_accuracy"), ("#overlay-loss", loss)):
            chart = self.query_one(chart_id, MetricChart)
            chart.title, chart.note = metric, "" if runs else " · highlighted run"
            chart.series = overlay_series(shown, metric, short=True)
            chart.replot()
        body = self.query_one("#compare-body", Static)
        body.update(compare_table(runs, short_headers=True) if runs else "Select runs with space to compare them.")

    def action_representation(self) -> None:
        """The penultimate-layer picture of the first two selected runs side by side, else the highlighted run (v)."""
        runs = self.selected_runs()[:2] or ([self.highlighted()] if self.highlighted() is not None else [])
        if runs:
            self.app.push_screen(RepresentationScreen(runs))

    # ---- resume and leave ----------------------------------------------------------------------------

    def action_resume(self) -> None:
        """Continue the highlighted run if it stopped or was interrupted (r)."""
        run = self.highlighted()
        if run is not None:
            self.post_message(ResumeRequested(run.path))

    def action_back(self) -> None:
        """Back to the main screen (escape); escape in the filter line clears the filter instead."""
        if not self.close_filter():
            self.dismiss(None)


def cell_style(run: RunRow, column_key: str, text: str) -> str:
    """A run stopped before its first epoch is dimmed (nothing to see); a status is coloured by what it says."""
    if is_empty(run):
        return "dim"
    return STATUS_STYLE.get(text, "") if column_key == "status" else ""
