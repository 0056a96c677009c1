"""Workspace-level facade for the desktop UI: projects, portfolio, review queue, history, backup.

Every function opens and closes its own session (one transaction) and returns plain data, so app/ui never
touches SQLAlchemy. Errors are the core's own (ValidationError, ConflictError, NotFoundError, DatabaseError).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from app.core import audit, portfolio, projects
from app.core.workspace import Workspace

__all__ = [
    "HistoryItem",
    "SaveResult",
    "add_department",
    "backup_database",
    "database_label",
    "get_project",
    "known_counties",
    "known_departments",
    "load_portfolio",
    "load_portfolio_row",
    "project_history",
    "review_queue",
    "set_flag_state",
    "timeline_milestones",
    "update_project",
    "validate_changes",
]


def load_portfolio(
    ws: Workspace,
    *,
    period: str | None = None,
    as_of: dt.date | None = None,
    progress: portfolio.Progress | None = None,
    prepare_search: bool = True,
) -> list[portfolio.PortfolioRow]:
    """The whole portfolio with tracking status, ready to filter and search (runs on a worker thread)."""
    with ws.session() as s:
        rows = portfolio.load_portfolio(s, period=period, as_of=as_of, progress=progress)
    if prepare_search:
        if progress:
            progress(len(rows), len(rows), "建立搜索索引…")
        portfolio.prepare_search(rows)
    return rows


def load_portfolio_row(ws: Workspace, project_id: str) -> portfolio.PortfolioRow | None:
    """One project's row (project fields only) after an edit; the caller keeps the tracking status
    (portfolio.carry_status) and refreshes the whole portfolio in the background when it needs to."""
    with ws.session() as s:
        rows = portfolio.load_rows(s, ids=[project_id])
    return rows[0] if rows else None


def get_project(ws: Workspace, project_id: str) -> dict[str, Any]:
    with ws.session() as s:
        return projects.project_to_dict(projects.get_project(s, project_id))


@dataclass(frozen=True)
class SaveResult:
    changed: list[str]
    project: dict[str, Any]


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
        data = projects.project_to_dict(projects.get_project(s, project_id))
    return SaveResult(changed, data)


def validate_changes(ws: Workspace, changes: dict[str, Any]) -> None:
    """Raises ValidationError (field -> 中文 message) without writing anything."""
    with ws.session() as s:
        projects.validate_changes(s, changes)
        s.rollback()


@dataclass(frozen=True)
class HistoryItem:
    at: dt.datetime  # local time
    user: str
    entity_type: str
    field: str | None
    field_label: str
    old_value: str | None
    new_value: str | None
    source: str
    source_detail: str | None


def _local(at: dt.datetime) -> dt.datetime:
    """Audit times are stored in UTC (naive); show them in the computer's local time."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone().replace(tzinfo=None)


_COMMON_LABELS = {
    "created": "新建",
    "deleted": "删除",
    "sort_order": "顺序",
    "state": "状态",
    "closed_date": "办结日期",
    "resolution": "办理结果",
    "description": "问题描述",
    "responsible_department": "责任部门",
    "raised_date": "提出日期",
    "deadline": "办结时限",
}


def field_label(entity_type: str, field: str | None) -> str:
    """The Chinese name of an audited field, whatever record it belongs to ("2025Q3.invested" ->
    "2025Q3 本季度完成投资（亿元）")."""
    if not field:
        return ""
    labels: dict[str, str] = {}
    try:
        if entity_type == "milestone":
            from app.core.milestones import FIELD_LABELS as labels  # noqa: N811
        elif entity_type == "progress":
            from app.core.progress import FIELD_LABELS as labels  # noqa: N811
    except ImportError:  # tracking core absent
        labels = {}
    if entity_type == "project":
        labels = projects.FIELD_LABELS
    if entity_type == "progress" and "." in field:
        period, _, name = field.partition(".")
        return f"{period} {labels.get(name, _COMMON_LABELS.get(name, name))}"
    return labels.get(field) or _COMMON_LABELS.get(field) or projects.FIELD_LABELS.get(field) or field


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


def review_queue(ws: Workspace, state: str | None = None) -> list[dict[str, Any]]:
    with ws.session() as s:
        return [asdict(item) for item in projects.review_queue(s, state)]


def set_flag_state(ws: Workspace, flag_id: str, *, resolved: bool, note: str | None) -> None:
    with ws.session() as s:
        projects.set_flag_state(s, flag_id, resolved=resolved, note=note, user=ws.user)


def backup_database(ws: Workspace, target: str | Path) -> Path:
    """Online copy of a SQLite database (safe while open), verified with PRAGMA integrity_check."""
    target = Path(target)
    source = ws.db.sqlite_path
    if source is None:
        raise ValueError("只能备份 SQLite 数据库文件；PostgreSQL 服务器请用 pg_dump 备份")
    if target.exists():
        raise FileExistsError(f"目标文件已存在，未覆盖：{target}")
    src, dst = sqlite3.connect(str(source)), sqlite3.connect(str(target))
    try:
        src.backup(dst)
        result = dst.execute("PRAGMA integrity_check").fetchone()[0]
    except BaseException:
        dst.close()
        target.unlink(missing_ok=True)  # no half-written copy that would block the next attempt
        raise
    finally:
        dst.close()
        src.close()
    if result != "ok":
        target.unlink(missing_ok=True)
        raise OSError(f"备份文件完整性检查失败：{result}")
    return target


def database_label(ws: Workspace) -> str:
    """Where the data lives, for the status bar (a file path, or the server URL without the password)."""
    path = ws.db.sqlite_path
    if path is not None:
        return str(path)
    from sqlalchemy.engine import make_url

    return make_url(ws.db.url).render_as_string(hide_password=True)


def timeline_milestones(ws: Workspace, as_of: dt.date | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every project's milestones (project id -> list in the project's order) in one query, for the
    portfolio timeline. Same dict shape as tracking_service.list_milestones."""
    from sqlalchemy import select

    from app.core.milestones import milestone_to_dict
    from app.db.models import Milestone

    when = as_of or dt.date.today()
    out: dict[str, list[dict[str, Any]]] = {}
    with ws.session() as s:
        for m in s.scalars(
            select(Milestone).order_by(Milestone.project_id, Milestone.sort_order, Milestone.created_at)
        ):
            out.setdefault(m.project_id, []).append(milestone_to_dict(m, when))
    return out
