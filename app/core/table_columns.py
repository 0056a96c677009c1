"""The portfolio table's columns: what the table filters by, sorts by and sums, one list (or numpy array) per
column, taken from the rows once per load on the loading thread.

At 100,000 projects, reading one attribute of every row object costs tens of milliseconds by itself (the objects
are spread over a gigabyte of memory), and the table filters, searches, sorts and sums on every input. From
these columns the same answers as app.core.portfolio's row functions (filter_positions, sort_order, totals;
tests/test_portfolio.py compares them) take a few milliseconds: map/compress/sum in C for small portfolios,
numpy masks and integer sums above NUMPY_SORT_MIN rows (numpy is not imported on the start-up path otherwise).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from functools import partial
from itertools import chain, compress, repeat
from operator import and_, attrgetter, eq, is_not
from typing import Any, NamedTuple, cast

from app.core.portfolio import (
    NUMPY_SORT_MIN,
    PortfolioFilter,
    PortfolioRow,
    haystack,
    search_initials,
    search_terms,
)
from app.core.portfolio_totals import PortfolioTotals

_NOT_NONE = partial(is_not, None)


class Identity(NamedTuple):
    """Each row's id, the summary stamp it was read with, and its count of open findings (TableColumns.identity)."""

    ids: list[str]
    stamps: list[int | None]
    flags: list[int]

    @classmethod
    def of(cls, rows: Sequence[PortfolioRow]) -> Identity:
        return cls(
            list(map(attrgetter("id"), rows)),
            list(map(attrgetter("summary_stamp"), rows)),
            list(map(attrgetter("open_flags"), rows)),
        )


# TableColumns' per-row lists (what with_rows copies).
_LISTS = (
    "tables",
    "counties",
    "statuses",
    "rags",
    "open_issues",
    "overdue",
    "leads",
    "hays",
    "initials",
    "investments",
    "completed",
    "land",
)


