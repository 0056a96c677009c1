"""A plain DB-API connection that only reads a SQLite database already at the program's schema revision.

Opening a database through app.db.engine imports SQLAlchemy (about 0.6 s of CPU before any query), which a
command that only reads a current file does not need. `open_reader` looks at the file the way the engine does
(app.db.sqlite_file.probe) and returns a connection only when opening it would change nothing: the file exists,
has our tables and is at the head revision. Otherwise (missing, empty, to be upgraded, refused) it returns None
and the caller opens the database the ordinary way, which creates, upgrades or refuses it with the usual
messages. Neither SQLAlchemy nor Alembic is imported here.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.db import migrate, sqlite_file
from app.db.errors import DatabaseError

# How much of the file a reader maps into memory (SQLite's own ceiling is just under 2 GiB).
READ_MAP_BYTES = 1 << 30


def open_reader(path: Path) -> sqlite3.Connection | None:
    """A read-only connection (`PRAGMA query_only`) to the SQLite file at `path`, or None when the file needs
    more than reading to be opened (sqlite3.Error from connecting is left to the caller's error handling)."""
    try:
        found = sqlite_file.probe(path)
    except DatabaseError:
        return None  # not a database, damaged, unreadable: the ordinary open says so in its own words
    if found.empty or found.revision != migrate.head_revision():
        return None
    # As the engine opens it (app.db.engine._open_sqlite): read-only when the program may not write there,
    # `immutable=1` where SQLite could not even create the WAL index; query_only refuses any write regardless.
    mode = "ro" if found.read_only_reason else "rw"
    connection = sqlite_file.connect(path, mode, immutable=found.needs_immutable)
    try:
        connection.execute("PRAGMA query_only=ON")
        # A listing sorts the whole table: in memory rather than in temporary files, and the file's pages read
        # through a memory map rather than a read() each (a third of the CPU time was the kernel's at 100k).
        connection.execute("PRAGMA temp_store=MEMORY")
        connection.execute(f"PRAGMA mmap_size={READ_MAP_BYTES}")
    except BaseException:
        connection.close()
        raise
    return connection
