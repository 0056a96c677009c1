"""Reading an .xlsx saved by Excel or WPS: quickly, in bounded memory, and never with a traceback.

Before any cell is parsed, each sheet's declared size (<dimension ref="A1:Q70"/>) and the number of cells its
XML really holds are checked against a cell budget, so a workbook padded with millions of cells beyond column
200 is refused in a second instead of being parsed for minutes. Then every sheet is read in ONE streaming pass
(openpyxl's read-only parser) bounded to the columns the import can use: each cell gives its value as saved
and, for a formula, the formula text beside the value Excel/WPS cached (formulas are never evaluated).

A damaged part (a flipped byte, a CRC mismatch, a DTD, a number cell holding "NaN") comes out as one
ExchangeFileError naming the sheet, never as a parser's traceback.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

# openpyxl's own streaming sheet parser: subclassed so that one pass yields both a formula and its cached
# value, and skips cells beyond the columns we read. Private module; pinned by tests/test_exchange_damaged.py.
from openpyxl.worksheet._reader import CELL_TAG, FORMULA_TAG, WorkSheetParser

from app.exchange import file_checks, layout
from app.exchange.import_reading import (
    HEADER_SEARCH_ROWS,
    MergedRange,
    RawCell,
    RawFile,
    RawRow,
    RawSheet,
    too_many_rows,
)

# Every cell element of every sheet counts, read or not (cells beyond column 200 cost parsing time too).
# A county workbook has about 70 rows x 17 columns; the row limit at 30 columns is 1.5 million cells.
MAX_CELLS = 2_000_000
_CELL_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_SCAN_CHUNK = 1024 * 1024
_COORDINATE = re.compile(r"^\$?([A-Za-z]{1,3})\$?\d+$")


def _damaged(name: str, sheet: str | None, exc: BaseException) -> file_checks.ExchangeFileError:
    where = f"工作表“{sheet}”" if sheet else "工作簿"
    reason = f"{type(exc).__name__}: {exc}"[:200]
    return file_checks.ExchangeFileError(
        f"文件“{name}”的{where}已损坏，无法读取（{reason}）。请在 Excel/WPS 中打开确认无误后另存为 .xlsx 再导入 / "
        f"the workbook is damaged and cannot be read"
    )


def _too_big(name: str, sheet: str, what: str) -> file_checks.ExchangeFileError:
    return file_checks.ExchangeFileError(
        f"文件“{name}”的工作表“{sheet}”{what}，超过导入上限 {MAX_CELLS:,} 个单元格。"
        f"多半是在很远的行列中误填或误设了格式：请删除多余的行和列（或只把需要的数据复制到新工作簿）后再导入 / "
        f"sheet too large (cell budget {MAX_CELLS})"
    )


def _formula_text(element: Any) -> str:
    kind = element.get("t")
    text = element.text
    if kind == "array":
        return f"={text}" if text else "{数组公式}"
    if kind == "dataTable":
        return "{模拟运算表}"
    return f"={text}" if text else "{共享公式}"


class _SheetParser(WorkSheetParser):  # type: ignore[misc]
    """One pass: the cached value of every cell up to `max_col`, with the formula text where there is one."""

    def __init__(self, source: Any, workbook: Any, shared_strings: Any, max_col: int) -> None:
        super().__init__(
            source,
            shared_strings,
            data_only=True,  # the value Excel/WPS saved; the formula text is read beside it below
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        self.max_col = max_col
        self.beyond_max_col = False
        self.row_counter: int = 0
        self.col_counter: int = 0

    def parse_row(self, row: Any) -> tuple[int, list[dict[str, Any]]]:
        number = row.get("r")
        self.row_counter = int(float(number)) if number else self.row_counter + 1
        self.col_counter = 0
        cells = []
        for element in row:
            if element.tag != CELL_TAG:
                continue
            column = self._column_of(element)
            if column > self.max_col:
                self.col_counter = column
                if len(element):  # a value or a formula beyond the columns we read
                    self.beyond_max_col = True
                continue
            formula = element.find(FORMULA_TAG)
            cell = self.parse_cell(element)
            cell["formula"] = None if formula is None else _formula_text(formula)
            cells.append(cell)
        return self.row_counter, cells

    def _column_of(self, element: Any) -> int:
        coordinate = element.get("r")
        match = _COORDINATE.match(coordinate) if coordinate else None
        return column_index_from_string(match.group(1).upper()) if match else self.col_counter + 1


def _cell_elements(archive: zipfile.ZipFile, member: str) -> Iterator[int]:
    """How many cell elements a sheet part holds, counted on the raw bytes (fast) chunk by chunk."""
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_SCAN_CHUNK):
            data = tail + chunk
            # a match can't end in the last 40 bytes and then be counted again with the next chunk
            cut = max(0, len(data) - 40)
            yield len(_CELL_ELEMENT.findall(data, 0, cut))
            tail = data[cut:]
    yield len(_CELL_ELEMENT.findall(tail))


def _check_sizes(name: str, workbook: Any) -> None:
    """Refuse an oversized sheet by what it declares, then by what it holds, before parsing any cell."""
    budget = MAX_CELLS
    archive: zipfile.ZipFile = workbook._archive
    for ws in workbook.worksheets:
        if ws.max_row and ws.max_column:
            declared = (ws.max_row - ws.min_row + 1) * (ws.max_column - ws.min_column + 1)
            if declared > budget:
                ref = f"{get_column_letter(ws.min_column)}{ws.min_row}:{get_column_letter(ws.max_column)}{ws.max_row}"
                raise _too_big(name, ws.title, f"声明的范围 {ref} 有 {declared:,} 个单元格")
    for ws in workbook.worksheets:
        counted = 0
        for found in _cell_elements(archive, ws._worksheet_path):
            counted += found
            if counted > budget:
                raise _too_big(name, ws.title, f"含有 {counted:,} 个以上的单元格")
        budget -= counted


def _read_sheet(workbook: Any, ws: Any) -> tuple[RawSheet, int]:
    """The sheet's rows (bounded to the columns we read) and how many of them hold data."""
    rows: list[RawRow] = []
    with ws._get_source() as source:
        # Not bounded by the declared dimension: a hand-made file may declare less than it holds. Each row's
        # cells stop at its last real cell, so memory follows the data, not the declaration.
        parser = _SheetParser(source, workbook, ws._shared_strings, file_checks.MAX_COLUMNS)
        # One RawCell (they are frozen) per distinct plain value: an entry sheet repeats each project's code,
        # name, county and dates on every one of its rows, and the parser makes a new object for each cell (at
        # 50,000 rows: ~520,000 cells, 280,000 strings, most of them repeats, about a third of the import's peak
        # memory). Kept apart by type, so that 1, 1.0 and True, which compare equal, stay what the file holds.
        plain: dict[type, dict[Any, RawCell]] = {}
        empty = RawCell(None)
        for number, cells in parser.parse():
            raw: list[RawCell] = []
            for cell in cells:
                column = cell["column"]
                while len(raw) < column - 1:
                    raw.append(empty)
                value = cell["value"]
                if cell["formula"] is None and cell["data_type"] != "e":
                    same_type = plain.setdefault(value.__class__, {})
                    try:
                        shared = same_type.get(value)
                        if shared is None:
                            shared = same_type[value] = RawCell(value)
                    except TypeError:  # not hashable (openpyxl gives none such today): kept as it is
                        shared = RawCell(value)
                    raw.append(shared)
                else:
                    raw.append(_raw_cell(cell))
            row = RawRow(number, raw)
            if raw and not row.is_blank:
                rows.append(row)
        merged = [
            MergedRange(*_bounds(m.ref), ref=m.ref)
            for m in (parser.merged_cells.mergeCell if parser.merged_cells else [])
        ]
    sheet = RawSheet(
        ws.title,
        rows,
        merged,
        hidden=ws.sheet_state != "visible",
        truncated_columns=parser.beyond_max_col,
    )
    return sheet, len(rows)


