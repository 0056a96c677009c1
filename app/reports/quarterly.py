"""The quarterly progress report: ReportData (data.py) laid out as a PDF with reportlab platypus.

Order: cover; 一 总体情况 (key figures, charts); 二 分类统计 (appendix table / county / lead department);
三 重点关注事项 (red and amber projects, overdue milestones, overdue coordination issues); 四 项目进度表
(landscape, header repeated on every page); 五 规划指标 (Table 3-1); sign-off block; 附件 项目详情 (optional,
one page per project).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    LongTable,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
)

from app.core import number_format
from app.reports import charts
from app.reports.data import GroupRow, ProjectRow, ReportData, Total
from app.reports.layout import ReportDoc
from app.reports.styles import (
    ACCENT,
    HEADER_FILL,
    MUTED,
    RAG_COLORS,
    ZEBRA,
    para,
    table_style,
)
from app.reports.tables import text_table

PLAN_TITLE = "大同市“两山七河一流域”生态保护“十四五”规划"
REPORT_TITLE = "重点项目实施进度季度报告"
APP_NAME = "大同市生态保护重点项目管理系统"
RAG_TEXT = {"red": "红", "amber": "黄", "green": "绿", "unknown": "未知"}
NO_UNIT_LINE = "_" * 24

Progress = Callable[[int, int, str], None]


class _Ctx:
    """What every section needs: the data, the amount decimals and the page widths."""

    def __init__(self, data: ReportData, doc: ReportDoc):
        self.data = data
        self.dec = number_format.amount_decimals(data.amounts())
        self.pw = doc.portrait_width
        self.lw = doc.landscape_width

    def amt(self, v: Decimal | None, unit: bool = False, unknown: str = number_format.UNKNOWN) -> str:
        return number_format.amount(v, self.dec, unit=unit, unknown=unknown)

    def total(self, t: Total, unit: bool = True) -> str:
        """ "123.4567 亿元（未知 3 项）" / "未知 68 项"."""
        if not t.known:
            return f"{number_format.UNKNOWN} {t.unknown} 项" if t.unknown else number_format.UNKNOWN
        return self.amt(t.value, unit=unit) + number_format.unknown_note(t.unknown)


def heading(title: str, level: int = 0, style: str | None = None):
    """A heading paragraph that becomes a PDF bookmark (see ReportDoc.afterFlowable)."""
    p = para(title, style or ("h1" if level == 0 else "h2"))
    p.outline_level = level
    p.outline_title = title
    return p


def subsection(title: str) -> list:
    """A level-2 heading that never sits alone at the foot of a page."""
    return [CondPageBreak(45 * mm), heading(title, 1, "h2")]


def _cell_total(ctx: _Ctx, t: Total) -> object:
    """A right-aligned amount with the count of unknowns beneath it."""
    if not t.unknown:
        return ctx.amt(t.value)
    if not t.known:
        return f"{number_format.UNKNOWN} {t.unknown} 项"
    main = ctx.amt(t.value)
    return para(f'{main}<br/><font size="6.5" color="#5F6B7A">未知 {t.unknown} 项</font>', "cell_r", markup=True)


# ---------------------------------------------------------------------------------------------- cover


def _cover(ctx: _Ctx) -> list:
    d = ctx.data
    story: list = [
        Spacer(1, 38 * mm),
        para(PLAN_TITLE, "subtitle"),
        Spacer(1, 4 * mm),
        para(REPORT_TITLE, "title"),
        Spacer(1, 6 * mm),
        para(d.period_label, "title"),
        Spacer(1, 22 * mm),
    ]
    state = d.state_label
    if d.locked_at:
        state += f"（{number_format.date(d.locked_at)} 锁定，本报告可复核）"
    elif d.state != "locked":
        state += "（数据尚未锁定，可能变动）"
    rows = [
        ("报告范围", d.scope.label + ("（含涉及本县区的跨县区项目）" if d.scope.kind == "county" else "")),
        ("编制单位", d.unit or NO_UNIT_LINE),
        ("统计截止", number_format.date_cn(d.as_of)),
        ("数据状态", state),
        ("报告日期", number_format.date_cn(d.report_date)),
    ]
    table = Table(
        [[para(k, "cover_key"), para(v, "cover_val")] for k, v in rows], colWidths=[28 * mm, 105 * mm], hAlign="CENTER"
    )
    table.setStyle(
        table_style(
            header_rows=0,
            zebra=False,
            grid=False,
            extra=[
                ("LINEBELOW", (1, 0), (1, -1), 0.5, MUTED),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 9),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ],
        )
    )
    story += [
        table,
        Spacer(1, 30 * mm),
        para("金额单位：亿元。“未知”表示数据缺失，不按零计入合计，并单独列明项数。", "cover_note"),
        para(f"由{APP_NAME}生成", "cover_note"),
        NextPageTemplate("portrait"),
        PageBreak(),
    ]
    return story


# ---------------------------------------------------------------------------------------------- summary


def _kv_table(ctx: _Ctx, pairs: list[tuple[str, str]]) -> Table:
    """Key figures in two label/value column pairs."""
    rows = []
    for i in range(0, len(pairs), 2):
        row = []
        for k, v in pairs[i : i + 2]:
            row += [para(k, "kv_key"), para(v, "kv_val")]
        while len(row) < 4:
            row += ["", ""]
        rows.append(row)
    w = ctx.pw
    table = Table(rows, colWidths=[w * 0.16, w * 0.34, w * 0.16, w * 0.34])
    table.setStyle(
        table_style(
            header_rows=0,
            zebra=False,
            extra=[("BACKGROUND", (0, 0), (0, -1), ZEBRA), ("BACKGROUND", (2, 0), (2, -1), ZEBRA)],
        )
    )
    return table


def _summary(ctx: _Ctx) -> list:
    d = ctx.data
    sm = d.summary
    t = sm.total
    story: list = [heading("一、总体情况")]
    if not d.projects:
        story.append(para("本报告范围内没有项目。", "body"))
    if not d.has_data:
        story.append(
            para(
                f'<font color="#C0392B">本报告期（{d.period_label}）报告范围内尚无任何项目报送进度数据'
                f"（无数据），本季度完成投资均为未知。</font>",
                "body",
                markup=True,
            )
        )
    rate_basis = t.rate_basis.known
    pairs = [
        ("项目总数", number_format.count(t.count)),
        ("本季度已报送", f"{sm.reported} 项（未报送 {t.count - sm.reported} 项）"),
        ("概算总投资", ctx.total(t.investment_total)),
        ("年度计划投资", ctx.total(t.annual_plan)),
        ("本季度完成投资", ctx.total(t.quarter)),
        ("累计完成投资", ctx.total(t.cumulative)),
        ("投资完成率", f"{number_format.rate(t.completion_rate)}（按总投资和累计完成均已知的 {rate_basis} 项计算）"),
        ("开工 / 竣工", f"已开工 {sm.started} 项，已竣工 {sm.completed} 项"),
    ]
    story.append(_kv_table(ctx, pairs))
    story.append(Spacer(1, 3 * mm))
    status_text = "，".join(f"{s} {n} 项" for s, n in sm.by_status)
    rag_text = "，".join(
        f"{RAG_TEXT[k]}灯 {n} 项" if k != "unknown" else f"无法评价（未知）{n} 项" for k, n in sm.by_rag
    )
    story.append(para(f"按项目状态：{status_text}。", "body"))
    story.append(para(f"按红黄绿灯评价：{rag_text}。红灯、黄灯项目及其原因见第三部分。", "body"))
    story.append(
        para(
            "说明：累计完成投资为各季度完成投资之和；完成率 = 累计完成投资 ÷ 概算总投资，"
            "概算总投资未知或尚无进度记录的项目不参与计算，也不按零计入。",
            "small",
        )
    )
    story.append(Spacer(1, 3 * mm))
    story.append(
        KeepTogether(
            [
                para("图1 各类项目概算总投资、累计完成投资及完成率", "h3"),
                charts.investment_by_category(sm.by_category, ctx.pw, ctx.dec),
            ]
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(
        KeepTogether(
            [
                para("图2 项目状态及红黄绿灯评价分布", "h3"),
                charts.status_distribution(sm.by_status, sm.by_rag, ctx.pw),
            ]
        )
    )
    return story


# ---------------------------------------------------------------------------------------------- groups


def _group_table(ctx: _Ctx, first_header: str, groups: list[GroupRow], total: GroupRow | None) -> Table:
    heads = [first_header, "项目数", "概算总投资", "年度计划投资", "本季度完成", "累计完成", "完成率", "红灯/黄灯"]
    rows = [[para(h, "head") for h in heads]]
    for g in groups + ([total] if total else []):
        rows.append(
            [
                para(g.label, "cell"),
                str(g.count),
                _cell_total(ctx, g.investment_total),
                _cell_total(ctx, g.annual_plan),
                _cell_total(ctx, g.quarter),
                _cell_total(ctx, g.cumulative),
                number_format.rate(g.completion_rate),
                f"{g.red} / {g.amber}",
            ]
        )
    w = ctx.pw
    widths = [w * 0.27, w * 0.07] + [w * 0.12] * 4 + [w * 0.08, w * 0.10]
    extra = [("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("ALIGN", (-1, 1), (-1, -1), "CENTER")]
    if total:
        extra += [("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT), ("BACKGROUND", (0, -1), (-1, -1), ZEBRA)]
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(table_style(extra=extra))
    return table


def _groups(ctx: _Ctx) -> list:
    sm = ctx.data.summary
    story: list = [
        CondPageBreak(60 * mm),
        heading("二、分类统计"),
        para("金额单位：亿元。某项数据未知的项目不计入该列合计，在数字下方注明未知项数。", "small"),
    ]
    story += [*subsection("（一）按规划附表分类"), _group_table(ctx, "规划分类", sm.by_category, sm.total)]
    story += [
        *subsection("（二）按县区"),
        para("按项目所属县区统计（跨县区项目计入其所属县区）。", "small"),
        _group_table(ctx, "县区", sm.by_county, sm.total),
    ]
    story += [
        *subsection("（三）按牵头部门"),
        para("多个部门共同牵头的项目在每个牵头部门中分别计入，因此本表各行之和可能大于合计。", "small"),
        _group_table(ctx, "牵头部门", sm.by_department, sm.total),
    ]
    return story


# ---------------------------------------------------------------------------------------------- attention


def _simple_table(ctx: _Ctx, heads: list[str], rows: list[list], fractions: list[float], extra=()) -> Table:
    data = [[para(h, "head") for h in heads]] + rows
    table = LongTable(data, colWidths=[ctx.pw * f for f in fractions], repeatRows=1)
    table.setStyle(table_style(extra=list(extra)))
    return table


def _list_table(
    ctx: _Ctx,
    heads: list[str],
    rows: list[list[str]],
    fractions: list[float],
    align: dict[int, str] | None = None,
    extra=(),
) -> object:
    """A portrait list (may have thousands of rows in a large portfolio): plain text cells."""
    return text_table(heads, rows, [ctx.pw * f for f in fractions], font_size=8, align=align, extra=extra)


def _attention(ctx: _Ctx) -> list:
    d = ctx.data
    story: list = [CondPageBreak(60 * mm), heading("三、重点关注事项")]
    red = sum(1 for p in d.attention if p.rag == "red")
    story += subsection("（一）红灯、黄灯项目")
    if d.attention:
        story.append(para(f"共 {len(d.attention)} 项，其中红灯 {red} 项、黄灯 {len(d.attention) - red} 项。", "body"))
        rows = [[p.code, p.name, p.county, f"●{RAG_TEXT[p.rag]}", "；".join(p.rag_reasons) or "—"] for p in d.attention]
        colors = [("TEXTCOLOR", (3, i + 1), (3, i + 1), RAG_COLORS[p.rag]) for i, p in enumerate(d.attention)]
        story.append(
            _list_table(
                ctx,
                ["编号", "项目名称", "县区", "评价", "原因"],
                rows,
                [0.11, 0.33, 0.11, 0.07, 0.38],
                {3: "CENTER"},
                colors,
            )
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
        rows = [
            [m.project_code, m.project_name, m.title, number_format.date(m.planned), f"{m.days_overdue} 天"]
            for m in d.overdue_milestones
        ]
        story.append(
            _list_table(
                ctx,
                ["编号", "项目名称", "节点", "计划日期", "逾期"],
                rows,
                [0.11, 0.40, 0.25, 0.13, 0.11],
                {3: "CENTER", 4: "RIGHT"},
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
        rows = [
            [
                i.project_code,
                i.project_name,
                i.description,
                i.department or "—",
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
                [0.10, 0.22, 0.31, 0.15, 0.12, 0.10],
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


def _progress_rows(ctx: _Ctx, projects: list[ProjectRow]) -> tuple[list[list], list]:
    rows, colors = [], []
    for i, p in enumerate(projects):
        quarter = ctx.amt(
            p.invested_quarter, unknown=number_format.UNKNOWN if p.reported else number_format.NOT_REPORTED
        )
        rows.append(
            [
                p.code,
                p.name,
                p.county,
                "、".join(p.departments) or "—",
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


def _total_cells(ctx: _Ctx, label: str, g: GroupRow) -> list:
    def cell(t: Total) -> str:
        if not t.known:
            return f"{number_format.UNKNOWN} {t.unknown} 项" if t.unknown else number_format.UNKNOWN
        return ctx.amt(t.value) + (f"\n未知 {t.unknown} 项" if t.unknown else "")

    return [
        "",
        label,
        "",
        "",
        cell(g.investment_total),
        cell(g.quarter),
        cell(g.cumulative),
        number_format.rate(g.completion_rate),
        "",
        "",
        "",
    ]


def _progress_table(ctx: _Ctx) -> list:
    d = ctx.data
    story: list = [
        NextPageTemplate("landscape"),
        PageBreak(),
        heading("四、项目进度表"),
        para(
            f"报告范围内全部 {len(d.projects)} 个项目，按规划附表及序号排列。金额单位：亿元；"
            "“未报送”表示本季度无进度记录，“未知”表示数据缺失；评价为红黄绿灯。",
            "small",
        ),
    ]
    widths = [ctx.lw * f for f in PROGRESS_WIDTHS]
    groups = {g.label: g for g in d.summary.by_category}
    members: dict[int | None, list[ProjectRow]] = {}
    for p in d.projects:
        members.setdefault(p.appendix_table, []).append(p)
    total_style = [("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT), ("BACKGROUND", (0, -1), (-1, -1), HEADER_FILL)]
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


def _indicators(ctx: _Ctx) -> list:
    d = ctx.data
    story: list = [CondPageBreak(80 * mm), heading("五、规划指标（表3-1）")]
    if not d.indicators:
        return story + [para("数据库中没有规划指标。", "body")]
    story.append(para(f"最新值取 {d.as_of.year} 年及以前最近一次填报的数值；未填报的显示“暂无”。", "small"))
    heads = ["序号", "一级指标", "二级指标", "指标名称", "单位", "2020年基期值", "最新值", "2025年目标值", "属性"]
    rows = []
    last1 = last2 = None
    for i in d.indicators:
        latest = i.latest if i.latest_year is None else f"{i.latest}（{i.latest_year}年）"
        rows.append(
            [
                str(i.seq),
                i.level1 if i.level1 != last1 else "",
                i.level2 if (i.level1, i.level2) != (last1, last2) else "",
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


def _signoff(ctx: _Ctx) -> list:
    d = ctx.data
    unit = d.unit or NO_UNIT_LINE
    rows = [
        [para("编制单位：", "sign"), para(unit, "sign")],
        [para("审核人：", "sign"), para(NO_UNIT_LINE, "sign")],
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


# ---------------------------------------------------------------------------------------------- details


def _detail(ctx: _Ctx, p: ProjectRow) -> list:
    det = ctx.data.details.get(p.id)
    if det is None:
        return []
    land = number_format.UNKNOWN if det.new_land_mu is None else f"{det.new_land_mu:.3f} 亩"
    fields = [
        ("项目编号", p.code),
        ("规划分类", p.category),
        ("所属县区", p.county),
        ("涉及县区", "、".join(p.counties) or p.county),
        ("建设地点", det.location or "—"),
        ("建设主体", "、".join(det.entities) or "—"),
        ("牵头部门", "、".join(p.departments) or "—"),
        ("建设规模", det.scale or "—"),
        ("建设内容", det.content or "—"),
        (
            "概算总投资",
            ctx.amt(p.investment_total, unit=True)
            + (f"（规划原文：{det.investment_raw}）" if det.investment_raw and p.investment_total is None else ""),
        ),
        ("拟新增建设用地", land),
        ("项目状态", p.status),
        (
            "本季度完成投资",
            ctx.amt(
                p.invested_quarter,
                unit=True,
                unknown=number_format.UNKNOWN if p.reported else number_format.NOT_REPORTED,
            ),
        ),
        ("累计完成投资", ctx.amt(p.cumulative, unit=True)),
        ("投资完成率", number_format.rate(p.completion_rate)),
        ("红黄绿灯评价", f"{RAG_TEXT.get(p.rag, '未知')}：{'；'.join(p.rag_reasons) or '—'}"),
        ("形象进度", p.physical_progress or "—"),
        ("备注", det.note or "—"),
    ]
    kv = Table([[para(k, "kv_key"), para(v, "cell")] for k, v in fields], colWidths=[ctx.pw * 0.18, ctx.pw * 0.82])
    kv.setStyle(
        table_style(
            header_rows=0,
            zebra=False,
            extra=[("BACKGROUND", (0, 0), (0, -1), ZEBRA), ("VALIGN", (0, 0), (-1, -1), "TOP")],
        )
    )
    story: list = [heading(f"{p.code} {p.name}", 1, "h2"), kv]

    story.append(para("里程碑节点", "h3"))
    if det.milestones:
        rows = [
            [
                para(m.title, "cell"),
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
                para(i.description, "cell"),
                para(i.department or "—", "cell"),
                number_format.date(i.raised),
                number_format.date(i.deadline),
                number_format.date(i.closed)
                if i.closed
                else ("超期 %d 天" % i.days_overdue if i.days_overdue else "未办结"),
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


def _details(ctx: _Ctx) -> list:
    d = ctx.data
    if not d.details:
        return []
    story: list = [
        PageBreak(),
        heading("附件 项目详情"),
        para(
            f"报告范围内 {len(d.projects)} 个项目的基本信息、里程碑、季度进度、存在问题及下步计划，每个项目单独成页。",
            "body",
        ),
    ]
    for i, p in enumerate(d.projects):
        if i:
            story.append(PageBreak())
        story += _detail(ctx, p)
    return story


# ---------------------------------------------------------------------------------------------- build


def title_of(data: ReportData) -> str:
    return f"{PLAN_TITLE}{REPORT_TITLE}（{data.period_label}，{data.scope.title_label}）"


@dataclass
class Rendered:
    pdf: bytes
    pages: int


def render(
    data: ReportData, target=None, *, progress: Progress | None = None, check: Callable[[], None] | None = None
) -> Rendered:
    """Typeset the report; returns the PDF bytes and page count (and writes the bytes to `target` if given).

    `progress(done, total, message)` is called as flowables are laid out; `check()` may raise to cancel.
    """
    buf = io.BytesIO()
    keywords = [data.period, data.scope.key, data.options.key]
    if data.locked_at:
        keywords.append(f"locked {data.locked_at.isoformat(timespec='seconds')}")
    header_left = f"{PLAN_TITLE} · {REPORT_TITLE}"
    header_right = f"{data.period_label} · {data.scope.title_label}"
    doc = ReportDoc(
        buf,
        header_left=header_left,
        header_right=header_right,
        title=title_of(data),
        author=data.unit or APP_NAME,
        subject=f"{PLAN_TITLE} {data.period_label} 项目进度",
        keywords=keywords,
        deterministic=data.deterministic,
        fixed_time=data.locked_at,
    )
    ctx = _Ctx(data, doc)
    story = (
        _cover(ctx)
        + _summary(ctx)
        + _groups(ctx)
        + _attention(ctx)
        + _progress_table(ctx)
        + _indicators(ctx)
        + _signoff(ctx)
        + _details(ctx)
    )
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
    pages = doc.canv.total_pages
    if target is not None:
        if hasattr(target, "write"):
            target.write(pdf)
        else:
            with open(target, "wb") as fh:
                fh.write(pdf)
    return Rendered(pdf, pages)
