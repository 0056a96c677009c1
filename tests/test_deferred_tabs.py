"""The main window's tabs after the first are built after the window has painted, one per turn of the event loop
(app/ui/deferred_tabs.py): the window answers between them, and nobody ever finds a page empty."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget

from app.ui.deferred_tabs import DeferredTabs
from app.ui.settings import AppSettings


def _tabs(qtbot, built: list[str]):
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    pages = DeferredTabs(tabs)
    pages.add("first", "第一页", QLabel("第一页的内容"))

    def builder(key: str):
        def build() -> QLabel:
            built.append(key)
            return QLabel(f"{key} 的内容")

        return build

    for key in ("second", "third", "fourth"):
        pages.add_deferred(key, key, builder(key))
    return tabs, pages


def test_a_page_clicked_before_its_turn_shows_its_view_at_once(qtbot):
    built: list[str] = []
    tabs, pages = _tabs(qtbot, built)
    tabs.show()
    qtbot.waitExposed(tabs)
    assert built == [] and pages.pending() == ["second", "third", "fourth"]
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())
    assert built == ["third"]
    view = pages.built("third")
    assert view is not None and view.isVisible() and view.text() == "third 的内容"


def test_the_rest_is_built_one_view_per_turn_then_the_follow_up_runs(qtbot):
    built: list[str] = []
    tabs, pages = _tabs(qtbot, built)
    done: list[list[str]] = []
    pages.build_rest(then=lambda: done.append(list(built)))
    assert built == []  # nothing in the caller's turn
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert done == [["second", "third", "fourth"]] and pages.pending() == []


def test_the_started_window_builds_its_other_tabs_after_painting_and_loads(qtbot, db_path, monkeypatch):
    """The real start (app.__main__.main): the portfolio's tab first; the other four are built after the window
    has painted, without anybody asking, and the portfolio loads after them. Worker threads hand the interpreter
    over within 1 ms (app.ui.tasks.favour_the_gui_thread)."""
    import sys

    from app import __main__ as entry
    from app.ui import main_window

    AppSettings().set("welcome_shown", True)
    seen: list[main_window.MainWindow] = []
    states: list[tuple[list[str], bool]] = []
    original_attach = main_window.MainWindow.attach

    def attach(self, ws, **kwargs):
        original_attach(self, ws, **kwargs)
        seen.append(self)
        states.append((self.pages.pending(), self.ready))

    monkeypatch.setattr(main_window.MainWindow, "attach", attach)
    before = sys.getswitchinterval()
    monkeypatch.setattr(entry, "install_excepthook", lambda: None)
    result: list[int] = []

    def quit_when_ready() -> None:
        if seen and not seen[0].is_loading() and not result:
            result.append(len(seen[0].portfolio.model.all_rows()))
            seen[0].close()

    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.timeout.connect(quit_when_ready)
    timer.start(50)
    try:
        code = entry.main(["--db", str(db_path)])
    finally:
        timer.stop()
        switch = sys.getswitchinterval()
        sys.setswitchinterval(before)
    assert code == 0 and result == [68]
    # Right after attach: the other views not built, the window not shown as ready (its views come next turn).
    assert states == [(["dashboard", "review", "timeline", "indicators"], False)]
    assert seen[0].pages.pending() == []  # built before the load finished, unasked
    assert switch == 0.001
    assert threading.main_thread() is threading.current_thread()
