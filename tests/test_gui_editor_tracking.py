"""Acceptance tests of the project window's tracking tabs, acting as a person: enter a quarter's progress by
typing, add a milestone with a typed date (every spelling, a date that does not exist, no date at all), and see
the 季度进展 panel follow milestone changes made in the same window."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.core import period_service, tracking_service
from tests.fixtures.gui_support import (
    click,
    double_click_project,
    replace_text,
    type_text,
)

CODE = "附表1-02"


def _tab(qtbot, editor, title: str):
    for i in range(editor.tabs.count()):
        if editor.tabs.tabText(i).startswith(title):
            bar = editor.tabs.tabBar()
            qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(i).center())
            assert editor.tabs.currentIndex() == i
            return editor.tabs.widget(i)
    raise AssertionError(f"no tab {title}")


def _choose_period(qtbot, tab, code: str) -> None:
    """Pick a quarter in the 报告期 list with the keyboard, as from the drop-down."""
    index = tab.period.findData(code)
    assert index >= 0, f"{code} is not offered"
    tab.period.setFocus()
    while tab.period.currentIndex() != index:
        key = Qt.Key.Key_Down if tab.period.currentIndex() < index else Qt.Key.Key_Up
        qtbot.keyClick(tab.period, key)
    assert tab.selected_period() == code


# ---------------------------------------------------------------------------------------------- progress


def test_progress_typed_and_saved_and_a_stray_comma_saves_nothing(window, qtbot):
    row, editor = double_click_project(qtbot, window, CODE)
    tab = _tab(qtbot, editor, "季度进展")
    _choose_period(qtbot, tab, "2025Q3")
    replace_text(qtbot, tab.fields["invested"], "0.35")
    replace_text(qtbot, tab.fields["physical_progress"], "完成湿地一期土方")
    click(qtbot, tab.save_button)
    record = tracking_service.get_progress(window.ws, row.id, "2025Q3")
    assert record is not None and record.invested == Decimal("0.35")
    assert record.physical_progress == "完成湿地一期土方"
    assert "0.35" in tab.cumulative.text()

    replace_text(qtbot, tab.fields["invested"], "1,5")
    click(qtbot, tab.save_button)
    error = tab.errors["invested"]
    assert error.isVisible() and "逗号" in error.text()  # the reason, under the field
    record = tracking_service.get_progress(window.ws, row.id, "2025Q3")
    assert record is not None and record.invested == Decimal("0.35") and record.version == 1


def test_progress_in_ten_thousand_yuan_is_converted(window, qtbot):
    row, editor = double_click_project(qtbot, window, CODE)
    tab = _tab(qtbot, editor, "季度进展")
    _choose_period(qtbot, tab, "2024Q4")
    replace_text(qtbot, tab.fields["invested"], "500万元")
    click(qtbot, tab.save_button)
    record = tracking_service.get_progress(window.ws, row.id, "2024Q4")
    assert record is not None and record.invested == Decimal("0.05")
    assert "万元" in tab.warnings.text() and tab.fields["invested"].text() == "0.05"


def test_every_quarter_of_the_plan_can_be_chosen(window, qtbot):
    """The list used to offer only quarters already in the database and the last three."""
    _row, editor = double_click_project(qtbot, window, CODE)
    tab = _tab(qtbot, editor, "季度进展")
    offered = [tab.period.itemData(i) for i in range(tab.period.count())]
    plan = [f"{year}Q{q}" for year in range(2021, 2026) for q in range(1, 5)]
    assert set(plan) <= set(offered)
    assert period_service.current_quarter() in offered
    assert offered == sorted(offered, reverse=True)  # newest first
    _choose_period(qtbot, tab, "2021Q1")
    assert tab.state_label.text() == "状态：填报中"


# ---------------------------------------------------------------------------------------------- milestones


@pytest.mark.parametrize("typed", ["2025-07-10", "2025/7/10", "20250710", "2025年7月10日"])
def test_milestone_with_a_typed_date_is_stored_exactly(window, qtbot, typed):
    row, editor = double_click_project(qtbot, window, CODE)
    tab = _tab(qtbot, editor, "里程碑")
    click(qtbot, tab.new_button)
    type_text(qtbot, tab.title, "河道清淤完成")
    tab.planned.set_value(dt.date(2026, 1, 1))  # a date already there: everything is selected and typed over
    replace_text(qtbot, tab.planned, typed)
    qtbot.keyClick(tab.planned.edit, Qt.Key.Key_Tab)
    assert tab.planned.text() == "2025-07-10"  # shown in one spelling once the cursor leaves
    click(qtbot, tab.save_button)
    stored = tracking_service.list_milestones(window.ws, row.id)
    assert [(m.title, m.planned_date) for m in stored] == [("河道清淤完成", dt.date(2025, 7, 10))]
    assert tab.model.rowCount() == 1 and tab.model.index(0, 3).data() == "2025-07-10"


def test_milestone_with_a_date_that_does_not_exist_is_refused(window, qtbot):
    row, editor = double_click_project(qtbot, window, CODE)
    tab = _tab(qtbot, editor, "里程碑")
    click(qtbot, tab.new_button)
    type_text(qtbot, tab.title, "主体完工")
    replace_text(qtbot, tab.planned, "2025-02-30")
    qtbot.keyClick(tab.planned.edit, Qt.Key.Key_Tab)
    error = tab.errors["planned_date"]
    assert error.isVisible() and "不是有效日期" in error.text() and "2月没有 30 日" in error.text()
    click(qtbot, tab.save_button)
    assert tracking_service.list_milestones(window.ws, row.id) == []
    assert error.isVisible()


def test_milestone_without_a_date_stores_no_date(window, qtbot):
    """Date fields used to show today and store it; an empty date is no date."""
    row, editor = double_click_project(qtbot, window, CODE)
    tab = _tab(qtbot, editor, "里程碑")
    click(qtbot, tab.new_button)
    assert tab.planned.text() == "" and tab.actual.text() == ""
    type_text(qtbot, tab.title, "可研批复")
    click(qtbot, tab.save_button)
    stored = tracking_service.list_milestones(window.ws, row.id)
    assert [(m.title, m.planned_date, m.actual_date) for m in stored] == [("可研批复", None, None)]


def test_progress_panel_follows_milestones_changed_in_the_same_window(window, qtbot):
    """The 季度进展 RAG panel used to keep showing the state from before a milestone was added, and counted
    overdue days to the quarter's end while the milestone list counted to today."""
    row, editor = double_click_project(qtbot, window, CODE)
    progress = _tab(qtbot, editor, "季度进展")
    _choose_period(qtbot, progress, period_service.current_quarter())
    assert progress.overdue.text() == "无"
    milestones = _tab(qtbot, editor, "里程碑")
    click(qtbot, milestones.new_button)
    type_text(qtbot, milestones.title, "开工")
    planned = dt.date.today() - dt.timedelta(days=40)
    replace_text(qtbot, milestones.planned, planned.isoformat())
    click(qtbot, milestones.save_button)
    listed_days = milestones.model.index(0, 6).data()
    assert listed_days == "40"
    _tab(qtbot, editor, "季度进展")
    assert progress.overdue.text() == f"开工（逾期 {listed_days} 天）"
    assert dt.date.today().isoformat() in progress.as_of.text()  # the day both count to, shown


def test_issue_without_raised_date_says_what_is_stored(window, qtbot):
    row, editor = double_click_project(qtbot, window, CODE)
    tab = _tab(qtbot, editor, "问题协调")
    click(qtbot, tab.new_button)
    assert tab.raised.text() == "" and "今天" in tab.raised.edit.placeholderText()
    type_text(qtbot, tab.description, "征地补偿未到位")
    click(qtbot, tab.save_button)
    stored = tracking_service.list_issues(window.ws, row.id)
    assert [(i.description, i.raised_date, i.deadline) for i in stored] == [("征地补偿未到位", dt.date.today(), None)]
