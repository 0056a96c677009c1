"""Project records: reading them as plain data, and editing them with validation, versioning and audit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit, change_log, field_changes, office, text_rules
from app.core import reference as ref
from app.core.errors import ConflictError, NotFoundError, ValidationError
from app.core.field_labels import PROJECT_FIELD_LABELS
from app.core.parsing import parse_amount_yi, parse_land_mu
from app.core.seed import get_or_create_department
from app.db.models import County, Department, Project, ProjectLeadDepartment, ReviewFlag, utcnow

EDITABLE_FIELDS = change_log.PROJECT_EDITABLE_FIELDS

FIELD_LABELS = PROJECT_FIELD_LABELS

__all__ = ["EDITABLE_FIELDS", "FIELD_LABELS", "ConflictError", "NotFoundError", "ValidationError"]


def project_to_dict(p: Project) -> dict[str, Any]:
    """The public shape of a project (CLI JSON, exports): records.ProjectRecord, the one list of its fields."""
    # Imported here: app.core.records reads the tracking modules, which import this one.
    from app.core.records import ProjectRecord

    return ProjectRecord.from_row(p).to_dict()


def list_projects(session: Session) -> list[Project]:
    return list(session.scalars(select(Project).order_by(Project.appendix_table, Project.row_no, Project.code)))


def get_project(session: Session, project_id: str | None = None, code: str | None = None) -> Project:
    if project_id:
        # The identity map first: a SELECT of a project already loaded runs its two eager-loaded lists' queries
        # again (three statements for every write of every service; most of a 10,000-row import's time).
        project = session.get(Project, project_id)
    else:
        project = session.scalar(select(Project).where(Project.code == code))
    if project is None:
        raise NotFoundError(f"未找到项目 / no such project: {project_id or code}")
    return project


def known_counties(session: Session) -> list[str]:
    return list(session.scalars(select(County.name).order_by(County.sort_order)))


def known_departments(session: Session) -> list[str]:
    return list(session.scalars(select(Department.name).order_by(Department.name)))


def _clean_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace("、", "\n").replace("；", "\n").split("\n")
    return [str(v).strip() for v in value if str(v).strip()]


_MAX_NUMBER = Decimal("1e12")


def _non_negative(key: str, value: Any) -> tuple[Decimal | None, str | None, str | None]:
    """(value, conversion note, error) for 概算总投资 (亿元) or 新增用地 (亩). Text goes through the one parser
    of typed numbers (app.core.parsing), so "1,5" or "1e3" is an error, never 15 or 1000."""
    unit = "亿元" if key == "investment_total" else "亩"
    if value is None:
        return None, None, None
    if isinstance(value, bool):
        return None, None, f"请输入数字（单位：{unit}），留空表示未知"
    if isinstance(value, (int, Decimal)):
        number, note = Decimal(value), None
    elif isinstance(value, float):
        number, note = Decimal(str(value)), None  # str() keeps 1.1 as 1.1
    else:
        parsed = (parse_amount_yi if key == "investment_total" else parse_land_mu)(str(value))
        if parsed.status == "blank":
            return None, None, None
        if parsed.value is None:
            return None, None, f"{parsed.note}（单位：{unit}，留空表示未知）"
        number, note = parsed.value, parsed.note or None
    if not number.is_finite():
        return None, None, f"请输入有效数字（单位：{unit}）"
    if number < 0:
        return None, None, f"不能为负数（单位：{unit}）"
    if number >= _MAX_NUMBER:
        return None, None, "数值过大"
    return number, note, None


def _clean_text_list(key: str, value: Any, errors: dict[str, str], notes: list[str]) -> list[str]:
    items: list[str] = []
    for item in _clean_list(value):
        try:
            text, item_notes = text_rules.clean_text(key, item)
        except ValidationError as exc:
            errors[key] = f"“{item[:20]}…”{exc.errors[key]}"
            continue
        notes.extend(item_notes)
        if text:
            items.append(text)
    return items


def validate_changes(session: Session, changes: dict[str, Any]) -> dict[str, Any]:
    """Normalise and check proposed values. Raises ValidationError listing every bad field."""
    return validate_changes_with_notes(session, changes)[0]


def validate_changes_with_notes(session: Session, changes: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """validate_changes, and the notes for the person (units converted, control characters removed)."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    notes: list[str] = []
    unknown = set(changes) - set(EDITABLE_FIELDS)
    for key in unknown:
        errors[key] = "该字段不可修改"
    for key, value in changes.items():
        if key in unknown:
            continue
        if key in ("name", "scale", "content", "location", "note"):
            try:
                text, text_notes = text_rules.clean_text(key, None if value is None else str(value))
            except ValidationError as exc:
                errors.update(exc.errors)
                continue
            notes.extend(text_notes)
            if key == "name" and not text:
                errors[key] = "项目名称不能为空"
            clean[key] = (text or "") if key == "name" else text
        elif key == "entities":
            clean[key] = _clean_text_list(key, value, errors, notes)
        elif key in ("investment_total", "new_land_mu"):
            number, note, err = _non_negative(key, value)
            if err:
                errors[key] = err
            if note:
                notes.append(f"{FIELD_LABELS[key]}：{note}")
            clean[key] = number
        elif key == "county":
            if value not in known_counties(session):
                errors[key] = f"“{value}”不是已知县区"
            clean[key] = value
        elif key == "counties":
            items = _clean_list(value)
            bad = [c for c in items if c not in known_counties(session)]
            if bad:
                errors[key] = f"未知县区：{'、'.join(bad)}"
            clean[key] = items
        elif key == "lead_departments":
            items = _clean_list(value)
            known = set(known_departments(session))
            bad = [d for d in items if d not in known]
            if bad:
                errors[key] = f"未知部门：{'、'.join(bad)}（请先在部门列表中添加）"
            if len(set(items)) != len(items):
                errors[key] = "牵头部门重复"
            clean[key] = items
        elif key == "status":
            if value not in ref.STATUSES:
                errors[key] = f"状态应为：{'/'.join(ref.STATUSES)}"
            clean[key] = value
    if errors:
        raise ValidationError(errors)
    return clean, notes


