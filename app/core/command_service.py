"""Workspace-level operations addressed the way a command line addresses things: a project by its code
(附表1-05), an indicator by its row number, each audited with the caller's source ("cli").

Each function is one transaction (committed on return, rolled back on any error) and raises the core's own
errors with Chinese messages. Reads return the JSON-ready rows the CLI prints (`--json`). The desktop app
uses app.core.tracking_service, app.core.project_service and app.core.period_service; what both need lives
in the core modules they both call.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.core import coordination, indicators, milestones, progress, projects, status
from app.core.indicators_read import indicator_to_dict, list_indicators
from app.core.progress import ProgressWriteResult
from app.core.workspace import Workspace


# --- projects and reference data --------------------------------------------------------------------------
def project_rows(ws: Workspace) -> list[dict[str, Any]]:
    with ws.session() as s:
        return [projects.project_to_dict(p) for p in projects.list_projects(s)]


def indicator_rows(ws: Workspace) -> list[dict[str, Any]]:
    """The indicators of Table 3-1 as the plan states them."""
    with ws.session() as s:
        return [indicator_to_dict(i) for i in list_indicators(s)]


def review_items(ws: Workspace, *, open_only: bool) -> list[projects.ReviewItem]:
    with ws.session() as s:
        return projects.review_queue(s, "open" if open_only else None)


# --- quarterly progress ----------------------------------------------------------------------------------
def set_progress(
    ws: Workspace,
    code: str,
    period: str,
    *,
    source: str,
    expected_version: int | None = None,
    **fields: Any,
) -> ProgressWriteResult:
    with ws.session() as s:
        project = projects.get_project(s, code=code)
        return progress.set_progress(
            s, project.id, period, user=ws.user, source=source, expected_version=expected_version, **fields
        )


def period_rows(ws: Workspace, period: str, *, include_unreported: bool) -> list[dict[str, Any]]:
    with ws.session() as s:
        return status.period_rows(s, period, include_unreported=include_unreported)


def progress_history(ws: Workspace, code: str) -> list[dict[str, Any]]:
    with ws.session() as s:
        return progress.progress_history(s, projects.get_project(s, code=code).id)


# --- milestones ------------------------------------------------------------------------------------------
def add_milestone(ws: Workspace, code: str, *, source: str, **fields: Any) -> str:
    """fields: title (required), kind, planned_date, actual_date, status, note."""
    with ws.session() as s:
        project = projects.get_project(s, code=code)
        return milestones.add_milestone(s, project.id, user=ws.user, source=source, **fields)


def milestone_rows(ws: Workspace, code: str, as_of: dt.date | None) -> list[dict[str, Any]]:
    with ws.session() as s:
        return milestones.list_milestones(s, projects.get_project(s, code=code).id, as_of)


def apply_milestone_template(ws: Workspace, code: str, *, source: str) -> list[str]:
    with ws.session() as s:
        return milestones.apply_template(s, projects.get_project(s, code=code).id, user=ws.user, source=source)


def update_milestone(
    ws: Workspace, milestone_id: str, changes: dict[str, Any], *, source: str, expected_version: int | None
) -> list[str]:
    with ws.session() as s:
        return milestones.update_milestone(
            s, milestone_id, changes, user=ws.user, expected_version=expected_version, source=source
        )


def move_milestone(ws: Workspace, milestone_id: str, position: int, *, source: str) -> int:
    with ws.session() as s:
        return milestones.move_milestone(s, milestone_id, position, user=ws.user, source=source)


def delete_milestone(ws: Workspace, milestone_id: str, *, source: str) -> None:
    with ws.session() as s:
        milestones.delete_milestone(s, milestone_id, user=ws.user, source=source)


def overdue_milestones(ws: Workspace, as_of: dt.date | None) -> list[dict[str, Any]]:
    with ws.session() as s:
        return milestones.overdue_milestones(s, as_of)


# --- coordination issues ---------------------------------------------------------------------------------
def add_issue(ws: Workspace, code: str, *, source: str, **fields: Any) -> str:
    """fields: description (required), responsible_department, raised_date, deadline."""
    with ws.session() as s:
        project = projects.get_project(s, code=code)
        return coordination.add_issue(s, project.id, user=ws.user, source=source, **fields)


def close_issue(
    ws: Workspace, issue_id: str, *, resolution: str, closed_date: dt.date | None, source: str
) -> list[str]:
    with ws.session() as s:
        return coordination.close_issue(
            s, issue_id, resolution=resolution, closed_date=closed_date, user=ws.user, source=source
        )


def issue_rows(ws: Workspace, code: str | None, *, as_of: dt.date | None, open_only: bool) -> list[dict[str, Any]]:
    """One project's issues (by code) or every issue of the portfolio (code None)."""
    with ws.session() as s:
        project_id = projects.get_project(s, code=code).id if code else None
        return coordination.list_issues(s, project_id, as_of=as_of, open_only=open_only)


def issue_stats(ws: Workspace, code: str | None, as_of: dt.date | None) -> dict[str, Any]:
    with ws.session() as s:
        project_id = projects.get_project(s, code=code).id if code else None
        return coordination.issue_stats(s, project_id, as_of).to_dict()


# --- plan indicators -------------------------------------------------------------------------------------
def set_indicator_value(ws: Workspace, seq: int, year: int, value: str, *, note: str | None, source: str) -> str:
    """Record one year's value of indicator `seq`; returns the indicator's name."""
    with ws.session() as s:
        indicator = indicators.get_indicator(s, seq=seq)
        indicators.set_indicator_value(s, indicator.id, year, value, user=ws.user, note=note, source=source)
        return indicator.name


def indicator_progress_rows(ws: Workspace, up_to_year: int | None) -> list[dict[str, Any]]:
    with ws.session() as s:
        return [row.to_dict() for row in indicators.indicator_progress(s, up_to_year)]
