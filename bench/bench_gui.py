"""Benchmark: the portfolio as the officer meets it in the window (offscreen Qt): the table's load, sort, filter and
search from input to updated view, the dashboard and timeline tabs opening, and the longest pause of the GUI
thread while all that happens.

    python bench/bench_gui.py [--sizes 1000,10000] [--repeats 3]   (= python -m bench --only gui)

The GUI-thread figure comes from a heartbeat: a 10 ms QTimer on the GUI thread stamps each tick while the portfolio
view loads (on its worker thread), sorts by investment, filters by county and status, and searches; the case
reports the longest gap between two ticks (less the timer's interval), i.e. the longest time the window could not
react. Baselines are the bare sqlite3 / list operations of bench_portfolio.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_portfolio import select_milestones, select_projects, sorted_values, substring_scan, tuple_scan
from bench.measure import Case, Context, SelfTimed

__all__ = ["select_milestones", "select_projects", "sorted_values", "substring_scan", "tuple_scan"]

HEARTBEAT_MS = 10
SEARCH = "御河 湿地"

CASES = [
    Case(
        "GUI thread: longest pause while the portfolio loads, sorts, filters, searches (heartbeat)",
        "gui_longest_block",
        "bare_worker_heartbeat",
        target="never blocked > 100 ms",
        target_ms=100,
    ),
    Case(
        "portfolio view: reload to rows shown and usable (PortfolioView, first step)",
        "view_rows_shown",
        "select_projects",
        target="≤ 3× raw SELECT",
        target_ratio=3.0,
    ),
    Case(
        "portfolio view: reload to rows shown, against a bare Qt table loaded the same way (the floor of any view)",
        "view_rows_shown",
        "bare_view_rows",
        target="(reported: what showing rows in a Qt window costs beyond the SELECT)",
    ),
    Case(
        "portfolio view: a saved edit shown (PortfolioView.refresh: only the changed project read again)",
        "view_refresh_after_save",
        "select_projects",
        target='(reported: what follows every save; it was a full reload, "reload to rows shown" above)',
    ),
    Case(
        "portfolio view: reload to statuses shown, load complete (second step)",
        "view_load",
        "select_projects",
        target="(the statuses read every quarterly record)",
    ),
    Case(
        "table sort by investment, input to updated view (ProjectTableModel.sort)",
        "view_sort",
        "sorted_values",
        target="< 100 ms at 100k",
        target_ms=100,
    ),
    Case(
        "table filter county + status, input to updated view (ProjectTableModel.set_filter)",
        "view_filter",
        "tuple_scan",
        target="< 100 ms at 100k",
        target_ms=100,
    ),
    Case(
        "table search '御河 湿地', input to updated view (ProjectTableModel.set_filter)",
        "view_search",
        "substring_scan",
        target="< 100 ms at 100k",
        target_ms=100,
    ),
    Case(
        "dashboard open (DashboardView.set_rows, painted)",
        "dashboard_open",
        "select_projects",
        target="< 2 s at 100k",
        target_ms=2000,
    ),
    Case(
        "timeline tab open (TimelineView: load in the background, first screen painted)",
        "timeline_open",
        "select_milestones",
        target="< 2 s at 100k, < 300 MB extra",
        target_ms=2000,
    ),
]


# ------------------------------------------------------------------------------------------------ helpers


def _app() -> Any:
    """The application as app/__main__.py sets it up for the views measured here: cyclic garbage collected on the
    GUI thread between events (app.ui.garbage_collector), not wherever an allocation crosses a threshold."""
    from PySide6.QtWidgets import QApplication

    from app.ui import garbage_collector, tasks

    app = QApplication.instance() or QApplication([])
    tasks.favour_the_gui_thread()  # as app.__main__ does
    garbage_collector.install(app)
    return app


def _workspace(ctx: Context) -> Any:
    from app.core.workspace import open_workspace

    return open_workspace(ctx.db, seed=False, user="bench", create=False)


def _wait(until: Callable[[], bool], timeout_s: float = 1800.0) -> None:
    """Run the event loop (timers, background results) until `until()` holds."""
    from PySide6.QtCore import QEventLoop

    app = _app()
    deadline = time.monotonic() + timeout_s
    while not until():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not finish in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.001)


class Heartbeat:
    """A GUI-thread timer that records the longest gap between its ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0
        self.where = ""
        self.phase = ""

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self.last - HEARTBEAT_MS / 1000
        if gap > self.longest:
            self.longest, self.where = gap, self.phase
        self.last = now

    def stop(self) -> None:
        self._tick()
        self.timer.stop()


def _view(ctx: Context) -> Any:
    """A portfolio view (as in the main window) on this database, not loaded yet."""
    from app.ui.change_bus import ChangeBus
    from app.ui.portfolio_view import PortfolioView

    _app()
    ws = _workspace(ctx)
    bus = ChangeBus()
    view = PortfolioView(ws, bus)
    view.resize(1400, 900)
    view.show()
    view._bench_bus = bus  # keep the bus alive with the view
    return view


