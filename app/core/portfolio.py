"""The portfolio as plain rows: one bulk load, then filtering, searching and sorting in Python (totals and
group figures: app/core/portfolio_totals.py).

No Qt here. The desktop table (app/ui/models.py), the dashboard and the benchmark all use these functions,
so what the officer sees in the totals bar is exactly what the filter selected.

Unknown is never zero: an estimated investment or a completed investment that is not known stays ``None``;
totals count such rows separately (``investment_unknown``) instead of adding 0.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from operator import attrgetter
from typing import Any, cast

from sqlalchemy import Connection, Select, bindparam, func, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from app.core import bulk_build, pinyin_table, summary_store
from app.core import reference as ref
from app.core.bulk_build import bulk_objects
from app.core.in_turns import let_go
from app.core.status import ProjectStatus, project_statuses
from app.core.status_rules import RAG_LABELS, completion_rate
from app.db import driver_cursor
from app.db.models import (
    Department,
    Project,
    ProjectLeadDepartment,
    ReviewFlag,
)

RAG_KEYS = ("green", "amber", "red", "unknown")
LEADS_BY_ID_MAX = 2000  # more projects without a current summary than this: read every project's lead departments
FREEZE_AFTER_ROWS = 5_000  # keep_loaded: smaller portfolios are left to the cyclic collector
RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "unknown": 3}  # worst first when sorting ascending

Progress = Callable[[int, int, str], None]


@dataclass(slots=True, eq=False)
class PortfolioRow:
    """One project as the portfolio table shows it (plus what the filters and search need)."""

    id: str
    code: str
    name: str
    appendix_table: int | None
    appendix_category: str
    county: str
    counties: tuple[str, ...]
    lead_departments: tuple[str, ...]
    entities: tuple[str, ...]
    location: str
    content: str
    investment_total: Decimal | None  # 亿元, None = unknown
    new_land_mu: Decimal | None  # 亩, None = unknown
    status: str
    version: int
    updated_at: dt.datetime | None
    updated_by: str
    open_flags: int = 0
    # From app.core.status.project_statuses (or unknown when the tracking core is not available).
    rag: str = "unknown"
    rag_reasons: tuple[str, ...] = ()
    cumulative: Decimal | None = None  # 亿元 completed up to the period, None = unknown
    completion_rate: Decimal | None = None  # 0..1+, None = unknown
    last_update: dt.datetime | None = None
    open_issues: int | None = None
    overdue_milestones: int | None = None
    status_known: bool = False
    # The project's summary stamp when read (app/core/summary_store.py; None: no stored summary), and whether
    # the status above came from the store (then it need not be computed, nor stored again).
    summary_stamp: int | None = None
    status_stored: bool = False
    # Search caches, built on first use (or read from the store).
    _hay: str | None = field(default=None, repr=False)
    _initials: str | None = field(default=None, repr=False)
    _name_key: str | None = field(default=None, repr=False)

    @property
    def leads_text(self) -> str:
        return "、".join(self.lead_departments)

    @property
    def entities_text(self) -> str:
        return "、".join(self.entities)


# ---------------------------------------------------------------------------------------------- loading


def _raw_column(column: Any) -> Any:
    """The column as the driver returns it (no SQLAlchemy result processor), under its own name."""
    return type_coerce(column, NullType()).label(column.key)


def _decimal_pattern(numeric: Any) -> str:
    """How SQLAlchemy's Numeric processor makes a Decimal of the float SQLite returns: "%.<scale>f" % value
    (PostgreSQL returns a Decimal already)."""
    return f"%.{numeric.scale}f" if numeric.scale is not None else "%s"


def _datetime_value(value: Any) -> dt.datetime | None:
    """SQLite returns DateTime as ISO text (SQLAlchemy's storage format), PostgreSQL as a datetime."""
    return dt.datetime.fromisoformat(value) if type(value) is str else value


class _NameLists(dict[str | None, tuple[str, ...]]):
    """A JSON list of names as SQLite returns it (text) to a tuple: `names[text]`. The same text is decoded once
    (most projects share a handful of county lists), and a hit is a plain dict look-up, in C."""

    def __init__(self) -> None:
        super().__init__({None: (), "": (), "[]": ()})

    def __missing__(self, value: str | None) -> tuple[str, ...]:
        decoded = json.loads(value) if value else None
        names = tuple(decoded) if decoded else ()
        if len(self) < 10_000:
            self[value] = names
        return names


def _name_list(value: Any) -> tuple[str, ...]:
    """PostgreSQL returns a JSON list already decoded."""
    return tuple(value) if value else ()


def load_rows(
    session: Session,
    *,
    progress: Progress | None = None,
    ids: Sequence[str] | None = None,
    stored_status_of: dt.date | None = None,
) -> list[PortfolioRow]:
    """Every project (or only `ids`) as PortfolioRows: a handful of bulk queries, no ORM objects,
    no per-row queries.

    Each row also gets what is current of the project's stored summary (summary_store): its search keys, and,
    when `stored_status_of` is given (the latest view, judged on that day), its status of that day.

    The collector is paused throughout: the reads and the build allocate a few million objects, none cyclic,
    and its passes over them were half the time at 100k."""
    with bulk_objects():
        return _read_rows(session, progress, ids, stored_status_of)


def _read_rows(
    session: Session, progress: Progress | None, ids: Sequence[str] | None, stored_status_of: dt.date | None
) -> list[PortfolioRow]:
    report = progress or (lambda done, total, msg: None)
    connection = session.connection()
    # The stored summaries (with their stamps) are read FIRST, the project data after: whatever a stored figure
    # is then used beside, or computed from, is at least as new as the stamp read with it (summary_store).
    stored = summary_store.read_stored(connection, ids, stored_status_of)
    total = len(stored)  # one summary per project (a database trigger adds it with the project)
    report(0, total, "读取项目…")

    stmt = _projects_statement(ids is not None)
    projects_read = driver_cursor.all_rows(connection, stmt, None if ids is None else {"only": list(ids)})
    report(len(projects_read), total, f"读取项目 {len(projects_read)}/{total}…")

    flags = open_flag_counts(connection, ids)

    labels = {t: ref.appendix_label(t) for t in list(ref.APPENDIX_TABLES) + [None]}
    money, area = _decimal_pattern(Project.investment_total.type), _decimal_pattern(Project.new_land_mu.type)
    decimal = Decimal
    sqlite = connection.dialect.name == "sqlite"
    names = _NameLists().__getitem__ if sqlite else _name_list
    when = dt.datetime.fromisoformat if sqlite else _datetime_value  # ISO text on SQLite (never NULL here)
    leads_of = summary_store.Splitter().__getitem__  # a few thousand distinct lists: each split once
    sep = summary_store.SEPARATOR
    today, keys_only, not_current = summary_store.CURRENT_TODAY, summary_store.KEYS_ONLY, summary_store.NOT_CURRENT
    stored_get, flags_get = stored.get, flags.get
    rows: list[PortfolioRow] = []
    append = rows.append
    unstored: list[PortfolioRow] = []  # their lead departments are read after the loop (no summary to take them from)
    no_names: tuple[str, ...] = ()
    figures: tuple[Any, ...]
    # Plain rows (no ORM identity map), each made in ONE positional constructor call: setting the stored figures
    # afterwards cost a third of the build at 100k.
    for (
        pid,
        code,
        name,
        table,
        county,
        counties,
        entities,
        location,
        content,
        inv,
        land,
        status,
        version,
        updated_at,
        updated_by,
    ) in projects_read:
        updated = when(updated_at)
        amount = inv if inv is None or inv.__class__ is decimal else decimal(money % inv)  # (inlined: 100,000 calls)
        summary = stored_get(pid)
        # rag, rag_reasons, cumulative, completion_rate, last_update, open_issues, overdue_milestones,
        # status_known, summary_stamp, status_stored, _hay, _initials
        if summary is None:
            lead_names, figures = no_names, ("unknown", no_names, None, None, updated, None, None, False, None)
        else:
            (_, stamp, use, rag, reasons, cum, last, issues, overdue, hay, ini, joined) = summary
            if use == today:  # the status of the day asked, its search keys and lead departments
                lead_names = leads_of(joined)
                completed = None if cum is None else decimal(cum)
                figures = (
                    rag,
                    tuple(reasons.split(sep)) if reasons else no_names,
                    completed,
                    # The rule itself, from the two exact amounts: the stored rate is that same quotient, and
                    # dividing is quicker than parsing its 28 digits.
                    None if completed is None else completion_rate(completed, amount),
                    updated if last is None else when(last),
                    issues,
                    overdue,
                    True,
                    stamp,
                    True,
                    hay,
                    ini,
                )
            elif use == keys_only:
                lead_names = leads_of(joined)
                figures = ("unknown", no_names, None, None, updated, None, None, False, stamp, False, hay, ini)
            else:  # figures to compute (search keys on first use)
                lead_names, figures = no_names, ("unknown", no_names, None, None, updated, None, None, False, stamp)
        row = PortfolioRow(
            pid,
            code,
            name or "",
            table,
            labels.get(table) or ref.appendix_label(table),
            county or "",
            names(counties),
            lead_names,
            names(entities),
            location or "",
            content or "",
            amount,
            land if land is None or land.__class__ is decimal else decimal(area % land),
            status or "",
            version,
            updated,
            updated_by or "",
            flags_get(pid, 0),
            *figures,
        )
        append(row)
        if summary is None or use == not_current:
            unstored.append(row)
    if unstored:  # read after the projects, like every fact used beside the stamp read with them
        by_id = ids is not None or len(unstored) <= LEADS_BY_ID_MAX
        leads = _lead_departments(connection, [r.id for r in unstored] if by_id else None)
        for row in unstored:
            row.lead_departments = leads.get(row.id, no_names)
        let_go(leads)
    let_go(stored, projects_read)  # what was read, freed in pieces (app/core/in_turns.py)
    return rows


@cache
def _projects_statement(by_ids: bool) -> Select[Any]:
    """The projects' columns a row is made of, in the portfolio's order; built once per shape (every project, or
    those of the parameter "only"), as _lead_departments_statement, for the same reason."""
    # The columns whose type has a result processor (Numeric -> Decimal, JSON, DateTime) are read raw and
    # converted by _read_rows: SQLAlchemy's per-value processors were two thirds of the fetch time at 10k projects.
    raw = _raw_column
    cols = (
        Project.id,
        Project.code,
        Project.name,
        Project.appendix_table,
        Project.county,
        raw(Project.counties),
        raw(Project.entities),
        Project.location,
        Project.content,
        raw(Project.investment_total),
        raw(Project.new_land_mu),
        Project.status,
        Project.version,
        raw(Project.updated_at),
        Project.updated_by,
    )
    stmt = select(*cols).order_by(Project.appendix_table, Project.row_no, Project.code)
    if by_ids:
        stmt = stmt.where(Project.id.in_(bindparam("only", expanding=True)))
    return stmt


@cache
def _open_flags_statement(by_ids: bool) -> Select[str | None, int]:
    """Built once per shape, run with the parameter "only" (as _lead_departments_statement)."""
    stmt = (
        select(ReviewFlag.project_id, func.count())
        .where(ReviewFlag.state == "open", ReviewFlag.project_id.is_not(None))
        .group_by(ReviewFlag.project_id)
    )
    if by_ids:
        stmt = stmt.where(ReviewFlag.project_id.in_(bindparam("only", expanding=True)))
    return stmt


def open_flag_counts(connection: Connection, ids: Sequence[str] | None) -> dict[str, int]:
    """How many open review flags each project (or each of `ids`) has; projects without one are left out."""
    if ids is not None and not ids:
        return {}
    stmt = _open_flags_statement(ids is not None)
    return dict(driver_cursor.all_rows(connection, stmt, None if ids is None else {"only": list(ids)}))


@cache
def _lead_departments_statement(by_ids: bool) -> Select[str, str]:
    """Built once per shape, run with the parameter "only" (project ids): a reload after a saved edit reads the
    edited project's lead departments, and a statement built per call was cyclic garbage each time, kept for good
    when the load froze the collector's generations (bulk_build.bulk_objects)."""
    stmt = (
        select(ProjectLeadDepartment.project_id, Department.name)
        .join(Department, Department.id == ProjectLeadDepartment.department_id)
        .order_by(ProjectLeadDepartment.project_id, ProjectLeadDepartment.position)
    )
    if by_ids:
        stmt = stmt.where(ProjectLeadDepartment.project_id.in_(bindparam("only", expanding=True)))
    return stmt


def _lead_departments(connection: Connection, ids: Sequence[str] | None) -> dict[str, tuple[str, ...]]:
    """Each project's lead departments in order (only `ids`' when given)."""
    if ids is not None and not ids:
        return {}
    stmt = _lead_departments_statement(ids is not None)
    leads: dict[str, list[str]] = {}
    for pid, name in driver_cursor.all_rows(connection, stmt, None if ids is None else {"only": list(ids)}):
        leads.setdefault(pid, []).append(name)
    return {pid: tuple(names) for pid, names in leads.items()}


def keep_loaded(rows: Sequence[PortfolioRow]) -> None:
    """After a large load, what was allocated outside a bulk_objects build (search keys, the statuses set on
    the rows) leaves the collector's generations too, so no later collection scans it all at once. Only
    reference counting frees frozen objects: nothing of a load may be part of a reference cycle (bulk_objects)."""
    if len(rows) >= FREEZE_AFTER_ROWS:
        bulk_build.freeze()


def apply_statuses(rows: Iterable[PortfolioRow], statuses: dict[str, ProjectStatus]) -> None:
    """Copy the bulk ProjectStatus results onto the rows."""
    for row in rows:
        st = statuses.get(row.id)
        if st is None:
            continue
        row.rag = st.rag
        row.rag_reasons = tuple(st.rag_reasons)
        row.cumulative = st.cumulative
        row.completion_rate = st.completion_rate
        if st.last_update is not None and (row.last_update is None or st.last_update > row.last_update):
            row.last_update = st.last_update
        row.open_issues = st.open_issues
        row.overdue_milestones = st.overdue_milestones
        row.status_known = True


def carry_status(old: PortfolioRow, new: PortfolioRow) -> None:
    """After an edit of project fields: keep the tracking status of the old row on the reloaded one
    (editing the estimated total only changes the completion rate, recomputed here the same way). The carried
    status is of before the edit: the row is never offered to the store (summary_stamp None)."""
    new.summary_stamp = None
    for name in ("rag", "rag_reasons", "cumulative", "open_issues", "overdue_milestones", "status_known"):
        setattr(new, name, getattr(old, name))
    if old.last_update and (new.last_update is None or old.last_update > new.last_update):
        new.last_update = old.last_update
    if new.cumulative is not None and new.investment_total:
        new.completion_rate = new.cumulative / new.investment_total
    else:
        new.completion_rate = None


def read_in_one_snapshot(session: Session) -> None:
    """Make the session's reads one snapshot (call first): on PostgreSQL READ COMMITTED gives each statement its
    own, so a project written between the stored summaries and the projects would show its new fields beside its
    old stored figures for one load. SQLite's read transaction is one snapshot already."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def stored_status_day(period: str | None, as_of: dt.date | None) -> dt.date | None:
    """The day whose stored statuses a load may use and store: today, for the latest view judged today; None
    for a past quarter or another day (those are always computed)."""
    if period is not None:
        return None
    today = dt.date.today()
    return today if as_of is None or as_of == today else None


# Above this many projects without a current stored status, computing every project's status in one pass is
# cheaper than restricting each query to their ids.
SUBSET_STATUS_MAX = 2000


def complete_statuses(
    session: Session, rows: Sequence[PortfolioRow], *, period: str | None = None, as_of: dt.date | None = None
) -> None:
    """Compute and set the status of every row that does not know it yet (none came from the store)."""
    missing = [r for r in rows if not r.status_known]
    if not missing:
        return
    ids = [r.id for r in missing] if len(missing) <= SUBSET_STATUS_MAX else None
    statuses = project_statuses(session, period, as_of, ids=ids)
    apply_statuses(missing, statuses)
    let_go(statuses)  # (100,000 statuses freed at once held the interpreter 0.2 s: app/core/in_turns.py)


def load_portfolio(
    session: Session, *, period: str | None = None, as_of: dt.date | None = None, progress: Progress | None = None
) -> list[PortfolioRow]:
    """Rows plus tracking status (RAG, cumulative investment, overdue milestones) in bulk: the statuses of today
    stored and current are read with the rows (summary_store), the others computed."""
    day = stored_status_day(period, as_of)  # once: a load that runs past midnight judges every row on one day
    rows = load_rows(session, progress=progress, stored_status_of=day)
    if progress:
        progress(len(rows), len(rows), "计算进度状态…")
    complete_statuses(session, rows, period=period, as_of=day or as_of)
    return rows


# ---------------------------------------------------------------------------------------------- search

_PINYIN: dict[int, str] = {}  # code point -> lower-case initial ('' for none); filled lazily
_PINYIN_FULL: dict[int, str] = {}  # code point -> full pinyin (collation)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _ensure_pinyin(chars: Iterable[str]) -> None:
    missing = {c for c in chars if _is_cjk(c) and ord(c) not in _PINYIN}
    if not missing:
        return
    table = pinyin_table.readings()
    # The initial is the first letter of the toneless reading (~900 rare characters, e.g. U+3402, have none).
    for c in missing:
        reading = table.get(ord(c), "")
        _PINYIN[ord(c)] = reading[:1]
        _PINYIN_FULL[ord(c)] = reading or c


def pinyin_loaded() -> bool:
    """Whether the pinyin table is in memory (reading it takes a few milliseconds)."""
    return pinyin_table.loaded()


def normalize_text(text: str) -> str:
    """NFKC + lower case: full-width letters and digits match their half-width forms."""
    return unicodedata.normalize("NFKC", text).lower()


# What each character (after NFKC + lower case) contributes to a pinyin-initials string: a CJK character its
# initial ('' when it has none), an ASCII letter or digit itself, anything else a space (a word boundary: "ab"
# must not match across two names). Filled for the characters met so far; applied with str.translate (C speed).
_INITIALS_TABLE: dict[int, str] = {}
_INITIALS_KNOWN: set[str] = set()  # the characters _INITIALS_TABLE has an entry for


def _initials_of_normalized(text: str) -> str:
    missing = set(text).difference(_INITIALS_KNOWN)
    if missing:
        _ensure_pinyin(missing)
        for ch in missing:
            if _is_cjk(ch):
                _INITIALS_TABLE[ord(ch)] = _PINYIN.get(ord(ch), "")
            else:
                _INITIALS_TABLE[ord(ch)] = ch if ch.isascii() and ch.isalnum() else " "
        _INITIALS_KNOWN.update(missing)
    return text.translate(_INITIALS_TABLE)


def pinyin_initials(text: str) -> str:
    """ "大同市御河" -> "dtsyh"; letters and digits pass through (lower case); other characters are dropped."""
    return _initials_of_normalized(normalize_text(text))


def collation_key(text: str) -> str:
    """Sort Chinese by pinyin (as Excel/WPS do for 中文 sorting), ties broken by the characters."""
    _ensure_pinyin(text)
    return " ".join(_PINYIN_FULL.get(ord(ch), ch.lower()) for ch in text) + "\x00" + text


def _name_key(row: PortfolioRow) -> str:
    key = row._name_key
    if key is None:
        key = row._name_key = collation_key(row.name)
    return key


def _haystack_source(row: PortfolioRow) -> str:
    return "\n".join(
        (row.code, row.name, "、".join(row.entities), row.location, row.content, "、".join(row.lead_departments))
    )


def _initials_source(row: PortfolioRow) -> str:
    return "\n".join((row.name, " ".join(row.entities), row.location))


def haystack(row: PortfolioRow) -> str:
    hay = row._hay
    if hay is None:
        hay = row._hay = normalize_text(_haystack_source(row))
    return hay


def search_initials(row: PortfolioRow) -> str:
    ini = row._initials
    if ini is None:
        ini = row._initials = pinyin_initials(_initials_source(row))
    return ini


# Search keys of the last prepared portfolio, keyed by their source text: a reload after an edit recomputes
# only the rows whose text changed. Replaced (not grown) on every prepare_search, so it holds one portfolio.
_search_keys: dict[str, tuple[str, str | None]] = {}


def prepare_search(rows: Sequence[PortfolioRow], *, initials: bool = True) -> None:
    """Build every row's search keys (for the background loader): NFKC/lower-case text and pinyin initials,
    taken from the previous load when a row's text did not change.

    initials=False leaves out the pinyin initials not known from a previous load or the store (they cost about
    a third of the search keys' time): the loader shows the rows first and calls this again, with
    initials, while it computes the statuses. A row still without them computes its own when searched."""
    global _search_keys
    previous = _search_keys
    current: dict[str, tuple[str, str | None]] = {}
    normalize = unicodedata.normalize
    with bulk_objects():
        for r in rows:
            if r._initials is not None and r._hay is not None:  # read from the store (or prepared before)
                continue
            hay_source = _haystack_source(r)
            initials_source = _initials_source(r)
            key = hay_source + "\x00" + initials_source
            keys = previous.get(key)
            if keys is None:
                keys = (normalize("NFKC", hay_source).lower(), None)
            if keys[1] is None and initials:
                keys = (keys[0], _initials_of_normalized(normalize("NFKC", initials_source).lower()))
            current[key] = keys
            r._hay, r._initials = keys
    _search_keys = current


def search_terms(text: str) -> list[str]:
    return [t for t in normalize_text(text or "").replace("，", " ").replace(",", " ").split() if t]


def matches_text(row: PortfolioRow, terms: Sequence[str]) -> bool:
    """Every term must occur (Chinese substring) in name/entity/location/content/code/department;
    an all-letter term may instead match the pinyin initials of name, entity or location ("yh" -> 御河)."""
    hay = haystack(row)
    for term in terms:
        if term in hay:
            continue
        if term.isascii() and term.isalpha() and term in search_initials(row):
            continue
        return False
    return True


# ---------------------------------------------------------------------------------------------- filtering


@dataclass(frozen=True)
class PortfolioFilter:
    """Filters that combine (AND across kinds, OR within one kind). Empty set = no restriction."""

    tables: frozenset[int | None] = frozenset()  # appendix table numbers; None = 规划外新增
    counties: frozenset[str] = frozenset()  # primary county (所属县区)
    departments: frozenset[str] = frozenset()  # any lead department in the set
    statuses: frozenset[str] = frozenset()
    rags: frozenset[str] = frozenset()  # green / amber / red / unknown
    open_problems: bool = False  # only projects with open coordination issues
    overdue: bool = False  # only projects with overdue milestones
    text: str = ""

    def is_empty(self) -> bool:
        return self == PortfolioFilter()

    def replace(self, **changes: Any) -> PortfolioFilter:
        values = {k: getattr(self, k) for k in self.__dataclass_fields__}
        for key, value in changes.items():
            values[key] = frozenset(value) if isinstance(values[key], frozenset) else value
        return PortfolioFilter(**values)

    def describe(self) -> list[str]:
        """Short Chinese description of each active filter (for tooltips and reports)."""
        parts = []
        if self.tables:
            parts.append(
                "附表："
                + "、".join(
                    "规划外" if t is None else str(t) for t in sorted(self.tables, key=lambda t: 99 if t is None else t)
                )
            )
        if self.counties:
            parts.append("县区：" + "、".join(sorted(self.counties, key=_county_order)))
        if self.departments:
            parts.append("牵头部门：" + "、".join(sorted(self.departments)))
        if self.statuses:
            parts.append("状态：" + "、".join(sorted(self.statuses, key=_status_order)))
        if self.rags:
            parts.append("RAG：" + "、".join(RAG_LABELS.get(r, r) for r in RAG_KEYS if r in self.rags))
        if self.open_problems:
            parts.append("有未解决问题")
        if self.overdue:
            parts.append("有逾期里程碑")
        if self.text.strip():
            parts.append(f"搜索：{self.text.strip()}")
        return parts


def _county_order(name: str) -> int:
    try:
        return ref.COUNTY_NAMES.index(name)
    except ValueError:
        return len(ref.COUNTY_NAMES)


def _status_order(name: str) -> int:
    try:
        return ref.STATUSES.index(name)
    except ValueError:
        return len(ref.STATUSES)


def filter_positions(
    rows: Sequence[PortfolioRow], flt: PortfolioFilter, order: Sequence[int] | None = None
) -> list[int]:
    """The positions in `rows` of the rows `flt` selects, in the order of `order` (a permutation of the
    positions, e.g. from sort_order; default: as loaded). A table sorts once and filters its permutation, so a
    filter change never re-sorts.

    Each active kind of filter narrows the candidates in one inline comprehension (no Python call per row and
    check); the cheap checks run first, the text search last on what is left."""
    selected: Sequence[int] = range(len(rows)) if order is None else order
    if flt.tables:
        tables = flt.tables
        selected = [i for i in selected if rows[i].appendix_table in tables]
    if flt.counties:
        counties = flt.counties
        selected = [i for i in selected if rows[i].county in counties]
    if flt.statuses:
        statuses = flt.statuses
        selected = [i for i in selected if rows[i].status in statuses]
    if flt.rags:
        rags = flt.rags
        selected = [i for i in selected if rows[i].rag in rags]
    if flt.open_problems:
        selected = [i for i in selected if rows[i].open_issues]
    if flt.overdue:
        selected = [i for i in selected if rows[i].overdue_milestones]
    if flt.departments:
        departments = flt.departments
        selected = [i for i in selected if not departments.isdisjoint(rows[i].lead_departments)]
    terms = search_terms(flt.text)
    if terms:
        selected = [i for i in selected if matches_text(rows[i], terms)]
    return list(selected)


def filter_rows(rows: Sequence[PortfolioRow], flt: PortfolioFilter) -> list[PortfolioRow]:
    if flt.is_empty():
        return list(rows)
    return [rows[i] for i in filter_positions(rows, flt)]


# ---------------------------------------------------------------------------------------------- sorting

# A plain attribute is read by attrgetter (in C: a third of a lambda's time over 100,000 rows).
SORT_KEYS: dict[str, Callable[[PortfolioRow], Any]] = {
    "code": lambda r: (r.appendix_table if r.appendix_table is not None else 99, r.code),
    "name": lambda r: _name_key(r),
    "category": lambda r: r.appendix_table if r.appendix_table is not None else 99,
    "county": lambda r: _county_order(r.county),
    "leads": lambda r: collation_key(r.leads_text),
    "entities": lambda r: collation_key(r.entities_text),
    "location": lambda r: collation_key(r.location),
    "investment_total": attrgetter("investment_total"),
    "new_land_mu": attrgetter("new_land_mu"),
    "status": lambda r: _status_order(r.status),
    "rag": lambda r: RAG_ORDER.get(r.rag, 9) if r.rag != "unknown" else None,
    "cumulative": attrgetter("cumulative"),
    "completion_rate": attrgetter("completion_rate"),
    "last_update": attrgetter("last_update"),
    "open_issues": attrgetter("open_issues"),
    "overdue_milestones": attrgetter("overdue_milestones"),
    "open_flags": attrgetter("open_flags"),
}

# Keys whose values are numbers (Decimal, int) or None: sorted as one float array by numpy. Amounts have at most
# four decimal places and fewer than 15 significant digits, so distinct values stay distinct as floats and their
# order is kept; equal values stay equal (ties keep their order, as the stable sort requires).
NUMERIC_SORT_KEYS = frozenset(
    {
        "category",
        "county",
        "investment_total",
        "new_land_mu",
        "status",
        "rag",
        "cumulative",
        "completion_rate",
        "open_issues",
        "overdue_milestones",
        "open_flags",
    }
)


NUMPY_SORT_MIN = 256  # fewer rows: list.sort is quicker than building an array


def prepare_sorting(rows: Sequence[PortfolioRow]) -> None:
    """Import what a large sort needs (numpy, ~0.2 s) on the thread that loads the rows, not on the first click
    of a column header."""
    if len(rows) > NUMPY_SORT_MIN:
        import numpy  # noqa: F401 - the import is the point


def sort_keys(rows: Sequence[PortfolioRow], key: str) -> list[Any]:
    """Each row's sort key (None = unknown), computed once: a table keeps them while its rows do not change."""
    return list(map(SORT_KEYS[key], rows))


def sort_order(
    rows: Sequence[PortfolioRow], key: str, descending: bool = False, *, keys: Sequence[Any] | None = None
) -> list[int]:
    """The positions of `rows` in sorted order: stable, unknown values (None) last whichever the direction.

    A permutation, so a table can sort once and keep it (filtering then only drops positions). `keys` are the
    rows' sort_keys when the caller kept them. Numeric keys are sorted by numpy (a stable argsort of one float
    array, unknown as NaN, which sorts last); the others by list.sort comparing the keys directly."""
    if keys is None:
        keys = sort_keys(rows, key)
    if key in NUMERIC_SORT_KEYS and len(keys) > NUMPY_SORT_MIN:
        import numpy  # the start-up path does not need it; prepare_sorting imports it on the loading thread

        nan = numpy.nan
        # float() of each Decimal first: numpy converting Decimal objects itself took 80 of 140 ms at 100k rows.
        values = numpy.array([nan if k is None else float(k) for k in keys], dtype=float)
        permutation = numpy.argsort(-values if descending else values, kind="stable")
        return cast(list[int], permutation.tolist())
    known = [i for i, k in enumerate(keys) if k is not None]
    unknown = [i for i, k in enumerate(keys) if k is None] if len(known) < len(keys) else []
    known.sort(key=keys.__getitem__, reverse=descending)
    return known + unknown


def sort_rows(rows: Sequence[PortfolioRow], key: str, descending: bool = False) -> list[PortfolioRow]:
    """Stable sort; unknown values (None) always go last, whichever the direction."""
    return [rows[i] for i in sort_order(rows, key, descending)]