class TableColumns:
    """What a table filters by and sums, one list per column in the rows' order, taken once per load (on the
    loading thread): a filter change then reads no row object.

    At 100,000 rows, reading one attribute of every row object costs tens of milliseconds by itself (the
    objects are spread over a gigabyte of memory). Here a filter is a few passes in C: above NUMPY_SORT_MIN
    rows each kind of filter is a boolean numpy mask (the choice columns held as small integer codes, the lead
    departments as the positions of each department's projects), the text search scans the search texts in
    the rows' order, and the sorted order is applied once at the end; smaller portfolios use the lists alone
    (no numpy import on the start-up path). The totals of a selection are summed from the amount columns.
    Same results as filter_positions and totals (tests/test_portfolio.py compares them)."""

    def __init__(self, rows: Sequence[PortfolioRow]) -> None:
        self.size = len(rows)
        self.tables: list[int | None] = list(map(attrgetter("appendix_table"), rows))
        self.counties: list[str] = list(map(attrgetter("county"), rows))
        self.statuses: list[str] = list(map(attrgetter("status"), rows))
        self.rags: list[str] = list(map(attrgetter("rag"), rows))
        self.open_issues: list[int | None] = list(map(attrgetter("open_issues"), rows))
        self.overdue: list[int | None] = list(map(attrgetter("overdue_milestones"), rows))
        self.leads: list[tuple[str, ...]] = list(map(attrgetter("lead_departments"), rows))
        self.hays: list[str] = list(map(haystack, rows))
        self.initials: list[str | None] = list(map(attrgetter("_initials"), rows))  # None: not computed yet
        self.investments: list[Decimal | None] = list(map(attrgetter("investment_total"), rows))
        self.completed: list[Decimal | None] = list(map(attrgetter("cumulative"), rows))
        self.land: list[Decimal | None] = list(map(attrgetter("new_land_mu"), rows))
        self._rows = rows  # for the pinyin initials computed on first use
        self._masks: _Masks | None = _Masks(self) if self.size > NUMPY_SORT_MIN else None
        self._identity: Identity | None = None  # taken on first use (identity())

    def identity(self) -> Identity:
        """Each row's id, summary stamp and count of open findings: what a refresh compares with the database
        (portfolio_refresh). Taken on first use, not by every load: reading three attributes of 100,000 row
        objects took about 0.2 s; a refresh's copy (with_rows) keeps them."""
        if self._identity is None:
            self._identity = Identity.of(self._rows)
        return self._identity

    def replace(self, position: int, row: PortfolioRow) -> None:
        """One row changed (an edit saved): its values replace those at `position`."""
        self._put(position, row)
        self._identity = None
        if self._masks is not None:
            self._masks = _Masks(self)  # rebuilt from the lists (no row object read): ~50 ms at 100,000

    def with_rows(self, rows: Sequence[PortfolioRow], changed: Sequence[int]) -> TableColumns:
        """The columns of `rows`: these rows with those at the positions `changed` replaced
        (portfolio_refresh). A copy, made on the loading thread while the table goes on reading this one: the
        lists are copied and only the changed positions read from their rows."""
        if len(rows) != self.size:
            raise ValueError("with_rows keeps the number of rows")
        copy = TableColumns.__new__(TableColumns)
        copy.size = self.size
        for name in _LISTS:
            setattr(copy, name, list(getattr(self, name)))
        copy._rows = rows
        for position in changed:
            copy._put(position, rows[position])
        copy._identity = None
        if self._identity is not None:
            ids, stamps, flags = list(self._identity.ids), list(self._identity.stamps), list(self._identity.flags)
            for position in changed:
                row = rows[position]
                ids[position], stamps[position], flags[position] = row.id, row.summary_stamp, row.open_flags
            copy._identity = Identity(ids, stamps, flags)
        # The masks are patched at the changed positions: rebuilt, they took 0.3-0.6 s at 100,000 rows.
        before = [self.leads[position] for position in changed]
        copy._masks = None if self._masks is None else self._masks.replacing(copy, changed, before)
        return copy

    def _put(self, position: int, row: PortfolioRow) -> None:
        self.tables[position] = row.appendix_table
        self.counties[position] = row.county
        self.statuses[position] = row.status
        self.rags[position] = row.rag
        self.open_issues[position] = row.open_issues
        self.overdue[position] = row.overdue_milestones
        self.leads[position] = row.lead_departments
        self.hays[position] = haystack(row)
        self.initials[position] = row._initials
        self.investments[position] = row.investment_total
        self.completed[position] = row.cumulative
        self.land[position] = row.new_land_mu

    def _initials_of(self, positions: Iterable[int]) -> list[str]:
        """The rows' pinyin initials, computed for those not known yet (the first load leaves them out)."""
        initials = self.initials
        if None in initials:
            for i in positions:
                if initials[i] is None:
                    initials[i] = search_initials(self._rows[i])
        return cast(list[str], initials)

    def filter_positions(self, flt: PortfolioFilter, order: Sequence[int] | None = None) -> list[int]:
        """As filter_positions(rows, flt, order)."""
        if self._masks is not None:
            return self._masks.filter_positions(flt, order, self._text_hits)
        selected: Sequence[int] = range(self.size) if order is None else order

        def keep(values: list[Any], test: Callable[[Any], Any]) -> list[int]:
            return list(compress(selected, map(test, map(values.__getitem__, selected))))

        if flt.tables:
            selected = keep(self.tables, flt.tables.__contains__)
        if flt.counties:
            selected = keep(self.counties, flt.counties.__contains__)
        if flt.statuses:
            selected = keep(self.statuses, flt.statuses.__contains__)
        if flt.rags:
            selected = keep(self.rags, flt.rags.__contains__)
        if flt.open_problems:
            selected = keep(self.open_issues, bool)
        if flt.overdue:
            selected = keep(self.overdue, bool)
        if flt.departments:
            departments = flt.departments
            selected = keep(self.leads, lambda leads: not departments.isdisjoint(leads))
        for term in search_terms(flt.text):
            selected = list(compress(selected, self._text_hits(term, selected)))
        return list(selected)

    def _text_hits(self, term: str, positions: Sequence[int] | None = None) -> list[bool]:
        """Whether each row at `positions` (default: every row) contains `term`, as matches_text decides for one
        term. (A comprehension with the `in` operator: quicker than map(str.__contains__, ...).)"""
        hays = self.hays
        if not (term.isascii() and term.isalpha()):
            if positions is None:
                return [term in hay for hay in hays]
            return [term in hays[i] for i in positions]
        # An all-letter term may match the pinyin initials instead.
        initials = self._initials_of(range(self.size) if positions is None else positions)
        if positions is None:
            return [term in hay or term in letters for hay, letters in zip(hays, initials, strict=True)]
        return [term in hays[i] or term in initials[i] for i in positions]

    def sort_order(self, key: str, descending: bool = False) -> list[int] | None:
        """sort_order(rows, key, descending) for an amount column of a large portfolio, sorted from the amount
        columns (exact, in C, no sort key per row); None for the other columns (sort them by their keys)."""
        if self._masks is None or self._masks.amounts is None:
            return None
        return self._masks.amounts.sort_order(key, descending)

    def totals(self, positions: Sequence[int] | None = None) -> PortfolioTotals:
        """totals() of the rows at `positions` (default: all), from the columns."""
        if self._masks is not None and self._masks.amounts is not None:
            return self._masks.amounts.totals(positions)
        if positions is None:
            investments, completed, land = self.investments, self.completed, self.land
        else:
            investments = list(map(self.investments.__getitem__, positions))
            completed = list(map(self.completed.__getitem__, positions))
            land = list(map(self.land.__getitem__, positions))
        # The completion rate compares like with like: the rows whose completed and estimated are both known
        # (and the estimate not zero), as totals() does.
        both = list(map(and_, map(_NOT_NONE, completed), map(bool, investments)))
        return PortfolioTotals(
            len(investments),
            _known_sum(investments),
            investments.count(None),
            _known_sum(completed),
            completed.count(None),
            _known_sum(land),
            land.count(None),
            _known_sum(compress(completed, both)),
            _known_sum(compress(investments, both)),
            sum(both),
        )


