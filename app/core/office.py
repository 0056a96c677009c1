"""The office a database belongs to, and the one rule for what it may change.

One database per office: the city (市级), a county or district (灵丘县, 平城区, 经济技术开发区), or a lead
department (市水务局). The office is a database-wide setting, set once (`office set NAME`, first run, settings):
the county/district/city name lives in the settings table under the key of app.core.settings_service's
``office`` setting, a lead department under ``office.department``. Both are written here (`change_office`), in
one transaction, audited like every setting; the settings service saves its ``office`` through the same
function, so the CLI's `office set` and `settings set office`, and the settings screen, follow one rule.

A county office sees the whole portfolio but changes only its own projects, by the scope rule of
app.core.scope (its 所属县区 or any county the plan's text names; a department: the projects it leads). The
core's writers (projects, progress, milestones) call `ensure_may_edit` before they write, so the editor, the
CLI and the Excel import refuse an out-of-scope write with the same message. The city changes everything, and
a database with no office set behaves as before (everything editable).

Writes that apply another office's package are not the officer's edits: they run inside `package_writes`,
which the scope rule and the change log (app.core.change_log) recognise.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.core import audit, settings_service
from app.core import reference as ref
from app.core.errors import ValidationError
from app.core.scope import Scope, ScopedProject, describe_owner, project_in_scope
from app.core.workspace import Workspace
from app.db.models import ChangeLogEntry, Department, ExchangePackage, Project, Setting

__all__ = [
    "CITY",
    "DEPARTMENT_KEY",
    "OFFICE_KEY",
    "Office",
    "OfficeChange",
    "OutOfScopeError",
    "applying_package",
    "change_office",
    "edit_refusal",
    "ensure_may_edit",
    "load_office",
    "office_lock_reason",
    "office_named",
    "package_writes",
    "project_edit_refusal",
    "read_office",
    "set_office",
]

CITY = ref.CITY_LEVEL
OFFICE_KEY = settings_service.spec_of("office").key
DEPARTMENT_KEY = "office.department"
CITY_KIND, COUNTY_KIND, DEPARTMENT_KIND = "city", "county", "department"
# The field an out-of-scope refusal is reported under (ValidationError maps field -> message).
SCOPE_FIELD = "本库所属单位"
_APPLYING = "office.applying_package"
_CACHED = "office.current"
SEQUENCE_CACHE = "change_log.next_seq"  # app.core.change_log's per-transaction next sequence numbers


class OutOfScopeError(ValidationError):
    """A write to a project this office may only read. Nothing was written."""

    def __init__(self, message: str):
        super().__init__({SCOPE_FIELD: message})
        self.message = message


@dataclass(frozen=True)
class Office:
    name: str  # 市级, a county/district, or a department's name
    kind: str  # city / county / department

    @property
    def is_city(self) -> bool:
        return self.kind == CITY_KIND

    @property
    def scope(self) -> Scope:
        if self.kind == DEPARTMENT_KIND:
            return Scope(department=self.name)
        if self.kind == COUNTY_KIND:
            return Scope(county=self.name)
        return Scope.city()

    @property
    def label(self) -> str:
        """How the title bar and exports name it: 市级（全市）, 灵丘县, 市水务局（牵头部门）."""
        if self.kind == CITY_KIND:
            return f"{CITY}（全市）"
        return f"{self.name}（牵头部门）" if self.kind == DEPARTMENT_KIND else self.name


def office_named(name: str, department: bool = False) -> Office:
    """The Office for a stored name (no check against the reference lists)."""
    if department:
        return Office(name, DEPARTMENT_KIND)
    return Office(name, CITY_KIND if name == CITY else COUNTY_KIND)


def read_office(session: Session) -> Office | None:
    """The office of this database, within the caller's transaction; None when not set. Read once per
    transaction (every write asks): `set_office` is the only writer and forgets the cached answer."""
    if _CACHED in session.info:
        cached: Office | None = session.info[_CACHED]
        return cached
    row = session.get(Setting, DEPARTMENT_KEY)
    department = (row.value or "").strip() if row is not None else ""
    county = settings_service.read_settings(session).office
    found = office_named(department, department=True) if department else office_named(county) if county else None
    session.info[_CACHED] = found
    return found


def forget_cached(session: Session) -> None:
    """After the office or the change numbering changed within this transaction."""
    session.info.pop(_CACHED, None)
    session.info.pop(SEQUENCE_CACHE, None)


def load_office(ws: Workspace) -> Office | None:
    with ws.session() as session:
        return read_office(session)


@contextmanager
def package_writes(session: Session) -> Iterator[None]:
    """Writes inside apply another office's package: no scope refusal, and the change log records them with
    their origin (the package's) rather than as this office's own changes."""
    session.info[_APPLYING] = True
    try:
        yield
    finally:
        session.info.pop(_APPLYING, None)


def applying_package(session: Session) -> bool:
    return bool(session.info.get(_APPLYING))


def edit_refusal(session: Session, project: ScopedProject, code: str) -> str | None:
    """Why this office may not change the project (Chinese, with the English gist), or None when it may."""
    office = read_office(session)
    if office is None or office.is_city or project_in_scope(project, office.scope):
        return None
    return (
        f"本库属于{office.name}，项目 {code} {describe_owner(project, office.scope)}，只能查看、不能修改 / "
        f"this database belongs to {office.name}; project {code} is outside its scope (read-only)"
    )


def ensure_may_edit(session: Session, project: Project | str) -> None:
    """Raise OutOfScopeError when this office may not change the project (a Project or its id). Every
    writer of project, progress and milestone data calls this before writing."""
    if applying_package(session):
        return
    row = session.get(Project, project) if isinstance(project, str) else project
    if row is None:
        return  # the writer reports the missing project itself
    refusal = edit_refusal(session, row, row.code)
    if refusal is not None:
        raise OutOfScopeError(refusal)


def project_edit_refusal(ws: Workspace, project_id: str) -> str | None:
    """For the editor: the note shown when the project is read-only in this office (None: editable)."""
    with ws.session() as session:
        row = session.get(Project, project_id)
        return None if row is None else edit_refusal(session, row, row.code)


@dataclass(frozen=True)
class OfficeChange:
    office: Office
    changed: bool
    numbered: int  # changes made before the office was set, now numbered as this office's


def _resolve(session: Session, name: str) -> Office:
    text = " ".join((name or "").split())
    if text in ref.COUNTY_NAMES:
        return office_named(text)
    if text and session.scalar(select(Department.id).where(Department.name == text)) is not None:
        return office_named(text, department=True)
    raise ValidationError(
        {
            SCOPE_FIELD: f"“{text}”不是大同市的县区，也不是已有的牵头部门；可选：{'、'.join(ref.COUNTY_NAMES)}，"
            "或部门名称（如 市水务局）"
        }
    )


def _store(session: Session, key: str, value: str | None, *, user: str, source: str) -> None:
    row = session.get(Setting, key)
    old = (row.value or "").strip() or None if row is not None else None
    if old == value:
        return
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    audit.record(
        session,
        user=user,
        entity_type="setting",
        entity_id=key,
        project_id=None,
        field="office",
        old=old,
        new=value,
        source=source,
    )


def number_unnumbered_changes(session: Session, office_name: str) -> int:
    """Changes written while no office was set become this office's, numbered after its last one."""
    pending = list(
        session.scalars(
            select(ChangeLogEntry)
            .where(ChangeLogEntry.origin_office.is_(None), ChangeLogEntry.received_from.is_(None))
            .order_by(ChangeLogEntry.id)
        )
    )
    if not pending:
        return 0
    forget_cached(session)
    last = session.scalar(
        select(func.max(ChangeLogEntry.origin_seq)).where(ChangeLogEntry.origin_office == office_name)
    )
    for number, entry in enumerate(pending, start=(last or 0) + 1):
        entry.origin_office = office_name
        entry.origin_seq = number
    session.flush()
    return len(pending)


def set_office(ws: Workspace, name: str, *, source: str = "manual") -> OfficeChange:
    """Name the office this database belongs to (one transaction, audited).

    Changing it once packages have been exchanged is refused: other offices know this database's changes by
    its name. Before that, changes already recorded under the old name are renamed."""
    with ws.session() as session:
        return change_office(session, name, user=ws.user, source=source)


def _packages_exchanged(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(ExchangePackage)))


