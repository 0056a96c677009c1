"""What a merge between offices needs: every change, with its origin office, base version and sequence.

Why a `change_log` table rather than more columns on the audit log: the audit log keeps values as display
text for people (and every writer of every record type adds to it, settings and review flags included), while
a merge needs typed values (JSON here), the version the change was based on, and a per-office running number
that must be unique. One row per field change, written by the core's writers in the same transaction as the
change (projects.apply_changes, progress.set_progress / delete_progress, milestones), so a change and its log
row are committed together or not at all.

Identity across databases: a project by its UUID (seeded projects share it: uuid5 of the code), a quarterly
record by (project, quarter), a milestone by the UUID it got where it was created. A change is known everywhere
as (origin office, origin sequence): applying a package skips the ones already seen, so replaying is a no-op.

Merging compares values, not version numbers: each database counts its own versions, so after the first
exchange they no longer agree. A change carries the value it replaced (`old`) and its base version; it
applies when the field here still holds `old` (edits of different fields merge), is nothing to do when the
field already holds the new value, and is otherwise a conflict for a person (never a silent overwrite).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import office
from app.db.models import ChangeLogEntry, ExchangeConflict, Milestone, QuarterlyProgress

__all__ = [
    "CREATE",
    "DELETE",
    "MILESTONE",
    "MILESTONE_FIELDS",
    "MILESTONE_ORDER",
    "PROGRESS",
    "PROGRESS_FIELDS",
    "PROJECT",
    "SET",
    "Change",
    "changes_after",
    "dumps",
    "loads",
    "milestone_snapshot",
    "progress_snapshot",
    "record_change",
    "record_milestone_audit",
    "record_milestone_order",
    "record_progress_deleted",
    "seen",
    "to_json",
]

PROJECT, PROGRESS, MILESTONE, MILESTONE_ORDER = "project", "progress", "milestone", "milestone_order"
ENTITY_TYPES = (PROJECT, PROGRESS, MILESTONE, MILESTONE_ORDER)
SET, CREATE, DELETE = "set", "create", "delete"
OPS = (SET, CREATE, DELETE)
PROGRESS_FIELDS = ("invested", "annual_plan", "physical_progress", "problems", "next_steps", "status")
MILESTONE_FIELDS = ("kind", "title", "planned_date", "actual_date", "status", "note", "sort_order")
ORDER_FIELD = "order"

JsonValue = Any  # None, bool, int, str, list and dict of those: what json.loads returns


def to_json(value: object) -> JsonValue:
    """One JSON form per value, so values compare the same in every database: amounts as normalised decimal
    text ("1.2", never 1.2000 or a float), dates as ISO text, lists as lists."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return format(Decimal(str(value)).normalize(), "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, Iterable):
        return [to_json(item) for item in value]
    return str(value)


def dumps(value: object) -> str:
    return json.dumps(to_json(value), ensure_ascii=False, sort_keys=True)


def loads(text: str | None) -> JsonValue:
    return None if text is None else json.loads(text)


def progress_snapshot(record: QuarterlyProgress) -> dict[str, JsonValue]:
    return {key: to_json(getattr(record, key)) for key in PROGRESS_FIELDS}


def milestone_snapshot(m: Milestone) -> dict[str, JsonValue]:
    return {key: to_json(getattr(m, key)) for key in MILESTONE_FIELDS}


def _next_seq(session: Session, origin: str) -> int:
    """The office's next sequence number. Asked once per transaction, then counted on: the first query
    flushes this transaction's first write, which on SQLite holds the write lock until commit, so nobody else
    can number a change meanwhile (on PostgreSQL the unique constraint refuses a duplicate)."""
    numbers: dict[str, int] = session.info.setdefault(office.SEQUENCE_CACHE, {})
    if origin not in numbers:
        last = session.scalar(select(func.max(ChangeLogEntry.origin_seq)).where(ChangeLogEntry.origin_office == origin))
        numbers[origin] = (last or 0) + 1
    number = numbers[origin]
    numbers[origin] = number + 1
    return number


def record_change(
    session: Session,
    *,
    entity_type: str,
    record_id: str,
    project_id: str,
    field: str | None,
    old: object,
    new: object,
    base_version: int,
    user: str,
    period: str | None = None,
    op: str = SET,
) -> None:
    """Log one change made here (in the caller's transaction). Writes that apply a package are logged by
    the package code with their own origin, so they are skipped here."""
    if office.applying_package(session):
        return
    current = office.read_office(session)
    origin = current.name if current is not None else None
    session.add(
        ChangeLogEntry(
            origin_office=origin,
            origin_seq=_next_seq(session, origin) if origin is not None else None,
            entity_type=entity_type,
            record_id=record_id,
            project_id=project_id,
            period=period,
            field=field,
            op=op,
            old_value=dumps(old),
            new_value=dumps(new),
            base_version=base_version,
            user=user,
        )
    )


