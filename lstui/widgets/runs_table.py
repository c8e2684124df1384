"""The runs screen's table: a DataTable that fills 1,000 rows fast and sorts them without refilling.

Textual's DataTable measures every new cell to size its columns: at 1,000 runs × 9 columns that
measuring (three terminal-size system calls per cell, inside Rich) took longer than reading the
runs. Here each column's width is worked out once from the cells' plain text, and the cells are
``Cell`` objects, which Rich renders as their Text but cannot measure (they have no
``__rich_measure__``), so the table takes the fixed widths as they are. Each cell also keeps the
row it shows, so a sort is ``DataTable.sort`` on those rows: the rows are reordered, not rebuilt.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import DuplicateKey, Row, RowKey

MARK_WIDTH = 2  # a selected run's number in the overlay and compare table


class Cell:
    """One table cell: its words and style, and the row it belongs to (what sorting looks at).

    The Text is made when the cell is drawn: only the rows on screen are, and 1,000 rows × 11 cells of
    Text (each with its lists and spans) were most of the objects a fill made, which the garbage collector
    then walked."""

    __slots__ = ("plain", "style", "justify", "row", "width")

    def __init__(self, plain: str, row: Any, style: str = "", justify: str = "left") -> None:
        self.plain, self.style, self.justify, self.row = plain, style, justify, row
        self.width = cell_len(plain)  # what the column's width is worked out from

    @property
    def text(self) -> Text:
        """The Text this cell shows."""
        return Text(self.plain, style=self.style, justify=self.justify)

    def __rich_console__(self, console, options):
        """Render as its Text."""
        yield self.text

    def __str__(self) -> str:
        return self.plain


class RunsTable(DataTable):
    """Rows keyed by run path; ``fill`` sets every row, ``order`` re-sorts them, ``mark`` flips one's selection."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cells: dict[str, tuple[Any, str, list[Cell]]] = {}  # by run path: the run, its state, its cells
        self._cells_for: tuple = ()  # the columns and style function those cells were made with

    def fill(self, rows: Sequence[Any], columns: Sequence[Any], mark_of: Callable[[Any], str],
             style_of: Callable[[Any, str, str], str]) -> None:
        """Show ``rows`` (``RunRow``s: a ``path`` and a ``state``) in this order under ``columns`` (objects with
        ``key``, ``label``, ``cell(row) -> str`` and ``right``); ``mark_of(row)`` fills the first, narrow column
        (a selected run's number) and ``style_of(row, column_key, text)`` styles a cell.

        A row's cells are made once and kept while the run is the same object in the same state (a filter typed
        key by key shows the same runs again and again); the rows go in all at once (``_put_rows``)."""
        if self._cells_for != (tuple(columns), style_of):
            self._cells_for, self._cells = (tuple(columns), style_of), {}
        lines = [self._cells_of(row, columns, style_of) for row in rows]
        widths = [max([cell_len(column.label), *(line[i].width for line in lines)]) for i, column in enumerate(columns)]
        self.clear(columns=True)
        self.add_column("", key="selected", width=MARK_WIDTH)
        for column, width in zip(columns, widths):
            self.add_column(column.label, key=column.key, width=width)
        self._put_rows([(row.path, [self._mark(row, mark_of(row)), *line]) for row, line in zip(rows, lines)])

    def _cells_of(self, row: Any, columns: Sequence[Any], style_of: Callable[[Any, str, str], str]) -> list[Cell]:
        """The row's cells, made again only when the run changed (a new object) or its state did (a live run died)."""
        state = row.state
        kept = self._cells.get(row.path)
        if kept is not None and kept[0] is row and kept[1] == state:
            return kept[2]
        cells = []
        for column in columns:
            text = column.cell(row)
            cells.append(Cell(text, row, style_of(row, column.key, text), "right" if column.right else "left"))
        self._cells[row.path] = (row, state, cells)
        return cells

    def _put_rows(self, rows: Sequence[tuple[str, list[Cell]]]) -> None:
        """``add_row`` for many one-line rows at once: what it does per row, with the cursor checked once.

        ``add_row`` re-validates the cursor (a reactive) for every row: 0.1 ms a row, 20 ms for the 200 rows a
        filter shows, which was most of a filter key's time."""
        keys = [column.key for column in self.ordered_columns]
        start = self.row_count
        for index, (key, cells) in enumerate(rows, start):
            row_key = RowKey(key)
            if row_key in self._row_locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            self._row_locations[row_key] = index
            self._data[row_key] = dict(zip(keys, cells))
            self.rows[row_key] = Row(row_key, 1, None, False)
            self._new_rows.add(row_key)
        if not rows:
            return
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if start == 0 and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()  # as add_row does when the first row gives the cursor a cell
        self._update_count += 1
        self.check_idle()

    def _clear_caches(self) -> None:
        """Empty DataTable's caches so that what they held is freed at once, not by a full garbage collection.

        Textual's LRUCache links its entries in a ring of ``[prev, next, key, value]`` lists, and its ``clear``
        drops the ring whole: a cycle, with every row, cell and line it held, that only the collector's full pass
        frees. A fill left thousands of objects so; a filter typed key by key piled them up until that pass took
        0.1 s inside a key. Emptying each entry first breaks the ring."""
        for cache in (self._row_render_cache, self._cell_render_cache, self._row_renderable_cache, self._line_cache,
                      self._offset_cache, self._ordered_row_cache):
            for entry in cache._cache.values():
                entry.clear()
        super()._clear_caches()

    def _update_dimensions(self, new_rows) -> None:
        """Size the table without measuring the new rows: ``fill`` gave every column a fixed width, and each row
        is one line with no label, so DataTable's pass over 1,000 rows × 11 cells (about 0.1 s) finds nothing."""
        super()._update_dimensions(())

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int, cursor: bool = False,
                     hover: bool = False) -> list[list[Segment]]:
        """Draw a one-line body cell as three segments, as Rich would draw it, without Rich's layout.

        After a sort or a filter every visible cell (about 35 rows × 11) is new; DataTable draws each through
        ``console.render_lines(Styled(Padding(cell)))``, about 0.15 ms a cell, which was most of a sort's time.
        The cell's padding has the row's style, its words (padded to the column) the cell's style on top; a cell
        this cannot draw the same way (wider than its column, a header, a line break) goes to DataTable."""
        cell = self._plain_cell(row_index, column_index, width)
        if cell is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        cache_key = (row_key, self._column_locations.get_key(column_index), base_style, cursor, hover,
                     self._show_hover_cursor, self._update_count, self._pseudo_class_state)
        lines = self._cell_render_cache.get(cache_key)
        if lines is None:
            component_style, post_style = self._get_styles_to_render_cell(
                False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
                self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
            pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
            room = width - 2 * self.cell_padding - cell.width
            words = cell.plain + " " * room if cell.justify == "left" else " " * room + cell.plain
            pad = " " * self.cell_padding
            edge = pre_style + post_style
            lines = [[Segment(pad, edge), Segment(words, pre_style + _style(cell.style) + post_style),
                      Segment(pad, edge)]]
            self._cell_render_cache[cache_key] = lines
        return lines

    def _plain_cell(self, row_index: int, column_index: int, width: int) -> Cell | None:
        """The body cell at this place if it is one line that fits its column (what ``_render_cell`` draws itself)."""
        if row_index < max(self.fixed_rows, 0) or column_index < max(self.fixed_columns, 0):
            return None
        row_key = self._row_locations.get_key(row_index)
        row = self._data.get(row_key)
        cell = row.get(self._column_locations.get_key(column_index)) if row is not None else None
        if not isinstance(cell, Cell) or self.rows[row_key].height != 1 or cell.justify not in ("left", "right"):
            return None
        plain = cell.plain
        fits = cell.width <= width - 2 * self.cell_padding and plain.isprintable()
        # Rich strips a right-justified cell's trailing spaces before padding it
        return cell if fits and (cell.justify == "left" or plain == plain.rstrip()) else None

    def order(self, rows: Sequence[Any]) -> None:
        """Put the rows shown in the order of ``rows`` (the same runs, sorted), keeping the cursor on its row."""
        current = self.current_key()
        rank = {row.path: index for index, row in enumerate(rows)}
        self.sort("selected", key=lambda cell: rank[cell.row.path])
        self._clear_caches()  # every entry was for the old order (their keys hold the update count): free them now
        if current is not None:
            self.move_cursor(row=self.get_row_index(current))

    def mark(self, row: Any, text: str) -> None:
        """Set the first column of ``row`` (its number once selected, else empty)."""
        self.update_cell(row.path, "selected", self._mark(row, text))

    def current_key(self) -> str | None:
        """The path of the row under the cursor, or None in an empty table."""
        if self.row_count == 0:
            return None
        row = min(max(self.cursor_row, 0), self.row_count - 1)
        return self.coordinate_to_cell_key((row, 0)).row_key.value

    @staticmethod
    def _mark(row: Any, text: str) -> Cell:
        return Cell(text, row)


@functools.lru_cache(maxsize=64)
def _style(name: str) -> Style:
    """A cell's style by name ("dim", "green"), parsed once."""
    return Style.parse(name)
