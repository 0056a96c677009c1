"""Workspace-level facade over the tracking core, for the UI (and anything else without a session).

Each function opens its own session: a write is one transaction (committed on return, rolled back on
any exception) and returns plain data. Errors the user can act on are the classes in USER_ERRORS; their
messages are in Chinese and can be shown as they are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.core import coordination, indicators, milestones, periods, progress, status
from app.core.periods import PeriodLockedError, PeriodStateError
from app.core.progress import ProgressWriteResult
from app.core.projects import ConflictError, NotFoundError, ValidationError, get_project
from app.core.status import RAG_LABELS, ProjectStatus
from app.core.workspace import Workspace

__all__ = ["RAG_LABELS", "USER_ERRORS", "ProgressWriteResult", "ProjectStatus"]

USER_ERRORS = (ValidationError, ConflictError, NotFoundError, PeriodLockedError, PeriodStateError)


def _period(code: str) -> str:
    """Canonical period code; a malformed one becomes a ValidationError like any other bad input."""
    try:
        return periods.normalize_period(code)
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from None


# --- periods -----------------------------------------------------------------------------------------
def current_period(today: dt.date | None = None) -> str:
    return periods.period_of(today or dt.date.today())


def list_periods(ws: Workspace) -> list[dict[str, Any]]:
    with ws.session() as s:
        return periods.list_periods(s)


def period_state(ws: Workspace, code: str) -> str:
    with ws.session() as s:
        return periods.period_state(s, _period(code))


def submit_period(ws: Workspace, code: str) -> bool:
    with ws.session() as s:
        return periods.submit_period(s, _period(code), user=ws.user)


def lock_period(ws: Workspace, code: str) -> bool:
    with ws.session() as s:
        return periods.lock_period(s, _period(code), user=ws.user)


def reopen_period(ws: Workspace, code: str, reason: str) -> bool:
    with ws.session() as s:
        return periods.reopen_period(s, _period(code), reason=reason, user=ws.user)


# --- quarterly progress and status ----------------------------------------------------------------------
def project_id_for_code(ws: Workspace, code: str) -> str:
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


def delete_progress(ws: Workspace, project_id: str, period: str, *, expected_version: int | None = None) -> bool:
    with ws.session() as s:
        return progress.delete_progress(s, project_id, period, user=ws.user, expected_version=expected_version)


def get_progress(ws: Workspace, project_id: str, period: str) -> dict[str, Any] | None:
    with ws.session() as s:
        return progress.get_progress(s, project_id, period)


def progress_history(ws: Workspace, project_id: str) -> list[dict[str, Any]]:
    with ws.session() as s:
        return progress.progress_history(s, project_id)


def project_statuses(
    ws: Workspace, period: str | None = None, as_of: dt.date | None = None
) -> dict[str, ProjectStatus]:
    with ws.session() as s:
        return status.project_statuses(s, _period(period) if period else None, as_of)


def period_rows(ws: Workspace, period: str, *, include_unreported: bool = False) -> list[dict[str, Any]]:
    with ws.session() as s:
        return status.period_rows(s, _period(period), include_unreported=include_unreported)


def project_tracking(
    ws: Workspace, project_id: str, period: str | None = None, as_of: dt.date | None = None
) -> dict[str, Any]:
    """Everything the project's tracking tabs show, read in one session so it is mutually consistent."""
    period = _period(period) if period else None
    with ws.session() as s:
        st = status.project_status(s, project_id, period, as_of)
        when = as_of or (periods.period_end(period) if period else dt.date.today())
        return dict(
            status=st,
            status_dict=status.status_to_dict(st) if st else None,
            history=progress.progress_history(s, project_id),
            milestones=milestones.list_milestones(s, project_id, when),
            issues=coordination.list_issues(s, project_id, as_of=when),
            issue_stats=coordination.issue_stats(s, project_id, when).to_dict(),
        )


