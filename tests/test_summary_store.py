"""Stored statuses (app/core/summary_store.py, migration 0005) on real databases: the triggers exist after an
upgrade, a load from the store gives exactly the rows a computation from scratch gives, every write path makes
exactly the written project's stored figures stale, a new day / another program version / a racing writer are
never served stale figures, and storing gives way on a read-only file or to another writer on PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import inspect
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import and_, create_engine, delete, event, func, insert, select, text, update

from app.core import (
    coordination,
    milestones,
    portfolio,
    progress,
    project_service,
    projects,
    status,
    summary_store,
)
from app.core.workspace import Workspace, open_workspace
from app.db import driver_cursor
from app.db.engine import BUSY_TIMEOUT_MS
from app.db.models import CoordinationIssue, Department, Milestone, Project, ProjectLeadDepartment, QuarterlyProgress

REPO = Path(__file__).resolve().parent.parent
FIXTURE_0004 = REPO / "tests" / "fixtures" / "db" / "schema_0004.sqlite3"
SYNTHETIC_PROJECTS = 300

# Every trigger migration 0005 creates on SQLite, with its table: a later migration that rebuilds one of these
# tables (batch mode copies it and drops the old one, triggers included) must create them again.
SQLITE_TRIGGERS = {
    **{
        f"tr_{table}_{event_name}_summary": table
        for table in ("quarterly_progress", "milestones", "coordination_issues", "project_lead_departments")
        for event_name in ("insert", "update", "delete")
    },
    "tr_projects_insert_summary": "projects",
    "tr_projects_update_summary": "projects",
    "tr_departments_update_summary": "departments",
}
POSTGRES_TRIGGERS = {
    ("tr_quarterly_progress_summary", "quarterly_progress"),
    ("tr_milestones_summary", "milestones"),
    ("tr_coordination_issues_summary", "coordination_issues"),
    ("tr_project_lead_departments_summary", "project_lead_departments"),
    ("tr_projects_summary", "projects"),
    ("tr_departments_summary", "departments"),
}


# ---------------------------------------------------------------------------------------------- helpers


def _today() -> dt.date:
    return dt.date.today()


def _days_ago(days: int) -> dt.date:
    return _today() - dt.timedelta(days=days)


def _load(ws: Workspace, **kwargs: Any) -> list[portfolio.PortfolioRow]:
    """A portfolio load as the program does it, without the in-process search-key cache of an earlier load."""
    portfolio._search_keys.clear()
    return project_service.load_portfolio(ws, **kwargs)


def _two_step_load(ws: Workspace) -> list[portfolio.PortfolioRow]:
    """The table's load: rows first (with what is current in the store), then the statuses completed."""
    portfolio._search_keys.clear()
    rows = project_service.load_portfolio(ws, with_status=False)
    project_service.complete_portfolio(ws, rows)
    return rows


def _from_scratch(ws: Workspace, period: str | None = None) -> list[portfolio.PortfolioRow]:
    """Every row computed without the store: statuses from status.project_statuses, search keys built anew."""
    with ws.session() as s:
        rows = portfolio.load_rows(s)
        statuses = status.project_statuses(s, period)
        leads: dict[str, list[str]] = {}
        for pid, name in s.execute(
            select(ProjectLeadDepartment.project_id, Department.name)
            .join(Department, Department.id == ProjectLeadDepartment.department_id)
            .order_by(ProjectLeadDepartment.project_id, ProjectLeadDepartment.position)
        ):
            leads.setdefault(pid, []).append(name)
    for row in rows:
        assert not row.status_known and not row.status_stored  # no stored status without stored_status_of
        row.lead_departments = tuple(leads.get(row.id, ()))  # load_rows may take them from the store
        row._hay = row._initials = None
    portfolio.apply_statuses(rows, statuses)
    portfolio._search_keys.clear()
    portfolio.prepare_search(rows)
    return rows


COMPARED = tuple(f.name for f in dataclasses.fields(portfolio.PortfolioRow) if f.name != "status_stored")


def _assert_same_rows(got: list[portfolio.PortfolioRow], want: list[portfolio.PortfolioRow]) -> None:
    assert [r.id for r in got] == [r.id for r in want]
    for mine, theirs in zip(got, want, strict=True):
        differing = {
            name: (getattr(mine, name), getattr(theirs, name))
            for name in COMPARED
            if getattr(mine, name) != getattr(theirs, name)
        }
        assert not differing, f"{mine.code}: {differing}"
        assert mine.status_known


def _summaries(ws: Workspace) -> dict[str, tuple[Any, ...]]:
    """project_id -> (stamp, computed_stamp, version, as_of), read straight from the table."""
    with ws.session() as s:
        result = s.execute(text("SELECT project_id, stamp, computed_stamp, version, as_of FROM project_summaries"))
        return {pid: tuple(rest) for pid, *rest in result}


def _stamps(ws: Workspace) -> dict[str, int]:
    return {pid: row[0] for pid, row in _summaries(ws).items()}


def _assert_all_current(ws: Workspace) -> None:
    stale = {
        pid: row
        for pid, row in _summaries(ws).items()
        if row != (row[0], row[0], summary_store.VERSION, _today().isoformat())
    }
    assert not stale, f"not stored as current: {stale}"


def _by_id(rows: list[portfolio.PortfolioRow]) -> dict[str, portfolio.PortfolioRow]:
    return {r.id: r for r in rows}


def _pid(ws: Workspace, code: str) -> str:
    with ws.session() as s:
        return projects.get_project(s, code=code).id


