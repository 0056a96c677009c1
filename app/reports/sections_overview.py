"""The cover, 一 总体情况 (key figures, the 说明 block, charts) and 二 分类统计 of the quarterly report.

Every figure on page 2 comes from `Summary`, whose fields are defined once in `model.DEFINITIONS`; the
说明 block prints those definitions, so the page explains exactly what it counts. A completion rate is
always printed with the projects it is computed over and its numerator and denominator.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    LongTable,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
)

from app.core import number_format, office, submissions
from app.core import reference as ref
from app.reports import charts
from app.reports.context import ReportContext, heading, subsection
from app.reports.model import (
    COVERAGE_CITY_DEFINITION,
    COVERAGE_COUNTY_DEFINITION,
    DEFINITIONS,
    GroupRow,
    OfficeCoverage,
    Total,
)
from app.reports.notes import TRUNCATION_MARK
from app.reports.styles import ACCENT, MUTED, ZEBRA, para, table_style, text
from app.reports.tables import text_table

PLAN_TITLE = "大同市“两山七河一流域”生态保护“十四五”规划"
REPORT_TITLE = "重点项目实施进度季度报告"
APP_NAME = "大同市生态保护重点项目管理系统"
RAG_TEXT = {"red": "红", "amber": "黄", "green": "绿", "unknown": "未知"}
NO_UNIT_LINE = "_" * 24
RATE_SUBSET = "概算总投资已知且已报送完成投资"


def rate_with_basis(ctx: ReportContext, g: GroupRow) -> str:
    """ "61.0%（= 45.7689 ÷ 75.0400，按概算总投资已知且已报送完成投资的 3 个项目）" or why there is none."""
    if g.completion_rate is None:
        return f"{number_format.UNKNOWN}（没有{RATE_SUBSET}的项目）"
    return (
        f"{number_format.rate(g.completion_rate)}（= {ctx.amt(g.rate_cumulative)} ÷ {ctx.amt(g.rate_basis.value)}，"
        f"按{RATE_SUBSET}的 {g.rate_projects} 个项目）"
    )


def cell_total(ctx: ReportContext, t: Total) -> object:
    """A right-aligned amount with the count of unknowns beneath it."""
    if not t.unknown:
        return ctx.amt(t.value)
    if not t.known:
        return f"{number_format.UNKNOWN} {t.unknown} 项"
    main = ctx.amt(t.value)
    return para(f'{main}<br/><font size="6.5" color="#5F6B7A">未知 {t.unknown} 项</font>', "cell_r", markup=True)


# ---------------------------------------------------------------------------------------------- cover


def office_label(ctx: ReportContext) -> str:
    """Which office's database the report came from (app.core.office; the coverage statement names it)."""
    cov = ctx.data.coverage
    if cov is None:
        return "未设置"
    return office.office_named(cov.office, department=cov.office not in ref.COUNTY_NAMES).label


