"""Start-up work that the first window does not need waits until the window is on screen (app_setup)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QMainWindow

from app.ui import app_setup


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
    app_setup.after_first_paint(window, lambda: seen_paints.append(paints.count))
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
