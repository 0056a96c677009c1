"""SQLAlchemy models: the database rows. Qt models live in app/ui and have distinct names."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship
from sqlalchemy.sql import FromClause

# Named constraints: Alembic batch mode on SQLite can only alter what it can name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Amounts in 亿元 keep 4 decimals: the plan writes up to 4 (1.4868); land in 亩 keeps 3 (160.970).
Money = Numeric(18, 4, asdecimal=True)
Area = Numeric(18, 3, asdecimal=True)


def new_uuid() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Versioned:
    """Optimistic concurrency: every write bumps version; exchange files carry it back.

    The check is part of the write itself: `version` is the mapper's version_id_col, so every UPDATE and
    DELETE of a versioned row says `WHERE id = :id AND version = :version_read`. When another process changed
    the row after this one read it, no row matches and SQLAlchemy raises StaleDataError (the workspace turns
    it into the core's ConflictError): a lost update is impossible on SQLite and PostgreSQL alike. The core
    still sets the new number itself (`record.version += 1`, version_id_generator=False), only when a field
    really changed, so an edit that changes nothing keeps its version.
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100), nullable=False, default="system")
    if TYPE_CHECKING:
        __table__: ClassVar[FromClause]  # set by declarative on each mapped subclass

    @declared_attr.directive
    @classmethod
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version, "version_id_generator": False}


class County(Base):
    """Datong's districts, counties, the development zone and 市级 (city-level)."""

    __tablename__ = "counties"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # 区 / 县 / 开发区 / 市级
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Department(Base):
    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False, unique=True)
    county: Mapped[str | None] = mapped_column(ForeignKey("counties.name"), nullable=True)


class ProjectLeadDepartment(Base):
    """Ordered many-to-many: a project can have several proposed lead departments."""

    __tablename__ = "project_lead_departments"
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    department: Mapped[Department] = relationship(lazy="joined")


class Project(Versioned, Base):
    __tablename__ = "projects"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    code: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    appendix_table: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1-7; None = added later
    appendix_group: Mapped[str | None] = mapped_column(String(4), nullable=True)  # 一 / 二 / 三
    row_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source_line: Mapped[int | None] = mapped_column(Integer, nullable=True)

    name: Mapped[str] = mapped_column(Text, nullable=False)
    scale: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str | None] = mapped_column(Text)
    entities: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    location: Mapped[str | None] = mapped_column(Text)
    county: Mapped[str] = mapped_column(ForeignKey("counties.name"), nullable=False, default="市级")
    counties: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)  # every county the text names
    investment_total: Mapped[Decimal | None] = mapped_column(Money)  # 亿元; None = unknown, never 0
    new_land_mu: Mapped[Decimal | None] = mapped_column(Area)  # 亩; None = unknown or not in the table
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="储备")
    note: Mapped[str | None] = mapped_column(Text)

    # The appendix cell text exactly as the plan prints it (after line joining), kept beside the parsed value.
    name_raw: Mapped[str | None] = mapped_column(Text)
    scale_raw: Mapped[str | None] = mapped_column(Text)
    content_raw: Mapped[str | None] = mapped_column(Text)
    entities_raw: Mapped[str | None] = mapped_column(Text)
    location_raw: Mapped[str | None] = mapped_column(Text)
    investment_raw: Mapped[str | None] = mapped_column(Text)
    new_land_raw: Mapped[str | None] = mapped_column(Text)
    lead_departments_raw: Mapped[str | None] = mapped_column(Text)

    lead_links: Mapped[list[ProjectLeadDepartment]] = relationship(
        order_by=ProjectLeadDepartment.position,
        cascade="all, delete-orphan",
        lazy="selectin",
    )
    flags: Mapped[list[ReviewFlag]] = relationship(
        back_populates="project", lazy="selectin", order_by="ReviewFlag.rule"
    )

    @property
    def lead_departments(self) -> list[str]:
        return [link.department.name for link in self.lead_links]


class ProjectSummary(Base):
    """A project's stored status of today and search keys (app/core/summary_store.py). `stamp` is bumped by
    database triggers (migration 0005) on every write the figures depend on; the stored figures count only
    while `computed_stamp` equals it. Never written through the ORM: plain statements only."""

    __tablename__ = "project_summaries"
    __table_args__ = {"sqlite_with_rowid": False}  # clustered by project id (summary_store.store writes in its order)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    stamp: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    computed_stamp: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[str | None] = mapped_column(String(40))  # summary_store.VERSION the figures were made by
    as_of: Mapped[str | None] = mapped_column(String(10))  # ISO day the status was judged on
    rag: Mapped[str | None] = mapped_column(String(10))
    rag_reasons: Mapped[str | None] = mapped_column(Text)  # joined by summary_store.SEPARATOR
    cumulative: Mapped[str | None] = mapped_column(Text)  # exact Decimal text
    completion_rate: Mapped[str | None] = mapped_column(Text)  # exact Decimal text
    last_update: Mapped[str | None] = mapped_column(Text)  # ISO datetime of the latest quarterly record
    open_issues: Mapped[int | None] = mapped_column(Integer)
    overdue_milestones: Mapped[int | None] = mapped_column(Integer)
    search_text: Mapped[str | None] = mapped_column(Text)
    search_initials: Mapped[str | None] = mapped_column(Text)
    lead_departments: Mapped[str | None] = mapped_column(Text)  # names in order, joined by SEPARATOR