def _add_tracking(ws: Workspace) -> None:
    """Tracking data of every kind the status is computed from, on a dozen seeded projects: reports in several
    quarters, milestones overdue, on time and done, open / overdue / closed issues, several lead departments."""
    user = ws.user
    with ws.session() as s:
        every = projects.list_projects(s)
        targets = [p.id for p in every[:14]]
        departments = sorted(projects.known_departments(s))
        for n, pid in enumerate(targets):
            for quarter, amount in (("2025Q3", "0.8"), ("2025Q4", "1.25"), ("2026Q1", None), ("2026Q3", "0.4")):
                if (n + len(quarter)) % 3 == 0 and quarter != "2025Q3":
                    continue
                progress.set_progress(
                    s,
                    pid,
                    quarter,
                    user=user,
                    invested=Decimal(amount) * (n + 1) if amount else None,
                    annual_plan=Decimal(3) if quarter.startswith("2026") else None,
                    physical_progress=f"第{n}号进度",
                    status="在建" if n % 4 else None,
                )
            if n % 2 == 0:
                milestones.add_milestone(s, pid, title="开工", kind="开工", planned_date=_days_ago(400), user=user)
                milestones.add_milestone(
                    s, pid, title="竣工验收", kind="竣工验收", planned_date=_days_ago(-300), user=user
                )
            if n % 3 == 0:
                milestones.add_milestone(
                    s, pid, title="主体完工", planned_date=_days_ago(30 + n), actual_date=None, user=user
                )
            if n % 5 == 0:
                milestones.add_milestone(
                    s, pid, title="可研批复", planned_date=_days_ago(200), actual_date=_days_ago(190), user=user
                )
            if n % 3 == 1:
                issue = coordination.add_issue(
                    s, pid, description="用地手续待协调", raised_date=_days_ago(60), deadline=_days_ago(10), user=user
                )
                if n % 2:
                    coordination.close_issue(s, issue, resolution="已协调", closed_date=_days_ago(5), user=user)
            if n % 4 == 2:
                coordination.add_issue(
                    s, pid, description="资金待落实", raised_date=_days_ago(3), deadline=_days_ago(-30), user=user
                )
            if n % 3 == 2:
                project = projects.get_project(s, pid)
                extra = [d for d in departments if d not in project.lead_departments][: 1 + n % 2]
                projects.update_project(s, pid, {"lead_departments": [*project.lead_departments, *extra]}, user=user)


@pytest.fixture
def tracked(workspace) -> Workspace:
    _add_tracking(workspace)
    return workspace


@pytest.fixture
def synthetic(tmp_path) -> Iterator[Workspace]:
    """A few hundred synthetic projects (bench/synthetic.py), written straight into the file with sqlite3."""
    from bench import synthetic as generator

    path = generator.ensure_database(tmp_path / "synthetic", SYNTHETIC_PROJECTS)
    ws = open_workspace(path, user="测试员")
    yield ws
    ws.close()


# ---------------------------------------------------------------------------------------------- 1. schema


def _assert_triggers_and_summaries(ws: Workspace) -> None:
    with ws.session() as s:
        found = dict(s.execute(text("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")).all())
        missing = {name: table for name, table in SQLITE_TRIGGERS.items() if found.get(name) != table}
        assert not missing, f"triggers missing after the upgrade: {missing}"
        projects_count = s.scalar(text("SELECT count(*) FROM projects"))
        per_project = s.execute(
            text(
                "SELECT p.id, count(ps.project_id) FROM projects p "
                "LEFT JOIN project_summaries ps ON ps.project_id = p.id GROUP BY p.id"
            )
        ).all()
        orphans = s.scalar(
            text("SELECT count(*) FROM project_summaries WHERE project_id NOT IN (SELECT id FROM projects)")
        )
    assert projects_count and len(per_project) == projects_count
    assert {count for _pid_, count in per_project} == {1}
    assert orphans == 0


def test_fresh_workspace_has_every_trigger_and_one_summary_per_project(workspace):
    _assert_triggers_and_summaries(workspace)


def test_upgraded_0004_file_has_every_trigger_and_one_summary_per_project(tmp_path):
    path = tmp_path / "office.sqlite3"
    shutil.copy(FIXTURE_0004, path)
    ws = open_workspace(path, create=False, user="测试员")
    try:
        _assert_triggers_and_summaries(ws)
        assert set(_stamps(ws).values()) == {0}  # nothing stored yet: the first load computes and stores
        rows = _load(ws)
        _assert_all_current(ws)
        _assert_same_rows(rows, _from_scratch(ws))
    finally:
        ws.close()


def test_a_new_project_gets_its_summary_row(workspace):
    from app.core import project_creation

    created = project_creation.create_project(workspace, name="御河湿地新增示范工程")
    stamps = _stamps(workspace)
    assert created.id in stamps and len(stamps) == 69
    rows = _load(workspace)
    assert len(rows) == 69 and all(r.status_stored for r in rows)
    _assert_all_current(workspace)


