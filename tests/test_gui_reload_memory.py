"""A long session reloads the portfolio many times (F5, and after every saved edit): each reload must free the
load before it. A large load is frozen out of the cyclic collector's generations (portfolio.keep_loaded,
bulk_build.bulk_objects), so anything of it caught in a reference cycle was never freed: at 100,000 projects
about 240 MB more with every reload, until the program ran out of memory."""

from __future__ import annotations

import gc
import weakref
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.core import bulk_build, portfolio, project_service
from app.core.workspace import open_workspace
from app.ui.settings import AppSettings, UiState

PROJECTS = 300  # above NUMPY_SORT_MIN: the table's columns keep numpy masks, as a large portfolio's do


@pytest.fixture
def large_load_window(qtbot, tmp_path, qapp, monkeypatch):
    """The main window on a synthetic portfolio, every load frozen as a 5,000-project one would be."""
    from app.ui.main_window import MainWindow
    from bench import synthetic

    monkeypatch.setattr(portfolio, "FREEZE_AFTER_ROWS", 1)
    monkeypatch.setattr(bulk_build, "FREEZE_AFTER_OBJECTS", 0)
    ws = open_workspace(synthetic.ensure_database(tmp_path / "synthetic", PROJECTS), user="测试员")
    window = MainWindow(ws, AppSettings(), UiState(), load=False)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.portfolioLoaded, timeout=60000):
        window.refresh()
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=60000)
    yield window
    window.close()
    window.deleteLater()
    qtbot.wait(50)
    ws.close()
    gc.unfreeze()  # what the loads froze goes back to the collector (the rest of the suite runs as usual)


def _press_f5(qtbot, window) -> None:
    with qtbot.waitSignal(window.portfolioLoaded, timeout=60000):
        qtbot.keyClick(window.portfolio.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=60000)
    # The load it replaced is freed a piece at a time between events (app/ui/graveyard.py): a tick or two here.
    qtbot.wait(200)


def test_each_reload_frees_the_load_before_it(qtbot, large_load_window):
    window = large_load_window
    model = window.portfolio.model
    assert model.rowCount() == PROJECTS
    first_columns = model._columns  # the first load's table columns (rows, masks, sums)
    assert first_columns is not None and first_columns.size == PROJECTS
    first = weakref.ref(first_columns)
    del first_columns

    frozen = []
    for _ in range(4):
        _press_f5(qtbot, window)
        assert window.portfolio.table.model().rowCount() == PROJECTS  # what the officer sees: every project
        frozen.append(gc.get_freeze_count())

    qtbot.waitUntil(lambda: first() is None, timeout=10000)  # else a reload kept the previous portfolio alive
    # Nothing else of a load outlives it either: a cycle per project anywhere in what the loads froze (rows,
    # statuses, columns) would add thousands over three reloads. (About 70 a reload remain, whatever the size:
    # SQLAlchemy's statement objects of the load, frozen before the collector freed them; a few KB.)
    assert frozen[-1] - frozen[0] < PROJECTS, frozen
    assert model._columns is not None and model._columns.size == PROJECTS


@pytest.fixture
def collector_off():
    """No cyclic collection but the program's own: what is freed below was freed by reference counting, or by a
    collection the program itself started."""
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


def test_a_saved_and_closed_project_window_is_freed(qtbot, large_load_window, collector_off):
    """Saving reloads the portfolio while the project window is open, and the reload freezes every object alive
    then, the window's too; its Python objects hold each other in cycles (the window its field bindings, each
    binding the window). Before window_release, each saved edit kept about 600 objects for the session."""
    from tests.fixtures.gui_support import double_click_project, replace_text

    window = large_load_window
    code = window.portfolio.model.all_rows()[7].code
    row, editor = double_click_project(qtbot, window, code)
    replace_text(qtbot, editor.widget_for("investment_total"), "12.5")
    with qtbot.waitSignal(window.portfolioLoaded, timeout=60000):
        qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=60000)
    assert project_service.get_project(window.ws, row.id).investment_total == Decimal("12.5")
    assert bulk_build.has_frozen()  # the reload froze, with the window open
    window_ref, binding_ref = weakref.ref(editor), weakref.ref(editor.binding("investment_total"))
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    del editor
    qtbot.waitUntil(lambda: row.id not in window.editors, timeout=5000)  # closed and deleted
    qtbot.waitUntil(lambda: window_ref() is None and binding_ref() is None, timeout=5000)
    assert window.portfolio.model.rowCount() == PROJECTS


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_garbage_waiting_for_the_collector_is_not_frozen_by_a_reload(qtbot, large_load_window, collector_off):
    """A reload's freeze takes everything alive at that moment, unreachable cycles included (the save's SQLAlchemy
    statements, a few hundred objects a save): the reload collects them first."""
    window = large_load_window
    garbage = _Cycle()
    garbage_ref = weakref.ref(garbage)
    del garbage
    assert garbage_ref() is not None  # a cycle: reference counting alone does not free it
    _press_f5(qtbot, window)
    assert garbage_ref() is None
    assert window.portfolio.table.model().rowCount() == PROJECTS
