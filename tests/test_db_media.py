"""Full disks and read-only media: one line that says what happened, nothing lost, reading still possible.

Two kinds of tests here:
- real file systems: the commands run in a private mount namespace (`unshare`) on a tiny tmpfs that is filled
  up, or on a bind mount remounted read-only. That needs root with CAP_SYS_ADMIN or unprivileged user
  namespaces; where neither is available these tests are skipped and say so. They prove the real thing:
  SQLite, the backup API and the xlsx writer meeting ENOSPC/EROFS from the kernel.
- a simulation that always runs: SQLite's `max_page_count` makes the database file unable to grow, so SQLite
  answers a write with the very error a full disk gives (SQLITE_FULL, "database or disk is full"). It proves
  the mapping and that nothing half-written stays; it does not prove how the OS behaves.
Root ignores file permissions, so "a read-only file" as root can only be made with a read-only mount; as an
ordinary user the permission test runs with chmod.
"""

from __future__ import annotations

import functools
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import openpyxl
import pytest

from app.core import progress, projects
from app.core.workspace import open_workspace
from app.db import engine as db_engine
from app.db.engine import DiskFullError
from app.db.sqlite_file import READ_ONLY_FILE, READ_ONLY_FOLDER, READ_ONLY_MEDIA
from app.exchange import layout
from tests.fixtures.exchange.support import db_fingerprint, set_field

REPO = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).resolve().parent / "db_worker.py"
DISK_FULL = "磁盘空间不足"


