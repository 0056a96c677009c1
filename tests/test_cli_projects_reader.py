"""`projects --json` on a current SQLite file reads through a plain DB-API connection (app.core.reading), without
SQLAlchemy or the mapped models; its output is the very text the generic path (ORM, project_dicts, C encoder)
writes, and whenever opening the workspace would change the database (seed, counties, upgrade) the command
still opens it that way."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from app.core import project_listing, reading
from app.core import workspace as workspace_module
from app.core.workspace import open_workspace
from app.db import migrate, sqlite_reader

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "db"

# Text that JSON must escape, stored values SQLAlchemy converts on reading, and arrays stored escaped.
AWKWARD = {
    "name": 'A "quoted" name \\ with a backslash\n\t\x07\x1b\x7f and 𝔘nicode \u2028 御河',
    "scale": "\x00 nul inside",
    "content": None,
    "entities": '["\\u5927\\u540c \\"x\\"", "\\n", "plain"]',
    "counties": "null",
    "investment_total": 10,
    "new_land_mu": 1234.5678,
    "updated_at": "2025-01-02 03:04:05.000000",
    "note": "",
}


def _generic_output(db_path: Path, *, county: str | None = None, table: int | None = None) -> str:
    """What the command wrote before it read without the ORM: the ORM's project_dicts through the C encoder,
    one object per line between the brackets."""
    ws = open_workspace(db_path, create=False, user="test")
    try:
        with ws.session() as session:
            lines = [
                project_listing.compact_json(row)
                for row in project_listing.project_dicts(session)
                if (county is None or row["county"] == county or county in row["counties"])
                and (table is None or row["appendix_table"] == table)
            ]
    finally:
        ws.close()
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


def _make_awkward(db_path: Path) -> None:
    with closing(sqlite3.connect(db_path)) as con, con:
        first, second, third = (r[0] for r in con.execute("SELECT id FROM projects ORDER BY code LIMIT 3"))
        assignments = ", ".join(f"{column} = ?" for column in AWKWARD)
        con.execute(f"UPDATE projects SET {assignments} WHERE id = ?", (*AWKWARD.values(), first))
        con.execute(
            "UPDATE projects SET investment_total = 0.1, new_land_mu = 0, appendix_table = NULL,"
            " updated_at = '2025-06-30 23:59:59.123456' WHERE id = ?",
            (second,),
        )
        # Three lead departments whose order (position) is the reverse of their ids' order.
        departments = [r[0] for r in con.execute("SELECT id FROM departments ORDER BY id LIMIT 3")]
        con.execute("DELETE FROM project_lead_departments WHERE project_id = ?", (third,))
        con.executemany(
            "INSERT INTO project_lead_departments (project_id, department_id, position) VALUES (?, ?, ?)",
            [(third, department, 3 - n) for n, department in enumerate(departments)],
        )
        con.execute("UPDATE review_flags SET resolved_at = '2025-03-04 05:06:07.000001', resolution_note = 'ok\"'")


def _forbid_workspace(monkeypatch) -> None:
    def refuse(*_args, **_kwargs):
        raise AssertionError("the workspace was opened")

    monkeypatch.setattr(workspace_module, "open_workspace", refuse)


@pytest.mark.parametrize(
    "filters", [(), ("--county", "广灵县"), ("--table", "2"), ("--county", "广灵县", "--table", "2")], ids=str
)
def test_output_is_the_generic_paths_text_byte_for_byte(cli, db_path, monkeypatch, filters):
    _make_awkward(db_path)
    county = filters[filters.index("--county") + 1] if "--county" in filters else None
    table = int(filters[filters.index("--table") + 1]) if "--table" in filters else None
    expected = _generic_output(db_path, county=county, table=table)
    assert expected.count("\n") > 2 and '"flags":[{' in _generic_output(db_path)
    _forbid_workspace(monkeypatch)  # the listing below must not open the workspace (nor import the ORM)
    code, out, err = cli("projects", "--json", *filters, db=db_path)
    assert code == 0, err
    assert out == expected


def test_listing_imports_neither_sqlalchemy_nor_the_models(db_path):
    probe = (
        "import sys\n"
        "from app import cli\n"
        f"code = cli.main(['--db', {str(db_path)!r}, 'projects', '--json'])\n"
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')"
        " or m in ('app.db.models', 'app.core.workspace', 'app.db.engine')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8", cwd=REPO, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "0 []"


def test_a_database_without_projects_is_still_seeded_first(cli, db_path):
    with closing(sqlite3.connect(db_path)) as con, con:
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("DELETE FROM projects")
    assert reading.open_reader(db_path) is None
    code, out, err = cli("projects", "--json", db=db_path)
    assert code == 0, err
    assert out.count('"code":') == 68  # as before: an empty database is seeded from the appendix, then listed


def test_a_missing_county_is_still_added_before_listing(cli, db_path):
    with closing(sqlite3.connect(db_path)) as con, con:
        unused = con.execute("SELECT name FROM counties WHERE name NOT IN (SELECT county FROM projects)").fetchone()[0]
        con.execute("DELETE FROM counties WHERE name = ?", (unused,))
    assert reading.open_reader(db_path) is None
    code, _out, err = cli("projects", "--json", db=db_path)
    assert code == 0, err
    with closing(sqlite3.connect(db_path)) as con:
        assert con.execute("SELECT count(*) FROM counties WHERE name = ?", (unused,)).fetchone()[0] == 1


def test_an_older_schema_is_upgraded_before_listing(cli, tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "schema_0002.sqlite3", path)
    assert reading.open_reader(path) is None
    code, out, err = cli("projects", "--json", db=path)
    assert code == 0, err
    assert out.count('"code":') == 68
    with closing(sqlite3.connect(path)) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.head_revision()


def test_the_reader_cannot_write(db_path):
    connection = sqlite_reader.open_reader(db_path)
    assert connection is not None
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            connection.execute("DELETE FROM projects")
    finally:
        connection.close()
    with closing(sqlite3.connect(db_path)) as con:
        assert con.execute("SELECT count(*) FROM projects").fetchone()[0] == 68


@pytest.mark.parametrize("name", ["missing.sqlite3", "folder"])
def test_no_reader_for_what_the_ordinary_open_must_explain(tmp_path, name):
    (tmp_path / "folder").mkdir()
    assert reading.open_reader(tmp_path / name) is None
    assert reading.open_reader("sqlite:///" + str(tmp_path / name)) is None
