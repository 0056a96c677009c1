"""Which database a workbook was exported from, so an import knows whether the two share a history.

The three-way comparison of an import trusts the workbook's exported values (_base) as the common starting
point only when the workbook came from this same database. A county running its own copy of the program
exports from another database: the same projects (seeded with the same ids), but record versions and values
of its own. The mark is a random id kept in the database's settings, created on the first export.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from app.db.models import Setting

SETTING_KEY = "exchange.database_id"


def database_id(session: Session, *, create: bool) -> str | None:
    """This database's mark; created (in the caller's transaction) when missing and `create` is true."""
    row = session.get(Setting, SETTING_KEY)
    if row is not None and row.value:
        return row.value
    if not create:
        return None
    value = uuid.uuid4().hex
    if row is None:
        session.add(Setting(key=SETTING_KEY, value=value))
    else:
        row.value = value
    session.flush()
    return value
