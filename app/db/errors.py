"""Database errors people can act on, and the one translation of driver errors into them.

SQLite and PostgreSQL report the same situations (another writer, a full disk, a read-only file, a damaged
file) with different codes and English text that mentions SQL. `translate` turns them into these classes with
a short bilingual message; everything that talks to a database (sessions, the CLI, the GUI's error box) uses it,
so a situation reads the same wherever it happens.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

__all__ = [
    "DatabaseBusyError",
    "DatabaseCorruptError",
    "DatabaseError",
    "DatabaseMissingError",
    "DiskFullError",
    "ReadOnlyDatabaseError",
    "disk_is_full",
    "one_line",
    "translate",
]

# SQLite primary result codes (the low byte of an extended code), from sqlite3.h.
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

# PostgreSQL SQLSTATE codes.
PG_DISK_FULL = {"53100"}
PG_READ_ONLY = {"25006"}
PG_BUSY = {"40001", "40P01", "55P03", "57014"}  # serialization failure, deadlock, lock timeout, statement timeout

DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
NEARLY_FULL_BYTES = 1024 * 1024  # less free space than this, and an I/O error is taken to be a full disk


class DatabaseError(Exception):
    """A problem with the database that the user can act on; the message is for people."""


class DatabaseMissingError(DatabaseError):
    """The database file does not exist (or is an empty file) and this command may not create it."""


class ReadOnlyDatabaseError(DatabaseError):
    """A write was attempted on a database opened read-only; nothing was written."""

    def __init__(self, reason: str = ""):
        detail = f"（{reason}）" if reason else ""
        super().__init__(
            f"数据库是只读的{detail}，不能保存修改；可以查看和导出。"
            f" / the database is read-only: changes cannot be saved"
        )
        self.reason = reason


class DatabaseBusyError(DatabaseError):
    """Another program holds the write lock (SQLite) or a conflicting lock (PostgreSQL); nothing was written."""

    def __init__(self) -> None:
        super().__init__(
            "另一个程序正在写入数据库，请稍后再试 / another program is writing to the database, try again later"
        )


class DiskFullError(DatabaseError):
    """The disk (or quota) is full; the write was not completed and what was there before is unchanged."""

    def __init__(self, where: str = ""):
        place = f"：{where}" if where else ""
        super().__init__(
            f"磁盘空间不足{place}；本次操作未完成，原有数据未受影响，请清理磁盘后重试 / disk full: nothing was written"
        )
        self.where = where


class DatabaseCorruptError(DatabaseError):
    """The file is damaged (or not a SQLite database at all)."""

    def __init__(self, detail: str = ""):
        extra = f"（{detail}）" if detail else ""
        super().__init__(f"数据库文件已损坏{extra}；请运行 check 查看，或从备份恢复 / the database file is damaged")
        self.detail = detail


def one_line(exc: BaseException) -> str:
    """The driver's own message without SQLAlchemy's multi-line background links."""
    inner = getattr(exc, "orig", None) or exc
    text = str(inner)
    return text.splitlines()[0] if text else type(inner).__name__


def _driver_error(exc: BaseException) -> BaseException:
    """The DB-API exception inside a SQLAlchemy wrapper (or the exception itself)."""
    inner = getattr(exc, "orig", None)
    return inner if isinstance(inner, BaseException) else exc


def _sqlite_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(exc).lower()  # older Pythons do not carry the code; SQLite's own wording is stable
    for needle, primary in (
        ("database is locked", SQLITE_BUSY),
        ("database table is locked", SQLITE_LOCKED),
        ("database or disk is full", SQLITE_FULL),
        ("readonly database", SQLITE_READONLY),
        ("malformed", SQLITE_CORRUPT),
        ("file is not a database", SQLITE_NOTADB),
        ("unable to open database", SQLITE_CANTOPEN),
        ("disk i/o error", SQLITE_IOERR),
    ):
        if needle in text:
            return primary
    return None


def disk_is_full(path: Path | None) -> bool:
    """Whether the file system holding `path` has (almost) no room left. SQLite reports some writes that fail
    for lack of space as plain I/O errors (the WAL index cannot grow), without an errno to tell why."""
    if path is None:
        return False
    folder = path if path.is_dir() else path.parent
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def translate(exc: BaseException, *, read_only_reason: str = "", path: Path | None = None) -> DatabaseError | None:
    """The DatabaseError for a driver/OS error that people can act on, or None for anything else
    (a programming error stays what it is, so it is not disguised as a disk or lock problem).
    `path`: the database file, when known, to recognise an I/O error caused by a full disk."""
    if isinstance(exc, DatabaseError):
        return exc
    inner = _driver_error(exc)
    if isinstance(inner, OSError):
        if inner.errno in DISK_FULL_ERRNOS:
            return DiskFullError(str(inner.filename or ""))
        if inner.errno == errno.EROFS:
            return ReadOnlyDatabaseError(read_only_reason or "文件所在的存储介质是只读的")
        return None
    if isinstance(inner, sqlite3.Error):
        code = _sqlite_code(inner)
        if code in (SQLITE_BUSY, SQLITE_LOCKED):
            return DatabaseBusyError()
        if code == SQLITE_FULL:
            return DiskFullError()
        if code == SQLITE_READONLY:
            return ReadOnlyDatabaseError(read_only_reason or "没有写入权限")
        if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
            return DatabaseCorruptError(one_line(inner))
        if code in (SQLITE_IOERR, SQLITE_CANTOPEN) and disk_is_full(path):
            return DiskFullError(str(path))
        if code == SQLITE_IOERR:
            return DatabaseError(f"读写数据库文件失败（{one_line(inner)}） / disk I/O error")
        if code == SQLITE_CANTOPEN:
            return DatabaseError(f"无法打开数据库文件（{one_line(inner)}） / cannot open the database file")
        return None
    sqlstate = getattr(inner, "sqlstate", None)
    if isinstance(sqlstate, str):
        if sqlstate in PG_DISK_FULL:
            return DiskFullError("数据库服务器")
        if sqlstate in PG_READ_ONLY:
            return ReadOnlyDatabaseError(read_only_reason or "服务器只允许读取")
        if sqlstate in PG_BUSY:
            return DatabaseBusyError()
        if sqlstate.startswith("08"):  # connection exceptions
            return DatabaseError(f"与数据库服务器的连接中断（{one_line(inner)}） / connection to the server lost")
    return None
