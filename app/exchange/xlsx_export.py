"""Portfolio export to .xlsx: styled header, frozen panes, autofilter, number formats with units,
column widths that fit Chinese text, one sheet for everything and optionally one per appendix table.

Every piece of user text is stored as text (xlsx_safe, xlsx_stream.fill): a project called "=HYPERLINK(...)"
stays text. The low-level helpers here (stream_table, write_text_rows, cjk_width, styles) are shared with the
county entry workbook; both workbooks are written in openpyxl's write-only mode through xlsx_stream.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from app import __version__
from app.core import audit, office, output_files, projects
from app.core import reference as ref
from app.core.scope import Scope, project_in_scope
from app.db.models import Project, utcnow
from app.exchange import layout, xlsx_stream
from app.exchange.xlsx_safe import set_text

log = logging.getLogger(__name__)

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2F5597")
EDITABLE_HEADER_FILL = PatternFill("solid", fgColor="C55A11")
EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP_ALIGN = Alignment(vertical="top", wrap_text=True)
TOP_ALIGN = Alignment(vertical="top")
UNLOCKED = Protection(locked=False)

NUMBER_FORMATS = {
    "amount": layout.AMOUNT_FORMAT,
    "land": layout.LAND_FORMAT,
    "rate": layout.RATE_FORMAT,
    "date": layout.DATE_FORMAT,
    "int": layout.INT_FORMAT,
    "version": layout.INT_FORMAT,
    "seq": layout.INT_FORMAT,
}
MAX_WIDTH = 60
HEADER_WRAP_AT = 14  # headers longer than this (in width units) wrap onto two lines


# --- widths ----------------------------------------------------------------------------------------------
def cjk_width(text: Any) -> int:
    """Display width in Excel column units: CJK and full-width characters count 2, others 1.
    For text with line breaks, the longest line."""
    if text is None:
        return 0
    if isinstance(text, float):
        text = f"{text:.4f}"
    elif isinstance(text, (dt.date, dt.datetime)):
        text = "2025-01-01"
    lines = str(text).split("\n")
    return max(
        len(line) if line.isascii() else sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        for line in lines
    )


# --- writing one table -------------------------------------------------------------------------------------
def _plain(value: Any, kind: str) -> Any:
    """The value as openpyxl should store it (numbers as numbers, lists one item per line)."""
    if value is None:
        return None
    if kind in ("amount", "land", "rate"):
        return float(value) if isinstance(value, Decimal) else value
    if kind == "list":
        return "\n".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)
    if kind in ("int", "version", "seq"):
        return int(value)
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        return value
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def _number_format(cell: Cell, kind: str) -> None:
    fmt = NUMBER_FORMATS.get(kind)
    if fmt:
        cell.number_format = fmt
    elif kind in ("id", "code", "period", "text", "list", "status", "county"):
        cell.number_format = layout.TEXT_FORMAT


def _column_width(values: list[Any]) -> int:
    """cjk_width of the widest value; the common case (one line of ASCII, or a number) without a call."""
    widest = 0
    for value in values:
        if value is None:
            continue
        if type(value) is str and value.isascii() and "\n" not in value:
            width = len(value)
        else:
            width = cjk_width(value)
        if width > widest:
            widest = width
    return widest


def stream_table(
    ws: WriteOnlyWorksheet, columns: Iterable[layout.Col], rows: list[dict[str, Any]], *, editable: bool = False
) -> int:
    """One table into a write-only sheet (xlsx_stream.create_sheet): a styled header on row 1, one row per dict,
    widths fitted, panes frozen, autofilter and print setup. editable=True marks the columns a county fills in
    (yellow, unlocked for sheet protection). Returns how many cells had control characters removed (xlsx_safe).

    The widths are measured in a first pass, as a write-only sheet writes its columns before its first row.
    Every cell of a column has the same style: each column has one cell, styled and registered in the
    workbook's style table once (xlsx_stream.fixed_style), refilled for every row; openpyxl writes a row as
    soon as it is appended. Looking the style up per cell was most of the export's time above openpyxl's own
    writing."""
    columns = list(columns)
    by_column = [[_plain(data.get(col.key), col.kind) for data in rows] for col in columns]
    widths = [min(cjk_width(col.label), HEADER_WRAP_AT) for col in columns]
    for c, col in enumerate(columns):
        if not col.wrap:
            widths[c] = max(widths[c], _column_width(by_column[c]))
    _lay_out(ws, columns, widths, len(rows))
    header = []
    for col in columns:
        cell = WriteOnlyCell(ws)
        set_text(cell, col.label)
        cell.font = HEADER_FONT
        cell.fill = EDITABLE_HEADER_FILL if (editable and col.editable) else HEADER_FILL
        cell.alignment = HEADER_ALIGN
        cell.border = BORDER
        header.append(cell)
    ws.append(header)
    templates = []
    for col in columns:
        template = WriteOnlyCell(ws)
        _number_format(template, col.kind)
        template.border = BORDER
        template.alignment = WRAP_ALIGN if col.wrap else TOP_ALIGN
        if editable and col.editable:
            template.fill = EDITABLE_FILL
            template.protection = UNLOCKED
        templates.append(template)
    if not rows:
        return 0  # no cell style registered that no cell uses
    body = [xlsx_stream.fixed_style(template) for template in templates]
    fill = xlsx_stream.fill
    cleaned = 0
    for row in zip(*by_column, strict=True):
        for cell, plain in zip(body, row, strict=True):
            cleaned += fill(cell, plain)
        ws.append(body)
    return cleaned


def write_text_rows(ws: WriteOnlyWorksheet, rows: Iterable[Iterable[str | None]]) -> None:
    """Rows of text from A1 down into a write-only sheet, every value stored as text (xlsx_safe)."""
    cells: list[Cell] = []
    fill_text = xlsx_stream.fill_text
    for row in rows:
        texts = list(row)
        if len(cells) < len(texts):
            cells += xlsx_stream.text_cells(ws, len(texts) - len(cells))
        used = cells[: len(texts)]
        for cell, text in zip(used, texts, strict=True):
            fill_text(cell, text)
        ws.append(used)


def _lay_out(ws: WriteOnlyWorksheet, columns: list[layout.Col], widths: list[int], n_rows: int) -> None:
    """Column widths (fitted to the widest value), hidden columns, header height, frozen panes, autofilter and
    print setup, for a table whose header is row 1. A write-only sheet writes all of these but the autofilter and
    print setup before its first row, so the caller lays it out before streaming the rows."""
    for c, col in enumerate(columns, start=1):
        letter = get_column_letter(c)
        natural = widths[c - 1] + 2
        if col.width is not None:
            width = col.width if col.wrap else max(col.width, natural)
        else:
            width = natural
        ws.column_dimensions[letter].width = max(6, min(width, MAX_WIDTH))
        if col.hidden:
            ws.column_dimensions[letter].hidden = True
    ws.row_dimensions[1].height = 36
    ws.freeze_panes = f"{get_column_letter(_freeze_column(columns))}2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1 + n_rows, 2)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _freeze_column(columns: list[layout.Col]) -> int:
    """Keep the identifying columns (up to and including 项目名称 or 项目编号) in view while scrolling."""
    keys = [c.key for c in columns]
    for key in ("name", "code"):
        if key in keys:
            return keys.index(key) + 2
    return 1


def write_meta(wb: Workbook, meta: dict[str, Any]) -> None:
    """A very hidden sheet saying what the workbook is; the importer reads it back."""
    ws = xlsx_stream.create_sheet(wb, layout.SHEET_META)
    write_text_rows(ws, ((str(key), "" if value is None else str(value)) for key, value in meta.items()))
    ws.sheet_state = "veryHidden"


def office_line(session: Session) -> str:
    """Which office's database the file came from (app.core.office), as every export states it."""
    current = office.read_office(session)
    return f"本库所属单位：{current.label if current is not None else '未设置'}"


