"""Reading a CSV saved by Excel/WPS ("另存为 CSV") without losing a row to a stray quote.

Python's csv module, left lenient, lets an unclosed quote swallow every following line into one cell: fifteen
rows are then read as one and the import reports success. Here the reader is strict (a quote must close before
a delimiter), every record remembers the lines it spans, and a quoted field whose lines look like records of
their own is counted, so the analysis can refuse the record and name its lines.
"""

from __future__ import annotations

import csv
import io

from app.exchange import file_checks
from app.exchange.import_reading import CSV_SHEET, HEADER_SEARCH_ROWS, RawCell, RawFile, RawRow, RawSheet, too_many_rows


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return "\t" if first_line.count("\t") > first_line.count(",") else ","


def _embedded_rows(values: list[str], delimiter: str, header_width: int) -> int:
    """Lines inside quoted fields that hold a whole record's worth of delimiters: swallowed rows, not text."""
    if header_width < 3:
        return 0
    return sum(
        1
        for value in values
        if "\n" in value
        for line in value.split("\n")[1:]
        if line.count(delimiter) >= header_width - 1
    )


def _quote_error(name: str, first_line: int, last_line: int, exc: csv.Error) -> file_checks.ExchangeFileError:
    where = f"第 {first_line} 行" if first_line == last_line else f"第 {first_line}–{last_line} 行"
    return file_checks.ExchangeFileError(
        f"CSV 文件“{name}”{where}的引号不成对（{exc}）：引号没有闭合时，后面的行会被并进一个单元格。"
        f"请在 Excel/WPS 中检查该行后重新另存为 CSV / unbalanced quote starting at line {first_line}"
    )


def read_csv(info: file_checks.FileInfo) -> RawFile:
    """The CSV as one RawSheet; raises ExchangeFileError for undecodable text or an unbalanced quote."""
    text, encoding = file_checks.decode_csv(info.data, info.name)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[RawRow] = []
    header_width = 0
    while True:
        first_line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _quote_error(info.name, first_line, max(first_line, reader.line_num), exc) from exc
        if len(rows) >= file_checks.MAX_ROWS + HEADER_SEARCH_ROWS:
            raise file_checks.ExchangeFileError(too_many_rows(info.name))
        if not header_width and any(v.strip() for v in values):
            header_width = len(values)  # the first non-blank record; the analysis finds the real header
        rows.append(
            RawRow(
                first_line,
                [RawCell(v) for v in values[: file_checks.MAX_COLUMNS]],
                last_line=reader.line_num,
                width=len(values),
                embedded_rows=_embedded_rows(values, delimiter, header_width),
            )
        )
    return RawFile(info, [RawSheet(CSV_SHEET, rows)], encoding=encoding)