class _Masks:
    """TableColumns' filters as numpy boolean masks over the rows (for large portfolios)."""

    def __init__(self, columns: TableColumns) -> None:
        import numpy

        self.numpy = numpy
        # No reference back to `columns`: the pair would be a reference cycle, and a load's columns are frozen
        # out of the collector's generations (keep_loaded), where only reference counting frees them: every
        # reload kept the previous portfolio alive (24 MB a reload at 10,000 projects).
        self.size = columns.size
        self.choices = {
            name: _Codes(numpy, values)
            for name, values in (
                ("tables", columns.tables),
                ("counties", columns.counties),
                ("statuses", columns.statuses),
                ("rags", columns.rags),
            )
        }
        self.open_issues = numpy.fromiter(map(bool, columns.open_issues), dtype=bool, count=self.size)
        self.overdue = numpy.fromiter(map(bool, columns.overdue), dtype=bool, count=self.size)
        # Each department's rows (their positions, ascending), grouped in C: every (department, row) pair
        # sorted by department.
        departments = _Codes(numpy, list(chain.from_iterable(columns.leads)))
        owners = numpy.repeat(
            numpy.arange(self.size, dtype=numpy.int64),
            numpy.fromiter(map(len, columns.leads), dtype=numpy.int64, count=self.size),
        )
        by_code = numpy.argsort(departments.codes, kind="stable")
        starts = numpy.searchsorted(departments.codes[by_code], numpy.arange(len(departments.code) + 1))
        self.by_department = {
            department: owners[by_code[starts[code] : starts[code + 1]]]
            for department, code in departments.code.items()
        }
        self._order: tuple[Sequence[int] | None, Any] = (None, None)  # the last order given, as an array
        self.amounts = _Amounts.of(numpy, columns)

    def replacing(
        self, columns: TableColumns, changed: Sequence[int], leads_before: Sequence[tuple[str, ...]]
    ) -> _Masks:
        """The masks of `columns`, which differ from this one's only at the positions `changed` (whose lead
        departments were `leads_before`): a copy with those positions set, the same filters and totals as
        _Masks(columns) gives (tests/test_portfolio_refresh.py)."""
        numpy = self.numpy
        copy = _Masks.__new__(_Masks)
        copy.numpy, copy.size, copy._order = numpy, self.size, (None, None)
        copy.choices = {name: codes.replacing(getattr(columns, name), changed) for name, codes in self.choices.items()}
        copy.open_issues, copy.overdue = self.open_issues.copy(), self.overdue.copy()
        for position in changed:
            copy.open_issues[position] = bool(columns.open_issues[position])
            copy.overdue[position] = bool(columns.overdue[position])
        copy.by_department = dict(self.by_department)
        moved = set(changed)
        leads_now = [columns.leads[position] for position in changed]
        for department in {d for leads in (*leads_before, *leads_now) for d in leads}:
            held = copy.by_department.get(department)
            kept = [] if held is None else [p for p in held.tolist() if p not in moved]
            positions = sorted(kept + [p for p, leads in zip(changed, leads_now, strict=True) if department in leads])
            if positions:
                copy.by_department[department] = numpy.asarray(positions, dtype=numpy.int64)
            else:
                copy.by_department.pop(department, None)
        copy.amounts = None if self.amounts is None else self.amounts.replacing(columns, changed)
        return copy

    def _order_array(self, order: Sequence[int]) -> Any:
        if self._order[0] is not order:
            self._order = (order, self.numpy.asarray(order, dtype=self.numpy.int64))
        return self._order[1]

    def filter_positions(
        self, flt: PortfolioFilter, order: Sequence[int] | None, text_hits: Callable[..., list[bool]]
    ) -> list[int]:
        """`text_hits`: the columns' _text_hits (whether each row, or each of the given positions, has a term)."""
        numpy = self.numpy
        mask: Any = None

        def narrow(selected: Any) -> None:
            nonlocal mask
            mask = selected if mask is None else mask & selected

        for name, wanted in (
            ("tables", flt.tables),
            ("counties", flt.counties),
            ("statuses", flt.statuses),
            ("rags", flt.rags),
        ):
            if wanted:
                narrow(self.choices[name].mask(wanted))
        if flt.open_problems:
            narrow(self.open_issues)
        if flt.overdue:
            narrow(self.overdue)
        if flt.departments:
            in_departments = numpy.zeros(self.size, dtype=bool)
            for department in flt.departments:
                positions = self.by_department.get(department)
                if positions is not None:
                    in_departments[positions] = True
            narrow(in_departments)
        for term in search_terms(flt.text):
            # The texts are scanned in the rows' order (memory order); only those still selected unless most are.
            if mask is None or numpy.count_nonzero(mask) > self.size * 3 // 4:
                narrow(numpy.array(text_hits(term), dtype=bool))
            else:
                candidates = numpy.flatnonzero(mask).tolist()
                hits = numpy.zeros(self.size, dtype=bool)
                hits[list(compress(candidates, text_hits(term, candidates)))] = True
                mask = hits
        if mask is None:
            return list(range(self.size)) if order is None else list(order)
        if order is None:
            return cast(list[int], numpy.flatnonzero(mask).tolist())
        ordered = self._order_array(order)
        return cast(list[int], ordered[mask[ordered]].tolist())


