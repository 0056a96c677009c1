"""Reporting periods (quarters such as 2025Q3) and their workflow: open -> submitted -> locked.

A locked quarter freezes its quarterly records (季度进展) and nothing else: every writer of quarterly data
(service, CLI, Excel import) calls `ensure_writable` first, and asks `freezes(entity_type)` when it is unsure
whether a record belongs to a quarter. Milestones, issues, indicators and project fields are not quarter data
and stay editable in every path. Reopening needs a reason and leaves an audit entry (entity_type "period").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import audit, text_rules
from app.core.errors import ValidationError
from app.core.parsing import normalize
from app.db.models import QuarterlyProgress, ReportingPeriod, utcnow

OPEN, SUBMITTED, LOCKED = "open", "submitted", "locked"
STATES = (OPEN, SUBMITTED, LOCKED)
STATE_LABELS = {OPEN: "填报中", SUBMITTED: "已报送", LOCKED: "已锁定"}

_PERIOD = re.compile(r"^(\d{4})Q([1-4])$")
# Outside this range a "period" is almost certainly a typo (2205Q1), and lexical ordering of codes needs 4 digits.
MIN_YEAR, MAX_YEAR = 2000, 2099


# The only kind of record a locked quarter freezes (entity types as in the audit log).
FROZEN_ENTITY_TYPES = frozenset({"progress"})


def freezes(entity_type: str) -> bool:
    """Whether a locked quarter makes records of this kind read-only: quarterly progress only."""
    return entity_type in FROZEN_ENTITY_TYPES


class PeriodLockedError(Exception):
    """The quarter is locked; nothing was written. The message is for people (Chinese + English)."""

    def __init__(self, code: str):
        super().__init__(
            f"报告期 {code} 已锁定，数据只读；如需修改请先填写理由解锁（period reopen） / "
            f"period {code} is locked (read-only)"
        )
        self.code = code


class PeriodStateError(Exception):
    """A workflow step that does not apply to the period's current state (e.g. submitting a locked quarter)."""


def parse_period(code: Any) -> tuple[int, int]:
    """ "2025Q3" -> (2025, 3). Lower case and full-width input are accepted; anything else raises ValueError."""
    text = normalize(code if isinstance(code, str) else "" if code is None else str(code)).upper()
    m = _PERIOD.match(text)
    if not m or not MIN_YEAR <= int(m.group(1)) <= MAX_YEAR:
        raise ValueError(
            f"报告期格式应为“2025Q3”（四位年份 + Q + 季度1-4），收到“{code}” / "
            f"period must look like 2025Q3, got {code!r}"
        )
    return int(m.group(1)), int(m.group(2))


def period_code(year: int, quarter: int) -> str:
    return f"{year:04d}Q{quarter}"


def normalize_period(code: Any) -> str:
    """The canonical spelling ("2025q3" -> "2025Q3"); raises ValueError like parse_period."""
    return period_code(*parse_period(code))


def period_start(code: str) -> dt.date:
    year, quarter = parse_period(code)
    return dt.date(year, 3 * quarter - 2, 1)


def period_end(code: str) -> dt.date:
    year, quarter = parse_period(code)
    if quarter == 4:
        return dt.date(year, 12, 31)
    return dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)


def as_of_date(code: str, today: dt.date | None = None) -> dt.date:
    """The day a quarter is judged on (overdue milestones and issues, 序时进度): today while the quarter is
    running (or has not begun), the quarter's last day once it is over. The RAG panel, the milestone list
    and the reports all use this one date."""
    today = today or dt.date.today()
    return min(period_end(code), today)


