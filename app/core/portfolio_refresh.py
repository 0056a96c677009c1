"""A loaded portfolio brought up to date after a write, reading again only the projects that changed.

Why: every save announces a change, and the table then loaded the whole portfolio again (2.5-4 s of a worker
thread at 100,000 projects, and a quarter of a gigabyte allocated and freed) to show one changed project.

How it stays exact: every write to a project, its quarterly records, milestones, coordination issues or lead
departments bumps the project's summary stamp in the same transaction (database triggers, migration 0005; see
app/core/summary_store.py), whatever program or code path makes it, and a loaded row keeps the stamp it was read
with (PortfolioRow.summary_stamp). A row whose stamp has not moved shows what a full load would show again, but
for what the stamp does not cover, which is read again in full here:
- the set and order of the projects (one narrow ordered read of their ids): a project added, removed or moved in
  the appendix order needs a full load (None is returned);
- each project's count of open review flags (an over-total report opens one): a project whose count moved is read
  again like a changed one.
The rest of a row changes only with what the caller reloads in full for: department and county names, settings
and period states (the change bus's "reference" and "periods" parts), the period shown, and the day (statuses
are judged on a day). PortfolioView.on_changes decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.core import portfolio
from app.core.portfolio import PortfolioRow
from app.db import driver_cursor
from app.db.models import Project, ProjectSummary

# More changed projects than this: a full load (reading them one statement by id, and computing their statuses
# by id, costs more than the full load's single passes; the same bound as portfolio.SUBSET_STATUS_MAX).
REFRESH_MAX = portfolio.SUBSET_STATUS_MAX


@cache
def _order_statement() -> Select[str]:
    return select(Project.id).order_by(Project.appendix_table, Project.row_no, Project.code)


@cache
def _stamps_statement() -> Select[str, int]:
    return select(ProjectSummary.project_id, ProjectSummary.stamp)


def refresh_rows(
    session: Session, rows: Sequence[PortfolioRow], *, period: str | None, judged_on: dt.date
) -> tuple[list[PortfolioRow], list[int]] | None:
    """`rows` (a complete load for `period`, its statuses judged on `judged_on`) as a full load would give them
    now: a new list holding the same row objects where nothing changed and new ones at the positions returned.
    None when a full load is needed: the day changed, a project was added, removed or moved, or more than
    REFRESH_MAX changed. Reads in the session's one snapshot (portfolio.read_in_one_snapshot first)."""
    stored_day = portfolio.stored_status_day(period, None)
    if dt.date.today() != judged_on:
        return None
    connection = session.connection()
    ids = [row.id for row in rows]
    if [pid for (pid,) in driver_cursor.all_rows(connection, _order_statement())] != ids:
        return None
    # Read after the order and before the rows read again (load_rows reads their summaries first): a project
    # written meanwhile has a newer stamp than the one compared here, and is read again next time.
    stamps = dict(driver_cursor.all_rows(connection, _stamps_statement()))
    flags = portfolio.open_flag_counts(connection, None)
    changed = [
        position
        for position, row in enumerate(rows)
        if row.summary_stamp is None
        or stamps.get(row.id) != row.summary_stamp
        or flags.get(row.id, 0) != row.open_flags
    ]
    if len(changed) > REFRESH_MAX:
        return None
    refreshed = list(rows)
    if not changed:
        return refreshed, changed
    fresh = portfolio.load_rows(session, ids=[ids[p] for p in changed], stored_status_of=stored_day)
    by_id = {row.id: row for row in fresh}
    if len(by_id) != len(changed):  # removed after the order was read
        return None
    portfolio.complete_statuses(session, fresh, period=period, as_of=stored_day)
    for row in fresh:  # their search keys, as a full load prepares them (prepare_search keeps one whole load's)
        portfolio.haystack(row)
        portfolio.search_initials(row)
    for position in changed:
        refreshed[position] = by_id[ids[position]]
    return refreshed, changed