class _Amounts:
    """The amount columns as whole numbers of 1/10,000 (numpy int64) with a mask of the known values, so the
    totals of a selection are sums in C. Only made when that is exact: every known amount has at most four
    decimal places (the database's scale for money; land has three) and no sum can overflow."""

    PLACES = 4

    def __init__(self, numpy: Any, size: int, scaled: list[tuple[Any, Any]]) -> None:
        self.numpy = numpy
        self.size = size
        (
            (self.investment, self.investment_known),
            (self.completed, self.completed_known),
            (self.land, self.land_known),
        ) = scaled
        # The completion rate's rows: completed known and the estimate known and not zero (unknown is 0 here).
        self.rate_rows = self.completed_known & (self.investment != 0)

    # Values converted per pass: each pass runs in C holding the interpreter lock, and at 100,000 rows one pass
    # over a whole column held it for 50-100 ms (the window could not react meanwhile); between blocks the
    # loading thread lets the GUI thread run.
    BLOCK = 20_000

    @classmethod
    def of(cls, numpy: Any, columns: TableColumns) -> _Amounts | None:
        scaled = []
        for values in (columns.investments, columns.completed, columns.land):
            whole: list[int] = []
            for start in range(0, len(values), cls.BLOCK):
                known_values = cast(list[Decimal], list(filter(_NOT_NONE, values[start : start + cls.BLOCK])))
                shifted = list(map(Decimal.scaleb, known_values, repeat(cls.PLACES)))
                block = list(map(int, shifted))
                if not all(map(eq, shifted, block)):
                    return None
                whole += block
            if max(map(abs, whole), default=0) * (len(whole) + 1) >= 2**62:
                return None
            known = numpy.fromiter(map(_NOT_NONE, values), dtype=bool, count=columns.size)
            array = numpy.zeros(columns.size, dtype=numpy.int64)
            array[known] = whole
            scaled.append((array, known))
        return cls(numpy, columns.size, scaled)

    def replacing(self, columns: TableColumns, changed: Sequence[int]) -> _Amounts | None:
        """These amounts with those at the positions `changed` taken from `columns` (as _Amounts.of(columns)
        would make them); None when one of them cannot be held exactly."""
        numpy = self.numpy
        scaled = []
        for values, array, known in (
            (columns.investments, self.investment, self.investment_known),
            (columns.completed, self.completed, self.completed_known),
            (columns.land, self.land, self.land_known),
        ):
            array, known = array.copy(), known.copy()
            for position in changed:
                value = values[position]
                known[position] = value is not None
                if value is None:
                    array[position] = 0
                    continue
                shifted = value.scaleb(self.PLACES)
                if shifted != int(shifted) or abs(int(shifted)) >= 2**62:
                    return None
                array[position] = int(shifted)
            if int(numpy.abs(array).max(initial=0)) * (int(numpy.count_nonzero(known)) + 1) >= 2**62:
                return None
            scaled.append((array, known))
        return _Amounts(numpy, self.size, scaled)

    def sort_order(self, key: str, descending: bool) -> list[int] | None:
        """The stable order of the rows by an amount (ties as loaded), unknown amounts last either way."""
        columns = {
            "investment_total": (self.investment, self.investment_known),
            "cumulative": (self.completed, self.completed_known),
            "new_land_mu": (self.land, self.land_known),
        }
        if key not in columns:
            return None
        values, known = columns[key]
        numpy = self.numpy
        known_positions = numpy.flatnonzero(known)
        known_values = values[known_positions]
        by_value = numpy.argsort(-known_values if descending else known_values, kind="stable")
        order = numpy.concatenate((known_positions[by_value], numpy.flatnonzero(~known)))
        return cast(list[int], order.tolist())

    def _sum(self, values: Any, known: Any) -> Decimal:
        if not known.any():
            return Decimal(0)
        return Decimal(int(values.sum())).scaleb(-self.PLACES)

    def totals(self, positions: Sequence[int] | None) -> PortfolioTotals:
        if positions is None:
            selected: Any = slice(None)
            count = self.size
        else:
            selected = self.numpy.asarray(positions, dtype=self.numpy.int64)
            count = len(selected)
        investment, investment_known = self.investment[selected], self.investment_known[selected]
        completed, completed_known = self.completed[selected], self.completed_known[selected]
        land, land_known = self.land[selected], self.land_known[selected]
        rate_rows = self.rate_rows[selected]
        count_nonzero = self.numpy.count_nonzero
        return PortfolioTotals(
            count,
            self._sum(investment, investment_known),
            count - int(count_nonzero(investment_known)),
            self._sum(completed, completed_known),
            count - int(count_nonzero(completed_known)),
            self._sum(land, land_known),
            count - int(count_nonzero(land_known)),
            self._sum(completed[rate_rows], rate_rows),
            self._sum(investment[rate_rows], rate_rows),
            int(count_nonzero(rate_rows)),
        )


