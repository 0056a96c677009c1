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
A coordination issue is known by the UUID it got where it was raised, like a milestone; an indicator's yearly
value by (indicator, year) (indicators are seeded with the same ids everywhere), with no project (`project_id`
""); a project created after the seed by its UUID (its creation is one "create" change with every field).

Who a change is recorded for: this office, unless the write runs inside `recorded_as` (the city importing a
county's entry workbook records the county's changes as that county's), numbered from RECORDED_SEQ_BASE up:
apart from the numbers that county's own database gives its changes, should it start using the program.

Merging compares values, not version numbers: each database counts its own versions, so after the first
exchange they no longer agree. A change carries the value it replaced (`old`) and its base version; it
applies when the field here still holds `old` (edits of different fields merge), is nothing to do when the
field already holds the new value, and is otherwise a conflict for a person (never a silent overwrite).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import office
from app.db.models import (
    ChangeLogEntry,
    CoordinationIssue,
    ExchangeConflict,
    Milestone,
    Project,
    QuarterlyProgress,
)

__all__ = [
    "CREATE",
    "DELETE",
    "INDICATOR",
    "INDICATOR_FIELDS",
    "ISSUE",
    "ISSUE_FIELDS",
    "MILESTONE",
    "MILESTONE_FIELDS",
    "MILESTONE_ORDER",
    "PROGRESS",
    "PROGRESS_FIELDS",
    "PROJECT",
    "SET",
    "Change",
    "change_values",
    "changes_after",
    "dumps",
    "known_as",
    "loads",
    "milestone_snapshot",
    "progress_snapshot",
    "project_snapshot",
    "record_change",
    "record_indicator_change",
    "record_issue_change",
    "record_milestone_audit",
    "record_milestone_order",
    "record_progress_deleted",
    "record_project_created",
    "recorded_as",
    "same_change",
    "seen",
    "to_json",
]

PROJECT, PROGRESS, MILESTONE, MILESTONE_ORDER = "project", "progress", "milestone", "milestone_order"
ISSUE, INDICATOR = "issue", "indicator"
ENTITY_TYPES = (PROJECT, PROGRESS, MILESTONE, MILESTONE_ORDER, ISSUE, INDICATOR)
SET, CREATE, DELETE = "set", "create", "delete"
OPS = (SET, CREATE, DELETE)
PROGRESS_FIELDS = ("invested", "annual_plan", "physical_progress", "problems", "next_steps", "status")
MILESTONE_FIELDS = ("kind", "title", "planned_date", "actual_date", "status", "note", "sort_order")
ISSUE_FIELDS = ("description", "responsible_department", "raised_date", "deadline", "closed_date", "resolution")
INDICATOR_FIELDS = ("value", "note")  # "value" is the text as typed (value_raw); the number is parsed from it
# The project fields people edit (projects.EDITABLE_FIELDS): listed here, where projects can import them,
# because a project's "create" change carries them too.
PROJECT_EDITABLE_FIELDS = (
    "name",
    "scale",
    "content",
    "entities",
    "location",
    "county",
    "counties",
    "investment_total",
    "new_land_mu",
    "lead_departments",
    "status",
    "note",
)
# Everything a project created after the seed holds, as its "create" change carries it.
PROJECT_CREATE_FIELDS = ("code", "appendix_table", "appendix_group", "row_no", *PROJECT_EDITABLE_FIELDS)
ORDER_FIELD = "order"
NO_PROJECT = ""  # the project_id of a change that is about no project (an indicator's value)
_RECORDED_AS = "change_log.recorded_as"
# Numbers of another office's changes recorded here (`recorded_as`) start here: an office's own database
# numbers its changes from 1, far below, so the two never give one number to two changes (and it fits the
# 32-bit integer column of PostgreSQL).
RECORDED_SEQ_BASE = 1_000_000_000

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


def _snapshot(record: object, fields: tuple[str, ...]) -> dict[str, JsonValue]:
    return {key: to_json(getattr(record, key)) for key in fields}


def progress_snapshot(record: QuarterlyProgress) -> dict[str, JsonValue]:
    return _snapshot(record, PROGRESS_FIELDS)


def milestone_snapshot(m: Milestone) -> dict[str, JsonValue]:
    return _snapshot(m, MILESTONE_FIELDS)


def issue_snapshot(issue: CoordinationIssue) -> dict[str, JsonValue]:
    return _snapshot(issue, ISSUE_FIELDS)


def project_snapshot(project: Project) -> dict[str, JsonValue]:
    return {
        key: to_json(project.lead_departments if key == "lead_departments" else getattr(project, key))
        for key in PROJECT_CREATE_FIELDS
    }


def indicator_record_id(indicator_id: str, year: int) -> str:
    """How an indicator's yearly value is known in every database."""
    return f"{indicator_id}/{year}"


@contextmanager
def recorded_as(session: Session, office_name: str) -> Iterator[None]:
    """Writes inside are logged as `office_name`'s changes (not this office's): the city importing a county's
    entry workbook. Numbered from RECORDED_SEQ_BASE up (see `_next_seq`)."""
    session.info[_RECORDED_AS] = office_name
    try:
        yield
    finally:
        session.info.pop(_RECORDED_AS, None)


def _next_seq(session: Session, origin: str, *, recorded: bool = False) -> int:
    """The office's next sequence number. Asked once per transaction, then counted on: the first query
    flushes this transaction's first write, which on SQLite holds the write lock until commit, so nobody else
    can number a change meanwhile (on PostgreSQL the unique constraint refuses a duplicate).

    `recorded`: a change of another office recorded here (`recorded_as`), numbered from RECORDED_SEQ_BASE up,
    so it never takes a number that office's own database gives its own changes (below the base)."""
    numbers: dict[str, int] = session.info.setdefault(office.SEQUENCE_CACHE, {})
    key = f"{origin}\x00recorded" if recorded else origin
    if key not in numbers:
        in_range = (
            ChangeLogEntry.origin_seq >= RECORDED_SEQ_BASE
            if recorded
            else ChangeLogEntry.origin_seq < RECORDED_SEQ_BASE
        )
        last = session.scalar(
            select(func.max(ChangeLogEntry.origin_seq)).where(ChangeLogEntry.origin_office == origin, in_range)
        )
        numbers[key] = (last or (RECORDED_SEQ_BASE - 1 if recorded else 0)) + 1
    number = numbers[key]
    numbers[key] = number + 1
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
    values = change_values(
        session,
        entity_type=entity_type,
        record_id=record_id,
        project_id=project_id,
        field=field,
        old=old,
        new=new,
        base_version=base_version,
        user=user,
        period=period,
        op=op,
    )
    if values is not None:
        session.add(ChangeLogEntry(**values))


def change_values(
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
) -> dict[str, object] | None:
    """The columns of the change-log row `record_change` adds (`at` is the table's default), its sequence
    number taken now, so rows built in order are numbered in order whenever they are inserted; None when the
    change is not logged here (a package being applied). For a bulk writer (field_changes.FieldChangeRows)."""
    if office.applying_package(session):
        return None
    recorded_for: str | None = session.info.get(_RECORDED_AS)
    current = office.read_office(session)
    origin = recorded_for or (current.name if current is not None else None)
    return {
        "origin_office": origin,
        "origin_seq": _next_seq(session, origin, recorded=recorded_for is not None) if origin is not None else None,
        "entity_type": entity_type,
        "record_id": record_id,
        "project_id": project_id,
        "period": period,
        "field": field,
        "op": op,
        "old_value": dumps(old),
        "new_value": dumps(new),
        "base_version": base_version,
        "user": user,
    }


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


def _record_audited_change(
    session: Session,
    *,
    entity_type: str,
    record_id: str,
    project_id: str,
    version: int,
    snapshot: Callable[[], dict[str, JsonValue]],
    field: str,
    old: object,
    new: object,
    user: str,
) -> None:
    """One call of a writer's audit hook as a change: "created" and "deleted" are the whole record
    (`snapshot()`, base version 0 for a creation), any other field is one value."""
    before: object
    after: object
    if field == "created":
        op, field_name, before, after = CREATE, None, None, snapshot()
    elif field == "deleted":
        op, field_name, before, after = DELETE, None, snapshot(), None
    else:
        op, field_name, before, after = SET, field, old, new
    record_change(
        session,
        entity_type=entity_type,
        record_id=record_id,
        project_id=project_id,
        field=field_name,
        op=op,
        old=before,
        new=after,
        base_version=0 if op == CREATE else version,
        user=user,
    )


def record_milestone_audit(session: Session, m: Milestone, field: str, old: object, new: object, user: str) -> None:
    """The milestone writers' audit helper calls this with the same arguments: "created" and "deleted" are
    the whole record, "sort_order" is logged as the project's order (`record_milestone_order`)."""
    if field == "sort_order":
        return
    _record_audited_change(
        session,
        entity_type=MILESTONE,
        record_id=m.id,
        project_id=m.project_id,
        version=m.version,
        snapshot=lambda: milestone_snapshot(m),
        field=field,
        old=old,
        new=new,
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


def record_issue_change(
    session: Session, issue: CoordinationIssue, field: str, old: object, new: object, *, user: str
) -> None:
    """The coordination writers' audit calls: "created" and "deleted" are the whole issue."""
    _record_audited_change(
        session,
        entity_type=ISSUE,
        record_id=issue.id,
        project_id=issue.project_id,
        version=issue.version,
        snapshot=lambda: issue_snapshot(issue),
        field=field,
        old=old,
        new=new,
        user=user,
    )


def record_indicator_change(
    session: Session,
    indicator_id: str,
    year: int,
    field: str | None,
    old: object,
    new: object,
    *,
    base_version: int,
    user: str,
) -> None:
    """One field of an indicator's yearly value (`field` None: the year's value deleted, `old` its snapshot)."""
    record_change(
        session,
        entity_type=INDICATOR,
        record_id=indicator_record_id(indicator_id, year),
        project_id=NO_PROJECT,
        field=field,
        op=SET if field is not None else DELETE,
        old=old,
        new=new,
        base_version=base_version,
        user=user,
    )


def record_project_created(session: Session, project: Project, *, user: str) -> None:
    record_change(
        session,
        entity_type=PROJECT,
        record_id=project.id,
        project_id=project.id,
        field=None,
        op=CREATE,
        old=None,
        new=project_snapshot(project),
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
    session: Session, after_id: int, *, origin: str, upto_id: int | None = None
) -> list[tuple[int, Change]]:
    """(local log id, change) of `origin`'s numbered changes made in this database (not those a package
    brought back) and logged after `after_id` (up to `upto_id`), oldest first: what an office sends the city.
    What the city sends an office: app.core.change_review.changes_for_office."""
    stmt = select(ChangeLogEntry).where(
        ChangeLogEntry.id > after_id,
        ChangeLogEntry.origin_seq.is_not(None),
        ChangeLogEntry.origin_office == origin,
        ChangeLogEntry.received_from.is_(None),
    )
    if upto_id is not None:
        stmt = stmt.where(ChangeLogEntry.id <= upto_id)
    return [(entry.id, Change.from_entry(entry)) for entry in session.scalars(stmt.order_by(ChangeLogEntry.id))]


def seen(session: Session, origin: str, seq: int) -> bool:
    """Whether this database already has the change (applied, found equal, or held as a conflict)."""
    return known_as(session, origin, seq) is not None


def known_as(session: Session, origin: str, seq: int) -> Change | None:
    """The change this database knows as (origin, seq): logged (applied, found equal, made or recorded here)
    or held as a conflict; None when it has none."""
    logged = session.scalar(
        select(ChangeLogEntry).where(ChangeLogEntry.origin_office == origin, ChangeLogEntry.origin_seq == seq)
    )
    if logged is not None:
        return Change.from_entry(logged)
    held = session.scalar(
        select(ExchangeConflict).where(ExchangeConflict.origin_office == origin, ExchangeConflict.origin_seq == seq)
    )
    if held is None:
        return None
    return Change(
        origin=held.origin_office,
        seq=held.origin_seq,
        entity_type=held.entity_type,
        record_id=held.record_id,
        project_id=held.project_id,
        period=held.period,
        field=held.field,
        op=held.op,
        old=loads(held.theirs_old),
        new=loads(held.theirs_new),
        base_version=held.base_version,
        user=held.theirs_by,
        at=held.theirs_at,
    )


def same_change(a: Change, b: Change) -> bool:
    """Whether two changes numbered alike are the same change (a quarterly record's id differs between
    databases, so it is compared by project and quarter)."""
    record = a.entity_type == PROGRESS or a.record_id == b.record_id
    return (
        record
        and (a.entity_type, a.project_id, a.period, a.field, a.op)
        == (b.entity_type, b.project_id, b.period, b.field, b.op)
        and a.new == b.new
    )


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
