"""The quarterly progress report: ReportData (data.py) laid out as a PDF with reportlab platypus.

Order: cover; 一 总体情况 (key figures, 说明, charts); 二 分类统计 (appendix table / county / lead
department); 三 重点关注事项 (red and amber projects, overdue milestones, overdue coordination issues);
四 项目进度表 (landscape, header repeated on every page); 五 规划指标 (Table 3-1); 六 审核签发; 附件 项目详情
(optional, one page or more per project). The sections live in sections_overview, sections_lists and
details; this module puts them together.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.platypus import Flowable

from app.reports import details, sections_lists, sections_overview
from app.reports.context import ReportContext
from app.reports.layout import ReportDoc
from app.reports.model import ReportData
from app.reports.notes import scan_unprintable
from app.reports.sections_overview import APP_NAME, PLAN_TITLE, REPORT_TITLE

Progress = Callable[[int, int, str], None]


def title_of(data: ReportData) -> str:
    return f"{PLAN_TITLE}{REPORT_TITLE}（{data.period_label}，{data.scope.title_label}）"


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    notes: tuple[str, ...] = ()  # "where：what" for every text that was cut or had unprintable characters


def build_story(ctx: ReportContext) -> list[Flowable]:
    """Every section's flowables. The 说明 block's notes are filled in last, once every section has said what
    it had to cut."""
    scan_unprintable(ctx.data, ctx.notes)
    parts = [
        sections_overview.cover(ctx),
        sections_overview.summary(ctx),
        sections_overview.groups(ctx),
        sections_lists.attention(ctx),
        sections_lists.progress_table(ctx),
        sections_lists.indicators(ctx),
        sections_lists.signoff(ctx),
        details.details(ctx),
    ]
    story: list[Flowable] = [flowable for part in parts for flowable in part]
    at = next(i for i, flowable in enumerate(story) if isinstance(flowable, sections_overview.NotesPlaceholder))
    story[at : at + 1] = sections_overview.notes_flowables(ctx)
    return story


def render(
    data: ReportData,
    target: str | BinaryIO | None = None,
    *,
    progress: Progress | None = None,
    check: Callable[[], None] | None = None,
) -> Rendered:
    """Typeset the report; returns the PDF bytes and page count (and writes the bytes to `target` if given).

    `progress(done, total, message)` is called as flowables are laid out; `check()` may raise to cancel.
    """
    buf = io.BytesIO()
    keywords = [data.period, data.scope.key, data.options.key]
    if data.locked_at:
        keywords.append(f"locked {data.locked_at.isoformat(timespec='seconds')}")
    doc = ReportDoc(
        buf,
        header_left=f"{PLAN_TITLE} · {REPORT_TITLE}",
        header_right=f"{data.period_label} · {data.scope.title_label}",
        title=title_of(data),
        author=data.unit or APP_NAME,
        subject=f"{PLAN_TITLE} {data.period_label} 项目进度",
        keywords=keywords,
        deterministic=data.deterministic,
        fixed_time=data.locked_at,
    )
    ctx = ReportContext(data)
    story = build_story(ctx)
    if progress or check:
        state = {"n": 1, "done": 0, "page": 0}

        def on_progress(kind: str, value: int) -> None:
            if kind == "SIZE_EST":
                state["n"] = max(int(value), 1)
            elif kind in ("PROGRESS", "PAGE"):
                if check:
                    check()
                state["done" if kind == "PROGRESS" else "page"] = int(value)
                if progress:
                    progress(min(state["done"], state["n"]), state["n"], f"排版第 {state['page']} 页…")

        doc.setProgressCallBack(on_progress)
    doc.build(story)
    pdf = buf.getvalue()
    if target is not None:
        if isinstance(target, str):
            with open(target, "wb") as fh:
                fh.write(pdf)
        else:
            target.write(pdf)
    return Rendered(pdf, doc.canv.total_pages, tuple(f"{n.where}：{n.what}" for n in ctx.notes))
