"""Project milestones (里程碑节点): the standard template for government investment projects, editing,
ordering, and overdue detection relative to an "as of" date.

The stored status is what the officer set; 已完成/逾期 are derived at read time from the dates, so a
milestone becomes overdue by the calendar alone, without anyone saving it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import audit, change_log, field_changes, office, projects, text_rules
from app.core import status_rules as rules
from app.core.parsing import DateTextError, parse_date_text
from app.db.models import Milestone, Project, utcnow

CUSTOM_KIND = "自定义"
# Approval chain of a Chinese government investment project, in the order it happens.
MILESTONE_TEMPLATE: list[str] = [
    "立项/项目建议书批复",
    "可研批复",
    "环评批复",
    "用地预审/规划许可",
    "初步设计批复",
    "施工许可",
    rules.START_KIND,
    "主体完工",
    rules.END_KIND,
]
NOT_STARTED, IN_PROGRESS, DONE, OVERDUE = "未开始", "进行中", "已完成", "逾期"
STORED_STATUSES = (NOT_STARTED, IN_PROGRESS, DONE)
EDITABLE = ("kind", "title", "planned_date", "actual_date", "status", "note")
FIELD_LABELS = {
    "kind": "节点类型",
    "title": "节点名称",
    "planned_date": "计划日期",
    "actual_date": "实际日期",
    "status": "状态",
    "note": "备注",
}


def effective_status(stored: str | None, planned: dt.date | None, actual: dt.date | None, as_of: dt.date) -> str:
    """已完成 when done by as_of; 逾期 when the planned date has passed; otherwise what the officer set."""
    if actual is not None and actual <= as_of:
        return DONE
    if planned is not None and planned < as_of:
        return OVERDUE
    return IN_PROGRESS if stored == IN_PROGRESS else NOT_STARTED


def parse_date(value: Any, label: str) -> dt.date | None:
    """A date object, or text typed the way people write dates (2025-12-31, 2025/12/31, 2025年12月31日…)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_date_text(str(value))
    except DateTextError as exc:
        raise projects.ValidationError({label: exc.note}) from None


def _validate(changes: dict[str, Any], today: dt.date) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in EDITABLE:
            errors[key] = "该字段不可修改"
        elif key in ("planned_date", "actual_date"):
            try:
                clean[key] = parse_date(value, key)
            except projects.ValidationError as exc:
                errors.update(exc.errors)
                continue
            if key == "actual_date" and clean[key] is not None and clean[key] > today:
                errors[key] = "实际日期不能晚于今天（尚未发生的日期请填在计划日期）"
        elif key in ("title", "kind", "note"):
            try:
                text = text_rules.check_text(key, value)
            except projects.ValidationError as exc:
                errors.update(exc.errors)
                continue
            if key == "title" and not text:
                errors[key] = "节点名称不能为空"
            clean[key] = text or (CUSTOM_KIND if key == "kind" else "" if key == "title" else None)
        elif key == "status":
            text = (value or "").strip() or NOT_STARTED
            if text not in STORED_STATUSES:
                errors[key] = f"状态应为：{'/'.join(STORED_STATUSES)}（逾期由日期自动判断）"
            clean[key] = text
    if errors:
        raise projects.ValidationError(errors)
    return clean


def _get(session: Session, milestone_id: str) -> Milestone:
    m = session.get(Milestone, milestone_id)
    if m is None:
        raise projects.NotFoundError(f"未找到里程碑节点 / no such milestone: {milestone_id}")
    return m


def _check_version(m: Milestone, expected_version: int | None) -> None:
    if expected_version is not None and m.version != expected_version:
        raise projects.ConflictError(
            f"节点“{m.title}”已被 {m.updated_by} 于 {m.updated_at:%Y-%m-%d %H:%M} 修改"
            f"（版本 {m.version}，您编辑的是版本 {expected_version}），请刷新后重试"
        )


