"""Backups of a SQLite database and restoring one: automatic, rotated, verified, never half-written.

Where: ``<data folder>/backups/<database stem>/<stem>_<YYYYmmdd-HHMMSS-ffffff>_<reason>.sqlite3``.

How a backup is written: SQLite's online backup API (safe while the program and others have the database
open) into a hidden temporary file beside the final name; ``PRAGMA integrity_check`` on the copy; only then
the rename. A backup killed half-way leaves at most a hidden ``.tmp`` file that no listing shows and the next
backup removes once it is stale, so nothing blocks the next attempt.

When: at the start of the desktop program when the data changed since the newest backup (``backup_if_changed``)
and before every schema upgrade, import, package apply and restore. "Changed" is decided by a cheap
fingerprint: the schema revision, the audit log's newest id and size, and the row count and version sum of
each versioned table (every write bumps a version or adds an audit entry).

Rotation keeps the newest ``KEEP_LATEST`` backups plus the newest backup of every calendar month.

Restore: the chosen backup is checked (integrity, our schema, not from a newer program), copied to a staging
file, upgraded there to the current schema and given an audit entry; the current state is backed up; then the
staging file is copied into the live database with the backup API, which writes the whole database in one
transaction: a restore killed half-way leaves the database as it was before.

PostgreSQL databases are backed up with the server's own tools (pg_dump / pg_restore); the functions here say
so with ``BackupError`` instead of failing obscurely.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.db import migrate
from app.db.engine import DatabaseError
from app.db.sqlite_file import check_messages

if TYPE_CHECKING:
    from app.core.workspace import Workspace

__all__ = [
    "KEEP_LATEST",
    "PG_MESSAGE",
    "REASON_LABELS",
    "AuditLine",
    "BackupError",
    "BackupInfo",
    "BackupSummary",
    "Fingerprint",
    "IntegrityReport",
    "RestoreResult",
    "backup_before_migration",
    "backup_folder",
    "backup_if_changed",
    "backup_now",
    "copy_to_file",
    "current_counts",
    "describe_backup",
    "fingerprint_of",
    "latest_good_backup",
    "list_backups",
    "quick_check",
    "replace_damaged_database",
    "restore",
    "rotate",
    "sqlite_file_for",
]

log = logging.getLogger(__name__)

KEEP_LATEST = 20
STALE_TEMP_SECONDS = 3600  # a temporary file this old belongs to a backup that was killed
BUSY_TIMEOUT_SECONDS = 30.0
RESTORE_STEP_PAGES = 2048  # 8 MB per step with 4 KB pages: progress to report, still one transaction

REASON_LABELS: dict[str, str] = {
    "start": "程序启动时",
    "migration": "升级数据库结构前",
    "import": "导入前",
    "package": "应用数据包前",
    "restore": "恢复备份前",
    "manual": "手动备份",
}
PG_MESSAGE = (
    "PostgreSQL 数据库请用服务器自带的工具备份和恢复：pg_dump 备份、pg_restore 恢复（由数据库管理员执行）。"
    " / back up a PostgreSQL database with pg_dump and restore it with pg_restore."
)
_NAME_RE = re.compile(r"^(?P<stem>.+)_(?P<stamp>\d{8}-\d{6}-\d{6})_(?P<reason>[a-z]+)\.sqlite3$")
_STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
_REQUIRED_TABLES = {"alembic_version", "projects", "audit_entries", "quarterly_progress"}
# Tables whose rows carry a version bumped on every write: their count and version sum catch any change.
_VERSIONED_TABLES = ("projects", "milestones", "quarterly_progress", "coordination_issues", "indicator_values")

ProgressFn = Callable[[int, int, str], None]


class BackupError(DatabaseError):
    """A backup or restore that cannot be done; the message is for people (Chinese, then English)."""


# --- plain records ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Fingerprint:
    """Enough to tell whether the data changed, cheap to compute on a live database or a backup file."""

    revision: str | None
    audit_max_id: int
    audit_count: int
    versioned: tuple[tuple[str, int, int], ...]  # (table, rows, version sum)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime  # local time
    reason: str
    size: int

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)


@dataclass(frozen=True)
class AuditLine:
    at: dt.datetime  # as stored (UTC)
    user: str
    entity_type: str
    field: str | None
    new_value: str | None
    source: str


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, for the list and the preview; `problem` says why it cannot be restored."""

    info: BackupInfo
    problem: str | None
    revision: str | None = None
    projects: int = 0
    progress_rows: int = 0
    audit_entries: int = 0
    newest_audit: tuple[AuditLine, ...] = ()
    fingerprint: Fingerprint | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_backup: BackupInfo | None  # the state just before the restore


