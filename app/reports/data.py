"""Everything a quarterly report shows, read from the database in bulk into the dataclasses of model.py.

Typesetting never touches the database and this module never touches reportlab, so the figures can be
tested on their own and the PDF only lays them out.

Determinism: the report for a locked quarter must come out byte-identical when regenerated. Everything
here is therefore a function of the stored data and the period alone: every list has a total order
(project code as the last key), "as of" is the quarter's last day (never today) and the report date is the
moment the quarter was locked.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import milestones as milestone_rules
from app.core import number_format, office, periods, settings_service, status_rules, submissions
from app.core import reference as ref
from app.core.projects import known_counties, known_departments
from app.core.scope import project_in_scope
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
from app.reports.model import (
    COMPLETED_STATUS,
    RAG_ORDER,
    STARTED_STATUSES,
    UNIT_SETTING,
    Coverage,
    GroupRow,
    HistoryRow,
    IndicatorRow,
    IssueItem,
    MilestoneItem,
    OfficeCoverage,
    ProjectDetail,
    ProjectRow,
    ReportData,
    ReportInputError,
    ReportOptions,
    Scope,
    Summary,
    Total,
)

__all__ = [
    "GroupRow",
    "ReportData",
    "ReportInputError",
    "ReportOptions",
    "Scope",
    "Total",
    "gather",
    "parse_period_arg",
    "validate_scope",
]

Progress = Callable[[int, int, str], None]


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
        return table == int(str(scope.value))
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
    started = completed = reported = spending_not_started = 0
    for p in projects:
        total.add(p)
        status_counts[p.status] = status_counts.get(p.status, 0) + 1
        rag_counts[p.rag] = rag_counts.get(p.rag, 0) + 1
        started += p.started
        completed += p.completed
        reported += p.reported
        spending_not_started += not p.started and bool(p.cumulative)
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
        spending_not_started=spending_not_started,
        by_category=cat_rows,
        by_county=county_rows,
        by_department=dept_rows,
    )


def _dec(v: Decimal | float | int | None) -> Decimal | None:
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
    rows = list(session.execute(stmt).all())
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
    per_project: dict[str, list[tuple[dt.date, str, IssueItem]]] = defaultdict(list)
    issue = CoordinationIssue
    stmt = select(
        issue.project_id,
        issue.description,
        issue.responsible_department,
        issue.raised_date,
        issue.deadline,
        issue.closed_date,
        issue.id,
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
    record = QuarterlyProgress
    out: dict[str, list[HistoryRow]] = defaultdict(list)
    stmt = (
        select(
            record.project_id,
            record.period,
            record.invested,
            record.annual_plan,
            record.status,
            record.physical_progress,
        )
        .where(record.period <= period)
        .order_by(record.project_id, record.period)
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


def _detail_fields(session: Session, ids: set[str]) -> dict[str, dict[str, Any]]:
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


@dataclass(frozen=True)
class _ScopedRow:
    """A report row as app.core.scope's rule looks at a project (the rule is not restated here)."""

    county: str
    counties: list[str]
    lead_departments: list[str]


def _coverage(session: Session, code: str, scope: Scope, projects: list[ProjectRow]) -> Coverage | None:
    """Which offices' data the report contains (model.COVERAGE_*_DEFINITION), or None with no office set."""
    current = office.read_office(session)
    if current is None:
        return None
    infos = submissions.list_submissions_session(session, code)
    if current.is_city and scope.kind == "county":
        infos = [info for info in infos if info.office == scope.value] or infos
    rows = [_ScopedRow(p.county, p.counties, p.departments) for p in projects]
    found = []
    for info in infos:
        rule = office.office_named(info.office, department=info.office not in ref.COUNTY_NAMES).scope
        with_records = sum(
            1 for p, row in zip(projects, rows, strict=True) if p.reported and project_in_scope(row, rule)
        )
        found.append(
            OfficeCoverage(
                office=info.office,
                state=info.state,
                state_label=info.state_label,
                date=info.date,
                projects_submitted=info.projects_reported,
                projects_with_records=with_records,
            )
        )
    return Coverage(office=current.name, is_city=current.is_city, offices=tuple(found))


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
    if locked and period_row is not None:
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
        status = (st.status if st else pstatus) or pstatus
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
                status=status,
                rag=st.rag if st else "unknown",
                rag_reasons=list(st.rag_reasons) if st else [],
                physical_progress=st.physical_progress if st else None,
                problems=st.problems if st else None,
                next_steps=st.next_steps if st else None,
                started=status in STARTED_STATUSES,  # model.DEFINITIONS: 已开工 = 在建 + 完工
                completed=status == COMPLETED_STATUS,
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
        signatories=settings_service.read_settings(session).signatories,
        coverage=_coverage(session, code, scope, projects),
    )