def _ordered(session: Session, project_id: str) -> list[Milestone]:
    return list(
        session.scalars(
            select(Milestone)
            .where(Milestone.project_id == project_id)
            .order_by(Milestone.sort_order, Milestone.created_at)
        )
    )


def _audit(
    session: Session, m: Milestone, field: str, old: Any, new: Any, user: str, source: str, detail: str | None = None
) -> None:
    """A whole-record event ("created", "deleted", "sort_order"); a field's new value goes through
    field_changes.record_field_change."""
    audit.record(
        session,
        user=user,
        entity_type="milestone",
        entity_id=m.id,
        project_id=m.project_id,
        field=field,
        old=old,
        new=new,
        source=source,
        source_detail=detail,
    )
    change_log.record_milestone_audit(session, m, field, old, new, user)


def add_milestone(
    session: Session,
    project_id: str,
    *,
    title: str,
    kind: str | None = None,
    planned_date: Any = None,
    actual_date: Any = None,
    status: str | None = None,
    note: str | None = None,
    user: str,
    source: str = "manual",
    milestone_id: str | None = None,
) -> str:
    """Append a milestone to the project's list; returns its id (`milestone_id`, or a new UUID)."""
    office.ensure_may_edit(session, projects.get_project(session, project_id))
    clean = _validate(
        dict(title=title, kind=kind, planned_date=planned_date, actual_date=actual_date, status=status, note=note),
        dt.date.today(),
    )
    position = session.scalar(select(func.max(Milestone.sort_order)).where(Milestone.project_id == project_id))
    m = Milestone(
        project_id=project_id, sort_order=(position + 1) if position is not None else 0, updated_by=user, **clean
    )
    if milestone_id is not None:
        m.id = milestone_id
    session.add(m)
    session.flush()
    _audit(session, m, "created", None, f"{m.kind}：{m.title}", user, source)
    return m.id


def template_milestone_id(project_id: str, kind: str) -> str:
    """The id a standard milestone gets: the same in every office's database, so a template applied in a
    county and in the city is one milestone after their packages are exchanged, not two."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"datong:milestone-template:{project_id}:{kind}"))


def apply_template(session: Session, project_id: str, *, user: str, source: str = "manual") -> list[str]:
    """Add the standard milestones the project does not have yet (by kind); returns the new ids.
    Running it twice adds nothing the second time."""
    projects.get_project(session, project_id)
    present = {m.kind for m in _ordered(session, project_id)}
    added = []
    for kind in MILESTONE_TEMPLATE:
        if kind in present:
            continue
        wanted = template_milestone_id(project_id, kind)
        taken = session.get(Milestone, wanted) is not None  # that milestone's kind was changed since
        added.append(
            add_milestone(
                session,
                project_id,
                title=kind,
                kind=kind,
                user=user,
                source=source,
                milestone_id=None if taken else wanted,
            )
        )
    return added


def update_milestone(
    session: Session,
    milestone_id: str,
    changes: dict[str, Any],
    *,
    user: str,
    expected_version: int | None = None,
    source: str = "manual",
) -> list[str]:
    m = _get(session, milestone_id)
    _check_version(m, expected_version)
    office.ensure_may_edit(session, m.project_id)
    clean = _validate(changes, dt.date.today())
    changed = []
    for key, new in clean.items():
        old = getattr(m, key)
        if old == new:
            continue
        setattr(m, key, new)
        field_changes.record_field_change(
            session,
            entity_type=change_log.MILESTONE,
            record_id=m.id,
            project_id=m.project_id,
            field=key,
            old=old,
            new=new,
            base_version=m.version,
            user=user,
            source=source,
        )
        changed.append(key)
    if changed:
        m.version += 1
        m.updated_at = utcnow()
        m.updated_by = user
    session.flush()
    return changed


def delete_milestone(
    session: Session, milestone_id: str, *, user: str, expected_version: int | None = None, source: str = "manual"
) -> None:
    m = _get(session, milestone_id)
    _check_version(m, expected_version)
    office.ensure_may_edit(session, m.project_id)
    _audit(session, m, "deleted", f"{m.kind}：{m.title}", None, user, source)
    project_id = m.project_id
    session.delete(m)
    session.flush()
    _renumber(session, _ordered(session, project_id))


def _renumber(session: Session, items: list[Milestone]) -> None:
    for index, item in enumerate(items):
        if item.sort_order != index:
            item.sort_order = index
    session.flush()


def move_milestone(session: Session, milestone_id: str, position: int, *, user: str, source: str = "manual") -> int:
    """Move to 0-based `position` among the project's milestones (clamped); returns the position used."""
    m = _get(session, milestone_id)
    items = _ordered(session, m.project_id)
    old_index = items.index(m)
    new_index = max(0, min(position, len(items) - 1))
    if new_index == old_index:
        return new_index
    office.ensure_may_edit(session, m.project_id)
    before = [item.id for item in items]
    items.insert(new_index, items.pop(old_index))
    change_log.record_milestone_order(session, m.project_id, before, [item.id for item in items], user=user)
    _renumber(session, items)
    m.version += 1
    m.updated_at = utcnow()
    m.updated_by = user
    _audit(session, m, "sort_order", old_index, new_index, user, source)
    session.flush()
    return new_index


