"""Typed, read-only records handed from the service facades (project_service, tracking_service) to the UI.

Each is a frozen dataclass built straight from the database row, so money stays ``Decimal`` and dates stay
``datetime.date`` all the way to the screen (no float or ISO-string round trip). A project's public JSON shape
(CLI, exports) is ``ProjectRecord.to_dict()``; the other JSON rows of the CLI come from the ``*_to_dict``
functions of the core modules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from app.core import coordination, milestones, status_rules
from app.core import reference as ref
from app.core.coordination import IssueStats
from app.core.status import ProjectStatus
from app.db.models import CoordinationIssue, Milestone, Project, QuarterlyProgress, ReviewFlag

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = [
    "HistoryItem",
    "IssueRecord",
    "IssueStats",
    "MilestoneRecord",
    "ProgressRecord",
    "ProjectRecord",
    "ProjectTracking",
    "ReviewFlagRecord",
    "ReviewItem",
]


@dataclass(frozen=True)
class ReviewItem:
    """One data-quality finding of the review queue, with the project or indicator it is about."""

    id: str
    subject: str  # project code, or 指标N for an indicator
    subject_name: str
    project_id: str | None  # None for a finding about an indicator
    rule: str
    field: str | None
    severity: str  # "warning" | "info"
    message: str
    state: str  # "open" | "resolved"
    resolution_note: str | None = None
    resolved_by: str | None = None
    resolved_at: dt.datetime | None = None  # UTC, naive (as stored)

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @classmethod
    def from_row(cls, flag: ReviewFlag, subject: str, subject_name: str) -> ReviewItem:
        return cls(
            id=flag.id,
            subject=subject,
            subject_name=subject_name,
            project_id=flag.project_id,
            rule=flag.rule,
            field=flag.field,
            severity=flag.severity,
            message=flag.message,
            state=flag.state,
            resolution_note=flag.resolution_note,
            resolved_by=flag.resolved_by,
            resolved_at=flag.resolved_at,
        )


def _json_value(value: object) -> object:
    """A record's value in the public JSON shape: amounts as numbers, times as ISO text, sequences as lists."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, ReviewFlagRecord):
        return value.to_dict()
    if isinstance(value, (tuple, list)):
        return [_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {key: _json_value(v) for key, v in value.items()}
    return value


def _to_dict(record: DataclassInstance) -> dict[str, Any]:
    """Every field of a record dataclass, in declaration order, as _json_value gives it."""
    return {f.name: _json_value(getattr(record, f.name)) for f in fields(record)}


@dataclass(frozen=True)
class ReviewFlagRecord:
    id: str
    rule: str
    field: str | None
    severity: str  # "warning" | "info"
    message: str
    state: str  # "open" | "resolved"
    resolution_note: str | None
    resolved_by: str | None
    resolved_at: dt.datetime | None

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @classmethod
    def from_row(cls, flag: ReviewFlag) -> ReviewFlagRecord:
        return cls(
            id=flag.id,
            rule=flag.rule,
            field=flag.field,
            severity=flag.severity,
            message=flag.message,
            state=flag.state,
            resolution_note=flag.resolution_note,
            resolved_by=flag.resolved_by,
            resolved_at=flag.resolved_at,
        )

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)


# The appendix text each editable field was parsed from (the field name -> the Project column).
_RAW_COLUMNS = {
    "name": "name_raw",
    "scale": "scale_raw",
    "content": "content_raw",
    "entities": "entities_raw",
    "location": "location_raw",
    "investment_total": "investment_raw",
    "new_land_mu": "new_land_raw",
    "lead_departments": "lead_departments_raw",
}


@dataclass(frozen=True)
class ProjectRecord:
    """One project as stored. Lists are tuples; amounts are Decimal (None = unknown, never 0).

    The one description of a project's public fields: `to_dict` (CLI JSON, exports; projects.project_to_dict)
    gives them in this order."""

    id: str
    code: str
    appendix_table: int | None
    appendix_group: str | None
    appendix_category: str
    row: int | None
    name: str
    scale: str | None
    content: str | None
    entities: tuple[str, ...]
    location: str | None
    county: str
    counties: tuple[str, ...]
    investment_total: Decimal | None  # 亿元
    new_land_mu: Decimal | None  # 亩
    lead_departments: tuple[str, ...]
    status: str
    note: str | None
    flags: tuple[ReviewFlagRecord, ...]
    # field -> the appendix text it was parsed from (only fields that came from the plan have one)
    raw: Mapping[str, str | None]
    source_line: int | None  # the line of the plan text the project was read from
    version: int
    updated_at: dt.datetime | None  # UTC, naive (as stored)
    updated_by: str | None

    def value(self, key: str) -> object:
        """The stored value of an editable field by name (the editor compares what it shows with these)."""
        return getattr(self, key)

    @property
    def open_flags(self) -> int:
        return sum(1 for f in self.flags if f.is_open)

    def to_dict(self) -> dict[str, Any]:
        """The public, JSON-ready shape: amounts as float, lists as lists, times as ISO text."""
        return _to_dict(self)

    @classmethod
    def from_row(cls, p: Project) -> ProjectRecord:
        return cls(
            id=p.id,
            code=p.code,
            appendix_table=p.appendix_table,
            appendix_group=p.appendix_group,
            appendix_category=ref.appendix_label(p.appendix_table),
            row=p.row_no,
            name=p.name,
            scale=p.scale,
            content=p.content,
            entities=tuple(p.entities or ()),
            location=p.location,
            county=p.county,
            counties=tuple(p.counties or ()),
            investment_total=p.investment_total,
            new_land_mu=p.new_land_mu,
            lead_departments=tuple(p.lead_departments),
            status=p.status,
            note=p.note,
            flags=tuple(ReviewFlagRecord.from_row(f) for f in p.flags),
            raw=MappingProxyType({key: getattr(p, column) for key, column in _RAW_COLUMNS.items()}),
            source_line=p.source_line,
            version=p.version,
            updated_at=p.updated_at,
            updated_by=p.updated_by,
        )


