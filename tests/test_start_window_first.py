"""The program paints its main window before it opens the database, and that window is the one the officer uses.

`python -m app --db FILE` (app.__main__.main, here in this process, offscreen): the window first shows its
opening state (正在打开数据库…, only the entries that need no database usable), then the portfolio of the file
in the same window. Opening errors still ask or say what they did before.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.ui.settings import AppSettings

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def launcher(monkeypatch, qapp):
    """app.__main__.main as the desktop shortcut runs it, in this process (the session's excepthook kept)."""
    import app.__main__ as entry

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    AppSettings().set("welcome_shown", True)  # the first-run welcome has its own tests
    return entry.main


@dataclass
class Seen:
    """What the main window showed at a moment of the start."""

    window_id: int
    title: str
    central: str  # the central widget's object name
    central_text: str
    status: str  # the status bar's database label
    enabled: dict[str, bool] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)  # the 编号 column of the portfolio table, top to bottom


ENTRIES = ("quit_action", "open_db_action", "settings_action", "export_action", "report_action", "refresh_action")


def _seen(window) -> Seen:
    central = window.centralWidget()
    codes: list[str] = []
    if window.ready:
        table = window.portfolio.table
        model = table.model()
        code_column = next(
            c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "编号"
        )
        codes = [model.index(row, code_column).data() for row in range(model.rowCount())]
    return Seen(
        window_id=id(window),
        title=window.windowTitle(),
        central=central.objectName(),
        central_text=getattr(central, "text", str)(),
        status=window.db_label.text(),
        enabled={name: getattr(window, name).isEnabled() for name in ENTRIES},
        codes=codes,
    )


class StartWatcher(QObject):
    """While the program starts: note what its main window shows when it is first painted, then (once the
    portfolio has loaded) what it shows when ready, and quit it with 文件 → 退出. A window that never gets ready
    ends the program too (`gave_up`), so a broken start fails instead of hanging."""

    TIMEOUT_S = 120

    def __init__(self) -> None:
        super().__init__()
        self.started = time.monotonic()
        self.gave_up = False
        self.first_paint: Seen | None = None
        self.ready: Seen | None = None
        QApplication.instance().installEventFilter(self)
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def eventFilter(self, watched, event):
        from app.ui.main_window import MainWindow

        if self.first_paint is None and event.type() == QEvent.Type.Paint and isinstance(watched, MainWindow):
            self.first_paint = _seen(watched)
        return False

    def _look(self) -> None:
        from app.ui.main_window import MainWindow

        if time.monotonic() - self.started > self.TIMEOUT_S:
            self.gave_up = True
            self._stop()
            QTimer.singleShot(0, QApplication.quit)
            return
        window = next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)
        if window is None or window.is_loading() or QApplication.activeModalWidget() is not None:
            return
        self.ready = _seen(window)
        self._stop()
        window.quit_action.trigger()
        QTimer.singleShot(0, QApplication.quit)  # the program's own event loop ends with its window

    def _stop(self) -> None:
        self.timer.stop()
        QApplication.instance().removeEventFilter(self)


def _codes_in(db: Path) -> set[str]:
    with closing(sqlite3.connect(db)) as connection:
        return {code for (code,) in connection.execute("SELECT code FROM projects")}


def test_the_window_paints_opening_then_shows_the_portfolio_in_the_same_window(launcher, db_path):
    watcher = StartWatcher()
    assert launcher(["--db", str(db_path)]) == 0
    assert not watcher.gave_up, "the main window never got ready"

    opening = watcher.first_paint
    assert opening is not None, "the main window was never painted"
    assert opening.central == "openingPlaceholder" and opening.central_text == "正在打开数据库…"
    assert opening.status == "正在打开数据库…"
    assert opening.title == "大同市生态保护重点项目管理"  # the office is read from the database, not open yet
    assert opening.enabled == {
        "quit_action": True,  # 退出 works at once
        "open_db_action": False,
        "settings_action": False,
        "export_action": False,
        "report_action": False,
        "refresh_action": False,
    }
    assert opening.codes == []

    ready = watcher.ready
    assert ready is not None
    assert ready.window_id == opening.window_id  # the window painted first is the one the officer uses
    assert ready.central != "openingPlaceholder"
    assert ready.status == f"数据库：{db_path}"
    assert ready.title.startswith("大同市生态保护重点项目管理 — ")
    assert all(ready.enabled.values()), ready.enabled
    assert len(ready.codes) == 68
    assert set(ready.codes) == _codes_in(db_path)


def test_a_missing_db_file_still_asks_before_anything_is_created(launcher, modal, tmp_path):
    missing = tmp_path / "移动硬盘" / "portfolio.sqlite3"
    missing.parent.mkdir()
    watcher = StartWatcher()
    modal.expect("退出")
    try:
        assert launcher(["--db", str(missing)]) == 1
    finally:
        watcher._stop()
    assert modal.texts and modal.texts[0].startswith(f"数据库文件不存在：{missing}")
    assert "要在这里新建一个数据库" in modal.texts[0]
    assert list(missing.parent.iterdir()) == []  # nothing created, not even an empty file
    assert watcher.first_paint is not None and watcher.first_paint.central == "openingPlaceholder"
    assert watcher.ready is None
    from app.ui.main_window import MainWindow

    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_a_missing_db_file_the_person_creates_opens_in_the_painted_window(launcher, modal, tmp_path):
    target = tmp_path / "新库" / "portfolio.sqlite3"
    target.parent.mkdir()
    watcher = StartWatcher()
    modal.expect("新建")
    assert launcher(["--db", str(target)]) == 0
    assert not watcher.gave_up, "the main window never got ready"
    assert modal.texts and modal.texts[0].startswith(f"数据库文件不存在：{target}")
    assert watcher.first_paint is not None and watcher.ready is not None
    assert watcher.ready.window_id == watcher.first_paint.window_id
    assert len(watcher.ready.codes) == 68 and set(watcher.ready.codes) == _codes_in(target)


