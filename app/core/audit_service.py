"""Reading the whole audit log (app.core.audit writes it): filtered, newest first, one page at a time.

Every query pages by key (the time and id of the last row shown) with a LIMIT, so a log of 100,000 entries
is never loaded into Python at once: the desktop view fetches the next page when the person scrolls to the
end, the CLI and the xlsx export walk the pages one after another.

The labels of the sources and record kinds live here, in one place, for the global view, the project history
tab, the CLI and the export. Field names are labelled by app.core.project_service.field_label.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.core import project_service, settings_service
from app.core.errors import ValidationError
from app.core.workspace import Workspace
from app.db.models import AuditEntry, Project

__all__ = [
    "KIND_LABELS",
    "PAGE_SIZE",
    "SOURCE_LABELS",
    "AuditFilter",
    "AuditPage",
    "AuditRow",
    "PageCursor",
    "ProjectChoice",
    "count_entries",
    "iter_entries",
    "kind_label",
    "known_kinds",
    "known_sources",
    "known_users",
    "list_entries",
    "matching_projects",
    "project_choices",
    "source_code",
    "source_label",
]

PAGE_SIZE = 200

# Where a change came from (AuditEntry.source), as the writers record it today. A source missing here (a future
# writer) is shown by its own name and still offered in the filter (known_sources reads the stored ones).
SOURCE_LABELS: dict[str, str] = {
    "manual": "桌面程序",
    "cli": "命令行",
    "import": "导入文件",
    "package": "数据包",  # applying another office's exchange package (app/exchange/packages.py)
    "restore": "恢复备份",
    "seed": "初始数据",
    "sample": "示例数据",
}

# What kind of record changed (AuditEntry.entity_type). Period entries are the quarter state changes
# (submit / lock / reopen), whichever program made them.
KIND_LABELS: dict[str, str] = {
    "project": "项目",
    "progress": "季度进展",
    "milestone": "里程碑",
    "coordination_issue": "问题协调",
    "period": "报告期状态",
    "indicator_value": "指标数值",
    "review_flag": "核查事项",
    "department": "部门",
    "setting": "设置",
    "database": "数据库",
}


def source_label(source: str) -> str:
    return SOURCE_LABELS.get(source, source)


def kind_label(entity_type: str) -> str:
    return KIND_LABELS.get(entity_type, entity_type)


def source_code(text: str) -> str:
    """The stored source for what a person typed: its code (cli) or its label (命令行)."""
    wanted = text.strip()
    for code, label in SOURCE_LABELS.items():
        if wanted.lower() == code or wanted == label:
            return code
    return wanted


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to show; None means any. Dates are calendar days in local time, `until` included."""

    user: str | None = None
    user_partial: bool = False  # the desktop's search box: the name contains the text (any case)
    project: str | None = None  # a project code, or part of a code or name
    source: str | None = None  # a stored source code (see source_code)
    kind: str | None = None  # a stored entity type
    since: dt.date | None = None
    until: dt.date | None = None

    def is_empty(self) -> bool:
        return not any(
            (
                (self.user or "").strip(),
                (self.project or "").strip(),
                self.source,
                self.kind,
                self.since,
                self.until,
            )
        )

    def describe(self) -> list[tuple[str, str]]:
        """(condition, value) for each condition set, in words people read (export sheet, CLI summary)."""
        parts: list[tuple[str, str]] = []
        user = (self.user or "").strip()
        if user:
            parts.append(("修改人", f"包含“{user}”" if self.user_partial else user))
        if self.project and self.project.strip():
            parts.append(("项目", self.project.strip()))
        if self.source:
            parts.append(("来源", source_label(self.source)))
        if self.kind:
            parts.append(("记录类型", kind_label(self.kind)))
        if self.since is not None:
            parts.append(("起始日期", self.since.isoformat()))
        if self.until is not None:
            parts.append(("截止日期", self.until.isoformat()))
        return parts

    def check(self) -> None:
        if self.since is not None and self.until is not None and self.since > self.until:
            raise ValidationError({"日期": f"起始日期 {self.since.isoformat()} 晚于截止日期 {self.until.isoformat()}"})


