"""Looking at a SQLite file before the program touches it: is it there, is it SQLite, is it ours, may we write.

Nothing here changes the file. The probe reads the 100-byte header with plain file I/O, then the table list and
the schema revision through a read-only connection; a database in WAL mode whose `-wal` file does not exist is
read with `immutable=1` (all its data is in the main file then), so the probe does not even leave `-wal`/`-shm`
files behind. Only after the program has accepted a file does it open it for writing (app.db.engine).
"""

from __future__ import annotations

import os
import sqlite3
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from app.db.errors import DatabaseCorruptError, DatabaseError, DiskFullError, one_line, translate

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
WAL_FORMAT = 2  # header bytes 18/19 (write/read format version): 1 = rollback journal, 2 = WAL

READ_ONLY_MEDIA = "文件位于只读的存储介质上（光盘、写保护的U盘或只读共享）"
READ_ONLY_FILE = "没有修改该文件的权限（文件为只读）"
READ_ONLY_FOLDER = "没有在数据库所在文件夹中写入的权限（SQLite 需要在同一文件夹中写日志文件）"


class NotADatabaseFile(DatabaseError):
    """The file exists but is not a SQLite database (no SQLite header)."""


@dataclass(frozen=True)
class SqliteFile:
    """What the probe found. `empty` covers a missing file, a 0-byte file and a SQLite file with no tables:
    all three are a database that `init` may create and nothing else may write."""

    path: Path
    exists: bool
    empty: bool
    wal: bool
    tables: tuple[str, ...]
    revision: str | None
    read_only_reason: str  # "" when the program may write
    needs_immutable: bool  # read-only media without the WAL index file: only immutable=1 can read it


def sqlite_uri(path: Path, mode: str, *, immutable: bool = False) -> str:
    """A `file:` URI for sqlite3.connect(uri=True). The path is percent-encoded, so `%`, `?` and `#` in a
    file name stay part of the name instead of starting a query or fragment."""
    posix = path.as_posix()
    prefix = "//" if posix.startswith("//") else ""  # a Windows UNC path keeps an empty URI authority
    query = f"mode={mode}" + ("&immutable=1" if immutable else "")
    return f"file:{prefix}{urllib.parse.quote(posix, safe='/:')}?{query}"


def connect(path: Path, mode: str, *, immutable: bool = False, busy_timeout_s: float = 10.0) -> sqlite3.Connection:
    """A DB-API connection in autocommit mode (SQLAlchemy or the caller emits BEGIN); `mode` is ro, rw or rwc."""
    return sqlite3.connect(
        sqlite_uri(path, mode, immutable=immutable),
        uri=True,
        timeout=busy_timeout_s,
        check_same_thread=False,  # the pool hands connections to worker threads, one at a time
        isolation_level=None,
    )


def read_only_reason(path: Path) -> str:
    """Why the program may not write this database file (and its journal beside it); "" when it may."""
    folder = path.parent
    if sys.platform != "win32":
        try:
            if os.statvfs(folder).f_flag & os.ST_RDONLY:
                return READ_ONLY_MEDIA
        except OSError:
            pass
    if path.exists() and not os.access(path, os.W_OK):
        return READ_ONLY_FILE
    if sys.platform != "win32" and not os.access(folder, os.W_OK | os.X_OK):
        return READ_ONLY_FOLDER
    return ""


def _header(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(HEADER_SIZE)


def _read_schema(con: sqlite3.Connection) -> tuple[tuple[str, ...], str | None]:
    tables = tuple(
        row[0]
        for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    )
    revision = None
    if "alembic_version" in tables:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = str(row[0]) if row else None
    return tables, revision


def probe(path: Path) -> SqliteFile:
    """Inspect `path` without changing it. Raises NotADatabaseFile, DatabaseCorruptError or DatabaseError."""
    reason = read_only_reason(path) if path.parent.exists() else ""
    if not path.exists():
        return SqliteFile(path, False, True, False, (), None, reason, False)
    try:
        header = _header(path)
    except OSError as exc:
        raise DatabaseError(f"无法读取数据库文件（{exc.strerror or exc}） / cannot read {path}") from exc
    if not header:
        return SqliteFile(path, True, True, False, (), None, reason, False)
    if not header.startswith(SQLITE_MAGIC):
        raise NotADatabaseFile(f"该文件不是有效的数据库文件 / not a database file: {path}")
    wal = len(header) > 18 and header[18] == WAL_FORMAT
    wal_file_exists = Path(f"{path}-wal").exists()
    # A WAL database without its -wal file keeps everything in the main file: read it as immutable so that
    # the probe creates no -wal/-shm files. With a -wal file present, read normally (it may hold data).
    immutable = wal and not wal_file_exists
    # On read-only media (or in a folder we may not write) SQLite cannot create the WAL index (-shm), and a
    # read-only connection then fails with "unable to open database file"; immutable=1 reads the file as is.
    needs_immutable = wal and reason in (READ_ONLY_MEDIA, READ_ONLY_FOLDER) and not Path(f"{path}-shm").exists()
    try:
        con = connect(path, "ro", immutable=immutable or needs_immutable)
        try:
            tables, revision = _read_schema(con)
        finally:
            con.close()
    except sqlite3.Error as exc:
        mapped = translate(exc, read_only_reason=reason, path=path)
        if isinstance(mapped, (DatabaseCorruptError, DiskFullError)):
            raise mapped from exc
        raise DatabaseError(f"无法读取数据库文件（{one_line(exc)}） / cannot read {path}") from exc
    return SqliteFile(path, True, not tables, wal, tables, revision, reason, needs_immutable)


def check_messages(con: sqlite3.Connection, pragma: str) -> list[str]:
    """The lines of ``PRAGMA integrity_check`` / ``quick_check`` (``pragma``, with its argument if any).

    The messages about a damaged file, and the error SQLite stops the check with, can quote names and values from
    its garbled pages: bytes that are not UTF-8. Python's sqlite3 then raised UnicodeDecodeError instead of the
    error or the report. The lines are read as bytes, and such an error is raised as the sqlite3.DatabaseError it
    is, its message decoded with replacement characters."""
    factory = con.text_factory
    con.text_factory = bytes
    try:
        rows = con.execute(f"PRAGMA {pragma}").fetchall()
    except UnicodeDecodeError as exc:
        message = exc.object.decode("utf-8", "replace") if isinstance(exc.object, bytes) else str(exc)
        raise sqlite3.DatabaseError(message) from exc
    finally:
        con.text_factory = factory
    return [row[0].decode("utf-8", "replace") if isinstance(row[0], bytes) else str(row[0]) for row in rows]


def integrity_problems(path: Path) -> list[str]:
    """SQLite's own integrity check through a read-only connection: [] when healthy. Damage that stops the
    check itself (a broken schema page, a file that is not SQLite) is reported as a problem, not raised."""
    try:
        header = _header(path)
    except OSError as exc:
        return [f"cannot read the file: {exc.strerror or exc}"]
    if not header:
        return []
    if not header.startswith(SQLITE_MAGIC):
        return ["the file is not a SQLite database (no SQLite header)"]
    wal = len(header) > 18 and header[18] == WAL_FORMAT
    immutable = wal and not Path(f"{path}-wal").exists()
    try:
        con = connect(path, "ro", immutable=immutable)
        try:
            result = check_messages(con, "integrity_check(20)")
        finally:
            con.close()
    except sqlite3.Error as exc:
        return [f"SQLite cannot read the file: {one_line(exc)}"]
    return [] if result == ["ok"] else [f"SQLite integrity_check: {line}" for line in result]
