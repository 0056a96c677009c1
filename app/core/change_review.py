"""Which offices' changes the city passes on: only those the city has accepted (审核通过).

A county's (or lead department's) changes reach the city in its packages, or from its entry workbook
(app.core.change_log.recorded_as). In the city's change log they wait for review:
- when the city records a submission (报送) of the office, the office's changes still waiting and not yet
  tied to a quarter are tied to that quarter (`hold_for_review`): those its package carried, and those of
  earlier packages that carried no submission;
- when the city accepts that quarter (审核通过), they are released (`release_accepted`) under a new running
  number, the acceptance mark;
- a returned (已退回) submission releases nothing: its changes wait for the corrected submission's acceptance.

A return package for office X (`changes_for_office`) holds the city's own changes, X's own changes the city
recorded from X's entry workbook (X does not have them), and the other offices' accepted changes; never
those X's own packages brought (X has them). Its cursor is two numbers, the newest change-log id and the
newest acceptance mark the previous package to X looked at: a change is in the first package that looks at
it once it may go, either because it is newer than the id cursor, or because it was accepted after the last
package (its mark is newer than the mark cursor) though logged before it. So a change held back now goes in a
later package, and none goes twice. One is left out: an office's change accepted after X already received a
newer change of the same field (the city's, sent meanwhile): it is old news there and would only raise a
conflict against the newer value.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.util import AliasedClass
from sqlalchemy.sql.elements import ColumnElement

from app.core import change_log
from app.core.change_log import Change
from app.db.models import ChangeLogEntry

__all__ = [
    "Cursor",
    "changes_for_office",
    "hold_for_review",
    "newest_accepted_mark",
    "newest_log_id",
    "release_accepted",
]


def _waiting(office_name: str) -> ColumnElement[bool]:
    """The office's numbered changes not released yet."""
    return and_(
        ChangeLogEntry.origin_office == office_name,
        ChangeLogEntry.origin_seq.is_not(None),
        ChangeLogEntry.accepted_mark.is_(None),
    )


