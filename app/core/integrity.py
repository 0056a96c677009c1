"""Integrity check: what `cli check` reports. Each problem is one readable line."""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import reference as ref
from app.core.seed import SeedError, read_sheet
from app.core.seed_workbook import PROJECT_COLUMNS, SHEET_PROJECTS
from app.db import migrate
from app.db.models import County, Project, QuarterlyProgress
from app.db.sqlite_file import check_messages
from app.paths import seed_workbook_path

if TYPE_CHECKING:  # the workspace module imports the seed loader too; the check only needs the type
    from app.core.workspace import Workspace

PERIOD_RE = re.compile(r"^\d{4}Q[1-4]$")


def check_database(ws: Workspace) -> list[str]:
    problems: list[str] = []
    db = ws.db
    with db.engine.connect() as conn:
        if db.is_sqlite:
            driver = cast(sqlite3.Connection, conn.connection.driver_connection)  # (the engine is SQLite here)
            result = check_messages(driver, "integrity_check")
            if result != ["ok"]:
                problems.append(f"SQLite integrity_check failed: {'; '.join(result[:5])}")
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if fk:
                problems.append(f"{len(fk)} rows violate foreign keys, e.g. {fk[0]}")
    current, head = migrate.current_revision(db), migrate.head_revision()
    if current != head:
        problems.append(f"schema revision {current} is not the current {head}")
    with ws.session() as session:
        problems += _check_projects(session)
    return problems


def _check_projects(session: Session) -> list[str]:
    problems: list[str] = []
    counties = set(session.scalars(select(County.name)))
    missing_counties = set(ref.COUNTY_NAMES) - counties
    if missing_counties:
        problems.append(f"reference counties missing: {', '.join(sorted(missing_counties))}")
    codes: dict[str, str] = {}
    for p in session.scalars(select(Project)):
        where = f"project {p.code}"
        if not (p.name or "").strip():
            problems.append(f"{where}: empty name")
        if p.investment_total is not None and p.investment_total < 0:
            problems.append(f"{where}: negative investment_total {p.investment_total}")
        if p.new_land_mu is not None and p.new_land_mu < 0:
            problems.append(f"{where}: negative new_land_mu {p.new_land_mu}")
        if p.status not in ref.STATUSES:
            problems.append(f"{where}: unknown status {p.status!r}")
        if p.version < 1:
            problems.append(f"{where}: version {p.version} < 1")
        for c in p.counties or []:
            if c not in counties:
                problems.append(f"{where}: unknown county {c!r} in counties")
        codes[p.id] = p.code
    try:
        seed_rows = read_sheet(seed_workbook_path(), SHEET_PROJECTS, PROJECT_COLUMNS)
    except SeedError as exc:
        problems.append(f"seed workbook unreadable: {exc}")
        seed_rows = []
    if codes:  # an unseeded database is not broken, just empty
        for row in seed_rows:
            if row["id"] not in codes:
                problems.append(f"appendix project {row['code']} ({row['id']}) is missing from the database")
    for q in session.scalars(select(QuarterlyProgress)):
        if not PERIOD_RE.match(q.period):
            problems.append(f"progress {q.id}: bad period {q.period!r}")
        for name in ("invested", "annual_plan"):
            value = getattr(q, name)
            if value is not None and value < 0:
                problems.append(f"progress {codes.get(q.project_id, q.project_id)} {q.period}: negative {name}")
    return problems
