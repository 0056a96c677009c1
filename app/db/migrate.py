"""Schema upgrades with Alembic: back up first, refuse databases written by a newer version of the app.

Deciding whether a migration is due costs one SQL query: the revisions the program knows are read from the
migration files' own `revision = ...` lines (no Alembic import), and the database's revision from its
`alembic_version` table. Alembic (a second of imports) is loaded only when an upgrade actually runs, and
SQLAlchemy only by the functions that take a connection: deciding whether a file is current (`head_revision`,
`refusal`) needs neither, so a command that only reads a current database can do without both.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.db.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

    from app.db.engine import Database

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_REVISION_LINE = re.compile(r"""^revision\s*(?::\s*str\s*)?=\s*["']([^"']+)["']""", re.MULTILINE)
_DOWN_LINE = re.compile(r"""^down_revision\s*(?::[^=]+)?=\s*(None|["']([^"']+)["'])""", re.MULTILINE)


class SchemaTooNew(DatabaseError):
    """The database was written by a newer program (a revision this one does not know)."""


class NotOurDatabase(DatabaseError):
    """A database that is not a portfolio database (other tables, no schema revision)."""


def revision_chain() -> list[str]:
    """The known revisions, oldest first, read from the migration files without importing Alembic."""
    parents: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        source = script.read_text(encoding="utf-8")
        revision, down = _REVISION_LINE.search(source), _DOWN_LINE.search(source)
        if revision and down:
            parents[revision.group(1)] = down.group(2)
    chain: list[str] = []
    current: str | None = next((rev for rev, parent in parents.items() if parent is None), None)
    children = {parent: rev for rev, parent in parents.items()}
    while current is not None:
        chain.append(current)
        current = children.get(current)
    if len(chain) != len(parents):
        raise RuntimeError(f"migration files do not form one chain: {sorted(parents)}")
    return chain


def head_revision() -> str:
    return revision_chain()[-1]


def known_revisions() -> set[str]:
    return set(revision_chain())


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def revision_of(conn: Connection) -> str | None:
    """The schema revision recorded in the database, None when it has no alembic_version table or row."""
    from sqlalchemy import inspect, text

    if not inspect(conn).has_table("alembic_version"):
        return None
    value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if value is None else str(value)


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return revision_of(conn)


def refusal(revision: str | None, tables: list[str] | tuple[str, ...], where: str) -> DatabaseError | None:
    """Why the program must not touch this database (newer schema, someone else's tables), or None."""
    head = head_revision()
    if revision is not None and revision not in known_revisions():
        return SchemaTooNew(
            f"该数据库由更新版本的程序创建（结构版本 {revision}），本程序（结构版本 {head}）不能打开它，也不会修改它。"
            f"请升级程序。/ database schema {revision} is newer than this program ({head}); refusing to open it."
        )
    if revision is None and tables:
        return NotOurDatabase(
            f"该数据库不是本程序的数据库（已有表：{', '.join(sorted(tables)[:5])}），不会修改它。"
            f" / not a portfolio database; refusing to modify it: {where}"
        )
    return None


def backup_sqlite(db: Database, reason: str) -> Path | None:
    """Online copy with SQLite's backup API (safe while the file is open)."""
    from app.paths import backup_dir

    source = db.sqlite_path
    if source is None or not source.exists():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir() / f"{source.stem}.{reason}.{stamp}.sqlite3"
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    except BaseException:
        dst.close()
        target.unlink(missing_ok=True)  # no half-written copy that looks like a backup
        raise
    finally:
        dst.close()
        src.close()
    return target


def upgrade_to_head(db: Database, backup: bool = True) -> Path | None:
    """Bring the schema to head. Returns the backup file made before changing an existing database.
    The caller has already refused foreign and newer databases (`refusal`)."""
    from sqlalchemy import inspect

    current = current_revision(db)
    head = head_revision()
    if current == head:
        return None
    problem = refusal(current, inspect(db.engine).get_table_names(), str(db.url))
    if problem is not None:
        raise problem
    from alembic import command  # only now: importing Alembic costs about a second

    backup_path = backup_sqlite(db, f"before-{head}") if (backup and current is not None) else None
    cfg = alembic_config()
    with db.engine.connect() as conn:
        raw: Any = conn.connection.driver_connection if db.is_sqlite else None
        if raw is not None:
            # Batch migrations copy tables, so FK enforcement must be off; SQLite ignores this PRAGMA inside a
            # transaction, hence the raw DB-API call before SQLAlchemy begins one.
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
            if raw is not None:
                problems = raw.execute("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise NotOurDatabase(
                        f"迁移后外键检查失败 / foreign key check failed after migration: {problems[:3]}"
                    )
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
    log.info("database %s upgraded %s -> %s", db.url, current, head)
    return backup_path
