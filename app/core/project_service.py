"""Workspace-level facade for the desktop UI: projects, portfolio, review queue, history, backup.

Every function opens and closes its own session (one transaction) and returns plain data (the typed records
of app.core.records for projects, findings and history), so app/ui never touches SQLAlchemy. Errors are the core's own (ValidationError, ConflictError, NotFoundError, DatabaseError).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import (
    audit,
    field_labels,
    milestones,
    portfolio,
    portfolio_refresh,
    progress,
    projects,
    summary_store,
    timeline,
)
from app.core.errors import ConflictError, NotFoundError, ValidationError
from app.core.records import HistoryItem, ProjectRecord, ReviewItem
from app.core.table_columns import Identity
from app.core.workspace import Workspace
from app.db.engine import DatabaseError
from app.db.models import Indicator, Project, ReviewFlag

# Errors a person can act on (Chinese messages, nothing written): show them, never a traceback.
USER_ERRORS = (ValidationError, ConflictError, NotFoundError, DatabaseError)

__all__ = [
    "USER_ERRORS",
    "HistoryItem",
    "PendingEdit",
    "ProjectRecord",
    "SaveResult",
    "add_department",
    "backup_database",
    "complete_portfolio",
    "database_label",
    "field_problem",
    "get_project",
    "known_counties",
    "known_departments",
    "load_portfolio",
    "load_portfolio_row",
    "needs_completion",
    "pending_edit",
    "project_history",
    "refresh_portfolio",
    "review_queue",
    "set_flag_state",
    "timeline_details",
    "timeline_milestones",
    "update_project",
]


def load_portfolio(
    ws: Workspace,
    *,
    period: str | None = None,
    as_of: dt.date | None = None,
    progress: portfolio.Progress | None = None,
    prepare_search: bool = True,
    with_status: bool = True,
) -> list[portfolio.PortfolioRow]:
    """The whole portfolio with tracking status, ready to filter and search (runs on a worker thread).

    with_status=False gives the rows without it (RAG unknown, status_known False) in a fraction of the time:
    the first step of the table's two-step load, completed by complete_portfolio."""
    stored_day = portfolio.stored_status_day(period, as_of)
    with ws.session() as s:
        portfolio.read_in_one_snapshot(s)
        if with_status:
            rows = portfolio.load_portfolio(s, period=period, as_of=stored_day or as_of, progress=progress)
        else:
            rows = portfolio.load_rows(s, progress=progress, stored_status_of=stored_day)
    if prepare_search:
        if progress:
            progress(len(rows), len(rows), "建立搜索索引…")
        portfolio.prepare_search(rows, initials=with_status)
    if with_status:  # (the two-step load does this in its second step: the rows are shown without waiting)
        if prepare_search and stored_day is not None:
            summary_store.store(ws, rows, stored_day)
        portfolio.prepare_sorting(rows)
    portfolio.keep_loaded(rows)
    return rows


def needs_completion(rows: list[portfolio.PortfolioRow]) -> bool:
    """Whether complete_portfolio has anything to do: a row whose status or pinyin search key did not come from
    the store with it."""
    return any(map(_incomplete, rows))


def _incomplete(row: portfolio.PortfolioRow) -> bool:
    return not row.status_known or row._initials is None


def complete_portfolio(
    ws: Workspace, rows: list[portfolio.PortfolioRow], *, period: str | None = None, as_of: dt.date | None = None
) -> bool:
    """The second step of a two-step load: every row's tracking status for `period` (exactly what
    load_portfolio computes), set on the rows in place, and the pinyin initials of the search keys. The
    statuses of today found current in the store came with the rows; what was computed is stored.

    Returns whether any row changed (False: every status and search key came from the store with the rows, and
    what the first step derived from the rows still holds)."""
    stored_day = portfolio.stored_status_day(period, as_of)  # the statuses are judged on the day they are stored as
    incomplete = [r for r in rows if _incomplete(r)]
    if not incomplete:
        return False
    if any(not r.status_known for r in incomplete):
        with ws.session() as s:
            portfolio.complete_statuses(s, rows, period=period, as_of=stored_day or as_of)
    portfolio.prepare_search(rows)
    if stored_day is not None:
        summary_store.store(ws, rows, stored_day)
    portfolio.prepare_sorting(rows)
    portfolio.keep_loaded(rows)
    return True


