"""附件 项目详情: one page (or more) per project.

A project whose details run onto a further page repeats its heading there, "附表1-05 <name>（续）":
the project's content sits in a reportlab PTOContainer, which inserts the given header flowables at the
top of every continuation when it is split across pages.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, LongTable, PageBreak, PTOContainer, Table

from app.core import number_format
from app.reports.context import ReportContext, heading
from app.reports.model import ProjectRow
from app.reports.sections_overview import RAG_TEXT
from app.reports.styles import ZEBRA, para, table_style

HEADING_NAME_CHARS = 60  # a longer name is shortened in the heading; the 项目名称 row has it in full
CELL_FONT = 8.5
CELL_LEADING = 11
KV_SHARE = 0.6  # a detail field may fill this share of a page before it is cut


def continuation_heading(p: ProjectRow) -> str:
    return f"{p.code} {number_format.shorten(p.name, HEADING_NAME_CHARS)}（续）"


def _simple_table(
    ctx: ReportContext,
    heads: list[str],
    rows: list[list[object]],
    fractions: list[float],
    extra: list[tuple[object, ...]] | None = None,
) -> LongTable:
    data: list[list[object]] = [[para(h, "head") for h in heads], *rows]
    table = LongTable(data, colWidths=[ctx.pw * f for f in fractions], repeatRows=1)
    table.setStyle(table_style(extra=extra or []))
    return table


def _field(ctx: ReportContext, value: str | None, fraction: float, where: str, share: float = KV_SHARE) -> str:
    width = ctx.pw * fraction - 6  # table_style's 3 pt padding on either side
    return ctx.fit(value, width, CELL_FONT, where=where, leading=CELL_LEADING, share=share)


def _kv(ctx: ReportContext, p: ProjectRow) -> Table:
    det = ctx.data.details[p.id]
    land = number_format.UNKNOWN if det.new_land_mu is None else f"{det.new_land_mu:.3f} 亩"
    estimate = ctx.amt(p.investment_total, unit=True)
    if det.investment_raw and p.investment_total is None:
        estimate += f"（规划原文：{det.investment_raw}）"
    fields: list[tuple[str, str | None, bool]] = [  # label, value, may be long
        ("项目编号", p.code, False),
        ("项目名称", p.name, True),
        ("规划分类", p.category, False),
        ("所属县区", p.county, False),
        ("涉及县区", "、".join(p.counties) or p.county, True),
        ("建设地点", det.location, True),
        ("建设主体", "、".join(det.entities) or None, True),
        ("牵头部门", "、".join(p.departments) or None, True),
        ("建设规模", det.scale, True),
        ("建设内容", det.content, True),
        ("概算总投资", estimate, True),
        ("拟新增建设用地", land, False),
        ("项目状态", p.status, False),
        (
            "本季度完成投资",
            ctx.amt(
                p.invested_quarter,
                unit=True,
                unknown=number_format.UNKNOWN if p.reported else number_format.NOT_REPORTED,
            ),
            False,
        ),
        ("累计完成投资", ctx.amt(p.cumulative, unit=True), False),
        ("投资完成率", number_format.rate(p.completion_rate), False),
        ("红黄绿灯评价", f"{RAG_TEXT.get(p.rag, '未知')}：{'；'.join(p.rag_reasons) or '—'}", True),
        ("形象进度", p.physical_progress, True),
        ("备注", det.note, True),
    ]
    rows = [
        [para(label, "kv_key"), para(_field(ctx, value, 0.82, f"{p.code} {label}") if long else value or "—", "cell")]
        for label, value, long in fields
    ]
    kv = Table(rows, colWidths=[ctx.pw * 0.18, ctx.pw * 0.82])
    kv.setStyle(
        table_style(
            header_rows=0,
            zebra=False,
            extra=[("BACKGROUND", (0, 0), (0, -1), ZEBRA), ("VALIGN", (0, 0), (-1, -1), "TOP")],
        )
    )
    return kv


def _body(ctx: ReportContext, p: ProjectRow) -> list[Flowable]:
    """Everything of the project's detail except its heading."""
    det = ctx.data.details[p.id]
    story: list[Flowable] = [_kv(ctx, p), para("里程碑节点", "h3")]
    if det.milestones:
        rows: list[list[object]] = [
            [
                para(_field(ctx, m.title, 0.40, f"{p.code} 里程碑节点", 0.3), "cell"),
                number_format.date(m.planned),
                number_format.date(m.actual),
                para(m.status, "cell_c"),
                f"{m.days_overdue} 天" if m.days_overdue else "—",
            ]
            for m in det.milestones
        ]
        story.append(
            _simple_table(
                ctx,
                ["节点", "计划日期", "实际日期", "状态", "逾期"],
                rows,
                [0.40, 0.16, 0.16, 0.14, 0.14],
                [("ALIGN", (1, 1), (-1, -1), "CENTER")],
            )
        )
    else:
        story.append(para("未设置里程碑节点。", "small"))

    story.append(para("季度进度", "h3"))
    if det.history:
        rows = [
            [
                h.period,
                ctx.amt(h.invested),
                ctx.amt(h.cumulative),
                ctx.amt(h.annual_plan),
                h.status or "—",
                para(number_format.shorten(h.physical_progress, 80), "cell"),
            ]
            for h in det.history
        ]
        story.append(
            _simple_table(
                ctx,
                ["季度", "完成投资", "累计完成", "年度计划", "状态", "形象进度"],
                rows,
                [0.1, 0.13, 0.13, 0.13, 0.09, 0.42],
                [("ALIGN", (1, 1), (3, -1), "RIGHT"), ("ALIGN", (4, 1), (4, -1), "CENTER")],
            )
        )
        story.append(para("金额单位：亿元。", "small"))
    else:
        story.append(para("尚无季度进度记录。", "small"))

    story.append(para("存在问题", "h3"))
    story.append(para(p.problems or "本季度未填报。", "body"))
    story.append(para("下步计划", "h3"))
    story.append(para(p.next_steps or "本季度未填报。", "body"))
    if det.issues:
        story.append(para("协调问题", "h3"))
        rows = [
            [
                para(_field(ctx, i.description, 0.38, f"{p.code} 协调问题", 0.4), "cell"),
                para(_field(ctx, i.department or "—", 0.18, f"{p.code} 责任部门", 0.2), "cell"),
                number_format.date(i.raised),
                number_format.date(i.deadline),
                number_format.date(i.closed)
                if i.closed
                else (f"超期 {i.days_overdue} 天" if i.days_overdue else "未办结"),
            ]
            for i in det.issues
        ]
        story.append(
            _simple_table(
                ctx,
                ["问题", "责任部门", "提出日期", "办结期限", "办结情况"],
                rows,
                [0.38, 0.18, 0.14, 0.14, 0.16],
                [("ALIGN", (2, 1), (-1, -1), "CENTER")],
            )
        )
    return story


def detail(ctx: ReportContext, p: ProjectRow) -> list[Flowable]:
    if p.id not in ctx.data.details:
        return []
    title = f"{p.code} {number_format.shorten(p.name, HEADING_NAME_CHARS)}"
    # The bookmark heading stays outside the container: reportlab reports only top-level flowables to
    # afterFlowable, where bookmarks are made.
    return [heading(title, 1, "h2"), PTOContainer(_body(ctx, p), header=[para(continuation_heading(p), "h2")])]


def details(ctx: ReportContext) -> list[Flowable]:
    d = ctx.data
    if not d.details:
        return []
    story: list[Flowable] = [
        PageBreak(),
        heading("附件 项目详情"),
        para(
            f"报告范围内 {len(d.projects)} 个项目的基本信息、里程碑、季度进度、存在问题及下步计划，"
            "每个项目另起一页；一页排不下的，续页顶部重复项目编号和名称并注明“（续）”。",
            "body",
        ),
    ]
    for i, p in enumerate(d.projects):
        if i:
            story.append(PageBreak())
        story += detail(ctx, p)
    return story
