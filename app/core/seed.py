"""Load seed/appendix_projects.xlsx into a database. Idempotent: rows already present (by id) are left
alone, so seeding again never duplicates anything and never overwrites an officer's edits."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import reference as ref
from app.core.seed_workbook import (
    INDICATOR_COLUMNS,
    LIST_SEPARATOR,
    PROJECT_COLUMNS,
    REVIEW_COLUMNS,
    SHEET_INDICATORS,
    SHEET_PROJECTS,
    SHEET_REVIEW,
    Column,
)
from app.db.models import (
    AuditEntry,
    County,
    Department,
    Indicator,
    Project,
    ProjectLeadDepartment,
    ReviewFlag,
)

log = logging.getLogger(__name__)


class SeedError(Exception):
    pass


@dataclass
class SeedResult:
    projects_added: int = 0
    indicators_added: int = 0
    flags_added: int = 0
    departments_added: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.projects_added or self.indicators_added or self.flags_added or self.departments_added)


def _convert(column: Column, value: Any) -> Any:
    """A cell's value in the type its column declares (list, int, Decimal, text); blank is None or []."""
    if value is None or value == "":
        return [] if column.kind == "list" else None
    if column.kind == "list":
        return [part for part in str(value).split(LIST_SEPARATOR) if part]
    if column.kind == "int":
        return int(value)
    if column.kind == "number":
        # Excel keeps doubles; 4 decimals is the precision the plan uses (亿元 to 4 places).
        return Decimal(repr(float(value))).quantize(Decimal("0.0001")).normalize()
    return str(value)


def read_sheet(workbook_path: Path, sheet: str, columns: list[Column]) -> list[dict[str, Any]]:
    # Imported here: openpyxl (and numpy behind it) costs seconds at start, and only seeding reads a workbook.
    from openpyxl import load_workbook

    wb = load_workbook(workbook_path, read_only=True, data_only=True)
    try:
        if sheet not in wb.sheetnames:
            raise SeedError(f"seed workbook {workbook_path} has no sheet {sheet!r}")
        rows = wb[sheet].iter_rows(values_only=True)
        header = list(next(rows, []))
        labels = [c.label for c in columns]
        missing = [label for label in labels if label not in header]
        if missing:
            raise SeedError(f"seed workbook sheet {sheet!r} lacks columns: {', '.join(missing)}")
        index = {label: header.index(label) for label in labels}
        out = []
        for row in rows:
            if row is None or all(v is None for v in row):
                continue
            out.append({c.key: _convert(c, row[index[c.label]]) for c in columns})
        return out
    finally:
        wb.close()


def ensure_counties(session: Session) -> None:
    # Run at every opening of a database: the check is a Core query on the session's connection, which needs
    # no ORM compilation nor the mappers' configuration (~80 ms on the first ORM query of a process); the ORM
    # is used only when a county is missing.
    existing = set(session.connection().execute(select(County.__table__.c.name)).scalars())
    for order, (name, kind) in enumerate(ref.COUNTIES):
        if name not in existing:
            session.add(County(name=name, kind=kind, sort_order=order))
    session.flush()


def department_county(name: str) -> str:
    found = ref.find_counties(name)
    return found[0] if len(found) == 1 else ref.CITY_LEVEL


def get_or_create_department(session: Session, name: str, result: SeedResult | None = None) -> Department:
    dept = session.scalar(select(Department).where(Department.name == name))
    if dept is None:
        dept = Department(name=name, county=department_county(name))
        session.add(dept)
        session.flush()
        if result is not None:
            result.departments_added += 1
    return dept


def seed_database(session: Session, workbook_path: Path, user: str = "seed") -> SeedResult:
    """Add whatever the workbook has that the database lacks. Call inside one transaction."""
    if not workbook_path.is_file():
        raise SeedError(f"seed workbook not found: {workbook_path}")
    result = SeedResult()
    ensure_counties(session)
    projects = read_sheet(workbook_path, SHEET_PROJECTS, PROJECT_COLUMNS)
    indicators = read_sheet(workbook_path, SHEET_INDICATORS, INDICATOR_COLUMNS)
    flags = read_sheet(workbook_path, SHEET_REVIEW, REVIEW_COLUMNS)

    existing_projects = set(session.scalars(select(Project.id)))
    code_to_id = dict(session.execute(select(Project.code, Project.id)).all())
    project_fields = {c.key for c in PROJECT_COLUMNS} - {
        "lead_departments",
        "appendix_table_title",
        "appendix_group_title",
        "flag_count",
    }
    for row in projects:
        if row["id"] in existing_projects:
            continue
        if row["code"] in code_to_id:
            raise SeedError(f"project code {row['code']} exists with another id; refusing to seed over it")
        project = Project(**{k: row[k] for k in project_fields}, updated_by=user)
        for position, name in enumerate(row["lead_departments"]):
            project.lead_links.append(
                ProjectLeadDepartment(department=get_or_create_department(session, name, result), position=position)
            )
        session.add(project)
        session.add(
            AuditEntry(
                user=user,
                entity_type="project",
                entity_id=row["id"],
                project_id=row["id"],
                field=None,
                new_value=row["code"],
                source="seed",
                source_detail=workbook_path.name,
            )
        )
        code_to_id[row["code"]] = row["id"]
        result.projects_added += 1
    session.flush()

    existing_indicators = set(session.scalars(select(Indicator.id)))
    seq_to_id = dict(session.execute(select(Indicator.seq, Indicator.id)).all())
    for row in indicators:
        seq_to_id.setdefault(row["seq"], row["id"])
        if row["id"] in existing_indicators:
            continue
        row = dict(row, binding=bool(row["binding"]))
        session.add(Indicator(**row))
        result.indicators_added += 1
    session.flush()

    existing_flags = set(session.scalars(select(ReviewFlag.id)))
    for row in flags:
        if row["id"] in existing_flags:
            continue
        subject = row["subject"]
        project_id = code_to_id.get(subject)
        indicator_id = seq_to_id.get(int(subject[2:])) if subject.startswith("指标") else None
        if project_id is None and indicator_id is None:
            raise SeedError(f"review finding {row['id']} refers to unknown {subject!r}")
        session.add(
            ReviewFlag(
                id=row["id"],
                project_id=project_id,
                indicator_id=indicator_id,
                rule=row["rule"],
                field=row["field"],
                severity=row["severity"],
                message=row["message"],
            )
        )
        result.flags_added += 1
    session.flush()
    log.info("seeded: %s", result)
    return result