def print_office(wb: Workbook, line: str) -> None:
    """The office line in the printed page header of every visible sheet (the table itself starts on row 1,
    where the importer reads its header)."""
    for sheet in wb.worksheets:
        if sheet.sheet_state == "visible":
            sheet.oddHeader.left.text = line.replace("&", "&&")  # & starts a header code in Excel


def write_base(wb: Workbook, entries: list[tuple[str, str, str, str | None]]) -> None:
    """The values pre-filled at export (sheet, record id, field, canonical text), so an import can tell
    what the county changed from what the city changed since (three-way comparison)."""
    ws = xlsx_stream.create_sheet(wb, layout.SHEET_BASE)
    write_text_rows(ws, [("工作表", "记录ID", "字段", "导出时的值"), *entries])
    ws.sheet_state = "veryHidden"


def base_entries(
    sheet: str, rows: list[dict[str, Any]], columns: Iterable[layout.Col]
) -> list[tuple[str, str, str, str | None]]:
    editable = [c for c in columns if c.editable]
    out = []
    for row in rows:
        for col in editable:
            out.append((sheet, row["id"], col.key, audit.as_text(row.get(col.key))))
    return out


# --- choosing projects -------------------------------------------------------------------------------------
def select_projects(
    session: Session,
    *,
    project_ids: Iterable[str] | None = None,
    county: str | None = None,
    department: str | None = None,
    table: int | None = None,
    status: str | None = None,
) -> list[Project]:
    """The portfolio, or the part of it the filters name (all filters combine with AND).

    county and department select by the core's scope rule (app.core.scope), the rule the import enforces.
    Unknown county/department names raise ValueError (a typo must not export nothing)."""
    if county is not None and county not in projects.known_counties(session):
        raise ValueError(f"未知县区“{county}”，可选：{'、'.join(projects.known_counties(session))}")
    if department is not None and department not in projects.known_departments(session):
        raise ValueError(f"未知部门“{department}”（请使用部门列表中的全称）")
    scope = Scope(county, department)
    wanted = set(project_ids) if project_ids is not None else None
    out = []
    for p in projects.list_projects(session):
        if wanted is not None and p.id not in wanted:
            continue
        if not project_in_scope(p, scope):
            continue
        if table is not None and p.appendix_table != table:
            continue
        if status is not None and p.status != status:
            continue
        out.append(p)
    return out