def reorder_milestones(
    session: Session, project_id: str, ordered_ids: list[str], *, user: str, source: str = "manual"
) -> None:
    """Set the whole order at once (drag and drop); the ids must be exactly the project's milestones."""
    items = {m.id: m for m in _ordered(session, project_id)}
    if sorted(ordered_ids) != sorted(items):
        raise projects.ValidationError({"sort_order": "节点列表已变化，请刷新后重试"})
    office.ensure_may_edit(session, project_id)
    change_log.record_milestone_order(session, project_id, list(items), list(ordered_ids), user=user)
    for index, mid in enumerate(ordered_ids):
        m = items[mid]
        if m.sort_order != index:
            _audit(session, m, "sort_order", m.sort_order, index, user, source)
            m.sort_order = index
            m.version += 1
            m.updated_at = utcnow()
            m.updated_by = user
    session.flush()


def milestone_to_dict(m: Milestone, as_of: dt.date) -> dict[str, Any]:
    return dict(
        id=m.id,
        project_id=m.project_id,
        kind=m.kind,
        title=m.title,
        planned_date=m.planned_date.isoformat() if m.planned_date else None,
        actual_date=m.actual_date.isoformat() if m.actual_date else None,
        status=m.status,
        effective_status=effective_status(m.status, m.planned_date, m.actual_date, as_of),
        overdue_days=rules.overdue_days(m.planned_date, m.actual_date, as_of),
        note=m.note,
        position=m.sort_order,
        version=m.version,
        updated_at=m.updated_at.isoformat() if m.updated_at else None,
        updated_by=m.updated_by,
    )


def list_milestones(session: Session, project_id: str, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    as_of = as_of or dt.date.today()
    return [milestone_to_dict(m, as_of) for m in _ordered(session, project_id)]


def overdue_milestones(
    session: Session, as_of: dt.date | None = None, project_id: str | None = None
) -> list[dict[str, Any]]:
    """Milestones late on `as_of` across the portfolio (or one project), most overdue first."""
    as_of = as_of or dt.date.today()
    stmt = (
        select(Milestone, Project.code, Project.name)
        .join(Project, Project.id == Milestone.project_id)
        .where(Milestone.planned_date < as_of)
        .where((Milestone.actual_date.is_(None)) | (Milestone.actual_date > as_of))
    )
    if project_id:
        stmt = stmt.where(Milestone.project_id == project_id)
    rows = []
    for m, code, name in session.execute(stmt):
        row = milestone_to_dict(m, as_of)
        row.update(code=code, project_name=name)
        rows.append(row)
    rows.sort(key=lambda r: (-r["overdue_days"], r["code"]))
    return rows
