"""Reading and writing, for a package, the records beyond a project's fields, quarters and milestones:
coordination issues (问题协调), the yearly values of the plan's indicators, and a project the city added.

`current` gives the JSON form of what this database holds where a change applies (package_apply.ABSENT when
the record is not here); `write` makes it hold a value. Every value came from a file and is checked here; a
bad one is a PackageError naming the change. Writes are audited like the officers' own (source "package").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit, change_log, project_creation, projects, text_rules
from app.core.change_log import Change, JsonValue
from app.core.errors import ValidationError
from app.core.parsing import parse_number
from app.db.models import CoordinationIssue, Indicator, IndicatorValue, Project, utcnow
from app.exchange.package_format import PackageError

__all__ = ["current", "handles", "indicator_label", "invalid", "write"]

_ISSUE_DATES = ("raised_date", "deadline", "closed_date")
_CODE_LIMIT = 40


def invalid(change: Change, problem: str) -> PackageError:
    return PackageError(
        f"数据包中的修改无效（{change.origin} 第 {change.seq} 号）：{problem} / invalid change in the package"
    )


def audit_change(
    session: Session,
    change: Change,
    entity_type: str,
    entity_id: str,
    field: str,
    old: object,
    new: object,
    user: str,
    *,
    source: str,
    detail: str,
) -> None:
    """The audit row of one change a package brings (written by package import and conflict resolution)."""
    audit.record(
        session,
        user=user,
        entity_type=entity_type,
        entity_id=entity_id,
        project_id=change.project_id or None,
        field=field,
        old=old,
        new=new,
        source=source,
        source_detail=detail,
    )


# --- coordination issues ---


def _issue_value(change: Change, key: str, value: JsonValue) -> Any:
    if value is not None and not isinstance(value, str):
        raise invalid(change, f"{key} 的值应为文本")
    if key in _ISSUE_DATES:
        try:
            return None if value is None else dt.date.fromisoformat(value)
        except ValueError:
            raise invalid(change, f"日期“{value}”无效") from None
    try:
        text = text_rules.check_text(key, value)
    except ValidationError as exc:
        raise invalid(change, "；".join(exc.errors.values())) from None
    if key == "description" and not text:
        raise invalid(change, "问题描述为空")
    return text or ("" if key == "description" else None)


def _issue_snapshot_values(change: Change, snapshot: JsonValue) -> dict[str, Any]:
    if not isinstance(snapshot, dict) or set(snapshot) != set(change_log.ISSUE_FIELDS):
        raise invalid(change, "协调问题内容不完整")
    return {key: _issue_value(change, key, snapshot[key]) for key in change_log.ISSUE_FIELDS}


def _issue_current(session: Session, change: Change, absent: object) -> Any:
    issue = session.get(CoordinationIssue, change.record_id)
    if issue is None:
        return absent
    if issue.project_id != change.project_id:
        raise invalid(change, "协调问题不属于所述项目")
    if change.op == change_log.SET:
        if change.field not in change_log.ISSUE_FIELDS:
            raise invalid(change, f"协调问题字段 {change.field} 未知")
        return change_log.to_json(getattr(issue, change.field))
    return change_log.issue_snapshot(issue)


def _write_issue(session: Session, change: Change, value: JsonValue, *, user: str, source: str, detail: str) -> None:
    issue = session.get(CoordinationIssue, change.record_id)
    kind = "coordination_issue"
    if change.op == change_log.SET:
        assert issue is not None and change.field is not None
        new = _issue_value(change, change.field, value)
        old = getattr(issue, change.field)
        audit_change(session, change, kind, issue.id, change.field, old, new, user, source=source, detail=detail)
        setattr(issue, change.field, new)
        issue.version += 1
        issue.updated_at, issue.updated_by = utcnow(), user
    elif value is None:  # delete
        if issue is not None:
            audit_change(
                session, change, kind, issue.id, "deleted", issue.description, None, user, source=source, detail=detail
            )
            session.delete(issue)
    elif issue is None:  # create (or recreate)
        fields = _issue_snapshot_values(change, value)
        issue = CoordinationIssue(
            id=change.record_id, project_id=change.project_id, version=1, updated_by=user, **fields
        )
        session.add(issue)
        session.flush()
        audit_change(
            session, change, kind, issue.id, "created", None, issue.description, user, source=source, detail=detail
        )


# --- indicator values (known by indicator and year) ---


def _indicator_key(change: Change) -> tuple[str, int]:
    indicator_id, _, year = change.record_id.rpartition("/")
    if not indicator_id or not year.isdigit():
        raise invalid(change, "指标年度值的标识无效")
    return indicator_id, int(year)


def _indicator_row(session: Session, indicator_id: str, year: int) -> IndicatorValue | None:
    return session.scalar(
        select(IndicatorValue).where(IndicatorValue.indicator_id == indicator_id, IndicatorValue.year == year)
    )


def _indicator_current(session: Session, change: Change, absent: object) -> Any:
    indicator_id, year = _indicator_key(change)
    if session.get(Indicator, indicator_id) is None:
        return absent
    row = _indicator_row(session, indicator_id, year)
    if change.op == change_log.DELETE:
        return absent if row is None else {"value": row.value_raw, "note": row.note}
    if change.field not in change_log.INDICATOR_FIELDS:
        raise invalid(change, f"指标字段 {change.field} 未知")
    if row is None:
        return None  # a year not recorded here holds blank fields
    return row.value_raw if change.field == "value" else row.note


def _indicator_fields(change: Change, key: str, value: JsonValue) -> dict[str, Any]:
    """The columns one field of the change sets: the value as typed and the number read from it."""
    if value is not None and not isinstance(value, str):
        raise invalid(change, f"{key} 的值应为文本")
    if key == "note":
        try:
            return {"note": text_rules.check_text("note", value)}
        except ValidationError as exc:
            raise invalid(change, "；".join(exc.errors.values())) from None
    if value is None:
        return {"value": None, "value_raw": None}
    parsed = parse_number(value)
    if parsed.status == "invalid":
        raise invalid(change, f"指标数值“{value}”无效：{parsed.note}")
    return {"value": parsed.value, "value_raw": value}


def _write_indicator(
    session: Session, change: Change, value: JsonValue, *, user: str, source: str, detail: str
) -> None:
    indicator_id, year = _indicator_key(change)
    indicator = session.get(Indicator, indicator_id)
    if indicator is None:
        raise invalid(change, "本库没有这个指标")
    row = _indicator_row(session, indicator_id, year)
    kind, field = "indicator_value", f"{indicator.seq}.{year}"
    if change.op == change_log.DELETE and value is None:
        if row is not None:
            audit_change(session, change, kind, row.id, field, row.value, None, user, source=source, detail=detail)
            session.delete(row)
        return
    if change.op == change_log.DELETE:  # a deleted year kept here: its snapshot again
        if not isinstance(value, dict) or set(value) != set(change_log.INDICATOR_FIELDS):
            raise invalid(change, "指标年度值内容不完整")
        columns = {
            **_indicator_fields(change, "value", value["value"]),
            **_indicator_fields(change, "note", value["note"]),
        }
    else:
        columns = _indicator_fields(change, str(change.field), value)
    created = row is None
    if row is None:
        row = IndicatorValue(indicator_id=indicator_id, year=year, version=1, updated_by=user)
        session.add(row)
        session.flush()
    old_number = row.value
    for key, new in columns.items():
        setattr(row, key, new)
    if "value" in columns:
        audit_change(session, change, kind, row.id, field, old_number, row.value, user, source=source, detail=detail)
    else:
        audit_change(session, change, kind, row.id, f"{field}.note", None, row.note, user, source=source, detail=detail)
    if not created:
        row.version += 1
    row.updated_at, row.updated_by = utcnow(), user
    session.flush()
    session.refresh(indicator)  # its `values` collection may have been loaded before this write


def indicator_label(session: Session, change: Change) -> str:
    """How people name an indicator's yearly value: 指标2 2024 年."""
    indicator_id, year = _indicator_key(change)
    seq = session.scalar(select(Indicator.seq).where(Indicator.id == indicator_id))
    return f"指标{seq if seq is not None else '?'} {year} 年"


