"""The portfolio timeline's data: one summary line per project, and the milestones of the projects in view.

At 100,000 projects there are 500,000 milestones; building a record (let alone an ORM object) for each one to
draw the forty rows on screen took a minute and a gigabyte. The timeline instead loads, in one grouping query,
what it needs for every project (its date range, whether a milestone is late), and asks for the milestones of
the rows it draws (`milestones_of`, one query by project id). Both are flat column selects: no ORM objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple, cast

from sqlalchemy import and_, case, func, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from app.core import milestones, status_rules
from app.core.bulk_build import bulk_objects
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


class ProjectTimeline(NamedTuple):
    """A project's line on the timeline: how many milestones, the span of their dates, whether one is late.

    A named tuple rather than a frozen dataclass: one is built per project (100,000 at a time), and a frozen
    dataclass's __init__ (one object.__setattr__ per field) cost three times as much."""

    project_id: str
    milestone_count: int  # (not `count`: a named tuple has a count() method)
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


# ProjectTimeline(*fields) with no Python frame per call: tuple.__new__ is what NamedTuple._make calls.
_new_line = cast(Callable[[Iterable[Any]], ProjectTimeline], partial(tuple.__new__, ProjectTimeline))


class _Dates(dict[Any, dt.date | None]):
    """Raw date value -> date, parsed once per distinct value (a portfolio shares a few thousand dates)."""

    def __missing__(self, raw: Any) -> dt.date | None:
        parsed = self[raw] = _date(raw)
        return parsed


def _earlier(session: Session, first: Any, second: Any) -> Any:
    """The earlier of a milestone's two dates, either of which may be NULL (NULL only when both are)."""
    if session.get_bind().dialect.name == "sqlite":  # SQLite's two-argument min() is NULL when one of them is
        return func.coalesce(func.min(first, second), first, second)
    return func.least(first, second)  # PostgreSQL's LEAST ignores NULLs


def _later(session: Session, first: Any, second: Any) -> Any:
    if session.get_bind().dialect.name == "sqlite":
        return func.coalesce(func.max(first, second), first, second)
    return func.greatest(first, second)


def portfolio_timeline(session: Session, as_of: dt.date) -> PortfolioTimeline:
    """One grouping query over every milestone: count, first and last date, any late on `as_of`.

    It reads the index on (project_id, planned_date, actual_date) alone (migration 0004). Each milestone's
    earlier and later date is picked first and then aggregated once (min, max): half the aggregate steps of
    four separate minima and maxima, which were most of the query's time at 500,000 milestones."""
    planned, actual = Milestone.planned_date, Milestone.actual_date
    stmt = select(
        Milestone.project_id,
        func.count(),
        _raw(func.min(_earlier(session, planned, actual))),
        _raw(func.max(_later(session, planned, actual))),
        func.max(case((_late(as_of), 1), else_=0)),
    ).group_by(Milestone.project_id)
    rows = session.connection().execute(stmt).all()
    if not rows:
        return PortfolioTimeline(as_of, {})
    dates = _Dates({None: None})
    with bulk_objects():  # 100k long-lived lines: frozen out of the collector's generations afterwards
        # Column by column, in C (zip, map, dict look-ups, tuple.__new__): no Python call per project, which
        # was a quarter of the summary's time at 100,000 projects.
        pids, counts, firsts, lasts, lates = zip(*rows, strict=True)
        fields = zip(
            pids, counts, map(dates.__getitem__, firsts), map(dates.__getitem__, lasts), map(bool, lates), strict=True
        )
        lines = dict(zip(pids, map(_new_line, fields), strict=True))
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