def record_progress_deleted(session: Session, record: QuarterlyProgress, *, user: str) -> None:
    record_change(
        session,
        entity_type=PROGRESS,
        record_id=record.id,
        project_id=record.project_id,
        period=record.period,
        field=None,
        op=DELETE,
        old=progress_snapshot(record),
        new=None,
        base_version=record.version,
        user=user,
    )


def record_milestone_audit(session: Session, m: Milestone, field: str, old: object, new: object, user: str) -> None:
    """The milestone writers' audit helper calls this with the same arguments: "created" and "deleted" are
    the whole record, "sort_order" is logged as the project's order (`record_milestone_order`)."""
    if field == "sort_order":
        return
    before: object
    after: object
    if field == "created":
        op, field_name, before, after = CREATE, None, None, milestone_snapshot(m)
    elif field == "deleted":
        op, field_name, before, after = DELETE, None, milestone_snapshot(m), None
    else:
        op, field_name, before, after = SET, field, old, new
    record_change(
        session,
        entity_type=MILESTONE,
        record_id=m.id,
        project_id=m.project_id,
        field=field_name,
        op=op,
        old=before,
        new=after,
        base_version=0 if op == CREATE else m.version,
        user=user,
    )


def record_milestone_order(
    session: Session, project_id: str, before: list[str], after: list[str], *, user: str
) -> None:
    """A milestone moved: the project's whole order travels, since moving one renumbers the others."""
    if before == after:
        return
    record_change(
        session,
        entity_type=MILESTONE_ORDER,
        record_id=project_id,
        project_id=project_id,
        field=ORDER_FIELD,
        old=before,
        new=after,
        base_version=0,
        user=user,
    )


@dataclass(frozen=True)
class Change:
    """One change as it travels in a package (values in their JSON form)."""

    origin: str
    seq: int
    entity_type: str
    record_id: str
    project_id: str
    period: str | None
    field: str | None
    op: str
    old: JsonValue
    new: JsonValue
    base_version: int
    user: str
    at: dt.datetime

    @classmethod
    def from_entry(cls, entry: ChangeLogEntry) -> Change:
        assert entry.origin_office is not None and entry.origin_seq is not None  # numbered before export
        return cls(
            origin=entry.origin_office,
            seq=entry.origin_seq,
            entity_type=entry.entity_type,
            record_id=entry.record_id,
            project_id=entry.project_id,
            period=entry.period,
            field=entry.field,
            op=entry.op,
            old=loads(entry.old_value),
            new=loads(entry.new_value),
            base_version=entry.base_version,
            user=entry.user,
            at=entry.at,
        )


def changes_after(
    session: Session, after_id: int, *, origin: str | None = None, not_origin: str | None = None
) -> list[tuple[int, Change]]:
    """(local log id, change) of the numbered changes logged after `after_id`, oldest first; only those of
    `origin`, or all but those of `not_origin`."""
    stmt = select(ChangeLogEntry).where(ChangeLogEntry.id > after_id, ChangeLogEntry.origin_seq.is_not(None))
    if origin is not None:
        stmt = stmt.where(ChangeLogEntry.origin_office == origin)
    if not_origin is not None:
        stmt = stmt.where(ChangeLogEntry.origin_office != not_origin)
    return [(entry.id, Change.from_entry(entry)) for entry in session.scalars(stmt.order_by(ChangeLogEntry.id))]


def seen(session: Session, origin: str, seq: int) -> bool:
    """Whether this database already has the change (applied, found equal, or held as a conflict)."""
    logged = session.scalar(
        select(ChangeLogEntry.id).where(ChangeLogEntry.origin_office == origin, ChangeLogEntry.origin_seq == seq)
    )
    if logged is not None:
        return True
    held = session.scalar(
        select(ExchangeConflict.id).where(ExchangeConflict.origin_office == origin, ExchangeConflict.origin_seq == seq)
    )
    return held is not None


def log_received(session: Session, change: Change, *, sender: str) -> None:
    """Remember a change another office made (applied here, or already equal) so a replay skips it and the
    city can pass it on to the other offices."""
    session.add(
        ChangeLogEntry(
            origin_office=change.origin,
            origin_seq=change.seq,
            entity_type=change.entity_type,
            record_id=change.record_id,
            project_id=change.project_id,
            period=change.period,
            field=change.field,
            op=change.op,
            old_value=json.dumps(change.old, ensure_ascii=False, sort_keys=True),
            new_value=json.dumps(change.new, ensure_ascii=False, sort_keys=True),
            base_version=change.base_version,
            user=change.user,
            at=change.at,
            received_from=sender,
        )
    )
