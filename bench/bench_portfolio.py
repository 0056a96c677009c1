"""Benchmark: the portfolio browser's data paths (load, open one project, search/filter/sort, timeline).

    python bench/bench_portfolio.py [--sizes 1000,10000] [--repeats 3]   (= python -m bench --only portfolio)

Each operation is timed against a bare baseline doing the same reading with the sqlite3 module or plain
Python, in the same run. No Qt widgets here: the table model and views are measured by their own owners.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import Case, Context, SelfTimed

PROJECT_COLUMNS = (
    "id, code, name, appendix_table, county, counties, entities, location, content, investment_total, "
    "new_land_mu, status, version, updated_at, updated_by"
)

CASES = [
    Case(
        "portfolio load (project_service.load_portfolio: rows + status + search keys), statuses of today stored",
        "load_portfolio",
        "select_projects",
        target="≤ 3× raw SELECT",
        target_ratio=3.0,
        note="every load after the day's first: the stored statuses and search keys are current",
    ),
    Case(
        "portfolio load (as above), against the two raw SELECTs it reads: projects and their stored summaries",
        "load_portfolio",
        "select_projects_and_summaries",
        target="(reported: the reading any load of stored statuses does, before one row is built)",
        note="the target above compares the load with the projects' SELECT alone",
    ),
    Case(
        "portfolio load, the day's first (every status computed, then stored)",
        "load_portfolio_first_of_day",
        "select_projects",
        target="(reported)",
        note="once a day, or after a project's data changed (then only that project is recomputed)",
    ),
    Case(
        "portfolio rows, the table's first step (load_portfolio with_status=False: rows + search text)",
        "load_portfolio_rows",
        "select_projects",
        target="≤ 3× raw SELECT",
        target_ratio=3.0,
    ),
    Case("· portfolio.load_rows", "load_rows", "select_projects", target="part of the above"),
    Case("· status.project_statuses (all projects)", "project_statuses", "select_projects", target="part of the above"),
    Case("· portfolio.prepare_search", "prepare_search", "select_projects", target="part of the above"),
    Case(
        "open one project (the editor's service reads)",
        "open_project",
        "five_selects",
        target="< 200 ms, independent of size",
        target_ms=200,
    ),
    Case(
        "sort by investment (portfolio.sort_rows)",
        "sort_investment",
        "sorted_values",
        target="< 100 ms at 100k",
        target_ms=100,
    ),
    Case(
        "search '御河 湿地' (portfolio.filter_rows)",
        "search_text",
        "substring_scan",
        target="< 100 ms at 100k",
        target_ms=100,
    ),
    Case(
        "filter county + status (portfolio.filter_rows)",
        "filter_county_status",
        "tuple_scan",
        target="< 100 ms at 100k",
        target_ms=100,
    ),
    Case(
        "timeline data (project_service.timeline_milestones + the first screen's timeline_details)",
        "timeline",
        "select_milestones",
        target="< 2 s at 100k",
        target_ms=2000,
    ),
]


# ------------------------------------------------------------------------------------------------ baselines


def select_projects(ctx: Context) -> Callable[[], object]:
    def run() -> list[tuple[object, ...]]:
        con = sqlite3.connect(str(ctx.db))
        try:
            return con.execute(
                f"SELECT {PROJECT_COLUMNS} FROM projects ORDER BY appendix_table, row_no, code"
            ).fetchall()
        finally:
            con.close()

    return run


# What summary_store.read_stored reads of each project's stored summary (its stamp, status, search keys and lead
# departments), beside the projects' own columns.
SUMMARY_COLUMNS = (
    "project_id, stamp, computed_stamp, version, as_of, rag, rag_reasons, cumulative, last_update, open_issues, "
    "overdue_milestones, search_text, search_initials, lead_departments"
)


def select_projects_and_summaries(ctx: Context) -> Callable[[], object]:
    def run() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        con = sqlite3.connect(str(ctx.db))
        try:
            summaries = con.execute(f"SELECT {SUMMARY_COLUMNS} FROM project_summaries").fetchall()
            projects = con.execute(
                f"SELECT {PROJECT_COLUMNS} FROM projects ORDER BY appendix_table, row_no, code"
            ).fetchall()
            return summaries, projects
        finally:
            con.close()

    return run


def five_selects(ctx: Context) -> Callable[[], object]:
    pid = middle_project(ctx)

    def run() -> list[object]:
        con = sqlite3.connect(str(ctx.db))
        try:
            return [
                con.execute("SELECT * FROM projects WHERE id = ?", (pid,)).fetchall(),
                con.execute("SELECT * FROM project_lead_departments WHERE project_id = ?", (pid,)).fetchall(),
                con.execute("SELECT * FROM quarterly_progress WHERE project_id = ?", (pid,)).fetchall(),
                con.execute("SELECT * FROM milestones WHERE project_id = ?", (pid,)).fetchall(),
                con.execute("SELECT * FROM coordination_issues WHERE project_id = ?", (pid,)).fetchall(),
            ]
        finally:
            con.close()

    return run


def sorted_values(ctx: Context) -> Callable[[], object]:
    values = [row[9] for row in select_projects(ctx)()]
    return lambda: sorted((v for v in values if v is not None), reverse=True)


def substring_scan(ctx: Context) -> Callable[[], object]:
    texts = ["\n".join(str(v) for v in row[1:9]) for row in select_projects(ctx)()]
    return lambda: [t for t in texts if "御河" in t and "湿地" in t]


def tuple_scan(ctx: Context) -> Callable[[], object]:
    rows = select_projects(ctx)()
    return lambda: [r for r in rows if r[4] == "灵丘县" and r[11] == "在建"]


def select_milestones(ctx: Context) -> Callable[[], object]:
    def run() -> list[tuple[object, ...]]:
        con = sqlite3.connect(str(ctx.db))
        try:
            return con.execute("SELECT * FROM milestones ORDER BY project_id, sort_order, created_at").fetchall()
        finally:
            con.close()

    return run


def middle_project(ctx: Context) -> str:
    con = sqlite3.connect(str(ctx.db))
    try:
        row = con.execute("SELECT id FROM projects ORDER BY code LIMIT 1 OFFSET ?", (ctx.n // 2,)).fetchone()
        return str(row[0])
    finally:
        con.close()


# ------------------------------------------------------------------------------------------------ the app


def _workspace(ctx: Context):  # type: ignore[no-untyped-def]
    from app.core.workspace import open_workspace

    return open_workspace(ctx.db, seed=False, user="bench", create=False)


def load_portfolio(ctx: Context) -> Callable[[], object]:
    from app.core import project_service

    ws = _workspace(ctx)
    project_service.load_portfolio(ws)  # before the clock: the statuses of today are stored (if they were not)
    return lambda: project_service.load_portfolio(ws)


def load_portfolio_first_of_day(ctx: Context) -> Callable[[], object]:
    import time

    from sqlalchemy import text

    from app.core import project_service

    ws = _workspace(ctx)

    def run() -> SelfTimed:
        with ws.session() as session:  # the stored statuses are of another day: each is computed and stored again
            session.execute(text("UPDATE project_summaries SET as_of = '2000-01-01'"))
        started = time.perf_counter()
        project_service.load_portfolio(ws)
        return SelfTimed(time.perf_counter() - started, "wall time of the load alone; CPU includes the reset")

    return run


def load_portfolio_rows(ctx: Context) -> Callable[[], object]:
    from app.core import project_service

    ws = _workspace(ctx)
    return lambda: project_service.load_portfolio(ws, with_status=False)


def load_rows(ctx: Context) -> Callable[[], object]:
    from app.core import portfolio

    ws = _workspace(ctx)

    def run() -> object:
        with ws.session() as session:
            return portfolio.load_rows(session)

    return run


def project_statuses(ctx: Context) -> Callable[[], object]:
    from app.core import status

    ws = _workspace(ctx)

    def run() -> object:
        with ws.session() as session:
            return status.project_statuses(session)

    return run


def prepare_search(ctx: Context) -> Callable[[], object]:
    from app.core import portfolio

    ws = _workspace(ctx)

    def run() -> object:
        with ws.session() as session:
            rows = portfolio.load_rows(session)
        for row in rows:  # the keys computed, as on the day's first load (not the ones stored)
            row._hay = row._initials = None
        return rows

    loaded = [run() for _ in range(ctx.repeats)]  # rows for each repeat, loaded before the clock starts

    def build() -> object:
        rows = loaded.pop()
        portfolio.prepare_search(rows)
        return rows

    return build


def open_project(ctx: Context) -> Callable[[], object]:
    from app.core import project_service, tracking_service

    ws = _workspace(ctx)
    pid = middle_project(ctx)

    def run() -> list[object]:
        return [
            project_service.get_project(ws, pid),
            tracking_service.project_tracking(ws, pid),
            tracking_service.progress_history(ws, pid),
            tracking_service.list_issues(ws, pid),
            project_service.project_history(ws, pid),
        ]

    return run


def _loaded_rows(ctx: Context) -> list[object]:
    from app.core import project_service

    return list(project_service.load_portfolio(_workspace(ctx)))


def sort_investment(ctx: Context) -> Callable[[], object]:
    from app.core import portfolio

    rows = _loaded_rows(ctx)
    return lambda: portfolio.sort_rows(rows, "investment_total", True)  # type: ignore[arg-type]


def search_text(ctx: Context) -> Callable[[], object]:
    from app.core import portfolio

    rows = _loaded_rows(ctx)
    wanted = portfolio.PortfolioFilter(text="御河 湿地")
    return lambda: portfolio.filter_rows(rows, wanted)  # type: ignore[arg-type]


def filter_county_status(ctx: Context) -> Callable[[], object]:
    from app.core import portfolio

    rows = _loaded_rows(ctx)
    wanted = portfolio.PortfolioFilter(counties=frozenset({"灵丘县"}), statuses=frozenset({"在建"}))
    return lambda: portfolio.filter_rows(rows, wanted)  # type: ignore[arg-type]


def timeline(ctx: Context) -> Callable[[], object]:
    from app.core import project_service

    ws = _workspace(ctx)

    def run() -> object:
        # What opening the tab reads: one line per project, then the milestones of the ~40 rows on screen.
        lines = project_service.timeline_milestones(ws)
        first_screen = sorted(lines.projects)[:40]
        project_service.timeline_details(ws, first_screen, lines.as_of)
        return lines.projects

    return run


if __name__ == "__main__":
    from bench.run_all import main

    sys.exit(main(["--only", "portfolio", *sys.argv[1:]]))