# --- a project the city added ---


def _project_current(session: Session, change: Change, absent: object) -> Any:
    project = session.get(Project, change.project_id)
    return absent if project is None else change_log.project_snapshot(project)


def _optional_int(change: Change, value: JsonValue, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 10_000:
        raise invalid(change, f"{what}无效")
    return value


def _create_project(session: Session, change: Change, value: JsonValue, *, user: str, source: str, detail: str) -> None:
    if not isinstance(value, dict) or set(value) != set(change_log.PROJECT_CREATE_FIELDS):
        raise invalid(change, "新增项目的内容不完整")
    code = value["code"]
    if not isinstance(code, str) or not code.strip() or len(code) > _CODE_LIMIT:
        raise invalid(change, "项目编号无效")
    taken = session.scalar(select(Project.id).where(Project.code == code))
    if taken is not None:
        raise PackageError(
            f"数据包新增的项目 {code} 与本库另一个项目的编号相同，整个数据包未导入，请与市级核对 / "
            f"the package adds project {code}, but this database has another project with that code"
        )
    group = value["appendix_group"]
    if group is not None and (not isinstance(group, str) or len(group) > 4):
        raise invalid(change, "附表分组无效")
    editable = {key: value[key] for key in projects.EDITABLE_FIELDS}
    try:
        clean = projects.validate_changes(session, editable)
    except ValidationError as exc:
        raise invalid(change, "；".join(exc.errors.values())) from None
    project = project_creation.insert_project(
        session,
        project_id=change.project_id,
        code=code,
        clean=clean,
        user=user,
        appendix_table=_optional_int(change, value["appendix_table"], "附表号"),
        appendix_group=group,
        row_no=_optional_int(change, value["row_no"], "行号"),
    )
    audit_change(
        session, change, "project", project.id, "created", None, f"{project.code} {project.name}", user,
        source=source, detail=detail,
    )  # fmt: skip


# --- dispatch ---


def handles(change: Change) -> bool:
    """Whether this module reads and writes the change's target."""
    kind = change.entity_type
    return kind in (change_log.ISSUE, change_log.INDICATOR) or (
        kind == change_log.PROJECT and change.op == change_log.CREATE
    )


def current(session: Session, change: Change, absent: object) -> Any:
    if change.entity_type == change_log.ISSUE:
        return _issue_current(session, change, absent)
    if change.entity_type == change_log.INDICATOR:
        return _indicator_current(session, change, absent)
    return _project_current(session, change, absent)


def write(session: Session, change: Change, value: JsonValue, *, user: str, source: str, detail: str) -> None:
    if change.entity_type == change_log.ISSUE:
        _write_issue(session, change, value, user=user, source=source, detail=detail)
    elif change.entity_type == change_log.INDICATOR:
        _write_indicator(session, change, value, user=user, source=source, detail=detail)
    elif value is not None:
        _create_project(session, change, value, user=user, source=source, detail=detail)