# --- milestones ----------------------------------------------------------------------------------------
def list_milestones(ws: Workspace, project_id: str, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    with ws.session() as s:
        return milestones.list_milestones(s, project_id, as_of)


def apply_milestone_template(ws: Workspace, project_id: str) -> list[str]:
    with ws.session() as s:
        return milestones.apply_template(s, project_id, user=ws.user)


def add_milestone(ws: Workspace, project_id: str, **fields: Any) -> str:
    """fields: title (required), kind, planned_date, actual_date, status, note."""
    with ws.session() as s:
        return milestones.add_milestone(s, project_id, user=ws.user, **fields)


def update_milestone(
    ws: Workspace, milestone_id: str, changes: dict[str, Any], *, expected_version: int | None = None
) -> list[str]:
    with ws.session() as s:
        return milestones.update_milestone(s, milestone_id, changes, user=ws.user, expected_version=expected_version)


def delete_milestone(ws: Workspace, milestone_id: str, *, expected_version: int | None = None) -> None:
    with ws.session() as s:
        milestones.delete_milestone(s, milestone_id, user=ws.user, expected_version=expected_version)


def move_milestone(ws: Workspace, milestone_id: str, position: int) -> int:
    with ws.session() as s:
        return milestones.move_milestone(s, milestone_id, position, user=ws.user)


def reorder_milestones(ws: Workspace, project_id: str, ordered_ids: list[str]) -> None:
    with ws.session() as s:
        milestones.reorder_milestones(s, project_id, ordered_ids, user=ws.user)


def overdue_milestones(ws: Workspace, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    with ws.session() as s:
        return milestones.overdue_milestones(s, as_of)


# --- coordination issues --------------------------------------------------------------------------------
def list_issues(
    ws: Workspace, project_id: str | None = None, *, as_of: dt.date | None = None, open_only: bool = False
) -> list[dict[str, Any]]:
    with ws.session() as s:
        return coordination.list_issues(s, project_id, as_of=as_of, open_only=open_only)


def add_issue(ws: Workspace, project_id: str, **fields: Any) -> str:
    """fields: description (required), responsible_department, raised_date, deadline."""
    with ws.session() as s:
        return coordination.add_issue(s, project_id, user=ws.user, **fields)


def update_issue(
    ws: Workspace, issue_id: str, changes: dict[str, Any], *, expected_version: int | None = None
) -> list[str]:
    with ws.session() as s:
        return coordination.update_issue(s, issue_id, changes, user=ws.user, expected_version=expected_version)


def close_issue(
    ws: Workspace,
    issue_id: str,
    resolution: str,
    closed_date: dt.date | None = None,
    *,
    expected_version: int | None = None,
) -> list[str]:
    with ws.session() as s:
        return coordination.close_issue(
            s, issue_id, resolution=resolution, closed_date=closed_date, user=ws.user, expected_version=expected_version
        )


def delete_issue(ws: Workspace, issue_id: str) -> None:
    with ws.session() as s:
        coordination.delete_issue(s, issue_id, user=ws.user)


def issue_stats(ws: Workspace, project_id: str | None = None, as_of: dt.date | None = None) -> dict[str, Any]:
    with ws.session() as s:
        return coordination.issue_stats(s, project_id, as_of).to_dict()


def issue_stats_by_project(ws: Workspace, as_of: dt.date | None = None) -> dict[str, dict[str, Any]]:
    with ws.session() as s:
        return {pid: st.to_dict() for pid, st in coordination.issue_stats_by_project(s, as_of).items()}


# --- plan indicators ------------------------------------------------------------------------------------
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
) -> str:
    with ws.session() as s:
        return indicators.set_indicator_value(
            s, indicator_id, year, value, user=ws.user, note=note, expected_version=expected_version
        )


def delete_indicator_value(ws: Workspace, indicator_id: str, year: int) -> bool:
    with ws.session() as s:
        return indicators.delete_indicator_value(s, indicator_id, year, user=ws.user)
