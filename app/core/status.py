"""Portfolio status for one reporting period: derived figures and the RAG rating of every project at once.

One bulk computation (a fixed handful of queries however many projects there are) because the portfolio
table, the reports and the exports all show every project; per-project queries would take minutes at 100k.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.core import periods
from app.core import status_rules as rules
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


def _quarter_rows(session: Session, period: str | None) -> dict[str, _QuarterRow]:
    """project_id -> (id, period, invested, physical_progress, problems, next_steps, version) of the record of
    `period`, or of each project's latest record when period is None."""
    cols = (QP.project_id, QP.id, QP.period, QP.invested, QP.physical_progress, QP.problems, QP.next_steps, QP.version)
    if period is not None:
        stmt = select(*cols).where(QP.period == period)
    else:
        latest = select(QP.project_id.label("pid"), func.max(QP.period).label("p")).group_by(QP.project_id).subquery()
        stmt = select(*cols).join(latest, and_(QP.project_id == latest.c.pid, QP.period == latest.c.p))
    return {
        pid: (rid, p, inv, phys, probs, steps, ver)
        for pid, rid, p, inv, phys, probs, steps, ver in session.connection().execute(stmt)
    }


def _latest_non_null(
    session: Session, column: InstrumentedAttribute[Any], period: str | None
) -> dict[str, tuple[str, Any]]:
    """project_id -> (period, value) of the latest record up to `period` where `column` is set."""
    query = select(QP.project_id.label("pid"), func.max(QP.period).label("p")).where(column.is_not(None))
    if period is not None:
        query = query.where(QP.period <= period)
    inner = query.group_by(QP.project_id).subquery()
    stmt = select(QP.project_id, QP.period, column).join(
        inner, and_(QP.project_id == inner.c.pid, QP.period == inner.c.p)
    )
    return {pid: (p, value) for pid, p, value in session.connection().execute(stmt)}


@dataclass(frozen=True, slots=True)
class _Aggregate:
    """A project's records up to a period: how many state an amount, their sum, the last update, the first
    quarter reported."""

    amounts: int
    total: Decimal | None
    last_update: dt.datetime | None
    first_period: str


def _aggregates(session: Session, period: str | None) -> dict[str, _Aggregate]:
    stmt = select(
        QP.project_id,
        func.count(QP.invested).label("n"),
        func.sum(QP.invested).label("total"),
        func.max(QP.updated_at).label("last"),
        func.min(QP.period).label("first"),
    ).group_by(QP.project_id)
    if period is not None:
        stmt = stmt.where(QP.period <= period)
    return {pid: _Aggregate(n, total, last, first) for pid, n, total, last, first in session.connection().execute(stmt)}


@dataclass
class _MilestoneFacts:
    count: int = 0
    start_actual: dt.date | None = None
    start_planned: dt.date | None = None
    end_planned: dt.date | None = None
    end_actual: dt.date | None = None
    overdue: list[rules.OverdueMilestone] = field(default_factory=list)


def _milestone_facts(session: Session, as_of: dt.date) -> dict[str, _MilestoneFacts]:
    facts: dict[str, _MilestoneFacts] = defaultdict(_MilestoneFacts)
    # Undated milestones (a blank template) are no evidence of anything: only dated ones count.
    dated = or_(Milestone.planned_date.is_not(None), Milestone.actual_date.is_not(None))
    for pid, n in session.connection().execute(
        select(Milestone.project_id, func.count()).where(dated).group_by(Milestone.project_id)
    ):
        facts[pid].count = n
    # Only the rows that matter: the two that frame the plan window, and the ones late on as_of.
    late = and_(Milestone.planned_date < as_of, or_(Milestone.actual_date.is_(None), Milestone.actual_date > as_of))
    stmt = (
        select(Milestone.project_id, Milestone.kind, Milestone.title, Milestone.planned_date, Milestone.actual_date)
        .where(or_(Milestone.kind.in_((rules.START_KIND, rules.END_KIND)), late))
        .order_by(Milestone.project_id, Milestone.sort_order)
    )
    for pid, kind, title, planned, actual in session.connection().execute(stmt):
        f = facts[pid]
        if kind == rules.START_KIND and f.start_planned is None and f.start_actual is None:
            f.start_planned, f.start_actual = planned, actual
        elif kind == rules.END_KIND and f.end_planned is None and f.end_actual is None:
            f.end_planned, f.end_actual = planned, actual
        days = rules.overdue_days(planned, actual, as_of)
        if days > 0:
            f.overdue.append(rules.OverdueMilestone(title, days))
    return facts


def _issue_counts(session: Session, as_of: dt.date) -> dict[str, tuple[int, int]]:
    """project_id -> (open on as_of, open and past deadline on as_of)."""
    is_open = and_(
        or_(CoordinationIssue.raised_date.is_(None), CoordinationIssue.raised_date <= as_of),
        or_(CoordinationIssue.closed_date.is_(None), CoordinationIssue.closed_date > as_of),
    )
    stmt = select(
        CoordinationIssue.project_id,
        func.sum(case((is_open, 1), else_=0)),
        func.sum(case((and_(is_open, CoordinationIssue.deadline < as_of), 1), else_=0)),
    ).group_by(CoordinationIssue.project_id)
    return {pid: (int(o or 0), int(d or 0)) for pid, o, d in session.connection().execute(stmt)}


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Building 100k results allocates ~1M tracked objects, none cyclic; the collector would rescan them all
    repeatedly (a quarter of the run time). Pausing it for the loop is safe: nothing here creates cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def project_statuses(
    session: Session, period: str | None = None, as_of: dt.date | None = None
) -> dict[str, ProjectStatus]:
    """Every project's status for `period` (records up to and including it; `as_of` defaults to its last day).

    period=None means "now": each project's latest record, all records summed, as_of = today. For a period,
    as_of defaults to periods.as_of_date: today while the quarter runs, its last day once it is over.
    """
    code = periods.normalize_period(period) if period is not None else None
    if as_of is None:
        as_of = periods.as_of_date(code) if code else dt.date.today()
    with _gc_paused():
        return _compute(session, code, as_of)


def _compute(session: Session, code: str | None, as_of: dt.date) -> dict[str, ProjectStatus]:
    conn = session.connection()  # plain rows: the ORM loading layer costs a third of the time at 100k rows
    projects = conn.execute(select(Project.id, Project.status, Project.investment_total)).all()
    aggregates = _aggregates(session, code)
    quarter = _quarter_rows(session, code)
    statuses = _latest_non_null(session, QP.status, code) if code else {}
    plans = _latest_non_null(session, QP.annual_plan, code)
    milestones = _milestone_facts(session, as_of)
    issues = _issue_counts(session, as_of)
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
    return result


def project_status(
    session: Session, project_id: str, period: str | None = None, as_of: dt.date | None = None
) -> ProjectStatus | None:
    """One project's status. Uses the bulk computation (correct, simple; a few ms for a small portfolio)."""
    return project_statuses(session, period, as_of).get(project_id)


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
