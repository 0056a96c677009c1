"""Synthetic portfolios for the benchmarks: N projects, 5 dated milestones and 20 quarters of progress each.

The schema comes from the application (open_workspace creates and migrates it, and adds the county reference
rows); the rows are then bulk-inserted with the standard sqlite3 module in the encoding SQLAlchemy uses on
SQLite (Numeric as REAL, DateTime/Date as ISO text, JSON as text), so building 100,000 projects with
2,000,000 progress rows takes a minute, not an hour. Deterministic for a given N and seed.

A database is built once per size and kept in the work folder (named after GENERATOR_VERSION and N); change
the version whenever the shape of the data changes so stale files are not reused.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

from app.core import reference

GENERATOR_VERSION = 2
QUARTERS = [f"{year}Q{q}" for year in range(2021, 2026) for q in range(1, 5)]  # 20 quarters
MILESTONE_KINDS = ("立项", "可研批复", "开工", "主体完工", "竣工验收")

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
DEPARTMENTS = [
    f"{c}{d}"
    for c in ("市", "灵丘县", "广灵县", "浑源县", "天镇县", "阳高县", "左云县", "云州区")
    for d in ("水务局", "林业局", "自然资源局", "生态环境局", "住建局", "农业农村局")
]
PHYSICAL = ("主体工程施工中", "完成设备安装调试", "完成场地平整", "管网铺设过半", "完成年度造林任务")
CHUNK = 5000


def database_path(folder: Path, n: int) -> Path:
    return folder / f"synthetic-v{GENERATOR_VERSION}-{n}.sqlite3"


def ensure_database(folder: Path, n: int, *, fresh: bool = False) -> Path:
    """The synthetic database of `n` projects in `folder`, built when missing (or when `fresh`)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = database_path(folder, n)
    if fresh:
        path.unlink(missing_ok=True)
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        generate(partial, n)
        partial.rename(path)
    return path


def _stamp(value: dt.datetime) -> str:
    return value.isoformat(sep=" ", timespec="microseconds")


def generate(path: Path, n: int, seed: int = 7) -> None:
    """Create the schema through the application, then insert the synthetic rows in one transaction."""
    from app.core.workspace import open_workspace

    open_workspace(path, seed=False, user="bench").close()
    rnd = random.Random(seed)
    con = sqlite3.connect(str(path))
    try:
        # A large page cache: 2,000,000 random-UUID keys go into the primary-key and project_id indexes.
        con.execute("PRAGMA cache_size = -500000")
        with con:
            _insert_all(con, rnd, n)
        con.execute("ANALYZE")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file before it is renamed
    finally:
        con.close()


def _insert_all(con: sqlite3.Connection, rnd: random.Random, n: int) -> None:
    now = _stamp(dt.datetime(2025, 12, 31, 12, 0))
    con.executemany("INSERT INTO departments (name) VALUES (?)", [(d,) for d in DEPARTMENTS])
    dept_ids = dict(con.execute("SELECT name, id FROM departments"))
    con.executemany(
        "INSERT INTO reporting_periods (code, year, quarter, state) VALUES (?, ?, ?, 'open')",
        [(code, int(code[:4]), int(code[-1])) for code in QUARTERS],
    )
    for part in _chunks(n):
        projects, links, progress, milestones, issues = [], [], [], [], []
        for i in part:
            pid = str(uuid.UUID(int=rnd.getrandbits(128)))
            projects.append(_project(rnd, i, pid, now))
            for pos, dept in enumerate(rnd.sample(DEPARTMENTS, 1 + (i % 3 == 0))):
                links.append((pid, dept_ids[dept], pos))
            progress.extend(_progress(rnd, pid, now, projects[-1][9]))
            milestones.extend(_milestones(rnd, pid, now))
            if i % 11 == 0:
                closed = None if i % 2 else "2025-06-30"
                issues.append(
                    (_uuid(rnd), pid, "用地手续待协调", "2025-03-01", "2025-05-01", closed, 1, now, now, "bench")
                )
        con.executemany(
            "INSERT INTO projects (id, code, appendix_table, appendix_group, row_no, name, content, entities, "
            "location, investment_total, new_land_mu, county, counties, status, version, created_at, updated_at, "
            "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            projects,
        )
        con.executemany(
            "INSERT INTO project_lead_departments (project_id, department_id, position) VALUES (?, ?, ?)", links
        )
        con.executemany(
            "INSERT INTO quarterly_progress (id, project_id, period, invested, annual_plan, physical_progress, "
            "status, version, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            progress,
        )
        con.executemany(
            "INSERT INTO milestones (id, project_id, kind, title, planned_date, actual_date, status, sort_order, "
            "version, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            milestones,
        )
        con.executemany(
            "INSERT INTO coordination_issues (id, project_id, description, raised_date, deadline, closed_date, "
            "version, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            issues,
        )


def _chunks(n: int) -> Iterator[range]:
    for start in range(0, n, CHUNK):
        yield range(start, min(start + CHUNK, n))


def _uuid(rnd: random.Random) -> str:
    return str(uuid.UUID(int=rnd.getrandbits(128)))


def _project(rnd: random.Random, i: int, pid: str, now: str) -> tuple[object, ...]:
    table = 1 + i % 7
    county = rnd.choice(reference.COUNTY_NAMES)
    name = f"{county[:2]}{rnd.choice(WORDS)}{rnd.choice(WORDS)}{rnd.choice(SUFFIX)}{i}"
    investment = None if rnd.random() < 0.05 else rnd.randint(1, 500000) / 10000
    land = None if rnd.random() < 0.6 else float(rnd.randint(0, 3000))
    entities = json.dumps([f"{county}{rnd.choice(('水务局', '林业局', '城投公司'))}"])
    return (
        pid,
        f"B{table}-{i:06d}",
        table,
        reference.APPENDIX_TABLES[table][0],
        i,
        name,
        f"实施{rnd.choice(WORDS)}{rnd.choice(WORDS)}，治理河长{rnd.randint(1, 80)}km",
        entities,
        f"{county}某乡镇",
        investment,
        land,
        county,
        json.dumps([county]),
        rnd.choice(reference.STATUSES),
        1,
        now,
        now,
        "bench",
    )


def _progress(rnd: random.Random, pid: str, now: str, investment: object) -> list[tuple[object, ...]]:
    base = investment if isinstance(investment, float) else 5.0
    rows = []
    for code in QUARTERS:
        invested = None if rnd.random() < 0.03 else round(base * rnd.uniform(0.005, 0.06), 4)
        rows.append(
            (
                _uuid(rnd),
                pid,
                code,
                invested,
                round(base * 0.2, 4),
                f"{rnd.choice(PHYSICAL)}，完成年度计划的{rnd.randrange(10, 99)}%。",
                "在建",
                1,
                now,
                now,
                "bench",
            )
        )
    return rows


def _milestones(rnd: random.Random, pid: str, now: str) -> list[tuple[object, ...]]:
    start = dt.date(2021, 1, 1) + dt.timedelta(days=rnd.randrange(0, 1200))
    rows = []
    for position, kind in enumerate(MILESTONE_KINDS):
        planned = start + dt.timedelta(days=200 * position + rnd.randrange(0, 90))
        done = rnd.random() < 0.6 and planned < dt.date(2025, 6, 30)
        actual = (planned + dt.timedelta(days=rnd.randrange(-20, 60))).isoformat() if done else None
        rows.append(
            (
                _uuid(rnd),
                pid,
                kind,
                kind,
                planned.isoformat(),
                actual,
                "已完成" if done else "未开始",
                position,
                1,
                now,
                now,
                "bench",
            )
        )
    return rows
