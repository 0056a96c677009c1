"""Start-up work that the first window does not need waits until the window is on screen (app_setup)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QMainWindow

from app.ui import app_setup
from app.ui.after_paint import after_first_paint, after_next_paint


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_action_runs_once_after_the_first_paint(qtbot):
    window = QMainWindow()
    window.setCentralWidget(QLabel("大同"))
    qtbot.addWidget(window)
    paints = _Paints()
    window.installEventFilter(paints)
    seen_paints: list[int] = []
    after_first_paint(window, lambda: seen_paints.append(paints.count))
    qtbot.wait(50)
    assert seen_paints == []  # not shown, never painted: nothing ran
    window.show()
    qtbot.waitUntil(lambda: seen_paints != [], timeout=5000)
    assert seen_paints[0] >= 1  # the window had painted when the action ran
    window.update()
    qtbot.wait(100)
    assert len(seen_paints) == 1  # once


def test_warm_up_failure_is_logged_not_raised(caplog):
    def broken() -> None:
        raise RuntimeError("dictionary missing")

    with caplog.at_level(logging.ERROR, logger="app.ui.app_setup"):
        app_setup.warm_up_in_background("test", broken).join(timeout=5)
    assert "warming up test failed" in caplog.text and "dictionary missing" in caplog.text


def _shown_label(qtbot) -> QLabel:
    label = QLabel("大同市")
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    qtbot.wait(20)  # the first paint is done
    return label


def test_after_next_paint_runs_after_the_widget_repaints(qtbot):
    label = _shown_label(qtbot)
    paints = _Paints()
    label.installEventFilter(paints)
    seen_paints: list[int] = []
    after_next_paint(label, lambda: seen_paints.append(paints.count), timeout_ms=60_000)
    assert seen_paints == []  # not inside the call
    label.setText("灵丘县")  # new content: the label paints it
    qtbot.waitUntil(lambda: seen_paints != [], timeout=5000)
    assert seen_paints[0] >= 1  # after the paint of the new text, not before it
    label.update()
    qtbot.wait(100)
    assert len(seen_paints) == 1  # once


def test_after_next_paint_of_a_hidden_widget_runs_in_the_next_turn(qtbot):
    label = QLabel("未显示")
    qtbot.addWidget(label)
    ran: list[bool] = []
    after_next_paint(label, lambda: ran.append(True), timeout_ms=60_000)
    assert ran == []
    qtbot.waitUntil(lambda: ran == [True], timeout=1000)


def test_after_next_paint_gives_up_waiting_after_the_timeout(qtbot):
    label = _shown_label(qtbot)
    ran: list[bool] = []
    after_next_paint(label, lambda: ran.append(True), timeout_ms=80)  # nothing asks the label to paint
    qtbot.waitUntil(lambda: ran == [True], timeout=2000)
    label.update()
    qtbot.wait(100)
    assert ran == [True]  # the paint that comes later does not run it again


def test_after_next_paint_never_runs_for_a_deleted_widget(qtbot):
    label = _shown_label(qtbot)
    ran: list[bool] = []
    after_next_paint(label, lambda: ran.append(True), timeout_ms=50)
    label.deleteLater()
    qtbot.wait(200)
    assert ran == []