def refresh_portfolio(
    ws: Workspace,
    rows: Sequence[portfolio.PortfolioRow],
    *,
    period: str | None,
    judged_on: dt.date,
    identity: Identity | None = None,
) -> tuple[list[portfolio.PortfolioRow], list[int]] | None:
    """After a write: `rows` (a complete load for `period`, its statuses judged on `judged_on`) with the projects
    that changed since read again, and their positions; None when a full load is needed
    (app/core/portfolio_refresh.py says when). What was computed of today is stored, as a load stores it."""
    with ws.session() as s:
        portfolio.read_in_one_snapshot(s)
        refreshed = portfolio_refresh.refresh_rows(s, rows, period=period, judged_on=judged_on, identity=identity)
    stored_day = portfolio.stored_status_day(period, None)
    if refreshed is not None and refreshed[1] and stored_day is not None:
        summary_store.store(ws, [refreshed[0][p] for p in refreshed[1]], stored_day)
    return refreshed


def load_portfolio_row(ws: Workspace, project_id: str) -> portfolio.PortfolioRow | None:
    """One project's row (project fields only) after an edit; the caller keeps the tracking status
    (portfolio.carry_status) and refreshes the whole portfolio in the background when it needs to."""
    with ws.session() as s:
        rows = portfolio.load_rows(s, ids=[project_id])
    return rows[0] if rows else None


def get_project(ws: Workspace, project_id: str) -> ProjectRecord:
    with ws.session() as s:
        return ProjectRecord.from_row(projects.get_project(s, project_id))


@dataclass(frozen=True)
class SaveResult:
    changed: tuple[str, ...]  # the fields whose stored value changed
    project: ProjectRecord  # as stored after the save (new version)
    notes: tuple[str, ...] = ()  # how typed values were understood ("500万元" -> 0.05 亿元), for the person


def update_project(
    ws: Workspace, project_id: str, changes: dict[str, Any], *, expected_version: int | None
) -> SaveResult:
    """One transaction: validate, write, audit. On any error nothing is written."""
    with ws.session() as s:
        changed = projects.update_project(
            s,
            project_id,
            changes,
            user=ws.user,
            expected_version=expected_version,
            source="manual",
            source_detail="桌面程序",
        )
        s.flush()
        _clean, notes = projects.validate_changes_with_notes(s, changes)  # valid: update_project checked it
        record = ProjectRecord.from_row(projects.get_project(s, project_id))
    return SaveResult(tuple(changed), record, tuple(notes))


@dataclass(frozen=True)
class PendingEdit:
    """What a form would change if saved: the typed value of each field whose meaning differs from the stored
    one, and a message for each field the core would refuse (those count as changed too)."""

    changes: dict[str, Any]
    errors: dict[str, str]


def _comparable(value: Any) -> Any:
    """Stored and normalised values in one shape: lists as tuples, Decimal by value."""
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def _stored_meaning(session: Session, key: str, stored: Any) -> Any:
    """The stored value read by the same rule as a typed one. Data that entered without that rule (the seeded
    appendix keeps 附表3-08's 建设地点 on three lines, a single-line field) must compare equal to itself when
    the form shows it unchanged. A stored value the rule refuses is compared as it is."""
    try:
        return projects.validate_changes(session, {key: stored})[key]
    except ValidationError:
        return stored


def pending_edit(ws: Workspace, stored: ProjectRecord, shown: dict[str, Any]) -> PendingEdit:
    """Compare what a form shows with the stored project by the core's own normalisation
    (projects.validate_changes) applied to both sides, field by field, so "  x " equals "x" and "35.270"
    equals 35.27 exactly as saving would treat them, and a field shown exactly as stored is never a change.
    Nothing is written."""
    changes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    with ws.session() as s:
        for key, value in shown.items():
            before = stored.value(key)
            if _comparable(value) == _comparable(before):
                continue  # shown as stored: untouched, whatever the stored text looks like
            try:
                clean = projects.validate_changes(s, {key: value})[key]
            except ValidationError as exc:
                changes[key] = value
                errors[key] = exc.errors.get(key, str(exc))
                continue
            if _comparable(clean) != _comparable(_stored_meaning(s, key, before)):
                changes[key] = value
        s.rollback()
    return PendingEdit(changes, errors)


def field_problem(ws: Workspace, key: str, value: Any) -> str | None:
    """The core's message for one typed value (checked while typing), or None when it would be accepted."""
    with ws.session() as s:
        try:
            projects.validate_changes(s, {key: value})
        except ValidationError as exc:
            return exc.errors.get(key, str(exc))
        finally:
            s.rollback()
    return None


