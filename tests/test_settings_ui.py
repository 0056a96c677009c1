"""设置 dialog, the first-run welcome and the 帮助 menu, driven as a person drives them: keys and clicks, then
what is visible and what was stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app import __version__
from app.core import project_service, settings_service
from app.db.models import ReviewFlag
from app.ui import welcome_dialog
from app.ui.change_bus import ChangeBus
from app.ui.settings import AppSettings
from app.ui.settings_dialog import SettingsDialog
from app.ui.welcome_dialog import WelcomeDialog
from tests.fixtures.gui_support import replace_text, running_main_window

UNIT = "大同市规划和自然资源局"


@pytest.fixture
def bus(qapp):
    return ChangeBus()


@pytest.fixture
def dialog(qtbot, workspace, bus):
    d = SettingsDialog(workspace, bus, settings=AppSettings())
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


@pytest.fixture
def window(qtbot, workspace, qapp):
    yield from running_main_window(qtbot, workspace, qapp)


class OpenedUrls(QObject):
    """Stands in for the file manager: records what QDesktopServices was asked to open."""

    def __init__(self):
        super().__init__()
        self.paths: list[str] = []

    @Slot("QUrl")
    def open(self, url):
        self.paths.append(url.toLocalFile())


@pytest.fixture
def opened_urls(qapp):
    handler = OpenedUrls()
    QDesktopServices.setUrlHandler("file", handler, "open")
    yield handler.paths
    QDesktopServices.unsetUrlHandler("file")


def choose_office(qtbot, dialog, name: str) -> None:
    """Arrow keys in the drop-down, as with the keyboard (Chinese names cannot be typed with QTest)."""
    combo = dialog.office_combo
    combo.setFocus()
    for _ in range(combo.findData(name) - combo.currentIndex()):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == name


# ---------------------------------------------------------------------------------------------- 设置


def test_settings_dialog_saves_both_kinds_of_settings(qtbot, dialog, workspace, bus, tmp_path):
    choose_office(qtbot, dialog, "灵丘县")
    replace_text(qtbot, dialog.text_edits["unit"], UNIT)
    replace_text(qtbot, dialog.text_edits["reviewer"], "张三")
    replace_text(qtbot, dialog.name_edit, "王五")
    replace_text(qtbot, dialog.folder_edit, str(tmp_path))
    with qtbot.waitSignal(bus.changed) as announced:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert announced.args[0].reference
    stored = settings_service.load_settings(workspace)
    assert (stored.office, stored.unit, stored.reviewer, stored.approver) == ("灵丘县", UNIT, "张三", None)
    personal = AppSettings()  # read back from the file, as the next start will
    assert personal.get("display_name") == "王五"
    assert personal.export_folder() == tmp_path
    assert workspace.user == "王五"  # this session's edits are now recorded under the chosen name


def test_dialog_shows_what_is_stored(qtbot, workspace, bus):
    settings_service.save_settings(workspace, {"office": "市级", "unit": UNIT, "approver": "赵六"})
    d = SettingsDialog(workspace, bus, settings=AppSettings())
    qtbot.addWidget(d)
    assert d.office_combo.currentText() == "市级（大同市）"
    assert d.text_edits["unit"].text() == UNIT
    assert d.text_edits["approver"].text() == "赵六"
    assert d.text_edits["preparer"].text() == ""


def test_a_missing_export_folder_keeps_the_dialog_open(qtbot, dialog, workspace, tmp_path):
    replace_text(qtbot, dialog.text_edits["unit"], UNIT)
    replace_text(qtbot, dialog.folder_edit, str(tmp_path / "不存在的 文件夹"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.message.text().startswith("默认导出文件夹不存在")
    assert settings_service.load_settings(workspace).unit is None  # nothing saved


def test_a_too_long_unit_is_explained_and_nothing_saved(qtbot, dialog, workspace):
    replace_text(qtbot, dialog.text_edits["unit"], "单" * 130)
    replace_text(qtbot, dialog.text_edits["reviewer"], "张三")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.message.text() == "编制单位：不能超过 120 个字"
    assert settings_service.load_settings(workspace).reviewer is None


def test_esc_discards_the_changes(qtbot, dialog, workspace):
    replace_text(qtbot, dialog.text_edits["unit"], UNIT)
    replace_text(qtbot, dialog.name_edit, "王五")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert settings_service.load_settings(workspace).unit is None
    assert AppSettings().get("display_name") == ""


# ---------------------------------------------------------------------------------------------- welcome


def open_findings(workspace) -> int:
    with workspace.session() as s:
        return s.scalar(select(func.count()).select_from(ReviewFlag).where(ReviewFlag.state == "open"))


def test_welcome_counts_what_was_loaded(qtbot, workspace, bus):
    before = open_findings(workspace)
    flag = project_service.review_queue(workspace, "open")[0]
    project_service.set_flag_state(workspace, flag.id, resolved=True, note="已核对原文")
    d = WelcomeDialog(workspace, bus)
    qtbot.addWidget(d)
    d.show()
    text = d.text.text()
    assert "<b>68</b> 个重点项目" in text and "<b>30</b> 项规划指标" in text
    assert f"<b>{before - 1}</b> 处数据需要人工核查" in text  # counted now, one fewer after resolving one
    assert str(workspace.db.sqlite_path) in text
    assert "backups" in text and "先做三件事" in text
    qtbot.mouseClick(d.review_button, Qt.MouseButton.LeftButton)
    assert not d.isVisible() and d.choice == welcome_dialog.CHOICE_REVIEW


def _in_modal(action) -> None:
    """Run `action(dialog)` on the modal dialog that is about to open (exec runs its own event loop)."""

    def look():
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, look)
            return
        action(modal)

    QTimer.singleShot(20, look)


def _click_in_modal(qtbot, button_name: str) -> list[str]:
    """Click a button of the modal dialog that is about to open; returns the titles seen."""
    seen: list[str] = []

    def click(modal):
        seen.append(modal.windowTitle())
        qtbot.mouseClick(getattr(modal, button_name), Qt.MouseButton.LeftButton)

    _in_modal(click)
    return seen


def test_welcome_from_the_main_window_leads_to_the_current_quarter(qtbot, window):
    assert not window.settings.get("welcome_shown")
    seen = _click_in_modal(qtbot, "quarter_button")
    window.show_welcome()
    assert seen == ["欢迎使用"]
    assert window.settings.get("welcome_shown")  # shown once
    assert window.tabs.currentIndex() == window.TAB_PORTFOLIO
    assert window.portfolio.selected_period() == welcome_dialog.current_quarter()


def test_welcome_counts_off_the_gui_thread_and_shows_the_counts(qtbot, window, monkeypatch):
    import threading

    from app.core import database_overview as overview_module

    counted_on: list[threading.Thread] = []
    real_overview = overview_module.database_overview

    def overview_noting_the_thread(ws):
        counted_on.append(threading.current_thread())
        return real_overview(ws)

    monkeypatch.setattr(overview_module, "database_overview", overview_noting_the_thread)
    shown: list[str] = []

    def read_and_close(modal):
        shown.append(modal.text.text())
        qtbot.mouseClick(modal.close_button, Qt.MouseButton.LeftButton)

    _in_modal(read_and_close)
    window.show_welcome()
    assert len(counted_on) == 1 and counted_on[0] is not threading.main_thread()  # the window answered meanwhile
    assert shown and "<b>68</b> 个重点项目" in shown[0]


# ---------------------------------------------------------------------------------------------- 帮助


def test_f1_opens_the_bundled_guide(qtbot, window):
    window.activateWindow()  # what a window manager does for the window in front
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window and QApplication.focusWidget() is not None)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F1)
    guide = window.help.guide
    assert guide is not None and guide.isVisible()
    text = guide.browser.toPlainText()
    assert "使用说明" in text and "打印预览" in text and "双面打印" in text
    assert guide.browser.source().isLocalFile()  # offline: the file in the program folder
    qtbot.keyClick(guide, Qt.Key.Key_Escape)
    assert not guide.isVisible()


def test_help_menu_opens_data_and_log_folders(window, opened_urls, workspace):
    window.help.data_action.trigger()
    window.help.log_action.trigger()
    assert opened_urls[0] == str(workspace.db.sqlite_path.parent)
    assert Path(opened_urls[1]).name == "logs" and Path(opened_urls[1]).is_dir()


def test_about_names_version_and_folders(window, workspace):
    text = window.help.about_text()
    assert __version__ in text
    assert str(workspace.db.sqlite_path.parent) in text and "logs" in text


def test_guide_lists_every_shortcut():
    from app.ui.help_menu import SHORTCUTS, guide_path

    guide = guide_path().read_text(encoding="utf-8")
    for keys, meaning in SHORTCUTS:
        assert f"<td>{keys}</td><td>{meaning}</td>" in guide