def _current_value(project: Project, key: str) -> Any:
    if key == "lead_departments":
        return project.lead_departments
    value = getattr(project, key)
    return list(value) if isinstance(value, list) else value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return (a is None and b is None) or (a is not None and b is not None and Decimal(a) == Decimal(b))
    return bool(a == b)


def apply_changes(
    session: Session,
    project: Project,
    clean: dict[str, Any],
    *,
    user: str,
    source: str = "manual",
    source_detail: str | None = None,
) -> list[str]:
    """Write validated values, bump the version, audit each changed field. Returns the changed fields."""
    office.ensure_may_edit(session, project)  # a county office changes its own projects only
    changed: list[str] = []
    for key, new in clean.items():
        old = _current_value(project, key)
        if _same(old, new):
            continue
        if key == "lead_departments":
            depts = {d.name: d for d in session.scalars(select(Department).where(Department.name.in_(new)))}
            project.lead_links.clear()
            session.flush()
            for position, name in enumerate(new):
                project.lead_links.append(
                    ProjectLeadDepartment(department_id=depts[name].id, department=depts[name], position=position)
                )
        else:
            setattr(project, key, new)
        field_changes.record_field_change(
            session,
            entity_type=change_log.PROJECT,
            record_id=project.id,
            project_id=project.id,
            field=key,
            old=old,
            new=new,
            base_version=project.version,
            user=user,
            source=source,
            source_detail=source_detail,
        )
        changed.append(key)
    if changed:
        project.version += 1
        project.updated_at = utcnow()
        project.updated_by = user
    return changed


def update_project(
    session: Session,
    project_id: str,
    changes: dict[str, Any],
    *,
    user: str,
    expected_version: int | None = None,
    source: str = "manual",
    source_detail: str | None = None,
) -> list[str]:
    project = get_project(session, project_id)
    if expected_version is not None and project.version != expected_version:
        raise ConflictError(
            f"项目 {project.code} 已被 {project.updated_by} 于 {project.updated_at:%Y-%m-%d %H:%M} 修改"
            f"（版本 {project.version}，您编辑的是版本 {expected_version}），请刷新后重试"
        )
    clean = validate_changes(session, changes)
    changed = apply_changes(session, project, clean, user=user, source=source, source_detail=source_detail)
    session.flush()
    return changed


def add_department(session: Session, name: str, *, user: str) -> str:
    try:
        text = text_rules.check_text("department", name)
    except ValidationError as exc:
        raise ValidationError({"lead_departments": f"部门名称{exc.errors['department']}"}) from None
    if not text:
        raise ValidationError({"lead_departments": "部门名称不能为空"})
    dept = get_or_create_department(session, text)
    audit.record(
        session,
        user=user,
        entity_type="department",
        entity_id=str(dept.id),
        project_id=None,
        field="name",
        old=None,
        new=text,
    )
    return dept.name


def set_flag_state(session: Session, flag_id: str, *, resolved: bool, note: str | None, user: str) -> None:
    flag = session.get(ReviewFlag, flag_id)
    if flag is None:
        raise NotFoundError(f"未找到核查事项 {flag_id}")
    note = text_rules.check_text("resolution_note", note)
    if resolved and not note:
        raise ValidationError({"resolution_note": "请填写处理说明"})
    old = flag.state
    flag.state = "resolved" if resolved else "open"
    flag.resolution_note = note if resolved else flag.resolution_note
    flag.resolved_by = user if resolved else None
    flag.resolved_at = utcnow() if resolved else None
    audit.record(
        session,
        user=user,
        entity_type="review_flag",
        entity_id=flag.id,
        project_id=flag.project_id,
        field="state",
        old=old,
        new=flag.state,
        source="manual",
        source_detail=note,
    )
