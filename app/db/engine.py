"""Opening a database: where it is, whether the program may touch it, SQLite pragmas, migrations, sessions.

Order of events for a SQLite file (app.db.sqlite_file does the looking):
1. the path becomes a URL through `URL.create` (never string formatting: `%`, `?`, `#` are file-name characters);
2. the file is probed read-only: a missing or empty file is created only when the caller allows it (`init`,
   the desktop program's first start); a file that is not SQLite, someone else's database or one from a newer
   program is refused before anything is written to it;
3. a file the program may not write (read-only file, folder or medium) is opened read-only (`mode=ro`, or
   `immutable=1` for a WAL database whose index cannot be created there): reading works, and a write raises
   ReadOnlyDatabaseError;
4. only then is the database opened for writing, switched to WAL (rollback journal on network drives) and
   upgraded if its schema is older.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.db import migrate, sqlite_file
from app.db.errors import (
    DatabaseBusyError,
    DatabaseCorruptError,
    DatabaseError,
    DatabaseMissingError,
    DiskFullError,
    ReadOnlyDatabaseError,
    one_line,
    translate,
)

__all__ = [
    "Database",
    "DatabaseBusyError",
    "DatabaseCorruptError",
    "DatabaseError",
    "DatabaseMissingError",
    "DiskFullError",
    "ReadOnlyDatabaseError",
    "is_network_path",
    "one_line",
    "open_database",
    "resolve_url",
    "sqlite_file_of",
]

log = logging.getLogger(__name__)

# How long a SQLite statement waits for another program's write lock before giving up (DatabaseBusyError).
BUSY_TIMEOUT_MS = 10_000
_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")
NETWORK_DRIVE_WARNING = (
    "数据库位于网络共享盘上：已改用回滚日志模式（不使用 WAL）。多人同时写入请改用市级 PostgreSQL 服务器。"
)


def resolve_url(path_or_url: str | os.PathLike[str] | None) -> URL:
    """A SQLAlchemy URL for a file path, a URL, or None (the per-user default database).

    A path is never pasted into a URL string: `portfolio%202025.sqlite3` is a file name, not an escape."""
    from app.paths import default_db_path

    if path_or_url is None:
        return URL.create("sqlite", database=str(default_db_path()))
    text_value = os.fspath(path_or_url)
    if "://" in text_value:
        try:
            return make_url(text_value)
        except ArgumentError as exc:
            raise DatabaseError(f"无法识别的数据库地址 / invalid database URL: {text_value}") from exc
    path = Path(text_value).expanduser()
    if path.is_dir():
        raise DatabaseError(f"数据库路径是一个文件夹 / database path is a folder: {path}")
    if not path.parent.exists():
        raise DatabaseError(f"数据库所在文件夹不存在 / folder does not exist: {path.parent}")
    return URL.create("sqlite", database=str(path.resolve()))


def sqlite_file_of(path_or_url: str | os.PathLike[str] | None) -> Path | None:
    """The SQLite file a --db argument names (None for a server or an in-memory database)."""
    url = resolve_url(path_or_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).expanduser().resolve()


def is_network_path(path: Path) -> bool:
    """True for UNC paths and mapped network drives, where SQLite's WAL mode corrupts data."""
    text_value = str(path)
    if text_value.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0]
        if drive:
            drive_remote = 4
            kernel32: Any = getattr(ctypes, "windll").kernel32  # noqa: B009 - windll exists on Windows only
            return bool(kernel32.GetDriveTypeW(drive + "\\") == drive_remote)
        return False
    try:
        # Linux: consult the mount table for network filesystems (cifs, nfs, smb).
        best, fstype = "", ""
        resolved = str(path.resolve())
        with open("/proc/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                parts = line.split()
                if len(parts) >= 3 and resolved.startswith(parts[1]) and len(parts[1]) > len(best):
                    best, fstype = parts[1], parts[2]
        return fstype in {"cifs", "smbfs", "smb3", "nfs", "nfs4", "9p", "fuse.sshfs"}
    except OSError:
        return False


@dataclass
class Database:
    url: URL
    engine: Engine
    session_factory: sessionmaker[Session]
    path: Path | None = None  # the SQLite file; None for a server
    read_only: bool = False
    read_only_reason: str = ""  # in Chinese, for the banner and messages; "" when writable
    created: bool = False  # this open created the database (new or empty file): the GUI says so
    warnings: list[str] = field(default_factory=list)
    backup_path: Path | None = None
    # Transactions committed through this handle that changed something. The CLI retries a command that met
    # another writer only while this is 0: then nothing of it was written and running it again is safe.
    writes_committed: int = 0

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        return self.path

    @property
    def label(self) -> str:
        """What to show people: the file path, or the server URL without its password."""
        return str(self.path) if self.path else self.url.render_as_string(hide_password=True)

    def translate(self, exc: BaseException) -> DatabaseError | None:
        return translate(exc, read_only_reason=self.read_only_reason, path=self.path)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back everything on any error. Lock, disk-full,
        read-only and damaged-file errors from the driver come out as the DatabaseError subclasses."""
        session = self.session_factory()
        try:
            yield session
            session.commit()
        except BaseException as exc:
            try:
                session.rollback()
            except SQLAlchemyError:  # the connection is gone; the server/file rolls back on its own
                log.warning("rollback failed after %s", type(exc).__name__)
            mapped = self.translate(exc) if isinstance(exc, (SQLAlchemyError, sqlite3.Error, OSError)) else None
            if mapped is not None and mapped is not exc:
                raise mapped from exc
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_creator(
    path: Path, mode: str, *, immutable: bool, journal_mode: str | None
) -> Callable[[], sqlite3.Connection]:
    def connect() -> sqlite3.Connection:
        con = sqlite_file.connect(path, mode, immutable=immutable, busy_timeout_s=BUSY_TIMEOUT_MS / 1000)
        try:
            con.execute("PRAGMA foreign_keys=ON")
            con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if journal_mode:
                con.execute(f"PRAGMA journal_mode={journal_mode}")
        except BaseException:
            con.close()
            raise
        return con

    return connect


def _track_writes_and_begin(db: Database) -> None:
    """Count committed transactions that wrote; on SQLite, emit BEGIN ourselves (pysqlite's own transaction
    handling interferes with SAVEPOINT and PRAGMA, so connections are in autocommit mode and SQLAlchemy drives)."""
    engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _note_write(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip()[:7].upper().startswith(_WRITE_VERBS):
            conn.info["wrote"] = True

    @event.listens_for(engine, "commit")
    def _on_commit(conn: Connection) -> None:
        if conn.info.pop("wrote", False):
            db.writes_committed += 1

    @event.listens_for(engine, "rollback")
    def _on_rollback(conn: Connection) -> None:
        conn.info.pop("wrote", None)

    if db.is_sqlite:

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN")


def _guard_read_only(db: Database) -> None:
    """A read-only database refuses a write before any SQL is sent, with the reason in the message."""

    def before_flush(session: Session, _context: Any, _instances: Any) -> None:
        if session.new or session.dirty or session.deleted:
            raise ReadOnlyDatabaseError(db.read_only_reason)

    event.listen(db.session_factory, "before_flush", before_flush)


def _new_database(url: URL, engine: Engine, **kwargs: Any) -> Database:
    db = Database(
        url=url,
        engine=engine,
        session_factory=sessionmaker(engine, expire_on_commit=False),
        **kwargs,
    )
    _track_writes_and_begin(db)
    if db.read_only:
        _guard_read_only(db)
    return db


def _missing_message(path: Path, found: sqlite_file.SqliteFile) -> str:
    if not found.exists:
        return f"数据库文件不存在：{path}；请先运行 init 创建 / database file not found: {path} (run init to create it)"
    return (
        f"数据库文件是空的（尚未初始化）：{path}；请先运行 init / database file is empty (not initialised): {path} "
        f"(run init)"
    )


def _open_sqlite(url: URL, path: Path, *, create: bool, upgrade: bool, backup: bool) -> Database:
    found = sqlite_file.probe(path)  # reads only; raises for files that are not ours to touch
    problem = migrate.refusal(found.revision, found.tables, str(path))
    if problem is not None:
        raise problem
    warnings: list[str] = []
    if found.empty and not create:
        raise DatabaseMissingError(_missing_message(path, found))
    read_only = bool(found.read_only_reason)
    if read_only and found.empty:
        raise ReadOnlyDatabaseError(f"{found.read_only_reason}；无法在此创建数据库")
    if read_only and upgrade and found.revision != migrate.head_revision():
        raise DatabaseError(
            f"该数据库需要升级到新的结构版本，但{found.read_only_reason}，无法升级；请复制到可写的位置再打开 / "
            f"the database needs an upgrade but is read-only: {path}"
        )
    if read_only:
        if found.needs_immutable and Path(f"{path}-wal").exists():
            warnings.append("只读介质上有未合并的 -wal 日志文件：最后几次修改可能看不到。")
        creator = _sqlite_creator(path, "ro", immutable=found.needs_immutable, journal_mode=None)
    else:
        journal = "WAL"
        if is_network_path(path):
            journal = "DELETE"
            warnings.append(NETWORK_DRIVE_WARNING)
        creator = _sqlite_creator(path, "rw", immutable=False, journal_mode=journal)
        if not found.exists:
            sqlite_file.connect(path, "rwc").close()  # create the file; `rw` never creates one by accident
    engine = create_engine(url, creator=creator)
    db = _new_database(
        url,
        engine,
        path=path,
        read_only=read_only,
        read_only_reason=found.read_only_reason,
        created=found.empty,
        warnings=warnings,
    )
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        if upgrade and not read_only:
            db.backup_path = migrate.upgrade_to_head(db, backup=backup)
    except BaseException as exc:
        engine.dispose()
        if not found.exists:  # a file this call created and could not finish: no half-made database
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
                leftover.unlink(missing_ok=True)
        _raise_open_error(exc, str(path), found.read_only_reason, path)
    return db


def _raise_open_error(exc: BaseException, where: str, read_only_reason: str = "", path: Path | None = None) -> NoReturn:
    if isinstance(exc, DatabaseError):
        raise exc
    if not isinstance(exc, (SQLAlchemyError, sqlite3.Error, OSError)):
        raise exc
    mapped = translate(exc, read_only_reason=read_only_reason, path=path)
    if mapped is not None:
        raise mapped from exc
    raise DatabaseError(f"无法打开数据库 / cannot open database {where}: {one_line(exc)}") from exc


def _open_server(url: URL, *, create: bool, upgrade: bool, backup: bool) -> Database:
    shown = url.render_as_string(hide_password=True)
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # missing driver, malformed URL
        raise DatabaseError(f"无法连接数据库 / cannot open database {shown}: {one_line(exc)}") from exc
    try:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
            revision = migrate.revision_of(conn)
            read_only = (
                engine.dialect.name == "postgresql"
                and conn.execute(text("SHOW transaction_read_only")).scalar() == "on"
            )
    except Exception as exc:
        engine.dispose()
        _raise_open_error(exc, shown)
    problem = migrate.refusal(revision, tables, shown)
    empty = revision is None and not tables
    reason = "服务器只允许读取（只读副本或只读连接）" if read_only else ""
    if problem is None and empty and not create:
        problem = DatabaseMissingError(
            f"数据库中还没有本程序的数据表：{shown}；请先运行 init / the database is not initialised (run init)"
        )
    if problem is None and read_only and (empty or (upgrade and revision != migrate.head_revision())):
        problem = DatabaseError(f"数据库需要初始化或升级，但{reason} / the database is read-only: {shown}")
    if problem is not None:
        engine.dispose()
        raise problem
    db = _new_database(url, engine, read_only=read_only, read_only_reason=reason, created=empty)
    if upgrade and not read_only:
        try:
            db.backup_path = migrate.upgrade_to_head(db, backup=backup)
        except BaseException as exc:
            engine.dispose()
            _raise_open_error(exc, shown)
    return db


def open_database(
    path_or_url: str | os.PathLike[str] | None = None,
    *,
    create: bool = True,
    upgrade: bool = True,
    backup: bool = True,
) -> Database:
    """Open and migrate a database; create it only when `create` is true (a missing or empty SQLite file, or
    a server database without tables). Raises DatabaseError (or a subclass) with a message for people."""
    url = resolve_url(path_or_url)
    if url.get_backend_name() != "sqlite":
        return _open_server(url, create=create, upgrade=upgrade, backup=backup)
    if not url.database or url.database == ":memory:":
        return _open_memory(url, upgrade=upgrade)
    path = Path(url.database).expanduser().resolve()
    if not path.parent.is_dir():
        raise DatabaseError(f"数据库所在文件夹不存在 / folder does not exist: {path.parent}")
    url = url.set(database=str(path))
    return _open_sqlite(url, path, create=create, upgrade=upgrade, backup=backup)


def _open_memory(url: URL, *, upgrade: bool) -> Database:
    """A throw-away in-memory database (scripts and experiments): one connection, always created."""
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    db = _new_database(url, engine, created=True)
    if upgrade:
        migrate.upgrade_to_head(db, backup=False)
    return db
