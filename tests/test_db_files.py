"""Which file is opened, when one is created, and that a refused or damaged file is left exactly as it was."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from app.core.workspace import open_workspace
from app.db import migrate
from app.db.engine import DatabaseError, DatabaseMissingError, open_database


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _progress_physical(path: Path, code: str, period: str) -> str | None:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as con:
        row = con.execute(
            "SELECT q.physical_progress FROM quarterly_progress q JOIN projects p ON p.id = q.project_id "
            "WHERE p.code = ? AND q.period = ?",
            (code, period),
        ).fetchone()
    return row[0] if row else None


@pytest.mark.parametrize("name", ["portfolio%202025.sqlite3", "季度?报#2.sqlite3", "100%.sqlite3"])
def test_a_path_with_url_characters_is_that_file(cli, db_path, tmp_path, name):
    """The reported defect: `--db "portfolio%202025.sqlite3"` created and wrote `portfolio 2025.sqlite3`."""
    folder = tmp_path / "office"
    folder.mkdir()
    target = folder / name
    shutil.copy(db_path, target)
    code, _out, err = cli(
        "progress", "set", "--code", "附表1-02", "--period", "2025Q3", "--physical", "按名打开", db=target
    )
    assert code == 0, err
    assert _progress_physical(target, "附表1-02", "2025Q3") == "按名打开"
    leftovers = {p.name for p in folder.iterdir()} - {name, f"{name}-wal", f"{name}-shm"}
    assert leftovers == set(), f"another file was written: {leftovers}"


def test_init_creates_the_file_with_the_name_given(cli, tmp_path):
    target = tmp_path / "portfolio%202025.sqlite3"
    code, out, err = cli("init", db=target)
    assert code == 0, err
    assert target.is_file() and not (tmp_path / "portfolio 2025.sqlite3").exists()
    assert str(target) in out  # the message names the file that was written
    with closing(sqlite3.connect(f"{target.as_uri()}?mode=ro", uri=True)) as con:
        assert con.execute("SELECT count(*) FROM projects").fetchone()[0] == 68


@pytest.mark.parametrize(
    "args",
    [
        ("progress", "set", "--code", "附表1-02", "--period", "2025Q3", "--physical", "x"),
        ("projects", "--json"),
        ("milestone", "add", "--code", "附表1-02", "--title", "开工"),
    ],
    ids=lambda a: a[0],
)
def test_only_init_creates_a_database(cli, tmp_path, args):
    """The reported defect: a write command on a mistyped path silently created and seeded a new database."""
    target = tmp_path / "mistyped.sqlite3"
    code, out, err = cli(*args, db=target)
    assert code != 0
    assert "database file not found" in err and "run init" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert list(tmp_path.iterdir()) == []


def test_open_with_and_without_create(tmp_path):
    path = tmp_path / "new.sqlite3"
    with pytest.raises(DatabaseMissingError, match="run init"):
        open_database(path, create=False)
    assert not path.exists()
    path.write_bytes(b"")
    with pytest.raises(DatabaseMissingError, match="empty"):
        open_workspace(path, create=False)
    assert path.stat().st_size == 0
    ws = open_workspace(path, create=True, seed=False)
    try:
        assert ws.created and not ws.read_only
    finally:
        ws.close()
    ws = open_workspace(path, create=False, seed=False)
    try:
        assert not ws.created
    finally:
        ws.close()


def _foreign_database(path: Path) -> None:
    with closing(sqlite3.connect(path)) as con:
        con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        con.execute("INSERT INTO customers (name) VALUES ('某公司')")
        con.commit()


def _newer_database(source: Path, path: Path) -> None:
    """Our database as a future program leaves it, in rollback-journal mode (as any copy tool may leave it)."""
    shutil.copy(source, path)
    with closing(sqlite3.connect(path)) as con:
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("UPDATE alembic_version SET version_num = '9999_future'")
        con.commit()


@pytest.mark.parametrize("kind", ["foreign", "newer"])
def test_a_refused_database_is_not_modified(db_path, tmp_path, kind):
    """The reported defect: the file was refused ("…不会修改它") after the connection had already switched it
    to WAL mode. Now the file is only read until it is accepted: the bytes are the same, no -wal/-shm appear."""
    folder = tmp_path / "refused"
    folder.mkdir()
    path = folder / "refused.sqlite3"
    if kind == "foreign":
        _foreign_database(path)
    else:
        _newer_database(db_path, path)
    before = _sha(path)
    with pytest.raises(DatabaseError, match="不是本程序的数据库" if kind == "foreign" else "更新版本"):
        open_workspace(path)
    assert _sha(path) == before
    assert path.read_bytes()[18] == 1, "the journal mode in the header was changed"
    assert sorted(p.name for p in folder.iterdir()) == ["refused.sqlite3"]


def test_a_garbage_file_is_refused_with_its_own_words_and_left_alone(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes("会议纪要\n".encode() * 500)
    before = _sha(path)
    with pytest.raises(DatabaseError, match="不是有效的数据库文件"):
        open_workspace(path)
    assert _sha(path) == before


def _corrupt_table_pages(path: Path, table: str) -> None:
    """Overwrite the root page of a table with junk, as a bad sector or an interrupted copy would."""
    with closing(sqlite3.connect(path)) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(bytes([0x0D]) + b"\xff\x13" * (page_size // 2 - 1))


def test_check_reports_a_damaged_page_instead_of_crashing(cli, db_path):
    _corrupt_table_pages(db_path, "projects")
    before = _sha(db_path)
    code, out, err = cli("check", db=db_path)
    assert code != 0
    assert "Traceback" not in err, err
    assert "problem:" in err and "damaged" in err
    assert _sha(db_path) == before  # check reads; it does not try to repair or migrate


def test_a_damaged_database_gives_one_line_in_other_commands(cli, db_path):
    _corrupt_table_pages(db_path, "projects")
    code, out, err = cli("projects", "--json", db=db_path)
    assert code != 0 and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    assert "损坏" in err or "damaged" in err


def test_revision_check_does_not_need_alembic(db_path):
    """The revisions are read from the migration files; the database's with one query."""
    db = open_database(db_path, create=False)
    try:
        assert migrate.current_revision(db) == migrate.head_revision() == migrate.revision_chain()[-1]
    finally:
        db.dispose()
