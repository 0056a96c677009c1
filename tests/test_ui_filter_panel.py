"""The portfolio's filter pane, clicked as a person clicks it.

Filtering was slow because every change re-read every check box of the pane through PySide (FilterPanel
.current()); the pane now keeps the choices in Python, updated from the boxes' own change signals. These tests
hold that state to what the boxes show along every path that changes them (click, check box, 清除全部筛选,
a reload, a filter set from elsewhere), and check that a change no longer reads all the boxes.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QListWidgetItem

from app.core import portfolio
from tests.fixtures.gui_support import click


def _click_option(qtbot, check_list, key) -> None:
    item = check_list.item_for(key)
    assert item is not None, key
    check_list.scrollToItem(item)
    qtbot.mouseClick(check_list.viewport(), Qt.MouseButton.LeftButton, pos=check_list.visualItemRect(item).center())


def _click_box(qtbot, check_box) -> None:
    """Click the check box's square (a click right of its text does nothing)."""
    assert check_box.isVisible()
    qtbot.mouseClick(check_box, Qt.MouseButton.LeftButton, pos=QPoint(check_box.height() // 2, check_box.height() // 2))


def _shown_ids(view) -> set[str]:
    return {row.id for row in view.model.visible_rows()}


def _expected_ids(view, **choices) -> set[str]:
    """The rows the core's filter keeps for these choices (not read from the pane)."""
    return {row.id for row in portfolio.filter_rows(view.model.all_rows(), portfolio.PortfolioFilter(**choices))}


def _checked_on_screen(check_list) -> set:
    return {
        check_list.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(check_list.count())
        if check_list.item(i).checkState() == Qt.CheckState.Checked
    }


def test_the_table_follows_every_way_of_changing_the_filters(window, qtbot):
    view = window.portfolio
    panel = view.filters
    all_ids = {row.id for row in view.model.all_rows()}
    county = "灵丘县"
    status = next(row.status for row in view.model.all_rows() if row.county == county)

    _click_option(qtbot, panel.counties, county)
    assert _shown_ids(view) == _expected_ids(view, counties={county}) != all_ids
    _click_option(qtbot, panel.statuses, status)
    assert _shown_ids(view) == _expected_ids(view, counties={county}, statuses={status})
    _click_box(qtbot, panel.overdue)
    assert panel.overdue.isChecked()
    assert _shown_ids(view) == _expected_ids(view, counties={county}, statuses={status}, overdue=True)
    _click_box(qtbot, panel.overdue)
    _click_option(qtbot, panel.statuses, status)  # the same box again: that choice is gone
    assert _shown_ids(view) == _expected_ids(view, counties={county})
    assert "县区：灵丘县" in view.active_filters.full_text() and "状态" not in view.active_filters.full_text()

    with qtbot.waitSignal(window.portfolioLoaded, timeout=30000):  # a reload keeps the choice
        window.refresh()
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=30000)
    assert _checked_on_screen(panel.counties) == {county}
    _click_option(qtbot, panel.counties, "广灵县")  # adds to what the reload kept
    assert _shown_ids(view) == _expected_ids(view, counties={county, "广灵县"})

    click(qtbot, panel.clear_button)
    assert _shown_ids(view) == all_ids
    assert _checked_on_screen(panel.counties) == set() and not panel.overdue.isChecked()

    view.apply_group_filter("county", "广灵县")  # a dashboard bar clicked: shown in the pane too
    assert _checked_on_screen(panel.counties) == {"广灵县"}
    _click_option(qtbot, panel.counties, "广灵县")
    assert _shown_ids(view) == all_ids


def test_a_filter_change_does_not_read_every_check_box(window, qtbot, monkeypatch):
    """Each click used to read the check state of all the pane's options (tables, counties, statuses, RAG and
    every department) to rebuild the filter."""
    panel = window.portfolio.filters
    options = sum(lists.count() for lists in (panel.tables, panel.counties, panel.statuses, panel.rags))
    options += panel.departments.count()
    reads = []
    real_check_state = QListWidgetItem.checkState

    def counted_check_state(item):
        reads.append(item)
        return real_check_state(item)

    monkeypatch.setattr(QListWidgetItem, "checkState", counted_check_state)
    clicks = 10
    for _ in range(clicks):
        _click_option(qtbot, panel.counties, "灵丘县")
    assert panel.counties.selected() == frozenset()  # an even number of clicks: back where it started
    assert options > 20
    assert len(reads) <= clicks * 4, f"{len(reads)} check boxes read for {clicks} clicks ({options} options)"