def _loaded_view(ctx: Context) -> Any:
    view = _view(ctx)
    view.reload()
    _wait(lambda: not view.is_loading())
    return view


def _painted(widget: Any) -> None:
    """Let Qt deliver what the change scheduled (layout, the update of `widget`), as after a real input: the view
    is painted when this returns."""
    widget.update()
    _app().processEvents()


def bare_worker_heartbeat(ctx: Context) -> Callable[[], object]:
    """The floor of the heartbeat figure on this machine: the same 10 ms timer while a plain worker thread reads
    the projects with sqlite3 and builds a dict per row (no application code), as long as the load takes."""
    import threading

    _app()
    read = select_projects(ctx)
    heartbeat = Heartbeat()

    def busy() -> None:
        for _ in range(5):
            [dict(enumerate(row)) for row in read()]

    def run() -> SelfTimed:
        worker = threading.Thread(target=busy)
        heartbeat.start()
        worker.start()
        _wait(lambda: not worker.is_alive())
        heartbeat.stop()
        return SelfTimed(heartbeat.longest, f"longest pause {heartbeat.longest * 1000:.0f} ms")

    return run


def bare_view_rows(ctx: Context) -> Callable[[], object]:
    """The floor of "reload to rows shown" for any Qt table: a plain worker thread runs select_projects, the GUI
    thread (waiting as _wait does) puts the tuples into a bare QAbstractTableModel behind a QTableView of the
    portfolio view's size, which then paints. No application code: what the SELECT, a thread hand-over, a model
    reset and a paint cost on this machine."""
    import threading

    from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
    from PySide6.QtWidgets import QTableView

    _app()
    read = select_projects(ctx)
    root = QModelIndex()

    class TupleModel(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[tuple[object, ...]] = []

        def rowCount(self, parent: QModelIndex | QPersistentModelIndex = root) -> int:
            return 0 if parent.isValid() else len(self.rows)

        def columnCount(self, parent: QModelIndex | QPersistentModelIndex = root) -> int:
            return 0 if parent.isValid() or not self.rows else len(self.rows[0])

        def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            value = self.rows[index.row()][index.column()]
            return None if value is None else str(value)

    model = TupleModel()
    table = QTableView()
    table.setModel(model)
    table.resize(1400, 900)
    table.show()

    def run() -> SelfTimed:
        start = time.perf_counter()
        read_rows: list[list[tuple[object, ...]]] = []
        worker = threading.Thread(target=lambda: read_rows.append(read()))
        worker.start()
        _wait(lambda: bool(read_rows))
        model.beginResetModel()
        model.rows = read_rows[0]
        model.endResetModel()
        _painted(table.viewport())
        return SelfTimed(time.perf_counter() - start, f"{len(model.rows):,} rows")

    return run


# ------------------------------------------------------------------------------------------------ the app


def gui_longest_block(ctx: Context) -> Callable[[], object]:
    from PySide6.QtCore import Qt

    from app.core import portfolio

    view = _view(ctx)
    heartbeat = Heartbeat()
    model = view.model

    def run() -> SelfTimed:
        heartbeat.start()
        heartbeat.phase = "load"
        view.reload()
        _wait(lambda: not view.is_loading())
        loaded = heartbeat.last
        _wait(lambda: heartbeat.last > loaded)  # the tick after the rows were installed closes the load's gap
        steps: list[tuple[str, Callable[[], None]]] = [
            ("sort", lambda: model.sort(model.INVESTMENT, Qt.SortOrder.DescendingOrder)),
            (
                "filter",
                lambda: view.set_filter(
                    portfolio.PortfolioFilter(counties=frozenset({"灵丘县"}), statuses=frozenset({"在建"}))
                ),
            ),
            ("search", lambda: view.set_filter(portfolio.PortfolioFilter(text=SEARCH))),
            ("clear", lambda: view.set_filter(portfolio.PortfolioFilter())),
            ("sort back", lambda: model.sort(model.CODE, Qt.SortOrder.AscendingOrder)),
        ]
        for phase, step in steps:
            heartbeat.phase = phase
            step()
            _painted(view.table.viewport())
            ticks = heartbeat.last
            _wait(lambda ticks=ticks: heartbeat.last > ticks)  # the heartbeat ran again after this step
        heartbeat.stop()
        return SelfTimed(heartbeat.longest, f"longest pause {heartbeat.longest * 1000:.0f} ms during {heartbeat.where}")

    return run


def view_rows_shown(ctx: Context) -> Callable[[], object]:
    view = _view(ctx)

    def run() -> object:
        start = time.perf_counter()
        before = view.model.all_rows()
        view.reload()
        _wait(lambda: view.model.all_rows() is not before)  # the first step's rows are installed
        _painted(view.table.viewport())
        shown = time.perf_counter() - start
        _wait(lambda: not view.is_loading())  # the second step finishes before the next repeat (not timed)
        return SelfTimed(shown, f"{len(view.model.all_rows()):,} rows")

    return run


def _private_copy(ctx: Context, name: str) -> Context:
    """The case's own copy of the synthetic database (it writes; the other cases read the shared one), made with
    SQLite's backup API so that what the shared file still holds in its write-ahead log is copied too."""
    import sqlite3

    target = ctx.work / f"{name}-{ctx.n}.sqlite3"
    for leftover in (target, target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
        leftover.unlink(missing_ok=True)
    source, copy = sqlite3.connect(str(ctx.db)), sqlite3.connect(str(target))
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return Context(target, ctx.n, ctx.work, ctx.repeats)


def view_refresh_after_save(ctx: Context) -> Callable[[], object]:
    """A project's estimated total written (as the project window saves it, before the clock), then from the
    change's announcement to the table painted with the new value."""
    from app.core import project_service
    from app.core.changes import Changes

    view = _loaded_view(_private_copy(ctx, "refresh"))
    project_id = view.model.all_rows()[ctx.n // 2].id
    amounts = iter(range(1, ctx.repeats + 2))

    def run() -> SelfTimed:
        amount = next(amounts)
        project_service.update_project(view.ws, project_id, {"investment_total": str(amount)}, expected_version=None)
        start = time.perf_counter()
        view._bench_bus.announce(Changes(projects=True, project_ids=frozenset({project_id})))
        _wait(lambda: not view.is_loading())
        _painted(view.table.viewport())
        shown = time.perf_counter() - start
        row = view.model.row_at(view.model.row_of(project_id))
        if row is None or row.investment_total != amount:
            raise AssertionError("the saved amount is not in the table")
        return SelfTimed(shown, f"{len(view.model.all_rows()):,} rows")

    return run


def view_load(ctx: Context) -> Callable[[], object]:
    view = _view(ctx)

    def run() -> object:
        view.reload()
        _wait(lambda: not view.is_loading())
        _painted(view.table.viewport())
        return view.model.all_rows()

    return run


def view_sort(ctx: Context) -> Callable[[], object]:
    from PySide6.QtCore import Qt

    view = _loaded_view(ctx)
    model = view.model
    flips = iter([Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder] * (ctx.repeats + 1))

    def run() -> object:
        # The header's click handler: a new order each time (the same order again would be a no-op).
        view.table.sortByColumn(model.INVESTMENT, next(flips))
        _painted(view.table.viewport())
        return model.visible_rows()

    return run


def _filter_case(ctx: Context, wanted: Any) -> Callable[[], object]:
    from app.core import portfolio

    view = _loaded_view(ctx)
    # Alternately the filter and back to every row (clearing it): each is an input followed by an updated view
    # (the same filter twice in a row would be a no-op).
    choices = iter([wanted, portfolio.PortfolioFilter()] * (ctx.repeats + 1))

    def run() -> object:
        view.set_filter(next(choices))
        _painted(view.table.viewport())
        return view.model.visible_rows()

    return run


def view_filter(ctx: Context) -> Callable[[], object]:
    from app.core import portfolio

    return _filter_case(ctx, portfolio.PortfolioFilter(counties=frozenset({"灵丘县"}), statuses=frozenset({"在建"})))


def view_search(ctx: Context) -> Callable[[], object]:
    from app.core import portfolio

    return _filter_case(ctx, portfolio.PortfolioFilter(text=SEARCH))


def dashboard_open(ctx: Context) -> Callable[[], object]:
    from app.core import project_service
    from app.ui.change_bus import ChangeBus
    from app.ui.dashboard import DashboardView

    _app()
    ws = _workspace(ctx)
    rows = project_service.load_portfolio(ws)
    bus = ChangeBus()

    def run() -> object:
        view = DashboardView(ws, bus)
        view.resize(1400, 900)
        view.show()
        view.set_rows(rows)
        _painted(view)
        view.close()
        return rows

    return run


def timeline_open(ctx: Context) -> Callable[[], object]:
    from app.core import project_service
    from app.ui.change_bus import ChangeBus
    from app.ui.timeline_view import TimelineView

    _app()
    ws = _workspace(ctx)
    rows = project_service.load_portfolio(ws)
    bus = ChangeBus()

    def run() -> object:
        view = TimelineView(ws, bus)
        view.resize(1400, 900)
        view.set_rows(rows)  # the main window passes the portfolio's rows before the tab is shown
        view.show()  # showing the tab starts the load
        _wait(lambda: not view.is_loading())
        _painted(view.scroll_area.viewport())
        shown = view.canvas.rows
        view.close()
        return shown

    return run


if __name__ == "__main__":
    from bench.run_all import main

    sys.exit(main(["--only", "gui", *sys.argv[1:]]))
