"""The project editor's tracking tabs (milestones, quarterly progress, issues) driven with the mouse and keyboard,
the timeline and the indicators view."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox

from app.core import period_service, project_service
from app.core import tracking_service as ts
from app.core.changes import Changes
from app.ui.settings import AppSettings, UiState
from tests.fixtures.gui_support import click, replace_text, type_text

pytestmark = pytest.mark.usefixtures("no_modal_dialogs")  # fixture in conftest.py


@pytest.fixture
def qt_app(qapp):
    from app.ui.app_setup import install_font

    install_font(qapp)
    return qapp


@pytest.fixture
def window(qtbot, workspace, qt_app):
    from app.ui.main_window import MainWindow

    w = MainWindow(workspace, AppSettings(), UiState(), load=False)
    w.show()
    with qtbot.waitSignal(w.portfolioLoaded, timeout=30000):
        w.refresh()
    yield w
    qtbot.waitUntil(lambda: not w.is_loading(), timeout=30000)
    if w.timeline is not None:
        qtbot.waitUntil(lambda: not w.timeline.is_loading(), timeout=30000)
    for editor in list(w.editors.values()):
        editor.load()
        editor.close()
    w.close()
    w.deleteLater()


def _editor(window, code="附表1-02"):
    row = next(r for r in window.portfolio.model.all_rows() if r.code == code)
    return row, window.open_project(row.id)


def _tab(editor, title):
    for i in range(editor.tabs.count()):
        if editor.tabs.tabText(i).startswith(title):
            return editor.tabs.widget(i)
    raise AssertionError(f"no tab {title}")


def test_editor_has_tracking_tabs_in_order(window):
    _row, editor = _editor(window)
    titles = [editor.tabs.tabText(i) for i in range(editor.tabs.count())]
    assert titles[:4] == ["基本信息", "里程碑", "季度进展", "问题协调"]
    assert titles[4].startswith("数据核查") and titles[5] == "修改记录"
    assert editor.tabs.tabText(editor.history_tab_index) == "修改记录"


def _select_row(qtbot, tab, row: int) -> None:
    index = tab.model.index(row, 2)
    tab.table.scrollTo(index)
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=tab.table.visualRect(index).center())
    assert tab.table.currentIndex().row() == row


def test_milestones_template_edit_reorder_delete(window, qtbot, monkeypatch):
    row, editor = _editor(window)
    editor.tabs.setCurrentWidget(tab := _tab(editor, "里程碑"))
    click(qtbot, tab.template_button)
    assert tab.model.rowCount() == 9
    _select_row(qtbot, tab, 3)
    first_title = tab.current().title
    planned = dt.date.today() - dt.timedelta(days=30)
    replace_text(qtbot, tab.planned, planned.isoformat())
    click(qtbot, tab.save_button)
    assert tab.current().effective_status == "逾期" and tab.current().planned_date == planned
    click(qtbot, tab.down_button)
    assert tab.model.item_at(4).title == first_title
    # a bad actual date (in the future) is refused next to the field
    replace_text(qtbot, tab.actual, (dt.date.today() + dt.timedelta(days=30)).isoformat())
    click(qtbot, tab.save_button)
    assert tab.errors["actual_date"].isVisibleTo(tab) and "不能晚于今天" in tab.errors["actual_date"].text()
    replace_text(qtbot, tab.actual, "")
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    click(qtbot, tab.delete_button)
    assert tab.model.rowCount() == 8
    # the portfolio shows the change after its background refresh (it heard the change on the bus)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=30000)
    fields = {h.entity_type for h in project_service.project_history(window.ws, row.id)}
    assert "milestone" in fields
    assert editor.history_model.rowCount() == len(project_service.project_history(window.ws, row.id))


def test_progress_entry_derived_values_and_locking(window, qtbot):
    row, editor = _editor(window)
    editor.tabs.setCurrentWidget(tab := _tab(editor, "季度进展"))
    tab.set_period("2025Q1")
    replace_text(qtbot, tab.fields["invested"], "-1")
    click(qtbot, tab.save_button)
    assert tab.errors["invested"].isVisibleTo(tab)
    replace_text(qtbot, tab.fields["invested"], "1.5")
    tab.fields["status"].setCurrentIndex(tab.fields["status"].findData("在建"))
    replace_text(qtbot, tab.fields["physical_progress"], "河道清淤完成")
    click(qtbot, tab.save_button)
    record = ts.get_progress(window.ws, row.id, "2025Q1")
    assert record is not None and record.invested == Decimal("1.5")
    assert record.physical_progress == "河道清淤完成"
    assert "1.5" in tab.cumulative.text()
    assert tab.history.rowCount() == 1
    # the quarterly status moved the project to 在建 (new version): the editor follows, saving still works
    assert project_service.get_project(window.ws, row.id).status == "在建"
    assert editor.binding("status").get() == "在建"
    editor.set_field("note", "测试备注")
    assert editor.save()
    # a quarter locked elsewhere (the main window's 报告期 dialog) turns read-only as soon as it is announced
    period_service.lock(window.ws, "2025Q1")
    window.bus.announce(Changes(periods=True))
    assert tab.locked and not tab.save_button.isEnabled() and tab.lock_banner.isVisibleTo(tab)
    assert tab.fields["invested"].isReadOnly()


def test_issues_add_validate_close(window, qtbot):
    row, editor = _editor(window)
    editor.tabs.setCurrentWidget(tab := _tab(editor, "问题协调"))
    assert tab.model.rowCount() == 0
    click(qtbot, tab.new_button)
    type_text(qtbot, tab.description, "用地指标需协调")
    replace_text(qtbot, tab.raised, "2025-03-01")
    replace_text(qtbot, tab.deadline, "2025-02-01")
    click(qtbot, tab.save_button)
    assert "不能早于" in tab.errors["deadline"].text()
    replace_text(qtbot, tab.deadline, "2025-04-01")
    click(qtbot, tab.save_button)
    assert tab.model.rowCount() == 1 and tab.current().state == "逾期未办结"
    assert tab.current().raised_date == dt.date(2025, 3, 1)
    assert tab.close_current("已协调解决")
    assert tab.current().state == "已办结"
    assert not tab.close_button.isEnabled()


def test_timeline_shows_filtered_projects_and_opens_project(window, qtbot):
    row, editor = _editor(window)
    _tab(editor, "里程碑").apply_template()
    assert editor.close()
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=30000)
    timeline = window.timeline
    window.tabs.setCurrentIndex(window.tab_index("timeline"))
    qtbot.waitUntil(lambda: not timeline.is_loading() and bool(timeline.canvas.rows), timeout=30000)
    assert [r.id for r, _ms in timeline.canvas.rows] == [row.id]
    width_quarter = timeline.canvas.width()
    timeline.scale.setCurrentIndex(1)  # by year
    assert timeline.canvas.width() < width_quarter
    # shares the portfolio's filters
    window.portfolio.apply_group_filter("county", "灵丘县")
    assert timeline.canvas.rows == []
    window.portfolio.filters.clear()
    assert len(timeline.canvas.rows) == 1
    with qtbot.waitSignal(timeline.openProject, timeout=3000) as blocker:
        y = timeline.canvas.row_top(0) + timeline.canvas.row_height() // 2
        qtbot.mouseDClick(
            timeline.canvas,
            Qt.MouseButton.LeftButton,
            pos=timeline.canvas.rect().topLeft()
            + type(timeline.canvas.rect().topLeft())(timeline.canvas.label_width() + 50, y),
        )
    assert blocker.args == [row.id]


def test_indicators_view_and_value_entry(window, qtbot):
    from app.ui.indicators_view import IndicatorValueDialog

    view = window.indicators
    window.tabs.setCurrentIndex(window.tab_index("indicators"))
    assert view.model.rowCount() == 30
    first = view.model.item_at(0)
    dialog = IndicatorValueDialog(window.ws, first, view)
    dialog.year.setValue(2023)
    dialog.value.setText("abc")
    assert not dialog.save() and dialog.error.isVisibleTo(dialog)
    dialog.value.setText("90")
    assert dialog.save()
    view.reload()
    assert view.model.item_at(0).latest_year == 2023


def test_english_translation_loads(qt_app):
    from app.ui.app_setup import install_translators

    try:
        loaded = install_translators(qt_app, "en")
        assert loaded and loaded[0].endswith("app_en.qm")
        assert QCoreApplication.translate("MainWindow", "项目总览") == "Portfolio"
        assert QCoreApplication.translate("PortfolioView", "全部 %n 个项目", "", 2) == "All 2 projects"
    finally:
        zh = install_translators(qt_app, "zh_CN")
    assert QCoreApplication.translate("MainWindow", "项目总览") == "项目总览"
    assert zh and zh[0].endswith("qtbase_zh_CN.qm")


def test_timeline_shows_a_search_typed_while_it_was_hidden(window, qtbot):
    """The timeline reads the portfolio's rows when it is shown, not on every keystroke while hidden: a search
    typed in 项目总览 is what the timeline lists when the officer then opens it."""
    rows = project_service.load_portfolio(window.ws)
    target = next(r for r in rows if "御河" in r.name)
    for row in rows[:3] + [target]:
        tracking = ts.project_tracking(window.ws, row.id)
        if not tracking.milestones:
            ts.apply_milestone_template(window.ws, row.id)
    window.bus.changed.emit(Changes.everything())
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=30000)

    window.tabs.setCurrentIndex(window.tab_index("portfolio"))
    window.portfolio.search.setFocus()
    type_text(qtbot, window.portfolio.search, "御河")
    qtbot.waitUntil(lambda: 0 < len(window.portfolio.model.visible_rows()) < len(rows), timeout=5000)
    expected = {r.id for r in window.portfolio.model.visible_rows()}
    assert target.id in expected

    timeline = window.timeline
    window.tabs.setCurrentIndex(window.tab_index("timeline"))
    qtbot.waitUntil(lambda: not timeline.is_loading() and bool(timeline.canvas.rows), timeout=30000)
    shown = {r.id for r, _ms in timeline.canvas.rows}
    assert target.id in shown and shown <= expected
    assert f"筛选结果 {len(expected)} 个" in timeline.info.text()
