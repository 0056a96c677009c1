"""The audit log: who changed which field of which record, when, from what source."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AuditEntry


def as_text(value: object) -> str | None:
    """One stable text form per value, so old/new compare and display the same everywhere."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def entry_values(
    *,
    user: str,
    entity_type: str,
    entity_id: str,
    project_id: str | None,
    field: str | None,
    old: object,
    new: object,
    source: str = "manual",
    source_detail: str | None = None,
) -> dict[str, str | None]:
    """The columns of one audit entry (`at` is the table's default): what `record` adds, or what a bulk writer
    inserts for many entries in one statement (app.core.field_changes.FieldChangeRows)."""
    return {
        "user": user,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "project_id": project_id,
        "field": field,
        "old_value": as_text(old),
        "new_value": as_text(new),
        "source": source,
        "source_detail": source_detail,
    }


def record(
    session: Session,
    *,
    user: str,
    entity_type: str,
    entity_id: str,
    project_id: str | None,
    field: str | None,
    old: object,
    new: object,
    source: str = "manual",
    source_detail: str | None = None,
) -> None:
    session.add(
        AuditEntry(
            **entry_values(
                user=user,
                entity_type=entity_type,
                entity_id=entity_id,
                project_id=project_id,
                field=field,
                old=old,
                new=new,
                source=source,
                source_detail=source_detail,
            )
        )
    )


@dataclass(frozen=True)
class HistoryRow:
    at: dt.datetime
    user: str
    entity_type: str
    field: str | None
    old_value: str | None
    new_value: str | None
    source: str
    source_detail: str | None


def project_history(session: Session, project_id: str) -> list[HistoryRow]:
    rows = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.project_id == project_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    return [
        HistoryRow(r.at, r.user, r.entity_type, r.field, r.old_value, r.new_value, r.source, r.source_detail)
        for r in rows
    ]