@dataclass(frozen=True)
class IntegrityReport:
    path: Path
    ok: bool
    details: tuple[str, ...] = field(default_factory=tuple)

    @property
    def explanation(self) -> str:
        """A plain explanation for the person at the desk."""
        if self.ok:
            return "数据库文件完好。"
        shown = "；".join(self.details[:3])
        return (
            f"数据库文件“{self.path}”已损坏（SQLite 完整性检查未通过：{shown}）。"
            "常见原因是写入时断电、磁盘故障或在网络盘上多人同时写入。继续使用可能丢失或读错数据，"
            "建议用最近一份完好的备份恢复；损坏的文件会改名保留，不会删除。"
        )


# --- locations ------------------------------------------------------------------------------------------------------
def sqlite_file_for(db: str | os.PathLike[str] | None) -> Path | None:
    """The SQLite file a --db argument names (None: the per-user default), or None for a server URL."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from app.paths import default_db_path

    if db is None:
        return default_db_path()
    text = os.fspath(db)
    if "://" not in text:
        return Path(text).expanduser()
    try:
        url = make_url(text)
    except ArgumentError:
        return None
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def backup_folder(db_path: Path) -> Path:
    """``<data folder>/backups/<database stem>/`` (not created here)."""
    from app.paths import user_data_dir

    return user_data_dir() / "backups" / db_path.stem


def _parse_name(path: Path) -> BackupInfo | None:
    match = _NAME_RE.match(path.name)
    if match is None:
        return None
    try:
        taken_at = dt.datetime.strptime(match["stamp"], _STAMP_FORMAT)
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path, taken_at, match["reason"], size)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The finished backups of this database, newest first (temporary files of killed backups are not shown)."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    found = [info for p in folder.iterdir() if p.is_file() and (info := _parse_name(p)) is not None]
    return sorted(found, key=lambda info: info.taken_at, reverse=True)


# --- reading a database file ----------------------------------------------------------------------------------------
def _connect_read_only(path: Path, *, immutable: bool | None = None) -> sqlite3.Connection:
    """Read without changing a byte; the URI form keeps %, ? and # in the path literal.

    immutable=None decides by itself: without a -wal file nobody has the database open in WAL mode and all
    its data is in the main file, so it is read as immutable (no -wal/-shm files are created beside it)."""
    if immutable is None:
        immutable = not Path(f"{path}-wal").exists()
    flags = "?mode=ro&immutable=1" if immutable else "?mode=ro"
    return sqlite3.connect(path.resolve().as_uri() + flags, uri=True, timeout=BUSY_TIMEOUT_SECONDS)


def _fingerprint(con: sqlite3.Connection) -> Fingerprint:
    tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    revision = None
    if "alembic_version" in tables:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    audit_max, audit_count = 0, 0
    if "audit_entries" in tables:
        audit_max, audit_count = con.execute("SELECT coalesce(max(id), 0), count(*) FROM audit_entries").fetchone()
    versioned = tuple(
        (name, *con.execute(f"SELECT count(*), coalesce(sum(version), 0) FROM {name}").fetchone())
        for name in _VERSIONED_TABLES
        if name in tables
    )
    return Fingerprint(revision, int(audit_max), int(audit_count), versioned)


def _schema_revision(path: Path) -> str | None:
    """The schema revision recorded in a database file (None without one), and nothing else."""
    con = _connect_read_only(path)
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone():
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        con.close()


def fingerprint_of(path: Path, *, immutable: bool | None = None) -> Fingerprint:
    """The fingerprint of a database file (`immutable` for backup files nobody writes any more)."""
    con = _connect_read_only(path, immutable=immutable)
    try:
        return _fingerprint(con)
    finally:
        con.close()


def current_counts(ws: Workspace) -> tuple[int, int] | None:
    """(projects, quarterly progress rows) of the open SQLite database, to compare with a backup's."""
    path = ws.db.sqlite_path
    if path is None:
        return None
    counts = {name: rows for name, rows, _versions in fingerprint_of(path).versioned}
    return counts.get("projects", 0), counts.get("quarterly_progress", 0)