def cover(ctx: ReportContext) -> list[Flowable]:
    d = ctx.data
    story: list[Flowable] = [
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
    unit = ctx.fit(d.unit, 100 * mm, 12, where="编制单位", leading=18, share=0.1) if d.unit else NO_UNIT_LINE
    rows = [
        ("报告范围", d.scope.label + ("（含涉及本县区的跨县区项目）" if d.scope.kind == "county" else "")),
        ("编制单位", unit),
        ("本库所属单位", office_label(ctx)),
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
        para(
            "金额单位：亿元。“未知”表示数据缺失，不按零计入合计，并单独列明项数。各项数字的口径见第2页“说明”。",
            "cover_note",
        ),
        para(f"由{APP_NAME}生成", "cover_note"),
        NextPageTemplate("portrait"),
        PageBreak(),
    ]
    return story


# ---------------------------------------------------------------------------------------------- summary


def _kv_table(ctx: ReportContext, pairs: list[tuple[str, str]]) -> Table:
    """Key figures, one per line: a figure and its qualification are read (and copied) as one sentence."""
    rows = [[para(k, "kv_key"), para(v, "kv_val")] for k, v in pairs]
    table = Table(rows, colWidths=[ctx.pw * 0.18, ctx.pw * 0.82])
    table.setStyle(table_style(header_rows=0, zebra=False, extra=[("BACKGROUND", (0, 0), (0, -1), ZEBRA)]))
    return table


def summary(ctx: ReportContext) -> list[Flowable]:
    d = ctx.data
    sm = d.summary
    t = sm.total
    story: list[Flowable] = [heading("一、总体情况")]
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
    story += coverage(ctx)
    status = dict(sm.by_status)
    started_text = f"已开工 {sm.started} 项（在建 {status.get('在建', 0)} + 完工 {status.get('完工', 0)}），已竣工 {sm.completed} 项"
    pairs = [
        ("项目总数", number_format.count(t.count)),
        ("本季度已报送", f"{sm.reported} 项（未报送 {t.count - sm.reported} 项）"),
        ("概算总投资", ctx.total(t.investment_total)),
        ("年度计划投资", ctx.total(t.annual_plan)),
        ("本季度完成投资", ctx.total(t.quarter)),
        ("累计完成投资", ctx.total(t.cumulative)),
        ("投资完成率", rate_with_basis(ctx, t)),
        ("开工 / 竣工", started_text),
    ]
    story.append(_kv_table(ctx, pairs))
    story.append(Spacer(1, 3 * mm))
    status_text = "，".join(f"{s} {n} 项" for s, n in sm.by_status)
    rag_text = "，".join(
        f"{RAG_TEXT[k]}灯 {n} 项" if k != "unknown" else f"无法评价（未知）{n} 项" for k, n in sm.by_rag
    )
    story.append(para(f"按项目状态：{status_text}，合计 {t.count} 项。", "body"))
    story.append(para(f"按红黄绿灯评价：{rag_text}，合计 {t.count} 项。红灯、黄灯项目及其原因见第三部分。", "body"))
    if sm.spending_not_started:
        story.append(
            para(
                f"另有 {sm.spending_not_started} 个项目已有累计完成投资（如前期费用），但状态仍为储备、前期或暂停，"
                "按说明未计入已开工。",
                "body",
            )
        )
    story += explanation(ctx)
    story.append(Spacer(1, 3 * mm))
    story.append(
        KeepTogether(
            [
                para("图1 各类项目概算总投资、累计完成投资及完成率", "h3"),
                charts.investment_by_category(sm.by_category, ctx.pw, ctx.dec),
                para(f"完成率按各类中{RATE_SUBSET}的项目计算，右侧注明项目数；口径见说明。", "small"),
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


def _office_names(offices: tuple[OfficeCoverage, ...]) -> str:
    return "、".join(o.office for o in offices)


def coverage_sentence(ctx: ReportContext) -> str | None:
    """Which offices' data the report contains, in one sentence (terms defined in model.COVERAGE_*)."""
    cov = ctx.data.coverage
    if cov is None:
        return None
    period = ctx.data.period_label
    if not cov.is_city:
        own = cov.offices[0] if cov.offices else None
        state = own.state_label if own else "未报送"
        when = f"，{number_format.date(own.date)}" if own and own.date else ""
        return f"报送情况：本库属于{cov.office}，本报告含{cov.office}本单位{period}的数据（报送状态：{state}{when}）。"
    parts = []
    for label, state in (("已审核", submissions.ACCEPTED), ("待审核", submissions.SUBMITTED)):
        names = _office_names(tuple(o for o in cov.included if o.state == state))
        if names:
            parts.append(f"{label}：{names}")
    included = (
        f"本报告含 {len(cov.included)} 个单位{period}报送的数据（{'；'.join(parts)}）"
        if parts
        else (f"本报告未含任何单位{period}报送的数据")
    )
    missing_parts = []
    for label, state in (("未报送", submissions.NOT_SUBMITTED), ("已退回待重报", submissions.RETURNED)):
        names = _office_names(tuple(o for o in cov.missing if o.state == state))
        if names:
            missing_parts.append(f"{label}：{names}")
    missing = f"未含 {len(cov.missing)} 个单位（{'；'.join(missing_parts)}）" if missing_parts else "没有未含的单位"
    return f"报送情况（截至本报告生成时）：{included}；{missing}。"


def coverage(ctx: ReportContext) -> list[Flowable]:
    """The data-coverage statement: the sentence, in the city a table of the offices, and what the words mean."""
    sentence = coverage_sentence(ctx)
    cov = ctx.data.coverage
    if sentence is None or cov is None:
        return []
    story: list[Flowable] = [para(sentence, "body")]
    if cov.is_city:
        rows = [
            [
                o.office,
                o.state_label,
                number_format.date(o.date, unknown=""),
                str(o.projects_submitted) if o.state != submissions.NOT_SUBMITTED else "",
                str(o.projects_with_records),
                "已含" if o.included else "未含",
            ]
            for o in cov.offices
        ]
        w = ctx.pw
        story.append(
            text_table(
                ["单位", "报送状态", "日期", "报送项目数", "本报告中有本季度记录", "本报告"],
                rows,
                [w * 0.2, w * 0.2, w * 0.14, w * 0.13, w * 0.21, w * 0.12],
                font_size=8,
                align={3: "RIGHT", 4: "RIGHT", 5: "CENTER"},
            )
        )
        story += [Spacer(1, 1.5 * mm), para(COVERAGE_CITY_DEFINITION, "small")]
    else:
        story.append(para(COVERAGE_COUNTY_DEFINITION, "small"))
    story.append(Spacer(1, 2 * mm))
    return story


def explanation(ctx: ReportContext) -> list[Flowable]:
    """The 说明 block: each headline figure defined once, in words, and what was done to print the texts.

    Typeset last (render() builds every other section first), so the notes are complete.
    """
    story: list[Flowable] = [para("说明", "h3")]
    for term, meaning in DEFINITIONS:
        story.append(para(f"<b>{text(term)}</b>：{text(meaning)}", "small", markup=True))
    story.append(NotesPlaceholder(ctx))
    return story


class NotesPlaceholder(Flowable):  # type: ignore[misc]  # reportlab ships no type information
    """Stands for the list of text notes until the whole story has been built (the notes are collected while
    the later sections are made), then is replaced by it in render()."""

    def __init__(self, ctx: ReportContext) -> None:
        super().__init__()
        self.ctx = ctx


def notes_flowables(ctx: ReportContext) -> list[Flowable]:
    """The notes of what had to be cut or replaced to print the data (see notes.py)."""
    notes = list(ctx.notes)
    if not notes:
        return [para("数据处理：报告中的全部文字均完整印出。", "small")]
    cut, missing = ctx.notes.count("truncated"), ctx.notes.count("unprintable")
    story: list[Flowable] = [
        para(
            f"数据处理：{cut} 处文字过长，超出表格单元一页可容纳的长度，截断处标有“{TRUNCATION_MARK}”；"
            f"{missing} 处含有报告字体无法印出的字符。明细如下（完整内容请在系统中查看）。",
            "small",
        )
    ]
    rows = [[n.where, n.what] for n in notes]
    story.append(text_table(["项目及字段", "处理"], rows, [ctx.pw * 0.3, ctx.pw * 0.7], font_size=7.5))
    return story


# ---------------------------------------------------------------------------------------------- groups

GROUP_HEADS = ["", "项目数", "概算总投资", "年度计划投资", "本季度完成", "累计完成", "完成率", "红灯/黄灯"]


def _rate_cell(ctx: ReportContext, g: GroupRow) -> object:
    """The rate, then numerator ÷ denominator and the number of projects they cover."""
    if g.completion_rate is None:
        return para(
            f'{number_format.UNKNOWN}<br/><font size="6.5" color="#5F6B7A">无可计算项目</font>', "cell_r", markup=True
        )
    basis = f"{ctx.amt(g.rate_cumulative)}÷{ctx.amt(g.rate_basis.value)}"
    return para(
        f'{number_format.rate(g.completion_rate)}<br/><font size="6.5" color="#5F6B7A">{basis}<br/>'
        f"按 {g.rate_projects} 项</font>",
        "cell_r",
        markup=True,
    )


def group_table(ctx: ReportContext, first_header: str, groups: list[GroupRow], total: GroupRow | None) -> LongTable:
    heads = [first_header, *GROUP_HEADS[1:]]
    rows: list[list[object]] = [[para(h, "head") for h in heads]]
    for g in groups + ([total] if total else []):
        rows.append(
            [
                para(ctx.fit(g.label, ctx.pw * 0.2 - 6, 8.5, where=f"{first_header} {g.label[:20]}"), "cell"),
                str(g.count),
                cell_total(ctx, g.investment_total),
                cell_total(ctx, g.annual_plan),
                cell_total(ctx, g.quarter),
                cell_total(ctx, g.cumulative),
                _rate_cell(ctx, g),
                f"{g.red} / {g.amber}",
            ]
        )
    w = ctx.pw
    widths = [w * 0.20, w * 0.06] + [w * 0.12] * 4 + [w * 0.16, w * 0.10]
    extra: list[tuple[object, ...]] = [("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("ALIGN", (-1, 1), (-1, -1), "CENTER")]
    if total:
        extra += [("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT), ("BACKGROUND", (0, -1), (-1, -1), ZEBRA)]
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(table_style(extra=extra))
    return table


def groups(ctx: ReportContext) -> list[Flowable]:
    sm = ctx.data.summary
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        heading("二、分类统计"),
        para(
            "金额单位：亿元。某项数据未知的项目不计入该列合计，在数字下方注明未知项数。"
            f"完成率只按{RATE_SUBSET}的项目计算，其下注明“累计完成÷概算总投资”（均为这些项目的合计）和项目数。",
            "small",
        ),
    ]
    story += [*subsection("（一）按规划附表分类"), group_table(ctx, "规划分类", sm.by_category, sm.total)]
    story += [
        *subsection("（二）按县区"),
        para("按项目所属县区统计（跨县区项目计入其所属县区）。", "small"),
        group_table(ctx, "县区", sm.by_county, sm.total),
    ]
    story += [
        *subsection("（三）按牵头部门"),
        para("多个部门共同牵头的项目在每个牵头部门中分别计入，因此本表各行之和可能大于合计。", "small"),
        group_table(ctx, "牵头部门", sm.by_department, sm.total),
    ]
    return story