@dataclass(frozen=True)
class ProgressRecord:
    """One quarter's report with the figures derived from all reports up to it."""

    id: str
    project_id: str
    period: str
    invested: Decimal | None  # this quarter, 亿元
    annual_plan: Decimal | None
    cumulative: Decimal | None  # all quarters up to and including this one
    completion_rate: Decimal | None  # cumulative / investment_total (0..1, may exceed 1)
    physical_progress: str | None
    problems: str | None
    next_steps: str | None
    status: str | None
    version: int
    updated_at: dt.datetime | None
    updated_by: str | None

    @classmethod
    def from_row(
        cls, record: QuarterlyProgress, cumulative: Decimal | None, investment_total: Decimal | None
    ) -> ProgressRecord:
        return cls(
            id=record.id,
            project_id=record.project_id,
            period=record.period,
            invested=record.invested,
            annual_plan=record.annual_plan,
            cumulative=cumulative,
            completion_rate=status_rules.completion_rate(cumulative, investment_total),
            physical_progress=record.physical_progress,
            problems=record.problems,
            next_steps=record.next_steps,
            status=record.status,
            version=record.version,
            updated_at=record.updated_at,
            updated_by=record.updated_by,
        )


@dataclass(frozen=True)
class MilestoneRecord:
    """A milestone as judged on `as_of` (effective status 逾期 and the days late depend on that date)."""

    id: str
    project_id: str
    kind: str
    title: str
    planned_date: dt.date | None
    actual_date: dt.date | None
    status: str  # as stored: 未开始 / 进行中 / 已完成
    effective_status: str  # on as_of: 逾期 when the planned date has passed, 已完成 when done by then
    overdue_days: int
    note: str | None
    position: int
    version: int
    as_of: dt.date

    @classmethod
    def from_row(cls, m: Milestone, as_of: dt.date) -> MilestoneRecord:
        return cls(
            id=m.id,
            project_id=m.project_id,
            kind=m.kind,
            title=m.title,
            planned_date=m.planned_date,
            actual_date=m.actual_date,
            status=m.status,
            effective_status=milestones.effective_status(m.status, m.planned_date, m.actual_date, as_of),
            overdue_days=status_rules.overdue_days(m.planned_date, m.actual_date, as_of),
            note=m.note,
            position=m.sort_order,
            version=m.version,
            as_of=as_of,
        )


@dataclass(frozen=True)
class IssueRecord:
    """A coordination issue (问题协调) as judged on `as_of`."""

    id: str
    project_id: str
    description: str
    responsible_department: str | None
    raised_date: dt.date | None
    deadline: dt.date | None
    closed_date: dt.date | None
    resolution: str | None
    is_open: bool
    overdue_days: int
    state: str  # 办理中 / 逾期未办结 / 已办结
    version: int
    as_of: dt.date

    @classmethod
    def from_row(cls, issue: CoordinationIssue, as_of: dt.date) -> IssueRecord:
        open_ = coordination.is_open(issue.raised_date, issue.closed_date, as_of)
        late = coordination.days_overdue(issue.raised_date, issue.deadline, issue.closed_date, as_of)
        return cls(
            id=issue.id,
            project_id=issue.project_id,
            description=issue.description,
            responsible_department=issue.responsible_department,
            raised_date=issue.raised_date,
            deadline=issue.deadline,
            closed_date=issue.closed_date,
            resolution=issue.resolution,
            is_open=open_,
            overdue_days=late,
            state="逾期未办结" if late > 0 else "办理中" if open_ else "已办结",
            version=issue.version,
            as_of=as_of,
        )


@dataclass(frozen=True)
class ProjectTracking:
    """What the quarterly-progress tab shows for one project and quarter, read in one session so the
    RAG rating, its overdue milestones and the milestone list agree: all are judged on the same `as_of`."""

    project_id: str
    period: str | None
    as_of: dt.date
    status: ProjectStatus | None
    milestones: tuple[MilestoneRecord, ...]
    issue_stats: IssueStats

    @property
    def overdue_milestones(self) -> tuple[MilestoneRecord, ...]:
        return tuple(m for m in self.milestones if m.overdue_days > 0)


@dataclass(frozen=True)
class HistoryItem:
    """One audited change of a project or of one of its records."""

    at: dt.datetime  # local time
    user: str
    entity_type: str  # project / milestone / progress / issue / review_flag / period
    field: str | None
    field_label: str
    old_value: str | None
    new_value: str | None
    source: str
    source_detail: str | None