def quick_check(db_path: Path) -> IntegrityReport:
    """``PRAGMA quick_check`` on the database file before the program opens it (read-only, changes nothing).

    A file that does not exist yet, or is empty, is not damaged: the program creates it."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return IntegrityReport(db_path, True)
    try:
        con = _connect_read_only(db_path)
        try:
            result = check_messages(con, "quick_check")
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return IntegrityReport(db_path, False, (str(exc),))
    return IntegrityReport(db_path, result == ["ok"], () if result == ["ok"] else tuple(result))


def describe_backup(path: Path, *, audit_limit: int = 10, verify: str = "integrity_check") -> BackupSummary:
    """Open a backup read-only and say what it holds and whether it can be restored into this program."""
    info = _parse_name(path)
    if info is None:
        try:
            stat = path.stat()
        except OSError as exc:
            return BackupSummary(BackupInfo(path, dt.datetime.min, "", 0), f"无法读取备份文件：{exc.strerror or exc}")
        info = BackupInfo(path, dt.datetime.fromtimestamp(stat.st_mtime), "manual", stat.st_size)
    try:
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return BackupSummary(info, "不是 SQLite 数据库文件 / not a SQLite database file")
        con = _connect_read_only(path, immutable=True)
        try:
            check = check_messages(con, verify)
            if check != ["ok"]:
                return BackupSummary(info, f"备份文件已损坏（{'；'.join(check[:3])}） / damaged backup")
            tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            missing = _REQUIRED_TABLES - tables
            if missing:
                return BackupSummary(info, "不是本程序的数据库备份（缺少数据表） / not a portfolio database")
            fingerprint = _fingerprint(con)
            projects = int(con.execute("SELECT count(*) FROM projects").fetchone()[0])
            progress_rows = int(con.execute("SELECT count(*) FROM quarterly_progress").fetchone()[0])
            newest = tuple(
                AuditLine(_parse_time(at), user, entity_type, field_name, new_value, source)
                for at, user, entity_type, field_name, new_value, source in con.execute(
                    "SELECT at, user, entity_type, field, new_value, source FROM audit_entries "
                    "ORDER BY id DESC LIMIT ?",
                    (audit_limit,),
                )
            )
        finally:
            con.close()
    except (sqlite3.DatabaseError, OSError) as exc:
        return BackupSummary(info, f"无法读取备份文件：{exc} / cannot read the backup")
    problem = _revision_problem(fingerprint.revision)
    return BackupSummary(
        info,
        problem,
        fingerprint.revision,
        projects,
        progress_rows,
        fingerprint.audit_count,
        newest,
        fingerprint,
    )


def _parse_time(value: object) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return dt.datetime.min


def _revision_problem(revision: str | None) -> str | None:
    if revision is None:
        return "备份中没有数据库结构版本 / the backup has no schema revision"
    if revision not in migrate.known_revisions():
        return (
            f"该备份来自更新版本的程序（结构版本 {revision}），本程序不能恢复它 / "
            f"the backup is from a newer program (schema {revision})"
        )
    return None


def latest_good_backup(db_path: Path) -> BackupSummary | None:
    """The newest backup that passes integrity_check and fits this program, or None."""
    for info in list_backups(db_path):
        summary = describe_backup(info.path, audit_limit=0)
        if summary.ok:
            return summary
    return None


# --- writing a backup -----------------------------------------------------------------------------------------------
def _temp_name(final: Path) -> Path:
    return final.with_name(f".{final.name}.tmp")


def _remove_stale_temps(folder: Path) -> None:
    """Temporary files left by a killed backup or restore: removed once they are clearly abandoned."""
    now = time.time()
    for path in folder.glob(".*.tmp*"):
        try:
            if now - path.stat().st_mtime > STALE_TEMP_SECONDS:
                path.unlink()
        except OSError:
            pass


def _fsync(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _online_copy(source: Path, target: Path, *, pages: int = -1, progress: ProgressFn | None = None) -> None:
    """Copy a database (live or not) into `target` with the backup API; raises sqlite3.Error/OSError."""
    src = sqlite3.connect(str(source), timeout=BUSY_TIMEOUT_SECONDS)
    try:
        dst = sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_SECONDS)
        try:
            if progress is None:
                src.backup(dst, pages=pages)
            else:
                report = progress
                src.backup(
                    dst,
                    pages=pages,
                    progress=lambda _status, remaining, total: report(total - remaining, total, "正在复制数据…"),
                )
            # A backup file is read by others and never written again: no WAL companions beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
            check = check_messages(dst, "integrity_check")
        finally:
            dst.close()
    finally:
        src.close()
    if check != ["ok"]:
        raise BackupError(f"备份副本的完整性检查未通过：{'；'.join(check[:3])} / the copy failed integrity_check")


def _write_backup(source: Path, reason: str) -> BackupInfo:
    if reason not in REASON_LABELS:
        raise ValueError(f"unknown backup reason {reason!r}")
    if not source.exists():
        raise BackupError(f"数据库文件不存在：{source} / database file not found")
    folder = backup_folder(source)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"无法创建备份文件夹 {folder}：{exc.strerror or exc} / cannot create the folder") from exc
    _remove_stale_temps(folder)
    stamp = dt.datetime.now()
    final = folder / f"{source.stem}_{stamp.strftime(_STAMP_FORMAT)}_{reason}.sqlite3"
    while final.exists():  # two backups in the same microsecond (another process): never overwrite
        stamp += dt.timedelta(microseconds=1)
        final = folder / f"{source.stem}_{stamp.strftime(_STAMP_FORMAT)}_{reason}.sqlite3"
    temp = _temp_name(final)
    try:
        _online_copy(source, temp)
        _fsync(temp)
        os.replace(temp, final)
    except (sqlite3.Error, OSError) as exc:
        detail = getattr(exc, "strerror", None) or str(exc)
        raise BackupError(f"备份失败，数据库未改动：{detail} / backup failed, the database is unchanged") from exc
    finally:
        for leftover in (temp, Path(f"{temp}-journal")):
            leftover.unlink(missing_ok=True)
    info = _parse_name(final)
    assert info is not None
    rotate(folder)
    log.info("backup written: %s", final)
    return info


def rotate(folder: Path, *, keep_latest: int = KEEP_LATEST) -> list[Path]:
    """Keep the newest `keep_latest` backups and the newest one of each month; remove the rest."""
    infos = sorted(
        (info for p in folder.iterdir() if (info := _parse_name(p)) is not None),
        key=lambda info: info.taken_at,
        reverse=True,
    )
    keep = {info.path for info in infos[:keep_latest]}
    months: set[tuple[int, int]] = set()
    for info in infos:  # newest first: the first seen of a month is its newest
        month = (info.taken_at.year, info.taken_at.month)
        if month not in months:
            months.add(month)
            keep.add(info.path)
    removed = []
    for info in infos:
        if info.path not in keep:
            try:
                info.path.unlink()
                removed.append(info.path)
            except FileNotFoundError:  # another process rotated at the same time
                pass
            except OSError as exc:
                log.warning("old backup not removed: %s (%s)", info.path, exc)
    return removed


def _sqlite_path(ws: Workspace) -> Path:
    path = ws.db.sqlite_path
    if path is None:
        raise BackupError(PG_MESSAGE)
    return path


def backup_now(ws: Workspace, reason: str = "manual") -> BackupInfo:
    """A new verified backup in the backups folder, whatever changed."""
    return _write_backup(_sqlite_path(ws), reason)


def backup_if_changed(ws: Workspace, reason: str) -> BackupInfo | None:
    """A new backup unless the newest one already holds exactly this data (then that one is returned).

    PostgreSQL: None (the server is backed up with pg_dump)."""
    source = ws.db.sqlite_path
    if source is None:
        return None
    newest = next(iter(list_backups(source)), None)
    if newest is not None:
        try:
            if fingerprint_of(newest.path, immutable=True) == fingerprint_of(source):
                return newest
        except sqlite3.DatabaseError:
            pass  # an unreadable newest backup: take a fresh one
    return _write_backup(source, reason)


def backup_before_migration(db: str | os.PathLike[str] | None) -> Path | None:
    """Before the program upgrades an existing database's schema, back it up (reading it changes nothing).

    Returns the backup, or None when there is nothing to upgrade (new file, current schema, a server, or a
    file that is not ours: opening it will refuse it)."""
    path = sqlite_file_for(db)
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        revision = _schema_revision(path)  # not the whole fingerprint: it counts every row of the big tables
    except sqlite3.DatabaseError:
        return None
    if revision is None or revision == migrate.head_revision() or revision not in migrate.known_revisions():
        return None
    return _write_backup(path, "migration").path


def copy_to_file(ws: Workspace, target: str | os.PathLike[str]) -> Path:
    """A verified copy at a place the person chose; an existing file is never replaced."""
    source = _sqlite_path(ws)
    target_path = Path(target)
    if target_path.exists():
        raise FileExistsError(f"目标文件已存在，未覆盖：{target_path}")
    temp = _temp_name(target_path)
    try:
        _online_copy(source, temp)
        _fsync(temp)
        if target_path.exists():  # appeared meanwhile
            raise FileExistsError(f"目标文件已存在，未覆盖：{target_path}")
        os.replace(temp, target_path)
    except sqlite3.Error as exc:
        raise BackupError(f"备份失败：{exc} / backup failed") from exc
    finally:
        for leftover in (temp, Path(f"{temp}-journal")):
            leftover.unlink(missing_ok=True)
    return target_path


# --- restore ----------------------------------------------------------------------------------------------------
def _stage(backup: Path, staging: Path, *, user: str, live: Path) -> None:
    """The backup's data at the current schema with an audit entry of the restore, in `staging`."""
    from app.core import audit
    from app.db.engine import open_database

    _online_copy(backup, staging)
    staged = open_database(staging, backup=False)  # upgrades an older backup to the current schema
    try:
        with staged.session() as session:
            audit.record(
                session,
                user=user,
                entity_type="database",
                entity_id=live.name,
                project_id=None,
                field="restore",
                old=None,
                new=backup.name,
                source="restore",
                source_detail=f"从备份恢复：{backup}",
            )
    finally:
        staged.dispose()  # the last connection checkpoints the WAL into the file
    con = sqlite3.connect(str(staging))
    try:
        con.execute("PRAGMA journal_mode=DELETE")
        check = check_messages(con, "integrity_check")
    finally:
        con.close()
    if check != ["ok"]:
        raise BackupError("准备恢复的数据未通过完整性检查，数据库未改动 / staged copy failed integrity_check")