def scope_label(county: str | None, department: str | None) -> str:
    return Scope(county, department).label


# --- derived progress columns ----------------------------------------------------------------------------
def _status_rows(session: Session, period: str | None) -> dict[str, dict[str, Any]] | None:
    """Derived progress per project from the tracking core."""
    from app.core import status as status_mod

    statuses = status_mod.project_statuses(session, period)
    labels = status_mod.RAG_LABELS
    out = {}
    for pid, st in statuses.items():
        last = getattr(st, "last_update", None)
        out[pid] = dict(
            st_period=getattr(st, "period", period),
            st_invested=st.invested_this_quarter,
            st_annual_plan=st.annual_plan,
            st_cumulative=st.cumulative,
            st_rate=st.completion_rate,
            st_rag=labels.get(st.rag, st.rag),
            st_rag_reasons="；".join(st.rag_reasons or []),
            st_overdue=st.overdue_milestones,
            st_open_issues=st.open_issues,
            st_physical=st.physical_progress,
            st_problems=st.problems,
            st_next=st.next_steps,
            st_last_update=last.strftime("%Y-%m-%d %H:%M") if isinstance(last, dt.datetime) else last,
        )
    return out


def project_row(p: Project) -> dict[str, Any]:
    d = projects.project_to_dict(p)
    d["investment_total"] = p.investment_total
    d["new_land_mu"] = p.new_land_mu
    return d


@dataclass
class ExportSummary:
    path: str
    projects: int
    sheets: list[str] = field(default_factory=list)
    period: str | None = None
    with_status: bool = False
    cleaned_cells: int = 0  # cells whose control characters were removed in the file (not in the database)
    warnings: list[str] = field(default_factory=list)