class _Codes:
    """A choice column (county, status, ...) as small integer codes, for a mask of the rows with given values."""

    def __init__(self, numpy: Any, values: list[Any]) -> None:
        self.numpy = numpy
        self.code: dict[Any, int] = {value: code for code, value in enumerate(dict.fromkeys(values))}
        self.codes = numpy.fromiter(map(self.code.__getitem__, values), dtype=numpy.int32, count=len(values))

    def replacing(self, values: list[Any], changed: Sequence[int]) -> _Codes:
        """These codes with the values at the positions `changed` taken from `values` (a value new to the column
        gets the next code; a value no row has any more keeps its code and selects nothing)."""
        copy = _Codes.__new__(_Codes)
        copy.numpy, copy.code, copy.codes = self.numpy, dict(self.code), self.codes.copy()
        for position in changed:
            copy.codes[position] = copy.code.setdefault(values[position], len(copy.code))
        return copy

    def mask(self, wanted: Iterable[Any]) -> Any:
        chosen = self.numpy.zeros(len(self.code), dtype=bool)
        chosen[[self.code[v] for v in wanted if v in self.code]] = True
        return chosen[self.codes]


def _known_sum(values: Iterable[Decimal | None]) -> Decimal:
    """The sum of the values that are known (not None), added in C."""
    return sum(cast(Iterable[Decimal], filter(_NOT_NONE, values)), Decimal(0))
