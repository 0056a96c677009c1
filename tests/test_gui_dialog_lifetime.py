"""A dialog opened from the main window's menus, and a right-click menu, is deleted once the officer closes it.

A dialog made with a parent stays that parent's hidden child after it closes, until the parent is deleted: each
导出到 Excel…, 从 Excel 导入…, 季度报送与锁定… opened and closed again kept its whole window for the rest of the
session (3-4 MB for the export and the import). window_release.run_modal deletes it after exec()."""

from __future__ import annotations

import gc
import weakref

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QCalendarWidget, QDialog, QMenu, QTableView, QWidget

from tests.fixtures.gui_support import act_in_modal, running_main_window


@pytest.fixture
def window(qtbot, workspace, qapp):
    """The main window, without the guard that closes any modal dialog it did not expect: these tests open them."""
    yield from running_main_window(qtbot, workspace, qapp)


def _menu_dialogs(window):
    from app.ui.audit_view import AuditView
    from app.ui.backups_dialog import BackupsDialog
    from app.ui.conflicts_dialog import ConflictsDialog
    from app.ui.export_dialog import ExportDialog
    from app.ui.import_wizard import ImportWizard
    from app.ui.package_dialogs import PackageExportDialog, PackageImportDialog
    from app.ui.periods_dialog import PeriodsDialog
    from app.ui.report_dialog import ReportDialog
    from app.ui.settings_dialog import SettingsDialog
    from app.ui.submissions_dialog import SubmissionsDialog

    return [
        (window.report_action, ReportDialog),
        (window.export_action, ExportDialog),
        (window.import_action, ImportWizard),
        (window.periods_action, PeriodsDialog),
        (window.audit_action, AuditView),
        (window.submissions_action, SubmissionsDialog),
        (window.package_export_action, PackageExportDialog),
        (window.package_import_action, PackageImportDialog),
        (window.conflicts_action, ConflictsDialog),
        (window.backups_action, BackupsDialog),
        (window.settings_action, SettingsDialog),
    ]


def _our_dialogs(window) -> list[QDialog]:
    return [d for d in window.findChildren(QDialog) if type(d).__module__.startswith("app.")]


@pytest.mark.parametrize("index", range(11))
def test_a_dialog_closed_with_esc_is_deleted(qtbot, window, index):
    action, kind = _menu_dialogs(window)[index]
    assert action.isEnabled(), action.text()
    refs: list[weakref.ref] = []
    destroyed: list[str] = []

    def close_with_esc(dialog: QDialog) -> None:
        dialog.destroyed.connect(lambda *_: destroyed.append(kind.__name__))
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    for _ in range(2):  # opened twice: neither stays
        seen = act_in_modal(qtbot, kind, close_with_esc)
        action.trigger()
        assert len(seen) == 1 and not seen[0].isVisible(), kind.__name__  # the person saw it, and it closed
        refs.append(weakref.ref(seen.pop()))
    # Deleted (waited for before asking the window for its children: PySide 6.11 keeps the wrapper of a dialog
    # that exec() ran and deleteLater() was asked for, when findChildren() lists it before the deletion).
    qtbot.waitUntil(lambda: len(destroyed) == 2, timeout=5000)
    assert not [d for d in _our_dialogs(window) if isinstance(d, kind)]
    qtbot.waitUntil(lambda: gc.collect() >= 0 and all(ref() is None for ref in refs), timeout=5000)
    assert window.isVisible()


def _close_next_menu(qtbot, shown: list[list[str]], destroyed: list[int], key=Qt.Key.Key_Escape) -> None:
    """When the popup menu about to open is on screen: note its entries, then press `key` in it."""

    def look() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu) or not menu.isVisible():
            QTimer.singleShot(20, look)
            return
        shown.append([a.text() for a in menu.actions() if not a.isSeparator()])
        menu.destroyed.connect(lambda *_: destroyed.append(1))
        qtbot.keyClick(menu, key)

    QTimer.singleShot(20, look)


def test_right_click_menus_of_the_portfolio_are_deleted_once_closed(qtbot, window):
    view = window.portfolio
    table = view.table
    rect = table.visualRect(view.model.index(0, view.model.NAME))
    shown: list[list[str]] = []
    destroyed: list[int] = []
    for _ in range(2):
        _close_next_menu(qtbot, shown, destroyed)
        # A right-click: what the platform sends for it (QTest's clicks reach the widget without the window
        # system, which is what turns a right button into this event).
        point = rect.center()
        QApplication.sendEvent(
            table.viewport(),
            QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, table.viewport().mapToGlobal(point)),
        )
    _close_next_menu(qtbot, shown, destroyed)
    qtbot.mouseClick(view.columns_button, Qt.MouseButton.LeftButton)  # 显示列…
    assert [entries[0] for entries in shown] == ["打开项目", "打开项目", "编号"], shown
    assert "恢复默认列" in shown[-1]
    qtbot.waitUntil(lambda: len(destroyed) == 3, timeout=5000)
    assert not view.findChildren(QMenu)
    assert not window.open_editors()  # Esc chose nothing


def test_the_calendar_of_a_date_box_is_deleted_once_a_day_is_picked(qtbot):
    from app.ui.widgets import DateEdit

    holder = QWidget()
    qtbot.addWidget(holder)
    box = DateEdit(holder)
    holder.show()
    qtbot.waitExposed(holder)
    destroyed: list[int] = []
    for _ in range(2):
        qtbot.mouseClick(box.pick_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5000)
        menu = QApplication.activePopupWidget()
        menu.destroyed.connect(lambda *_: destroyed.append(1))
        days = menu.findChild(QCalendarWidget).findChild(QTableView, "qt_calendar_calendarview")
        qtbot.keyClick(days, Qt.Key.Key_Return)  # today, chosen with the keyboard
        del menu, days
        assert box.problem() is None and box.text()  # the day picked is in the box
    qtbot.waitUntil(lambda: len(destroyed) == 2, timeout=5000)
    assert not box.findChildren(QMenu)
