"""The main window's defects, each driven through the real widgets (offscreen) and checked as a person sees it:
one wiring through the change bus, the window fitting a laptop screen, a filter pane that does not jump under
the mouse, read-only databases, and writes the database refused."""

from __future__ import annotations

import re
import sqlite3
import sys
from contextlib import closing
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics, QScreen
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core import project_service
from app.ui.models import OBJECT_ROLE
from app.ui.settings import AppSettings, UiState


@pytest.fixture
def qt_app(qapp):
    from app.ui.app_setup import install_font, install_translators

    install_font(qapp)
    install_translators(qapp, "zh_CN")
    return qapp


def _wait_for_loads(qtbot):
    """Before pytest-qt closes and deletes a window at the end of a test: let a portfolio load still running
    finish first (a window deleted under it never hears the load end)."""

    def wait(window) -> None:
        qtbot.waitUntil(lambda: not window.is_loading(), timeout=30000)

    return wait


def _open_window(qtbot, ws, ui_state: UiState | None = None):
    """The real main window; pytest-qt closes and deletes it after the test (tests close it no second time)."""
    from app.ui.main_window import MainWindow

    w = MainWindow(ws, AppSettings(), ui_state or UiState(), load=False)
    qtbot.addWidget(w, before_close_func=_wait_for_loads(qtbot))
    w.show()
    qtbot.waitExposed(w)
    with qtbot.waitSignal(w.portfolioLoaded, timeout=30000):
        w.refresh()
    return w


@pytest.fixture
def window(qtbot, workspace, qt_app):
    return _open_window(qtbot, workspace)


def _global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


# ---------------------------------------------------------------------------------------------- wiring


def test_a_view_that_cannot_be_built_is_an_error_not_a_missing_tab(workspace, qtbot, monkeypatch):
    """The tabs after the first are built after the window painted (app/ui/deferred_tabs.py): when one cannot be,
    showing its tab raises the error (the program's excepthook shows it), and so does asking for the view."""
    from app.ui import indicators_view, main_window

    class BrokenView(QWidget):
        def __init__(self, ws, bus, parent=None):
            raise RuntimeError("规划指标页面无法创建")

    monkeypatch.setattr(indicators_view, "IndicatorsView", BrokenView)  # main_window imports it when building it
    window = main_window.MainWindow(workspace, AppSettings(), UiState(), load=False)
    qtbot.addWidget(window)
    assert window.tabs.tabText(window.TAB_INDICATORS) == "规划指标"
    with qtbot.capture_exceptions() as raised:
        bar = window.tabs.tabBar()
        window.show()
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(window.TAB_INDICATORS).center())
    assert [str(e[1]) for e in raised][:1] == ["规划指标页面无法创建"]
    with pytest.raises(RuntimeError, match="规划指标页面无法创建"):
        window.indicators  # noqa: B018 - asking for the view builds it


def test_resolving_a_finding_redraws_every_view_through_the_bus(window, qtbot):
    """The review tab announces its write; the portfolio and the dashboard redraw by themselves."""
    review = window.review
    window.tabs.setCurrentIndex(window.TAB_REVIEW)
    open_before = review.open_count()
    first = review.proxy.index(0, 0)
    item = review.proxy.data(first, OBJECT_ROLE)
    qtbot.mouseClick(review.table.viewport(), Qt.MouseButton.LeftButton, pos=review.table.visualRect(first).center())
    assert review.current_item().id == item.id
    review.note.insertPlainText("已与县区核实")  # typed through an input method (keyClicks is ASCII only)
    announced = []
    window.bus.changed.connect(announced.append)
    with qtbot.waitSignal(window.portfolioLoaded, timeout=30000):
        qtbot.mouseClick(review.resolve_button, Qt.MouseButton.LeftButton)
    assert announced and announced[0].reference
    assert review.open_count() == open_before - 1
    assert f"待核查数据 {open_before - 1} 条" in window.dashboard.card_attention.note.text()
    row = next(r for r in window.portfolio.model.all_rows() if r.id == item.project_id)
    stored = next(r for r in project_service.load_portfolio(window.ws) if r.id == item.project_id)
    assert row.open_flags == stored.open_flags