@dataclass(frozen=True)
class PageCursor:
    """Where the next page starts: just after this entry (stored UTC time and id)."""

    at: dt.datetime
    id: int


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime  # local time of the computer
    user: str
    kind: str
    kind_label: str
    entity_id: str
    project_id: str | None
    project_code: str | None
    project_name: str | None
    county: str | None
    field: str | None
    field_label: str
    old_value: str | None
    new_value: str | None
    source: str
    source_label: str
    source_detail: str | None

    @property
    def project_text(self) -> str:
        if self.project_code is None:
            return ""
        return f"{self.project_code} {self.project_name or ''}".strip()


@dataclass(frozen=True)
class AuditPage:
    rows: tuple[AuditRow, ...]
    next_cursor: PageCursor | None  # None: this was the last page


@dataclass(frozen=True)
class ProjectChoice:
    id: str
    code: str
    name: str
    county: str

    @property
    def label(self) -> str:
        """附表1-08 某某湿地保护工程（广灵县）: what the project filter offers."""
        return f"{self.code} {self.name}（{self.county}）"


# --- times ------------------------------------------------------------------------------------------------
def _local(at: dt.datetime) -> dt.datetime:
    """Audit times are stored in UTC (naive); people read and filter in the computer's local time."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone().replace(tzinfo=None)


def _stored_time(day: dt.date) -> dt.datetime:
    """The stored (UTC, naive) instant at which the local calendar day `day` begins."""
    return dt.datetime.combine(day, dt.time()).astimezone().astimezone(dt.UTC).replace(tzinfo=None)


# --- labels -----------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=4096)  # a few hundred distinct fields; an export asks for each thousands of times
def _field_text(entity_type: str, field: str | None) -> str:
    if entity_type == "indicator_value" and field and "." in field:
        seq, _, year = field.partition(".")  # written as "<seq>.<year>" by app.core.indicators
        return f"指标{seq} {year}年"
    if entity_type == "setting" and field:
        try:
            return settings_service.spec_of(field).label
        except ValidationError:  # a setting this version no longer knows: its stored name
            return field
    return project_service.field_label(entity_type, field)


# --- queries ----------------------------------------------------------------------------------------------
def _project_condition(session: Session, text: str) -> ColumnElement[bool]:
    """A code typed in full means that project; otherwise every project whose code or name contains it."""
    wanted = text.strip()
    exact = session.scalar(select(Project.id).where(Project.code == wanted))
    if exact is not None:
        return AuditEntry.project_id == exact
    matching = select(Project.id).where(
        or_(Project.code.icontains(wanted, autoescape=True), Project.name.icontains(wanted, autoescape=True))
    )
    return AuditEntry.project_id.in_(matching)


def _conditions(session: Session, flt: AuditFilter) -> list[ColumnElement[bool]]:
    flt.check()
    conditions: list[ColumnElement[bool]] = []
    user = (flt.user or "").strip()
    if user:
        if flt.user_partial:
            conditions.append(AuditEntry.user.icontains(user, autoescape=True))
        else:
            conditions.append(AuditEntry.user == user)
    if flt.project and flt.project.strip():
        conditions.append(_project_condition(session, flt.project))
    if flt.source:
        conditions.append(AuditEntry.source == flt.source)
    if flt.kind:
        conditions.append(AuditEntry.entity_type == flt.kind)
    if flt.since is not None:
        conditions.append(AuditEntry.at >= _stored_time(flt.since))
    if flt.until is not None:
        conditions.append(AuditEntry.at < _stored_time(flt.until + dt.timedelta(days=1)))
    return conditions


# The columns a page reads: plain values, not ORM objects (ten times fewer Python calls per row on an export).
_COLUMNS = (
    AuditEntry.id,
    AuditEntry.at,
    AuditEntry.user,
    AuditEntry.entity_type,
    AuditEntry.entity_id,
    AuditEntry.project_id,
    Project.code,
    Project.name,
    Project.county,
    AuditEntry.field,
    AuditEntry.old_value,
    AuditEntry.new_value,
    AuditEntry.source,
    AuditEntry.source_detail,
)


def _page_query(session: Session, flt: AuditFilter, limit: int, after: PageCursor | None) -> Select[*tuple[Any, ...]]:
    conditions = _conditions(session, flt)
    if after is not None:  # newest first: the next page holds what is older than the last row shown
        conditions.append(or_(AuditEntry.at < after.at, and_(AuditEntry.at == after.at, AuditEntry.id < after.id)))
    return (
        select(*_COLUMNS)
        .outerjoin(Project, Project.id == AuditEntry.project_id)
        .where(*conditions)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )


def _row(values: Row[*tuple[Any, ...]]) -> AuditRow:
    (entry_id, at, user, kind, entity_id, project_id, code, name, county, field, old, new, source, detail) = values
    return AuditRow(
        id=entry_id,
        at=_local(at),
        user=user,
        kind=kind,
        kind_label=kind_label(kind),
        entity_id=entity_id,
        project_id=project_id,
        project_code=code,
        project_name=name,
        county=county,
        field=field,
        field_label=_field_text(kind, field),
        old_value=old,
        new_value=new,
        source=source,
        source_label=source_label(source),
        source_detail=detail,
    )


def list_entries(
    ws: Workspace, flt: AuditFilter, *, limit: int = PAGE_SIZE, after: PageCursor | None = None
) -> AuditPage:
    """One page of matching entries, newest first, starting just after `after` (None: from the newest)."""
    if limit < 1:
        raise ValidationError({"条数": "每页条数必须大于 0"})
    with ws.session() as session:
        # One row more than asked tells whether another page follows, without a second query.
        found = session.execute(_page_query(session, flt, limit + 1, after)).all()
        rows = tuple(_row(values) for values in found[:limit])
        last = found[limit - 1] if len(found) > limit else None
        cursor = PageCursor(last.at, last.id) if last is not None else None
    return AuditPage(rows, cursor)


def iter_entries(ws: Workspace, flt: AuditFilter, *, batch: int = 1000, limit: int | None = None) -> Iterator[AuditRow]:
    """Every matching entry, newest first, read a page at a time (at most `limit` of them when given)."""
    after: PageCursor | None = None
    left = limit
    while left is None or left > 0:
        page = list_entries(ws, flt, limit=batch if left is None else min(batch, left), after=after)
        yield from page.rows
        if left is not None:
            left -= len(page.rows)
        if page.next_cursor is None:
            return
        after = page.next_cursor


def count_entries(ws: Workspace, flt: AuditFilter) -> int:
    with ws.session() as session:
        query = select(func.count(AuditEntry.id)).where(*_conditions(session, flt))
        return int(session.scalar(query) or 0)


def known_users(ws: Workspace) -> list[str]:
    """Everyone who ever changed something, for the user filter's suggestions."""
    with ws.session() as session:
        return sorted(session.scalars(select(AuditEntry.user).distinct()))


