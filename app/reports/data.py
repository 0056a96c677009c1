"""Everything a quarterly report shows, read from the database in bulk into plain dataclasses.

Typesetting (quarterly.py) never touches the database and this module never touches reportlab, so the
figures can be tested on their own and the PDF only lays them out.

Determinism: the report for a locked quarter must come out byte-identical when regenerated. Everything
here is therefore a function of the stored data and the period alone: every list has a total order
(project code as the last key), "as of" is the quarter's last day (never today) and the report date is the
moment the quarter was locked.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import milestones as milestone_rules
from app.core import number_format, periods, status_rules
from app.core import reference as ref
from app.core.projects import known_counties, known_departments
from app.core.status import project_statuses
from app.db.models import (
    CoordinationIssue,
    Department,
    Indicator,
    Milestone,
    Project,
    ProjectLeadDepartment,
    QuarterlyProgress,
    ReportingPeriod,
    Setting,
)

Progress = Callable[[int, int, str], None]
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
        return ref.appendix_label(int(self.value))

    @property
    def title_label(self) -> str:
        """For titles and page headers: 全市 / 平城区 / 大同市水务局 / 附表3 大气环境质量改善工程."""
        return self.value if self.kind == "department" else self.label


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


# ------------------------------------------------------------------------------------------------ output


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
    def sort_key(self) -> tuple:
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
    rate_basis: Total = field(default_factory=Total)  # totals of the projects whose rate is known
    rate_cumulative: Decimal = Decimal(0)
    red: int = 0
    amber: int = 0

    def add(self, p: ProjectRow) -> None:
        self.count += 1
        self.investment_total.add(p.investment_total)
        self.annual_plan.add(p.annual_plan)
        self.quarter.add(p.invested_quarter)
        self.cumulative.add(p.cumulative)
        if p.investment_total is not None and p.investment_total > 0 and p.cumulative is not None:
            self.rate_basis.add(p.investment_total)
            self.rate_cumulative += p.cumulative
        self.red += p.rag == "red"
        self.amber += p.rag == "amber"

    @property
    def completion_rate(self) -> Decimal | None:
        """Σ cumulative / Σ estimated total over the projects where both are known; None if there are none."""
        if not self.rate_basis.known or not self.rate_basis.value:
            return None
        return self.rate_cumulative / self.rate_basis.value


@dataclass
class Summary:
    total: GroupRow
    by_status: list[tuple[str, int]]
    by_rag: list[tuple[str, int]]
    started: int
    completed: int
    reported: int
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


def parse_period_arg(period: str) -> str:
    try:
        return periods.normalize_period(period)
    except ValueError as exc:
        raise ReportInputError(str(exc)) from None


def validate_scope(session: Session, scope: Scope) -> Scope:
    """The scope if it names something that exists, else ReportInputError (one line, Chinese + English)."""
    if scope.kind == "county":
        if scope.value not in known_counties(session):
            raise ReportInputError(f"未知县区“{scope.value}” / unknown county: {scope.value}")
    elif scope.kind == "department":
        if scope.value not in known_departments(session):
            raise ReportInputError(f"未知牵头部门“{scope.value}” / unknown lead department: {scope.value}")
    elif scope.kind == "table":
        try:
            number = int(str(scope.value))
        except ValueError:
            number = 0
        if number not in ref.APPENDIX_TABLES:
            raise ReportInputError(f"附表编号应为 1-7，收到“{scope.value}” / appendix table must be 1-7")
        scope = Scope("table", str(number))
    return scope


def _in_scope(scope: Scope, county: str, counties: list[str], departments: list[str], table: int | None) -> bool:
    if scope.kind == "county":  # the project's county, or a multi-county project that names it
        return county == scope.value or scope.value in (counties or [])
    if scope.kind == "department":
        return scope.value in departments
    if scope.kind == "table":
        return table == int(scope.value)
    return True


def _lead_departments(session: Session) -> dict[str, list[str]]:
    leads: dict[str, list[str]] = defaultdict(list)
    stmt = (
        select(ProjectLeadDepartment.project_id, Department.name)
        .join(Department, Department.id == ProjectLeadDepartment.department_id)
        .order_by(ProjectLeadDepartment.project_id, ProjectLeadDepartment.position)
    )
    for pid, name in session.execute(stmt):
        leads[pid].append(name)
    return leads


def _report_unit(session: Session, options: ReportOptions) -> str | None:
    if options.unit and options.unit.strip():
        return options.unit.strip()
    row = session.get(Setting, UNIT_SETTING)
    return row.value.strip() if row and row.value and row.value.strip() else None


def _summary(projects: list[ProjectRow], county_order: list[str]) -> Summary:
    total = GroupRow("合计")
    status_counts = dict.fromkeys(ref.STATUSES, 0)
    rag_counts = dict.fromkeys(("red", "amber", "green", "unknown"), 0)
    by_category: dict[int | None, GroupRow] = {}
    by_county: dict[str, GroupRow] = {}
    by_department: dict[str, GroupRow] = {}
    started = completed = reported = 0
    for p in projects:
        total.add(p)
        status_counts[p.status] = status_counts.get(p.status, 0) + 1
        rag_counts[p.rag] = rag_counts.get(p.rag, 0) + 1
        started += p.started
        completed += p.completed
        reported += p.reported
        by_category.setdefault(p.appendix_table, GroupRow(p.category)).add(p)
        by_county.setdefault(p.county, GroupRow(p.county)).add(p)
        for d in p.departments or ["（未填牵头部门）"]:
            by_department.setdefault(d, GroupRow(d)).add(p)
    cat_rows = [by_category[k] for k in sorted(by_category, key=lambda t: (t is None, t or 0))]
    order = {name: i for i, name in enumerate(county_order)}
    county_rows = [by_county[k] for k in sorted(by_county, key=lambda c: (order.get(c, len(order)), c))]
    dept_rows = sorted(by_department.values(), key=lambda g: (-g.count, g.label))
    return Summary(
        total=total,
        by_status=list(status_counts.items()),
        by_rag=list(rag_counts.items()),
        started=started,
        completed=completed,
        reported=reported,
        by_category=cat_rows,
        by_county=county_rows,
        by_department=dept_rows,
    )


def _dec(v) -> Decimal | None:
    return None if v is None else Decimal(v)


def _fmt_value(v: Decimal | None) -> str:
    if v is None:
        return ""
    text = format(Decimal(v).normalize(), "f")
    return text


def _indicators(session: Session, year: int) -> list[IndicatorRow]:
    rows = []
    for ind in session.scalars(select(Indicator).order_by(Indicator.seq)):
        latest = None
        for v in ind.values:  # ordered by year
            if v.year <= year and (v.value is not None or (v.value_raw or "").strip()):
                latest = v
        if latest is None:
            latest_text, latest_year = "暂无", None
        else:
            latest_text = (latest.value_raw or "").strip() or _fmt_value(latest.value)
            latest_year = latest.year
        rows.append(
            IndicatorRow(
                seq=ind.seq,
                level1=ind.level1,
                level2=ind.level2,
                name=ind.name,
                unit=ind.unit,
                baseline=(ind.baseline_raw or "").strip() or "—",
                latest=latest_text,
                latest_year=latest_year,
                target=(ind.target_raw or "").strip() or "—",
                binding=ind.binding,
                attribute=ind.attribute_raw or ("约束性" if ind.binding else "预期性"),
            )
        )
    return rows


def _milestones(
    session: Session, by_id: dict[str, ProjectRow], as_of: dt.date, want_all: bool
) -> tuple[list[MilestoneItem], dict[str, list[MilestoneItem]]]:
    overdue: list[MilestoneItem] = []
    per_project: dict[str, list[MilestoneItem]] = defaultdict(list)
    stmt = select(
        Milestone.project_id,
        Milestone.title,
        Milestone.planned_date,
        Milestone.actual_date,
        Milestone.status,
        Milestone.note,
        Milestone.sort_order,
        Milestone.id,
    )
    if not want_all:
        stmt = stmt.where(Milestone.planned_date < as_of)
    rows = session.execute(stmt).all()
    rows.sort(key=lambda r: (r.project_id, r.sort_order, r.planned_date or dt.date.max, r.id))
    for r in rows:
        p = by_id.get(r.project_id)
        if p is None:
            continue
        days = status_rules.overdue_days(r.planned_date, r.actual_date, as_of)
        item = MilestoneItem(
            p.code,
            p.name,
            r.title,
            r.planned_date,
            r.actual_date,
            milestone_rules.effective_status(r.status, r.planned_date, r.actual_date, as_of),
            days,
            r.note,
        )
        if days > 0:
            overdue.append(item)
        if want_all:
            per_project[r.project_id].append(item)
    overdue.sort(key=lambda m: (-m.days_overdue, m.project_code, m.title))
    return overdue, per_project


def _issues(
    session: Session, by_id: dict[str, ProjectRow], as_of: dt.date, want_all: bool
) -> tuple[list[IssueItem], dict[str, list[IssueItem]]]:
    """Issues open on as_of and past their deadline; with want_all also every issue raised by as_of."""
    overdue: list[IssueItem] = []
    per_project: dict[str, list[IssueItem]] = defaultdict(list)
    CI = CoordinationIssue
    stmt = select(
        CI.project_id, CI.description, CI.responsible_department, CI.raised_date, CI.deadline, CI.closed_date, CI.id
    )
    for r in session.execute(stmt):
        p = by_id.get(r.project_id)
        if p is None or (r.raised_date is not None and r.raised_date > as_of):
            continue
        open_then = r.closed_date is None or r.closed_date > as_of
        days = (as_of - r.deadline).days if (open_then and r.deadline is not None and r.deadline < as_of) else 0
        item = IssueItem(
            p.code,
            p.name,
            r.description,
            r.responsible_department,
            r.raised_date,
            r.deadline,
            r.closed_date if not open_then else None,
            days,
        )
        if days > 0:
            overdue.append(item)
        if want_all:
            per_project[r.project_id].append((r.raised_date or dt.date.min, r.id, item))
    overdue.sort(key=lambda i: (-i.days_overdue, i.project_code, i.description))
    ordered = {pid: [t[2] for t in sorted(items, key=lambda t: (t[0], t[1]))] for pid, items in per_project.items()}
    return overdue, ordered


def _history(session: Session, ids: set[str], period: str) -> dict[str, list[HistoryRow]]:
    """Every quarter up to `period` per project, with the running cumulative (as progress_history)."""
    QP = QuarterlyProgress
    out: dict[str, list[HistoryRow]] = defaultdict(list)
    stmt = (
        select(QP.project_id, QP.period, QP.invested, QP.annual_plan, QP.status, QP.physical_progress)
        .where(QP.period <= period)
        .order_by(QP.project_id, QP.period)
    )
    running: dict[str, Decimal | None] = {}
    for r in session.execute(stmt):
        if r.project_id not in ids:
            continue
        if r.invested is not None:  # a quarter with no amount leaves the cumulative unknown, not 0
            running[r.project_id] = (running.get(r.project_id) or Decimal(0)) + r.invested
        out[r.project_id].append(
            HistoryRow(
                r.period,
                _dec(r.invested),
                running.get(r.project_id),
                _dec(r.annual_plan),
                r.status,
                r.physical_progress,
            )
        )
    return out


def _detail_fields(session: Session, ids: set[str]) -> dict[str, dict]:
    cols = (
        Project.id,
        Project.scale,
        Project.content,
        Project.entities,
        Project.location,
        Project.new_land_mu,
        Project.note,
        Project.investment_raw,
    )
    out = {}
    for pid, scale, content, entities, location, land, note, inv_raw in session.execute(select(*cols)):
        if pid in ids:
            out[pid] = dict(
                location=location,
                entities=list(entities or []),
                scale=scale,
                content=content,
                new_land_mu=_dec(land),
                note=note,
                investment_raw=inv_raw,
            )
    return out


def gather(
    session: Session,
    period: str,
    scope: Scope | None = None,
    options: ReportOptions | None = None,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> ReportData:
    """Read everything the report shows. Raises ReportInputError for a bad period or scope."""
    report = progress or (lambda done, total, msg: None)
    scope = validate_scope(session, scope or Scope())
    options = options or ReportOptions()
    code = parse_period_arg(period)
    year, quarter = periods.parse_period(code)
    period_row = session.get(ReportingPeriod, code)
    state = period_row.state if period_row else periods.OPEN
    locked = state == periods.LOCKED
    end = periods.period_end(code)
    if locked:
        as_of = end
        locked_at = period_row.state_changed_at or dt.datetime.combine(end, dt.time())
        report_date = locked_at
    else:
        today = today or dt.date.today()
        as_of = min(today, end)
        locked_at = None
        report_date = dt.datetime.now().replace(microsecond=0)

    report(0, 4, "读取项目…")
    leads = _lead_departments(session)
    statuses = project_statuses(session, code, as_of)
    reported = set(session.scalars(select(QuarterlyProgress.project_id).where(QuarterlyProgress.period == code)))
    # Projects with at least one known amount up to the period. The tracking core sums what is there, so a
    # project whose records all leave the amount blank gets cumulative 0; the report shows that as unknown.
    with_amounts = set(
        session.scalars(
            select(QuarterlyProgress.project_id)
            .where(QuarterlyProgress.period <= code, QuarterlyProgress.invested.is_not(None))
            .distinct()
        )
    )
    cols = (
        Project.id,
        Project.code,
        Project.name,
        Project.appendix_table,
        Project.county,
        Project.counties,
        Project.investment_total,
        Project.status,
    )
    projects: list[ProjectRow] = []
    for pid, pcode, name, table, county, counties, total, pstatus in session.execute(select(*cols)):
        departments = leads.get(pid, [])
        if not _in_scope(scope, county, counties or [], departments, table):
            continue
        st = statuses.get(pid)
        projects.append(
            ProjectRow(
                id=pid,
                code=pcode,
                name=name,
                appendix_table=table,
                category=ref.appendix_label(table),
                county=county,
                counties=list(counties or []),
                departments=list(departments),
                investment_total=_dec(total),
                annual_plan=_dec(st.annual_plan) if st else None,
                invested_quarter=_dec(st.invested_this_quarter) if st and pid in reported else None,
                cumulative=_dec(st.cumulative) if st and pid in with_amounts else None,
                completion_rate=_dec(st.completion_rate) if st and pid in with_amounts else None,
                status=(st.status if st else pstatus) or pstatus,
                rag=st.rag if st else "unknown",
                rag_reasons=list(st.rag_reasons) if st else [],
                physical_progress=st.physical_progress if st else None,
                problems=st.problems if st else None,
                next_steps=st.next_steps if st else None,
                started=bool(st and st.started),
                completed=bool(st and st.completed),
                reported=pid in reported,
                overdue_milestones=st.overdue_milestones if st else 0,
                overdue_issues=st.overdue_issues if st else 0,
            )
        )
    projects.sort(key=lambda p: p.sort_key)
    by_id = {p.id: p for p in projects}

    report(1, 4, "汇总统计…")
    summary = _summary(projects, known_counties(session))
    attention = sorted((p for p in projects if p.rag in ("red", "amber")), key=lambda p: (RAG_ORDER[p.rag], p.sort_key))
    overdue_ms, ms_by_project = _milestones(session, by_id, as_of, options.details)
    overdue_is, is_by_project = _issues(session, by_id, as_of, options.details)

    report(2, 4, "读取规划指标…")
    indicators = _indicators(session, year)

    details: dict[str, ProjectDetail] = {}
    if options.details and projects:
        report(3, 4, "读取项目详情…")
        ids = set(by_id)
        history = _history(session, ids, code)
        fields = _detail_fields(session, ids)
        for p in projects:
            details[p.id] = ProjectDetail(
                **fields[p.id],
                milestones=ms_by_project.get(p.id, []),
                history=history.get(p.id, []),
                issues=is_by_project.get(p.id, []),
            )
    report(4, 4, "数据读取完成")
    return ReportData(
        period=code,
        period_label=number_format.period_label(year, quarter),
        scope=scope,
        options=options,
        state=state,
        state_label=periods.STATE_LABELS.get(state, state),
        locked_at=locked_at,
        as_of=as_of,
        report_date=report_date,
        unit=_report_unit(session, options),
        has_data=bool(summary.reported),
        projects=projects,
        summary=summary,
        attention=attention,
        overdue_milestones=overdue_ms,
        overdue_issues=overdue_is,
        indicators=indicators,
        details=details,
    )
