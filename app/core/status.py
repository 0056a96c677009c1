"""Portfolio status for one reporting period: derived figures and the RAG rating of every project at once.

One bulk computation (a fixed handful of queries however many projects there are) because the portfolio
table, the reports and the exports all show every project; per-project queries would take minutes at 100k.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import BindParameter, Select, String, and_, bindparam, case, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from app.core import periods
from app.core import status_rules as rules
from app.core.bulk_build import bulk_objects
from app.core.in_turns import let_go
from app.db.models import CoordinationIssue, Milestone, Project, QuarterlyProgress

RAG_LABELS = rules.RAG_LABELS
QP = QuarterlyProgress


@dataclass(slots=True)
class ProjectStatus:
    project_id: str
    period: str | None  # the quarter the quarter-specific fields come from (None: never reported)
    invested_this_quarter: Decimal | None
    annual_plan: Decimal | None
    cumulative: Decimal | None
    completion_rate: Decimal | None
    status: str
    rag: str
    rag_reasons: list[str]
    overdue_milestones: int
    open_issues: int
    overdue_issues: int
    last_update: dt.datetime | None
    physical_progress: str | None
    problems: str | None
    next_steps: str | None
    started: bool
    completed: bool
    # Beyond the contract: what editors and reports need without another query.
    rag_label: str = ""
    investment_total: Decimal | None = None
    elapsed_share: Decimal | None = None
    gap_pp: Decimal | None = None
    progress_id: str | None = None
    progress_version: int | None = None
    overdue_milestone_titles: list[str] = field(default_factory=list)
    # The day overdue days and 序时进度 were judged on (today for the running quarter, else its last day).
    as_of: dt.date | None = None
    schedule_window: rules.ScheduleWindow | None = None  # None: not judged on a time line (not started)


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def status_to_dict(st: ProjectStatus) -> dict[str, Any]:
    """JSON-friendly form (floats, ISO dates)."""
    return dict(
        project_id=st.project_id,
        period=st.period,
        invested=_num(st.invested_this_quarter),
        annual_plan=_num(st.annual_plan),
        cumulative=_num(st.cumulative),
        completion_rate=_num(st.completion_rate),
        status=st.status,
        rag=st.rag,
        rag_label=st.rag_label,
        rag_reasons=list(st.rag_reasons),
        overdue_milestones=st.overdue_milestones,
        open_issues=st.open_issues,
        overdue_issues=st.overdue_issues,
        last_update=st.last_update.isoformat() if st.last_update else None,
        physical_progress=st.physical_progress,
        problems=st.problems,
        next_steps=st.next_steps,
        started=st.started,
        completed=st.completed,
        investment_total=_num(st.investment_total),
        elapsed_share=_num(st.elapsed_share),
        gap_pp=_num(st.gap_pp),
        progress_id=st.progress_id,
        version=st.progress_version,
        as_of=st.as_of.isoformat() if st.as_of else None,
    )


_QuarterRow = tuple[str, str, Decimal | None, str | None, str | None, str | None, int]


@dataclass(frozen=True, slots=True)
class _Aggregate:
    """A project's records up to a period: how many state an amount, their sum, the last update, the first
    quarter reported."""

    amounts: int
    total: Decimal | None
    last_update: dt.datetime | None
    first_period: str


@dataclass(slots=True)
class _ProgressFacts:
    aggregates: dict[str, _Aggregate] = field(default_factory=dict)
    # project_id -> (id, period, invested, physical_progress, problems, next_steps, version) of the record of
    # `period`, or of each project's latest record when period is None.
    quarter: dict[str, _QuarterRow] = field(default_factory=dict)
    statuses: dict[str, tuple[str, str]] = field(default_factory=dict)  # latest record stating a status
    plans: dict[str, tuple[str, Decimal]] = field(default_factory=dict)  # latest record stating an annual plan


@cache
def _progress_statement(by_period: bool, by_ids: bool) -> Select[Any]:
    """_progress_facts' statement, built once per shape and run with the parameters "period" (the quarter up to
    which records count) and "only" (project ids). Built per call, its subquery and three aliases (about a
    thousand objects in reference cycles) were garbage after every status; a load freezing the collector's
    generations meanwhile (bulk_objects) kept them for good: most of the 2,700-3,600 objects each saved edit left
    (BENCHMARKS.md, "Tenth round")."""
    period = bindparam("period", type_=QP.period.type)
    conditions = []
    if by_period:
        conditions.append(QP.period <= period)
    if by_ids:
        conditions.append(QP.project_id.in_(bindparam("only", expanding=True)))
    grouped = (
        select(
            QP.project_id.label("pid"),
            func.count(QP.invested).label("n"),
            func.sum(QP.invested).label("total"),
            func.max(QP.updated_at).label("last"),
            func.min(QP.period).label("first"),
            func.max(QP.period).label("latest"),
            func.max(case((QP.annual_plan.is_not(None), QP.period))).label("plan_period"),
            func.max(case((QP.status.is_not(None), QP.period))).label("status_period"),
        )
        .where(*conditions)
        .group_by(QP.project_id)
        .subquery()
    )
    record, plan, stated = aliased(QP), aliased(QP), aliased(QP)
    record_period = grouped.c.latest if not by_period else period
    stmt = (
        select(
            grouped.c.pid,
            grouped.c.n,
            grouped.c.total,
            grouped.c.last,
            grouped.c.first,
            record.id,
            record.period,
            record.invested,
            record.physical_progress,
            record.problems,
            record.next_steps,
            record.version,
            grouped.c.plan_period,
            plan.annual_plan,
            grouped.c.status_period,
            stated.status if by_period else literal(None, String).label("status"),
        )
        .select_from(grouped)
        .outerjoin(record, and_(record.project_id == grouped.c.pid, record.period == record_period))
        .outerjoin(plan, and_(plan.project_id == grouped.c.pid, plan.period == grouped.c.plan_period))
    )
    if by_period:  # a quarter's status comes from its latest record stating one; "now" has none
        stmt = stmt.outerjoin(
            stated, and_(stated.project_id == grouped.c.pid, stated.period == grouped.c.status_period)
        )
    return stmt


def _progress_facts(session: Session, period: str | None, only: Sequence[str] | None) -> _ProgressFacts:
    """Everything the rules need from the quarterly records up to `period`, in ONE statement: a single
    grouping pass over the records (count, sum, last update, first and latest quarter, latest quarter with a
    plan / a status), then the few records it names fetched by the (project_id, period) unique key. Four
    separate grouping queries over every record took most of the status time at 100k projects."""
    parameters: dict[str, Any] = {}
    if period is not None:
        parameters["period"] = period
    if only is not None:
        parameters["only"] = list(only)
    stmt = _progress_statement(period is not None, only is not None)
    facts = _ProgressFacts()
    for (
        pid,
        n,
        total,
        last,
        first,
        rec_id,
        rec_period,
        invested,
        physical,
        problems,
        next_steps,
        version,
        plan_period,
        annual_plan,
        status_period,
        status_value,
    ) in session.connection().execute(stmt, parameters):
        facts.aggregates[pid] = _Aggregate(n, total, last, first)
        if rec_id is not None:
            facts.quarter[pid] = (rec_id, rec_period, invested, physical, problems, next_steps, version)
        if plan_period is not None:
            facts.plans[pid] = (plan_period, annual_plan)
        if status_period is not None and status_value is not None:
            facts.statuses[pid] = (status_period, status_value)
    return facts


@dataclass(slots=True)
class _MilestoneFacts:
    count: int = 0
    start_actual: dt.date | None = None
    start_planned: dt.date | None = None
    end_planned: dt.date | None = None
    end_actual: dt.date | None = None
    overdue: list[rules.OverdueMilestone] = field(default_factory=list)


@cache
def _milestone_statements(
    by_ids: bool,
) -> tuple[Select[str, int], Select[str, str, str, dt.date | None, dt.date | None]]:
    """_milestone_facts' two statements, built once per shape and run with the parameters "as_of" and "only", as
    _progress_statement is: built per call, their bound values and clauses were cyclic garbage after every status
    (frozen for good when a large load froze the collector's generations meanwhile)."""
    as_of = bindparam("as_of", type_=Milestone.planned_date.type)
    # Undated milestones (a blank template) are no evidence of anything: only dated ones count.
    dated = or_(Milestone.planned_date.is_not(None), Milestone.actual_date.is_not(None))
    counted = select(Milestone.project_id, func.count()).where(dated)
    # Only the rows that matter: the two that frame the plan window, and the ones late on as_of.
    late = and_(Milestone.planned_date < as_of, or_(Milestone.actual_date.is_(None), Milestone.actual_date > as_of))
    framing = (
        select(Milestone.project_id, Milestone.kind, Milestone.title, Milestone.planned_date, Milestone.actual_date)
        .where(or_(Milestone.kind.in_((rules.START_KIND, rules.END_KIND)), late))
        .order_by(Milestone.project_id, Milestone.sort_order)
    )
    if by_ids:
        only: BindParameter[Any] = bindparam("only", expanding=True)
        counted = counted.where(Milestone.project_id.in_(only))
        framing = framing.where(Milestone.project_id.in_(only))
    return counted.group_by(Milestone.project_id), framing


def _parameters(only: Sequence[str] | None, **values: Any) -> dict[str, Any]:
    """A statement's parameters: `values`, and "only" when the status is of some projects."""
    return values if only is None else {**values, "only": list(only)}


def _milestone_facts(session: Session, as_of: dt.date, only: Sequence[str] | None) -> dict[str, _MilestoneFacts]:
    facts: dict[str, _MilestoneFacts] = defaultdict(_MilestoneFacts)
    counted, framing = _milestone_statements(only is not None)
    connection = session.connection()
    for pid, n in connection.execute(counted, _parameters(only)):
        facts[pid].count = n
    start_kind, end_kind, overdue_days, overdue = (
        rules.START_KIND,
        rules.END_KIND,
        rules.overdue_days,
        rules.OverdueMilestone,
    )
    for pid, kind, title, planned, actual in connection.execute(framing, _parameters(only, as_of=as_of)):
        f = facts[pid]
        if kind == start_kind and f.start_planned is None and f.start_actual is None:
            f.start_planned, f.start_actual = planned, actual
        elif kind == end_kind and f.end_planned is None and f.end_actual is None:
            f.end_planned, f.end_actual = planned, actual
        days = overdue_days(planned, actual, as_of)
        if days > 0:
            f.overdue.append(overdue(title, days))
    return facts


@cache
def _issue_statement(by_ids: bool) -> Select[str, Any, Any]:
    """_issue_counts' statement, built once per shape and run with the parameters "as_of" and "only"."""
    as_of = bindparam("as_of", type_=CoordinationIssue.raised_date.type)
    is_open = and_(
        or_(CoordinationIssue.raised_date.is_(None), CoordinationIssue.raised_date <= as_of),
        or_(CoordinationIssue.closed_date.is_(None), CoordinationIssue.closed_date > as_of),
    )
    stmt = select(
        CoordinationIssue.project_id,
        func.sum(case((is_open, 1), else_=0)),
        func.sum(case((and_(is_open, CoordinationIssue.deadline < as_of), 1), else_=0)),
    )
    if by_ids:
        stmt = stmt.where(CoordinationIssue.project_id.in_(bindparam("only", expanding=True)))
    return stmt.group_by(CoordinationIssue.project_id)


def _issue_counts(session: Session, as_of: dt.date, only: Sequence[str] | None) -> dict[str, tuple[int, int]]:
    """project_id -> (open on as_of, open and past deadline on as_of)."""
    rows = session.connection().execute(_issue_statement(only is not None), _parameters(only, as_of=as_of))
    return {pid: (int(o or 0), int(d or 0)) for pid, o, d in rows}


@cache
def _projects_statement(by_ids: bool) -> Select[str, str, Decimal | None]:
    stmt = select(Project.id, Project.status, Project.investment_total)
    return stmt.where(Project.id.in_(bindparam("only", expanding=True))) if by_ids else stmt


def project_statuses(
    session: Session, period: str | None = None, as_of: dt.date | None = None, *, ids: Sequence[str] | None = None
) -> dict[str, ProjectStatus]:
    """Every project's status (or only the projects `ids`) for `period` (records up to and including it; `as_of`
    defaults to its last day).

    period=None means "now": each project's latest record, all records summed, as_of = today. For a period,
    as_of defaults to periods.as_of_date: today while the quarter runs, its last day once it is over.
    """
    code = periods.normalize_period(period) if period is not None else None
    if as_of is None:
        as_of = periods.as_of_date(code) if code else dt.date.today()
    with bulk_objects():
        return _compute(session, code, as_of, ids)


def _compute(
    session: Session, code: str | None, as_of: dt.date, only: Sequence[str] | None
) -> dict[str, ProjectStatus]:
    """Every project's status, or only the projects `only`: the same rules on the same queries, each
    restricted to those projects' rows (so opening one project costs the same at 100 or 100,000 projects)."""
    conn = session.connection()  # plain rows: the ORM loading layer costs a third of the time at 100k rows
    projects = list(conn.execute(_projects_statement(only is not None), _parameters(only)))
    if not projects:
        return {}
    progress = _progress_facts(session, code, only)
    aggregates, quarter, statuses, plans = progress.aggregates, progress.quarter, progress.statuses, progress.plans
    milestones = _milestone_facts(session, as_of, only)
    issues = _issue_counts(session, as_of, only)
    empty_facts = _MilestoneFacts()
    no_record = (None,) * 7
    no_issues = (0, 0)
    shares: dict[tuple[dt.date, dt.date], Decimal] = {}
    first_days: dict[str, dt.date] = {}
    quantum = Decimal("0.0001")
    year = code[:4] if code else None

    result: dict[str, ProjectStatus] = {}
    for pid, project_status, total in projects:
        agg = aggregates.get(pid)
        record = quarter.get(pid)
        rec_id, rec_period, invested, physical, problems, next_steps, rec_version = record or no_record
        facts = milestones.get(pid, empty_facts)
        open_issues, overdue_issues = issues.get(pid, no_issues)
        cumulative = agg.total.quantize(quantum) if agg and agg.amounts and agg.total is not None else None
        latest_status = statuses.get(pid)
        status = latest_status[1] if latest_status else project_status
        reference_period = code or rec_period
        plan = plans.get(pid)
        annual_plan = None
        if plan and reference_period and plan[0][:4] == (year or reference_period[:4]):
            annual_plan = plan[1]
        started = rules.is_started(status, facts.start_actual, as_of)
        window = None
        elapsed = None
        if started:  # a project not yet started is judged on its dated milestones, not on a time line
            first_report = None
            if agg is not None:
                first_report = first_days.get(agg.first_period)
                if first_report is None:
                    first_report = first_days[agg.first_period] = periods.period_start(agg.first_period)
            window = rules.schedule_window(facts.start_actual, facts.start_planned, facts.end_planned, first_report)
        if window is not None:
            key = (window.start, window.end)
            elapsed = shares.get(key)
            if elapsed is None:  # many projects share a window: compute each one once
                elapsed = shares[key] = rules.elapsed_share(window.start, window.end, as_of)
        verdict = rules.rate(
            rules.RagInput(
                status=status,
                investment_total=total,
                cumulative=cumulative,
                has_progress=agg is not None,
                milestone_count=facts.count,
                overdue_milestones=tuple(facts.overdue),
                overdue_issues=overdue_issues,
                elapsed_share=elapsed,
                started=started,
                window=window,
            )
        )
        completed = status == "完工" or (facts.end_actual is not None and facts.end_actual <= as_of)
        result[pid] = ProjectStatus(
            project_id=pid,
            period=reference_period,
            invested_this_quarter=invested,
            annual_plan=annual_plan,
            cumulative=cumulative,
            completion_rate=verdict.completion_rate,
            status=status,
            rag=verdict.rag,
            rag_reasons=verdict.reasons,
            overdue_milestones=len(facts.overdue),
            open_issues=open_issues,
            overdue_issues=overdue_issues,
            last_update=agg.last_update if agg else None,
            physical_progress=physical,
            problems=problems,
            next_steps=next_steps,
            started=started,
            completed=completed,
            rag_label=RAG_LABELS[verdict.rag],
            investment_total=total,
            elapsed_share=elapsed,
            gap_pp=verdict.gap_pp,
            progress_id=rec_id,
            progress_version=rec_version,
            overdue_milestone_titles=[m.title for m in facts.overdue],
            as_of=as_of,
            schedule_window=window,
        )
    let_go(aggregates, quarter, statuses, plans, milestones, issues, projects)  # in pieces (app/core/in_turns.py)
    return result


def project_status(
    session: Session, project_id: str, period: str | None = None, as_of: dt.date | None = None
) -> ProjectStatus | None:
    """One project's status (None for an unknown id), from that project's rows only: the same computation as
    project_statuses with every query restricted to the project, so it costs the same at any portfolio size."""
    code = periods.normalize_period(period) if period is not None else None
    if as_of is None:
        as_of = periods.as_of_date(code) if code else dt.date.today()
    return _compute(session, code, as_of, (project_id,)).get(project_id)


def period_rows(session: Session, period: str, *, include_unreported: bool = False) -> list[dict[str, Any]]:
    """One row per project reported in `period` (or every project), with derived figures and RAG: the
    shape of `progress list --json` and of the quarterly table in reports and exports."""
    code = periods.normalize_period(period)
    statuses = project_statuses(session, code)
    reported = set(session.scalars(select(QP.project_id).where(QP.period == code)))
    annual = dict(session.execute(select(QP.project_id, QP.annual_plan).where(QP.period == code)).all())
    rows = []
    for pid, pcode, name, county in session.execute(
        select(Project.id, Project.code, Project.name, Project.county).order_by(
            Project.appendix_table, Project.row_no, Project.code
        )
    ):
        if pid not in reported and not include_unreported:
            continue
        st = statuses[pid]
        row = dict(code=pcode, name=name, county=county, **status_to_dict(st))
        row["period"] = code
        row["reported"] = pid in reported
        # The record's own annual plan: the status figure may come from an earlier quarter of the year.
        row["annual_plan_reported"] = _num(annual.get(pid))
        rows.append(row)
    return rows
