"""The portfolio's bulk reads and the summary store's bulk write, on the driver's own cursor where that is faster.

At 100,000 projects SQLAlchemy's result rows and fetch loop cost about as much as SQLite's own work for the
portfolio's two big reads, and its executemany cost as much as SQLite's for the 100,000 updates of the day's
first store. On SQLite a SELECT is executed by SQLAlchemy (the same SQL, from its statement cache) and its rows
fetched straight from the driver's cursor; an UPDATE is compiled by SQLAlchemy and run on the driver's cursor. Both
on the session's own connection, inside its transaction: they see, and write, exactly what the session would.
Other databases go through SQLAlchemy as usual (their rows index like tuples too).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Select, Update


def _compiled(connection: Connection, stmt: Select[*tuple[Any, ...]] | Update) -> Any:
    return stmt.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})


def all_rows(
    connection: Connection, stmt: Select[*tuple[Any, ...]], parameters: Mapping[str, Any] | None = None
) -> list[Any]:
    """Every row of a SELECT (run with `parameters`, if any), as tuples. On SQLite the statement is executed by
    SQLAlchemy (its compiled-statement cache: compiling the portfolio's two reads took 3 ms each per load) and its
    rows fetched from the driver's cursor, without SQLAlchemy's per-row work."""
    if connection.dialect.name != "sqlite":
        return list(connection.execute(stmt, parameters).all())
    result = connection.execute(stmt, parameters)
    try:
        return list(result.cursor.fetchall())  # (sqlite3 gives a list already: no copy of the rows themselves)
    finally:
        result.close()


def execute_many(connection: Connection, stmt: Update, parameters: Sequence[Mapping[str, Any]]) -> int:
    """An UPDATE once per parameter set (plain values, bound by name); returns how many rows it changed."""
    if not parameters:
        return 0
    if connection.dialect.name != "sqlite":
        written: int = connection.execute(stmt, list(parameters)).rowcount
        return max(written, 0)
    compiled = _compiled(connection, stmt)
    names = compiled.positiontup or ()
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(compiled.string, [[entry[name] for name in names] for entry in parameters])
        changed: int = cursor.rowcount
        return max(changed, 0)
    finally:
        cursor.close()