def restore(ws: Workspace, backup: str | os.PathLike[str], *, progress: ProgressFn | None = None) -> RestoreResult:
    """Replace the database's content by a backup's, after backing up the current state. All or nothing."""
    live = _sqlite_path(ws)
    if getattr(ws, "read_only", False):
        reason = getattr(ws, "read_only_reason", "") or "数据库为只读"
        raise BackupError(f"不能恢复到只读数据库：{reason} / the database is read-only")
    source = Path(backup).expanduser()
    if not source.is_file():
        raise BackupError(f"备份文件不存在：{source} / backup file not found")
    if source.resolve() == live.resolve():
        raise BackupError("所选文件就是当前数据库本身 / that file is the open database itself")
    if progress:
        progress(0, 4, "检查备份文件…")
    summary = describe_backup(source, audit_limit=0)
    if summary.problem:
        raise BackupError(f"不能用这份备份恢复：{summary.problem}")
    folder = backup_folder(live)
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".restore-{dt.datetime.now().strftime(_STAMP_FORMAT)}.tmp"
    try:
        if progress:
            progress(1, 4, "准备恢复的数据…")
        try:
            _stage(source, staging, user=ws.user, live=live)
        except (sqlite3.Error, OSError) as exc:
            raise BackupError(f"无法读取备份，数据库未改动：{exc} / cannot stage the backup") from exc
        if progress:
            progress(2, 4, "备份当前数据…")
        safety = backup_if_changed(ws, "restore")
        if progress:
            progress(3, 4, "写入数据库…")
        try:
            _copy_into_live(staging, live)
        except sqlite3.Error as exc:
            raise BackupError(f"恢复失败，数据库保持恢复前的状态：{exc} / restore failed, nothing changed") from exc
    finally:
        for leftover in (staging, Path(f"{staging}-journal"), Path(f"{staging}-wal"), Path(f"{staging}-shm")):
            leftover.unlink(missing_ok=True)
    if progress:
        progress(4, 4, "恢复完成")
    log.info("database %s restored from %s", live, source)
    return RestoreResult(source, safety)


