"""The Workspace facade the UI uses: each call is its own transaction and returns typed records."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from app.core import period_service, tracking_service
from app.core.periods import PeriodLockedError
from app.core.projects import ValidationError
from app.core.records import IssueRecord, MilestoneRecord, ProgressRecord

CORE = Path(__file__).resolve().parent.parent / "app" / "core"


def test_round_trip_through_the_facade(workspace):
    pid = tracking_service.project_id_for_code(workspace, "附表1-05")
    result = tracking_service.set_progress(
        workspace, pid, "2025Q3", invested="1.5", status="在建", physical_progress="主体施工"
    )
    assert result.version == 1 and not result.warnings
    record = tracking_service.get_progress(workspace, pid, "2025Q3")
    assert isinstance(record, ProgressRecord)
    assert record.cumulative == Decimal("1.5") and isinstance(record.invested, Decimal)  # never a float
    assert [h.period for h in tracking_service.progress_history(workspace, pid)] == ["2025Q3"]
    assert tracking_service.project_statuses(workspace, "2025Q3")[pid].status == "在建"
    assert tracking_service.period_rows(workspace, "2025q3")[0]["code"] == "附表1-05"

    assert len(tracking_service.apply_milestone_template(workspace, pid)) == 9
    ms = tracking_service.list_milestones(workspace, pid)
    assert all(isinstance(m, MilestoneRecord) for m in ms)
    tracking_service.update_milestone(workspace, ms[0].id, {"planned_date": "2024-01-01"}, expected_version=1)
    tracking_service.move_milestone(workspace, ms[0].id, 3)
    moved = tracking_service.list_milestones(workspace, pid)[3]
    assert moved.id == ms[0].id and moved.planned_date == dt.date(2024, 1, 1)
    assert tracking_service.overdue_milestones(workspace)[0]["code"] == "附表1-05"

    iid = tracking_service.add_issue(
        workspace, pid, description="征地", deadline=dt.date.today() + dt.timedelta(days=30)
    )
    assert tracking_service.issue_stats(workspace, pid).open == 1
    issues = tracking_service.list_issues(workspace, pid)
    assert isinstance(issues[0], IssueRecord) and issues[0].raised_date == dt.date.today()
    tracking_service.close_issue(workspace, iid, "已解决")
    assert tracking_service.issue_stats(workspace).closure_rate == 1.0
    assert tracking_service.issue_stats_by_project(workspace)[pid].closed == 1

    bundle = tracking_service.project_tracking(workspace, pid, "2025Q3")
    assert bundle.status is not None and bundle.status.cumulative == Decimal("1.5")
    assert len(bundle.milestones) == 9 and bundle.as_of == dt.date(2025, 9, 30)
    assert bundle.issue_stats.total == 0  # raised today, after 2025Q3 ended
    assert tracking_service.project_tracking(workspace, pid).issue_stats.total == 1

    rows = tracking_service.indicator_progress(workspace)
    tracking_service.set_indicator_value(workspace, rows[0].id, 2024, 87)
    assert tracking_service.indicator_progress(workspace)[0].latest_value == 87


def test_period_lock_refuses_progress_and_bad_periods_are_user_errors(workspace):
    pid = tracking_service.project_id_for_code(workspace, "附表1-05")
    tracking_service.set_progress(workspace, pid, "2025Q2", invested=1)
    period_service.lock(workspace, "2025Q2")
    with pytest.raises(PeriodLockedError):
        tracking_service.set_progress(workspace, pid, "2025Q2", invested=2)
    with pytest.raises(ValidationError):  # a malformed period is a user error like any other
        tracking_service.get_progress(workspace, pid, "2025Q5")
    assert issubclass(PeriodLockedError, tracking_service.USER_ERRORS)
    period_service.reopen(workspace, "2025Q2", "更正")
    record = tracking_service.get_progress(workspace, pid, "2025Q2")
    assert record is not None and record.invested == Decimal(1)


def test_current_quarter_tracking_agrees_with_the_milestone_list(workspace):
    pid = tracking_service.project_id_for_code(workspace, "附表1-05")
    today = dt.date.today()
    tracking_service.add_milestone(
        workspace, pid, title="开工", kind="开工", planned_date=today - dt.timedelta(days=40)
    )
    current = period_service.current_quarter(today)
    bundle = tracking_service.project_tracking(workspace, pid, current)
    listed = tracking_service.list_milestones(workspace, pid)
    # judged on today, like the list (it used to count to the quarter's end: 549 days against the list's 518)
    assert bundle.as_of == today and bundle.status is not None and bundle.status.as_of == today
    assert [m.overdue_days for m in bundle.overdue_milestones] == [m.overdue_days for m in listed] == [40]


def test_core_never_imports_qt():
    for path in CORE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            )
            assert not any(n.startswith(("PySide6", "PyQt", "shiboken")) for n in names), path.name
