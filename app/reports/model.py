"""What a quarterly report shows, as plain dataclasses: the inputs (scope, options) and the gathered figures.

data.py fills these from the database; the typesetting modules only read them. The headline figures are
defined here, once (see `Summary` and `GroupRow`), and the report's 说明 block states the same definitions
in words (`DEFINITIONS`), so a figure on the page and the sentence that explains it cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from app.core import periods, submissions
from app.core import reference as ref

UNIT_SETTING = "report.unit"  # Setting key: the reporting unit (编制单位) printed on the cover and sign-off
RAG_ORDER = {"red": 0, "amber": 1, "unknown": 2, "green": 3}


class ReportInputError(ValueError):
    """A bad period or scope; the message is one line, Chinese + English."""


# ------------------------------------------------------------------------------------------------ inputs


@dataclass(frozen=True)
class Scope:
    """Which projects a report covers: all, one county, one lead department, or one appendix table."""

    kind: str = "all"  # all | county | department | table
    value: str | None = None

    KINDS = ("all", "county", "department", "table")

    def __post_init__(self) -> None:
        if self.kind not in self.KINDS:
            raise ReportInputError(f"未知的报告范围类型 / unknown scope kind: {self.kind}")
        if self.kind != "all" and not (self.value or "").strip():
            raise ReportInputError(f"报告范围缺少取值 / scope {self.kind} needs a value")

    @property
    def key(self) -> str:
        """Stable text form stored with snapshots: all / county:平城区 / department:… / table:3."""
        return "all" if self.kind == "all" else f"{self.kind}:{self.value}"

    @classmethod
    def from_key(cls, key: str) -> Scope:
        if not key or key == "all":
            return cls()
        kind, _, value = key.partition(":")
        return cls(kind, value)

    @property
    def label(self) -> str:
        if self.kind == "all":
            return "全市"
        if self.kind == "county":
            return str(self.value)
        if self.kind == "department":
            return f"牵头部门：{self.value}"
        return ref.appendix_label(int(str(self.value)))

    @property
    def title_label(self) -> str:
        """For titles and page headers: 全市 / 平城区 / 大同市水务局 / 附表3 大气环境质量改善工程."""
        return str(self.value) if self.kind == "department" else self.label


@dataclass(frozen=True)
class ReportOptions:
    details: bool = False  # one detail page per project
    unit: str | None = None  # 编制单位; None: the database setting, else a blank line to fill in by hand

    @property
    def key(self) -> str:
        """Stable text form stored with snapshots (sorted, only what affects the PDF)."""
        parts = [f"details={int(self.details)}"]
        if self.unit:
            parts.append(f"unit={self.unit}")
        return ";".join(parts)[:200]

    @classmethod
    def from_key(cls, key: str) -> ReportOptions:
        """The options a stored snapshot was generated with (the inverse of `key`)."""
        details, unit = False, None
        for part in (key or "").split(";"):
            name, _, value = part.partition("=")
            if name == "details":
                details = value == "1"
            elif name == "unit":
                unit = value or None
        return cls(details=details, unit=unit)


# ------------------------------------------------------------------------------------------------ output

STARTED_STATUSES = ("在建", "完工")
COMPLETED_STATUS = "完工"

# The report's 说明 block, word for word: what each headline figure counts and over which projects.
DEFINITIONS: tuple[tuple[str, str], ...] = (
    ("项目总数", "报告范围内的全部项目。"),
    (
        "项目状态",
        "每个项目只计一次：取本季度及以前最近一次季度填报的状态，从未填报的取项目库中的状态；"
        "各状态项数之和等于项目总数。",
    ),
    ("已开工", "状态为“在建”或“完工”的项目（= 在建 + 完工）。已有完成投资但状态仍为储备、前期的项目不计入，另行列明。"),
    ("已竣工", "状态为“完工”的项目。"),
    ("本季度已报送", "本季度有进度记录的项目；未报送的项目本季度完成投资为“未报送”，不按零计。"),
    ("累计完成投资", "本季度及以前各季度完成投资之和；从未填报金额的项目为“未知”，不计入合计并注明项数。"),
    (
        "完成率",
        "累计完成投资 ÷ 概算总投资，只按“概算总投资已知且已报送完成投资”的项目计算："
        "分子、分母都是这些项目的合计，并在数字旁注明项目数。其余项目既不计入分子也不计入分母。",
    ),
    (
        "红黄绿灯",
        "按统一的状态规则评定（投资进度与序时进度之差、逾期里程碑、超期协调问题），原因见第三部分；无从评价的为“未知”。",
    ),
)


# The data-coverage statement (which offices' data the report contains), word for word. "Contains" is
# about submissions (app.core.submissions): an office's data is contained when its submission of the quarter
# reached this database and was accepted or awaits review. Printed near the start of 一 总体情况 when the
# database belongs to an office (app.core.office); a database with no office set prints none.
COVERAGE_INCLUDED_STATES = (submissions.ACCEPTED, submissions.SUBMITTED)
COVERAGE_CITY_DEFINITION = (
    "“已含”指该单位本季度的报送已导入本库，状态为“已审核”或“已报送（待审核）”（待审核的数据仍可能被退回修改）；"
    "“未含”指未报送，或报送已被退回、尚待修改重报的单位。已退回单位在退回前报送的数据仍在本库中并计入本报告数字；"
    "未报送单位的项目，本季度数字只来自本库直接录入的进度记录（如有），没有记录的项目按“未报送”列示。"
    "“本报告中有本季度记录”为该单位负责的项目中本报告期有进度记录的项目数。"
)
COVERAGE_COUNTY_DEFINITION = (
    "“含本单位数据”指本单位在本库填报的本季度进度记录；其他单位项目的数据只是市级交换包下发给本库的内容（如有），"
    "不代表这些单位的报送情况。"
)


def in_rate_basis(p: ProjectRow) -> bool:
    """Does project `p` count in completion rates? (estimated total known and > 0, cumulative known)"""
    return p.investment_total is not None and p.investment_total > 0 and p.cumulative is not None


@dataclass
class Total:
    """A sum that leaves unknown values out and says how many it left out."""

    value: Decimal = Decimal(0)
    known: int = 0
    unknown: int = 0

    def add(self, v: Decimal | None) -> None:
        if v is None:
            self.unknown += 1
        else:
            self.value += Decimal(v)
            self.known += 1

    @property
    def amount(self) -> Decimal | None:
        """None when nothing is known: an all-unknown total is unknown, not 0."""
        return self.value if self.known else None


@dataclass
class ProjectRow:
    id: str
    code: str
    name: str
    appendix_table: int | None
    category: str
    county: str
    counties: list[str]
    departments: list[str]
    investment_total: Decimal | None
    annual_plan: Decimal | None
    invested_quarter: Decimal | None
    cumulative: Decimal | None
    completion_rate: Decimal | None
    status: str
    rag: str
    rag_reasons: list[str]
    physical_progress: str | None
    problems: str | None
    next_steps: str | None
    started: bool
    completed: bool
    reported: bool  # a record exists for this quarter
    overdue_milestones: int
    overdue_issues: int

    @property
    def sort_key(self) -> tuple[bool, int, str]:
        return (self.appendix_table is None, self.appendix_table or 0, self.code)


@dataclass
class GroupRow:
    """One line of the 分类 / 县区 / 牵头部门 summaries."""

    label: str
    count: int = 0
    investment_total: Total = field(default_factory=Total)
    annual_plan: Total = field(default_factory=Total)
    quarter: Total = field(default_factory=Total)
    cumulative: Total = field(default_factory=Total)
    # The completion rate's basis (RATE_BASIS in words): the projects whose estimated total is known and
    # above zero and whose cumulative amount is known. rate_basis sums their estimates, rate_cumulative
    # their cumulative amounts, rate_basis.known counts them.
    rate_basis: Total = field(default_factory=Total)
    rate_cumulative: Decimal = Decimal(0)
    red: int = 0
    amber: int = 0

    def add(self, p: ProjectRow) -> None:
        self.count += 1
        self.investment_total.add(p.investment_total)
        self.annual_plan.add(p.annual_plan)
        self.quarter.add(p.invested_quarter)
        self.cumulative.add(p.cumulative)
        if in_rate_basis(p):
            self.rate_basis.add(p.investment_total)
            self.rate_cumulative += p.cumulative or Decimal(0)
        self.red += p.rag == "red"
        self.amber += p.rag == "amber"

    @property
    def rate_projects(self) -> int:
        """How many projects the completion rate is computed over."""
        return self.rate_basis.known

    @property
    def completion_rate(self) -> Decimal | None:
        """Σ cumulative / Σ estimated total over the rate basis; None if the basis is empty."""
        if not self.rate_basis.known or not self.rate_basis.value:
            return None
        return self.rate_cumulative / self.rate_basis.value


@dataclass
class Summary:
    """The headline figures; each is defined once, in `DEFINITIONS`, and computed in data._summary."""

    total: GroupRow
    by_status: list[tuple[str, int]]
    by_rag: list[tuple[str, int]]
    started: int  # status 在建 or 完工 (STARTED_STATUSES)
    completed: int  # status 完工
    reported: int
    spending_not_started: int  # cumulative amount above zero, status neither 在建 nor 完工
    by_category: list[GroupRow]
    by_county: list[GroupRow]
    by_department: list[GroupRow]


@dataclass
class MilestoneItem:
    project_code: str
    project_name: str
    title: str
    planned: dt.date | None
    actual: dt.date | None
    status: str
    days_overdue: int
    note: str | None = None


@dataclass
class IssueItem:
    project_code: str
    project_name: str
    description: str
    department: str | None
    raised: dt.date | None
    deadline: dt.date | None
    closed: dt.date | None
    days_overdue: int


@dataclass
class IndicatorRow:
    seq: int
    level1: str
    level2: str
    name: str
    unit: str | None
    baseline: str
    latest: str
    latest_year: int | None
    target: str
    binding: bool
    attribute: str


@dataclass
class HistoryRow:
    period: str
    invested: Decimal | None
    cumulative: Decimal | None
    annual_plan: Decimal | None
    status: str | None
    physical_progress: str | None


@dataclass
class ProjectDetail:
    location: str | None
    entities: list[str]
    scale: str | None
    content: str | None
    new_land_mu: Decimal | None
    note: str | None
    investment_raw: str | None
    milestones: list[MilestoneItem]
    history: list[HistoryRow]
    issues: list[IssueItem]


@dataclass(frozen=True)
class OfficeCoverage:
    """One office's submission of the report's quarter, as the data-coverage statement lists it."""

    office: str
    state: str  # app.core.submissions state: not_submitted / submitted / returned / accepted
    state_label: str  # 未报送 / 已报送（待审核） / 已退回 / 已审核
    date: dt.datetime | None  # the decision's, else the submission's
    projects_submitted: int  # how many projects the office's submission reported
    projects_with_records: int  # of the office's projects in this report, those with a record this quarter

    @property
    def included(self) -> bool:
        return self.state in COVERAGE_INCLUDED_STATES


@dataclass(frozen=True)
class Coverage:
    """Which offices' data the report contains: in the city every expected office (one county's report: that
    county), in a county office only itself."""

    office: str  # the office this database belongs to
    is_city: bool
    offices: tuple[OfficeCoverage, ...]

    @property
    def included(self) -> tuple[OfficeCoverage, ...]:
        return tuple(o for o in self.offices if o.included)

    @property
    def missing(self) -> tuple[OfficeCoverage, ...]:
        return tuple(o for o in self.offices if not o.included)


@dataclass
class ReportData:
    period: str
    period_label: str
    scope: Scope
    options: ReportOptions
    state: str  # open / submitted / locked
    state_label: str
    locked_at: dt.datetime | None
    as_of: dt.date
    report_date: dt.datetime  # shown on the cover; the lock time for a locked quarter
    unit: str | None
    has_data: bool  # any project in scope reported for this quarter
    projects: list[ProjectRow]
    summary: Summary
    attention: list[ProjectRow]  # red and amber, worst first
    overdue_milestones: list[MilestoneItem]
    overdue_issues: list[IssueItem]
    indicators: list[IndicatorRow]
    details: dict[str, ProjectDetail] = field(default_factory=dict)
    signatories: tuple[tuple[str, str], ...] = ()  # (role, name) from the database settings, for the sign-off
    coverage: Coverage | None = None  # which offices' data it contains; None when no office is set

    @property
    def deterministic(self) -> bool:
        return self.state == periods.LOCKED

    def amounts(self) -> Iterable[Decimal | None]:
        """Every amount the report prints (to choose one number of decimals for all of them)."""
        for p in self.projects:
            yield from (p.investment_total, p.annual_plan, p.invested_quarter, p.cumulative)
        for d in self.details.values():
            for h in d.history:
                yield from (h.invested, h.cumulative, h.annual_plan)


# ------------------------------------------------------------------------------------------------ gathering