def _assert_every_trigger_bumps_exactly_its_projects(ws: Workspace) -> None:
    """Plain statements on each table, as any program could write them (no core function that also touches the
    project row): every insert, update, move to another project and delete bumps exactly the projects concerned."""
    with ws.session() as s:
        first, second = (p.id for p in projects.list_projects(s)[40:42])
        period = "2024Q1"  # a quarter neither project reported
        if s.scalar(text("SELECT count(*) FROM reporting_periods WHERE code = :p"), {"p": period}) == 0:
            s.execute(
                text("INSERT INTO reporting_periods (code, year, quarter, state) VALUES (:p, 2024, 1, 'open')"),
                {"p": period},
            )
        assert not s.scalar(
            select(func.count()).where(
                QuarterlyProgress.period == period, QuarterlyProgress.project_id.in_([first, second])
            )
        )
        unused_department = s.execute(insert(Department).values(name="市测试新建局")).inserted_primary_key[0]
        leading = s.scalars(
            select(ProjectLeadDepartment.department_id).order_by(ProjectLeadDepartment.project_id)
        ).first()
        led = set(
            s.scalars(select(ProjectLeadDepartment.project_id).where(ProjectLeadDepartment.department_id == leading))
        )
    assert led

    def bumped(statement: Any) -> set[str]:
        before = _stamps(ws)
        with ws.session() as s:
            s.execute(statement)
        return {pid for pid, stamp in _stamps(ws).items() if stamp != before[pid]}

    for model, values in (
        (QuarterlyProgress, {"period": period, "invested": Decimal("1.5")}),
        (Milestone, {"title": "开工", "planned_date": _days_ago(100)}),
        (CoordinationIssue, {"description": "待协调", "raised_date": _days_ago(9)}),
        (ProjectLeadDepartment, {"department_id": unused_department, "position": 9}),
    ):
        table = model.__table__
        if model is ProjectLeadDepartment:
            key = and_(table.c.project_id == first, table.c.department_id == unused_department)
            moved = and_(table.c.project_id == second, table.c.department_id == unused_department)
        else:
            values = {**values, "id": f"00000000-0000-4000-8000-{len(table.name):012d}"}
            key = moved = table.c.id == values["id"]
        name = table.name
        assert bumped(insert(table).values(project_id=first, **values)) == {first}, name
        assert bumped(update(table).where(key).values(project_id=first)) == {first}, name
        assert bumped(update(table).where(key).values(project_id=second)) == {first, second}, name
        assert bumped(delete(table).where(moved)) == {second}, name
    assert bumped(update(Project).where(Project.id == first).values(location="某乡镇")) == {first}
    assert bumped(update(Department).where(Department.id == leading).values(name="市新名称局")) == led
    assert bumped(update(Department).where(Department.id == leading).values(county=None)) == set()


def test_every_trigger_bumps_exactly_its_projects(workspace):
    _assert_every_trigger_bumps_exactly_its_projects(workspace)


# ---------------------------------------------------------------------------------------------- 2. warm = cold


def _assert_warm_equals_cold(ws: Workspace) -> None:
    cold = _load(ws)
    _assert_all_current(ws)
    warm = _load(ws)
    assert all(r.status_stored for r in warm)
    _assert_same_rows(warm, cold)
    _assert_same_rows(warm, _from_scratch(ws))
    two_step = _two_step_load(ws)
    assert all(r.status_stored for r in two_step)
    _assert_same_rows(two_step, cold)


def test_warm_load_equals_cold_load_on_tracked_seed(tracked):
    rows = _from_scratch(tracked)
    rags = {r.rag for r in rows}
    assert {"red", "amber", "unknown"} <= rags, rags  # the data exercises the rules, not only "unknown"
    assert any(r.open_issues for r in rows) and any(r.overdue_milestones for r in rows)
    assert any(len(r.lead_departments) > 1 for r in rows)
    _assert_warm_equals_cold(tracked)


@pytest.mark.parametrize("subset_max", [portfolio.SUBSET_STATUS_MAX, 10], ids=["subset-ids", "all-projects"])
def test_warm_load_equals_cold_load_on_synthetic_portfolio(synthetic, subset_max, monkeypatch):
    monkeypatch.setattr(portfolio, "SUBSET_STATUS_MAX", subset_max)
    _assert_triggers_and_summaries(synthetic)
    _assert_warm_equals_cold(synthetic)
    # A few stale rows among many stored: computed for their ids only (or all, above the limit), same figures.
    with synthetic.session() as s:
        s.execute(
            text(
                "UPDATE project_summaries SET stamp = stamp + 1 "
                "WHERE project_id IN (SELECT id FROM projects WHERE rowid % 25 = 0)"
            )
        )
    stale = {pid for pid, row in _summaries(synthetic).items() if row[1] != row[0]}
    assert 0 < len(stale) < SYNTHETIC_PROJECTS // 10
    partly, seen = _recomputed_on_load(synthetic, monkeypatch)
    assert {pid for pid, stored in seen.items() if not stored} == stale
    _assert_all_current(synthetic)  # stored again by the load itself
    _assert_same_rows(partly, _from_scratch(synthetic))


def test_two_step_load_on_a_cold_store_stores_what_it_computed(tracked):
    rows = _two_step_load(tracked)
    _assert_all_current(tracked)
    _assert_same_rows(rows, _from_scratch(tracked))
    _assert_same_rows(_load(tracked), rows)


# ---------------------------------------------------------------------------------------------- 3. write paths


@dataclasses.dataclass(frozen=True)
class WriteCase:
    """A write through the core functions; `check(before, after)` asserts the new figure of the written row."""

    write: Callable[[Any, str, str], set[str] | None]  # (session, project_id, user) -> other projects it touches
    check: Callable[[portfolio.PortfolioRow, portfolio.PortfolioRow], None]


def _set_progress(s: Any, pid: str, user: str) -> None:
    progress.set_progress(s, pid, "2026Q3", user=user, invested=Decimal("2.5"))


def _cumulative_up(before: portfolio.PortfolioRow, after: portfolio.PortfolioRow) -> None:
    assert after.cumulative == (before.cumulative or 0) + Decimal("2.5")


def _set_progress_many(s: Any, pid: str, user: str) -> None:
    progress.set_progress_many(
        s, [progress.ProgressItem(pid, "2026Q3", {"invested": "2.5"})], user=user, source="import"
    )


def _add_overdue_milestone(s: Any, pid: str, user: str) -> None:
    milestones.add_milestone(s, pid, title="开工", kind="开工", planned_date=_days_ago(200), user=user)


def _one_more_overdue(before: portfolio.PortfolioRow, after: portfolio.PortfolioRow) -> None:
    assert after.overdue_milestones == before.overdue_milestones + 1
    assert after.rag == "red"


def _overdue_milestone_of(s: Any, pid: str) -> str:
    listed = milestones.list_milestones(s, pid, _today())
    late = [m for m in listed if m.get("planned_date") and not m.get("actual_date")]
    late = [m for m in late if dt.date.fromisoformat(str(m["planned_date"])[:10]) < _today()]
    assert late, listed
    return str(late[0]["id"])


