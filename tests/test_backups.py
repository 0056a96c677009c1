"""Automatic backups, rotation, restore and the start-up integrity check (real SQLite files, real CLI)."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from app.core import backups, projects
from app.core.workspace import open_workspace
from app.db import migrate, sqlite_file

CODE = "附表2-03"


def _set_name(ws, name: str) -> None:
    with ws.session() as s:
        project = projects.get_project(s, code=CODE)
        projects.update_project(s, project.id, {"name": name}, user="测试员")


def _name_in(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT name FROM projects WHERE code = ?", (CODE,)).fetchone()[0]
    finally:
        con.close()


def _fake_backup(folder: Path, stem: str, when: dt.datetime, reason: str = "start") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}_{when:%Y%m%d-%H%M%S-%f}_{reason}.sqlite3"
    path.write_bytes(b"SQLite format 3\x00")
    return path


def test_backup_lands_in_the_database_folder_verified_and_without_wal_files(workspace, db_path, _isolated_data_dir):
    info = backups.backup_now(workspace, "manual")
    assert info.path.parent == _isolated_data_dir / "backups" / "portfolio"
    assert info.path.name.startswith("portfolio_") and info.path.name.endswith("_manual.sqlite3")
    assert info.reason_label == "手动备份"
    assert sorted(p.name for p in info.path.parent.iterdir()) == [info.path.name]  # no -wal/-shm/temp left
    con = sqlite3.connect(info.path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert con.execute("SELECT count(*) FROM projects").fetchone()[0] == 68
    finally:
        con.close()
    assert backups.list_backups(db_path) == [info]


def test_backup_only_when_the_data_changed(workspace, db_path):
    first = backups.backup_if_changed(workspace, "start")
    assert first is not None
    assert backups.backup_if_changed(workspace, "start") == first  # nothing changed: no second file
    assert len(backups.list_backups(db_path)) == 1
    _set_name(workspace, "改过的名称")
    second = backups.backup_if_changed(workspace, "start")
    assert second is not None and second.path != first.path
    assert _name_in(second.path) == "改过的名称" and _name_in(first.path) != "改过的名称"
    assert [b.path for b in backups.list_backups(db_path)] == [second.path, first.path]


def test_rotation_keeps_the_last_20_and_the_newest_of_each_month(tmp_path):
    folder = tmp_path / "backups"
    older = [dt.datetime(2025, 1, 5), dt.datetime(2025, 1, 20), dt.datetime(2025, 2, 3), dt.datetime(2025, 2, 25)]
    march = [dt.datetime(2025, 3, day, 9) for day in range(1, 23)]
    paths = {when: _fake_backup(folder, "db", when) for when in older + march}
    (folder / "notes.txt").write_text("not a backup")

    removed = backups.rotate(folder)

    expected_removed = {paths[dt.datetime(2025, 1, 5)], paths[dt.datetime(2025, 2, 3)]}
    expected_removed |= {paths[dt.datetime(2025, 3, 1, 9)], paths[dt.datetime(2025, 3, 2, 9)]}
    assert set(removed) == expected_removed
    left = {p for p in folder.iterdir() if p.suffix == ".sqlite3"}
    assert len(left) == 22  # 20 newest (3 to 22 March) + the newest of January and of February
    assert paths[dt.datetime(2025, 1, 20)] in left and paths[dt.datetime(2025, 2, 25)] in left
    assert (folder / "notes.txt").exists()  # only backups are ever removed


def test_a_new_backup_rotates_the_folder(workspace, db_path):
    folder = backups.backup_folder(db_path)
    may = [_fake_backup(folder, "portfolio", dt.datetime(2024, 5, day, 8)) for day in range(1, 22)]
    info = backups.backup_now(workspace, "manual")
    left = [b.path for b in backups.list_backups(db_path)]
    assert len(left) == 20 and left[0] == info.path
    assert may[0] not in left and may[1] not in left and may[-1] in left


def test_leftover_of_a_killed_backup_blocks_nothing_and_is_cleaned_when_stale(workspace, db_path):
    folder = backups.backup_folder(db_path)
    folder.mkdir(parents=True)
    leftover = folder / ".portfolio_20250101-000000-000000_start.sqlite3.tmp"
    leftover.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)  # what a kill mid-copy leaves
    assert backups.list_backups(db_path) == []
    info = backups.backup_now(workspace, "manual")
    assert [b.path for b in backups.list_backups(db_path)] == [info.path]
    assert leftover.exists()  # fresh: might belong to a backup still running in another process
    old = time.time() - backups.STALE_TEMP_SECONDS - 60
    os.utime(leftover, (old, old))
    _set_name(workspace, "又一次修改")
    backups.backup_now(workspace, "manual")
    assert not leftover.exists()


def test_restore_round_trip(workspace, db_path):
    _set_name(workspace, "第一次修改")
    first = backups.backup_now(workspace, "manual")
    _set_name(workspace, "第二次修改")

    result = backups.restore(workspace, first.path)

    assert result.restored_from == first.path
    with workspace.session() as s:
        assert projects.get_project(s, code=CODE).name == "第一次修改"
    # the state before the restore was kept and can be restored in turn
    assert result.safety_backup is not None and result.safety_backup.reason == "restore"
    assert _name_in(result.safety_backup.path) == "第二次修改"
    con = sqlite3.connect(db_path)
    try:
        audit = con.execute(
            "SELECT user, source, new_value FROM audit_entries WHERE entity_type = 'database' ORDER BY id DESC"
        ).fetchone()
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    assert audit == (workspace.user, "restore", first.path.name)
    backups.restore(workspace, result.safety_backup.path)
    with workspace.session() as s:
        assert projects.get_project(s, code=CODE).name == "第二次修改"


def _garbled(source: Path, target: Path, seed: int) -> Path:
    """A copy of `source` with every page after the first three garbled (300 bytes from a seeded generator, so
    that each run damages the file the same way)."""
    rnd = random.Random(seed)
    data = bytearray(source.read_bytes())
    for offset in range(4096 * 3, len(data), 4096):
        data[offset + 100 : offset + 400] = rnd.randbytes(300)
    target.write_bytes(bytes(data))
    return target


# Garbled with this seed, the seeded database's integrity_check messages quote bytes that are not UTF-8 (found by
# trying seeds 0-399: 16, 74, 187, 216 and 243 do). Reading them as text raised UnicodeDecodeError out of restore.
NON_UTF8_MESSAGES_SEED = 16


def test_a_damaged_backup_whose_check_quotes_non_utf8_bytes_is_reported_not_raised(workspace, db_path, tmp_path):
    good = backups.backup_now(workspace, "manual")
    before = backups.fingerprint_of(db_path)
    damaged = _garbled(good.path, tmp_path / "damaged.sqlite3", seed=NON_UTF8_MESSAGES_SEED)
    plain = closing(sqlite3.connect(damaged.resolve().as_uri() + "?mode=ro&immutable=1", uri=True))
    # The case this test is about: reading the messages as text fails.
    with plain as con, pytest.raises(UnicodeDecodeError):
        con.execute("PRAGMA integrity_check").fetchall()

    # SQLite's own words, the bytes that are not UTF-8 shown as replacement characters:
    summary = backups.describe_backup(damaged)
    assert summary.problem is not None and summary.problem.startswith("无法读取备份文件：")
    assert "\ufffd" in summary.problem
    with pytest.raises(backups.BackupError, match="无法读取备份文件"):
        backups.restore(workspace, damaged)
    assert backups.fingerprint_of(db_path) == before  # the live database was not touched
    (problem,) = sqlite_file.integrity_problems(damaged)
    assert problem.startswith("SQLite cannot read the file: ") and "\ufffd" in problem
    report = backups.quick_check(damaged)
    assert not report.ok and "\ufffd" in "".join(report.details)


def test_restore_refuses_bad_backups_and_changes_nothing(workspace, db_path, tmp_path):
    good = backups.backup_now(workspace, "manual")
    before = backups.fingerprint_of(db_path)

    damaged = _garbled(good.path, tmp_path / "damaged.sqlite3", seed=0)
    with pytest.raises(backups.BackupError, match="损坏|无法读取"):
        backups.restore(workspace, damaged)

    foreign = tmp_path / "foreign.sqlite3"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(backups.BackupError, match="不是本程序的数据库备份"):
        backups.restore(workspace, foreign)

    newer = tmp_path / "newer.sqlite3"
    shutil.copy(good.path, newer)
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    with pytest.raises(backups.BackupError, match="更新版本的程序"):
        backups.restore(workspace, newer)

    text = tmp_path / "notes.sqlite3"
    text.write_text("hello")
    with pytest.raises(backups.BackupError, match="不是 SQLite 数据库文件"):
        backups.restore(workspace, text)
    with pytest.raises(backups.BackupError, match="就是当前数据库"):
        backups.restore(workspace, db_path)

    assert backups.fingerprint_of(db_path) == before
    assert [b.path for b in backups.list_backups(db_path)] == [good.path]  # no safety copy for a refusal


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):
        data[offset : offset + 64] = b"\xff" * 64  # every b-tree page header after page 1
    path.write_bytes(bytes(data))


def test_damaged_database_is_detected_and_replaced_by_the_latest_good_backup(workspace, db_path):
    _set_name(workspace, "完好备份中的名称")
    good = backups.backup_now(workspace, "manual")
    _set_name(workspace, "损坏前的名称")
    damaged_backup = backups.backup_now(workspace, "manual")
    _corrupt(damaged_backup.path)
    workspace.close()
    assert backups.quick_check(db_path).ok
    _corrupt(db_path)

    report = backups.quick_check(db_path)
    assert not report.ok and report.details
    assert "已损坏" in report.explanation and "备份恢复" in report.explanation
    latest = backups.latest_good_backup(db_path)
    assert latest is not None and latest.info.path == good.path  # the newer, damaged one is skipped

    moved = backups.replace_damaged_database(db_path, latest.info.path, user="测试员")

    assert moved.exists() and moved.name.startswith("portfolio.damaged-")
    assert backups.quick_check(db_path).ok
    ws = open_workspace(db_path)
    try:
        with ws.session() as s:
            assert projects.get_project(s, code=CODE).name == "完好备份中的名称"
    finally:
        ws.close()
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("SELECT source FROM audit_entries ORDER BY id DESC").fetchone()[0] == "restore"
    finally:
        con.close()


def test_missing_or_empty_file_is_not_reported_as_damaged(tmp_path):
    assert backups.quick_check(tmp_path / "new.sqlite3").ok
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    assert backups.quick_check(empty).ok
    assert backups.latest_good_backup(tmp_path / "new.sqlite3") is None


def test_schema_upgrade_backs_up_into_the_backups_folder_first(workspace, db_path, tmp_path, monkeypatch):
    workspace.close()
    future = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, future, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (future / "versions" / "9001_test_column.py").write_text(
        "from alembic import op\nimport sqlalchemy as sa\n\n"
        f"revision = '9001_test'\ndown_revision = '{head}'\nbranch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade():\n"
        "    with op.batch_alter_table('projects') as batch:\n"
        "        batch.add_column(sa.Column('future_note', sa.Text(), nullable=True))\n\n\n"
        "def downgrade():\n    pass\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", future)

    ws = open_workspace(db_path)
    try:
        listed = backups.list_backups(db_path)
        assert [b.reason for b in listed] == ["migration"]
        assert ws.db.backup_path == listed[0].path
        assert backups.describe_backup(listed[0].path).revision == head
        assert migrate.current_revision(ws.db) == "9001_test"
    finally:
        ws.close()
    ws = open_workspace(db_path)  # already current: no second migration backup
    ws.close()
    assert len(backups.list_backups(db_path)) == 1


def test_import_backs_up_the_state_before_it(workspace, db_path, tmp_path):
    import openpyxl

    from app.exchange import layout, service
    from tests.fixtures.exchange.support import set_field

    entry = tmp_path / "gl.xlsx"
    service.export_entry_workbook(workspace, entry, period="2025Q3", county="广灵县")
    wb = openpyxl.load_workbook(entry)
    set_field(wb[layout.SHEET_PROGRESS], 2, "本季度完成投资（亿元）", "800万元")
    wb.save(entry)
    before = backups.fingerprint_of(db_path)

    service.apply_import(workspace, entry, dry_run=True)
    assert backups.list_backups(db_path) == []  # a dry run writes nothing, so nothing to keep
    outcome = service.apply_import(workspace, entry)

    assert outcome.status == "applied"
    listed = backups.list_backups(db_path)
    assert [b.reason for b in listed] == ["import"]
    assert backups.fingerprint_of(listed[0].path, immutable=True) == before
    assert backups.fingerprint_of(db_path) != before


def test_cli_list_restore_and_refusals(cli, db_path, tmp_path):
    code, _, err = cli("init", db=db_path)
    assert code == 0, err
    code, out, err = cli("backups", "now", db=db_path)
    assert code == 0 and "backup written and verified" in out, err
    ws = open_workspace(db_path)
    _set_name(ws, "备份之后的修改")
    ws.close()

    code, out, err = cli("backups", "list", "--json", db=db_path)
    assert code == 0, err
    listed = json.loads(out)
    assert len(listed) == 1
    entry = listed[0]
    assert entry["projects"] == 68 and entry["progress_rows"] == 0 and entry["ok"] is True
    assert entry["reason"] == "manual" and entry["size_bytes"] == Path(entry["file"]).stat().st_size
    dt.datetime.fromisoformat(entry["taken_at"])
    code, out, _ = cli("backups", "list", db=db_path)
    assert code == 0 and "68 projects" in out and entry["name"] in out

    code, _, err = cli("restore", entry["name"], db=db_path)  # no terminal to ask: refuse, change nothing
    assert code == 1 and "--yes" in err
    assert _name_in(db_path) == "备份之后的修改"
    code, _, err = cli("restore", "no-such-backup.sqlite3", "--yes", db=db_path)
    assert code == 1 and "backup file not found" in err

    code, out, err = cli("restore", entry["name"], "--yes", db=db_path)
    assert code == 0, err
    assert "restored" in out and "state before the restore kept in" in out
    assert _name_in(db_path) != "备份之后的修改"
    code, out, _ = cli("backups", "list", "--json", db=db_path)
    assert [b["reason"] for b in json.loads(out)] == ["restore", "manual"]

    code, _, err = cli("backups", "list", db="postgresql://user@localhost/portfolio")
    assert code == 1 and "pg_dump" in err and "Traceback" not in err


def test_postgres_databases_are_explained_not_crashed():
    assert backups.sqlite_file_for("postgresql+psycopg://u@h/db") is None
    assert "pg_dump" in backups.PG_MESSAGE
