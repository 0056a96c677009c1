"""What differs between the tables an import reads: one small handler per kind of record.

The steps every row goes through (ids, versions, scope, duplicates, locked quarters, parsing, the three-way
comparison) live in import_analysis; a handler only knows its own table: how to find the record a row
means, what the record holds now, how to read its cells, and the checks only that table has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import periods, projects, text_rules
from app.core.errors import ValidationError
from app.core.parsing import normalize
from app.db.models import Milestone, Project, QuarterlyProgress
from app.exchange import cell_parsing, layout

Report = Callable[[str | None, str], None]  # (column key or None, message)

# Ids per IN (...) list: well under SQLite's limit of bound parameters, few statements for 10,000 rows.
LOOKUP_CHUNK = 500

PROGRESS_FIELDS = ("invested", "annual_plan", "physical_progress", "problems", "next_steps", "status")


@dataclass
class Located:
    """The record a row means. `record` is None for a quarter the project has not reported yet."""

    project: Project
    record: Any
    record_id: str  # the id the write goes to (project id for progress and project rows)
    period: str | None = None
    # False when the row's id is unknown here and the record was found by what people see instead (a milestone
    # of another office's database): its version and _base values say nothing about this database.
    same_record: bool = True


class RowHandler:
    entity: ClassVar[str]

    def __init__(
        self,
        session: Session,
        *,
        meta_period: str | None,
        today: dt.date,
        known_projects: dict[str, Project | None] | None = None,
    ):
        self.s = session
        self.meta_period = meta_period
        self.today = today
        # Held here (and shared by the file's sheets) so that each project is loaded once per file: the session's
        # identity map keeps only weak references, and one query per row was most of a large import's time.
        self._projects: dict[str, Project | None] = {} if known_projects is None else known_projects
        self._start()

    def _start(self) -> None:
        """A table's own caches, kept for the file like the projects."""

    def project(self, project_id: str) -> Project | None:
        return _cached(self.s, Project, project_id, self._projects)

    def _known_project(self, record_id: str, error: Report) -> Project | None:
        """The project a row's id names; None, with the row's error said, when this database has none."""
        project = self.project(record_id)
        if project is None:
            error("id", f"未知的项目ID“{record_id}”：数据库中没有该项目（可能文件来自其他数据库，或ID被改动）")
        return project

    def preload(self, record_ids: list[str]) -> None:
        """Read the records the sheet's rows name in a few queries, before the rows are checked one by one."""
        self._load_projects(record_ids)

    def _load_projects(self, project_ids: Iterable[str]) -> None:
        _load(self.s, Project, project_ids, self._projects)

    def locate(self, record_id: str, raw: dict[str, Any], error: Report, note: Report) -> Located | None:
        raise NotImplementedError

    def current(self, located: Located) -> dict[str, Any]:
        raise NotImplementedError

    def parse(self, col: layout.Col, raw: Any) -> cell_parsing.CellValue:
        return parse_cell(self.s, col, raw)

    def check(self, key: str, value: Any) -> str | None:
        """A rule only this table has, for one parsed value; the reason when it fails."""
        return None

    def comparable(self, key: str, value: Any) -> Any:
        """A database value as the import would read it back: text stored before today's text rule (a seeded
        location on three lines) must not count as changed by a file that left it alone."""
        field = _text_field(key)
        if field is None:
            return value
        if isinstance(value, str):
            return _cleaned(field, value)
        if isinstance(value, list):
            return [_cleaned(field, v) if isinstance(v, str) else v for v in value]
        return value

    def validate(self, differing: dict[str, Any]) -> dict[str, Any]:
        """The changes as the core would store them; raises the core's ValidationError."""
        return differing


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), LOOKUP_CHUNK):
        yield ids[start : start + LOOKUP_CHUNK]


_RecordT = TypeVar("_RecordT", Project, Milestone)


def _cached(
    session: Session, model: type[_RecordT], record_id: str, cache: dict[str, _RecordT | None]
) -> _RecordT | None:
    if record_id not in cache:
        cache[record_id] = session.get(model, record_id)
    return cache[record_id]


def _load(session: Session, model: type[_RecordT], ids: Iterable[str], cache: dict[str, _RecordT | None]) -> None:
    """Read the records of `ids` not yet in `cache` in a few queries."""
    wanted = [record_id for record_id in dict.fromkeys(ids) if record_id not in cache]
    for chunk in _chunks(wanted):
        for record in session.scalars(select(model).where(model.id.in_(chunk))):
            cache[record.id] = record
    for record_id in wanted:
        cache.setdefault(record_id, None)  # unknown here: the row says so, without a query of its own


def parse_cell(session: Session, col: layout.Col, raw: Any) -> cell_parsing.CellValue:
    """One editable cell by its column's kind; text follows the core's text rule for that field."""
    if col.kind == "amount":
        return cell_parsing.parse_amount(raw)
    if col.kind == "land":
        return cell_parsing.parse_land(raw)
    if col.kind == "date":
        return cell_parsing.parse_date(raw)
    if col.kind == "status":
        return cell_parsing.parse_status(raw)
    if col.kind == "list":
        return cell_parsing.parse_list(raw, field=_text_field(col.key))
    if col.kind == "county":
        text = cell_parsing.parse_text(raw, max_chars=40)
        if text.ok and text.value is not None:
            return cell_parsing.parse_choice(text.value, projects.known_counties(session), "县区")
        return text
    return cell_parsing.parse_text(raw, field=_text_field(col.key))


