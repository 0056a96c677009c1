"""SIGKILL in the middle of a backup, a restore and an xlsx import (real CLI subprocesses, a database large
enough that the kill lands mid-copy): the database stays intact and is either as before or as after, and
nothing left behind blocks the next attempt."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from app.core import backups, projects
from app.core.workspace import open_workspace
from app.exchange import layout
from tests.conftest import REPO
from tests.fixtures.exchange.support import header_map, set_field

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")

CODE = "附表2-03"
CONTENT_TABLES = ("projects", "quarterly_progress", "milestones", "coordination_issues", "reporting_periods")
FILLER_ROWS = 160  # x 250 KB of audit text: a 40 MB database, copied in a few seconds on a slow machine


VOLATILE_COLUMNS = {"id", "created_at", "updated_at"}  # new per run: two complete imports differ only there


def content_digest(path: Path) -> str:
    """Every row of the tables people edit, without ids and timestamps, plus the number of audit entries an
    import wrote (not the whole audit log, which a restore extends by one entry)."""
    digest = hashlib.sha256()
    con = sqlite3.connect(path)
    try:
        for table in CONTENT_TABLES:
            names = [row[1] for row in con.execute(f"PRAGMA table_info({table})") if row[1] not in VOLATILE_COLUMNS]
            rows = sorted(repr(row) for row in con.execute(f"SELECT {', '.join(names)} FROM {table}"))
            digest.update(f"|{table}|{len(rows)}|".encode())
            for row in rows:
                digest.update(row.encode())
        imported = con.execute("SELECT count(*) FROM audit_entries WHERE source = 'import'").fetchone()[0]
        digest.update(f"|audit from imports|{imported}".encode())
    finally:
        con.close()
    return digest.hexdigest()


def integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def set_name(db_path: Path, name: str) -> None:
    ws = open_workspace(db_path)
    try:
        with ws.session() as s:
            project = projects.get_project(s, code=CODE)
            projects.update_project(s, project.id, {"name": name}, user="测试员")
    finally:
        ws.close()


def start_cli(db_path: Path, *args: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "--db", str(db_path), *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(proc: subprocess.Popen[bytes], ready, timeout: float = 120) -> bool:
    """Poll until ready() is true (True) or the process ended first (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.002)
    proc.kill()
    pytest.fail("the operation never reached the point to interrupt")


def kill(proc: subprocess.Popen[bytes]) -> bool:
    """SIGKILL unless it already ended; True when it was killed."""
    if proc.poll() is not None:
        return False
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return proc.returncode == -signal.SIGKILL


def kill_when(proc: subprocess.Popen[bytes], ready) -> bool:
    return wait_for(proc, ready) and kill(proc)


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


@pytest.fixture
def big_db(db_path) -> Path:
    ws = open_workspace(db_path)
    ws.close()
    con = sqlite3.connect(db_path)
    con.execute(
        "INSERT INTO audit_entries (at, user, entity_type, entity_id, field, new_value, source) "
        "SELECT datetime('now'), 'filler', 'filler', 'x', NULL, hex(randomblob(125000)), 'filler' "
        f"FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {FILLER_ROWS}) "
        "SELECT i FROM n)"
    )
    con.commit()
    con.close()
    assert db_path.stat().st_size > 35_000_000
    return db_path


def test_backup_killed_midway_leaves_nothing_that_blocks_the_next(big_db):
    before = content_digest(big_db)
    folder = backups.backup_folder(big_db)
    proc = start_cli(big_db, "backups", "now")

    killed = kill_when(proc, lambda: any(file_size(p) > 4_000_000 for p in folder.glob(".*.tmp")))

    assert killed, proc.stderr.read().decode() if proc.stderr else ""
    assert backups.list_backups(big_db) == []  # the half-written copy is not a backup
    assert integrity(big_db) == "ok" and content_digest(big_db) == before
    proc = start_cli(big_db, "backups", "now")
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    listed = backups.list_backups(big_db)
    assert len(listed) == 1 and integrity(listed[0].path) == "ok"
    assert content_digest(listed[0].path) == before


def test_restore_killed_midway_leaves_the_database_as_before_or_as_the_backup(big_db):
    set_name(big_db, "备份中的名称")
    ws = open_workspace(big_db)
    try:
        backup = backups.backup_now(ws, "manual")
    finally:
        ws.close()
    set_name(big_db, "恢复前的名称")
    before, restored = content_digest(big_db), content_digest(backup.path)
    assert before != restored
    wal = Path(f"{big_db}-wal")

    proc = start_cli(big_db, "restore", str(backup.path), "--yes")
    killed = kill_when(proc, lambda: file_size(wal) > 8_000_000)

    assert killed, proc.stderr.read().decode() if proc.stderr else ""
    assert integrity(big_db) == "ok"
    assert content_digest(big_db) in (before, restored)
    # whatever the kill left behind, the next restore goes through and gives the backup's data
    proc = start_cli(big_db, "restore", str(backup.path), "--yes")
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    assert integrity(big_db) == "ok" and content_digest(big_db) == restored


def _entry_workbook(db_path: Path, out: Path) -> Path:
    from app.exchange import service

    ws = open_workspace(db_path)
    try:
        service.export_entry_workbook(ws, out, period="2025Q3")
    finally:
        ws.close()
    wb = openpyxl.load_workbook(out)
    sheet = wb[layout.SHEET_PROGRESS]
    columns = header_map(sheet)
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=columns["项目编号"]).value:
            set_field(sheet, row, "本季度完成投资（亿元）", f"{row * 10}万元")
            set_field(sheet, row, "形象进度", f"第 {row} 行：主体工程施工中")
    wb.save(out)
    return out


def test_import_killed_at_any_moment_is_all_or_nothing(db_path, tmp_path):
    open_workspace(db_path).close()
    pristine = tmp_path / "pristine.sqlite3"
    shutil.copy(db_path, pristine)
    workbook = _entry_workbook(db_path, tmp_path / "全市.xlsx")
    folder = backups.backup_folder(db_path)

    done = start_cli(db_path, "import-xlsx", str(workbook))  # the complete import, for the "after" state
    assert wait_for(done, lambda: any(folder.glob("*_import.sqlite3")))
    began = time.monotonic()
    _, err = done.communicate(timeout=300)
    duration = time.monotonic() - began  # from the import's backup to the end of the process
    assert done.returncode == 0, err.decode()
    after = content_digest(db_path)
    before = content_digest(pristine)
    assert before != after

    seen = []
    for fraction in (0.1, 0.4, 0.7, 0.9):  # spread over the import: reading, checking, writing, committing
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        shutil.copy(pristine, db_path)
        shutil.rmtree(folder, ignore_errors=True)  # so the import's own backup marks its start
        proc = start_cli(db_path, "import-xlsx", str(workbook))
        assert wait_for(proc, lambda: any(folder.glob("*_import.sqlite3"))), proc.stderr and proc.stderr.read()
        time.sleep(duration * fraction)
        killed = kill(proc)
        assert integrity(db_path) == "ok"
        state = content_digest(db_path)
        assert state in (before, after), f"kill at {fraction:.0%} of the import left a third state"
        seen.append(("killed" if killed else "finished", "before" if state == before else "after"))
    print("import kill states:", seen)
    assert ("killed", "before") in seen  # at least one kill landed inside the import and nothing was half-written
