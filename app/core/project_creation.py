"""Adding a project the plan's appendix does not list (a project decided after the plan was printed).

Only the city office adds projects (or a database with no office set, as before offices existed): the
portfolio is the city's, and a code is unique in every office's database only if one office hands codes out.
A county that needs a new project asks the city; the city's next package brings it, with its UUID, to every
office. The creation is one transaction: the project, its audit entry and one "create" change in the change
log carrying every field (app.core.change_log.project_snapshot), so later edits travel as ordinary changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit, change_log, office, projects, text_rules
from app.core import reference as ref
from app.core.errors import ValidationError
from app.core.workspace import Workspace
from app.db.models import Department, Project, ProjectLeadDepartment, new_uuid, utcnow

__all__ = [
    "NEW_CODE_PREFIX",
    "NewProject",
    "create_project",
    "create_project_in_session",
    "creation_refusal",
    "insert_project",
    "project_creation_refusal",
]

NEW_CODE_PREFIX = "新增-"  # codes the program hands out: 新增-01, 新增-02, … (the appendix's are 附表N-MM)
_CODE_LIMIT = 40
_NEW_CODE = re.compile(rf"^{NEW_CODE_PREFIX}(\d+)$")


@dataclass(frozen=True)
class NewProject:
    id: str
    code: str
    notes: tuple[str, ...] = ()  # how values were read (units converted, characters removed)


def creation_refusal(session: Session) -> str | None:
    """Why this office may not add projects (Chinese, with the English gist), or None when it may."""
    current = office.read_office(session)
    if current is None or current.is_city:
        return None
    return (
        f"本库属于{current.name}：新增项目由市级录入，市级的数据包会把新项目带到各单位 / "
        "only the city adds projects; its package brings them to the other offices"
    )


def project_creation_refusal(ws: Workspace) -> str | None:
    """For the GUI, before anyone types: why projects cannot be added here (a read-only database, or an office
    other than the city), or None when they can. The same rule `create_project` enforces."""
    if ws.read_only:
        return ws.read_only_reason
    with ws.session() as session:
        return creation_refusal(session)


def _ensure_city(session: Session) -> None:
    refusal = creation_refusal(session)
    if refusal is not None:
        raise office.OutOfScopeError(refusal)


def _next_code(session: Session) -> str:
    numbers = [
        int(match.group(1))
        for code in session.scalars(select(Project.code).where(Project.code.like(f"{NEW_CODE_PREFIX}%")))
        if (match := _NEW_CODE.match(code))
    ]
    return f"{NEW_CODE_PREFIX}{max(numbers, default=0) + 1:02d}"


def _clean_code(session: Session, code: str | None) -> str:
    if code is None or not code.strip():
        return _next_code(session)
    try:
        text = " ".join((text_rules.check_text("kind", code) or "").split())  # a short single-line label
    except ValidationError as exc:
        raise ValidationError({"code": "；".join(exc.errors.values())}) from None
    if not text or len(text) > _CODE_LIMIT:
        raise ValidationError({"code": f"不能为空，且不超过 {_CODE_LIMIT} 个字"})
    if session.scalar(select(Project.id).where(Project.code == text)) is not None:
        raise ValidationError({"code": f"“{text}”已被其他项目使用"})
    return text


def insert_project(
    session: Session,
    *,
    project_id: str,
    code: str,
    clean: dict[str, Any],
    user: str,
    appendix_table: int | None = None,
    appendix_group: str | None = None,
    row_no: int | None = None,
) -> Project:
    """Insert a project from validated values (projects.validate_changes); here and when a package brings
    a project the city added."""
    values = dict(clean)
    leads: list[str] = values.pop("lead_departments", [])
    project = Project(
        id=project_id,
        code=code,
        appendix_table=appendix_table,
        appendix_group=appendix_group,
        row_no=row_no,
        entities=values.pop("entities", []),
        counties=values.pop("counties", []),
        version=1,
        updated_by=user,
        updated_at=utcnow(),
        **values,
    )
    departments = {d.name: d for d in session.scalars(select(Department).where(Department.name.in_(leads)))}
    for position, lead in enumerate(leads):
        project.lead_links.append(
            ProjectLeadDepartment(department_id=departments[lead].id, department=departments[lead], position=position)
        )
    session.add(project)
    session.flush()
    return project


def create_project_in_session(
    session: Session,
    *,
    name: str,
    county: str = ref.CITY_LEVEL,
    code: str | None = None,
    fields: dict[str, Any] | None = None,
    user: str,
    source: str = "manual",
) -> NewProject:
    """Add a project in the caller's transaction (see the module docstring). `fields`: any other editable
    field (projects.EDITABLE_FIELDS), validated by the same rules as an edit. Raises ValidationError."""
    _ensure_city(session)
    values = dict(fields or {})
    values.update(name=name, county=county)
    values.setdefault("status", ref.STATUSES[0])
    clean, notes = projects.validate_changes_with_notes(session, values)
    project_code = _clean_code(session, code)
    project = insert_project(session, project_id=new_uuid(), code=project_code, clean=clean, user=user)
    audit.record(
        session,
        user=user,
        entity_type="project",
        entity_id=project.id,
        project_id=project.id,
        field="created",
        old=None,
        new=f"{project.code} {project.name}",
        source=source,
    )
    change_log.record_project_created(session, project, user=user)
    session.flush()
    return NewProject(project.id, project.code, tuple(notes))


def create_project(
    ws: Workspace,
    *,
    name: str,
    county: str = ref.CITY_LEVEL,
    code: str | None = None,
    fields: dict[str, Any] | None = None,
    source: str = "manual",
) -> NewProject:
    """`create_project_in_session` in its own transaction."""
    with ws.session() as session:
        return create_project_in_session(
            session, name=name, county=county, code=code, fields=fields, user=ws.user, source=source
        )
