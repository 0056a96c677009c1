"""三 重点关注事项, 四 项目进度表, 五 规划指标 and 六 审核签发 of the quarterly report.

The lists may hold thousands of rows, so they are plain-text tables (tables.text_table). Any text that
would make a row taller than a good part of a page is cut by ReportContext.fit, which notes it.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, NextPageTemplate, PageBreak, Spacer, Table

from app.core import number_format
from app.reports.context import ReportContext, heading, subsection
from app.reports.model import GroupRow, ProjectRow, Total
from app.reports.sections_overview import NO_UNIT_LINE, RAG_TEXT, RATE_SUBSET
from app.reports.styles import ACCENT, HEADER_FILL, RAG_COLORS, para, table_style
from app.reports.tables import PAD_X, text_table

LIST_FONT = 8.0
WIDE_FONT = 7.5


def _list_table(
    ctx: ReportContext,
    heads: list[str],
    rows: list[list[str]],
    fractions: list[float],
    align: dict[int, str] | None = None,
    extra: list[tuple[object, ...]] | None = None,
) -> Flowable:
    """A portrait list (may have thousands of rows in a large portfolio): plain text cells."""
    return text_table(heads, rows, [ctx.pw * f for f in fractions], font_size=LIST_FONT, align=align, extra=extra or [])


def _cell(ctx: ReportContext, value: str | None, fraction: float, where: str, *, landscape: bool = False) -> str:
    """A wrapped list cell of `fraction` of the page width, cut (and noted) if it would be too tall."""
    width = (ctx.lw if landscape else ctx.pw) * fraction - 2 * PAD_X
    size = WIDE_FONT if landscape else LIST_FONT
    return ctx.fit(value, width, size, where=where, landscape=landscape, leading=round(size * 1.27, 2))


def attention(ctx: ReportContext) -> list[Flowable]:
    d = ctx.data
    story: list[Flowable] = [CondPageBreak(60 * mm), heading("三、重点关注事项")]
    red = sum(1 for p in d.attention if p.rag == "red")
    story += subsection("（一）红灯、黄灯项目")
    if d.attention:
        story.append(para(f"共 {len(d.attention)} 项，其中红灯 {red} 项、黄灯 {len(d.attention) - red} 项。", "body"))
        fractions = [0.11, 0.33, 0.11, 0.07, 0.38]
        rows = [
            [
                p.code,
                _cell(ctx, p.name, fractions[1], f"{p.code} 项目名称"),
                p.county,
                f"●{RAG_TEXT[p.rag]}",
                _cell(ctx, "；".join(p.rag_reasons) or "—", fractions[4], f"{p.code} 评价原因"),
            ]
            for p in d.attention
        ]
        colors: list[tuple[object, ...]] = [
            ("TEXTCOLOR", (3, i + 1), (3, i + 1), RAG_COLORS[p.rag]) for i, p in enumerate(d.attention)
        ]
        story.append(
            _list_table(ctx, ["编号", "项目名称", "县区", "评价", "原因"], rows, fractions, {3: "CENTER"}, colors)
        )
    else:
        story.append(para("无红灯、黄灯项目。", "body"))

    story += subsection("（二）逾期里程碑节点")
    if d.overdue_milestones:
        story.append(
            para(
                f"截至 {number_format.date_cn(d.as_of)}，共 {len(d.overdue_milestones)} 个节点已过计划日期仍未完成。",
                "body",
            )
        )
        fractions = [0.11, 0.40, 0.25, 0.13, 0.11]
        rows = [
            [
                m.project_code,
                _cell(ctx, m.project_name, fractions[1], f"{m.project_code} 项目名称"),
                _cell(ctx, m.title, fractions[2], f"{m.project_code} 里程碑节点"),
                number_format.date(m.planned),
                f"{m.days_overdue} 天",
            ]
            for m in d.overdue_milestones
        ]
        story.append(
            _list_table(
                ctx, ["编号", "项目名称", "节点", "计划日期", "逾期"], rows, fractions, {3: "CENTER", 4: "RIGHT"}
            )
        )
    else:
        story.append(para("无逾期里程碑节点。", "body"))

    story += subsection("（三）超过办结期限的协调问题")
    if d.overdue_issues:
        story.append(
            para(
                f"截至 {number_format.date_cn(d.as_of)}，共 {len(d.overdue_issues)} 个协调问题超过办结期限仍未解决。",
                "body",
            )
        )
        fractions = [0.10, 0.22, 0.31, 0.15, 0.12, 0.10]
        rows = [
            [
                i.project_code,
                _cell(ctx, i.project_name, fractions[1], f"{i.project_code} 项目名称"),
                _cell(ctx, i.description, fractions[2], f"{i.project_code} 协调问题"),
                _cell(ctx, i.department or "—", fractions[3], f"{i.project_code} 责任部门"),
                number_format.date(i.deadline),
                f"{i.days_overdue} 天",
            ]
            for i in d.overdue_issues
        ]
        story.append(
            _list_table(
                ctx,
                ["编号", "项目名称", "问题", "责任部门", "办结期限", "超期"],
                rows,
                fractions,
                {4: "CENTER", 5: "RIGHT"},
            )
        )
    else:
        story.append(para("无超过办结期限的协调问题。", "body"))
    return story


# ---------------------------------------------------------------------------------------------- progress table

PROGRESS_HEADS = [
    "编号",
    "项目名称",
    "县区",
    "牵头部门",
    "概算总投资",
    "本季度完成",
    "累计完成",
    "完成率",
    "状态",
    "评价",
    "形象进度",
]
PROGRESS_WIDTHS = [0.062, 0.215, 0.06, 0.13, 0.072, 0.072, 0.072, 0.052, 0.04, 0.045, 0.18]
PROGRESS_WRAP = [True, True, True, True, False, False, False, False, False, False, True]
PROGRESS_ALIGN = {4: "RIGHT", 5: "RIGHT", 6: "RIGHT", 7: "RIGHT", 8: "CENTER", 9: "CENTER"}


def _progress_rows(ctx: ReportContext, projects: list[ProjectRow]) -> tuple[list[list[str]], list[tuple[object, ...]]]:
    rows: list[list[str]] = []
    colors: list[tuple[object, ...]] = []
    for i, p in enumerate(projects):
        quarter = ctx.amt(
            p.invested_quarter, unknown=number_format.UNKNOWN if p.reported else number_format.NOT_REPORTED
        )
        rows.append(
            [
                p.code,
                _cell(ctx, p.name, PROGRESS_WIDTHS[1], f"{p.code} 项目名称", landscape=True),
                p.county,
                _cell(ctx, "、".join(p.departments) or "—", PROGRESS_WIDTHS[3], f"{p.code} 牵头部门", landscape=True),
                ctx.amt(p.investment_total),
                quarter,
                ctx.amt(p.cumulative),
                number_format.rate(p.completion_rate),
                p.status,
                f"●{RAG_TEXT.get(p.rag, '未知')}",
                number_format.shorten(p.physical_progress, 48),
            ]
        )
        if p.rag != "unknown":
            colors.append(("TEXTCOLOR", (9, i + 1), (9, i + 1), RAG_COLORS[p.rag]))
    return rows, colors


def _total_cells(ctx: ReportContext, label: str, g: GroupRow) -> list[str]:
    def cell(t: Total) -> str:
        if not t.known:
            return f"{number_format.UNKNOWN} {t.unknown} 项" if t.unknown else number_format.UNKNOWN
        return ctx.amt(t.value) + (f"\n未知 {t.unknown} 项" if t.unknown else "")

    rate = number_format.rate(g.completion_rate) + (
        f"\n按 {g.rate_projects} 项" if g.completion_rate is not None else ""
    )
    return ["", label, "", "", cell(g.investment_total), cell(g.quarter), cell(g.cumulative), rate, "", "", ""]


def progress_table(ctx: ReportContext) -> list[Flowable]:
    d = ctx.data
    story: list[Flowable] = [
        NextPageTemplate("landscape"),
        PageBreak(),
        heading("四、项目进度表"),
        para(
            f"报告范围内全部 {len(d.projects)} 个项目，按规划附表及序号排列。金额单位：亿元；"
            "“未报送”表示本季度无进度记录，“未知”表示数据缺失；评价为红黄绿灯。"
            f"小计、合计的完成率只按{RATE_SUBSET}的项目计算（即本表中完成率不是“未知”的项目），其下注明项目数。",
            "small",
        ),
    ]
    widths = [ctx.lw * f for f in PROGRESS_WIDTHS]
    groups = {g.label: g for g in d.summary.by_category}
    members: dict[int | None, list[ProjectRow]] = {}
    for p in d.projects:
        members.setdefault(p.appendix_table, []).append(p)
    total_style: list[tuple[object, ...]] = [
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT),
        ("BACKGROUND", (0, -1), (-1, -1), HEADER_FILL),
    ]
    for items in members.values():
        category = items[0].category
        story += subsection(f"{category}（{len(items)} 项）")
        rows, colors = _progress_rows(ctx, items)
        rows.append(_total_cells(ctx, "小计", groups[category]))
        story.append(
            text_table(
                PROGRESS_HEADS, rows, widths, wrap=PROGRESS_WRAP, align=PROGRESS_ALIGN, extra=[*colors, *total_style]
            )
        )
    t = d.summary.total
    total = text_table(
        PROGRESS_HEADS,
        [_total_cells(ctx, f"合计（{t.count} 项）", t)],
        widths,
        wrap=PROGRESS_WRAP,
        align=PROGRESS_ALIGN,
        extra=total_style,
        zebra=False,
    )
    story += [Spacer(1, 3 * mm), KeepTogether([para("全部项目合计", "h3"), total])]
    return story


# ---------------------------------------------------------------------------------------------- indicators


def indicators(ctx: ReportContext) -> list[Flowable]:
    d = ctx.data
    story: list[Flowable] = [CondPageBreak(80 * mm), heading("五、规划指标（表3-1）")]
    if not d.indicators:
        return [*story, para("数据库中没有规划指标。", "body")]
    story.append(para(f"最新值取 {d.as_of.year} 年及以前最近一次填报的数值；未填报的显示“暂无”。", "small"))
    heads = ["序号", "一级指标", "二级指标", "指标名称", "单位", "2020年基期值", "最新值", "2025年目标值", "属性"]
    rows = []
    last1: str | None = None
    last2: str | None = None
    for i in d.indicators:
        latest = i.latest if i.latest_year is None else f"{i.latest}（{i.latest_year}年）"
        rows.append(
            [
                str(i.seq),
                i.level1 if i.level1 != last1 else "",
                i.level2 if (i.level1 != last1 or i.level2 != last2) else "",
                i.name,
                i.unit or "—",
                i.baseline,
                latest,
                i.target,
                i.attribute,
            ]
        )
        last1, last2 = i.level1, i.level2
    fr = [0.04, 0.09, 0.11, 0.25, 0.07, 0.11, 0.11, 0.15, 0.07]
    story.append(
        text_table(
            heads,
            rows,
            [ctx.lw * f for f in fr],
            wrap=[False] + [True] * 8,
            align={0: "CENTER", 4: "CENTER", 5: "CENTER", 6: "CENTER", 7: "CENTER", 8: "CENTER"},
            padding=(1.5, 2.0),
        )
    )
    return story


# ---------------------------------------------------------------------------------------------- sign-off


def signoff(ctx: ReportContext) -> list[Flowable]:
    d = ctx.data
    unit = ctx.fit(d.unit, 100 * mm, 12, where="编制单位", leading=30, share=0.1) if d.unit else NO_UNIT_LINE
    # The signatories stored in the settings (编制人, 审核人, 签发人); 审核人 stays a line to sign when unset.
    signatories = [
        (role, ctx.fit(name, 100 * mm, 12, where=role, leading=30, share=0.1)) for role, name in d.signatories
    ]
    if not any(role == "审核人" for role, _ in signatories):
        signatories.append(("审核人", NO_UNIT_LINE))
    rows = [
        [para("编制单位：", "sign"), para(unit, "sign")],
        *([para(f"{role}：", "sign"), para(name, "sign")] for role, name in signatories),
        [para("日期：", "sign"), para("______年____月____日", "sign")],
    ]
    table = Table(rows, colWidths=[30 * mm, 110 * mm], hAlign="LEFT")
    table.setStyle(table_style(header_rows=0, zebra=False, grid=False))
    return [
        NextPageTemplate("portrait"),
        PageBreak(),
        heading("六、审核签发"),
        para("本报告所列数据由各县区、各牵头部门报送，经汇总形成。", "body"),
        Spacer(1, 8 * mm),
        table,
    ]
