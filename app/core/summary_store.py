"""Each project's status of today and search keys, stored so a portfolio load does not recompute them.

Computing the RAG status of every project reads every quarterly record and milestone (about 8 s at 100,000
projects); normalising the search text and its pinyin initials costs about 2 s more. Both change only when the
project's data changes, and the status also when the day changes (a milestone becomes overdue). So the
figures of the "latest, as of today" view are stored in `project_summaries` and reused while they are current.

When stored figures count (all three must hold; load_rows checks them, one row at a time):
- `computed_stamp == stamp`. `stamp` is bumped by database triggers (migration 0005) in the same transaction as
  every write to the project, its quarterly records, milestones, coordination issues or lead departments, by
  whatever program or code path writes it;
- `version == VERSION`: the program that stored them computes them the same way as this one;
- for the status, `as_of` is today.

Why a stored figure is never older than its stamp says: the stamp is read in the same statement as the project's
row, the other facts (records, milestones, departments) in later statements, so they are at least as new; and
`store` writes only `WHERE stamp = <the stamp read>`, so a project written meanwhile (its stamp moved on) is
simply not stored. That holds under PostgreSQL's READ COMMITTED and SQLite's snapshots alike, without locks.

Storing is an optimisation: on a read-only file, or when another program holds the rows, it is skipped and the
figures are computed again next time.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Select, and_, bindparam, case, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from app.core.in_turns import let_go, sorted_in_turns
from app.db import driver_cursor
from app.db.engine import BUSY_TIMEOUT_MS
from app.db.errors import DatabaseError
from app.db.models import ProjectSummary

if TYPE_CHECKING:
    from app.core.portfolio import PortfolioRow
    from app.core.workspace import Workspace

log = logging.getLogger(__name__)

# Bump when the RAG rules (app/core/status_rules.py, status.py) or the search keys (portfolio.normalize_text,
# pinyin initials) change: figures stored by an older program are then recomputed. tests/test_summary_store.py
# pins the sources these figures come from and fails, asking for this bump, when one of them changes.
VERSION = "2"
CHUNK = 5000  # projects per transaction (~50 ms): a writer never waits long for the store's locks
# The store gives way (skipped, computed next time) rather than wait for another writer: a load must not arrive
# 10 s late (the engine's busy timeout) because an import holds the database.
LOCK_WAIT_MS = 200
SEPARATOR = "\x1f"  # joins the RAG reasons and the lead departments' names (see _joined)

_UPDATE = (
    update(ProjectSummary)
    .where(ProjectSummary.project_id == bindparam("pid"), ProjectSummary.stamp == bindparam("read_stamp"))
    .values(
        computed_stamp=bindparam("read_stamp"),
        version=bindparam("v"),
        as_of=bindparam("day"),
        rag=bindparam("r"),
        rag_reasons=bindparam("reasons"),
        cumulative=bindparam("cum"),
        completion_rate=bindparam("rate"),
        last_update=bindparam("last"),
        open_issues=bindparam("issues"),
        overdue_milestones=bindparam("overdue"),
        search_text=bindparam("hay"),
        search_initials=bindparam("ini"),
        lead_departments=bindparam("leads"),
    )
)

# What a stored row of read_stored() may be used for (its third value, "use").
NOT_CURRENT, KEYS_ONLY, CURRENT_TODAY = 0, 1, 2


def read_stored(connection: Connection, ids: Sequence[str] | None = None, day: dt.date | None = None) -> dict[str, Any]:
    """Every project's (or `ids`') stored summary row, by project id. Its use value says what is current: nothing
    (NOT_CURRENT: not stored from the stamp it has now by this program's VERSION), the search keys and lead
    departments only (KEYS_ONLY: the status is of another day than `day`, or no `day` was asked), or the status of
    `day` too (CURRENT_TODAY). Decided in the query: one value read instead of three compared per row.
    Read BEFORE the project data it guards."""
    parameters: dict[str, Any] = {}
    if ids is not None:
        parameters["only"] = list(ids)
    if day is not None:
        parameters["day"] = day.isoformat()
    rows = driver_cursor.all_rows(connection, _stored_statement(ids is not None, day is not None), parameters or None)
    return dict(zip(map(itemgetter(0), rows), rows, strict=True))  # (in C: a comprehension was 80 ms at 100k)


@cache
def _stored_statement(by_ids: bool, of_day: bool) -> Select[Any]:
    """read_stored's statement, built once per shape and run with the parameters "only" (project ids) and "day":
    one built per call was cyclic garbage, kept for good when a large load froze the collector's generations."""
    s = ProjectSummary
    # NULL (never stored) is not current: every test is a WHEN, so NULL falls through to NOT_CURRENT.
    current = and_(s.computed_stamp == s.stamp, s.version == VERSION)
    whens: list[Any] = [(current, KEYS_ONLY)]
    if of_day:
        whens.insert(0, (and_(current, s.as_of == bindparam("day"), s.rag.is_not(None)), CURRENT_TODAY))
    stmt = select(  # the order portfolio.load_rows unpacks
        s.project_id,
        s.stamp,
        case(*whens, else_=NOT_CURRENT).label("use"),
        s.rag,
        s.rag_reasons,
        s.cumulative,  # (the completion rate is not read: load_rows divides, as the rule does)
        s.last_update,
        s.open_issues,
        s.overdue_milestones,
        s.search_text,
        s.search_initials,
        s.lead_departments,
    )
    if by_ids:
        stmt = stmt.where(s.project_id.in_(bindparam("only", expanding=True)))
    return stmt


class Splitter(dict[str | None, tuple[str, ...]]):
    """Joined names (or reasons) back to a tuple: `split[text]`. The same text is split once (projects share a
    few lists of lead departments and many reasons), and a hit is a plain dict look-up, in C."""

    def __missing__(self, joined: str | None) -> tuple[str, ...]:
        parts = tuple(joined.split(SEPARATOR)) if joined else ()
        self[joined] = parts
        return parts


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _joined(parts: Iterable[str]) -> str | None:
    """The parts joined by SEPARATOR; None (not storable) when one contains it: a control character no text
    from the program's forms or workbooks contains (the importer refuses control characters)."""
    parts = list(parts)
    if any(SEPARATOR in part for part in parts):
        return None
    return SEPARATOR.join(parts)


def _entry(row: PortfolioRow, day: str) -> dict[str, Any] | None:
    reasons, leads = _joined(row.rag_reasons), _joined(row.lead_departments)
    if reasons is None or leads is None:
        return None
    return {
        "pid": row.id,
        "read_stamp": row.summary_stamp,
        "v": VERSION,
        "day": day,
        "r": row.rag,
        "reasons": reasons,
        "cum": _text(row.cumulative),
        "rate": _text(row.completion_rate),
        "last": row.last_update.isoformat() if row.last_update is not None else None,
        "issues": row.open_issues,
        "overdue": row.overdue_milestones,
        "hay": row._hay,
        "ini": row._initials,
        "leads": leads,
    }


def to_store(rows: Iterable[PortfolioRow]) -> list[PortfolioRow]:
    """The rows whose figures were computed by this load (not read from the store) and are complete."""
    return [
        r
        for r in rows
        if not r.status_stored
        and r.status_known
        and r.summary_stamp is not None
        and r._hay is not None
        and r._initials is not None
    ]


@contextmanager
def _short_lock_wait(connection: Connection) -> Iterator[None]:
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"SET LOCAL lock_timeout = '{LOCK_WAIT_MS}ms'"))  # ends with the transaction
        yield
        return
    # On the driver's connection itself: the restore must happen even when the write failed (SQLAlchemy then
    # refuses statements until the rollback), or every later save on this pooled connection would give up too.
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def store(ws: Workspace, rows: Sequence[PortfolioRow], as_of: dt.date) -> int:
    """Store the figures of today's status computed by this load (rows not already current in the store);
    returns how many projects were stored. Never raises for a database that cannot take the write."""
    if ws.read_only:
        return 0
    day = as_of.isoformat()
    pending, all_entries = [], []
    # In the table's order (it is clustered by project id): each transaction then rewrites a few hundred adjacent
    # pages rather than one page per project (in the rows' order, 100,000 projects took 9 s, most of it commits).
    # Sorted in turns: this runs on a loading thread beside the window (app/core/in_turns.py).
    for row in sorted_in_turns(to_store(rows), key=attrgetter("id")):
        entry = _entry(row, day)
        if entry is not None:
            pending.append(row)
            all_entries.append(entry)
    stored = attempted = 0
    for start in range(0, len(pending), CHUNK):
        entries = all_entries[start : start + CHUNK]
        try:
            with ws.session() as s:
                connection = s.connection()
                with _short_lock_wait(connection):
                    written = driver_cursor.execute_many(connection, _UPDATE, entries)
        except (DatabaseError, SQLAlchemyError) as exc:  # busy, locked, read-only medium: compute next time
            log.info("project summaries not stored (%s): %s", type(exc).__name__, exc)
            break
        attempted += len(entries)
        stored += written  # rows whose stamp moved since the read are not written (the guard)
    for r in pending[:attempted]:  # not offered again by this load; what the guard kept out is recomputed next time
        r.status_stored = True
    let_go(all_entries, pending)
    return stored
