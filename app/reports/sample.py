"""Reproducible sample progress for demonstrations, tests, screenshots and the report benchmark.

`seed_sample_progress` writes through the tracking core's services (set_progress, milestones, coordination,
indicators), exactly as an officer's input would arrive. `synthetic_portfolio` bulk-inserts a large
portfolio (10,000 projects and their quarters in a few seconds) to measure report generation at scale.
Never used by the application itself.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.core import coordination, indicators, milestones, periods, progress
from app.core import reference as ref
from app.db.models import (
    Department,
    Indicator,
    Project,
    ProjectLeadDepartment,
    QuarterlyProgress,
    ReportingPeriod,
    utcnow,
)

PERIODS = ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3"]

PHYSICAL = [
    "主体工程已完成约{p}%，河道清淤、护岸砌筑正在施工；",
    "完成造林{n}亩，补植补造工作同步推进，苗木成活率良好。",
    "施工图设计已完成，正在进行招标，预计下季度进场施工。",
    "管网铺设完成{p}%，泵站土建封顶，设备已到场待安装！",
    "湿地修复区完成地形整理，水生植物栽植完成{p}%，监测点位已布设。",
]
PROBLEMS = [
    "建设用地手续尚未办结，影响部分标段开工；需自然资源部门协调。",
    "资金到位不足，地方配套资金缺口较大：请财政部门予以支持。",
    "受冬季气温影响，土方及混凝土作业暂停，工期有所滞后。",
    None,
]
NEXT_STEPS = [
    "加快推进征地拆迁，力争下季度完成全部标段进场；",
    "落实配套资金，完成年度投资计划。",
    "做好冬季施工组织，春季复工后加大投入，确保序时进度。",
]


def _q(value: float) -> Decimal:
    return Decimal(str(round(value, 4)))


def seed_sample_progress(
    session: Session,
    *,
    user: str = "示例数据",
    seed: int = 7,
    periods_to_fill: list[str] | None = None,
    lock: list[str] | None = None,
) -> dict[str, int]:
    """Quarterly progress for about half of the seeded projects, plus milestones, coordination issues
    and indicator values. Deterministic for a given `seed`. Returns counts of what was written."""
    rng = random.Random(seed)
    fill = periods_to_fill or PERIODS
    projects = list(session.scalars(select(Project).order_by(Project.code)))
    counts = dict(progress=0, milestones=0, issues=0, indicator_values=0)
    for idx, p in enumerate(projects):
        kind = rng.random()
        if kind < 0.45:
            continue  # still 储备: no reports
        status = "在建" if kind < 0.85 else ("完工" if kind < 0.92 else ("暂停" if kind < 0.96 else "前期"))
        total = float(p.investment_total) if p.investment_total is not None else rng.uniform(0.5, 5)
        pace = rng.uniform(0.09, 0.145) if status != "完工" else 0.16
        started = rng.randrange(0, 3)
        for qi, code in enumerate(fill):
            if qi < started:
                continue
            if rng.random() < 0.08 and code != fill[-1]:
                continue  # a missed quarter
            fields: dict[str, Any] = dict(
                invested=_q(total * pace * rng.uniform(0.5, 1.4)),
                annual_plan=_q(total * pace * 4),
                physical_progress=rng.choice(PHYSICAL).format(p=rng.randrange(20, 95), n=rng.randrange(100, 5000)),
                problems=rng.choice(PROBLEMS),
                next_steps=rng.choice(NEXT_STEPS),
                status=status if qi == len(fill) - 1 else ("在建" if status in ("完工", "暂停") else status),
            )
            if code == fill[-1] and rng.random() < 0.1:
                fields["invested"] = None  # reported, amount unknown
            progress.set_progress(session, p.id, code, user=user, source="sample", **fields)
            counts["progress"] += 1
        if idx % 3 == 0:
            base = dt.date(2023, 3, 1) + dt.timedelta(days=rng.randrange(0, 200))
            for j, title in enumerate(milestones.MILESTONE_TEMPLATE):
                planned = base + dt.timedelta(days=120 * j)
                actual = None
                if planned < dt.date(2025, 6, 1) and rng.random() < 0.75:
                    actual = planned + dt.timedelta(days=rng.randrange(-10, 40))
                    if actual > dt.date(2025, 9, 30):
                        actual = None
                milestones.add_milestone(
                    session,
                    p.id,
                    title=title,
                    kind=title,
                    planned_date=planned,
                    actual_date=actual,
                    user=user,
                    source="sample",
                )
                counts["milestones"] += 1
        if idx % 5 == 1:
            raised = dt.date(2025, 1, 10) + dt.timedelta(days=rng.randrange(0, 150))
            deadline = raised + dt.timedelta(days=rng.randrange(20, 90))
            depts = p.lead_departments or ["大同市发展和改革委员会"]
            coordination.add_issue(
                session,
                p.id,
                description=rng.choice([x for x in PROBLEMS if x]),
                responsible_department=depts[0],
                raised_date=raised,
                deadline=deadline,
                user=user,
                source="sample",
            )
            counts["issues"] += 1
    for ind in session.scalars(select(Indicator).order_by(Indicator.seq)):
        if ind.baseline_value is None or rng.random() < 0.3:
            continue
        for year in (2023, 2024):
            value = Decimal(ind.baseline_value) * Decimal(str(round(1 + rng.uniform(-0.03, 0.06), 3)))
            indicators.set_indicator_value(
                session, ind.id, year, value.quantize(Decimal("0.01")), user=user, source="sample"
            )
            counts["indicator_values"] += 1
    for code in lock or []:
        periods.lock_period(session, code, user=user)
    session.flush()
    return counts


def synthetic_portfolio(
    session: Session, n_projects: int, *, periods_to_fill: list[str] | None = None, seed: int = 11, chunk: int = 2000
) -> int:
    """Bulk-insert `n_projects` synthetic projects (codes 合成-00001…) with quarterly progress.

    Uses Core `insert()` with lists of dicts (executemany): no ORM objects, no audit entries — a
    benchmark fixture, not a way to enter data. Returns the number of progress rows inserted.
    """
    rng = random.Random(seed)
    fill = periods_to_fill or PERIODS
    now = utcnow()
    for code in fill:
        if session.get(ReportingPeriod, code) is None:
            y, q = periods.parse_period(code)
            session.add(ReportingPeriod(code=code, year=y, quarter=q, state="open"))
    depts = list(session.scalars(select(Department.id).order_by(Department.id)))
    if not depts:
        session.add(Department(name="大同市生态环境局"))
        session.flush()
        depts = list(session.scalars(select(Department.id)))
    counties = ref.COUNTY_NAMES
    start = (session.scalar(select(func.count()).select_from(Project)) or 0) + 1
    names = [
        "河道综合治理工程",
        "矿山生态修复项目",
        "污水处理厂提标改造工程",
        "湿地保护与恢复工程",
        "荒山造林绿化工程",
        "农村人居环境整治项目",
        "大气污染防治能力建设项目",
    ]
    written = 0
    for offset in range(0, n_projects, chunk):
        projects, leads, quarters = [], [], []
        for i in range(offset, min(offset + chunk, n_projects)):
            pid = str(uuid.UUID(int=rng.getrandbits(128)))
            county = counties[i % len(counties)]
            table = 1 + i % 7
            total = None if i % 23 == 0 else _q(rng.uniform(0.05, 30))
            projects.append(
                dict(
                    id=pid,
                    code=f"合成-{start + i:05d}",
                    appendix_table=table,
                    appendix_group=ref.APPENDIX_TABLES[table][0],
                    row_no=start + i,
                    name=f"{county}{names[i % len(names)]}（第{i // len(names) + 1}批）",
                    county=county,
                    counties=[county],
                    entities=[],
                    investment_total=total,
                    status="在建",
                    version=1,
                    created_at=now,
                    updated_at=now,
                    updated_by="bench",
                )
            )
            leads.append(dict(project_id=pid, department_id=depts[i % len(depts)], position=0))
            base = float(total) if total is not None else 5.0
            for code in fill:
                quarters.append(
                    dict(
                        id=str(uuid.UUID(int=rng.getrandbits(128))),
                        project_id=pid,
                        period=code,
                        invested=_q(base * rng.uniform(0.01, 0.06)),
                        annual_plan=_q(base * 0.2),
                        physical_progress=f"主体工程施工中，完成年度计划的{rng.randrange(10, 99)}%。",
                        status="在建",
                        version=1,
                        created_at=now,
                        updated_at=now,
                        updated_by="bench",
                    )
                )
        session.execute(insert(Project), projects)
        session.execute(insert(ProjectLeadDepartment), leads)
        session.execute(insert(QuarterlyProgress), quarters)
        written += len(quarters)
    session.flush()
    return written
