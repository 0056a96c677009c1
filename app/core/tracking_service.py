"""Workspace-level facade over the tracking core: the one write path of the desktop app and the command line.

Each function opens its own session: a write is one transaction (committed on return, rolled back on any
exception) and is audited with the caller's `source` ("manual" from the UI, "cli" from the command line).
Records are addressed by id; the command line resolves a project code or an indicator's row number first
(`project_id_for_code`, `indicator_for_seq`). Reads for screens return the typed records of app.core.records
(Decimal amounts, date objects); the `*_rows` reads return the JSON-ready rows the command line prints
(`--json`). Errors the user can act on are the classes in USER_ERRORS; their messages are in Chinese and can
be shown as they are.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import coordination, indicators, milestones, period_service, periods, progress, status
from app.core.indicators_read import indicator_to_dict, list_indicators
from app.core.periods import PeriodLockedError, PeriodStateError
from app.core.progress import ProgressWriteResult
from app.core.projects import ConflictError, NotFoundError, ValidationError, get_project
from app.core.records import (
    IssueRecord,
    IssueStats,
    MilestoneRecord,
    ProgressRecord,
    ProjectTracking,
)
from app.core.status import RAG_LABELS, ProjectStatus
from app.core.workspace import Workspace
from app.db.engine import DatabaseError
from app.db.models import CoordinationIssue, Milestone, Project, QuarterlyProgress

__all__ = ["RAG_LABELS", "USER_ERRORS", "ProgressWriteResult", "ProjectStatus"]

# Errors a person can act on (Chinese messages, nothing written): show them, never a traceback.
USER_ERRORS = (ValidationError, ConflictError, NotFoundError, PeriodLockedError, PeriodStateError, DatabaseError)


# --- quarterly progress and status ----------------------------------------------------------------------
def project_id_for_code(ws: Workspace, code: str) -> str:
    """The id of the project with this code (附表1-05); NotFoundError names the code when there is none."""
    with ws.session() as s:
        return get_project(s, code=code).id


def set_progress(
    ws: Workspace,
    project_id: str,
    period: str,
    *,
    expected_version: int | None = None,
    source: str = "manual",
    source_detail: str | None = None,
    **fields: Any,
) -> ProgressWriteResult:
    with ws.session() as s:
        return progress.set_progress(
            s,
            project_id,
            period,
            user=ws.user,
            source=source,
            source_detail=source_detail,
            expected_version=expected_version,
            **fields,
        )


def delete_progress(
    ws: Workspace, project_id: str, period: str, *, expected_version: int | None = None, source: str = "manual"
) -> bool:
    with ws.session() as s:
        return progress.delete_progress(
            s, project_id, period, user=ws.user, expected_version=expected_version, source=source
        )


def _progress_records(s: Session, project_id: str) -> list[ProgressRecord]:
    total = s.scalar(select(Project.investment_total).where(Project.id == project_id))
    rows = s.scalars(
        select(QuarterlyProgress).where(QuarterlyProgress.project_id == project_id).order_by(QuarterlyProgress.period)
    )
    records: list[ProgressRecord] = []
    running: Decimal | None = None  # unknown until a report states an amount; never 0 by default
    for row in rows:
        if row.invested is not None:
            running = (running or Decimal(0)) + row.invested
        records.append(ProgressRecord.from_row(row, running, total))
    return records


def get_progress(ws: Workspace, project_id: str, period: str) -> ProgressRecord | None:
    """One quarter's report with its derived cumulative and completion rate; None when not reported."""
    code = period_service.canonical(period)
    with ws.session() as s:
        return next((r for r in _progress_records(s, project_id) if r.period == code), None)


def progress_history(ws: Workspace, project_id: str) -> list[ProgressRecord]:
    """Every quarter the project reported, oldest first, each with the running cumulative."""
    with ws.session() as s:
        return _progress_records(s, project_id)


def progress_history_rows(ws: Workspace, project_id: str) -> list[dict[str, Any]]:
    """progress_history as the JSON-ready rows the command line prints."""
    with ws.session() as s:
        return progress.progress_history(s, project_id)


