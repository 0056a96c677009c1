"""Every row of a SELECT as plain tuples, read the fastest way the database allows.

At 100,000 projects SQLAlchemy's result rows and fetch loop cost about as much as SQLite's own work for the
portfolio's two big reads. On SQLite the statement is compiled by SQLAlchemy (so it is the same SQL) and run on
the driver's cursor of the same connection, inside the session's own transaction: the rows see exactly what
the session sees. Other databases go through SQLAlchemy as usual (their rows index like tuples too).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select


def all_rows(connection: Connection, stmt: Select[*tuple[Any, ...]]) -> list[Any]:
    if connection.dialect.name != "sqlite":
        return list(connection.execute(stmt).all())
    compiled = stmt.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    positional = [params[name] for name in compiled.positiontup or ()]
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        rows: list[Any] = cursor.execute(compiled.string, positional).fetchall()
        return rows
    finally:
        cursor.close()
