"""Schema upgrades with Alembic: back up first, refuse databases written by a newer version of the app."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.exc import DatabaseError as SADatabaseError

if TYPE_CHECKING:
    from app.db.engine import Database

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class SchemaTooNew(Exception):
    pass


class NotOurDatabase(Exception):
    pass


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _table_names(db: Database) -> list[str]:
    try:
        return inspect(db.engine).get_table_names()
    except SADatabaseError as exc:
        raise NotOurDatabase(f"该文件不是有效的数据库文件 / not a database file: {db.url} ({exc.orig})") from exc


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
    finally:
        dst.close()
        src.close()
    return target


def upgrade_to_head(db: Database, backup: bool = True) -> Path | None:
    """Bring the schema to head. Returns the backup file made before changing an existing database."""
    tables = _table_names(db)
    current = current_revision(db)
    head = head_revision()
    if current == head:
        return None
    if current is not None and current not in known_revisions():
        raise SchemaTooNew(
            f"该数据库由更新版本的程序创建（结构版本 {current}），本程序（结构版本 {head}）不能打开它，也不会修改它。"
            f"请升级程序。/ database schema {current} is newer than this program ({head}); refusing to open it."
        )
    if current is None and tables:
        raise NotOurDatabase(
            f"该数据库不是本程序的数据库（已有表：{', '.join(sorted(tables)[:5])}），不会修改它。"
            f" / not a portfolio database; refusing to modify it."
        )
    backup_path = backup_sqlite(db, f"before-{head}") if (backup and current is not None) else None
    cfg = alembic_config()
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection if db.is_sqlite else None
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
