"""Applying another office's changes to this database, in the caller's one transaction.

Each change (app.core.change_log.Change) meets the value the field holds here:
- already seen (same origin office and sequence): skipped, so a replayed package changes nothing;
- the field holds the change's new value: nothing to do (remembered as seen);
- the field still holds the value the change replaced (`old`): applied, audited with source "package";
- anything else: the field changed here meanwhile, so the change becomes a stored conflict with both values,
  who made them and when, for a person to decide (`resolve_conflict`). Nothing is overwritten silently.
Edits of different fields of one record therefore merge. A milestone's order is not a value anyone loses:
the sender's order is applied to the milestones this database has. Coordination issues, indicator values and
projects the city added follow the same rule (their reading and writing: app.exchange.package_records).

A change this database knows under the same (origin, sequence) but with other content is refused, not
skipped: it would mean two databases numbered changes of one office alike (see packages.py).

These writes are not this office's edits: they run inside `office.package_writes` (no scope refusal, and the
change log records them under their origin, for the city to pass on to the other offices once it has
accepted them: app.core.change_review).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import change_log, milestones, periods, progress, projects, text_rules
from app.core import reference as ref
from app.core.change_log import Change, JsonValue
from app.core.errors import ValidationError
from app.db.models import (
    ChangeLogEntry,
    CoordinationIssue,
    ExchangeConflict,
    Milestone,
    Project,
    QuarterlyProgress,
    utcnow,
)
from app.exchange import package_records
from app.exchange.package_format import PackageError

__all__ = [
    "ABSENT",
    "APPLIED",
    "CONFLICT",
    "MISSING",
    "SAME",
    "SEEN",
    "ApplyTally",
    "apply_change",
    "current_value",
    "write_value",
]

APPLIED, SAME, SEEN, CONFLICT, MISSING = "applied", "same", "seen", "conflict", "missing"
ABSENT = object()  # the record does not exist here


@dataclass
class ApplyTally:
    outcomes: dict[str, list[Change]] = field(
        default_factory=lambda: {APPLIED: [], SAME: [], SEEN: [], CONFLICT: [], MISSING: []}
    )

    def add(self, outcome: str, change: Change) -> None:
        self.outcomes[outcome].append(change)

    def count(self, outcome: str) -> int:
        return len(self.outcomes[outcome])

    @property
    def project_ids(self) -> frozenset[str]:
        return frozenset(c.project_id for c in self.outcomes[APPLIED] if c.project_id)


def _detail(change: Change) -> str:
    return f"{change.origin} 第 {change.seq} 号修改（数据包）"


_invalid = package_records.invalid


def _progress_record(session: Session, project_id: str, period: str) -> QuarterlyProgress | None:
    return session.scalar(
        select(QuarterlyProgress).where(QuarterlyProgress.project_id == project_id, QuarterlyProgress.period == period)
    )


def _milestone_ids(session: Session, project_id: str) -> list[str]:
    return list(
        session.scalars(
            select(Milestone.id)
            .where(Milestone.project_id == project_id)
            .order_by(Milestone.sort_order, Milestone.created_at)
        )
    )


def current_value(session: Session, change: Change) -> Any:
    """The JSON form of what this database holds where the change applies; ABSENT when the record is not
    here (a quarter not reported here holds blank fields, not ABSENT)."""
    if package_records.handles(change):
        return package_records.current(session, change, ABSENT)
    if session.get(Project, change.project_id) is None:
        return ABSENT
    kind = change.entity_type
    if kind == change_log.PROJECT:
        project = session.get(Project, change.project_id)
        assert project is not None and change.field is not None
        if change.field not in projects.EDITABLE_FIELDS:
            raise _invalid(change, f"项目字段 {change.field} 不可修改")
        value = project.lead_departments if change.field == "lead_departments" else getattr(project, change.field)
        return change_log.to_json(value)
    if kind == change_log.PROGRESS:
        assert change.period is not None
        record = _progress_record(session, change.project_id, change.period)
        if change.op == change_log.DELETE:
            return ABSENT if record is None else change_log.progress_snapshot(record)
        if change.field not in change_log.PROGRESS_FIELDS:
            raise _invalid(change, f"进展字段 {change.field} 未知")
        return None if record is None else change_log.to_json(getattr(record, change.field))
    if kind == change_log.MILESTONE:
        m = session.get(Milestone, change.record_id)
        if m is None:
            return ABSENT
        if m.project_id != change.project_id:
            raise _invalid(change, "里程碑节点不属于所述项目")
        if change.op == change_log.SET:
            if change.field not in change_log.MILESTONE_FIELDS:
                raise _invalid(change, f"节点字段 {change.field} 未知")
            return change_log.to_json(getattr(m, change.field))
        return change_log.milestone_snapshot(m)
    return _milestone_ids(session, change.project_id)


# --- turning JSON values back into what the columns hold (every value is checked: it came from a file) ---


def _progress_value(change: Change, key: str, value: JsonValue) -> Any:
    if value is not None and not isinstance(value, str):
        raise _invalid(change, f"{key} 的值应为文本")
    if key in progress.AMOUNT_FIELDS:
        number, _note, error = progress.coerce_amount(value)
        if error:
            raise _invalid(change, error)
        return number
    if key == "status":
        if value is not None and value not in ref.STATUSES:
            raise _invalid(change, f"状态“{value}”未知")
        return value
    return text_rules.check_text(key, value)


def _milestone_value(change: Change, key: str, value: JsonValue) -> Any:
    if key == "sort_order":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _invalid(change, "节点顺序无效")
        return value
    if value is not None and not isinstance(value, str):
        raise _invalid(change, f"{key} 的值应为文本")
    if key in ("planned_date", "actual_date"):
        try:
            return None if value is None else dt.date.fromisoformat(value)
        except ValueError:
            raise _invalid(change, f"日期“{value}”无效") from None
    if key == "status":
        if value not in milestones.STORED_STATUSES:
            raise _invalid(change, f"节点状态“{value}”未知")
        return value
    text = text_rules.check_text(key, value)
    if key == "title" and not text:
        raise _invalid(change, "节点名称为空")
    return text or (milestones.CUSTOM_KIND if key == "kind" else None)


def _snapshot_values(change: Change, snapshot: JsonValue, keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(snapshot, dict) or set(snapshot) != set(keys):
        raise _invalid(change, "记录内容不完整")
    convert = _milestone_value if keys == change_log.MILESTONE_FIELDS else _progress_value
    return {key: convert(change, key, snapshot[key]) for key in keys}


# --- writing (shared by package import and conflict resolution) ---


def write_value(session: Session, change: Change, value: JsonValue, *, user: str, source: str, detail: str) -> None:
    """Make the change's target hold `value` (JSON form); for a delete, `value` None removes the record and
    a snapshot recreates it."""
    kind = change.entity_type
    if package_records.handles(change):
        package_records.write(session, change, value, user=user, source=source, detail=detail)
    elif kind == change_log.PROJECT:
        project = session.get(Project, change.project_id)
        assert project is not None and change.field is not None
        try:
            clean = projects.validate_changes(session, {change.field: value})
        except ValidationError as exc:
            raise _invalid(change, str(exc)) from None
        projects.apply_changes(session, project, clean, user=user, source=source, source_detail=detail)
    elif kind == change_log.PROGRESS:
        _write_progress(session, change, value, user=user, source=source, detail=detail)
    elif kind == change_log.MILESTONE:
        _write_milestone(session, change, value, user=user, source=source, detail=detail)
    else:
        _write_order(session, change, value, user=user, source=source, detail=detail)
    session.flush()


def _write_progress(session: Session, change: Change, value: JsonValue, *, user: str, source: str, detail: str) -> None:
    assert change.period is not None
    record = _progress_record(session, change.project_id, change.period)
    if change.op == change_log.DELETE and value is None:
        if record is not None:
            for key in change_log.PROGRESS_FIELDS:
                if getattr(record, key) is not None:
                    package_records.audit_change(
                        session,
                        change,
                        change.entity_type,
                        record.id,
                        f"{change.period}.{key}",
                        getattr(record, key),
                        None,
                        user,
                        source=source,
                        detail=detail,
                    )
            session.delete(record)
        return
    fields = (
        _snapshot_values(change, value, change_log.PROGRESS_FIELDS)
        if change.op == change_log.DELETE
        else {str(change.field): _progress_value(change, str(change.field), value)}
    )
    created = record is None
    if record is None:
        periods.ensure_period(session, change.period)
        record = QuarterlyProgress(project_id=change.project_id, period=change.period, version=1, updated_by=user)
        session.add(record)
        session.flush()
    for key, new in fields.items():
        old = getattr(record, key)
        if old != new:
            setattr(record, key, new)
            package_records.audit_change(
                session,
                change,
                change.entity_type,
                record.id,
                f"{change.period}.{key}",
                old,
                new,
                user,
                source=source,
                detail=detail,
            )
    if not created:
        record.version += 1
    record.updated_at, record.updated_by = utcnow(), user


def _write_milestone(
    session: Session, change: Change, value: JsonValue, *, user: str, source: str, detail: str
) -> None:
    m = session.get(Milestone, change.record_id)
    if change.op == change_log.SET:
        assert m is not None and change.field is not None
        new = _milestone_value(change, change.field, value)
        package_records.audit_change(
            session,
            change,
            change.entity_type,
            m.id,
            change.field,
            getattr(m, change.field),
            new,
            user,
            source=source,
            detail=detail,
        )
        setattr(m, change.field, new)
        m.version += 1
        m.updated_at, m.updated_by = utcnow(), user
    elif value is None:  # delete
        if m is not None:
            package_records.audit_change(
                session,
                change,
                change.entity_type,
                m.id,
                "deleted",
                f"{m.kind}：{m.title}",
                None,
                user,
                source=source,
                detail=detail,
            )
            session.delete(m)
            session.flush()
            for index, other in enumerate(
                session.scalars(
                    select(Milestone)
                    .where(Milestone.project_id == change.project_id)
                    .order_by(Milestone.sort_order, Milestone.created_at)
                )
            ):
                other.sort_order = index
    elif m is None:  # create (or recreate)
        fields = _snapshot_values(change, value, change_log.MILESTONE_FIELDS)
        m = Milestone(id=change.record_id, project_id=change.project_id, version=1, updated_by=user, **fields)
        session.add(m)
        session.flush()
        package_records.audit_change(
            session,
            change,
            change.entity_type,
            m.id,
            "created",
            None,
            f"{m.kind}：{m.title}",
            user,
            source=source,
            detail=detail,
        )


def _write_order(session: Session, change: Change, value: JsonValue, *, user: str, source: str, detail: str) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _invalid(change, "节点顺序无效")
    items = {m.id: m for m in session.scalars(select(Milestone).where(Milestone.project_id == change.project_id))}
    current = _milestone_ids(session, change.project_id)
    order = [mid for mid in value if mid in items] + [mid for mid in current if mid not in value]
    if order == current:
        return
    for index, mid in enumerate(order):
        items[mid].sort_order = index
    package_records.audit_change(
        session,
        change,
        change.entity_type,
        change.project_id,
        "milestone_order",
        current,
        order,
        user,
        source=source,
        detail=detail,
    )


# --- one change from a package ---


def _ours_by(session: Session, change: Change) -> tuple[str | None, dt.datetime | None]:
    """Who last changed the field here, and when (the change log; else the record's own stamp)."""
    stmt = select(ChangeLogEntry).where(
        ChangeLogEntry.entity_type == change.entity_type,
        ChangeLogEntry.project_id == change.project_id,
        ChangeLogEntry.field == change.field,
    )
    if change.entity_type == change_log.PROGRESS:
        stmt = stmt.where(ChangeLogEntry.period == change.period)
    elif change.entity_type != change_log.PROJECT:
        stmt = stmt.where(ChangeLogEntry.record_id == change.record_id)
    entry = session.scalar(stmt.order_by(ChangeLogEntry.id.desc()))
    if entry is not None:
        return entry.user, entry.at
    if change.entity_type == change_log.PROGRESS and change.period is not None:
        row: Any = _progress_record(session, change.project_id, change.period)
    elif change.entity_type == change_log.MILESTONE:
        row = session.get(Milestone, change.record_id)
    elif change.entity_type == change_log.ISSUE:
        row = session.get(CoordinationIssue, change.record_id)
    elif change.entity_type == change_log.INDICATOR:
        return None, None
    else:
        row = session.get(Project, change.project_id)
    return (row.updated_by, row.updated_at) if row is not None else (None, None)


def _hold_conflict(session: Session, change: Change, ours: JsonValue, *, sender: str, package_id: str) -> None:
    ours_by, ours_at = _ours_by(session, change)
    session.add(
        ExchangeConflict(
            origin_office=change.origin,
            origin_seq=change.seq,
            sender=sender,
            package_id=package_id,
            entity_type=change.entity_type,
            record_id=change.record_id,
            project_id=change.project_id,
            period=change.period,
            field=change.field,
            op=change.op,
            base_version=change.base_version,
            theirs_old=change_log.dumps(change.old),
            theirs_new=change_log.dumps(change.new),
            theirs_by=change.user,
            theirs_at=change.at,
            ours_value=change_log.dumps(ours),
            ours_by=ours_by,
            ours_at=ours_at,
        )
    )


def _supersede(session: Session, change: Change) -> None:
    """A later change from the same office to the same field settles the conflicts its earlier ones left. A
    quarterly record is known by its project and quarter (its id differs between databases)."""
    stmt = select(ExchangeConflict).where(
        ExchangeConflict.state == "open",
        ExchangeConflict.origin_office == change.origin,
        ExchangeConflict.origin_seq < change.seq,
        ExchangeConflict.entity_type == change.entity_type,
        ExchangeConflict.project_id == change.project_id,
    )
    if change.field is not None:
        stmt = stmt.where(ExchangeConflict.field == change.field)
    if change.entity_type == change_log.PROGRESS:
        stmt = stmt.where(ExchangeConflict.period == change.period)
    elif change.entity_type != change_log.PROJECT:
        stmt = stmt.where(ExchangeConflict.record_id == change.record_id)
    for held in session.scalars(stmt):
        held.state, held.resolved_at, held.resolved_by = "superseded", utcnow(), change.user


def conflict_open(session: Session, change: Change) -> bool:
    state = session.scalar(
        select(ExchangeConflict.state).where(
            ExchangeConflict.origin_office == change.origin, ExchangeConflict.origin_seq == change.seq
        )
    )
    return state == "open"


def _numbered_twice(change: Change) -> PackageError:
    return PackageError(
        f"数据包中{change.origin}第 {change.seq} 号修改与本库已有的同号修改内容不同（两个数据库给同一单位的修改编了相同"
        f"的号，例如市级按填报表记录了{change.origin}的修改，而{change.origin}又在本程序中填报），整个数据包未导入；"
        f"请{change.origin}先导入市级最近的数据包再重新导出 / the package's change {change.seq} of {change.origin} "
        "differs from the change this database knows by that number"
    )


def apply_change(session: Session, change: Change, *, sender: str, package_id: str, receiver_is_city: bool) -> str:
    """Apply one change (see the module docstring); returns the outcome."""
    known = change_log.known_as(session, change.origin, change.seq)
    if known is not None:
        if not change_log.same_change(known, change):
            raise _numbered_twice(change)
        return SEEN
    if change.entity_type == change_log.PROGRESS and receiver_is_city and change.period is not None:
        periods.ensure_writable(session, change.period)  # the city's locked quarter stays as it was
    current = current_value(session, change)
    creates_project = change.entity_type == change_log.PROJECT and change.op == change_log.CREATE
    has_project = change.entity_type == change_log.INDICATOR or session.get(Project, change.project_id) is not None
    if (not has_project and not creates_project) or (current is ABSENT and change.op == change_log.SET):
        outcome = MISSING  # a project this database does not have, or a milestone deleted here
    elif change.op == change_log.CREATE:
        outcome = SAME if current is not ABSENT else APPLIED
    elif change.op == change_log.DELETE:
        outcome = SAME if current is ABSENT else APPLIED if _same_record(change, current) else CONFLICT
    elif current == change.new:
        outcome = SAME
    elif change.entity_type == change_log.MILESTONE_ORDER or current == change.old:
        outcome = APPLIED
    else:
        outcome = CONFLICT
    if outcome == CONFLICT:
        _hold_conflict(session, change, current, sender=sender, package_id=package_id)
        return CONFLICT
    if outcome == APPLIED:
        write_value(session, change, change.new, user=change.user, source="package", detail=_detail(change))
    if outcome in (APPLIED, SAME):
        _supersede(session, change)  # the sender's later word on the field settles its earlier conflicts
    change_log.log_received(session, change, sender=sender)
    return outcome


def _same_record(change: Change, current: JsonValue) -> bool:
    """A delete applies when the record is still as the sender last saw it (a milestone's position aside)."""
    if not isinstance(change.old, dict) or not isinstance(current, dict):
        return False
    ignore = {"sort_order"}
    return {k: v for k, v in current.items() if k not in ignore} == {
        k: v for k, v in change.old.items() if k not in ignore
    }
