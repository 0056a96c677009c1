"""Quarter states through the workspace-level service the desktop app and the CLI share."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core import period_service, periods, progress, projects
from app.core.errors import ValidationError
from app.db.models import AuditEntry


def test_plan_quarters_cover_the_plan_and_reach_past_it() -> None:
    quarters = period_service.plan_quarters(until="2024Q2")
    assert quarters[0] == "2021Q1" and quarters[-1] == "2025Q4" and len(quarters) == 20
    later = period_service.plan_quarters(until="2026q3")
    assert later[-1] == "2026Q3" and later[19] == "2025Q4" and len(later) == 23


def test_plan_quarters_default_reaches_the_quarter_after_today() -> None:
    after_today = periods.shift_period(period_service.current_quarter(), 1)
    quarters = period_service.plan_quarters()
    assert after_today in quarters and quarters[-1] == max(after_today, "2025Q4")


def test_submit_lock_reopen_are_audited_and_listed(workspace) -> None:
    assert period_service.list_periods(workspace) == []
    submitted = period_service.submit(workspace, "2025q3")
    assert submitted.changed and submitted.period.code == "2025Q3" and submitted.period.state_label == "已报送"
    locked = period_service.lock(workspace, "2025Q3")
    assert locked.period.locked and locked.period.state_changed_by == workspace.user
    assert not period_service.lock(workspace, "2025Q3").changed
    reopened = period_service.reopen(workspace, "2025Q3", "数据有误\x07需更正")
    assert reopened.period.state == periods.OPEN
    [listed] = period_service.list_periods(workspace)
    assert listed.code == "2025Q3" and listed.state == periods.OPEN and listed.records == 0
    with workspace.session() as s:
        reasons = s.scalars(select(AuditEntry.source_detail).where(AuditEntry.entity_type == "period")).all()
    assert "数据有误需更正" in reasons  # the control character is gone


def test_reopen_without_a_reason_changes_nothing(workspace) -> None:
    period_service.lock(workspace, "2025Q2")
    with pytest.raises(ValidationError, match="必须填写理由"):
        period_service.reopen(workspace, "2025Q2", "  ")
    assert period_service.period_state(workspace, "2025Q2") == periods.LOCKED


def test_a_malformed_quarter_is_a_validation_error(workspace) -> None:
    with pytest.raises(ValidationError, match="报告期格式"):
        period_service.submit(workspace, "2025Q5")


def test_submitting_a_locked_quarter_is_refused(workspace) -> None:
    period_service.lock(workspace, "2025Q1")
    with pytest.raises(periods.PeriodStateError, match="不能改为"):
        period_service.submit(workspace, "2025Q1")


def test_choosable_quarters_include_older_quarters_in_the_database(workspace) -> None:
    period_service.submit(workspace, "2019Q4")
    quarters = period_service.choosable_quarters(workspace, until="2025Q4")
    assert quarters[0] == "2019Q4" and "2021Q1" in quarters and quarters[-1] == "2025Q4"


def test_a_locked_quarter_freezes_quarterly_records_only() -> None:
    assert periods.freezes("progress")
    assert not any(periods.freezes(kind) for kind in ("milestone", "issue", "project", "indicator_value"))


def test_list_counts_progress_records(workspace) -> None:
    with workspace.session() as s:
        project = projects.get_project(s, code="附表1-01")
        progress.set_progress(s, project.id, "2025Q3", user="tester", invested="1.5")
    [listed] = period_service.list_periods(workspace)
    assert (listed.code, listed.records) == ("2025Q3", 1)
    assert period_service.lock(workspace, "2025Q3").period.records == 1


def test_period_states_are_the_listed_states_without_counting_records(workspace) -> None:
    """What the quarter pickers show (filled on the GUI thread): the same labels list_periods gives, read without
    grouping every quarterly record."""
    assert period_service.period_states(workspace) == {}
    period_service.submit(workspace, "2025Q3")
    period_service.lock(workspace, "2025Q2")
    with workspace.session() as s:
        project = projects.get_project(s, code="附表1-01")
        progress.set_progress(s, project.id, "2025Q4", user="tester", invested="1.5")
    listed = {info.code: info.state_label for info in period_service.list_periods(workspace)}
    assert period_service.period_states(workspace) == listed
    assert listed["2025Q3"] == "已报送" and listed["2025Q2"] == periods.STATE_LABELS[periods.LOCKED]
