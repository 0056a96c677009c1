"""python -m bench.startup_probe app|bare [--until paint|rows|loaded] [--pauses] [--db PATH] — start a window, print
when it was first painted (or when its table's rows were, or its portfolio fully loaded), quit.

`app` starts the desktop application the way ``python -m app --db PATH`` does (app.__main__.main); `bare`
shows a plain PySide6 QMainWindow holding a 68-row QTableWidget, the floor any Qt program pays. Both print
``{"at": time.time()}`` and leave at once (interpreter teardown is not part of "start") once
- ``--until paint`` (the default): the main window has painted for the first time (the application paints its
  window in the opening state, before the database is open);
- ``--until rows``: a table of the main window has painted with rows in it (the application's portfolio table
  with the projects: the window is ready to use; the bare window's table is filled before it is shown);
- ``--until loaded``: the rows painted and the portfolio loaded to the end (the application's main window
  announces portfolioLoaded once the statuses are in and the dashboard has its rows; for the bare window, the
  same as ``rows``).
With ``--pauses`` it also prints ``"seconds"``: the GUI thread's longest pause between its first paint and
that moment (a 5 ms heartbeat timer on the GUI thread; the pause is the longest time between two of its ticks).
Run offscreen (QT_QPA_PLATFORM=offscreen) by bench.run_all.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any


class _Heartbeat:
    """A 5 ms timer on the GUI thread, started at the main window's first paint: the longest time between two
    ticks is the longest the GUI thread was kept from its events."""

    def __init__(self) -> None:
        self.timer = None
        self.last = 0.0
        self.longest = 0.0

    def start(self) -> None:
        import time

        from PySide6.QtCore import Qt, QTimer

        if self.timer is not None:
            return
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)
        self.last = time.perf_counter()
        self.timer.start()

    def tick(self) -> None:
        import time

        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last - 0.005)  # (beyond the timer's own interval)
        self.last = now


def _quit_when_painted(app, until: str, heartbeat: _Heartbeat | None = None) -> None:  # type: ignore[no-untyped-def]
    """Stamp and leave at the first paint of what `until` names, once that paint has been delivered (a zero timer
    runs after the current event). A heartbeat starts at the main window's first paint.

    Watching costs the program watched as little as possible: a Python event filter on the whole application
    takes the interpreter lock for every event of every widget, and while a loading thread holds that lock each
    event waited for it (the probe itself made the pauses it measured longer). So the application-wide filter
    only lasts until the main window's first paint; after that, a timer looks for the main window's table and
    watches its viewport alone (the table exists from the moment the views are built, well before its rows)."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow, QTableView

    def has_rows(viewport) -> bool:  # type: ignore[no-untyped-def]
        view = viewport.parent()  # a table's rows are painted on its viewport
        return view.model() is not None and view.model().rowCount() > 0

    class FirstPaint(QObject):
        seen = False
        window: Any = None
        watched_viewports: set[int] = set()
        rows_painted = False
        loaded: bool | None = None  # --until loaded: None until the main window's load signal is connected

        def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
            if event.type() != QEvent.Type.Paint or self.seen:
                return False
            if self.window is None and isinstance(watched, QMainWindow):
                self.window = watched
                if heartbeat is not None:
                    heartbeat.start()
                if until == "paint":
                    self.stamp()
                else:  # the rest of this paint still passes here (the bare window's table is painted in it)
                    QTimer.singleShot(0, lambda: app.removeEventFilter(self))
                    self.finder = QTimer()
                    self.finder.timeout.connect(self.watch_table)
                    self.finder.start(5)
            elif (
                until in ("rows", "loaded")
                and self.window is not None
                and self.is_table_viewport(watched)
                and has_rows(watched)
            ):
                self.rows_painted = True
                self.stamp_when_done()
            return False

        def portfolio_loaded(self) -> None:
            self.loaded = True
            self.stamp_when_done()

        def stamp_when_done(self) -> None:
            if self.rows_painted and (until == "rows" or self.loaded) and not self.seen:
                self.stamp()

        def is_table_viewport(self, widget) -> bool:  # type: ignore[no-untyped-def]
            view = widget.parent()
            return isinstance(view, QTableView) and widget is view.viewport() and view.window() is self.window

        def watch_table(self) -> None:
            if until == "loaded" and self.loaded is None:
                signal = getattr(self.window, "portfolioLoaded", None)  # the application's window; the bare has none
                if signal is None:
                    self.loaded = True
                    self.stamp_when_done()
                else:
                    self.loaded = False
                    signal.connect(self.portfolio_loaded)
            for view in self.window.findChildren(QTableView):
                if id(view) not in self.watched_viewports:
                    self.watched_viewports.add(id(view))
                    view.viewport().installEventFilter(self)

        def stamp(self) -> None:
            self.seen = True
            QTimer.singleShot(0, lambda: _stamp_and_exit(heartbeat))

    app._first_paint = FirstPaint()
    app.installEventFilter(app._first_paint)


def _stamp_and_exit(heartbeat: _Heartbeat | None) -> None:
    import time

    stamp: dict[str, float] = {"at": time.time()}
    if heartbeat is not None:
        heartbeat.tick()
        stamp["seconds"] = heartbeat.longest
    sys.stdout.write(json.dumps(stamp) + "\n")
    sys.stdout.flush()
    os._exit(0)


def bare(until: str, pauses: bool) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

    app = QApplication([sys.argv[0]])
    _quit_when_painted(app, until, _Heartbeat() if pauses else None)
    window = QMainWindow()
    table = QTableWidget(68, 10)
    for row in range(68):
        for column in range(10):
            table.setItem(row, column, QTableWidgetItem(f"附表{column}-{row:02d} 御河生态修复工程"))
    window.setCentralWidget(table)
    window.resize(1280, 800)
    window.show()
    return app.exec()


def start_app(db: str, until: str, pauses: bool) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])  # app.__main__.main reuses the running instance
    _quit_when_painted(app, until, _Heartbeat() if pauses else None)
    from app.__main__ import main

    return main(["--db", db])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.startup_probe")
    parser.add_argument("program", choices=["app", "bare"])
    parser.add_argument("--until", choices=["paint", "rows", "loaded"], default="paint")
    parser.add_argument("--pauses", action="store_true", help="also print the GUI thread's longest pause")
    parser.add_argument("--db")
    args = parser.parse_args()
    if args.program == "bare":
        sys.exit(bare(args.until, args.pauses))
    sys.exit(start_app(args.db, args.until, args.pauses))
