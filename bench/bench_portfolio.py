"""Benchmark: the portfolio browser at 100,000 projects.

    python bench/bench_portfolio.py [--projects 100000] [--proxy] [--keep DB]

A synthetic portfolio (projects, lead departments, some quarterly progress, milestones and issues) is written
to a temporary SQLite file, then every step the portfolio tab performs is timed. Figures are reported as
ratios to a baseline measured in the same run on the same machine — a plain sqlite3 ``SELECT`` + fetchall of
the project rows — so they compare across machines; seconds are printed too. Nothing here runs in the unit tests.

--proxy also times a QSortFilterProxyModel sort over the same model (what the table would do with a proxy),
to show why ProjectTableModel sorts in Python instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core import reference as ref

WORDS = (
    "御河",
    "桑干河",
    "十里河",
    "唐河",
    "南洋河",
    "生态修复",
    "湿地",
    "综合治理",
    "污水处理厂",
    "林草",
    "造林",
    "矿山",
    "光伏",
    "水源地",
    "供水",
    "防沙",
    "绿化",
    "人居环境",
    "监测能力",
    "提标改造",
    "雨污分流",
    "固废",
)
SUFFIX = ("工程", "项目", "建设项目", "二期工程", "示范项目")
DEPTS = [
    f"{c}{d}"
    for c in ("市", "灵丘县", "广灵县", "浑源县", "天镇县", "阳高县", "左云县", "云州区")
    for d in ("水务局", "林业局", "自然资源局", "生态环境局", "住建局", "农业农村局")
]


def generate(path: Path, n: int, seed: int = 7) -> None:
    """A synthetic but plausible portfolio: Chinese names, several lead departments, unknown amounts."""
    from sqlalchemy import insert

    from app.core.workspace import open_workspace
    from app.db.models import (
        CoordinationIssue,
        Department,
        Milestone,
        Project,
        ProjectLeadDepartment,
        QuarterlyProgress,
        ReportingPeriod,
    )

    rnd = random.Random(seed)
    ws = open_workspace(path, seed=False, user="bench")
    now = dt.datetime(2025, 6, 30, 12, 0)
    with ws.session() as s:
        s.execute(insert(Department), [{"name": d} for d in DEPTS])
        dept_ids = {d.name: d.id for d in s.query(Department)}
        for code in ("2025Q1", "2025Q2"):
            s.add(ReportingPeriod(code=code, year=2025, quarter=int(code[-1])))
        s.flush()
        projects, links, progress, milestones, issues = [], [], [], [], []
        for i in range(n):
            table = 1 + i % 7
            pid = str(uuid.UUID(int=rnd.getrandbits(128)))
            county = rnd.choice(ref.COUNTY_NAMES)
            name = f"{county[:2]}{rnd.choice(WORDS)}{rnd.choice(WORDS)}{rnd.choice(SUFFIX)}{i}"
            inv = None if rnd.random() < 0.05 else Decimal(rnd.randint(1, 500000)) / 10000
            projects.append(
                dict(
                    id=pid,
                    code=f"B{table}-{i:06d}",
                    appendix_table=table,
                    appendix_group=ref.APPENDIX_TABLES[table][0],
                    row_no=i,
                    name=name,
                    content=f"实施{rnd.choice(WORDS)}{rnd.choice(WORDS)}，治理河长{rnd.randint(1, 80)}km",
                    entities=[f"{county}{rnd.choice(('水务局', '林业局', '城投公司'))}"],
                    location=f"{county}某乡镇",
                    county=county,
                    counties=[county],
                    investment_total=inv,
                    new_land_mu=None if rnd.random() < 0.6 else Decimal(rnd.randint(0, 3000)),
                    status=rnd.choice(ref.STATUSES),
                    version=1,
                    created_at=now,
                    updated_at=now,
                    updated_by="bench",
                )
            )
            for pos, d in enumerate(rnd.sample(DEPTS, 1 + (i % 3 == 0))):
                links.append(dict(project_id=pid, department_id=dept_ids[d], position=pos))
            if i % 3 == 0:
                for code in ("2025Q1", "2025Q2"):
                    progress.append(
                        dict(
                            id=str(uuid.uuid4()),
                            project_id=pid,
                            period=code,
                            invested=Decimal(rnd.randint(0, 5000)) / 10000,
                            version=1,
                            created_at=now,
                            updated_at=now,
                            updated_by="bench",
                        )
                    )
            if i % 5 == 0:
                milestones.append(
                    dict(
                        id=str(uuid.uuid4()),
                        project_id=pid,
                        kind="开工",
                        title="开工",
                        planned_date=dt.date(2025, rnd.randint(1, 12), 1),
                        status="未开始",
                        sort_order=0,
                        version=1,
                        created_at=now,
                        updated_at=now,
                        updated_by="bench",
                    )
                )
            if i % 11 == 0:
                issues.append(
                    dict(
                        id=str(uuid.uuid4()),
                        project_id=pid,
                        description="用地手续待协调",
                        raised_date=dt.date(2025, 3, 1),
                        deadline=dt.date(2025, 5, 1),
                        version=1,
                        created_at=now,
                        updated_at=now,
                        updated_by="bench",
                    )
                )
        for table_cls, rows in (
            (Project, projects),
            (ProjectLeadDepartment, links),
            (QuarterlyProgress, progress),
            (Milestone, milestones),
            (CoordinationIssue, issues),
        ):
            for start in range(0, len(rows), 20000):
                s.execute(insert(table_cls), rows[start : start + 20000])
    ws.close()


def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Median of `repeat` runs (seconds) and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--proxy", action="store_true", help="also time a QSortFilterProxyModel sort (slow)")
    parser.add_argument("--keep", help="write the synthetic database here and keep it")
    args = parser.parse_args(argv)

    tmp = tempfile.TemporaryDirectory()
    db = Path(args.keep) if args.keep else Path(tmp.name) / "bench.sqlite3"
    os.environ.setdefault("DATONG_DATA_DIR", tmp.name)
    if not db.exists():
        t0 = time.perf_counter()
        generate(db, args.projects)
        print(f"generated {args.projects:,} projects in {time.perf_counter() - t0:.1f}s -> {db}")

    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from app.core import portfolio, project_service
    from app.core.workspace import open_workspace
    from app.ui.models import SORT_ROLE, ProjectTableModel

    app = QApplication.instance() or QApplication([])
    ws = open_workspace(db, seed=False, user="bench")

    def baseline() -> int:
        con = sqlite3.connect(str(db))
        try:
            return len(
                con.execute(
                    "SELECT id, code, name, appendix_table, county, counties, entities, location, "
                    "content, investment_total, new_land_mu, status, version, updated_at, updated_by "
                    "FROM projects ORDER BY appendix_table, row_no, code"
                ).fetchall()
            )
        finally:
            con.close()

    results: list[tuple[str, float]] = []

    def record(label: str, seconds: float) -> None:
        results.append((label, seconds))

    base, count = timed(baseline, 5)
    record("baseline: sqlite3 SELECT + fetchall of all project rows", base)

    def load_rows() -> list:
        with ws.session() as s:
            return portfolio.load_rows(s)

    t, rows = timed(load_rows)
    record("load rows (bulk queries -> PortfolioRow)", t)
    status = portfolio.status_module()
    if status is not None:

        def statuses() -> dict:
            with ws.session() as s:
                return status.project_statuses(s)

        t, st = timed(statuses, 1)
        record("project_statuses (tracking core, bulk)", t)
        portfolio.apply_statuses(rows, st)
    t, _ = timed(lambda: portfolio.prepare_search(rows), 1)
    record("build search index incl. pinyin initials (first time)", t)
    t, all_rows = timed(lambda: project_service.load_portfolio(ws), 1)
    record("= whole background load (project_service.load_portfolio)", t)
    rows = all_rows
    assert len(rows) == count == args.projects or args.keep

    t, hits = timed(
        lambda: portfolio.filter_rows(
            rows, portfolio.PortfolioFilter(counties=frozenset({"灵丘县"}), statuses=frozenset({"在建"}))
        )
    )
    record(f"filter county+status ({len(hits):,} hits)", t)
    t, hits = timed(lambda: portfolio.filter_rows(rows, portfolio.PortfolioFilter(text="御河 湿地")))
    record(f"search Chinese substring '御河 湿地' ({len(hits):,} hits)", t)
    t, hits = timed(lambda: portfolio.filter_rows(rows, portfolio.PortfolioFilter(text="yhsd")))
    record(f"search pinyin initials 'yhsd' ({len(hits):,} hits)", t)
    t, _ = timed(lambda: portfolio.totals(rows))
    record("totals of the whole set (unknowns counted)", t)
    t, _ = timed(lambda: [portfolio.group_totals(rows, d) for d in ("category", "county", "status", "rag")])
    record("dashboard group totals (4 charts)", t)
    t, _ = timed(lambda: portfolio.sort_rows(rows, "name"))
    record("sort by name (pinyin collation)", t)
    t, _ = timed(lambda: portfolio.sort_rows(rows, "investment_total", True))
    record("sort by investment, unknown last", t)

    model = ProjectTableModel()
    t, _ = timed(lambda: model.set_rows(rows))
    record("ProjectTableModel.set_rows (reset)", t)
    t, _ = timed(lambda: model.sort(ProjectTableModel.INVESTMENT, Qt.SortOrder.DescendingOrder))
    record("ProjectTableModel.sort (investment)", t)
    t, _ = timed(
        lambda: (
            model.set_filter(portfolio.PortfolioFilter(text="湿地")),
            model.set_filter(portfolio.PortfolioFilter(counties=frozenset({"灵丘县"}))),
        )
    )
    record("ProjectTableModel.set_filter x2 (search, then county), sorted view", t)
    model.set_filter(portfolio.PortfolioFilter())

    def one_screen() -> int:
        n = 0
        for r in range(60):
            for c in range(model.columnCount()):
                index = model.index(r, c)
                for role in (
                    Qt.ItemDataRole.DisplayRole,
                    Qt.ItemDataRole.ForegroundRole,
                    Qt.ItemDataRole.TextAlignmentRole,
                    Qt.ItemDataRole.DecorationRole,
                ):
                    model.data(index, role)
                    n += 1
        return n

    t, _ = timed(one_screen)
    record("data() for one screen (60 rows x all columns x 4 roles)", t)
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().setDefaultSectionSize(24)
    view.resize(1400, 900)

    def show_view() -> None:
        view.show()
        app.processEvents()
        view.viewport().repaint()
        app.processEvents()

    t, _ = timed(show_view)
    record(f"QTableView show + paint ({len(rows):,} rows)", t)
    if args.proxy:
        proxy = QSortFilterProxyModel()
        proxy.setSortRole(SORT_ROLE)
        proxy.setSourceModel(model)
        t, _ = timed(lambda: proxy.sort(ProjectTableModel.CODE, Qt.SortOrder.AscendingOrder), 1)
        record("for comparison: QSortFilterProxyModel.sort (code)", t)

    width = max(len(label) for label, _ in results)
    print(f"\n{args.projects:,} projects; baseline = {base * 1000:.1f} ms\n")
    print(f"{'step':<{width}}  {'seconds':>8}  {'x baseline':>10}")
    for label, seconds in results:
        print(f"{label:<{width}}  {seconds:8.3f}  {seconds / base:10.1f}")
    ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
