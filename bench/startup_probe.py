"""python -m bench.startup_probe app|bare [--until paint|rows] [--db PATH] — start a window, print when it was
first painted (or when its table's rows were), quit.

`app` starts the desktop application the way ``python -m app --db PATH`` does (app.__main__.main); `bare`
shows a plain PySide6 QMainWindow holding a 68-row QTableWidget, the floor any Qt program pays. Both print
``{"at": time.time()}`` and leave at once (interpreter teardown is not part of "start") once
- ``--until paint`` (the default): the main window has painted for the first time (the application paints its
  window in the opening state, before the database is open);
- ``--until rows``: a table of the main window has painted with rows in it (the application's portfolio table
  with the projects: the window is ready to use; the bare window's table is filled before it is shown).
Run offscreen (QT_QPA_PLATFORM=offscreen) by bench.run_all.
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def _quit_when_painted(app, until: str) -> None:  # type: ignore[no-untyped-def]
    """An application-wide event filter: at the first paint of what `until` names, stamp and leave once that
    paint has been delivered (a zero timer runs after the current event)."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow, QTableView

    def rows_painted(watched) -> bool:  # type: ignore[no-untyped-def]
        view = watched.parent()  # a table's rows are painted on its viewport
        return (
            isinstance(view, QTableView)
            and watched is view.viewport()
            and view.model() is not None
            and view.model().rowCount() > 0
            and isinstance(view.window(), QMainWindow)
        )

    def wanted(watched) -> bool:  # type: ignore[no-untyped-def]
        return isinstance(watched, QMainWindow) if until == "paint" else rows_painted(watched)

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
            if not self.seen and event.type() == QEvent.Type.Paint and wanted(watched):
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


def bare(until: str) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

    app = QApplication([sys.argv[0]])
    _quit_when_painted(app, until)
    window = QMainWindow()
    table = QTableWidget(68, 10)
    for row in range(68):
        for column in range(10):
            table.setItem(row, column, QTableWidgetItem(f"附表{column}-{row:02d} 御河生态修复工程"))
    window.setCentralWidget(table)
    window.resize(1280, 800)
    window.show()
    return app.exec()


def start_app(db: str, until: str) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])  # app.__main__.main reuses the running instance
    _quit_when_painted(app, until)
    from app.__main__ import main

    return main(["--db", db])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.startup_probe")
    parser.add_argument("program", choices=["app", "bare"])
    parser.add_argument("--until", choices=["paint", "rows"], default="paint")
    parser.add_argument("--db")
    args = parser.parse_args()
    if args.program == "bare":
        sys.exit(bare(args.until))
    sys.exit(start_app(args.db, args.until))