def _local(at: dt.datetime) -> dt.datetime:
    """Audit times are stored in UTC (naive); show them in the computer's local time."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone().replace(tzinfo=None)


# Audit entries that are events rather than fields.
_EVENT_LABELS = {"created": "新建", "deleted": "删除", "sort_order": "顺序", "state": "状态"}


def field_label(entity_type: str, field: str | None) -> str:
    """The Chinese name of an audited field, whatever record it belongs to ("2025Q3.invested" ->
    "2025Q3 本季度完成投资（亿元）")."""
    if not field:
        return ""
    labels: dict[str, str] = {}
    if entity_type == "milestone":
        labels = milestones.FIELD_LABELS
    elif entity_type == "progress":
        labels = progress.FIELD_LABELS
    elif entity_type == "project":
        labels = projects.FIELD_LABELS
    if entity_type == "progress" and "." in field:
        period, _, name = field.partition(".")
        return f"{period} {labels.get(name) or _EVENT_LABELS.get(name) or field_labels.label_of(name)}"
    return labels.get(field) or _EVENT_LABELS.get(field) or field_labels.label_of(field)


def project_history(ws: Workspace, project_id: str) -> list[HistoryItem]:
    with ws.session() as s:
        rows = audit.project_history(s, project_id)
    return [
        HistoryItem(
            _local(r.at),
            r.user,
            r.entity_type,
            r.field,
            field_label(r.entity_type, r.field),
            r.old_value,
            r.new_value,
            r.source,
            r.source_detail,
        )
        for r in rows
    ]


def known_counties(ws: Workspace) -> list[str]:
    with ws.session() as s:
        return projects.known_counties(s)


def known_departments(ws: Workspace) -> list[str]:
    with ws.session() as s:
        return projects.known_departments(s)


def add_department(ws: Workspace, name: str) -> str:
    with ws.session() as s:
        return projects.add_department(s, name, user=ws.user)


def review_queue(ws: Workspace, state: str | None = None) -> list[ReviewItem]:
    """The data-quality findings ("open", "resolved" or all), open ones first, then by project code / 指标N."""
    stmt = (
        select(ReviewFlag, Project.code, Project.name, Indicator.seq, Indicator.name)
        .outerjoin(Project, ReviewFlag.project_id == Project.id)
        .outerjoin(Indicator, ReviewFlag.indicator_id == Indicator.id)
    )
    if state:
        stmt = stmt.where(ReviewFlag.state == state)
    with ws.session() as s:
        items = [
            ReviewItem.from_row(flag, code if code else f"指标{seq}", project_name or indicator_name or "")
            for flag, code, project_name, seq, indicator_name in s.execute(stmt)
        ]
    items.sort(key=lambda item: (not item.is_open, item.subject))
    return items


def set_flag_state(ws: Workspace, flag_id: str, *, resolved: bool, note: str | None) -> None:
    with ws.session() as s:
        projects.set_flag_state(s, flag_id, resolved=resolved, note=note, user=ws.user)


def backup_database(ws: Workspace, target: str | Path) -> Path:
    """Online copy of a SQLite database to a chosen file (never replaced), verified with integrity_check."""
    from app.core import backups

    return backups.copy_to_file(ws, target)


def database_label(ws: Workspace) -> str:
    """Where the data lives, for the status bar (a file path, or the server URL without the password)."""
    path = ws.db.sqlite_path
    if path is not None:
        return str(path)
    from sqlalchemy.engine import make_url

    return make_url(ws.db.url).render_as_string(hide_password=True)


def timeline_milestones(ws: Workspace, as_of: dt.date | None = None) -> timeline.PortfolioTimeline:
    """Every project's line on the portfolio timeline (date span, late or not on `as_of`, default today), from
    one grouping query; the milestones themselves come from `timeline_details` for the rows drawn."""
    with ws.session() as s:
        return timeline.portfolio_timeline(s, as_of or dt.date.today())


def timeline_details(
    ws: Workspace, project_ids: Sequence[str], as_of: dt.date
) -> dict[str, tuple[timeline.TimelineMilestone, ...]]:
    """The milestones of these projects (each in its project's order), judged on `as_of`: one query."""
    with ws.session() as s:
        return timeline.milestones_of(s, project_ids, as_of)