def project_statuses(
    ws: Workspace, period: str | None = None, as_of: dt.date | None = None
) -> dict[str, ProjectStatus]:
    with ws.session() as s:
        return status.project_statuses(s, period_service.canonical(period) if period else None, as_of)


def period_rows(ws: Workspace, period: str, *, include_unreported: bool = False) -> list[dict[str, Any]]:
    with ws.session() as s:
        return status.period_rows(s, period_service.canonical(period), include_unreported=include_unreported)


def project_tracking(
    ws: Workspace, project_id: str, period: str | None = None, as_of: dt.date | None = None
) -> ProjectTracking:
    """The status of one project for a quarter with the milestones and issues behind it, read in one session
    and judged on one day, so the figures agree with each other: `as_of`, by default the core's day for the
    quarter (periods.as_of_date: today while it runs, its last day once it is over)."""
    code = period_service.canonical(period) if period else None
    when = as_of or (periods.as_of_date(code) if code else dt.date.today())
    with ws.session() as s:
        return ProjectTracking(
            project_id=project_id,
            period=code,
            as_of=when,
            status=status.project_status(s, project_id, code, when),
            milestones=tuple(_milestone_records(s, project_id, when)),
            issue_stats=coordination.issue_stats(s, project_id, when),
        )


# --- milestones ----------------------------------------------------------------------------------------
def _milestone_records(s: Session, project_id: str, as_of: dt.date) -> list[MilestoneRecord]:
    rows = s.scalars(
        select(Milestone).where(Milestone.project_id == project_id).order_by(Milestone.sort_order, Milestone.created_at)
    )
    return [MilestoneRecord.from_row(m, as_of) for m in rows]


def list_milestones(ws: Workspace, project_id: str, as_of: dt.date | None = None) -> list[MilestoneRecord]:
    """The project's milestones in order, judged on `as_of` (today by default)."""
    with ws.session() as s:
        return _milestone_records(s, project_id, as_of or dt.date.today())


