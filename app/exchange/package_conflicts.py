"""The conflict review: changes from another office that met a different value here, decided per field.

A person sees both values, who made them and when, and takes the other office's value or keeps this one.
Either way the decision becomes this office's own change (logged with its origin and sequence), so the next
package brings the other office to the same value: taking theirs writes it here; keeping ours sends ours back
as a change based on their value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit, change_log, indicators, office
from app.core.change_log import Change
from app.core.changes import Changes
from app.core.errors import NotFoundError, ValidationError
from app.core.field_labels import label_of
from app.core.workspace import Workspace
from app.db.models import CoordinationIssue, ExchangeConflict, Milestone, Project, utcnow
from app.exchange import package_apply, package_records

__all__ = ["OPEN", "ConflictInfo", "list_conflicts", "resolve_conflict", "what_changed"]

OPEN, TOOK_THEIRS, KEPT_OURS, SUPERSEDED = "open", "took_theirs", "kept_ours", "superseded"
STATE_LABELS = {
    OPEN: "待处理",
    TOOK_THEIRS: "已采用对方的值",
    KEPT_OURS: "已保留本库的值",
    SUPERSEDED: "已被后续修改取代",
}


@dataclass(frozen=True)
class ConflictInfo:
    id: int
    project_id: str
    project_code: str
    project_name: str
    what: str  # 概算总投资（亿元） / 2025Q3 本季完成投资 / 里程碑“开工” 计划日期 / 里程碑“开工”（删除）
    ours: str
    ours_by: str | None
    ours_at: dt.datetime | None
    theirs: str
    theirs_by: str
    theirs_at: dt.datetime
    origin: str  # the office whose change it was
    state: str
    state_label: str
    detected_at: dt.datetime


INDICATOR_FIELD_LABELS = {"value": "数值", "note": "备注"}  # an indicator value's fields
MILESTONE_ORDER_LABEL = "里程碑顺序"
_OWN_LABELS = {"sort_order": "节点顺序"}  # fields the shared labels (app.core.field_labels) do not name


def _text(value: Any) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, list):
        return "、".join(str(item) for item in value) or "（空）"
    if isinstance(value, dict):
        return "；".join(f"{label_of(k)}：{_text(v)}" for k, v in value.items() if v is not None) or "（空）"
    return str(value)


def _change(row: ExchangeConflict) -> Change:
    return Change(
        origin=row.origin_office,
        seq=row.origin_seq,
        entity_type=row.entity_type,
        record_id=row.record_id,
        project_id=row.project_id,
        period=row.period,
        field=row.field,
        op=row.op,
        old=change_log.loads(row.theirs_old),
        new=change_log.loads(row.theirs_new),
        base_version=row.base_version,
        user=row.theirs_by,
        at=row.theirs_at,
    )


def what_changed(session: Session, change: Change) -> str:
    """What a change is about, in people's words (the field's Chinese label, never its internal name):
    概算总投资（亿元） / 2025Q3 形象进度 / 里程碑“开工” 计划日期 / 指标2 2024 年 数值."""
    field = (_OWN_LABELS.get(change.field) or label_of(change.field)) if change.field else ""
    if change.entity_type == change_log.PROGRESS:
        return f"{change.period} {field or '季度进展（删除）'}"
    if change.entity_type == change_log.MILESTONE:
        m = session.get(Milestone, change.record_id)
        title = m.title if m is not None else change.record_id[:8]
        return f"里程碑“{title}” {field or '（删除）'}"
    if change.entity_type == change_log.MILESTONE_ORDER:
        return MILESTONE_ORDER_LABEL
    if change.entity_type == change_log.ISSUE:
        issue = session.get(CoordinationIssue, change.record_id)
        title = issue.description[:20] if issue is not None else change.record_id[:8]
        return f"协调问题“{title}” {field or '（删除）'}"
    if change.entity_type == change_log.INDICATOR:
        label = package_records.indicator_label(session, change)
        return f"{label} {INDICATOR_FIELD_LABELS.get(change.field or '', '') or '（删除）'}"
    if change.op == change_log.CREATE:
        return "新增项目"
    return field


def _info(session: Session, row: ExchangeConflict) -> ConflictInfo:
    project = session.get(Project, row.project_id)
    theirs = change_log.loads(row.theirs_new)
    if row.entity_type == change_log.INDICATOR:
        code, name = "规划指标", ""
    else:
        code = project.code if project is not None else row.project_id
        name = project.name if project is not None else ""
    return ConflictInfo(
        id=row.id,
        project_id=row.project_id,
        project_code=code,
        project_name=name,
        what=what_changed(session, _change(row)),
        ours=_text(change_log.loads(row.ours_value)),
        ours_by=row.ours_by,
        ours_at=row.ours_at,
        theirs="（删除）" if row.op == change_log.DELETE else _text(theirs),
        theirs_by=row.theirs_by,
        theirs_at=row.theirs_at,
        origin=row.origin_office,
        state=row.state,
        state_label=STATE_LABELS.get(row.state, row.state),
        detected_at=row.detected_at,
    )


def list_conflicts(ws: Workspace, *, open_only: bool = True) -> list[ConflictInfo]:
    """The conflicts held here, oldest first (only those still to decide, unless open_only is False)."""
    with ws.session() as session:
        stmt = select(ExchangeConflict).order_by(ExchangeConflict.id)
        if open_only:
            stmt = stmt.where(ExchangeConflict.state == OPEN)
        return [_info(session, row) for row in session.scalars(stmt)]


def _log_own(session: Session, change: Change, old: Any, new: Any, *, user: str, op: str | None = None) -> None:
    change_log.record_change(
        session,
        entity_type=change.entity_type,
        record_id=change.record_id,
        project_id=change.project_id,
        period=change.period,
        field=change.field,
        op=op or change.op,
        old=old,
        new=new,
        base_version=change.base_version,
        user=user,
    )


def _keep_ours(session: Session, change: Change, ours: Any, *, user: str) -> None:
    """Send ours back as a change based on their value, so the other office converges on it."""
    if change.op != change_log.DELETE:
        _log_own(session, change, change.new, ours, user=user)
    elif change.entity_type in (change_log.MILESTONE, change_log.ISSUE):
        _log_own(session, change, None, ours, user=user, op=change_log.CREATE)
    elif isinstance(ours, dict):  # their quarterly record is gone: ours again, field by field
        for key, value in ours.items():
            if value is not None:
                field_change = replace(change, field=key, op=change_log.SET)
                _log_own(session, field_change, None, value, user=user)


def resolve_conflict(ws: Workspace, conflict_id: int, *, take_theirs: bool) -> Changes:
    """Decide one conflict (one transaction, audited); returns what changed for the views."""
    with ws.session() as session:
        row = session.get(ExchangeConflict, conflict_id)
        if row is None:
            raise NotFoundError(f"未找到冲突 {conflict_id} / no such conflict")
        if row.state != OPEN:
            raise ValidationError({"冲突": f"这一冲突已处理（{STATE_LABELS.get(row.state, row.state)}）"})
        change = _change(row)
        ours = package_apply.current_value(session, change)
        if take_theirs:
            if change.entity_type == change_log.INDICATOR:
                indicators.ensure_city_may_edit(session)
            else:
                office.ensure_may_edit(session, change.project_id)
            with office.package_writes(session):  # logged below as this office's own change
                package_apply.write_value(
                    session,
                    change,
                    change.new,
                    user=ws.user,
                    source="manual",
                    detail=f"冲突处理：采用{row.origin_office}的值",
                )
            _log_own(session, change, None if ours is package_apply.ABSENT else ours, change.new, user=ws.user)
        elif ours is not package_apply.ABSENT:
            _keep_ours(session, change, ours, user=ws.user)
        row.state = TOOK_THEIRS if take_theirs else KEPT_OURS
        row.resolved_by, row.resolved_at = ws.user, utcnow()
        audit.record(
            session,
            user=ws.user,
            entity_type="exchange_conflict",
            entity_id=str(row.id),
            project_id=row.project_id,
            field=row.field,
            old=_text(change_log.loads(row.ours_value)),
            new=_text(change.new),
            source="manual",
            source_detail=STATE_LABELS[row.state],
        )
        session.flush()
        kind = row.entity_type
        return Changes(
            projects=kind == change_log.PROJECT,
            progress=kind == change_log.PROGRESS,
            milestones=kind in (change_log.MILESTONE, change_log.MILESTONE_ORDER),
            issues=kind == change_log.ISSUE,
            indicators=kind == change_log.INDICATOR,
            project_ids=frozenset({row.project_id}) if row.project_id else frozenset(),
        )