def _date_milestone(s: Any, pid: str, user: str) -> None:
    milestones.update_milestone(s, _overdue_milestone_of(s, pid), {"actual_date": _days_ago(1)}, user=user)


def _last_milestone_if_overdue(s: Any, pid: str) -> str | None:
    """The project's last milestone when it is overdue: deleting it renumbers no other milestone (an update
    that would bump the stamp by itself), so only the delete trigger can tell the store."""
    listed = milestones.list_milestones(s, pid, _today())
    if not listed or listed[-1].get("actual_date") or not listed[-1].get("planned_date"):
        return None
    late = dt.date.fromisoformat(str(listed[-1]["planned_date"])[:10]) < _today()
    return str(listed[-1]["id"]) if late else None


def _delete_milestone(s: Any, pid: str, user: str) -> None:
    last = _last_milestone_if_overdue(s, pid)
    assert last is not None
    milestones.delete_milestone(s, last, user=user)


def _one_less_overdue(before: portfolio.PortfolioRow, after: portfolio.PortfolioRow) -> None:
    assert after.overdue_milestones == before.overdue_milestones - 1


def _open_issue(s: Any, pid: str, user: str) -> None:
    coordination.add_issue(
        s, pid, description="征地待协调", raised_date=_days_ago(20), deadline=_days_ago(2), user=user
    )


def _one_more_issue(before: portfolio.PortfolioRow, after: portfolio.PortfolioRow) -> None:
    assert after.open_issues == before.open_issues + 1


def _close_issue(s: Any, pid: str, user: str) -> None:
    listed = coordination.list_issues(s, project_id=pid)
    still_open = [i for i in listed if not i.get("closed_date")]
    assert still_open, listed
    coordination.close_issue(s, str(still_open[0]["id"]), resolution="已办结", user=user)


def _one_less_issue(before: portfolio.PortfolioRow, after: portfolio.PortfolioRow) -> None:
    assert after.open_issues == before.open_issues - 1


def _double_investment(s: Any, pid: str, user: str) -> None:
    total = projects.get_project(s, pid).investment_total
    projects.update_project(s, pid, {"investment_total": str(total * 2)}, user=user)


def _rate_halved(before: portfolio.PortfolioRow, after: portfolio.PortfolioRow) -> None:
    assert before.completion_rate and after.investment_total == before.investment_total * 2
    assert after.completion_rate == before.cumulative / after.investment_total


NEW_NAME = "桑干河湿地更名工程"


def _rename_project(s: Any, pid: str, user: str) -> None:
    projects.update_project(s, pid, {"name": NEW_NAME}, user=user)


def _found_by_new_name(before: portfolio.PortfolioRow, after: portfolio.PortfolioRow) -> None:
    assert after.name == NEW_NAME and NEW_NAME in portfolio.haystack(after)
    assert portfolio.matches_text(after, ["sghsdgmgc"]) and not portfolio.matches_text(before, [NEW_NAME])


ADDED_DEPARTMENT = "市测绘地理信息局"


def _add_lead_department(s: Any, pid: str, user: str) -> None:
    projects.add_department(s, ADDED_DEPARTMENT, user=user)
    leads = projects.get_project(s, pid).lead_departments
    projects.update_project(s, pid, {"lead_departments": [*leads, ADDED_DEPARTMENT]}, user=user)


def _department_added(before: portfolio.PortfolioRow, after: portfolio.PortfolioRow) -> None:
    assert after.lead_departments == (*before.lead_departments, ADDED_DEPARTMENT)
    assert ADDED_DEPARTMENT in portfolio.haystack(after) and ADDED_DEPARTMENT not in portfolio.haystack(before)


def _remove_lead_department(s: Any, pid: str, user: str) -> None:
    leads = projects.get_project(s, pid).lead_departments
    assert len(leads) > 1, leads
    projects.update_project(s, pid, {"lead_departments": leads[:1]}, user=user)


def _department_removed(before: portfolio.PortfolioRow, after: portfolio.PortfolioRow) -> None:
    assert after.lead_departments == before.lead_departments[:1]
    gone = before.lead_departments[-1]
    assert gone in portfolio.haystack(before) and gone not in portfolio.haystack(after)


RENAMED_DEPARTMENT = "市生态环境保护综合执法队"


def _rename_department(s: Any, pid: str, user: str) -> set[str]:
    link = s.scalars(select(ProjectLeadDepartment).where(ProjectLeadDepartment.project_id == pid)).first()
    department = s.get(Department, link.department_id)
    department.name = RENAMED_DEPARTMENT
    s.flush()
    return set(
        s.scalars(select(ProjectLeadDepartment.project_id).where(ProjectLeadDepartment.department_id == department.id))
    )


def _department_renamed(before: portfolio.PortfolioRow, after: portfolio.PortfolioRow) -> None:
    assert RENAMED_DEPARTMENT in after.lead_departments and RENAMED_DEPARTMENT in portfolio.haystack(after)
    assert RENAMED_DEPARTMENT not in portfolio.haystack(before)


WRITES = {
    "set_progress": WriteCase(_set_progress, _cumulative_up),
    "set_progress_many": WriteCase(_set_progress_many, _cumulative_up),
    "milestone_added": WriteCase(_add_overdue_milestone, _one_more_overdue),
    "milestone_dated": WriteCase(_date_milestone, _one_less_overdue),
    "milestone_deleted": WriteCase(_delete_milestone, _one_less_overdue),
    "issue_opened": WriteCase(_open_issue, _one_more_issue),
    "issue_closed": WriteCase(_close_issue, _one_less_issue),
    "investment_total_edited": WriteCase(_double_investment, _rate_halved),
    "name_edited": WriteCase(_rename_project, _found_by_new_name),
    "lead_department_added": WriteCase(_add_lead_department, _department_added),
    "lead_department_removed": WriteCase(_remove_lead_department, _department_removed),
    "department_renamed": WriteCase(_rename_department, _department_renamed),
}