def _cleaned(field: str, value: str) -> str | None:
    try:
        return text_rules.clean_text(field, value)[0]
    except ValidationError:
        return value  # over today's limit: compared as it is (a file that shortens it is a change)


def _text_field(key: str) -> str | None:
    """The field whose text rule applies to a column (reference columns such as 涉及县区 have none)."""
    return key if key in text_rules.FIELD_LIMITS else None


class ProgressRows(RowHandler):
    entity = "progress"

    def _start(self) -> None:
        self._records: dict[str, dict[str, QuarterlyProgress]] = {}  # period -> project id -> record

    def _record(self, project_id: str, period: str) -> QuarterlyProgress | None:
        """The quarter's records are read once per period, not once per row."""
        if period not in self._records:
            rows = self.s.scalars(select(QuarterlyProgress).where(QuarterlyProgress.period == period))
            self._records[period] = {r.project_id: r for r in rows}
        return self._records[period].get(project_id)

    def locate(self, record_id: str, raw: dict[str, Any], error: Report, note: Report) -> Located | None:
        project = self._known_project(record_id, error)
        if project is None:
            return None
        try:
            period = periods.normalize_period(raw.get("period"))
        except ValueError as exc:
            error("period", str(exc).split(" / ")[0] if not cell_parsing.is_blank(raw.get("period")) else "缺少报告期")
            return None
        if self.meta_period and period != self.meta_period:
            note("period", f"本行报告期 {period} 与填报表的报告期 {self.meta_period} 不同")
        return Located(project, self._record(project.id, period), project.id, period)

    def current(self, located: Located) -> dict[str, Any]:
        record = located.record
        return {} if record is None else {k: getattr(record, k) for k in PROGRESS_FIELDS}


class MilestoneRows(RowHandler):
    entity = "milestone"

    def _start(self) -> None:
        self._milestones: dict[str, Milestone | None] = {}

    def preload(self, record_ids: list[str]) -> None:
        _load(self.s, Milestone, record_ids, self._milestones)
        self._load_projects(m.project_id for m in self._milestones.values() if m is not None)

    def _milestone(self, record_id: str) -> Milestone | None:
        return _cached(self.s, Milestone, record_id, self._milestones)

    def locate(self, record_id: str, raw: dict[str, Any], error: Report, note: Report) -> Located | None:
        record = self._milestone(record_id)
        if record is not None:
            project = self.project(record.project_id)
            assert project is not None  # the foreign key guarantees it
            return Located(project, record, record.id)
        found = self._by_title(raw)
        if found is None:
            error("id", f"未知的里程碑ID“{record_id}”：数据库中没有该节点，也没有同一项目下同名的节点（可能已被删除）")
            return None
        project, record = found
        return Located(project, record, record.id, same_record=False)

    def _by_title(self, raw: dict[str, Any]) -> tuple[Project, Milestone] | None:
        """A workbook from another office's database carries that database's milestone ids: the same
        milestone is then the one of the same project with the same title, if there is exactly one."""
        code, title = raw.get("code"), raw.get("title")
        if cell_parsing.is_blank(code) or cell_parsing.is_blank(title):
            return None
        project = self.s.scalar(select(Project).where(Project.code == normalize(str(code))))
        if project is None:
            return None
        wanted = normalize(str(title))
        same = [
            m
            for m in self.s.scalars(select(Milestone).where(Milestone.project_id == project.id))
            if normalize(m.title) == wanted
        ]
        return (project, same[0]) if len(same) == 1 else None

    def current(self, located: Located) -> dict[str, Any]:
        return {"actual_date": located.record.actual_date}

    def check(self, key: str, value: Any) -> str | None:
        if key == "actual_date" and value is not None and value > self.today:
            return f"实际完成日期 {value.isoformat()} 晚于今天，尚未发生的日期不能作为实际完成日期"
        return None


class ProjectRows(RowHandler):
    entity = "project"

    def locate(self, record_id: str, raw: dict[str, Any], error: Report, note: Report) -> Located | None:
        project = self._known_project(record_id, error)
        if project is None:
            return None
        return Located(project, project, project.id)

    def current(self, located: Located) -> dict[str, Any]:
        project = located.record
        values: dict[str, Any] = {}
        for col in layout.PORTFOLIO_SPEC.editable:
            if col.key == "lead_departments":
                values[col.key] = project.lead_departments
            elif col.kind == "list":
                values[col.key] = list(getattr(project, col.key) or [])
            else:
                values[col.key] = getattr(project, col.key)
        return values

    def validate(self, differing: dict[str, Any]) -> dict[str, Any]:
        return projects.validate_changes(self.s, differing)


HANDLERS: dict[str, type[RowHandler]] = {cls.entity: cls for cls in (ProgressRows, MilestoneRows, ProjectRows)}
