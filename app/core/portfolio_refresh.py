"""A loaded portfolio brought up to date after a write, reading again only the projects that changed.

Why: every save announces a change, and the table then loaded the whole portfolio again (2.5-4 s of a worker
thread at 100,000 projects, and a quarter of a gigabyte allocated and freed) to show one changed project.

How it stays exact: every write to a project, its quarterly records, milestones, coordination issues or lead
departments bumps the project's summary stamp in the same transaction (database triggers, migration 0005; see
app/core/summary_store.py), whatever program or code path makes it, and a loaded row keeps the stamp it was read
with (PortfolioRow.summary_stamp). A row whose stamp has not moved shows what a full load would show again, but
for what the stamp does not cover, which is read again in full here:
- the set and the order of the projects: a project added or removed (the count of projects, and a summary for
  every project shown: each project has one, added and removed with it by the database) or moved in the appendix
  order (a changed project no longer between the two that were beside it, in the database's own order) needs a
  full load (None is returned);
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
from itertools import compress, count, repeat
from operator import ne, or_

from sqlalchemy import Connection, Select, bindparam, func, select
from sqlalchemy.orm import Session

from app.core import portfolio
from app.core.portfolio import PortfolioRow
from app.core.table_columns import Identity
from app.db import driver_cursor
from app.db.models import Project, ProjectSummary

# More changed projects than this: a full load (reading them one statement by id, and computing their statuses
# by id, costs more than the full load's single passes; the same bound as portfolio.SUBSET_STATUS_MAX).
REFRESH_MAX = portfolio.SUBSET_STATUS_MAX


@cache
def _order_statement() -> Select[str]:
    """Some projects (the parameter "only") in the order of a load (portfolio.load_rows)."""
    return (
        select(Project.id)
        .where(Project.id.in_(bindparam("only", expanding=True)))
        .order_by(Project.appendix_table, Project.row_no, Project.code)
    )


@cache
def _count_statement() -> Select[int]:
    return select(func.count()).select_from(Project)


@cache
def _stamps_statement() -> Select[str, int]:
    return select(ProjectSummary.project_id, ProjectSummary.stamp)


def refresh_rows(
    session: Session,
    rows: Sequence[PortfolioRow],
    *,
    period: str | None,
    judged_on: dt.date,
    identity: Identity | None = None,
) -> tuple[list[PortfolioRow], list[int]] | None:
    """`rows` (a complete load for `period`, its statuses judged on `judged_on`) as a full load would give them
    now: a new list holding the same row objects where nothing changed and new ones at the positions returned.
    None when a full load is needed: the day changed, a project was added, removed or moved, or more than
    REFRESH_MAX changed. Reads in the session's one snapshot (portfolio.read_in_one_snapshot first). `identity`:
    the rows' ids, stamps and finding counts when the caller kept them (TableColumns.identity)."""
    stored_day = portfolio.stored_status_day(period, None)
    if dt.date.today() != judged_on:
        return None
    connection = session.connection()
    if identity is None:
        identity = Identity.of(rows)
    ids = identity.ids
    # Read before the rows read again (load_rows reads their summaries first): a project written meanwhile has a
    # newer stamp than the one compared here, and is read again next time.
    stamps = dict(driver_cursor.all_rows(connection, _stamps_statement()))
    counted = driver_cursor.all_rows(connection, _count_statement())[0][0]
    if not len(stamps) == len(rows) == counted:
        return None
    flags = portfolio.open_flag_counts(connection, None)
    # Compared in C, a column at a time (a Python test per row took 160 ms at 100,000 rows). A row read without a
    # summary (stamp None) never equals a stamp read, so it is read again.
    stamp_moved = map(ne, map(stamps.get, ids), identity.stamps)
    flags_moved = map(ne, map(flags.get, ids, repeat(0)), identity.flags)
    changed = list(compress(count(), map(or_, stamp_moved, flags_moved)))
    if len(changed) > REFRESH_MAX:
        return None
    refreshed = list(rows)
    if not changed:
        return refreshed, changed
    if not _in_place(connection, ids, changed):
        return None
    fresh = portfolio.load_rows(session, ids=[ids[p] for p in changed], stored_status_of=stored_day)
    by_id = {row.id: row for row in fresh}
    if len(by_id) != len(changed):  # (a summary without its project: the database's cascade did not run)
        return None
    portfolio.complete_statuses(session, fresh, period=period, as_of=stored_day)
    for row in fresh:  # their search keys, as a full load prepares them (prepare_search keeps one whole load's)
        portfolio.haystack(row)
        portfolio.search_initials(row)
    for position in changed:
        refreshed[position] = by_id[ids[position]]
    return refreshed, changed


def _in_place(connection: Connection, ids: Sequence[str], changed: Sequence[int]) -> bool:
    """Whether each changed project still sorts between the projects beside it (the others did not move: their
    stamps did not), in the order the database gives a load; then every project is where a load puts it."""
    beside = sorted({p for c in changed for p in (c - 1, c, c + 1) if 0 <= p < len(ids)})
    wanted = [ids[p] for p in beside]
    ordered = driver_cursor.all_rows(connection, _order_statement(), {"only": wanted})
    return [pid for (pid,) in ordered] == wanted