def _copy_into_live(staging: Path, live: Path) -> None:
    """The backup API writes every page of the live database inside one write transaction (held across
    steps), so other readers see the old or the new data, and a kill rolls back to the old."""
    src = sqlite3.connect(str(staging))
    try:
        dst = sqlite3.connect(str(live), timeout=BUSY_TIMEOUT_SECONDS)
        try:
            src.backup(dst, pages=RESTORE_STEP_PAGES)
            check = check_messages(dst, "quick_check")
        finally:
            dst.close()
    finally:
        src.close()
    if check != ["ok"]:
        raise BackupError(f"恢复后的数据库检查未通过：{'；'.join(check[:3])} / quick_check failed after restore")


def replace_damaged_database(db_path: Path, backup: Path, *, user: str) -> Path:
    """Before the program opens it (no connection anywhere): put the damaged file aside under a new name and
    the backup's data (with an audit entry of the restore) in its place. Returns where the damaged file is."""
    summary = describe_backup(backup, audit_limit=0)
    if summary.problem:
        raise BackupError(f"不能用这份备份恢复：{summary.problem}")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    damaged = db_path.with_name(f"{db_path.stem}.damaged-{stamp}{db_path.suffix}")
    staging = db_path.with_name(f".{db_path.name}.restore.tmp")
    try:
        _stage(backup, staging, user=user, live=db_path)
        _fsync(staging)
        os.replace(db_path, damaged)
        for suffix in ("-wal", "-shm", "-journal"):  # companions of the damaged file go with it
            companion = Path(f"{db_path}{suffix}")
            if companion.exists():
                os.replace(companion, Path(f"{damaged}{suffix}"))
        os.replace(staging, db_path)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"恢复失败：{exc} / restore failed") from exc
    finally:
        for leftover in (staging, Path(f"{staging}-journal"), Path(f"{staging}-wal"), Path(f"{staging}-shm")):
            leftover.unlink(missing_ok=True)
    log.warning("damaged database %s moved to %s and replaced by %s", db_path, damaged, backup)
    return damaged
