"""The application's handle on one database: open, migrate, seed when empty, and who is working."""

from __future__ import annotations

import getpass
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.core import backups
from app.core.errors import ConflictError
from app.core.seed import SeedError, SeedResult, ensure_counties, seed_database
from app.db.engine import Database, DatabaseError, ReadOnlyDatabaseError, open_database
from app.db.models import Project
from app.paths import seed_workbook_path

__all__ = ["DatabaseError", "ReadOnlyDatabaseError", "SeedError", "Workspace", "open_workspace"]

# What a stale write was about, for the conflict message (table name in SQLAlchemy's StaleDataError text).
_RECORD_KINDS = {
    "projects": "项目",
    "quarterly_progress": "季度进展",
    "milestones": "里程碑节点",
    "coordination_issues": "协调问题",
    "indicator_values": "指标年度值",
}
_TABLE_IN_MESSAGE = re.compile(r"on table '([^']+)'")
# How PostgreSQL (constraint name) and SQLite (columns) word a duplicate of a record that exists once per key.
# The change log's (office, sequence): two people of one office saving at the same moment on PostgreSQL both
# take the next number (SQLite's write lock makes the second wait); the second save is refused, to retry.
# A standard milestone's id is derived from its project and kind: the template applied twice at once.
# A project code handed out twice at once.
_CREATED_TWICE = (
    "uq_quarterly_progress_project_period",
    "quarterly_progress.project_id, quarterly_progress.period",
    "uq_indicator_values_indicator_year",
    "indicator_values.indicator_id, indicator_values.year",
    "uq_change_log_origin_office_seq",
    "change_log.origin_office, change_log.origin_seq",
    "uq_exchange_conflicts_origin_office_seq",
    "exchange_conflicts.origin_office, exchange_conflicts.origin_seq",
    "pk_milestones",
    "milestones.id",
    "uq_projects_code",
    "projects.code",
)


def conflict_from(exc: StaleDataError) -> ConflictError:
    """The person's view of a write that found its row changed (or deleted) since it was read."""
    match = _TABLE_IN_MESSAGE.search(str(exc))
    kind = _RECORD_KINDS.get(match.group(1), "记录") if match else "记录"
    return ConflictError(
        f"这条{kind}在您读取之后已被其他人或其他程序修改（或删除），本次保存没有生效；请刷新后重新修改 / "
        f"the {match.group(1) if match else 'record'} was changed by someone else since you read it: "
        f"reload and try again"
    )


def current_user() -> str:
    override = os.environ.get("DATONG_USER")
    if override:
        return override
    try:
        return getpass.getuser()
    except Exception:  # no login name (some services, containers)
        return "unknown"


@dataclass
class Workspace:
    db: Database
    user: str

    @property
    def read_only(self) -> bool:
        """Opened read-only (read-only file, folder or medium, or a read-only server): any write raises
        ReadOnlyDatabaseError; the GUI shows a banner with `read_only_reason`."""
        return self.db.read_only

    @property
    def read_only_reason(self) -> str:
        return self.db.read_only_reason

    @property
    def created(self) -> bool:
        """This start created the database (the GUI tells the person where the new file is)."""
        return self.db.created

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction. Besides the database errors of Database.session, a write whose version check
        failed (another process saved the same record first) comes out as the core's ConflictError."""
        try:
            with self.db.session() as session:
                yield session
        except StaleDataError as exc:
            raise conflict_from(exc) from exc
        except IntegrityError as exc:
            # Two people creating the same one-per-quarter (or one-per-year) record at the same moment: the
            # second insert meets the first one's row. That is a conflict to reload, not a program error.
            if any(marker in str(exc.orig) for marker in _CREATED_TWICE):
                raise ConflictError(
                    "这条记录刚刚已被其他人或其他程序创建，本次保存没有生效；请刷新后重新修改 / "
                    "the record was just created by someone else: reload and try again"
                ) from exc
            raise

    def is_empty(self) -> bool:
        with self.session() as s:
            return not s.scalar(select(func.count()).select_from(Project))

    def seed_if_empty(self, workbook: Path | None = None) -> SeedResult | None:
        if not self.is_empty():
            return None
        return self.seed(workbook)

    def seed(self, workbook: Path | None = None) -> SeedResult:
        with self.session() as s:
            return seed_database(s, workbook or seed_workbook_path(), user=self.user)

    def close(self) -> None:
        self.db.dispose()


def open_workspace(
    db: str | os.PathLike[str] | None = None,
    *,
    seed: bool = True,
    user: str | None = None,
    create: bool = True,
) -> Workspace:
    """Open (and migrate) the database and seed it from the appendix workbook if it has no projects.

    `create`: whether a missing or empty database may be created here. The CLI allows it only for `init`;
    the desktop program allows it on its first start and then says so (`Workspace.created`)."""
    # A verified, rotated backup in the backups folder before any schema upgrade (the engine's own is then off).
    before_upgrade = backups.backup_before_migration(db)
    database = open_database(db, create=create, backup=not before_upgrade)
    if before_upgrade:
        database.backup_path = before_upgrade
    ws = Workspace(database, user or current_user())
    if ws.read_only:
        return ws  # nothing may be written: no reference data, no seeding
    try:
        with ws.session() as session:
            ensure_counties(session)  # reference data every database needs, seeded or not
        if seed:
            ws.seed_if_empty()
    except BaseException:
        ws.close()
        raise
    return ws
