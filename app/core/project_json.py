"""`projects --json` on SQLite: each project's JSON text made by the database, read through the DB-API alone.

SQLite's JSON functions are C, like `sqlite3 -json`; the text is the same, byte for byte, as the C encoder's for
project_listing.project_dicts (tests/test_project_listing_json.py): the same key order, amounts rounded to their
column's scale as SQLAlchemy's Numeric does, datetimes in isoformat, the JSON arrays of entities/counties
re-encoded (not copied: the stored text escapes CJK as \\uXXXX). This module imports neither SQLAlchemy nor the
mapped models, so a command that only lists a current database does not pay for them (app.core.reading).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from app.core import reference as ref
from app.core.gc_pause import gc_paused

# The C encoder, compact: what `projects --json` writes for each project.
compact_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode


def _iso(column: str) -> str:
    """A stored DateTime ("YYYY-MM-DD HH:MM:SS.ffffff") as datetime.isoformat() of the value SQLAlchemy reads."""
    return (
        f"CASE WHEN substr({column}, 20) = '.000000' THEN replace(substr({column}, 1, 19), ' ', 'T')"
        f" ELSE replace({column}, ' ', 'T') END"
    )


# A project's JSON in pieces, joined in Python around what is cheaper there: the review flags (few), the lead
# departments (in their order; one table scan instead of a correlated subquery per project, which was a third
# of the query), and the entities/counties arrays (stored escaped, `["\\u5927..."]`: re-encoded once per distinct
# stored text; a portfolio has a few dozen).
_PROJECTS = f"""
SELECT p.id,
 json_object('id', p.id, 'code', p.code, 'appendix_table', p.appendix_table, 'appendix_group', p.appendix_group,
  'appendix_category', {{category}}, 'row', p.row_no, 'name', p.name, 'scale', p.scale, 'content', p.content),
 p.entities,
 json_object('location', p.location, 'county', p.county),
 p.counties,
 json_object('investment_total', round(p.investment_total, 4), 'new_land_mu', round(p.new_land_mu, 3)),
 json_object('status', p.status, 'note', p.note),
 json_object('raw', json_object('name', p.name_raw, 'scale', p.scale_raw, 'content', p.content_raw,
   'entities', p.entities_raw, 'location', p.location_raw, 'investment_total', p.investment_raw,
   'new_land_mu', p.new_land_raw, 'lead_departments', p.lead_departments_raw),
  'source_line', p.source_line, 'version', p.version, 'updated_at', {_iso("p.updated_at")},
  'updated_by', p.updated_by)
FROM projects p {{where}}
ORDER BY p.appendix_table, p.row_no, p.code
"""

_FLAGS = f"""
SELECT project_id, id, rule, field, severity, message, state, resolution_note, resolved_by, {_iso("resolved_at")}
FROM review_flags WHERE project_id IS NOT NULL ORDER BY project_id, rule, id
"""


def _flag_texts(connection: sqlite3.Connection) -> dict[str, str]:
    """Project id -> the JSON text of its review flags (by rule), as project_listing's flag dicts encode."""
    flags: dict[str, list[dict[str, Any]]] = {}
    for flagged, *columns in connection.execute(_FLAGS):
        flags.setdefault(flagged, []).append(flag_dict(*columns))
    return {pid: compact_json(items) for pid, items in flags.items()}


def flag_dict(
    fid: Any, rule: Any, field: Any, severity: Any, message: Any, state: Any, note: Any, by: Any, at: str | None
) -> dict[str, Any]:
    """One review flag as `projects --json` lists it (`at`: the resolution time as ISO text, or None)."""
    return dict(
        id=fid,
        rule=rule,
        field=field,
        severity=severity,
        message=message,
        state=state,
        resolution_note=note,
        resolved_by=by,
        resolved_at=at,
    )


def _lead_texts(connection: sqlite3.Connection) -> dict[str, str]:
    """Project id -> the JSON text of its lead departments' names, in their order (ties: by department id, as
    the primary key's index would give them)."""
    names = dict(connection.execute("SELECT id, name FROM departments"))
    by_project: dict[str, list[tuple[int, int]]] = {}
    for pid, position, department in connection.execute(
        "SELECT project_id, position, department_id FROM project_lead_departments"
    ):
        by_project.setdefault(pid, []).append((position, department))
    texts: dict[tuple[int, ...], str] = {}  # the same departments in the same order: one text
    leads: dict[str, str] = {}
    for pid, pairs in by_project.items():
        key = tuple(department for _position, department in sorted(pairs) if department in names)
        text = texts.get(key)
        if text is None:
            text = texts[key] = compact_json([names[department] for department in key])
        leads[pid] = text
    return leads


class _ListTexts(dict[str | None, str]):
    """Stored JSON array text -> the compact text of list(json.loads(stored) or []), as project_dicts gives it
    (SQLAlchemy's JSON type loads it; NULL is an empty list). Computed once per distinct stored text."""

    def __missing__(self, stored: str | None) -> str:
        text = self[stored] = compact_json(list(json.loads(stored) or [])) if stored is not None else "[]"
        return text


def sqlite_json_lines(
    connection: sqlite3.Connection, *, county: str | None = None, table: int | None = None
) -> Iterator[str]:
    """Each project (in plan order) as one compact JSON text: json.dumps of its project_dicts entry.

    `county`: only the projects of that county (its county, or one of its counties); `table`: of that appendix
    table. Run it inside one read transaction: the flags, the lead departments and the projects are three
    statements."""
    flags = _flag_texts(connection)
    leads = _lead_texts(connection)
    known = list(ref.APPENDIX_TABLES)
    category = (
        "CASE "
        + " ".join("WHEN p.appendix_table = ? THEN ?" for _ in known)
        + " WHEN p.appendix_table IS NULL THEN ? END"
    )
    parameters: list[Any] = [value for number in known for value in (number, ref.appendix_label(number))]
    parameters.append(ref.appendix_label(None))
    conditions = []
    if county is not None:
        conditions.append("(p.county = ? OR EXISTS (SELECT 1 FROM json_each(p.counties) WHERE value = ?))")
        parameters += [county, county]
    if table is not None:
        conditions.append("p.appendix_table = ?")
        parameters.append(table)
    where = "WHERE " + " AND ".join(conditions) if conditions else ""
    cursor = connection.execute(_PROJECTS.format(category=category, where=where), parameters)
    lists = _ListTexts()
    empty = "[]"
    with gc_paused():
        for pid, head, entities, place, counties, amounts, state, tail in cursor:
            yield (
                f'{head[:-1]},"entities":{lists[entities]},{place[1:-1]},"counties":{lists[counties]},'
                f'{amounts[1:-1]},"lead_departments":{leads.get(pid, empty)},{state[1:-1]},'
                f'"flags":{flags.get(pid, empty)},{tail[1:]}'
            )
