"""The last step of an import: write the plan through the core services, in the caller's ONE transaction.

The services (set_progress, update_milestone, update_project) validate, version and audit every change with
source="import" and source_detail="<file> <sheet>!<row>". A service refusing a row raises ImportRejected and the
caller rolls everything back: an import is all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import milestones, periods, progress, projects
from app.db.models import AuditEntry
from app.exchange.import_plan import (
    ERROR,
    MINE,
    THEIRS,
    Conflict,
    FieldChange,
    ImportPlan,
    ImportRejected,
    Issue,
    RowPlan,
)

ProgressFn = Callable[[int, int, str], None]


def unresolved_conflicts(
    plan: ImportPlan, resolutions: dict[str, str] | None, default: str | None = None
) -> list[Conflict]:
    resolutions = resolutions or {}
    return [c for c in plan.conflicts if resolutions.get(c.key, default) not in (THEIRS, MINE)]


def apply_plan(
    session: Session,
    plan: ImportPlan,
    *,
    user: str,
    resolutions: dict[str, str] | None = None,
    default: str | None = None,
    report: ProgressFn | None = None,
) -> list[FieldChange]:
    """Write the plan. The caller owns the transaction (all or nothing). Raises ImportRejected when the plan
    has errors or unresolved conflicts, or when a core service refuses a row (the caller rolls back)."""
    if plan.errors:
        raise ImportRejected(plan.errors)
    pending = unresolved_conflicts(plan, resolutions, default)
    if pending:
        raise ImportRejected(
            [
                Issue(
                    ERROR,
                    c.sheet,
                    c.row,
                    c.label,
                    f"冲突尚未处理：数据库中为“{c.mine or '空'}”，文件中为“{c.theirs or '空'}”",
                )
                for c in pending
            ]
        )
    resolutions = resolutions or {}
    by_row_key = {(c.sheet, c.row, c.field): c for c in plan.conflicts}
    changes_by_row: dict[tuple[str, int], list[FieldChange]] = {}
    for change in plan.changes:
        changes_by_row.setdefault((change.sheet, change.row), []).append(change)
    applied: list[FieldChange] = []
    for number, row in enumerate(plan.rows, start=1):
        if report:
            report(number, len(plan.rows), "写入数据库")
        fields = dict(row.apply)
        taken = list(changes_by_row.get((row.sheet, row.row), []))
        for key, value in row.conflicts.items():
            conflict = by_row_key[(row.sheet, row.row, key)]
            if resolutions.get(conflict.key, default) == THEIRS:
                fields[key] = value
                taken.append(_taken_conflict(row, conflict))
        if not fields:
            continue
        detail = f"{plan.file_name} {row.sheet}!{row.row}"
        try:
            _write_row(session, row, fields, user=user, detail=detail)
        except (
            projects.ValidationError,
            projects.ConflictError,
            projects.NotFoundError,
            periods.PeriodLockedError,
        ) as exc:
            raise ImportRejected([Issue(ERROR, row.sheet, row.row, None, f"写入失败：{exc}")]) from exc
        applied.extend(taken)
    session.flush()
    return applied


def _taken_conflict(row: RowPlan, conflict: Conflict) -> FieldChange:
    return FieldChange(
        conflict.key,
        row.sheet,
        row.row,
        row.entity,
        row.record_id,
        row.project_id,
        conflict.project_code,
        conflict.project_name,
        row.period,
        conflict.field,
        conflict.label,
        conflict.mine,
        conflict.theirs,
        "冲突：采用文件中的值",
    )


def _write_row(session: Session, row: RowPlan, fields: dict[str, Any], *, user: str, detail: str) -> None:
    if row.entity == "progress":
        assert row.period is not None  # every progress row has its quarter
        progress.set_progress(
            session,
            row.project_id,
            row.period,
            user=user,
            source="import",
            source_detail=detail,
            expected_version=row.db_version,
            **fields,
        )
    elif row.entity == "milestone":
        before = session.scalar(select(func.max(AuditEntry.id))) or 0
        milestones.update_milestone(
            session, row.record_id, fields, user=user, expected_version=row.db_version, source="import"
        )
        session.flush()
        # update_milestone records no source_detail: name the file and row on its audit entries.
        for entry in session.scalars(
            select(AuditEntry).where(
                AuditEntry.id > before, AuditEntry.entity_id == row.record_id, AuditEntry.source == "import"
            )
        ):
            if not entry.source_detail:
                entry.source_detail = detail
    else:
        projects.update_project(
            session,
            row.record_id,
            fields,
            user=user,
            expected_version=row.db_version,
            source="import",
            source_detail=detail,
        )
