"""`projects --json` on SQLite: each line is made by the database (project_listing.project_json_lines), and it
must be the very text the C encoder writes for project_dicts, whatever the rows hold."""

from __future__ import annotations

import json
import sqlite3

import pytest

from app.core import project_listing
from app.core.workspace import open_workspace

# Text that JSON must escape, text it must not, and stored values SQLAlchemy converts on reading.
AWKWARD = {
    "name": 'A "quoted" name \\ with a backslash\n\t\x07\x1b\x7f and 𝔘nicode \u2028 御河',
    "note": "",
    "scale": "\x00 nul inside",
    "content": None,
    "entities": '["\\u5927\\u540c \\"x\\"", "\\n", "plain"]',  # stored escaped, as SQLAlchemy writes JSON
    "counties": '["广灵县", "浑源县"]',
    "investment_total": 10,  # an integer in a NUMERIC column: 10.0 once read as Decimal
    "new_land_mu": 1234.5678,  # more decimals than the column's scale (3): rounded on reading
    "updated_at": "2025-01-02 03:04:05.000000",  # no fraction in isoformat
    "name_raw": '=HYPERLINK("x")',
}


def _both(session, **filters) -> tuple[list[str], list[str]]:
    fast = list(project_listing.project_json_lines(session, **filters))
    county, table = filters.get("county"), filters.get("table")
    generic = [
        project_listing.compact_json(row)
        for row in project_listing.project_dicts(session)
        if (county is None or row["county"] == county or county in row["counties"])
        and (table is None or row["appendix_table"] == table)
    ]
    return fast, generic


def test_database_made_json_is_the_encoders_text_for_awkward_rows(db_path):
    con = sqlite3.connect(db_path)
    with con:
        first, second = (r[0] for r in con.execute("SELECT id FROM projects ORDER BY code LIMIT 2"))
        assignments = ", ".join(f"{column} = ?" for column in AWKWARD)
        con.execute(f"UPDATE projects SET {assignments} WHERE id = ?", (*AWKWARD.values(), first))
        con.execute(
            "UPDATE projects SET investment_total = 0.1, new_land_mu = 0, appendix_table = NULL,"
            " updated_at = '2025-06-30 23:59:59.123456' WHERE id = ?",
            (second,),
        )
        con.execute("UPDATE review_flags SET resolved_at = '2025-03-04 05:06:07.000001', resolution_note = 'ok\"'")
    con.close()
    ws = open_workspace(db_path, seed=False, create=False, user="test")
    try:
        with ws.session() as session:
            fast, generic = _both(session)
            assert len(fast) == 68
            assert fast == generic
            assert any('"flags":[{' in line for line in fast)  # the seeded review flags are in it
            awkward = json.loads(next(line for line in fast if first in line))
            assert awkward["investment_total"] == 10.0 and awkward["new_land_mu"] == 1234.568
            assert awkward["entities"] == ['大同 "x"', "\n", "plain"] and awkward["updated_at"] == "2025-01-02T03:04:05"
            for county, table in (("广灵县", None), ("广灵县", 2), (None, 3), ("no such county", None)):
                fast, generic = _both(session, county=county, table=table)
                assert fast == generic
    finally:
        ws.close()


@pytest.mark.parametrize(("args", "count"), [((), 68), (("--table", "2"), 10), (("--county", "no such county"), 0)])
def test_projects_json_framing_is_unchanged(cli, db_path, args, count):
    """One object per line between the brackets; an empty list is `[]`; the output parses back."""
    code, out, err = cli("projects", "--json", *args, db=db_path)
    assert code == 0, err
    assert len(json.loads(out)) == count
    if count:
        lines = out.splitlines()
        assert lines[0] == "[" and lines[-1] == "]" and len(lines) == count + 2
    else:
        assert out == "[]\n"
