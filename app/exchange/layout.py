"""The layout of the exchange workbooks: sheet names, columns, which columns an import reads.

Shared by the portfolio export, the county data-entry workbook and the importer, so the three can
never drift apart. Header labels are what officers see; the importer matches them after NFKC folding
and whitespace removal, so full-width brackets typed by hand (（亿元） vs (亿元)) still match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

SHEET_PORTFOLIO = "项目"
SHEET_PROGRESS = "季度填报"
SHEET_MILESTONES = "里程碑"
SHEET_README = "说明"
SHEET_LISTS = "下拉选项"  # hidden: long drop-down lists live here (inline lists stop at 255 characters)
SHEET_META = "_meta"  # very hidden: what the workbook is (kind, period, scope, exported at)
SHEET_BASE = "_base"  # very hidden: the values pre-filled at export, for three-way conflict detection

WORKBOOK_KIND_PORTFOLIO = "portfolio"
WORKBOOK_KIND_ENTRY = "entry"

AMOUNT_FORMAT = "0.0000"  # 亿元, 4 decimals as the plan prints them
LAND_FORMAT = "#,##0.000"  # 亩
RATE_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
INT_FORMAT = "0"
TEXT_FORMAT = "@"


@dataclass(frozen=True)
class Col:
    key: str  # field name in the database, or a role: "id", "version", "code", "period", "seq"
    label: str
    kind: str = (
        "text"  # id | version | code | period | seq | text | amount | land | rate | date | status | list | county | int
    )
    editable: bool = False  # county offices fill it in (unlocked) and the importer applies it
    hidden: bool = False
    required: bool = False  # the importer refuses a sheet without this header
    width: float | None = None  # None: fit to content (CJK counts double)
    wrap: bool = False
    help: str = ""  # explained on the 说明 sheet


def header_key(label: object) -> str:
    """How headers are compared: NFKC (full-width -> ASCII), no whitespace, no '*' marks, lower case."""
    text = unicodedata.normalize("NFKC", str(label or ""))
    return re.sub(r"[\s*＊]+", "", text).lower()


@dataclass(frozen=True)
class SheetSpec:
    name: str
    entity: str  # project | progress | milestone
    columns: tuple[Col, ...]
    aliases: tuple[str, ...] = field(default=())

    @property
    def editable(self) -> list[Col]:
        return [c for c in self.columns if c.editable]

    def by_header(self) -> dict[str, Col]:
        return {header_key(c.label): c for c in self.columns}

    def col(self, key: str) -> Col:
        return next(c for c in self.columns if c.key == key)


ID_HELP = "隐藏列：记录的唯一标识，导入时据此找到项目，请勿修改、删除或调换行"
VERSION_HELP = "隐藏列：导出时该记录的版本号；导入时若数据库中已有更新的版本，将进入冲突处理"

PROGRESS_SPEC = SheetSpec(
    name=SHEET_PROGRESS,
    entity="progress",
    columns=(
        Col("id", "项目ID", "id", hidden=True, required=True, width=38, help=ID_HELP),
        Col(
            "version",
            "进度版本",
            "version",
            hidden=True,
            required=True,
            width=8,
            help=VERSION_HELP + "（0 表示导出时本季度尚无填报记录）",
        ),
        Col("seq", "序号", "seq", width=6),
        Col("code", "项目编号", "code", required=True, help="附表号-序号，如 附表1-08"),
        Col("name", "项目名称", width=40, wrap=True),
        Col("county", "所属县区"),
        Col("lead_departments", "建议牵头责任部门", "list", width=24, wrap=True),
        Col("investment_total", "概算总投资（亿元）", "amount", help="单位：亿元；空白表示未知（不是 0）"),
        Col(
            "cumulative_before",
            "截至上季度累计完成投资（亿元）",
            "amount",
            help="由系统按以往各季度填报数计算，仅供参考",
        ),
        Col("project_status", "项目当前状态", "status", help="数据库中项目目前的状态，仅供参考"),
        Col("period", "报告期", "period", required=True, width=9, help="如 2025Q3 表示 2025 年第 3 季度"),
        Col(
            "invested",
            "本季度完成投资（亿元）",
            "amount",
            editable=True,
            required=True,
            help="本季度内完成的投资额，单位亿元，最多 4 位小数；也可写“500万元”，导入时换算为亿元",
        ),
        Col(
            "annual_plan",
            "年度计划投资（亿元）",
            "amount",
            editable=True,
            required=True,
            help="本年度计划完成的投资额，单位亿元",
        ),
        Col(
            "physical_progress",
            "形象进度",
            "text",
            editable=True,
            required=True,
            width=36,
            wrap=True,
            help="工程实际进展的文字描述，如“主体工程完成 60%”",
        ),
        Col(
            "problems",
            "存在问题",
            "text",
            editable=True,
            required=True,
            width=30,
            wrap=True,
            help="影响推进的问题；没有可留空",
        ),
        Col(
            "next_steps",
            "下步计划",
            "text",
            editable=True,
            required=True,
            width=30,
            wrap=True,
            help="下一季度的工作安排",
        ),
        Col(
            "status",
            "本季度项目状态",
            "status",
            editable=True,
            required=True,
            width=12,
            help="从下拉列表选择：储备/前期/在建/完工/暂停/取消；填报后项目状态随之更新",
        ),
    ),
)

MILESTONE_SPEC = SheetSpec(
    name=SHEET_MILESTONES,
    entity="milestone",
    columns=(
        Col("id", "里程碑ID", "id", hidden=True, required=True, width=38, help=ID_HELP),
        Col("version", "里程碑版本", "version", hidden=True, required=True, width=8, help=VERSION_HELP),
        Col("seq", "序号", "seq", width=6),
        Col("code", "项目编号", "code", required=True),
        Col("name", "项目名称", width=36, wrap=True),
        Col("title", "里程碑", width=24, wrap=True),
        Col("planned_date", "计划完成日期", "date", width=13),
        Col(
            "actual_date",
            "实际完成日期",
            "date",
            editable=True,
            required=True,
            width=13,
            help="已完成的填写实际完成日期，如 2025-03-01 或 2025年3月1日；未完成的留空",
        ),
        Col("milestone_status", "里程碑状态", width=10, help="由系统根据日期计算，仅供参考"),
    ),
)

PORTFOLIO_BASE_COLUMNS = (
    Col("id", "项目ID", "id", hidden=True, required=True, width=38, help=ID_HELP),
    Col("version", "项目版本", "version", hidden=True, required=True, width=8, help=VERSION_HELP),
    Col("code", "项目编号", "code", required=True),
    Col("appendix_category", "附表"),
    Col("name", "项目名称", "text", editable=True, width=40, wrap=True),
    Col("county", "所属县区", "county", editable=True),
    Col("counties", "涉及县区", "list", editable=True, width=14, wrap=True),
    Col("lead_departments", "建议牵头责任部门", "list", editable=True, width=24, wrap=True),
    Col("entities", "项目建设主体", "list", editable=True, width=24, wrap=True),
    Col("location", "项目建设地点", "text", editable=True, width=24, wrap=True),
    Col("scale", "主要建设规模", "text", editable=True, width=36, wrap=True),
    Col("content", "主要建设内容", "text", editable=True, width=36, wrap=True),
    Col("investment_total", "概算总投资（亿元）", "amount", editable=True),
    Col("new_land_mu", "拟新增建设用地规模（亩）", "land", editable=True),
    Col("status", "状态", "status", editable=True),
    Col("note", "备注", "text", editable=True, width=20, wrap=True),
)

# Derived columns appended to the portfolio sheet when the tracking core is present (read-only on import).
STATUS_COLUMNS = (
    Col("st_period", "报告期", "period", width=9),
    Col("st_invested", "本季度完成投资（亿元）", "amount"),
    Col("st_annual_plan", "年度计划投资（亿元）", "amount"),
    Col("st_cumulative", "累计完成投资（亿元）", "amount"),
    Col("st_rate", "投资完成率", "rate"),
    Col("st_rag", "进度评价", width=9),
    Col("st_rag_reasons", "评价原因", width=36, wrap=True),
    Col("st_overdue", "逾期里程碑（个）", "int"),
    Col("st_open_issues", "未解决问题（个）", "int"),
    Col("st_physical", "形象进度", width=30, wrap=True),
    Col("st_problems", "存在问题", width=30, wrap=True),
    Col("st_next", "下步计划", width=30, wrap=True),
    Col("st_last_update", "最近填报", width=17),
)

PORTFOLIO_SPEC = SheetSpec(name=SHEET_PORTFOLIO, entity="project", columns=PORTFOLIO_BASE_COLUMNS + STATUS_COLUMNS)

IMPORT_SPECS = (PROGRESS_SPEC, MILESTONE_SPEC, PORTFOLIO_SPEC)
SPEC_BY_SHEET = {spec.name: spec for spec in IMPORT_SPECS}
