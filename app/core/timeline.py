"""The portfolio timeline's data: one summary line per project, and the milestones of the projects in view.

At 100,000 projects there are 500,000 milestones; building a record (let alone an ORM object) for each one to
draw the forty rows on screen took a minute and a gigabyte. The timeline instead loads, in one grouping query,
what it needs for every project (its date range, whether a milestone is late), and asks for the milestones of
the rows it draws (`milestones_of`, one query by project id). Both are flat column selects: no ORM objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from app.core import milestones, status_rules
from app.core.status import bulk_objects
from app.db.models import Milestone


@dataclass(frozen=True, slots=True)
class TimelineMilestone:
    """One milestone as the timeline draws it, judged on the timeline's day (`as_of`)."""

    id: str
    project_id: str
    kind: str
    title: str
    planned_date: dt.date | None
    actual_date: dt.date | None
    status: str | None  # what the officer set
    effective_status: str  # 已完成 / 逾期 / 进行中 / 未开始 on as_of (milestones.effective_status)
    overdue_days: int  # 0 unless late on as_of


@dataclass(frozen=True, slots=True)
class ProjectTimeline:
    """A project's line on the timeline: how many milestones, the span of their dates, whether one is late."""

    project_id: str
    count: int
    first: dt.date | None  # earliest planned or actual date; None when no milestone is dated
    last: dt.date | None
    has_overdue: bool


@dataclass(frozen=True)
class PortfolioTimeline:
    """Every project that has milestones (project id -> its line), judged on `as_of`."""

    as_of: dt.date
    projects: dict[str, ProjectTimeline]

    def get(self, project_id: str) -> ProjectTimeline | None:
        return self.projects.get(project_id)


def _raw(column: Any) -> Any:
    """An aggregate of a Date column as the driver returns it (ISO text on SQLite): parsed below in bulk."""
    return type_coerce(column, NullType())


def _date(value: Any) -> dt.date | None:
    if value is None or type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def _late(as_of: dt.date) -> Any:
    """The SQL form of milestones.effective_status(...) == 逾期: planned before as_of and not done by then."""
    return and_(
        Milestone.planned_date < as_of,
        or_(Milestone.actual_date.is_(None), Milestone.actual_date > as_of),
    )


def portfolio_timeline(session: Session, as_of: dt.date) -> PortfolioTimeline:
    """One grouping query over every milestone: count, first and last date, any late on `as_of`."""
    stmt = select(
        Milestone.project_id,
        func.count(),
        _raw(func.min(Milestone.planned_date)),
        _raw(func.min(Milestone.actual_date)),
        _raw(func.max(Milestone.planned_date)),
        _raw(func.max(Milestone.actual_date)),
        func.max(case((_late(as_of), 1), else_=0)),
    ).group_by(Milestone.project_id)
    lines: dict[str, ProjectTimeline] = {}
    dates: dict[Any, dt.date | None] = {None: None}  # raw value -> date: a portfolio shares a few thousand dates
    rows = session.connection().execute(stmt).all()
    with bulk_objects():  # 100k long-lived lines: frozen out of the collector's generations afterwards
        for pid, count, min_planned, min_actual, max_planned, max_actual, late in rows:
            # Raw values of one kind (ISO text on SQLite, dates on PostgreSQL) compare like the dates they stand for:
            # pick the earliest and the latest first, then parse only those two.
            first = (
                min_actual
                if min_planned is None
                else min_planned
                if min_actual is None
                else min(min_planned, min_actual)
            )
            last = (
                max_actual
                if max_planned is None
                else max_planned
                if max_actual is None
                else max(max_planned, max_actual)
            )
            if first not in dates:
                dates[first] = _date(first)
            if last not in dates:
                dates[last] = _date(last)
            lines[pid] = ProjectTimeline(pid, int(count), dates[first], dates[last], bool(late))
    return PortfolioTimeline(as_of, lines)


def milestones_of(
    session: Session, project_ids: Sequence[str], as_of: dt.date
) -> dict[str, tuple[TimelineMilestone, ...]]:
    """The milestones of these projects (in each project's order), for the rows the timeline draws."""
    out: dict[str, list[TimelineMilestone]] = {pid: [] for pid in project_ids}
    if not project_ids:
        return {}
    stmt = (
        select(
            Milestone.id,
            Milestone.project_id,
            Milestone.kind,
            Milestone.title,
            Milestone.planned_date,
            Milestone.actual_date,
            Milestone.status,
        )
        .where(Milestone.project_id.in_(list(project_ids)))
        .order_by(Milestone.project_id, Milestone.sort_order, Milestone.created_at)
    )
    effective, overdue_days = milestones.effective_status, status_rules.overdue_days
    for mid, pid, kind, title, planned, actual, status in session.connection().execute(stmt):
        out[pid].append(
            TimelineMilestone(
                mid,
                pid,
                kind or "",
                title or "",
                planned,
                actual,
                status,
                effective(status, planned, actual, as_of),
                overdue_days(planned, actual, as_of),
            )
        )
    return {pid: tuple(items) for pid, items in out.items()}
