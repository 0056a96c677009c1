"""Upgrades: every past schema revision has a committed fixture database (tests/fixtures/db/), and each one is
opened the way the program opens a database (backup, migration, checks), with every row compared before and
after. Deciding that no migration is due costs one query and does not import Alembic."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from app.core import progress, projects
from app.core.workspace import open_workspace
from app.db import migrate

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "db"
REPO = Path(__file__).resolve().parent.parent
FIXTURE_FILES = sorted(FIXTURES.glob("schema_*.sqlite3"))


def _revision_of(path: Path) -> str:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as con:
        return str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def _snapshot(path: Path) -> dict[str, dict[tuple, dict[str, object]]]:
    """Every row of every table (except Alembic's own), keyed by primary key (or the whole row)."""
    data: dict[str, dict[tuple, dict[str, object]]] = {}
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as con:
        con.row_factory = sqlite3.Row
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "AND name != 'alembic_version'"
            )
        ]
        for table in tables:
            info = con.execute(f'PRAGMA table_info("{table}")').fetchall()
            key = [c["name"] for c in sorted(info, key=lambda c: c["pk"]) if c["pk"]] or [c["name"] for c in info]
            rows = {}
            for row in con.execute(f'SELECT * FROM "{table}"'):
                record = dict(row)
                rows[tuple(record[k] for k in key)] = record
            data[table] = rows
    return data


def test_every_known_revision_has_a_fixture():
    """A release that adds a migration must first commit the fixture of the schema it replaces
    (python tests/fixtures/db/make_fixture.py)."""
    revisions = {_revision_of(path) for path in FIXTURE_FILES}
    assert revisions == migrate.known_revisions()
    for path in FIXTURE_FILES:
        assert path.name == f"schema_{_revision_of(path)}.sqlite3"


def test_revision_chain_read_from_files_matches_alembic():
    """The cheap reading of the migration files (used at every start) agrees with Alembic's own."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    alembic_chain = [rev.revision for rev in script.walk_revisions()][::-1]
    assert migrate.revision_chain() == alembic_chain
    assert migrate.head_revision() == script.get_current_head()


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_database_upgrades_with_its_data(fixture, tmp_path):
    path = tmp_path / "office.sqlite3"
    shutil.copy(fixture, path)
    before = _snapshot(path)
    assert before["projects"] and before["quarterly_progress"] and before["audit_entries"]

    ws = open_workspace(path, create=False)
    try:
        assert not ws.created and not ws.read_only
        assert migrate.current_revision(ws.db) == migrate.head_revision()
        with ws.session() as s:  # the current code reads what the old schema stored
            assert len(projects.list_projects(s)) == len(before["projects"])
            project = projects.get_project(s, code="附表1-02")
            reported = progress.cumulative_invested(s, project.id, "2025Q3")
            stored = [r for r in before["quarterly_progress"].values() if r["project_id"] == project.id]
            assert reported is not None and stored
            assert float(reported) == pytest.approx(sum(float(r["invested"] or 0) for r in stored))
    finally:
        ws.close()

    after = _snapshot(path)
    for table, rows in before.items():
        assert table in after, f"table {table} disappeared"
        assert after[table].keys() == rows.keys(), f"rows of {table} changed"
        for key, old in rows.items():
            new = after[table][key]
            kept = {column: new.get(column) for column in old}
            assert kept == old, f"{table} {key}: {old} -> {kept}"
    with closing(sqlite3.connect(path)) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.head_revision()


def test_opening_a_current_database_does_not_import_alembic(db_path):
    """Alembic costs about a second of imports; it is loaded only when a migration is due."""
    code = (
        "import sys\n"
        "from app.core.workspace import open_workspace\n"
        f"ws = open_workspace({str(db_path)!r}, create=False)\n"
        "ws.close()\n"
        "print(sorted(m for m in sys.modules if m == 'alembic' or m.startswith('alembic.')))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
