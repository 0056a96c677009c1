"""Benchmark: the county entry workbook (export, and import of a filled one) against raw openpyxl.

    python bench/bench_exchange.py [--sizes 1000] [--repeats 3]   (= python -m bench --only exchange)

Export baseline: openpyxl write-only mode writing the same cells the application wrote. Import baseline:
openpyxl read-only mode reading every cell of the filled workbook once. The import is timed as a dry run
(every check and every write, then rolled back) so it can be repeated on the same database.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import Case, Context

PERIOD = "2025Q4"
XLSX_MAX = 10_000  # the case is a 10k-row workbook; 100k rows would take hours as it stands

CASES = [
    Case(
        "entry workbook export (exchange.service.export_entry_workbook)",
        "export_entry",
        "write_only_same_cells",
        target="≤ 1.5× raw openpyxl write-only",
        target_ratio=1.5,
        max_n=XLSX_MAX,
        heavy=True,
        note="not run above 10k (a workbook of that size is not the use case)",
    ),
    Case(
        "import a filled entry workbook (apply_import, dry run)",
        "import_filled",
        "read_only_all_cells",
        target="≤ 2× raw openpyxl read-only",
        target_ratio=2.0,
        max_n=XLSX_MAX,
        heavy=True,
        note="not run above 10k; at most file_checks.MAX_ROWS data rows (8,333 projects of the 10k portfolio)",
    ),
]


def _workspace(ctx: Context):  # type: ignore[no-untyped-def]
    from app.core.workspace import open_workspace

    return open_workspace(ctx.db, seed=False, user="bench", create=False)


def _exported(ctx: Context) -> Path:
    """The application's entry workbook for this database, written once and kept."""
    from app.exchange import service

    path = ctx.work / f"entry-{ctx.db.stem}.xlsx"
    if not path.exists():
        ws = _workspace(ctx)
        try:
            service.export_entry_workbook(ws, path, period=PERIOD, force=True)
        finally:
            ws.close()
    return path


def _importable(ctx: Context) -> Path:
    """The entry workbook of as many projects (in plan order) as one import takes: the whole portfolio's up to
    file_checks.MAX_ROWS data rows (a project is 1 progress row + its milestone rows: 10,000 synthetic projects
    are 60,000 rows, which the importer refuses, so at 10k the workbook holds 8,333 projects, 49,998 rows)."""
    import sqlite3

    from app.exchange import file_checks, service

    con = sqlite3.connect(ctx.db)
    try:
        chosen, rows = [], 0
        for pid, milestones in con.execute(
            "SELECT p.id, (SELECT count(*) FROM milestones m WHERE m.project_id = p.id) FROM projects p"
            " ORDER BY p.appendix_table, p.row_no, p.code"
        ):
            if rows + 1 + milestones > file_checks.MAX_ROWS:
                break
            chosen.append(pid)
            rows += 1 + milestones
    finally:
        con.close()
    if len(chosen) == ctx.n:
        return _exported(ctx)
    path = ctx.work / f"entry-{ctx.db.stem}-{len(chosen)}.xlsx"
    if not path.exists():
        ws = _workspace(ctx)
        try:
            service.export_entry_workbook(ws, path, period=PERIOD, project_ids=chosen, force=True)
        finally:
            ws.close()
    return path


def _filled(ctx: Context) -> Path:
    """The entry workbook as a county sends it back: 形象进度 and this quarter's amount changed on every row."""
    import openpyxl

    source = _importable(ctx)
    path = source.with_name(source.name.replace("entry-", "filled-", 1))
    if path.exists():
        return path
    book = openpyxl.load_workbook(source)
    sheet = book["季度填报"]
    header_row, columns = _header(sheet)
    for row in sheet.iter_rows(min_row=header_row + 1):
        if row[columns["项目编号"]].value in (None, ""):
            continue
        cell = row[columns["形象进度"]]
        cell.value = f"{cell.value or ''}（季度末核实）"
        amount = row[columns["本季度完成投资（亿元）"]]
        amount.value = round(float(amount.value or 0) + 0.0001, 4)
    book.save(path)
    return path


def _header(sheet) -> tuple[int, dict[str, int]]:  # type: ignore[no-untyped-def]
    for number, values in enumerate(sheet.iter_rows(max_row=10, values_only=True), start=1):
        labels = [str(v).strip() if v is not None else "" for v in values]
        if "形象进度" in labels:
            return number, {label: i for i, label in enumerate(labels)}
    raise RuntimeError("no header row with 形象进度 in the entry sheet")


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    finally:
        book.close()


# ------------------------------------------------------------------------------------------------ baselines


def write_only_same_cells(ctx: Context) -> Callable[[], object]:
    import openpyxl

    cells = _cells(_exported(ctx))
    target = ctx.work / "baseline-write.xlsx"

    def run() -> int:
        book = openpyxl.Workbook(write_only=True)
        for title, rows in cells.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
        book.save(target)
        return sum(len(rows) for rows in cells.values())

    return run


def read_only_all_cells(ctx: Context) -> Callable[[], object]:
    path = _filled(ctx)
    return lambda: _cells(path)


# ------------------------------------------------------------------------------------------------ the app


def export_entry(ctx: Context) -> Callable[[], object]:
    from app.exchange import service

    _exported(ctx)  # the baseline's input exists whichever runs first
    ws = _workspace(ctx)
    target = ctx.work / "app-export.xlsx"
    return lambda: service.export_entry_workbook(ws, target, period=PERIOD, force=True)


def import_filled(ctx: Context) -> Callable[[], object]:
    from app.exchange import service

    path = _filled(ctx)
    ws = _workspace(ctx)

    def run() -> object:
        outcome = service.apply_import(ws, path, default_resolution="theirs", dry_run=True)
        if not outcome.ok:
            raise RuntimeError(f"import rejected: {outcome.message}")
        return outcome.applied

    return run


if __name__ == "__main__":
    from bench.run_all import main

    sys.exit(main(["--only", "exchange", *sys.argv[1:]]))
