"""The application's handle on one database: open, migrate, seed when empty, and who is working."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.engine import Database, DatabaseError, open_database
from app.db.models import Project
from app.exchange.seed_loader import SeedError, SeedResult, ensure_counties, seed_database
from app.paths import seed_workbook_path

__all__ = ["DatabaseError", "SeedError", "Workspace", "open_workspace"]


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

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.db.session() as session:
            yield session

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


def open_workspace(db: str | os.PathLike | None = None, *, seed: bool = True, user: str | None = None) -> Workspace:
    """Open (create, migrate) the database and seed it from the appendix workbook if it has no projects."""
    ws = Workspace(open_database(db), user or current_user())
    with ws.session() as session:
        ensure_counties(session)  # reference data every database needs, seeded or not
    if seed:
        ws.seed_if_empty()
    return ws
