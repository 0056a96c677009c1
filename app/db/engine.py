"""Opening a database: URL resolution, SQLite pragmas, network-drive safety, migrations, session factory."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from app.db import migrate

log = logging.getLogger(__name__)


class DatabaseError(Exception):
    """A problem opening the database that the user can act on; the message is for people."""


def one_line(exc: BaseException) -> str:
    """The driver's own message without SQLAlchemy's multi-line background links."""
    inner = getattr(exc, "orig", None) or exc
    return str(inner).splitlines()[0] if str(inner) else type(inner).__name__


def resolve_url(path_or_url: str | os.PathLike | None) -> str:
    """A SQLAlchemy URL for a file path, a URL, or None (the per-user default database)."""
    from app.paths import default_db_path

    if path_or_url is None:
        return f"sqlite:///{default_db_path()}"
    text = str(path_or_url)
    if "://" in text:
        try:
            make_url(text)
        except ArgumentError as exc:
            raise DatabaseError(f"无法识别的数据库地址 / invalid database URL: {text}") from exc
        return text
    path = Path(text).expanduser()
    if path.exists() and path.is_dir():
        raise DatabaseError(f"数据库路径是一个文件夹 / database path is a folder: {path}")
    if not path.parent.exists():
        raise DatabaseError(f"数据库所在文件夹不存在 / folder does not exist: {path.parent}")
    return f"sqlite:///{path.resolve()}"


def is_network_path(path: Path) -> bool:
    """True for UNC paths and mapped network drives, where SQLite's WAL mode corrupts data."""
    text = str(path)
    if text.startswith("\\\\") or text.startswith("//"):
        return True
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0]
        if drive:
            DRIVE_REMOTE = 4
            return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE
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
    url: str
    engine: Engine
    session_factory: sessionmaker
    warnings: list[str] = field(default_factory=list)
    backup_path: Path | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        database = make_url(self.url).database
        return Path(database) if database and database != ":memory:" else None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back everything on any error."""
        session = self.session_factory()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _install_sqlite_pragmas(engine: Engine, journal_mode: str) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # pysqlite's own transaction handling interferes with SAVEPOINT and PRAGMA; let SQLAlchemy drive.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA journal_mode={journal_mode}")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN")


def open_database(
    path_or_url: str | os.PathLike | None = None,
    *,
    upgrade: bool = True,
    backup: bool = True,
) -> Database:
    """Open (creating if needed) and migrate a database. Raises DatabaseError with a readable message."""
    url = resolve_url(path_or_url)
    sa_url = make_url(url)
    warnings: list[str] = []
    if sa_url.get_backend_name() == "sqlite":
        db_file = sa_url.database
        journal = "WAL"
        if db_file and db_file != ":memory:" and is_network_path(Path(db_file)):
            journal = "DELETE"
            warnings.append(
                "数据库位于网络共享盘上：已改用回滚日志模式（不使用 WAL）。多人同时写入请改用市级 PostgreSQL 服务器。"
            )
        engine = create_engine(url, future=True)
        _install_sqlite_pragmas(engine, journal)
    else:
        try:
            engine = create_engine(url, future=True, pool_pre_ping=True)
        except Exception as exc:  # missing driver, malformed URL
            raise DatabaseError(f"无法连接数据库 / cannot open database {url}: {one_line(exc)}") from exc
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:
        engine.dispose()
        raise DatabaseError(f"无法打开数据库 / cannot open database {url}: {one_line(exc)}") from exc

    db = Database(
        url=url,
        engine=engine,
        session_factory=sessionmaker(engine, expire_on_commit=False, future=True),
        warnings=warnings,
    )
    if upgrade:
        try:
            db.backup_path = migrate.upgrade_to_head(db, backup=backup)
        except migrate.SchemaTooNew as exc:
            engine.dispose()
            raise DatabaseError(str(exc)) from exc
        except migrate.NotOurDatabase as exc:
            engine.dispose()
            raise DatabaseError(str(exc)) from exc
    return db