class ReviewFlag(Base):
    """A data-quality finding to be reviewed by an officer (seed oddities, import warnings)."""

    __tablename__ = "review_flags"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    project_id: Mapped[str | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    indicator_id: Mapped[str | None] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(40), nullable=False)
    field: Mapped[str | None] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(10), nullable=False, default="warning")  # info / warning
    message: Mapped[str] = mapped_column(Text, nullable=False)
    state: Mapped[str] = mapped_column(String(10), nullable=False, default="open")  # open / resolved
    resolution_note: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    project: Mapped[Project | None] = relationship(back_populates="flags")


class Milestone(Versioned, Base):
    __tablename__ = "milestones"
    # The dates in the project's index: the timeline's summary (app.core.timeline) reads the index alone.
    __table_args__ = (Index("ix_milestones_project_dates", "project_id", "planned_date", "actual_date"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False, default="自定义")
    title: Mapped[str] = mapped_column(Text, nullable=False)
    planned_date: Mapped[dt.date | None] = mapped_column(Date)
    actual_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="未开始")
    note: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class ReportingPeriod(Base):
    """A quarter such as 2025Q3: open -> submitted -> locked."""

    __tablename__ = "reporting_periods"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    quarter: Mapped[int] = mapped_column(Integer, nullable=False)
    state: Mapped[str] = mapped_column(String(10), nullable=False, default="open")
    state_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    state_changed_by: Mapped[str | None] = mapped_column(String(100))


class QuarterlyProgress(Versioned, Base):
    """What a project reports for one quarter; cumulative figures are derived, never stored."""

    __tablename__ = "quarterly_progress"
    __table_args__ = (UniqueConstraint("project_id", "period", name="uq_quarterly_progress_project_period"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), nullable=False, index=True)
    period: Mapped[str] = mapped_column(ForeignKey("reporting_periods.code"), nullable=False, index=True)
    invested: Mapped[Decimal | None] = mapped_column(Money)  # 亿元 completed in this quarter
    annual_plan: Mapped[Decimal | None] = mapped_column(Money)  # 亿元 planned for the year
    physical_progress: Mapped[str | None] = mapped_column(Text)
    problems: Mapped[str | None] = mapped_column(Text)
    next_steps: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(10))


class CoordinationIssue(Versioned, Base):
    """问题协调: a problem that needs another department to act."""

    __tablename__ = "coordination_issues"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), nullable=False, index=True)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    responsible_department: Mapped[str | None] = mapped_column(String(120))
    raised_date: Mapped[dt.date | None] = mapped_column(Date)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    closed_date: Mapped[dt.date | None] = mapped_column(Date)
    resolution: Mapped[str | None] = mapped_column(Text)


