"""Which database file the desktop program opens, and when it creates one, seen as a person sees it.

A database is created only on the first start (the default database), for a file the person names as new
(文件 → 新建数据库…, or a missing --db file after confirming), and the window then says where the new file
is. A recent or chosen file that is gone is a clear Chinese error: nothing is created in its place.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from app.paths import default_db_path
from app.ui.settings import AppSettings
from tests.fixtures.gui_support import ModalGuard, running_main_window

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def qt_app(qapp):
    from app.ui.app_setup import install_font, install_translators

    install_font(qapp)
    install_translators(qapp, "zh_CN")
    return qapp


@pytest.fixture
def window(qtbot, workspace, qt_app):
    yield from running_main_window(qtbot, workspace, qt_app)


@pytest.fixture
def launcher(monkeypatch, qt_app):
    """app.__main__.main as the desktop shortcut runs it, in this process (the session's excepthook kept)."""
    import app.__main__ as entry

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    return entry.main


def _main_window():
    from app.ui.main_window import MainWindow

    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)


class WindowWatcher:
    """While the program runs its event loop (app.exec()): once the main window shows, note what the notice
    says, click 知道了, then 文件 → 退出, which ends the program. A window that never comes ends the program
    too (`gave_up`), so a broken start fails the test instead of hanging it."""

    TIMEOUT_S = 120

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.started = time.monotonic()
        self.gave_up = False
        self.notice_text: str | None = None
        self.notice_hidden_after_click = False
        self.database = ""
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        if time.monotonic() - self.started > self.TIMEOUT_S:
            self.timer.stop()
            self.gave_up = True
            modal = QApplication.activeModalWidget()
            if modal is not None:
                modal.close()
            QTimer.singleShot(0, QApplication.quit)
            return
        window = _main_window()
        if window is None or window.is_loading() or QApplication.activeModalWidget() is not None:
            return
        self.timer.stop()
        self.database = window.db_label.text()
        if window.created_notice.isVisible():
            self.notice_text = window.created_notice_text.text()
            self.qtbot.mouseClick(window.created_notice_button, LEFT)
            self.notice_hidden_after_click = not window.created_notice.isVisible()
        window.quit_action.trigger()
        QTimer.singleShot(0, QApplication.quit)  # the program's own event loop ends with its window


def test_first_start_creates_the_default_database_and_says_where(launcher, qtbot):
    AppSettings().set("welcome_shown", True)  # the welcome has its own tests; this one is about the notice
    target = default_db_path()
    assert not target.exists()
    watcher = WindowWatcher(qtbot)
    assert launcher([]) == 0
    assert not watcher.gave_up, "the main window never showed"
    assert target.is_file()
    assert watcher.notice_text is not None, "no notice that a database was created"
    assert f"已新建数据库：{target}" in watcher.notice_text
    assert "已导入规划附表中的 68 个重点项目" in watcher.notice_text
    assert watcher.notice_hidden_after_click
    assert str(target) in watcher.database


def test_a_missing_db_file_is_created_only_when_the_person_says_so(launcher, qtbot, tmp_path, modal):
    missing = tmp_path / "移动硬盘" / "portfolio.sqlite3"
    missing.parent.mkdir()
    modal.expect("退出")
    assert launcher(["--db", str(missing)]) == 1
    assert modal.texts and modal.texts[0].startswith(f"数据库文件不存在：{missing}")
    assert "要在这里新建一个数据库" in modal.texts[0]
    assert list(missing.parent.iterdir()) == []  # nothing created, not even an empty file


def test_an_existing_db_file_opens_without_a_question_or_notice(launcher, qtbot, db_path):
    AppSettings().set("welcome_shown", True)
    guard = ModalGuard(qtbot)  # any question box would be an unexpected modal here
    watcher = WindowWatcher(qtbot)
    try:
        assert launcher(["--db", str(db_path)]) == 0
    finally:
        guard.stop()
    assert not guard.unexpected, guard.unexpected
    assert not watcher.gave_up, "the main window never showed"
    assert watcher.database and watcher.notice_text is None


def _click_recent(qtbot, window, path: str) -> None:
    """文件 → 最近打开 → the entry, with the mouse on the real menu."""
    menu = window.recent_menu
    menu.popup(window.mapToGlobal(QPoint(40, 40)))  # shows (and fills) the submenu as hovering 最近打开 does
    qtbot.waitUntil(menu.isVisible, timeout=3000)
    action = next(a for a in menu.actions() if a.text() == path)
    qtbot.mouseClick(menu, LEFT, pos=menu.actionGeometry(action).center())


def test_a_recent_database_that_was_deleted_is_an_error_not_a_new_database(window, qtbot, modal, db_path, tmp_path):
    from tests.conftest import copy_database

    gone = tmp_path / "上季度.sqlite3"
    copy_database(db_path, gone)
    window.settings.remember_database(str(gone))
    gone.unlink()  # deleted (or moved) since it was last opened
    label_before = window.db_label.text()
    modal.expect("确定")
    _click_recent(qtbot, window, str(gone))
    qtbot.waitUntil(lambda: bool(modal.texts), timeout=30000)
    text = modal.texts[0]
    assert text.startswith(f"数据库文件不存在：{gone}")
    assert "程序没有新建任何文件" in text and "文件 → 新建数据库" in text
    assert "init" not in text and " / " not in text  # the GUI's sentence, not the CLI's bilingual hint
    assert not gone.exists() and not Path(f"{gone}-wal").exists()
    assert window.ws.db.sqlite_path == db_path.resolve()  # still working in the database it had open
    assert window.db_label.text() == label_before and not window.created_notice.isVisible()


def test_new_database_from_the_file_menu_is_created_with_a_notice(window, qtbot, modal, monkeypatch, tmp_path):
    chosen: list[Path] = []
    monkeypatch.setattr(  # the system's save dialog: the person types the new file's name
        QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(chosen[-1]), ""))
    )
    # An existing database is never replaced by a new one.
    chosen.append(window.ws.db.sqlite_path)
    modal.expect("确定")
    window.new_db_action.trigger()
    assert modal.texts and modal.texts[0].startswith(f"文件已存在：{chosen[0]}")
    assert window.ws.db.sqlite_path == chosen[0] and not window.created_notice.isVisible()

    new = tmp_path / "2026 年 新库.sqlite3"
    chosen.append(new)
    window.new_db_action.trigger()
    qtbot.waitUntil(lambda: window.ws.db.sqlite_path == new.resolve(), timeout=60000)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=30000)
    assert new.is_file()
    assert window.created_notice.isVisible()
    text = window.created_notice_text.text()
    assert f"已新建数据库：{new.resolve()}" in text and "68 个重点项目" in text
    assert len(window.portfolio.model.all_rows()) == 68  # seeded, and shown
    qtbot.mouseClick(window.created_notice_button, LEFT)
    assert not window.created_notice.isVisible()
