"""python -m bench.startup_probe app|bare [--db PATH] — start a window, print when it first painted, quit.

`app` starts the desktop application the way ``python -m app --db PATH`` does (app.__main__.main); `bare`
shows a plain PySide6 QMainWindow holding a 68-row QTableWidget, the floor any Qt program pays. Both print
``{"at": time.time()}`` once the main window has painted for the first time, then leave at once (interpreter
teardown is not part of "start"). Run offscreen (QT_QPA_PLATFORM=offscreen) by bench.run_all.
"""

from __future__ import annotations

import json
import os
import sys


def _quit_after_first_paint(app) -> None:  # type: ignore[no-untyped-def]
    """An application-wide event filter: at the first paint of a top-level QMainWindow, stamp and leave once
    that paint has been delivered (a zero timer runs after the current event)."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
            if not self.seen and event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
                self.seen = True
                QTimer.singleShot(0, _stamp_and_exit)
            return False

    app._first_paint = FirstPaint()
    app.installEventFilter(app._first_paint)


def _stamp_and_exit() -> None:
    import time

    sys.stdout.write(json.dumps({"at": time.time()}) + "\n")
    sys.stdout.flush()
    os._exit(0)


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

    app = QApplication([sys.argv[0]])
    _quit_after_first_paint(app)
    window = QMainWindow()
    table = QTableWidget(68, 10)
    for row in range(68):
        for column in range(10):
            table.setItem(row, column, QTableWidgetItem(f"附表{column}-{row:02d} 御河生态修复工程"))
    window.setCentralWidget(table)
    window.resize(1280, 800)
    window.show()
    return app.exec()


def start_app(db: str) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])  # app.__main__.main reuses the running instance
    _quit_after_first_paint(app)
    from app.__main__ import main

    return main(["--db", db])


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        sys.exit(bare())
    sys.exit(start_app(sys.argv[3]))
