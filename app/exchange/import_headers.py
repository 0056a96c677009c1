"""Which sheet holds which table, found by its header row, never by its name alone.

Officers rename sheets, WPS swaps them, a copy ends up as "季度填报 (2)". A sheet is the progress, milestone or
portfolio table when its header says so; its name only breaks ties. What the workbook's `_meta` says it
contains must then be found, or the workbook is refused: a data sheet that silently disappears would make a
county's whole quarter vanish while the import reports success.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.exchange import layout
from app.exchange.import_reading import HEADER_SEARCH_ROWS, RawCell, RawFile, RawSheet

# The per-table copies of the portfolio export (附表1 … 附表7, 规划外新增) are for reading and printing only.
VIEW_SHEET = re.compile(r"^(附表\d+|规划外新增)$")
# Sheets that are part of the exchange workbook but hold no data to import.
NON_DATA_SHEETS = frozenset({layout.SHEET_README, layout.SHEET_LISTS})
MIN_RECOGNISED_COLUMNS = 3  # a header with fewer known columns is not taken for a table


@dataclass
class Header:
    row_number: int
    index: int  # position in RawSheet.rows
    columns: dict[int, layout.Col]  # 0-based column -> spec column
    unknown: list[tuple[int, str]]
    duplicates: list[tuple[int, str]]
    width: int  # how many cells the header row has (a CSV record must have as many)

    def missing(self, spec: layout.SheetSpec) -> list[str]:
        present = {c.key for c in self.columns.values()}
        return [c.label for c in spec.columns if c.required and c.key not in present]


@dataclass
class SheetMatch:
    sheet: RawSheet
    spec: layout.SheetSpec
    header: Header


@dataclass
class Identified:
    """The sheets to import, and what was found about the others (messages for the plan)."""

    matches: list[SheetMatch]
    ignored_views: list[str]  # per-table reading copies that hold rows
    unknown: list[str]  # sheets with content that is no table of ours
    headerless: list[tuple[RawSheet, layout.SheetSpec]]  # named like a table, but no header found anywhere
    missing: list[tuple[layout.SheetSpec, int]]  # tables _meta promises (with their row count) not found


def cell_text(cell: RawCell) -> str:
    return "" if cell.value is None else str(cell.value)


def find_header(sheet: RawSheet, spec: layout.SheetSpec) -> Header | None:
    """The row (among the first few) whose cells name most of the spec's columns."""
    by_header = spec.by_header()
    best: Header | None = None
    best_score = 0
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        columns: dict[int, layout.Col] = {}
        unknown, duplicates = [], []
        seen: set[str] = set()
        for c, cell in enumerate(row.cells):
            text = cell_text(cell)
            key = layout.header_key(text)
            if not key:
                continue
            col = by_header.get(key)
            if col is None:
                unknown.append((c, text))
            elif col.key in seen:
                duplicates.append((c, text))
            else:
                seen.add(col.key)
                columns[c] = col
        score = sum(2 if col.required else 1 for col in columns.values())
        if score > best_score:
            width = row.width if row.width is not None else len(row.cells)
            best, best_score = Header(row.number, index, columns, unknown, duplicates, width), score
    return best


def _by_header(sheet: RawSheet) -> SheetMatch | None:
    """The table this sheet's header names best: complete headers first, then the most known columns."""
    candidates = []
    for spec in layout.IMPORT_SPECS:
        header = find_header(sheet, spec)
        if header is not None:
            candidates.append((not header.missing(spec), len(header.columns), spec, header))
    candidates.sort(key=lambda t: (t[0], t[1]), reverse=True)
    if candidates and (candidates[0][0] or candidates[0][1] >= MIN_RECOGNISED_COLUMNS):
        return SheetMatch(sheet, candidates[0][2], candidates[0][3])
    return None


def _has_content(sheet: RawSheet, skip: int = 0) -> bool:
    return any(not row.is_blank for row in sheet.rows[skip:])


def _promised(raw: RawFile) -> list[tuple[layout.SheetSpec, int]]:
    """The tables the workbook's _meta says it was exported with, and how many rows each had."""
    kind = raw.meta.get("kind")
    if kind == layout.WORKBOOK_KIND_ENTRY:
        wanted = [(layout.PROGRESS_SPEC, "projects"), (layout.MILESTONE_SPEC, "milestones")]
    elif kind == layout.WORKBOOK_KIND_PORTFOLIO:
        wanted = [(layout.PORTFOLIO_SPEC, "projects")]
    else:
        return []
    out = []
    for spec, count_key in wanted:
        try:
            count = int(raw.meta.get(count_key) or 0)
        except ValueError:
            count = 1  # unreadable count: the table is expected all the same
        if count > 0:
            out.append((spec, count))
    return out


def identify(raw: RawFile) -> Identified:
    result = Identified([], [], [], [], [])
    named_without_header: list[tuple[RawSheet, layout.SheetSpec]] = []
    for sheet in raw.sheets:
        name = sheet.name.strip()
        named = layout.SPEC_BY_SHEET.get(name)
        match = None
        if named is not None:
            header = find_header(sheet, named)
            if header is not None and (not header.missing(named) or len(header.columns) >= MIN_RECOGNISED_COLUMNS):
                match = SheetMatch(sheet, named, header)
        if match is None:
            match = _by_header(sheet)
        if match is not None and VIEW_SHEET.match(name) and match.spec is layout.PORTFOLIO_SPEC:
            if _has_content(sheet, skip=match.header.index + 1):
                result.ignored_views.append(sheet.name)
            continue
        if match is not None:
            result.matches.append(match)
        elif named is not None:
            named_without_header.append((sheet, named))
        elif name not in NON_DATA_SHEETS and not VIEW_SHEET.match(name) and _has_content(sheet):
            result.unknown.append(sheet.name)
    found = {id(m.spec) for m in result.matches}
    # A sheet named like a table but holding none is only a problem if the table is nowhere else (a swap).
    result.headerless = [(sheet, spec) for sheet, spec in named_without_header if id(spec) not in found]
    result.missing = [
        (spec, count)
        for spec, count in _promised(raw)
        if id(spec) not in found and all(s is not spec for _, s in result.headerless)
    ]
    return result