# ---------------------------------------------------------------------------------------------- screen size


def _assert_fits(window, available: QRect) -> None:
    frame = window.frameGeometry()
    assert available.contains(frame), (frame, available)
    for part in (window.portfolio.totals_label, window.statusBar(), window.db_label):
        assert part.isVisible()
        assert available.contains(_global_rect(part)), (part, _global_rect(part), available)
        assert window.rect().contains(QRect(part.mapTo(window, QPoint(0, 0)), part.size()))


def test_window_fits_the_screen_it_opens_on(window, qtbot):
    available = window.screen().availableGeometry()
    _assert_fits(window, available)
    assert window.width() < available.width() and window.height() < available.height()


def test_window_fits_a_1366x768_laptop(workspace, qt_app, qtbot, monkeypatch):
    laptop = QRect(0, 0, 1366, 728)  # 1366×768 less a 40-pixel task bar
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(laptop))
    w = _open_window(qtbot, workspace)
    assert w.width() <= 1366 and w.height() <= 728 - 40
    assert w.minimumSizeHint().width() <= 1366 and w.minimumSizeHint().height() <= 728 - 40
    assert laptop.contains(w.geometry())
    assert w.portfolio.totals_label.isVisible() and w.statusBar().isVisible()


def test_a_saved_geometry_too_large_for_this_screen_is_not_restored(workspace, qt_app, qtbot):
    big = QWidget()
    qtbot.addWidget(big)
    big.setGeometry(30, 40, 1900, 1150)  # saved on a large office monitor
    state = UiState()
    state.save_geometry("main", big)
    state.sync()
    w = _open_window(qtbot, workspace, UiState())
    _assert_fits(w, w.screen().availableGeometry())


# ---------------------------------------------------------------------------------------------- filter pane