def _bounds(ref: str) -> tuple[int, int, int, int]:
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return min_row, min_col, max_row, max_col


def _raw_cell(cell: dict[str, Any]) -> RawCell:
    value, formula = cell["value"], cell["formula"]
    if cell["data_type"] == "e":
        return RawCell(value, formula, error_value=True)
    if formula is not None:
        return RawCell(value, formula, cached_missing=value is None)
    return RawCell(value)


def _read_meta(sheet: RawSheet) -> dict[str, str]:
    meta: dict[str, str] = {}
    for row in sheet.rows:
        key = row.cells[0].value if row.cells else None
        value = row.cells[1].value if len(row.cells) > 1 else None
        if key is not None:
            meta[str(key)] = "" if value is None else str(value)
    return meta


def _read_base(sheet: RawSheet) -> dict[tuple[str, str, str], str | None]:
    base: dict[tuple[str, str, str], str | None] = {}
    for row in sheet.rows[1:]:
        values = [c.value for c in row.cells[:4]] + [None] * 4
        name, record_id, field_name, text = values[:4]
        if name and record_id and field_name:
            base[(str(name), str(record_id).lower(), str(field_name))] = None if text in (None, "") else str(text)
    return base


def _load(info: file_checks.FileInfo) -> Any:
    with warnings.catch_warnings():
        # "Data Validation extension is not supported", "no default style"...: harmless for reading values
        warnings.simplefilter("ignore", UserWarning)
        return load_workbook(io.BytesIO(info.data), read_only=True, data_only=True, keep_links=False, keep_vba=False)


def read_xlsx(info: file_checks.FileInfo) -> RawFile:
    """Read a checked workbook into plain rows. Raises ExchangeFileError for an unreadable or oversized one."""
    sheet_name: str | None = None
    try:
        workbook = _load(info)
    except file_checks.ExchangeFileError:
        raise
    except Exception as exc:  # any parser error on untrusted bytes means the same thing: damaged
        raise _damaged(info.name, None, exc) from exc
    try:
        _check_sizes(info.name, workbook)
        raw = RawFile(info, [])
        data_rows = 0
        with warnings.catch_warnings():
            # dates out of range become error cells with a warning: the analysis reports every such cell
            warnings.simplefilter("ignore", UserWarning)
            for ws in workbook.worksheets:
                sheet_name = ws.title
                sheet, rows_with_data = _read_sheet(workbook, ws)
                if ws.title == layout.SHEET_META:
                    raw.meta = _read_meta(sheet)
                elif ws.title == layout.SHEET_BASE:
                    raw.base, raw.base_present = _read_base(sheet), True
                else:
                    raw.sheets.append(sheet)
                    data_rows += rows_with_data
                    if data_rows > file_checks.MAX_ROWS + HEADER_SEARCH_ROWS * 4:
                        raise file_checks.ExchangeFileError(too_many_rows(info.name))
        return raw
    except file_checks.ExchangeFileError:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # zlib/CRC errors, XML errors, "NaN" in a number cell...: one clear message
        raise _damaged(info.name, sheet_name, exc) from exc
    finally:
        workbook.close()