def test_the_main_window_module_does_not_import_the_database_layer():
    """What the window needs to paint first: importing it must not import SQLAlchemy (seconds at a cold start)."""
    code = "import sys, app.ui.main_window; print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == "[]"


def test_the_first_run_welcome_comes_over_the_built_window(monkeypatch, qapp, db_path):
    """The welcome waits for the views (it leads to them), not only for the first paint of the opening window."""
    import app.__main__ as entry
    from app.ui.main_window import MainWindow
    from app.ui.welcome_dialog import WelcomeDialog

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    AppSettings().set("welcome_shown", False)
    behind: list[bool] = []  # was the main window built when the welcome came?

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, WelcomeDialog):
            behind.append(box.parent().ready)
            box.done(0)
            return
        window = next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)
        if behind and window is not None and not window.is_loading():
            timer.stop()
            window.quit_action.trigger()  # 退出 once the welcome is gone and the portfolio is loaded

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(50)
    give_up = QTimer()  # a welcome that never comes fails below instead of hanging
    give_up.setSingleShot(True)
    give_up.timeout.connect(QApplication.quit)
    give_up.start(120_000)
    try:
        assert entry.main(["--db", str(db_path)]) == 0
    finally:
        timer.stop()
        give_up.stop()
    assert behind == [True]
    assert AppSettings().get("welcome_shown") is True


def test_the_window_answers_while_the_database_is_checked_and_ctrl_q_quits_at_once(launcher, monkeypatch, db_path):
    """The file check, the opening and the start-up backup run off the GUI thread (a 1 GB file takes 2 s to
    check and 18 s to back up): the window keeps answering. Here the check is held until the window is gone: the
    person's Ctrl+Q closes it while the check still runs, and the program then ends without opening anything."""
    import threading

    from PySide6.QtTest import QTest

    from app.core import backups
    from app.ui.main_window import MainWindow

    checking, released, returned = threading.Event(), threading.Event(), threading.Event()
    check_threads: list[threading.Thread] = []
    real_check = backups.quick_check

    def held_check(path):
        check_threads.append(threading.current_thread())
        checking.set()
        released.wait(20)  # (a start that holds the GUI thread here must not hang the suite)
        try:
            return real_check(path)
        finally:
            returned.set()

    monkeypatch.setattr(backups, "quick_check", held_check)
    closed_while_checking: list[bool] = []

    def person() -> None:
        window = next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)
        if window is None or not checking.is_set():
            return
        window.activateWindow()
        QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        if not window.isVisible():
            closed_while_checking.append(not returned.is_set())
            released.set()
            timer.stop()

    timer = QTimer()
    timer.timeout.connect(person)
    timer.start(20)
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(released.set)
    give_up.start(30_000)
    try:
        assert launcher(["--db", str(db_path)]) == 0  # quit by the person: not an error
    finally:
        timer.stop()
        give_up.stop()
        released.set()
    assert closed_while_checking == [True], "the window did not close on Ctrl+Q while the file was being checked"
    assert check_threads and check_threads[0] is not threading.main_thread()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_a_damaged_file_found_by_the_background_check_is_explained_and_quit_leaves_it(
    launcher, modal, workspace, db_path
):
    """The quick_check runs on a worker thread now; its finding still comes to the person as before, over the painted
    window (the file is damaged, restore from a backup), and 退出 leaves the file exactly as it was."""
    workspace.close()
    data = bytearray(db_path.read_bytes())
    for offset in range(4096, len(data), 4096):  # every page after the first: a file SQLite reports as damaged
        data[offset : offset + 64] = b"\xff" * 64
    db_path.write_bytes(bytes(data))
    damaged = db_path.read_bytes()
    watcher = StartWatcher()
    modal.expect("退出")
    try:
        assert launcher(["--db", str(db_path)]) == 1
    finally:
        watcher._stop()
    assert len(modal.texts) == 1 and modal.texts[0].startswith(f"数据库文件“{db_path}”已损坏"), modal.texts
    assert "建议用最近一份完好的备份恢复" in modal.texts[0]
    assert db_path.read_bytes() == damaged
    assert watcher.first_paint is not None and watcher.first_paint.central == "openingPlaceholder"
    assert watcher.ready is None


def test_a_window_that_never_paints_still_loads_its_portfolio(qtbot, qapp, workspace):
    """At start-up the portfolio loads once the views have painted; a window minimised meanwhile never paints, and
    loads anyway after a short wait. Until the rows are in, the window says it is loading."""
    from app.ui.main_window import MainWindow
    from app.ui.settings import UiState

    window = MainWindow(None, AppSettings(), UiState())  # never shown: nothing paints
    qtbot.addWidget(window)
    window.attach(workspace, load_after_paint=True)
    assert window.is_loading()
    assert window.portfolio.table.model().rowCount() == 0
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=30_000)
    assert window.portfolio.table.model().rowCount() == 68