def period_of(day: dt.date) -> str:
    """The quarter a date falls in."""
    return period_code(day.year, (day.month - 1) // 3 + 1)


def shift_period(code: str, quarters: int) -> str:
    year, quarter = parse_period(code)
    index = year * 4 + (quarter - 1) + quarters
    return period_code(index // 4, index % 4 + 1)


def previous_period(code: str) -> str:
    return shift_period(code, -1)


def previous_periods(code: str, count: int = 4) -> list[str]:
    """The `count` quarters before `code`, most recent first (2025Q1 -> 2024Q4, 2024Q3, ...)."""
    return [shift_period(code, -i) for i in range(1, count + 1)]


def year_to_date_periods(code: str) -> list[str]:
    """Quarters of the same year up to and including `code` (2025Q3 -> 2025Q1, 2025Q2, 2025Q3)."""
    year, quarter = parse_period(code)
    return [period_code(year, q) for q in range(1, quarter + 1)]


def period_state(session: Session, code: str) -> str:
    """open / submitted / locked; a period never created is open."""
    row = session.get(ReportingPeriod, normalize_period(code))
    return row.state if row else OPEN


def ensure_period(session: Session, code: str) -> ReportingPeriod:
    """The period row, created (open) on first use: quarterly records reference it."""
    canonical = normalize_period(code)
    row = session.get(ReportingPeriod, canonical)
    if row is None:
        year, quarter = parse_period(canonical)
        try:
            # In a savepoint: when another process inserts the same quarter at the same moment (PostgreSQL
            # lets both try), only this insert is undone and the other process's row is used.
            with session.begin_nested():
                row = ReportingPeriod(code=canonical, year=year, quarter=quarter, state=OPEN)
                session.add(row)
        except IntegrityError:
            row = session.get(ReportingPeriod, canonical)
            if row is None:
                raise
    return row


def ensure_writable(session: Session, code: str) -> None:
    """Raise PeriodLockedError if the quarter is locked. Every writer of quarterly data calls this."""
    if period_state(session, code) == LOCKED:
        raise PeriodLockedError(normalize_period(code))


def _change_state(
    session: Session,
    code: str,
    new: str,
    *,
    allowed_from: tuple[str, ...],
    user: str,
    reason: str | None = None,
    source: str = "manual",
) -> bool:
    row = ensure_period(session, code)
    if row.state == new:
        return False
    if row.state not in allowed_from:
        raise PeriodStateError(
            f"报告期 {row.code} 当前为“{STATE_LABELS[row.state]}”，不能改为“{STATE_LABELS[new]}” / "
            f"period {row.code} is {row.state}; cannot become {new}"
        )
    old = row.state
    row.state = new
    row.state_changed_at = utcnow()
    row.state_changed_by = user
    audit.record(
        session,
        user=user,
        entity_type="period",
        entity_id=row.code,
        project_id=None,
        field="state",
        old=old,
        new=new,
        source=source,
        source_detail=reason,
    )
    session.flush()
    return True


def submit_period(session: Session, code: str, *, user: str, source: str = "manual") -> bool:
    """open -> submitted. Returns False when it already was submitted."""
    return _change_state(session, code, SUBMITTED, allowed_from=(OPEN,), user=user, source=source)


def lock_period(session: Session, code: str, *, user: str, source: str = "manual") -> bool:
    """open/submitted -> locked. Returns False when it already was locked."""
    return _change_state(session, code, LOCKED, allowed_from=(OPEN, SUBMITTED), user=user, source=source)


def reopen_period(session: Session, code: str, *, reason: str, user: str, source: str = "manual") -> bool:
    """submitted/locked -> open; the reason is mandatory and kept in the audit log."""
    text = text_rules.check_text("reason", reason)
    if not text:
        raise ValidationError({"reason": "重新开放报告期必须填写理由 / a reason is required to reopen a period"})
    return _change_state(session, code, OPEN, allowed_from=(SUBMITTED, LOCKED), user=user, reason=text, source=source)


def list_periods(session: Session) -> list[dict[str, Any]]:
    """Every known period (created explicitly or by a progress record), newest first, with its record count."""
    counts = dict(
        session.execute(select(QuarterlyProgress.period, func.count()).group_by(QuarterlyProgress.period)).all()
    )
    rows = []
    for p in session.scalars(select(ReportingPeriod).order_by(ReportingPeriod.code.desc())):
        rows.append(
            dict(
                code=p.code,
                year=p.year,
                quarter=p.quarter,
                state=p.state,
                state_label=STATE_LABELS.get(p.state, p.state),
                state_changed_at=p.state_changed_at.isoformat() if p.state_changed_at else None,
                state_changed_by=p.state_changed_by,
                records=counts.get(p.code, 0),
                start=period_start(p.code).isoformat(),
                end=period_end(p.code).isoformat(),
            )
        )
    return rows
