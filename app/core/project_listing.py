"""Every project in its public shape (projects.project_to_dict), read with flat queries.

`projects --json` lists the whole portfolio. Loading it as ORM objects (plus two selectin loads and a
department per lead link) costs ~60 times a bare SELECT at 100,000 projects; three flat queries and plain
dicts give the same output for a fraction of that. tests/test_core_data_paths.py checks that both agree.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from app.core import project_json
from app.core import reference as ref
from app.core.gc_pause import gc_paused
from app.db.models import Department, Project, ProjectLeadDepartment, ReviewFlag

_FLAG_COLUMNS = (
    ReviewFlag.id,
    ReviewFlag.rule,
    ReviewFlag.field,
    ReviewFlag.severity,
    ReviewFlag.message,
    ReviewFlag.state,
    ReviewFlag.resolution_note,
    ReviewFlag.resolved_by,
    ReviewFlag.resolved_at,
)

_PROJECT_COLUMNS = (
    Project.id,
    Project.code,
    Project.appendix_table,
    Project.appendix_group,
    Project.row_no,
    Project.name,
    Project.scale,
    Project.content,
    Project.entities,
    Project.location,
    Project.county,
    Project.counties,
    Project.investment_total,
    Project.new_land_mu,
    Project.status,
    Project.note,
    Project.name_raw,
    Project.scale_raw,
    Project.content_raw,
    Project.entities_raw,
    Project.location_raw,
    Project.investment_raw,
    Project.new_land_raw,
    Project.lead_departments_raw,
    Project.source_line,
    Project.version,
    Project.updated_at,
    Project.updated_by,
)


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def project_dicts(session: Session) -> list[dict[str, Any]]:
    """Every project, in plan order, as projects.project_to_dict gives it (same keys, same values)."""
    with gc_paused():  # ~20 tracked objects per project, none cyclic: no collector passes while building
        return list(_project_dicts(session))


def _lead_names(connection: Connection) -> dict[str, list[str]]:
    """Project id -> its lead departments' names, in their order."""
    leads: dict[str, list[str]] = {}
    lead_rows = connection.execute(
        select(ProjectLeadDepartment.project_id, Department.name)
        .join(Department, Department.id == ProjectLeadDepartment.department_id)
        .order_by(ProjectLeadDepartment.project_id, ProjectLeadDepartment.position)
    )
    for pid, name in lead_rows:
        leads.setdefault(pid, []).append(name)
    return leads


def _flags(connection: Connection) -> dict[str | None, list[dict[str, Any]]]:
    """Project id -> its review flags, by rule."""
    flags: dict[str | None, list[dict[str, Any]]] = {}
    flag_rows = connection.execute(
        select(ReviewFlag.project_id, *_FLAG_COLUMNS)
        .where(ReviewFlag.project_id.is_not(None))
        .order_by(ReviewFlag.project_id, ReviewFlag.rule, ReviewFlag.id)
    )
    for flagged, fid, rule, field, severity, message, state, note, by, at in flag_rows:
        flags.setdefault(flagged, []).append(
            project_json.flag_dict(fid, rule, field, severity, message, state, note, by, at.isoformat() if at else None)
        )
    return flags


def _project_dicts(session: Session) -> Iterator[dict[str, Any]]:
    connection = session.connection()
    leads = _lead_names(connection)
    flags = _flags(connection)
    labels = {table: ref.appendix_label(table) for table in [*ref.APPENDIX_TABLES, None]}
    stmt = select(*_PROJECT_COLUMNS).order_by(Project.appendix_table, Project.row_no, Project.code)
    for (
        pid,
        code,
        table,
        group,
        row_no,
        name,
        scale,
        content,
        entities,
        location,
        county,
        counties,
        investment,
        land,
        status,
        note,
        name_raw,
        scale_raw,
        content_raw,
        entities_raw,
        location_raw,
        investment_raw,
        land_raw,
        leads_raw,
        source_line,
        version,
        updated_at,
        updated_by,
    ) in connection.execute(stmt):
        yield dict(
            id=pid,
            code=code,
            appendix_table=table,
            appendix_group=group,
            appendix_category=labels[table] if table in labels else ref.appendix_label(table),
            row=row_no,
            name=name,
            scale=scale,
            content=content,
            entities=list(entities or []),
            location=location,
            county=county,
            counties=list(counties or []),
            investment_total=_num(investment),
            new_land_mu=_num(land),
            lead_departments=leads.get(pid, []),
            status=status,
            note=note,
            flags=flags.get(pid, []),
            raw=dict(
                name=name_raw,
                scale=scale_raw,
                content=content_raw,
                entities=entities_raw,
                location=location_raw,
                investment_total=investment_raw,
                new_land_mu=land_raw,
                lead_departments=leads_raw,
            ),
            source_line=source_line,
            version=version,
            updated_at=updated_at.isoformat() if updated_at else None,
            updated_by=updated_by,
        )


# ------------------------------------------------------------------------------------------- JSON lines

compact_json = project_json.compact_json


def project_json_lines(session: Session, *, county: str | None = None, table: int | None = None) -> Iterator[str]:
    """Each project (in plan order) as one compact JSON text: json.dumps of its project_dicts entry.

    `county`: only the projects of that county (its county, or one of its counties); `table`: of that appendix
    table. On SQLite the text is made by the database (app.core.project_json); elsewhere from project_dicts."""
    if session.get_bind().dialect.name != "sqlite":
        for row in project_dicts(session):
            if (county is None or row["county"] == county or county in row["counties"]) and (
                table is None or row["appendix_table"] == table
            ):
                yield compact_json(row)
        return
    # The DB-API connection of the session's own connection (same transaction): its rows are plain tuples, which
    # SQLAlchemy's result layer would wrap one by one for nothing (a third of the time at 100,000 projects).
    driver = cast(sqlite3.Connection, session.connection().connection.driver_connection)
    yield from project_json.sqlite_json_lines(driver, county=county, table=table)