def _written_project(ws: Workspace, rows: list[portfolio.PortfolioRow], case: str) -> portfolio.PortfolioRow:
    """A project the write makes a visible difference on (chosen from the data, not by position)."""

    def usable(r: portfolio.PortfolioRow) -> bool:
        if case == "milestone_deleted":
            with ws.session() as s:
                return _last_milestone_if_overdue(s, r.id) is not None
        if case == "milestone_dated":
            return bool(r.overdue_milestones)
        if case == "issue_closed":
            return bool(r.open_issues)
        if case == "investment_total_edited":
            return bool(r.cumulative and r.investment_total)
        if case == "lead_department_removed":
            return len(r.lead_departments) > 1
        if case == "department_renamed":
            return bool(r.lead_departments)
        return r.cumulative is not None

    return next(r for r in rows if usable(r))


@pytest.mark.parametrize("case", list(WRITES))
def test_each_write_makes_exactly_its_project_stale(tracked, case, monkeypatch):
    before_rows = _load(tracked)
    _assert_all_current(tracked)
    target = _written_project(tracked, before_rows, case)
    stamps = _stamps(tracked)

    with tracked.session() as s:
        touched = WRITES[case].write(s, target.id, tracked.user) or {target.id}

    moved = {pid for pid, stamp in _stamps(tracked).items() if stamp != stamps[pid]}
    assert moved == touched and target.id in moved
    summaries = _summaries(tracked)
    assert all(summaries[pid][1] != summaries[pid][0] for pid in moved)

    after_rows, seen = _recomputed_on_load(tracked, monkeypatch)
    assert {pid for pid, stored in seen.items() if not stored} == touched  # the others came from the store
    _assert_all_current(tracked)  # and the written ones are stored again
    WRITES[case].check(_by_id(before_rows)[target.id], _by_id(after_rows)[target.id])
    _assert_same_rows(after_rows, _from_scratch(tracked))


def test_a_carried_status_is_never_stored_as_current(tracked):
    """After an edit the table may keep the old row's status on the reloaded row (portfolio.carry_status): that
    status was computed from the data before the edit, so it must not be stored under the new stamp."""
    rows = _load(tracked)
    old = next(r for r in rows if r.rag == "red" and r.status != "完工")
    with tracked.session() as s:
        projects.update_project(s, old.id, {"status": "完工"}, user=tracked.user)
    new = project_service.load_portfolio_row(tracked, old.id)
    assert new is not None
    portfolio.carry_status(old, new)
    project_service.complete_portfolio(tracked, [new if r.id == old.id else r for r in rows])
    scratch = _from_scratch(tracked)
    assert _by_id(scratch)[old.id].rag != old.rag  # the edit changed the status
    _assert_same_rows(_load(tracked), scratch)


# ---------------------------------------------------------------------------------------------- 4. day, 5. version


def _recomputed_on_load(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, **kwargs: Any
) -> tuple[list[Any], dict[str, bool]]:
    """Load, noting which rows came from the store before the load stored anything."""
    seen: dict[str, bool] = {}
    real_store = summary_store.store

    def watching(ws_: Workspace, rows: Any, as_of: dt.date) -> int:
        seen.update({r.id: r.status_stored for r in rows})
        return real_store(ws_, rows, as_of)

    monkeypatch.setattr(summary_store, "store", watching)
    rows = _load(ws, **kwargs)
    monkeypatch.setattr(summary_store, "store", real_store)
    return rows, seen


def test_a_new_day_recomputes_statuses_but_keeps_stored_search_keys(tracked, monkeypatch):
    _load(tracked)
    yesterday = _days_ago(1).isoformat()
    with tracked.session() as s:  # yesterday's figures, and visibly not today's
        s.execute(text("UPDATE project_summaries SET as_of = :d, rag = 'green', open_issues = 99"), {"d": yesterday})

    built: list[str] = []
    real_source = portfolio._haystack_source
    monkeypatch.setattr(portfolio, "_haystack_source", lambda row: built.append(row.id) or real_source(row))
    rows, seen = _recomputed_on_load(tracked, monkeypatch)
    assert seen and not any(seen.values())  # every status judged again today
    assert built == []  # the search keys are the stored ones
    monkeypatch.setattr(portfolio, "_haystack_source", real_source)
    _assert_same_rows(rows, _from_scratch(tracked))
    _assert_all_current(tracked)
    again, seen = _recomputed_on_load(tracked, monkeypatch)
    assert all(seen.values()) and all(r.status_stored for r in again)
    with tracked.session() as s:  # the table's two-step load on a new day
        s.execute(text("UPDATE project_summaries SET as_of = :d, rag = 'green', open_issues = 99"), {"d": yesterday})
    two_step = _two_step_load(tracked)
    _assert_all_current(tracked)
    _assert_same_rows(two_step, _from_scratch(tracked))


def test_a_past_quarter_never_reads_nor_writes_the_store(tracked, monkeypatch):
    _load(tracked)
    with tracked.session() as s:  # stored figures that would show if a past quarter read them
        s.execute(text("UPDATE project_summaries SET rag = 'green', open_issues = 99"))
    before = _summaries(tracked)
    rows, seen = _recomputed_on_load(tracked, monkeypatch, period="2025Q4")
    assert seen == {}  # store not even called
    assert not any(r.status_stored for r in rows)
    assert _summaries(tracked) == before
    _assert_same_rows(rows, _from_scratch(tracked, "2025Q4"))
    two_step = project_service.load_portfolio(tracked, period="2025Q4", with_status=False)
    assert not any(r.status_known for r in two_step)
    project_service.complete_portfolio(tracked, two_step, period="2025Q4")
    assert _summaries(tracked) == before
    _assert_same_rows(two_step, rows)