def hold_for_review(session: Session, office_name: str, period: str) -> int:
    """The city recorded the office's submission of `period`: its waiting changes not tied to a quarter yet
    are now that submission's. Returns how many."""
    session.flush()
    result = session.execute(
        update(ChangeLogEntry)
        .where(_waiting(office_name), ChangeLogEntry.review_period.is_(None))
        .values(review_period=period)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def newest_accepted_mark(session: Session) -> int:
    return session.scalar(select(func.max(ChangeLogEntry.accepted_mark))) or 0


def newest_log_id(session: Session) -> int:
    return session.scalar(select(func.max(ChangeLogEntry.id))) or 0


def release_accepted(session: Session, office_name: str, period: str) -> int:
    """The city accepted the office's submission of `period`: the changes it carried may go to the other
    offices (in the next package for each). Returns how many were released."""
    session.flush()
    mark = newest_accepted_mark(session) + 1
    result = session.execute(
        update(ChangeLogEntry)
        .where(_waiting(office_name), ChangeLogEntry.review_period == period)
        .values(accepted_mark=mark)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class Cursor:
    """How far the city's packages to one office have looked: the newest change-log id and acceptance mark."""

    log_id: int = 0
    mark: int = 0


_Rows = type[ChangeLogEntry] | AliasedClass[ChangeLogEntry]


def _same_target(a: _Rows, b: _Rows) -> ColumnElement[bool]:
    """Two log rows about the same field of the same record (a quarterly record is known by project and
    quarter: its id differs between databases)."""
    return and_(
        a.entity_type == b.entity_type,
        a.project_id == b.project_id,
        a.period.is_not_distinct_from(b.period),
        a.field.is_not_distinct_from(b.field),
        or_(b.entity_type == change_log.PROGRESS, a.record_id == b.record_id),
    )


def _same_target_as(a: _Rows, row: ChangeLogEntry) -> ColumnElement[bool]:
    """`_same_target` against one row already read."""
    return and_(
        a.entity_type == row.entity_type,
        a.project_id == row.project_id,
        a.period.is_(None) if row.period is None else a.period == row.period,
        a.field.is_(None) if row.field is None else a.field == row.field,
        *([] if row.entity_type == change_log.PROGRESS else [a.record_id == row.record_id]),
    )


def _delivered(row: _Rows, addressee: str, *, city: str, sent: Cursor) -> ColumnElement[bool]:
    """The addressee has the row: its own package brought it, or an earlier package to it carried it."""
    return or_(
        row.received_from == addressee,
        and_(row.id <= sent.log_id, or_(row.origin_office.in_((city, addressee)), row.accepted_mark <= sent.mark)),
    )


def _may_go(addressee: str, *, city: str, upto: Cursor) -> ColumnElement[bool]:
    return or_(ChangeLogEntry.origin_office.in_((city, addressee)), ChangeLogEntry.accepted_mark <= upto.mark)


def changes_for_office(
    session: Session, addressee: str, *, city: str, sent: Cursor, upto: Cursor, everything: bool = False
) -> list[tuple[int, Change]]:
    """(local log id, change) of what the city's next package for `addressee` carries, oldest first (see the
    module docstring). `sent`: the previous packages' cursor; `upto`: the newest id and mark this package
    looks at, read first (the next cursor), so a change logged or accepted meanwhile is left for the next
    package rather than sent twice. `everything`: all that may go, whatever was sent (a lost package)."""
    after = Cursor() if everything else sent
    newer = and_(ChangeLogEntry.id > after.log_id, _may_go(addressee, city=city, upto=upto))
    accepted_since = and_(
        ChangeLogEntry.id <= after.log_id,
        ChangeLogEntry.accepted_mark > after.mark,
        ChangeLogEntry.accepted_mark <= upto.mark,
        ChangeLogEntry.origin_office.not_in((city, addressee)),
    )
    later = aliased(ChangeLogEntry)
    overtaken = exists(
        select(later.id).where(
            later.id > ChangeLogEntry.id,
            _same_target(later, ChangeLogEntry),
            _delivered(later, addressee, city=city, sent=sent),
        )
    )
    stmt = (
        select(ChangeLogEntry)
        .where(
            ChangeLogEntry.id <= upto.log_id,
            ChangeLogEntry.origin_seq.is_not(None),
            or_(ChangeLogEntry.received_from.is_(None), ChangeLogEntry.received_from != addressee),
            or_(newer, accepted_since),
            or_(ChangeLogEntry.origin_office.in_((city, addressee)), ~overtaken),
        )
        .order_by(ChangeLogEntry.id)
    )
    rows = list(session.scalars(stmt))
    held = _held_targets(session, addressee, city=city, upto=upto)
    carried = {row.id for row in rows}
    return [
        (row.id, _as_the_addressee_knows_it(session, row, addressee, city=city, sent=sent, carried=carried))
        if _target(row) in held
        else (row.id, Change.from_entry(row))
        for row in rows
    ]


def _target(row: ChangeLogEntry) -> tuple[str, str, str | None, str | None, str | None]:
    record = None if row.entity_type == change_log.PROGRESS else row.record_id
    return row.entity_type, row.project_id, row.period, row.field, record


def _held_targets(
    session: Session, addressee: str, *, city: str, upto: Cursor
) -> set[tuple[str, str, str | None, str | None, str | None]]:
    """The fields with a change still waiting for the city's review (none may go to the addressee yet)."""
    stmt = select(ChangeLogEntry).where(
        ChangeLogEntry.id <= upto.log_id,
        ChangeLogEntry.origin_seq.is_not(None),
        or_(ChangeLogEntry.received_from.is_(None), ChangeLogEntry.received_from != addressee),
        ChangeLogEntry.origin_office.not_in((city, addressee)),
        or_(ChangeLogEntry.accepted_mark.is_(None), ChangeLogEntry.accepted_mark > upto.mark),
    )
    return {_target(row) for row in session.scalars(stmt)}


def _as_the_addressee_knows_it(
    session: Session, row: ChangeLogEntry, addressee: str, *, city: str, sent: Cursor, carried: set[int]
) -> Change:
    """The change, based on the value the addressee holds. When the city changed a field after an office's
    change still under review (or returned), the addressee never had that office's value: the city's change
    is sent as replacing the value before it (what the addressee has), so it applies there instead of
    meeting a conflict; the held change is then old news there and is not sent (see `changes_for_office`)."""
    change = Change.from_entry(row)

    def known(entry: ChangeLogEntry) -> bool:  # `_delivered`, or carried by this package
        return (
            entry.id in carried
            or entry.received_from == addressee
            or (
                entry.id <= sent.log_id
                and (
                    entry.origin_office in (city, addressee)
                    or (entry.accepted_mark is not None and entry.accepted_mark <= sent.mark)
                )
            )
        )

    earlier = session.scalars(
        select(ChangeLogEntry)
        .where(
            ChangeLogEntry.id < row.id,
            ChangeLogEntry.origin_seq.is_not(None),
            _same_target_as(ChangeLogEntry, row),
        )
        .order_by(ChangeLogEntry.id.desc())
    )
    missed: ChangeLogEntry | None = None
    for entry in earlier:
        if known(entry):
            break
        missed = entry
    return change if missed is None else replace(change, old=change_log.loads(missed.old_value))
