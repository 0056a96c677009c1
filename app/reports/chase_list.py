"""催报名单: the printable list of the offices that had not reported a quarter by a chosen date.

The city prints it to chase late reports by telephone: one A4 page (more for a long list) with the title,
the quarter, the as-of date, each late office with its current state and the date of its last step, a
blank column to write the contact and the call down by hand, and the office that generated it and when.
Which offices are late is app.core.submissions.chase_list's rule (not submitted by the end of that day);
this module only lays the list out, in the report fonts (embedded, with the fallback font for rare
characters), and writes it through app.core.output_files like every file the program writes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from app.core import number_format, office, periods, submissions
from app.core.output_files import atomic_output, prepare_output
from app.core.workspace import Workspace
from app.db.models import Setting
from app.reports.layout import ReportDoc
from app.reports.model import UNIT_SETTING
from app.reports.sections_overview import APP_NAME
from app.reports.styles import MARGIN_X, PORTRAIT, para, table_style

TITLE = "季度报送催报名单"
HEADER = ("序号", "单位", "当前状态", "最近日期", "联系人及电话（手填）", "催报记录（手填）")
WRITING_ROW_HEIGHT = 11 * mm  # room to write a name and a telephone number by hand


@dataclass(frozen=True)
class ChaseRow:
    office: str
    state_label: str
    last_date: dt.date | None  # the office's last step (submission or decision), None when never submitted


@dataclass(frozen=True)
class ChaseList:
    period: str
    period_label: str
    by: dt.date
    rows: tuple[ChaseRow, ...]
    expected: int  # how many offices the list was checked against
    issuer: str  # the office (and reporting unit) that generated it
    generated: dt.date


@dataclass(frozen=True)
class ChaseListResult:
    path: Path
    pages: int
    offices: int  # late offices listed


def gather_chase_list(ws: Workspace, period: str, by: dt.date, *, today: dt.date | None = None) -> ChaseList:
    """The late offices of the quarter as of the end of day `by` (ValidationError for a malformed quarter)."""
    code = submissions.canonical_period(period)
    late = submissions.chase_list(ws, code, by)
    expected = len(submissions.list_submissions(ws, code))
    with ws.session() as session:
        current = office.read_office(session)
        unit_row = session.get(Setting, UNIT_SETTING)
    unit = (unit_row.value or "").strip() if unit_row is not None else ""
    label = current.label if current is not None else "（未设置本库所属单位）"
    year, quarter = periods.parse_period(code)
    return ChaseList(
        period=code,
        period_label=number_format.period_label(year, quarter),
        by=by,
        rows=tuple(
            ChaseRow(info.office, info.state_label, info.date.date() if info.date is not None else None)
            for info in late
        ),
        expected=expected,
        issuer=f"{unit}（{label}）" if unit else label,
        generated=today or dt.date.today(),
    )


def render_chase_list(data: ChaseList) -> tuple[bytes, int]:
    """The PDF's bytes and page count."""
    buf = io.BytesIO()
    doc = ReportDoc(
        buf,
        header_left=TITLE,
        header_right=data.period_label,
        title=f"{TITLE}（{data.period_label}，截至{number_format.date_cn(data.by)}）",
        author=data.issuer,
        subject=f"{data.period_label} 报送催报",
        keywords=[data.period, data.by.isoformat()],
        deterministic=False,
        fixed_time=None,
    )
    width = PORTRAIT[0] - 2 * MARGIN_X
    by_text = number_format.date_cn(data.by)
    if data.rows:
        summary = (
            f"截至{by_text}，应报送的 {data.expected} 个单位中，以下 {len(data.rows)} 个单位尚未报送"
            f"{data.period_label}的进度数据（当日及以前未报送；之后才报送的也列出，状态为现在的状态）。"
        )
    else:
        summary = f"截至{by_text}，应报送的 {data.expected} 个单位均已报送{data.period_label}的进度数据。"
    story: list[Flowable] = [
        para(TITLE, "title"),
        para(f"报告期：{data.period_label}　　统计截至：{by_text}", "cover_line"),
        Spacer(1, 6 * mm),
        para(summary, "body"),
        Spacer(1, 2 * mm),
    ]
    if data.rows:
        rows: list[list[object]] = [[para(head, "head") for head in HEADER]]
        for number, row in enumerate(data.rows, start=1):
            rows.append(
                [
                    para(str(number), "cell_c"),
                    para(row.office, "cell"),
                    para(row.state_label, "cell"),
                    para(number_format.date(row.last_date), "cell_c"),
                    "",
                    "",
                ]
            )
        shares = (0.07, 0.2, 0.17, 0.13, 0.25, 0.18)
        table = Table(
            rows,
            colWidths=[width * share for share in shares],
            rowHeights=[None] + [WRITING_ROW_HEIGHT] * len(data.rows),
            repeatRows=1,
        )
        table.setStyle(table_style(zebra=False))
        story.append(table)
    story += [
        Spacer(1, 8 * mm),
        para(f"生成单位：{data.issuer}", "body"),
        para(f"生成日期：{number_format.date_cn(data.generated)}", "body"),
        para(f"由{APP_NAME}生成", "small"),
    ]
    doc.build(story)
    return buf.getvalue(), doc.canv.total_pages


def write_chase_list(
    ws: Workspace,
    period: str,
    by: dt.date,
    out: str | os.PathLike[str],
    *,
    force: bool = False,
    today: dt.date | None = None,
) -> ChaseListResult:
    """Write the 催报名单 PDF to `out` (checked first, written atomically: never half a file)."""
    target = prepare_output(out, kind="pdf", force=force, protected=[ws.db.sqlite_path])
    data = gather_chase_list(ws, period, by, today=today)
    pdf, pages = render_chase_list(data)
    with atomic_output(target) as tmp:
        tmp.write_bytes(pdf)
    return ChaseListResult(target, pages, len(data.rows))