def test_choosing_a_filter_does_not_move_the_check_boxes(window, qtbot):
    panel = window.portfolio.filters
    counties = panel.counties

    def position(key):
        item = counties.item_for(key)
        return counties.viewport().mapTo(window, counties.visualItemRect(item).topLeft())

    before = {key: position(key) for key in ("灵丘县", "广灵县")}
    line_height = window.portfolio.active_filters.height()
    rect = counties.visualItemRect(counties.item_for("灵丘县"))
    qtbot.mouseClick(counties.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert counties.selected() == {"灵丘县"}
    qtbot.waitUntil(lambda: "灵丘县" in window.portfolio.active_filters.toolTip(), timeout=3000)
    assert all(r.county == "灵丘县" for r in window.portfolio.model.visible_rows())
    assert {key: position(key) for key in before} == before  # nothing jumped under the mouse
    assert window.portfolio.active_filters.height() == line_height
    qtbot.mouseClick(counties.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # the same box again
    assert counties.selected() == frozenset()


def test_filter_labels_keep_their_counts_visible(window, qtbot):
    panel = window.portfolio.filters
    window.portfolio.splitter.setSizes([220, window.width() - 220])  # a narrow pane
    qtbot.wait(50)
    lists = (panel.tables, panel.counties, panel.statuses, panel.rags)
    for checklist in lists:
        metrics = QFontMetrics(checklist.font())
        for i in range(checklist.count()):
            item = checklist.item(i)
            rect = checklist.visualItemRect(item)
            assert item.text().endswith(")")  # "附表1 流域生态保护与修复工程 (16)"
            text_width = rect.width() - metrics.horizontalAdvance("中") * 2  # less the check box
            needed = metrics.boundingRect(QRect(0, 0, text_width, 10_000), Qt.TextFlag.TextWordWrap, item.text())
            assert needed.height() <= rect.height() + 1, (item.text(), rect, needed)


# ---------------------------------------------------------------------------------------------- read-only


def test_read_only_database_shows_a_banner_and_disables_writes(read_only_workspace, qt_app, qtbot):
    from app.ui.periods_dialog import PeriodsDialog

    w = _open_window(qtbot, read_only_workspace)
    assert w.read_only_banner.isVisible()
    assert read_only_workspace.read_only_reason in w.read_only_banner.text()
    assert "不能修改" in w.read_only_banner.text()
    assert not w.import_action.isEnabled()
    assert w.export_action.isEnabled() and w.report_action.isEnabled()  # reading still works
    w.tabs.setCurrentIndex(w.TAB_REVIEW)
    w.review.table.setCurrentIndex(w.review.proxy.index(0, 0))
    assert not w.review.resolve_button.isEnabled()
    dialog = PeriodsDialog(w.ws, w.bus, w)
    qtbot.addWidget(dialog)
    assert not any(b.isEnabled() for b in (dialog.submit_button, dialog.lock_button, dialog.reopen_button))
    assert read_only_workspace.read_only_reason in dialog.error.text()


def test_a_refused_write_is_one_sentence_not_a_program_error(read_only_workspace, qt_app, monkeypatch):
    import app.__main__ as entry

    flag = project_service.review_queue(read_only_workspace, "open")[0]
    try:
        project_service.set_flag_state(read_only_workspace, flag.id, resolved=True, note="核实")
    except Exception as exc:  # the real error a write raises on this database, whatever its class
        refused = exc
    else:
        pytest.fail("a write to a read-only database succeeded")
    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda self: shown.append((self.windowTitle(), self.text(), self.detailedText())) or 0
    )
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    entry.install_excepthook()
    sys.excepthook(type(refused), refused, refused.__traceback__)
    assert len(shown) == 1
    title, text, details = shown[0]
    assert title == "未保存" and "只读" in text
    assert "程序错误" not in title and "Traceback" not in text and not details
    assert "SQL" not in text and " / " not in text and "\n" not in text.strip()


# ---------------------------------------------------------------------------------------------- a second writer


@pytest.fixture
def impatient_workspace(db_path, monkeypatch):
    """The test's database, waiting a third of a second (not ten) for another program's write lock."""
    from app.core.workspace import open_workspace
    from app.db import engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)
    ws = open_workspace(db_path)
    yield ws
    ws.close()


def _audit_entries(db_path) -> int:
    with closing(sqlite3.connect(db_path)) as con:
        return con.execute("SELECT count(*) FROM audit_entries").fetchone()[0]


def test_a_save_while_another_program_writes_is_one_sentence(impatient_workspace, db_path, qt_app, qtbot, modal):
    from tests.fixtures.gui_support import click, double_click_project, replace_text

    window = _open_window(qtbot, impatient_workspace)
    row, editor = double_click_project(qtbot, window, "附表1-03")
    box = editor.widget_for("investment_total")
    replace_text(qtbot, box, "12.5")
    audit_before = _audit_entries(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)  # another program, holding the write lock
    try:
        other.execute("BEGIN IMMEDIATE")
        modal.expect("确定")
        qtbot.keyClick(box, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: bool(modal.texts), timeout=10000)
    finally:
        other.rollback()
        other.close()
    text = modal.texts[0]
    assert text.startswith("另一个程序正在写入") and "请稍后再试" in text
    assert "程序错误" not in text and " / " not in text and "\n" not in text
    assert not re.search("[A-Za-z]", text)  # no SQL, no "database is locked", no English half
    # nothing half-written: neither the value nor its audit entry; the typed value is still there to save again
    assert project_service.get_project(window.ws, row.id).investment_total == row.investment_total
    assert _audit_entries(db_path) == audit_before
    assert editor.isVisible() and editor.is_dirty() and box.text() == "12.5"
    click(qtbot, editor.save_button)  # the other program is done: saving again works
    assert project_service.get_project(window.ws, row.id).investment_total == Decimal("12.5")
    assert not editor.is_dirty()
