"""The data-entry workbook a county office or lead department fills in for one quarter, offline.

Layout (see layout.PROGRESS_SPEC / MILESTONE_SPEC):
- 说明: instructions in Chinese (opened first).
- 季度填报: one row per project in scope. Identity columns locked (sheet protection, honoured by Excel and
  WPS); the reported fields unlocked and yellow; a hidden 项目ID and 进度版本 per row; drop-down and
  number/date/length validations with error messages. Existing values of that quarter are pre-filled.
- 里程碑: each project's milestones with a hidden 里程碑ID + 里程碑版本; only 实际完成日期 is unlocked.
- 下拉选项 (hidden): the drop-down lists, referenced by range (inline lists stop at 255 characters).
- _meta / _base (very hidden): what the workbook is, and the values as pre-filled (for conflict review).
The workbook structure is locked so sheets can't be renamed, deleted or unhidden by accident.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import __version__
from app.core import periods, text_rules
from app.core import reference as ref
from app.db.models import Milestone, Project, QuarterlyProgress, utcnow
from app.exchange import cell_parsing as cp
from app.exchange import layout, xlsx_export, xlsx_stream
from app.exchange.xlsx_safe import set_text

STATUS_LIST_COLUMN = "A"


@dataclass
class EntrySummary:
    path: str
    period: str
    scope: str
    projects: int
    milestones: int
    cleaned_cells: int = 0  # cells whose control characters were removed in the file (not in the database)
    warnings: list[str] = field(default_factory=list)


def _progress_rows(session: Session, projects: list[Project], period: str) -> list[dict[str, Any]]:
    from app.core.progress import cumulative_invested_by_project

    records = {
        r.project_id: r for r in session.scalars(select(QuarterlyProgress).where(QuarterlyProgress.period == period))
    }
    previous = periods.previous_period(period)
    cumulative = cumulative_invested_by_project(session, previous)  # one query, not one per project
    rows = []
    for seq, p in enumerate(projects, start=1):
        rec = records.get(p.id)
        rows.append(
            dict(
                id=p.id,
                version=rec.version if rec else 0,
                seq=seq,
                code=p.code,
                name=p.name,
                county=p.county,
                lead_departments=p.lead_departments,
                investment_total=p.investment_total,
                cumulative_before=cumulative.get(p.id),
                project_status=p.status,
                period=period,
                invested=rec.invested if rec else None,
                annual_plan=rec.annual_plan if rec else None,
                physical_progress=rec.physical_progress if rec else None,
                problems=rec.problems if rec else None,
                next_steps=rec.next_steps if rec else None,
                status=rec.status if rec else None,
            )
        )
    return rows


def _milestone_rows(session: Session, projects: list[Project]) -> list[dict[str, Any]]:
    from app.core.milestones import effective_status

    by_id = {p.id: p for p in projects}
    order = {p.id: i for i, p in enumerate(projects)}
    items = list(session.scalars(select(Milestone).where(Milestone.project_id.in_(list(by_id)))))
    items.sort(key=lambda m: (order[m.project_id], m.sort_order, m.created_at))
    today = dt.date.today()
    rows = []
    for seq, m in enumerate(items, start=1):
        p = by_id[m.project_id]
        rows.append(
            dict(
                id=m.id,
                version=m.version,
                seq=seq,
                code=p.code,
                name=p.name,
                title=m.title,
                planned_date=m.planned_date,
                actual_date=m.actual_date,
                milestone_status=effective_status(m.status, m.planned_date, m.actual_date, today),
            )
        )
    return rows


def _validation(ws: WriteOnlyWorksheet, dv: DataValidation, column: int, first: int, last: int) -> None:
    dv.showErrorMessage = True
    dv.showInputMessage = True
    dv.errorStyle = "stop"
    dv.allow_blank = True
    letter = get_column_letter(column)
    dv.add(f"{letter}{first}:{letter}{last}")
    ws.data_validations.append(dv)  # what Worksheet.add_data_validation does (a write-only sheet lacks it)


def _add_validations(ws: WriteOnlyWorksheet, spec: layout.SheetSpec, n_rows: int, status_range: str) -> None:
    if n_rows == 0:
        return
    first, last = 2, n_rows + 1
    for c, col in enumerate(spec.columns, start=1):
        if not col.editable:
            continue
        if col.kind == "amount":
            dv = DataValidation(
                type="decimal",
                operator="between",
                formula1="0",
                formula2="99999999",
                errorTitle="金额有误",
                error="请输入以“亿元”为单位的非负数字，例如 0.35（即 3500 万元）",
                promptTitle=col.label,
                prompt="单位：亿元，最多 4 位小数",
            )
        elif col.kind == "status":
            dv = DataValidation(
                type="list",
                formula1=status_range,
                errorTitle="状态有误",
                error=f"请从下拉列表中选择：{'/'.join(ref.STATUSES)}",
                promptTitle=col.label,
                prompt="请从下拉列表中选择",
            )
        elif col.kind == "date":
            dv = DataValidation(
                type="date",
                operator="between",
                formula1="DATE(1990,1,1)",
                formula2="DATE(2100,12,31)",
                errorTitle="日期有误",
                error="请输入日期，例如 2025-03-01 或 2025年3月1日",
                promptTitle=col.label,
                prompt="格式：2025-03-01；未完成的留空",
            )
        else:
            limit = text_rules.FIELD_LIMITS.get(col.key, cp.MAX_TEXT_CHARS)
            dv = DataValidation(
                type="textLength",
                operator="lessThanOrEqual",
                formula1=str(limit),
                errorTitle="内容过长",
                error=f"每格最多 {limit} 字",
                promptTitle=col.label,
                prompt=col.help[:250] if col.help else "",
            )
        _validation(ws, dv, c, first, last)


def _protect(ws: WriteOnlyWorksheet, password: str | None) -> None:
    """Locked cells (identity columns) can't be edited; unlocked (yellow) ones can. Rows may be resized
    and filtered; columns can't be unhidden, rows can't be inserted or deleted."""
    prot = ws.protection
    prot.sheet = True
    prot.formatRows = False  # allowed: officers make rows taller to read long text
    prot.autoFilter = False  # allowed
    prot.selectLockedCells = False
    prot.selectUnlockedCells = False
    if password:
        prot.password = password


def _status_range() -> str:
    return f"'{layout.SHEET_LISTS}'!${STATUS_LIST_COLUMN}$2:${STATUS_LIST_COLUMN}${len(ref.STATUSES) + 1}"


def _write_lists(wb: Workbook) -> None:
    ws = xlsx_stream.create_sheet(wb, layout.SHEET_LISTS)
    xlsx_export.write_text_rows(ws, [("项目状态",), *((status,) for status in ref.STATUSES)])
    ws.sheet_state = "hidden"


def _write_readme(
    ws: WriteOnlyWorksheet, *, period: str, scope: str, n_projects: int, n_milestones: int, exported_at: str
) -> None:
    year, quarter = periods.parse_period(period)
    lines: list[tuple[str, str]] = [
        ("title", f"大同市生态保护重点项目 {year}年第{quarter}季度进展填报表（{scope}）"),
        ("", f"导出时间：{exported_at}　　项目 {n_projects} 个，里程碑节点 {n_milestones} 个"),
        ("", ""),
        ("h", "填报步骤"),
        (
            "",
            "1. 在“季度填报”表中，逐个项目填写黄色底色的单元格：本季度完成投资、年度计划投资、形象进度、存在问题、下步计划、本季度项目状态。",
        ),
        ("", "2. 在“里程碑”表中，为已完成的节点填写“实际完成日期”（如 2025-03-01 或 2025年3月1日），未完成的留空。"),
        ("", "3. 保存文件（保持 .xlsx 格式，不要另存为 .xls 或 .xlsm），将文件报送市级主管部门。"),
        ("", ""),
        ("h", "填写要求"),
        (
            "",
            "• 金额单位为“亿元”，最多 4 位小数（例如 3500 万元填 0.35）。如粘贴了“500万元”“1.2亿”等带单位的文字，导入时会换算为亿元并提示。",
        ),
        ("", "• 空白表示“未填报/未知”，不是 0；确实为 0 的请填 0。"),
        ("", "• 已有数据为本季度此前报送的内容，可直接修改；不需修改的保持原样即可；删除单元格内容表示清空该项。"),
        ("", "• 项目状态请从下拉列表选择：" + "、".join(ref.STATUSES) + "。"),
        ("", "• 灰白色单元格（项目编号、名称等）已锁定，不能修改；如发现项目信息有误，请在“存在问题”中说明。"),
        ("", "• 请不要插入、删除或调换行，不要合并单元格，不要修改表头，不要使用公式（导入时不执行公式）。"),
        ("", "• 从其他表格粘贴内容会绕过下拉和格式检查，市级导入时会逐格重新校验，有误的会被退回并注明位置和原因。"),
        ("", ""),
        ("h", "各列说明"),
    ]
    for spec in (layout.PROGRESS_SPEC, layout.MILESTONE_SPEC):
        for col in spec.columns:
            if col.help and not col.hidden:
                mark = "（填写）" if col.editable else ""
                lines.append(("", f"• {spec.name} / {col.label}{mark}：{col.help}"))
    lines += [
        (
            "",
            "• 表中还有隐藏的“ID/版本”列：用于导入时识别项目并发现冲突（导出后市级又修改过的记录会逐项确认），请勿改动。",
        ),
        ("", ""),
        ("h", "English summary"),
        (
            "",
            f"Quarterly progress entry workbook for {period}, scope: {scope}. Fill in the yellow cells on "
            "'季度填报' and the actual completion dates on '里程碑'; amounts in 100 million yuan (亿元); "
            "do not insert/delete rows, merge cells or use formulas; save as .xlsx and send it back.",
        ),
    ]
    ws.column_dimensions["A"].width = 120  # before the first row: a write-only sheet writes its columns first
    for style, text in lines:
        cell = WriteOnlyCell(ws)
        set_text(cell, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if style == "title":
            cell.font = Font(bold=True, size=14)
        elif style == "h":
            cell.font = Font(bold=True, size=12, color="2F5597")
        ws.append([cell])
    ws.protection.sheet = True


def build_entry_workbook(
    session: Session,
    path: str | Path,
    *,
    period: str,
    county: str | None = None,
    department: str | None = None,
    project_ids: list[str] | None = None,
    password: str | None = None,
    user: str = "system",
    database_id: str | None = None,
) -> EntrySummary:
    """Write the entry workbook for one county (or lead department) and one quarter to `path`.

    Raises ValueError for an unknown county/department or a malformed period, and PeriodLockedError for
    a locked quarter (a locked quarter can't take new reports, so a form for it would only disappoint)."""
    code = periods.normalize_period(period)
    periods.ensure_writable(session, code)
    projects = xlsx_export.select_projects(session, project_ids=project_ids, county=county, department=department)
    scope = xlsx_export.scope_label(county, department)
    progress = _progress_rows(session, projects, code)
    milestones = _milestone_rows(session, projects)
    exported_at = utcnow().isoformat(timespec="seconds")
    summary = EntrySummary(str(path), code, scope, len(progress), len(milestones))
    if not projects:
        summary.warnings.append(f"{scope}没有项目，填报表为空")

    # Write-only: openpyxl streams each sheet's rows to the file instead of holding every cell in memory. The
    # sheets are created in their final order (the hidden list sheet after the visible ones).
    wb = Workbook(write_only=True)
    readme = xlsx_stream.create_sheet(wb, layout.SHEET_README)
    _write_readme(
        readme,
        period=code,
        scope=scope,
        n_projects=len(progress),
        n_milestones=len(milestones),
        exported_at=exported_at,
    )
    for spec, rows in ((layout.PROGRESS_SPEC, progress), (layout.MILESTONE_SPEC, milestones)):
        ws = xlsx_stream.create_sheet(wb, spec.name)
        summary.cleaned_cells += xlsx_export.stream_table(ws, spec.columns, rows, editable=True)
        _add_validations(ws, spec, len(rows), _status_range())
        _protect(ws, password)
    _write_lists(wb)
    xlsx_export.print_office(wb, xlsx_export.office_line(session))
    xlsx_export.write_meta(
        wb,
        {
            "kind": layout.WORKBOOK_KIND_ENTRY,
            "format": 1,
            "app_version": __version__,
            "period": code,
            "county": county or "",
            "department": department or "",
            "scope": scope,
            "database_id": database_id or "",
            "exported_at": exported_at,
            "exported_by": user,
            "projects": len(progress),
            "milestones": len(milestones),
        },
    )
    xlsx_export.write_base(
        wb,
        xlsx_export.base_entries(layout.SHEET_PROGRESS, progress, layout.PROGRESS_SPEC.columns)
        + xlsx_export.base_entries(layout.SHEET_MILESTONES, milestones, layout.MILESTONE_SPEC.columns),
    )
    wb.security = WorkbookProtection(lockStructure=True)
    if password:
        wb.security.workbookPassword = password
    wb.active = 0
    if summary.cleaned_cells:
        summary.warnings.append(xlsx_export.cleaned_warning(summary.cleaned_cells))
    xlsx_export.save_workbook(wb, path)
    return summary
