"""A saved edit updates the table by reading again only what changed (app/core/portfolio_refresh.py), and the
person sees exactly what F5 (a full load) would show: every cell and the totals bar. A new project, which the
refresh cannot place, is loaded in full."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core import changes, project_creation, project_service
from tests.fixtures.gui_support import double_click_project, replace_text, seen_in_portfolio

CODE = "附表1-02"


def _cell(window, code: str, key: str) -> str:
    model = window.portfolio.model
    row = model.row_of(next(r.id for r in model.all_rows() if r.code == code))
    return str(model.index(row, model.column_of(key)).data(Qt.ItemDataRole.DisplayRole))


def _press_f5(qtbot, window) -> None:
    window.activateWindow()  # (the closed project window had the focus; a window manager would do this)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    with qtbot.waitSignal(window.portfolioLoaded, timeout=30000):
        qtbot.keyClick(window.portfolio.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=30000)


@pytest.fixture
def calls(monkeypatch) -> dict[str, int]:
    """How many full loads and refreshes the window asks for."""
    counted = {"load_portfolio": 0, "refresh_portfolio": 0}
    for name in counted:
        real = getattr(project_service, name)

        def counting(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            counted[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(project_service, name, counting)
    return counted


def test_a_saved_amount_is_shown_without_loading_everything_and_as_f5_shows_it(window, qtbot, calls):
    _, editor = double_click_project(qtbot, window, CODE)
    box = editor.widget_for("investment_total")
    replace_text(qtbot, box, "123.45")
    with qtbot.waitSignal(window.portfolioLoaded, timeout=30000):
        qtbot.keyClick(box, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=30000)

    assert _cell(window, CODE, "investment_total") == "123.45"
    assert calls == {"load_portfolio": 0, "refresh_portfolio": 1}
    shown = seen_in_portfolio(window)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5000)

    _press_f5(qtbot, window)
    assert calls["load_portfolio"] == 1
    assert seen_in_portfolio(window) == shown  # the full load shows every cell and the totals bar as the refresh did


def test_a_new_project_is_loaded_in_full(window, qtbot, calls):
    new = project_creation.create_project(window.ws, name="新增湿地保护测试项目")
    with qtbot.waitSignal(window.portfolioLoaded, timeout=30000):
        window.bus.announce(changes.Changes(projects=True))  # as the new-project dialog announces it
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=30000)

    assert calls == {"load_portfolio": 1, "refresh_portfolio": 1}  # the refresh found a project it cannot place
    assert new.code in [r.code for r in window.portfolio.model.all_rows()]
    totals = window.portfolio.totals_label.text()
    assert "全部 69 个项目" in totals and "其中 4 项投资未知" in totals  # the seeded 68 (3 unknown) and the new one


def test_a_second_save_during_a_refresh_is_refreshed_after_it(window, qtbot, calls):
    ws, model = window.ws, window.portfolio.model
    first, second = (next(r for r in model.all_rows() if r.code == code) for code in (CODE, "附表1-05"))
    project_service.update_project(ws, first.id, {"investment_total": "11"}, expected_version=first.version)
    window.bus.announce(changes.Changes(projects=True, project_ids=frozenset({first.id})))
    project_service.update_project(ws, second.id, {"investment_total": "22"}, expected_version=second.version)
    window.bus.announce(changes.Changes(projects=True, project_ids=frozenset({second.id})))  # while refreshing
    qtbot.waitUntil(lambda: calls["refresh_portfolio"] == 2 and not window.is_loading(), timeout=30000)

    assert _cell(window, CODE, "investment_total") == "11"
    assert _cell(window, "附表1-05", "investment_total") == "22"
    assert calls["load_portfolio"] == 0