def test_another_day_than_today_is_computed_and_not_stored(tracked):
    _load(tracked)
    before = _summaries(tracked)
    rows = _load(tracked, as_of=_days_ago(400))
    assert not any(r.status_stored for r in rows)
    assert _summaries(tracked) == before
    with tracked.session() as s:
        statuses = status.project_statuses(s, None, _days_ago(400))
    assert {r.id: r.overdue_milestones for r in rows} == {p: st.overdue_milestones for p, st in statuses.items()}


def test_figures_stored_by_another_version_are_recomputed(tracked, monkeypatch):
    _load(tracked)
    with tracked.session() as s:
        s.execute(text("UPDATE project_summaries SET version = 'other', rag = 'green', search_text = 'zzz'"))
    rows, seen = _recomputed_on_load(tracked, monkeypatch)
    assert seen and not any(seen.values())
    _assert_same_rows(rows, _from_scratch(tracked))
    _assert_all_current(tracked)
    assert {row[2] for row in _summaries(tracked).values()} == {summary_store.VERSION}


# ---------------------------------------------------------------------------------------------- 6. race


def test_a_project_written_between_read_and_store_is_not_stored(tracked, monkeypatch):
    target = _pid(tracked, "附表1-05")
    with tracked.session() as s:
        rows = portfolio.load_rows(s, stored_status_of=_today())
    assert not any(r.status_known for r in rows)
    with tracked.session() as s:  # another writer, after the stamps were read
        _set_progress(s, target, tracked.user)
    with tracked.session() as s:
        portfolio.complete_statuses(s, rows, as_of=_today())
    portfolio.prepare_search(rows)
    assert summary_store.store(tracked, rows, _today()) == len(rows) - 1
    summaries = _summaries(tracked)
    assert summaries[target][1] != summaries[target][0]
    assert all(row[1] == row[0] for pid, row in summaries.items() if pid != target)
    after, seen = _recomputed_on_load(tracked, monkeypatch)
    assert {pid for pid, stored in seen.items() if not stored} == {target}
    _assert_same_rows(after, _from_scratch(tracked))
    _assert_all_current(tracked)


