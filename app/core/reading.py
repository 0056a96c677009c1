"""Opening a database for a command that only reads, without the ORM, when opening it would write nothing.

app.core.workspace.open_workspace creates, upgrades and seeds a database and adds the reference rows every
database needs; for that it imports SQLAlchemy, its ORM and every mapped model (about 1 s of CPU, most of what
`projects --json` cost on a portfolio of a thousand projects). When the database is a SQLite file at the
program's schema revision that already has its projects and its counties, none of that would change anything,
and `open_reader` hands back a plain read-only DB-API connection instead. In every other case it returns None
and the command opens the workspace as before (which then does what is needed, with the usual messages).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from app.core import reference as ref
from app.db import sqlite_reader


def _sqlite_file(db: str | os.PathLike[str] | None) -> Path | None:
    """The existing SQLite file that open_workspace(db) would open; None for a URL, a server, or a path that
    does not name an existing file (the ordinary open explains those)."""
    if db is None:
        from app.paths import default_db_path

        path = default_db_path()
    else:
        text = os.fspath(db)
        if "://" in text:
            return None
        path = Path(text).expanduser()
    return path.resolve() if path.is_file() else None


def _nothing_to_add(connection: sqlite3.Connection) -> bool:
    """Whether opening the workspace would leave this database as it is: it has projects (no seeding) and
    every county of the reference list (seed.ensure_counties would add a missing one)."""
    if connection.execute("SELECT EXISTS (SELECT 1 FROM projects)").fetchone()[0] != 1:
        return False
    present = {name for (name,) in connection.execute("SELECT name FROM counties")}
    return present.issuperset(ref.COUNTY_NAMES)


def open_reader(db: str | os.PathLike[str] | None) -> sqlite3.Connection | None:
    """A read-only connection to the database `db` names (as open_workspace takes it), with no transaction
    open, or None when the command should open the workspace instead (see the module's docstring)."""
    path = _sqlite_file(db)
    if path is None:
        return None
    connection = sqlite_reader.open_reader(path)
    if connection is None:
        return None
    try:
        ready = _nothing_to_add(connection)
    except BaseException:
        connection.close()
        raise
    if not ready:
        connection.close()
        return None
    return connection
