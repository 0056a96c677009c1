"""Safe import of exchange workbooks (.xlsx from Excel or WPS) and CSV files: the one entry point.

Three steps, and nothing is written before the last:

1. read_file(): the bytes were checked (file_checks); xlsx_reading / csv_reading turn them into plain rows.
   Formulas are never evaluated; a damaged or oversized file is one clear error.
2. analyze(session, raw): the sheets are found by their headers (import_headers), every cell the import uses
   is parsed and validated again, and every row is compared with the database (import_analysis, with one
   handler per table in import_rows). The result is an ImportPlan (import_plan): field-by-field changes,
   conflicts for review, errors and notes with sheet, row, column and reason in Chinese.
3. apply_plan(session, plan, resolutions): the changes and the resolved conflicts are written through the
   core services (import_apply). The caller runs it in ONE transaction; any error rolls everything back.

Importing the same file twice changes nothing the second time: equal values are no change.
"""

from __future__ import annotations

from app.exchange import csv_reading, xlsx_reading
from app.exchange.file_checks import FileInfo
from app.exchange.import_analysis import analyze
from app.exchange.import_apply import apply_plan, unresolved_conflicts
from app.exchange.import_plan import (
    MINE,
    THEIRS,
    Conflict,
    FieldChange,
    ImportPlan,
    ImportRejected,
    Issue,
    RowPlan,
    file_error_plan,
)
from app.exchange.import_reading import CSV_SHEET, RawCell, RawFile, RawRow, RawSheet

__all__ = [
    "CSV_SHEET",
    "MINE",
    "THEIRS",
    "Conflict",
    "FieldChange",
    "ImportPlan",
    "ImportRejected",
    "Issue",
    "RawCell",
    "RawFile",
    "RawRow",
    "RawSheet",
    "RowPlan",
    "analyze",
    "apply_plan",
    "file_error_plan",
    "read_file",
    "unresolved_conflicts",
]


def read_file(info: FileInfo) -> RawFile:
    """Read a checked file into plain rows. Raises ExchangeFileError for unreadable files."""
    if info.kind == "csv":
        return csv_reading.read_csv(info)
    return xlsx_reading.read_xlsx(info)
