"""The audit log, filtered as the person filtered it, to an .xlsx: one sheet of entries, newest first, and one
sheet saying which conditions were applied, when and by whom it was exported.

The entries are read a page at a time (app.core.audit_service.iter_entries) and streamed into a write-only
workbook, so a log of 100,000 entries never sits in memory twice. Every text goes through xlsx_safe.set_text:
a value someone typed as "=HYPERLINK(...)" stays text. The file is written through app.core.output_files
(never the open database, an existing file only when asked, a temporary file renamed into place).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.core import audit_service, office, output_files
from app.core.audit_service import AuditFilter, AuditRow
from app.core.workspace import Workspace
from app.exchange.xlsx_safe import set_text

__all__ = ["COLUMNS", "SHEET_CONDITIONS", "SHEET_ENTRIES", "AuditExportResult", "export_audit"]

SHEET_ENTRIES = "修改记录"
SHEET_CONDITIONS = "筛选条件"
EXCEL_MAX_ROWS = 1_048_576  # one of them is the header
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2F5597")
WRAP = Alignment(vertical="top", wrap_text=True)

# (header, width in Excel character units, the row's text)
COLUMNS: tuple[tuple[str, int, Callable[[AuditRow], str | None]], ...] = (
    ("修改人", 12, lambda r: r.user),
    ("项目编号", 11, lambda r: r.project_code),
    ("项目名称", 30, lambda r: r.project_name),
    ("县区", 9, lambda r: r.county),
    ("记录类型", 10, lambda r: r.kind_label),
    ("字段", 22, lambda r: r.field_label or None),
    ("原值", 30, lambda r: r.old_value),
    ("新值", 30, lambda r: r.new_value),
    ("来源", 10, lambda r: r.source_label),
    ("来源说明", 30, lambda r: r.source_detail),
)
TIME_HEADER = "时间"

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class AuditExportResult:
    path: Path
    rows: int
    cleaned_cells: int  # texts whose control characters Excel cannot hold were removed (the database keeps them)


def _header(sheet: Worksheet, titles: list[str]) -> None:
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet)
        set_text(cell, title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cells.append(cell)
    sheet.append(cells)


def _entry_cells(sheet: Worksheet, row: AuditRow) -> tuple[list[WriteOnlyCell], int]:
    when = WriteOnlyCell(sheet, value=row.at.replace(microsecond=0))
    when.number_format = DATETIME_FORMAT
    cells = [when]
    cleaned = 0
    for _title, _width, text in COLUMNS:
        cell = WriteOnlyCell(sheet)
        cleaned += set_text(cell, text(row))
        cell.alignment = WRAP
        cells.append(cell)
    return cells, cleaned


def _office_label(ws: Workspace) -> str:
    """Which office's log this is (app.core.office), as every export states it."""
    current = office.load_office(ws)
    return current.label if current is not None else "未设置"


def _conditions_sheet(wb: Workbook, ws: Workspace, flt: AuditFilter, rows: int) -> None:
    sheet = wb.create_sheet(SHEET_CONDITIONS)
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 60
    _header(sheet, ["条件", "值"])
    lines = flt.describe() or [("筛选", "全部记录（未筛选）")]
    lines += [
        ("条数", str(rows)),
        ("导出时间", dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")),
        ("导出人", ws.user),
        ("数据库", ws.db.label),
        ("本库所属单位", _office_label(ws)),
    ]
    for name, value in lines:
        pair = [WriteOnlyCell(sheet), WriteOnlyCell(sheet)]
        set_text(pair[0], name)
        set_text(pair[1], value)
        sheet.append(pair)


def export_audit(
    ws: Workspace,
    path: str | os.PathLike[str],
    flt: AuditFilter,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> AuditExportResult:
    """Write the entries matching `flt` to `path`. OutputFileError (Chinese/English) when the file may not be
    written there; ValidationError for an impossible filter. Nothing is left behind on failure."""
    target = output_files.prepare_output(path, kind="xlsx", force=force, protected=[ws.db.sqlite_path])
    total = audit_service.count_entries(ws, flt)
    if total >= EXCEL_MAX_ROWS:
        raise output_files.OutputFileError(
            f"符合条件的修改记录有 {total} 条，超过 Excel 一张工作表的上限，请缩小日期范围后分批导出 / "
            f"{total} entries exceed an Excel sheet's row limit: narrow the date range"
        )
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet(SHEET_ENTRIES)
    sheet.freeze_panes = "A2"
    titles = [TIME_HEADER] + [title for title, _width, _text in COLUMNS]
    widths = [20] + [width for _title, width, _text in COLUMNS]
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    _header(sheet, titles)
    written = cleaned = 0
    for row in audit_service.iter_entries(ws, flt):
        cells, row_cleaned = _entry_cells(sheet, row)
        sheet.append(cells)
        written += 1
        cleaned += row_cleaned
        if progress and written % 1000 == 0:
            progress(written, total, f"已写入 {written} / {total} 条")
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{written + 1}"
    _conditions_sheet(wb, ws, flt, written)
    with output_files.atomic_output(target) as tmp:
        wb.save(tmp)
    if progress:
        progress(written, total, f"已导出 {written} 条")
    return AuditExportResult(target, written, cleaned)