class Indicator(Base):
    """A row of Table 3-1 规划指标体系."""

    __tablename__ = "indicators"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    seq: Mapped[int] = mapped_column(Integer, nullable=False, unique=True)
    level1: Mapped[str] = mapped_column(String(40), nullable=False)
    level2: Mapped[str] = mapped_column(String(40), nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    name_raw: Mapped[str] = mapped_column(Text, nullable=False)
    unit: Mapped[str | None] = mapped_column(String(40))
    baseline_raw: Mapped[str | None] = mapped_column(Text)
    baseline_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    baseline_note: Mapped[str | None] = mapped_column(Text)
    target_raw: Mapped[str | None] = mapped_column(Text)
    target_kind: Mapped[str] = mapped_column(
        String(20), nullable=False
    )  # value / below / no_decrease / assigned / unknown
    target_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    binding: Mapped[bool] = mapped_column(Boolean, nullable=False)  # 约束性 True, 预期性 False
    attribute_raw: Mapped[str] = mapped_column(String(20), nullable=False)
    values: Mapped[list[IndicatorValue]] = relationship(
        order_by="IndicatorValue.year", cascade="all, delete-orphan", lazy="selectin"
    )


class IndicatorValue(Versioned, Base):
    __tablename__ = "indicator_values"
    __table_args__ = (UniqueConstraint("indicator_id", "year", name="uq_indicator_values_indicator_year"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    value_raw: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    __tablename__ = "audit_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(100), nullable=False)
    entity_type: Mapped[str] = mapped_column(String(40), nullable=False)
    entity_id: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    project_id: Mapped[str | None] = mapped_column(String(36), index=True)
    field: Mapped[str | None] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(40), nullable=False, default="manual")  # manual / import / seed / cli
    source_detail: Mapped[str | None] = mapped_column(Text)


class ReportSnapshot(Base):
    """A quarterly report generated for a locked period, kept with its hash so it can be re-verified."""

    __tablename__ = "report_snapshots"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    period: Mapped[str] = mapped_column(ForeignKey("reporting_periods.code"), nullable=False)
    scope: Mapped[str] = mapped_column(String(200), nullable=False)
    options: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    generated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    generated_by: Mapped[str] = mapped_column(String(100), nullable=False)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class Setting(Base):
    """Database-wide settings shared by every user of this database (not per-user UI state)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)


# --- County offices and the city: what travels between their databases (app/core/change_log.py, office.py,
# submissions.py; app/exchange/packages.py). ---


class ChangeLogEntry(Base):
    """One change as a merge needs it, written in the same transaction as the change itself.

    `origin_office`/`origin_seq` name the change everywhere: the office where a person made it and that
    office's own running number (NULL while the database has no office set; `office set` numbers them).
    Values are JSON text. `received_from` is the office whose package brought a change made elsewhere
    (NULL: made here). In the city, another office's change waits for the city's review before it is passed
    on: `review_period` is the quarter whose submission carried it, `accepted_mark` the running number of
    the acceptance (审核通过) that released it (NULL: not accepted yet; see app.core.change_log)."""

    __tablename__ = "change_log"
    __table_args__ = (UniqueConstraint("origin_office", "origin_seq", name="uq_change_log_origin_office_seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    origin_office: Mapped[str | None] = mapped_column(String(120))
    origin_seq: Mapped[int | None] = mapped_column(Integer)
    entity_type: Mapped[str] = mapped_column(String(20), nullable=False)  # project / progress / milestone
    record_id: Mapped[str] = mapped_column(String(64), nullable=False)
    project_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    period: Mapped[str | None] = mapped_column(String(6))
    field: Mapped[str | None] = mapped_column(String(60))
    op: Mapped[str] = mapped_column(String(10), nullable=False, default="set")  # set / create / delete
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    base_version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    user: Mapped[str] = mapped_column(String(100), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    received_from: Mapped[str | None] = mapped_column(String(120))
    review_period: Mapped[str | None] = mapped_column(String(6))
    accepted_mark: Mapped[int | None] = mapped_column(Integer)


class ExchangeConflict(Base):
    """A change from another office that met a different value here: kept for a person to decide."""

    __tablename__ = "exchange_conflicts"
    __table_args__ = (UniqueConstraint("origin_office", "origin_seq", name="uq_exchange_conflicts_origin_office_seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    origin_office: Mapped[str] = mapped_column(String(120), nullable=False)
    origin_seq: Mapped[int] = mapped_column(Integer, nullable=False)
    sender: Mapped[str] = mapped_column(String(120), nullable=False)
    package_id: Mapped[str] = mapped_column(String(64), nullable=False)
    entity_type: Mapped[str] = mapped_column(String(20), nullable=False)
    record_id: Mapped[str] = mapped_column(String(64), nullable=False)
    project_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    period: Mapped[str | None] = mapped_column(String(6))
    field: Mapped[str | None] = mapped_column(String(60))
    op: Mapped[str] = mapped_column(String(10), nullable=False, default="set")
    base_version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    theirs_old: Mapped[str | None] = mapped_column(Text)
    theirs_new: Mapped[str | None] = mapped_column(Text)
    theirs_by: Mapped[str] = mapped_column(String(100), nullable=False)
    theirs_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    ours_value: Mapped[str | None] = mapped_column(Text)
    ours_by: Mapped[str | None] = mapped_column(String(100))
    ours_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    state: Mapped[str] = mapped_column(String(12), nullable=False, default="open")
    detected_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class OfficeSubmission(Base):
    """One office's quarterly submission (报送) and the city's review of it. No row: 未报送."""

    __tablename__ = "office_submissions"
    office: Mapped[str] = mapped_column(String(120), primary_key=True)
    period: Mapped[str] = mapped_column(String(6), primary_key=True)
    state: Mapped[str] = mapped_column(String(12), nullable=False)  # submitted / returned / accepted
    round: Mapped[int] = mapped_column(Integer, nullable=False, default=1)  # 1 + resubmissions after a return
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    submitted_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    project_reasons: Mapped[dict[str, str]] = mapped_column(JSON, nullable=False, default=dict)
    projects_reported: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class ExchangePackage(Base):
    """A package this database wrote (direction "out") or applied ("in")."""

    __tablename__ = "exchange_packages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    direction: Mapped[str] = mapped_column(String(3), nullable=False)  # out / in
    kind: Mapped[str] = mapped_column(String(12), nullable=False)  # submission / return
    package_id: Mapped[str] = mapped_column(String(64), nullable=False, index=True)  # SHA-256 of its content
    sender: Mapped[str] = mapped_column(String(120), nullable=False)
    addressee: Mapped[str] = mapped_column(String(120), nullable=False)
    period: Mapped[str | None] = mapped_column(String(6))
    first_seq: Mapped[int | None] = mapped_column(Integer)
    last_seq: Mapped[int | None] = mapped_column(Integer)
    last_log_id: Mapped[int | None] = mapped_column(Integer)  # out: the newest change_log id it looked at
    last_accepted_mark: Mapped[int | None] = mapped_column(Integer)  # out: the newest acceptance it looked at
    changes: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    applied: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    skipped: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    conflicts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    user: Mapped[str] = mapped_column(String(100), nullable=False)
    file_name: Mapped[str | None] = mapped_column(Text)
