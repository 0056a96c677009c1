"""Schema creation and migration, SQLite safety, refusal of newer schemas, idempotent seeding."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError

from app.db import migrate
from app.db.engine import DatabaseError, open_database
from app.db.models import AuditEntry, Indicator, Project, QuarterlyProgress, ReviewFlag


def test_migrates_an_empty_file_to_head(new_db_path):
    db = open_database(new_db_path)
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        tables = set(inspect(db.engine).get_table_names())
        assert {
            "projects",
            "milestones",
            "quarterly_progress",
            "reporting_periods",
            "coordination_issues",
            "indicators",
            "indicator_values",
            "audit_entries",
            "review_flags",
            "counties",
            "departments",
        } <= tables
    finally:
        db.dispose()


def test_foreign_keys_are_enforced_on_sqlite(workspace):
    with pytest.raises(IntegrityError), workspace.session() as s:
        s.add(QuarterlyProgress(project_id="no-such-project", period="2025Q3"))
        s.flush()


def test_wal_journal_on_local_disk(workspace):
    with workspace.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_network_paths_are_detected():
    from pathlib import Path

    from app.db.engine import is_network_path

    assert is_network_path(Path(r"\\server\share\portfolio.sqlite3"))
    assert is_network_path(Path("//server/share/portfolio.sqlite3"))
    assert not is_network_path(Path("/tmp/portfolio.sqlite3"))


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_newer_schema_is_refused_and_left_untouched(workspace, db_path):
    workspace.close()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = _sha(db_path)
    with pytest.raises(DatabaseError, match="更新版本"):
        open_database(db_path)
    assert _sha(db_path) == before


def test_foreign_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="不是本程序的数据库"):
        open_database(path)


def test_garbage_file_is_refused(tmp_path):
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError):
        open_database(path)
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_online_backup_copies_a_consistent_database(workspace, _isolated_data_dir):
    backup = migrate.backup_sqlite(workspace.db, "manual")
    assert backup is not None and backup.parent == _isolated_data_dir / "backups"
    con = sqlite3.connect(backup)
    try:
        assert con.execute("SELECT count(*) FROM projects").fetchone()[0] == 68
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def test_seeding_twice_adds_nothing(workspace):
    def counts():
        with workspace.session() as s:
            return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Project, Indicator, ReviewFlag))

    first = counts()
    assert first == (68, 30, 143)
    result = workspace.seed()
    assert not result.changed
    assert counts() == first


def test_seeding_keeps_officer_edits(workspace):
    from app.core.projects import get_project, update_project

    with workspace.session() as s:
        pid = get_project(s, code="附表2-03").id
        update_project(s, pid, {"investment_total": "0.02"}, user="officer")
    workspace.seed()
    with workspace.session() as s:
        p = get_project(s, code="附表2-03")
        assert str(p.investment_total.normalize()) == "0.02" and p.version == 2
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.field == "investment_total")) == 1


def test_upgrade_backs_up_first_and_keeps_data(workspace, db_path, tmp_path, monkeypatch, _isolated_data_dir):
    """A real upgrade: the shipped migrations plus one more revision (as a future release would add).
    Opening the existing 0001 database must copy it to the backups folder first, then migrate in place."""
    import shutil

    from sqlalchemy import text

    workspace.close()
    shipped_head = migrate.head_revision()  # the future revision follows whatever the program ships today
    future = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, future, ignore=shutil.ignore_patterns("__pycache__"))
    (future / "versions" / "0002_test_column.py").write_text(
        '"""test: a later release adds a column"""\n'
        "from alembic import op\nimport sqlalchemy as sa\n\n"
        f"revision = '0002_test'\ndown_revision = '{shipped_head}'\nbranch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade():\n"
        "    with op.batch_alter_table('projects') as batch:\n"
        "        batch.add_column(sa.Column('future_note', sa.Text(), nullable=True))\n\n\n"
        "def downgrade():\n"
        "    with op.batch_alter_table('projects') as batch:\n"
        "        batch.drop_column('future_note')\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", future)

    db = open_database(db_path)
    try:
        assert migrate.current_revision(db) == "0002_test"
        assert db.backup_path is not None and db.backup_path.parent == _isolated_data_dir / "backups"
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM projects")).scalar() == 68
            assert conn.execute(text("SELECT count(*) FROM project_lead_departments")).scalar() > 0
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert "future_note" in {c["name"] for c in inspect(db.engine).get_columns("projects")}
    finally:
        db.dispose()
    con = sqlite3.connect(db.backup_path)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == shipped_head
        assert con.execute("SELECT count(*) FROM projects").fetchone()[0] == 68
    finally:
        con.close()
