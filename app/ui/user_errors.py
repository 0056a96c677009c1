"""One clear Chinese sentence for a write the database refused, instead of 程序错误 and a traceback.

Two situations an officer meets in practice: the database file is read-only (a CD, a shared folder without
write permission, a copy opened from an e-mail attachment) and another program is writing the same SQLite
file at this moment ("database is locked"). Neither is a bug; both leave the data as it was.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.workspace import DatabaseError

# Fragments of the SQLite driver's messages (sqlite3.OperationalError, wrapped by SQLAlchemy).
_LOCKED = ("database is locked", "database table is locked", "database is busy")
_READ_ONLY = ("attempt to write a readonly database", "readonly database", "read-only file system")


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def chinese_part(message: str) -> str:
    """The Chinese half of a bilingual core message ("中文 / English"), for the Chinese interface."""
    return message.split(" / ", 1)[0].strip()


def write_error_text(exc: BaseException) -> str | None:
    """The sentence to show when `exc` means the database refused a write; None for any other error."""
    for link in _chain(exc):
        if isinstance(link, DatabaseError):  # ReadOnlyDatabaseError among them: messages written for people
            return chinese_part(str(link)) or QCoreApplication.translate(
                "user_errors", "数据库是只读的，修改没有保存。"
            )
        text = str(link).lower()
        if any(fragment in text for fragment in _LOCKED):
            return QCoreApplication.translate("user_errors", "另一个程序正在写入这个数据库，修改没有保存；请稍后再试。")
        if any(fragment in text for fragment in _READ_ONLY):
            return QCoreApplication.translate("user_errors", "数据库文件是只读的（没有写入权限），修改没有保存。")
    return None
