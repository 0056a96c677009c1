"""One field of one record changed: the two logs that remember it, written together.

The audit log (app.core.audit) answers "who changed what, when, from where" for people; the change log
(app.core.change_log) carries the same change to the other offices in an exchange package. Every writer of a
project, quarterly-report or milestone field calls `record_field_change`, so the two can never disagree about
what changed (one written, the other forgotten).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from app.core import audit, change_log
from app.db.models import AuditEntry, ChangeLogEntry


def record_field_change(
    session: Session,
    *,
    entity_type: str,
    record_id: str,
    project_id: str,
    field: str,
    old: object,
    new: object,
    base_version: int,
    user: str,
    source: str,
    source_detail: str | None = None,
    period: str | None = None,
) -> None:
    """Log that `field` of record `record_id` (an `entity_type` of change_log: project, progress, milestone)
    went from `old` to `new`, in the caller's transaction. `base_version` is the record's version the change
    was made on. A quarterly report's field is audited as "2025Q3.invested" (the history shows the quarter)
    and logged as field "invested" of period "2025Q3"."""
    audit.record(
        session,
        user=user,
        entity_type=entity_type,
        entity_id=record_id,
        project_id=project_id,
        field=f"{period}.{field}" if period else field,
        old=old,
        new=new,
        source=source,
        source_detail=source_detail,
    )
    change_log.record_change(
        session,
        entity_type=entity_type,
        record_id=record_id,
        project_id=project_id,
        period=period,
        field=field,
        old=old,
        new=new,
        base_version=base_version,
        user=user,
    )


@dataclass
class FieldChangeRows:
    """Field changes of a bulk writer (a quarterly-report import): the same audit and change-log rows as
    `record_field_change` gives each, collected in order and inserted with one executemany per table.

    `add` takes the change-log sequence number at once, so the numbers follow the order of the changes. A
    writer that also logs through `record_field_change` (ORM objects, inserted at the session's next flush)
    calls `write` before it, so both logs keep the order of the changes (audit ids, sequence numbers)."""

    audit_rows: list[dict[str, str | None]] = field(default_factory=list)
    change_rows: list[dict[str, object]] = field(default_factory=list)

    def add(
        self,
        session: Session,
        *,
        entity_type: str,
        record_id: str,
        project_id: str,
        field: str,
        old: object,
        new: object,
        base_version: int,
        user: str,
        source: str,
        source_detail: str | None = None,
        period: str | None = None,
    ) -> None:
        """What `record_field_change` logs, with the same arguments, kept for `write`."""
        self.audit_rows.append(
            audit.entry_values(
                user=user,
                entity_type=entity_type,
                entity_id=record_id,
                project_id=project_id,
                field=f"{period}.{field}" if period else field,
                old=old,
                new=new,
                source=source,
                source_detail=source_detail,
            )
        )
        values = change_log.change_values(
            session,
            entity_type=entity_type,
            record_id=record_id,
            project_id=project_id,
            period=period,
            field=field,
            old=old,
            new=new,
            base_version=base_version,
            user=user,
        )
        if values is not None:
            self.change_rows.append(values)

    def write(self, session: Session) -> None:
        """Insert the rows collected so far, in the caller's transaction (after the session's pending objects,
        which were logged before them)."""
        session.flush()
        if self.audit_rows:
            session.execute(insert(cast(Table, AuditEntry.__table__)), self.audit_rows)
        if self.change_rows:
            session.execute(insert(cast(Table, ChangeLogEntry.__table__)), self.change_rows)
        self.audit_rows, self.change_rows = [], []
