"""Rows streamed into a write-only workbook with no per-cell work beyond what openpyxl's writer itself does.

openpyxl's write-only sheet accepts a row of values or of cell objects. A cell object takes its generic path,
per cell: the cell is first bound as if it were a value (which fails, and the failure is caught), a fresh cell
is built for the next value because this one has a style, and when the row is written the cell's style (nine
numbers) is hashed and looked up in the workbook's style table. For a table where every cell of a column has
the same style, all of that is repeated work; together it made the entry workbook's export ~1.8× a bare
write-only workbook of the same values.

Here each distinct style is registered in the workbook once (`fixed_style`), the rows go through a sheet that
only places the cells it is given (`StreamedSheet`), and values are put in with openpyxl's own typing rules
(`fill`, `fill_text`), text always as text (xlsx_safe: never a formula, no control characters).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from copy import copy
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles.numbers import is_date_format
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.exchange.xlsx_safe import excel_text

MAX_TEXT = 32767  # what openpyxl keeps of a longer text (Excel's limit for one cell)


class StreamedSheet(WriteOnlyWorksheet):  # type: ignore[misc]  # openpyxl has no type information
    """A write-only sheet whose rows are lists of cells (from `fixed_style` or `text_cells`), each written as
    it is: no re-binding, no fresh cell per styled value. Anything that is not a cell is bound as openpyxl
    binds it; None leaves the cell out."""

    def _values_to_row(self, values: Iterable[Any], row_idx: int) -> Iterator[Cell]:
        for column, value in enumerate(values, 1):
            if isinstance(value, Cell):
                cell = value
            elif value is None:
                continue
            else:
                cell = WriteOnlyCell(self, value)
            cell.column = column
            cell.row = row_idx
            yield cell


def create_sheet(wb: Workbook, title: str) -> StreamedSheet:
    """A new StreamedSheet at the end of the write-only workbook `wb` (what Workbook.create_sheet does)."""
    sheet = StreamedSheet(parent=wb, title=title)
    wb._add_sheet(sheet)
    return sheet


class FixedStyleCell(Cell):  # type: ignore[misc]  # openpyxl has no type information
    """A cell whose style id was looked up once (openpyxl's Cell looks it up each time the cell is written).
    Refilled with `fill` for every row of its column; the writer writes it out before the next row is filled."""

    __slots__ = ("style_id", "takes_dates")
    has_style = True


def fixed_style(template: Cell) -> FixedStyleCell:
    """A cell of `template`'s sheet with `template`'s style (font, fill, border, alignment, protection, number
    format), registered in the workbook's style table once."""
    sheet = template.parent
    cell = FixedStyleCell(sheet, row=1, column=1, style_array=copy(template._style))
    cell.style_id = _register(cell)
    cell.takes_dates = is_date_format(cell.number_format)
    return cell


def fill(cell: FixedStyleCell, value: Any) -> bool:
    """Put `value` in the cell as openpyxl would (numbers and dates typed, text always as text with control
    characters removed); True when characters had to be removed."""
    if value is None:
        cell._value = None
        cell.data_type = "n"
        return False
    if isinstance(value, str):
        text, cleaned = excel_text(value)
        cell._value = text[:MAX_TEXT]
        cell.data_type = "s"  # never a formula or an error code, whatever the text starts with
        return cleaned
    cell.value = value
    if cell.data_type == "d" and not cell.takes_dates:
        # openpyxl gave the date a date format: the cell's style changed, register it (the column keeps it,
        # as a style set on a cell object would)
        cell.style_id = _register(cell)
        cell.takes_dates = True
    return False


def _register(cell: FixedStyleCell) -> int:
    """The index of the cell's style in the workbook's style table. The table keeps the array it is given, so
    it gets a copy: a later change to this cell's style must not change the cells already written with it."""
    return int(cell.parent.parent._cell_styles.add(copy(cell._style)))


def text_cells(sheet: StreamedSheet | WriteOnlyWorksheet, count: int) -> list[Cell]:
    """`count` unstyled cells of `sheet`, to be refilled with `fill_text` row after row."""
    return [WriteOnlyCell(sheet) for _ in range(count)]


def fill_text(cell: Cell, value: str | None) -> bool:
    """xlsx_safe.set_text for an unstyled cell of a StreamedSheet (a None cell is left out of the file)."""
    if value is None:
        cell._value = None
        cell.data_type = "n"
        return False
    text, cleaned = excel_text(str(value))
    cell._value = text[:MAX_TEXT]
    cell.data_type = "s"
    return cleaned