@contextmanager
def _write_during_first_read(ws: Workspace, write: Callable[[], None]) -> Iterator[None]:
    """Run `write` (its own transaction, committed) during a load, right after its first read of the stamps or
    of the data they guard: right after the stamps when they are read first (as they must be), between data and
    stamps otherwise (which would store old data as current). The big reads may bypass SQLAlchemy's events
    (app/db/driver_cursor.py runs them on the driver's cursor), so both ways of reading are watched."""
    done: list[bool] = []
    guarded = ("project_summaries.stamp", "projects.name", "project_lead_departments.project_id")

    def after_read(statement: str) -> None:
        if not done and statement.lstrip().upper().startswith("SELECT") and any(g in statement for g in guarded):
            done.append(True)
            write()

    def after_execute(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        after_read(statement)

    real_all_rows = driver_cursor.all_rows

    def all_rows(connection: Any, stmt: Any, parameters: Any = None) -> list[Any]:
        rows = real_all_rows(connection, stmt, parameters)
        after_read(str(stmt))
        return rows

    event.listen(ws.db.engine, "after_cursor_execute", after_execute)
    driver_cursor.all_rows = all_rows
    try:
        yield
    finally:
        driver_cursor.all_rows = real_all_rows
        event.remove(ws.db.engine, "after_cursor_execute", after_execute)
    assert done, "the load's read of the projects was not seen"


def _department_of(ws: Workspace, project_id: str) -> int:
    with ws.session() as s:
        link = s.scalars(select(ProjectLeadDepartment).where(ProjectLeadDepartment.project_id == project_id)).first()
        return link.department_id


def _assert_race_is_not_stored(ws: Workspace) -> None:
    """A lead department and a project renamed while a load runs: the load's figures are never stored as current
    for the projects written, and the next load shows the new names."""
    target = next(r for r in _load(ws) if r.lead_departments)
    department_id = _department_of(ws, target.id)

    def rename() -> None:  # another transaction on another connection, committed
        with ws.session() as other:
            other.execute(
                text("UPDATE departments SET name = :n WHERE id = :i"), {"n": RENAMED_DEPARTMENT, "i": department_id}
            )
            projects.update_project(other, target.id, {"name": NEW_NAME}, user=ws.user)

    with ws.session() as s:  # nothing current: the racing load computes every project and stores what it may
        s.execute(text("UPDATE project_summaries SET stamp = stamp + 1"))
    with _write_during_first_read(ws, rename):
        racing = _load(ws)
    assert len(racing) == len(_stamps(ws))  # the racing load itself completed
    summaries = _summaries(ws)
    assert summaries[target.id][1] != summaries[target.id][0], "stored old figures over a newer write"
    after = _load(ws)
    assert RENAMED_DEPARTMENT in _by_id(after)[target.id].lead_departments
    assert portfolio.matches_text(_by_id(after)[target.id], [NEW_NAME, RENAMED_DEPARTMENT])
    _assert_same_rows(after, _from_scratch(ws))


def _assert_racing_load_is_consistent(ws: Workspace) -> None:
    """Every figure current in the store, then a project renamed while a load runs: each row of that load is
    consistent with itself (its search text is the text it shows), and the next load shows the new name."""
    _load(ws)
    target = _pid(ws, "附表1-05")

    def rename() -> None:
        with ws.session() as other:
            projects.update_project(other, target, {"name": NEW_NAME}, user=ws.user)

    with _write_during_first_read(ws, rename):
        racing = _load(ws)
    mixed = [
        (r.code, r.name, r._hay) for r in racing if r._hay != portfolio.normalize_text(portfolio._haystack_source(r))
    ]
    assert not mixed, f"rows whose search text is not the text they show: {mixed}"
    after = _load(ws)
    assert _by_id(after)[target].name == NEW_NAME and portfolio.matches_text(_by_id(after)[target], [NEW_NAME])
    _assert_same_rows(after, _from_scratch(ws))


def test_a_department_renamed_during_a_load_is_not_stored_as_current_sqlite(tracked):
    _assert_race_is_not_stored(tracked)


def test_a_project_renamed_during_a_load_gives_consistent_rows_sqlite(tracked):
    _assert_racing_load_is_consistent(tracked)


def test_store_gives_way_to_another_writer_sqlite(tracked):
    """Another program (an import, the CLI) holds the write lock: the load does not wait for it to store (on
    PostgreSQL it waits LOCK_WAIT_MS at most; here the busy timeout was 10 s), and the writer commits fine. The
    connection the store used is back to the full busy timeout: a later save still waits for a busy database."""
    target = _pid(tracked, "附表1-05")
    with tracked.session() as s:
        s.execute(text("UPDATE project_summaries SET stamp = stamp + 1"))  # nothing current: all to be stored
    writer = sqlite3.connect(tracked.db.path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "UPDATE quarterly_progress SET physical_progress = '另一个程序正在填报' WHERE project_id = ?", (target,)
        )
        started = time.monotonic()
        rows = _load(tracked)
        took = time.monotonic() - started
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert len(rows) == 68
    assert took < 3, f"the load waited {took:.1f} s for another program's write lock"
    for _ in range(3):  # whichever pooled connection a later save gets
        with tracked.session() as s:
            assert s.execute(text("PRAGMA busy_timeout")).scalar() == BUSY_TIMEOUT_MS
    after = _load(tracked)
    _assert_all_current(tracked)
    _assert_same_rows(after, _from_scratch(tracked))


# ---------------------------------------------------------------------------------------------- 7. read-only


def test_read_only_workspace_loads_and_stores_nothing(db_path, monkeypatch):
    ws = open_workspace(db_path)
    try:
        _add_tracking(ws)
        _load(ws)
        target = _pid(ws, "附表1-05")
        with ws.session() as s:
            _set_progress(s, target, ws.user)
    finally:
        ws.close()
    from app.db import sqlite_file

    monkeypatch.setattr(sqlite_file, "read_only_reason", lambda path: sqlite_file.READ_ONLY_FILE)
    ro = open_workspace(db_path)
    try:
        assert ro.read_only
        before = _summaries(ro)
        rows = _load(ro)
        assert {r.id for r in rows if not r.status_stored} == {target}
        assert summary_store.store(ro, rows, _today()) == 0
        with ro.session() as s:
            fresh = portfolio.load_rows(s, stored_status_of=_today())
            portfolio.complete_statuses(s, fresh, as_of=_today())
        portfolio.prepare_search(fresh)
        assert summary_store.store(ro, fresh, _today()) == 0
        assert _summaries(ro) == before
        _assert_same_rows(rows, _from_scratch(ro))
        _assert_same_rows(_two_step_load(ro), rows)
    finally:
        ro.close()


# ---------------------------------------------------------------------------------------------- 8. sources


# sha256 of what the stored figures are computed from. Changing any of them changes what a stored row would
# hold: bump summary_store.VERSION (rows stored by the older program are then recomputed) and update the hashes.
# A change that cannot alter a stored figure (code moved to another module) updates the hash alone.
PINNED_FILES = {
    "app/core/status_rules.py": "f2e4626038d31643d79d449146ac1a7e9540f80b026bf1584ba0634df4106b0b",
    "app/core/status.py": "cb9d76741e3813f7715a784b3a44db80e769521bfd00c37faa7258d131e136d0",
    # the readings the pinyin initials are taken from
    "app/core/pinyin_table.py": "9fe0fbdc3336e4603ac4c87de44b461c78d5a0885e3f236bc7cfe6ff89531545",
    "resources/pinyin/readings.txt": "5c3cbea7fdbaedc326be4931084ddb94b0ab7ba9cfa8d37f079bf5e3a20ba3a6",
}
PINNED_FUNCTIONS = {
    "apply_statuses": "e712a94cb15614b5fbfc56de2bcac6c943cfe9c0febc669545cf4b74ce50647a",
    "normalize_text": "f4006ac5138f7f34dadf06e5aea15ae90670722257c047d00c35f443af34fa40",
    "pinyin_initials": "d104d6d4be22b3a4cc44ff70a155b18c574a919939d43b9a3c31182bb44933a8",
    "_initials_of_normalized": "84fc53386148ec3c94f21de34dc9629e9a402ed81990826d28247286cf953606",
    "_ensure_pinyin": "07cff8dd1761b2d11f5099b939038be17aa670d5d6c77c23c2435291d4565779",
    "_is_cjk": "270417f2d4d9fbdfc7012e85555cd4fdd69077deaef94abbdbbc52baa1ffeb6b",
    "_haystack_source": "377401e3b2788171abdcdd6b6d26cd46d4b7c9e73832a4e2006d090084be9649",
    "_initials_source": "53c3ad2ec1ed1942ba31e46310675a64cc91dd35dbca95eabc2b17558b61f6a8",
    "prepare_search": "77c4148463bd9f08427c26889cdd05caaf7337ced77b24b94f2075a53a3413c4",
}
PINNED_VERSION = "2"


PINNED_STORE_FORMAT = {  # how summary_store writes the figures into the table (and in which columns)
    "summary_store._entry": "6c5d042fd7fc64504b09d0a08d91623da98fccf683b19a5012277d7185b56194",
    "summary_store._joined": "b78a086e7de92208847d113e23582f3403c0f8f268e91706ab77efb1ba859031",
    "summary_store.read_stored": "053623a66a6d09302cfc95921d0a5964af1c462199200b61623bee7fd82bfda7",
    "summary_store._stored_statement": "08bad8dfeac9a85734f4ea8368cf7495e35586d0393cdddc2d869e4f04407bf8",
    "summary_store.SEPARATOR": "ffe679bb831c95b67dc17819c63c5090d221aac6f4c7bf530f594ab43d21fa1e",
}


def _digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _sources() -> dict[str, str]:
    hashes = {
        name: hashlib.sha256((REPO / name).read_bytes()).hexdigest() if (REPO / name).is_file() else "missing"
        for name in PINNED_FILES
    }
    for name in PINNED_FUNCTIONS:
        hashes[name] = _digest(inspect.getsource(getattr(portfolio, name)))
    for qualified in PINNED_STORE_FORMAT:
        value = getattr(summary_store, qualified.removeprefix("summary_store."))
        hashes[qualified] = _digest(value if isinstance(value, str) else inspect.getsource(value))
    return hashes


def test_sources_of_the_stored_figures_are_pinned():
    pinned = {**PINNED_FILES, **PINNED_FUNCTIONS, **PINNED_STORE_FORMAT}
    changed = {name: digest for name, digest in _sources().items() if pinned[name] != digest}
    assert not changed and summary_store.VERSION == PINNED_VERSION, (
        "the stored figures' sources changed: bump app/core/summary_store.VERSION and update these hashes "
        f"(and PINNED_VERSION): {changed}"
    )


# ---------------------------------------------------------------------------------------------- 9. PostgreSQL


@pytest.fixture
def pg_tracked(pg_db_url) -> Iterator[Workspace]:
    ws = open_workspace(pg_db_url, user="测试员")
    _add_tracking(ws)
    yield ws
    ws.close()


@pytest.mark.postgres
def test_postgres_triggers_bump_on_a_progress_write(pg_tracked):
    ws = pg_tracked
    with ws.session() as s:
        found = set(
            s.execute(text("SELECT DISTINCT trigger_name, event_object_table FROM information_schema.triggers")).all()
        )
        assert found >= POSTGRES_TRIGGERS, POSTGRES_TRIGGERS - found
        assert (
            s.scalar(
                text(
                    "SELECT count(*) FROM projects p WHERE (SELECT count(*) FROM project_summaries ps "
                    "WHERE ps.project_id = p.id) <> 1"
                )
            )
            == 0
        )
    _load(ws)
    _assert_all_current(ws)
    target = _pid(ws, "附表1-05")
    stamps = _stamps(ws)
    with ws.session() as s:
        _set_progress(s, target, ws.user)
    moved = {pid for pid, stamp in _stamps(ws).items() if stamp != stamps[pid]}
    assert moved == {target}
    rows = _load(ws)
    _assert_same_rows(rows, _from_scratch(ws))
    _assert_all_current(ws)


@pytest.mark.postgres
def test_postgres_every_trigger_bumps_exactly_its_projects(pg_tracked):
    _assert_every_trigger_bumps_exactly_its_projects(pg_tracked)


@pytest.mark.postgres
def test_postgres_warm_load_equals_cold_load(pg_tracked):
    _assert_warm_equals_cold(pg_tracked)


@pytest.mark.postgres
def test_postgres_department_renamed_during_a_load_is_not_stored_as_current(pg_tracked):
    _assert_race_is_not_stored(pg_tracked)


@pytest.mark.postgres
def test_postgres_project_renamed_during_a_load_gives_consistent_rows(pg_tracked):
    _assert_racing_load_is_consistent(pg_tracked)


@pytest.mark.postgres
def test_postgres_store_gives_way_to_an_uncommitted_writer(pg_tracked, pg_db_url):
    ws = pg_tracked
    target = _pid(ws, "附表1-05")
    with ws.session() as s:
        s.execute(text("UPDATE project_summaries SET stamp = stamp + 1"))  # nothing current: all to be stored
    writer = create_engine(pg_db_url)
    try:
        with writer.connect() as conn:
            conn.execute(
                text("UPDATE quarterly_progress SET physical_progress = '另一个程序正在填报' WHERE project_id = :p"),
                {"p": target},
            )  # uncommitted: holds the project's summary row through the trigger
            started = time.monotonic()
            rows = _load(ws)
            took = time.monotonic() - started
            assert took < 3, f"the load waited {took:.1f} s for the other writer"
            summaries = _summaries(ws)
            assert summaries[target][1] != summaries[target][0]
            assert sum(1 for r in summaries.values() if r[1] == r[0]) < len(rows)
            conn.commit()  # the writer is not hurt by the store
        with writer.connect() as conn:
            assert conn.execute(
                text("SELECT count(*) FROM quarterly_progress WHERE physical_progress = '另一个程序正在填报'")
            ).scalar()
    finally:
        writer.dispose()
    after = _load(ws)
    _assert_all_current(ws)
    _assert_same_rows(after, _from_scratch(ws))


@pytest.mark.postgres
def test_postgres_write_during_a_store_commits_and_keeps_its_bump(pg_tracked):
    """The other way round: a write while the store runs waits at most for the store's chunk, commits, and its
    project is not current afterwards, whichever of the two took the row first."""
    ws = pg_tracked
    target = _pid(ws, "附表1-05")
    with ws.session() as s:
        s.execute(text("UPDATE project_summaries SET stamp = stamp + 1"))
    with ws.session() as s:
        rows = portfolio.load_rows(s, stored_status_of=_today())
        portfolio.complete_statuses(s, rows, as_of=_today())
    portfolio.prepare_search(rows)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with ws.session() as s:
                _set_progress(s, target, ws.user)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    summary_store.store(ws, rows, _today())
    thread.join(10)
    assert not thread.is_alive() and not errors, errors
    summaries = _summaries(ws)
    assert summaries[target][1] != summaries[target][0]  # the write's bump is never lost under the store
    _assert_same_rows(_load(ws), _from_scratch(ws))