def _labelled(stored: Sequence[str], labels: dict[str, str]) -> list[tuple[str, str]]:
    """(code, label): the labelled codes in their order, then any other stored code under its own name."""
    present = set(stored)
    return list(labels.items()) + [(code, code) for code in sorted(present - labels.keys())]


def known_sources(ws: Workspace) -> list[tuple[str, str]]:
    with ws.session() as session:
        return _labelled(list(session.scalars(select(AuditEntry.source).distinct())), SOURCE_LABELS)


def known_kinds(ws: Workspace) -> list[tuple[str, str]]:
    with ws.session() as session:
        return _labelled(list(session.scalars(select(AuditEntry.entity_type).distinct())), KIND_LABELS)


def project_choices(ws: Workspace) -> list[ProjectChoice]:
    with ws.session() as session:
        rows = session.execute(select(Project.id, Project.code, Project.name, Project.county).order_by(Project.code))
        return [ProjectChoice(pid, code, name, county) for pid, code, name, county in rows]


def matching_projects(ws: Workspace, text: str) -> list[ProjectChoice]:
    """The projects a project filter `text` stands for (the CLI says so when there are none)."""
    wanted = text.strip()
    with ws.session() as session:
        query = select(Project.id, Project.code, Project.name, Project.county)
        exact = session.execute(query.where(Project.code == wanted)).all()
        contains = or_(Project.code.icontains(wanted, autoescape=True), Project.name.icontains(wanted, autoescape=True))
        rows = exact or session.execute(query.where(contains).order_by(Project.code)).all()
        return [ProjectChoice(pid, code, name, county) for pid, code, name, county in rows]
