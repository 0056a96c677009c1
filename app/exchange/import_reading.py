"""What the first step of an import produces: plain rows of raw cells, nothing interpreted yet.

An .xlsx is read by xlsx_reading (one streaming pass per sheet, formulas never evaluated), a CSV by
csv_reading (strict quoting; every record keeps the lines it came from). Both give a RawFile; a file that can't
be read at all raises ExchangeFileError with one clear message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.exchange import file_checks

CSV_SHEET = "CSV"
HEADER_SEARCH_ROWS = 10  # the header may sit under a title or two


@dataclass(frozen=True, slots=True)  # about half a million in a 50,000-row workbook: no __dict__, shared by value
class RawCell:
    value: Any
    formula: str | None = None  # the formula text when the cell held one
    cached_missing: bool = False  # a formula without a cached value
    error_value: bool = False  # #N/A, #DIV/0! ...


@dataclass(slots=True)
class RawRow:
    number: int  # the row (xlsx) or the first line (CSV) as the officer's program shows it
    cells: list[RawCell]  # from column A
    last_line: int | None = None  # CSV: the last line of the record (a quoted field may span lines)
    width: int | None = None  # CSV: how many fields the record had, before any were dropped
    embedded_rows: int = 0  # CSV: lines inside quoted fields that look like whole records of their own

    @property
    def is_blank(self) -> bool:
        return all(_blank(cell.value) and cell.formula is None for cell in self.cells)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


@dataclass(frozen=True)
class MergedRange:
    min_row: int
    min_col: int
    max_row: int
    max_col: int
    ref: str


@dataclass
class RawSheet:
    name: str
    rows: list[RawRow]
    merged: list[MergedRange] = field(default_factory=list)
    hidden: bool = False
    truncated_columns: bool = False


@dataclass
class RawFile:
    info: file_checks.FileInfo
    sheets: list[RawSheet]
    meta: dict[str, str] = field(default_factory=dict)
    base: dict[tuple[str, str, str], str | None] = field(default_factory=dict)
    encoding: str | None = None
    base_present: bool = False

    @property
    def is_csv(self) -> bool:
        return self.info.kind == "csv"


def too_many_rows(name: str) -> str:
    return (
        f"文件“{name}”的数据行数超过上限 {file_checks.MAX_ROWS} 行，请分批导入 / more than {file_checks.MAX_ROWS} rows"
    )