def cleaned_warning(count: int) -> str:
    return (
        f"{count} 个单元格含有 Excel 无法保存的控制字符（多为从 Word 等处粘贴带入），导出文件中已删除；"
        f"数据库中的原文未改动"
    )


def export_portfolio(
    session: Session,
    path: str | Path,
    *,
    project_ids: Iterable[str] | None = None,
    county: str | None = None,
    department: str | None = None,
    table: int | None = None,
    status: str | None = None,
    period: str | None = None,
    per_table: bool = False,
    include_status: bool = True,
    user: str = "system",
    database_id: str | None = None,
) -> ExportSummary:
    """Write the (filtered) portfolio to `path`. Sheet 项目 holds every selected project; with per_table,
    one more sheet per appendix table (附表1..附表7, 规划外新增) repeats its rows for reading and printing."""
    chosen = select_projects(
        session, project_ids=project_ids, county=county, department=department, table=table, status=status
    )
    summary = ExportSummary(str(path), len(chosen), period=period)
    statuses = None
    if include_status:
        try:
            statuses = _status_rows(session, period)
        except Exception as exc:
            log.exception("derived progress columns unavailable")
            summary.warnings.append(f"未能计算进度评价列：{exc}")
    columns = list(layout.PORTFOLIO_BASE_COLUMNS) + (list(layout.STATUS_COLUMNS) if statuses is not None else [])
    summary.with_status = statuses is not None
    rows = []
    for p in chosen:
        row = project_row(p)
        if statuses is not None:
            row.update(statuses.get(p.id, {}))
        rows.append(row)
    if statuses is not None and rows and summary.period is None:
        summary.period = next((r.get("st_period") for r in rows if r.get("st_period")), None)

    # Write-only: openpyxl streams each sheet's rows to the file (xlsx_stream), sheets in their final order.
    wb = Workbook(write_only=True)
    ws = xlsx_stream.create_sheet(wb, layout.SHEET_PORTFOLIO)
    summary.cleaned_cells += stream_table(ws, columns, rows)
    summary.sheets.append(ws.title)
    if per_table:
        groups: dict[int | None, list[dict[str, Any]]] = {}
        for row in rows:
            groups.setdefault(row["appendix_table"], []).append(row)
        for table_no in sorted(groups, key=lambda t: (t is None, t or 0)):
            title = f"附表{table_no}" if table_no is not None else "规划外新增"
            sheet = xlsx_stream.create_sheet(wb, title)
            stream_table(sheet, columns, groups[table_no])  # the same cells again: counted once
            summary.sheets.append(title)
    print_office(wb, office_line(session))
    meta = {
        "kind": layout.WORKBOOK_KIND_PORTFOLIO,
        "format": 1,
        "app_version": __version__,
        "exported_at": utcnow().isoformat(timespec="seconds"),
        "exported_by": user,
        "scope": scope_label(county, department),
        "county": county or "",
        "department": department or "",
        "database_id": database_id or "",
        "office": office_line(session),
        "period": summary.period or "",
        "projects": len(rows),
        "note": "项目表可修改后导入（附表分表仅供阅读，导入时忽略）",
    }
    write_meta(wb, meta)
    write_base(wb, base_entries(layout.SHEET_PORTFOLIO, rows, layout.PORTFOLIO_BASE_COLUMNS))
    wb.active = 0
    if summary.cleaned_cells:
        summary.warnings.append(cleaned_warning(summary.cleaned_cells))
    save_workbook(wb, path)
    return summary


def save_workbook(wb: Workbook, path: str | Path) -> None:
    """Save through a temporary file renamed into place (app.core.output_files): a failed save never leaves
    half a workbook, and the file gets the user's normal permissions. The caller checked the target with
    output_files.prepare_output (never the open database, an existing file only when asked)."""
    with output_files.atomic_output(Path(path)) as tmp:
        wb.save(tmp)


def appendix_title(table: int | None) -> str:
    return ref.appendix_label(table)