def milestone_rows(ws: Workspace, project_id: str, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """list_milestones as the JSON-ready rows the command line prints."""
    with ws.session() as s:
        return milestones.list_milestones(s, project_id, as_of)


def apply_milestone_template(ws: Workspace, project_id: str, *, source: str = "manual") -> list[str]:
    with ws.session() as s:
        return milestones.apply_template(s, project_id, user=ws.user, source=source)


def add_milestone(ws: Workspace, project_id: str, *, source: str = "manual", **fields: Any) -> str:
    """fields: title (required), kind, planned_date, actual_date, status, note."""
    with ws.session() as s:
        return milestones.add_milestone(s, project_id, user=ws.user, source=source, **fields)


def update_milestone(
    ws: Workspace,
    milestone_id: str,
    changes: dict[str, Any],
    *,
    expected_version: int | None = None,
    source: str = "manual",
) -> list[str]:
    with ws.session() as s:
        return milestones.update_milestone(
            s, milestone_id, changes, user=ws.user, expected_version=expected_version, source=source
        )


def delete_milestone(
    ws: Workspace, milestone_id: str, *, expected_version: int | None = None, source: str = "manual"
) -> None:
    with ws.session() as s:
        milestones.delete_milestone(s, milestone_id, user=ws.user, expected_version=expected_version, source=source)


def move_milestone(ws: Workspace, milestone_id: str, position: int, *, source: str = "manual") -> int:
    with ws.session() as s:
        return milestones.move_milestone(s, milestone_id, position, user=ws.user, source=source)


def reorder_milestones(ws: Workspace, project_id: str, ordered_ids: list[str], *, source: str = "manual") -> None:
    with ws.session() as s:
        milestones.reorder_milestones(s, project_id, ordered_ids, user=ws.user, source=source)


def overdue_milestones(ws: Workspace, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Milestones late on `as_of` across the portfolio (with the project's code and name), most overdue first."""
    with ws.session() as s:
        return milestones.overdue_milestones(s, as_of)


# --- coordination issues --------------------------------------------------------------------------------
def list_issues(
    ws: Workspace, project_id: str, *, as_of: dt.date | None = None, open_only: bool = False
) -> list[IssueRecord]:
    """One project's issues, oldest raised first, judged on `as_of` (today by default)."""
    when = as_of or dt.date.today()
    with ws.session() as s:
        rows = s.scalars(
            select(CoordinationIssue)
            .where(CoordinationIssue.project_id == project_id)
            .order_by(CoordinationIssue.raised_date, CoordinationIssue.created_at)
        )
        records = [IssueRecord.from_row(issue, when) for issue in rows]
    return [r for r in records if r.is_open] if open_only else records


def issue_rows(
    ws: Workspace, project_id: str | None = None, *, as_of: dt.date | None = None, open_only: bool = False
) -> list[dict[str, Any]]:
    """One project's issues (or every issue of the portfolio, project_id None) as the JSON-ready rows the
    command line prints, each with the project's code and name."""
    with ws.session() as s:
        return coordination.list_issues(s, project_id, as_of=as_of, open_only=open_only)


def add_issue(ws: Workspace, project_id: str, *, source: str = "manual", **fields: Any) -> str:
    """fields: description (required), responsible_department, raised_date, deadline."""
    with ws.session() as s:
        return coordination.add_issue(s, project_id, user=ws.user, source=source, **fields)


def update_issue(
    ws: Workspace,
    issue_id: str,
    changes: dict[str, Any],
    *,
    expected_version: int | None = None,
    source: str = "manual",
) -> list[str]:
    with ws.session() as s:
        return coordination.update_issue(
            s, issue_id, changes, user=ws.user, expected_version=expected_version, source=source
        )


def close_issue(
    ws: Workspace,
    issue_id: str,
    resolution: str,
    closed_date: dt.date | None = None,
    *,
    expected_version: int | None = None,
    source: str = "manual",
) -> list[str]:
    with ws.session() as s:
        return coordination.close_issue(
            s,
            issue_id,
            resolution=resolution,
            closed_date=closed_date,
            user=ws.user,
            expected_version=expected_version,
            source=source,
        )


def delete_issue(ws: Workspace, issue_id: str, *, source: str = "manual") -> None:
    with ws.session() as s:
        coordination.delete_issue(s, issue_id, user=ws.user, source=source)


def issue_stats(ws: Workspace, project_id: str | None = None, as_of: dt.date | None = None) -> IssueStats:
    with ws.session() as s:
        return coordination.issue_stats(s, project_id, as_of)


def issue_stats_by_project(ws: Workspace, as_of: dt.date | None = None) -> dict[str, IssueStats]:
    with ws.session() as s:
        return coordination.issue_stats_by_project(s, as_of)


# --- plan indicators ------------------------------------------------------------------------------------
def indicator_rows(ws: Workspace) -> list[dict[str, Any]]:
    """The indicators of Table 3-1 as the plan states them (JSON-ready rows)."""
    with ws.session() as s:
        return [indicator_to_dict(i) for i in list_indicators(s)]


def indicator_for_seq(ws: Workspace, seq: int) -> tuple[str, str]:
    """(id, name) of the indicator on row `seq` of Table 3-1; NotFoundError when there is none."""
    with ws.session() as s:
        indicator = indicators.get_indicator(s, seq=seq)
        return indicator.id, indicator.name


def indicator_progress(ws: Workspace, up_to_year: int | None = None) -> list[indicators.IndicatorProgress]:
    with ws.session() as s:
        return indicators.indicator_progress(s, up_to_year)


def set_indicator_value(
    ws: Workspace,
    indicator_id: str,
    year: int,
    value: Any,
    *,
    note: str | None = None,
    expected_version: int | None = None,
    source: str = "manual",
) -> str:
    with ws.session() as s:
        return indicators.set_indicator_value(
            s, indicator_id, year, value, user=ws.user, note=note, expected_version=expected_version, source=source
        )


def delete_indicator_value(ws: Workspace, indicator_id: str, year: int) -> bool:
    with ws.session() as s:
        return indicators.delete_indicator_value(s, indicator_id, year, user=ws.user)