@functools.cache
def _private_mount_prefix() -> tuple[str, ...] | None:
    """The command prefix that runs a shell in a private mount namespace where it may mount, or None."""
    if shutil.which("unshare") is None:
        return None
    candidates = [("unshare", "--mount")] if os.geteuid() == 0 else []
    candidates.append(("unshare", "--user", "--map-root-user", "--mount"))
    with tempfile.TemporaryDirectory() as probe_dir:
        for prefix in candidates:
            probe = subprocess.run(
                [*prefix, "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$0"', probe_dir],
                capture_output=True,
                timeout=60,
            )
            if probe.returncode == 0:
                return prefix
    return None


def _in_private_mount(setup: str, worker_args: list[str], env: dict[str, str]) -> dict:
    """Run `setup` (shell, mounts) and then tests/db_worker.py in one private mount namespace."""
    prefix = _private_mount_prefix()
    if prefix is None:
        pytest.skip(
            "cannot mount in a private mount namespace here (needs root with CAP_SYS_ADMIN or unprivileged "
            "user namespaces); the simulated full-disk tests below still run"
        )
    script = f'set -e\n{setup}\nexec {shlex.quote(sys.executable)} {shlex.quote(str(WORKER))} "$@"'
    proc = subprocess.run(
        [*prefix, "sh", "-c", script, "sh", *worker_args],
        cwd=REPO,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _entry_workbook_with_a_change(cli, db_path: Path, target: Path) -> Path:
    code, _out, err = cli(
        "export-xlsx", "--out", str(target), "--county", "广灵县", "--entry", "--period", "2025Q3", db=db_path
    )
    assert code == 0, err
    wb = openpyxl.load_workbook(target)
    set_field(wb[layout.SHEET_PROGRESS], 2, "本季度完成投资（亿元）", "800万元")
    wb.save(target)
    return target


def _assert_one_line(result: dict, needle: str) -> None:
    err = result["stderr"]
    assert result["code"] != 0, result
    assert "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    assert needle in err, (result["argv"], err)


def _fingerprint(path: Path) -> str:
    ws = open_workspace(path, create=False, seed=False)
    try:
        return db_fingerprint(ws)
    finally:
        ws.close()


@pytest.mark.parametrize("free", ["0", "80K"], ids=["full", "nearly-full"])
def test_commands_on_a_full_disk_say_so_and_lose_nothing(cli, db_path, tmp_path, free):
    """The reported defect: tracebacks from progress set, import-xlsx, backup, export-xlsx on a full disk, and
    init saying "不是有效的数据库文件". On a tmpfs filled to the last byte (and to 80 KB short of it), each
    command says 磁盘空间不足 in one line, and the database holds exactly what it held before."""
    workbook = _entry_workbook_with_a_change(cli, db_path, tmp_path / "gl.xlsx")
    before = _fingerprint(db_path)
    mnt, saved = tmp_path / "mnt", tmp_path / "after"
    mnt.mkdir()
    saved.mkdir()
    db = mnt / "portfolio.sqlite3"
    fill = f"dd if=/dev/zero of={mnt}/filler bs=4k 2>/dev/null || true"
    if free != "0":
        fill += f"\ntruncate -s -{free} {mnt}/filler"
    setup = "\n".join(
        [
            f"mount -t tmpfs -o size=3m tmpfs {mnt}",
            f"cp {db_path} {db}",
            f"cp {workbook} {mnt}/gl.xlsx",
            f"mkdir {mnt}/userdata",
            fill,
        ]
    )
    commands = [
        ["--db", str(db), "import-xlsx", str(mnt / "gl.xlsx")],
        ["--db", str(db), "export-xlsx", "--out", str(mnt / "out.xlsx")],
        ["--db", str(db), "backup", "--out", str(mnt / "copy.sqlite3")],
        ["--db", str(mnt / "new.sqlite3"), "init"],
    ]
    if free == "0":
        commands.insert(
            0, ["--db", str(db), "progress", "set", "--code", "附表1-02", "--period", "2025Q3", "--physical", "满"]
        )
    # After the commands the database (and its -wal) is copied out of the tmpfs, which vanishes with the namespace.
    worker_args = ["cli-run", json.dumps(commands), str(db), str(saved)]
    outcome = _in_private_mount(setup, worker_args, {"DATONG_DATA_DIR": str(mnt / "userdata")})
    for result in outcome["results"]:
        _assert_one_line(result, DISK_FULL)
        assert "不是有效的数据库文件" not in result["stderr"]
    kept = saved / db.name
    with closing(sqlite3.connect(kept)) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _fingerprint(kept) == before


def test_simulated_full_database_file_rolls_back_and_says_disk_full(db_path, monkeypatch):
    """SQLite's own "database or disk is full" (the file may not grow past its current size), through the
    workspace: DiskFullError, and the whole transaction is undone."""
    create = db_engine._sqlite_creator

    def creator_without_room(*args, **kwargs):
        connect = create(*args, **kwargs)

        def connect_full():
            con = connect()
            pages = con.execute("PRAGMA page_count").fetchone()[0]
            con.execute(f"PRAGMA max_page_count = {pages}")
            return con

        return connect_full

    before = _fingerprint(db_path)
    monkeypatch.setattr(db_engine, "_sqlite_creator", creator_without_room)
    ws = open_workspace(db_path, create=False)
    try:
        with pytest.raises(DiskFullError, match=DISK_FULL), ws.session() as s:
            pid = projects.get_project(s, code="附表1-02").id
            for period in ("2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1"):
                progress.set_progress(s, pid, period, user="x", physical_progress="很长的说明" * 380)
    finally:
        ws.close()
    monkeypatch.undo()
    assert _fingerprint(db_path) == before


def test_simulated_full_disk_in_the_cli_is_one_line(cli, db_path, monkeypatch):
    create = db_engine._sqlite_creator

    def creator_without_room(*args, **kwargs):
        connect = create(*args, **kwargs)

        def connect_full():
            con = connect()
            con.execute(f"PRAGMA max_page_count = {con.execute('PRAGMA page_count').fetchone()[0]}")
            return con

        return connect_full

    monkeypatch.setattr(db_engine, "_sqlite_creator", creator_without_room)
    code, _out, err = cli(
        "progress", "set", "--code", "附表1-02", "--period", "2025Q3", "--physical", "很长的说明" * 380, db=db_path
    )
    assert code != 0 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert DISK_FULL in err


def _wal_database_closed_cleanly(source: Path, target: Path) -> None:
    shutil.copy(source, target)
    with closing(sqlite3.connect(target)) as con:
        assert con.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    assert not Path(f"{target}-wal").exists() and not Path(f"{target}-shm").exists()


def test_wal_database_on_read_only_media_opens_for_reading(db_path, tmp_path):
    """The reported defect: a WAL database on read-only media could not be opened at all ("unable to open
    database file": SQLite cannot create the -shm index there). It now opens read-only: reading works, the
    workspace says why it is read-only, and a write is refused with that reason instead of an SQL error."""
    folder = tmp_path / "cdrom"
    folder.mkdir()
    db = folder / "portfolio.sqlite3"
    _wal_database_closed_cleanly(db_path, db)
    setup = f"mount --bind {folder} {folder}\nmount -o remount,ro,bind {folder}"
    seen = _in_private_mount(setup, ["open-read-only", str(db)], {})
    assert seen["read_only"] is True and seen["reason"] == READ_ONLY_MEDIA
    assert seen["projects"] == 68
    assert "只读" in seen["write_error"] and READ_ONLY_MEDIA in seen["write_error"]
    assert sorted(p.name for p in folder.iterdir()) == ["portfolio.sqlite3"]


def test_read_only_media_in_the_cli(db_path, tmp_path):
    folder = tmp_path / "cdrom"
    folder.mkdir()
    db = folder / "portfolio.sqlite3"
    _wal_database_closed_cleanly(db_path, db)
    out = tmp_path / "export.xlsx"
    setup = f"mount --bind {folder} {folder}\nmount -o remount,ro,bind {folder}"
    commands = [
        ["--db", str(db), "projects", "--json"],
        ["--db", str(db), "export-xlsx", "--out", str(out)],
        ["--db", str(db), "progress", "set", "--code", "附表1-02", "--period", "2025Q3", "--physical", "x"],
        ["--db", str(db), "milestone", "add", "--code", "附表1-02", "--title", "开工"],
    ]
    reading, export, *writes = _in_private_mount(setup, ["cli-run", json.dumps(commands)], {})["results"]
    assert reading["code"] == 0, reading["stderr"]
    assert len(json.loads(reading["stdout"])) == 68
    assert export["code"] == 0, export["stderr"]
    assert out.is_file()
    for result in writes:
        _assert_one_line(result, "只读")


def test_read_only_file_in_a_writable_folder(db_path, tmp_path):
    """Only the file is read-only (a bind mount of the file itself): SQLite may put its index beside it, so
    the database opens read-only without the immutable fallback."""
    folder = tmp_path / "share"
    folder.mkdir()
    db = folder / "portfolio.sqlite3"
    _wal_database_closed_cleanly(db_path, db)
    setup = f"mount --bind {db} {db}\nmount -o remount,ro,bind {db}"
    seen = _in_private_mount(setup, ["open-read-only", str(db)], {})
    assert seen["read_only"] is True and seen["reason"] == READ_ONLY_FILE
    assert seen["projects"] == 68 and "只读" in seen["write_error"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions; the read-only mount tests cover this")
def test_read_only_permissions_open_read_only(db_path, tmp_path):
    folder = tmp_path / "readonly"
    folder.mkdir()
    db = folder / "portfolio.sqlite3"
    _wal_database_closed_cleanly(db_path, db)
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        proc = subprocess.run(
            [sys.executable, str(WORKER), "open-read-only", str(db)],
            cwd=REPO,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        seen = json.loads(proc.stdout.strip().splitlines()[-1])
        assert seen["read_only"] is True and seen["reason"] in (READ_ONLY_FILE, READ_ONLY_FOLDER)
        assert seen["projects"] == 68 and "只读" in seen["write_error"]
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)


def test_read_only_flag_is_false_for_a_normal_file(workspace):
    assert workspace.read_only is False and workspace.read_only_reason == ""
    with workspace.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_writes_counted_for_the_cli_retry_decision(workspace):
    """The CLI runs a command again after meeting another writer only while none of its transactions wrote."""
    assert workspace.db.writes_committed == 0
    with workspace.session() as s:
        projects.list_projects(s)
    assert workspace.db.writes_committed == 0
    with workspace.session() as s:
        pid = projects.get_project(s, code="附表1-02").id
        projects.update_project(s, pid, {"note": "写入"}, user="x")
    assert workspace.db.writes_committed == 1