def office_lock_reason(ws: Workspace) -> str | None:
    """Why the office can no longer be changed (Chinese, for the settings screen), or None while it can."""
    with ws.session() as session:
        current = read_office(session)
        if current is None or not _packages_exchanged(session):
            return None
        return f"本库已作为“{current.name}”与其他单位交换过数据包，所属单位不能再更改（其他单位按此名称识别本库的数据）"


def change_office(session: Session, name: str, *, user: str, source: str) -> OfficeChange:
    """`set_office` within the caller's transaction (the settings service saves the office with the other
    settings in one transaction through this, so there is one rule and one place it is stored)."""
    new = _resolve(session, name)
    current = read_office(session)
    if current == new:
        return OfficeChange(new, False, number_unnumbered_changes(session, new.name))
    if current is not None and _packages_exchanged(session):
        raise ValidationError(
            {
                SCOPE_FIELD: f"本库已设为“{current.name}”并已与其他单位交换数据包，不能再改为“{new.name}” / "
                f"this database already exchanged packages as {current.name}; its office cannot change"
            }
        )
    if current is not None:
        session.execute(
            update(ChangeLogEntry)
            .where(ChangeLogEntry.origin_office == current.name, ChangeLogEntry.received_from.is_(None))
            .values(origin_office=new.name)
        )
    department = new.name if new.kind == DEPARTMENT_KIND else None
    _store(session, OFFICE_KEY, None if department else new.name, user=user, source=source)
    _store(session, DEPARTMENT_KEY, department, user=user, source=source)
    session.flush()
    forget_cached(session)
    return OfficeChange(new, True, number_unnumbered_changes(session, new.name))
