"""Figures beside the totals say what they count.

The completion rate is over a subset: the projects whose estimated total is known and whose completed investment
has been reported. Shown beside a completed total that also counts other projects, a bare "完成率 21.2%" reads as
a contradiction (7.80 ÷ the estimated total is not 21.2%), so wherever the rate stands beside the totals it names
its subset and how many projects are in it, and the portfolio's totals bar and the dashboard's card say the same.
The dashboard's 需要关注 card counts projects (those the filter pane's 有逾期里程碑 / 有未解决问题 select), and says so:
its earlier "逾期里程碑 1 项", for one project with two overdue milestones, read as one overdue milestone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from app.core import number_format, project_service, tracking_service

# What each project reports for 2025Q3 (亿元). 附表1-01's estimated total is not known (the plan leaves it blank).
INVESTED = {"附表1-05": "2", "附表1-08": "0.8", "附表1-01": "5"}


@pytest.fixture
def window(qtbot, workspace, qapp, modal) -> Iterator[Any]:
    from tests.fixtures.gui_support import running_main_window

    for code, invested in INVESTED.items():
        pid = tracking_service.project_id_for_code(workspace, code)
        tracking_service.set_progress(workspace, pid, "2025Q3", invested=invested)
    yield from running_main_window(qtbot, workspace, qapp)


def _click_tab(qtbot, window, index: int) -> None:
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert window.tabs.currentIndex() == index


def _click_box(qtbot, box) -> None:
    """A click on the check box's label text (the box is as wide as the pane; its right part takes no click)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(box.height(), box.height() // 2))


def test_the_rate_names_its_subset_in_the_totals_bar_and_on_the_dashboard(window, qtbot):
    rows = {r.code: r for r in project_service.load_portfolio(window.ws)}
    assert rows["附表1-01"].investment_total is None and rows["附表1-01"].cumulative == Decimal(5)
    in_rate = [rows["附表1-05"], rows["附表1-08"]]
    rate = number_format.rate(
        sum(r.cumulative for r in in_rate) / sum(r.investment_total for r in in_rate)  # type: ignore[misc]
    )
    assert rate == "21.2%"  # 2.8 ÷ (10 + 3.2): the two projects with both amounts
    phrase = f"完成率 {rate}（按 2 个概算总投资已知且已报送完成投资的项目计算）"

    totals_bar = window.portfolio.totals_label.text()
    assert "累计完成投资 7.80 亿元（其中 65 项未知）" in totals_bar  # all three reports, 1-01's too
    assert phrase in totals_bar

    _click_tab(qtbot, window, window.TAB_DASHBOARD)
    card = window.dashboard.card_completed
    assert card.value.text() == "7.80"
    assert card.note.isVisible()
    assert card.note.text() == f"{phrase}；65 项无进度数据"


def test_the_attention_card_counts_projects_as_the_filter_pane_selects_them(window, qtbot):
    ws = window.ws
    late = tracking_service.project_id_for_code(ws, "附表1-05")
    for title in ("可研批复", "开工"):  # two overdue milestones of one project
        tracking_service.add_milestone(ws, late, title=title, planned_date=dt.date(2021, 6, 30))
    stuck = tracking_service.project_id_for_code(ws, "附表1-08")
    for description in ("用地手续未批", "资金未到位"):  # two open issues of another
        tracking_service.add_issue(ws, stuck, description=description)
    with qtbot.waitSignal(window.portfolioLoaded, timeout=30000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=30000)

    _click_tab(qtbot, window, window.TAB_DASHBOARD)
    note = window.dashboard.card_attention.note.text()
    assert note.startswith("有逾期里程碑的项目 1 个；有未解决问题的项目 1 个；待核查数据 ")

    _click_tab(qtbot, window, window.TAB_PORTFOLIO)
    pane = window.portfolio
    for box in (pane.filters.overdue, pane.filters.open_problems):  # each alone selects the one project
        _click_box(qtbot, box)
        assert box.isChecked()
        qtbot.waitUntil(lambda: "筛选结果 1 / 68" in pane.totals_label.text(), timeout=5000)
        _click_box(qtbot, box)
        qtbot.waitUntil(lambda: "全部 68 个项目" in pane.totals_label.text(), timeout=5000)


def test_a_selection_without_a_project_in_the_subset_shows_no_rate(window, qtbot):
    _click_tab(qtbot, window, window.TAB_PORTFOLIO)
    window.portfolio.search.setFocus()
    qtbot.keyClicks(window.portfolio.search, "1-01")
    qtbot.waitUntil(lambda: "筛选结果 1 / 68" in window.portfolio.totals_label.text(), timeout=5000)
    shown = window.portfolio.totals_label.text()
    assert "累计完成投资 5.00 亿元" in shown
    assert "完成率" not in shown  # its estimated total is unknown: no rate, rather than one of 0 projects

    qtbot.keyClick(window.portfolio.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.portfolio.search, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: "完成率 21.2%（按 2 个" in window.portfolio.totals_label.text(), timeout=5000)
