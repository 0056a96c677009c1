"""The portfolio loads in one step when every status and search key is stored and current, in two when some must
be computed (app/ui/portfolio_view.py): either way the person sees the same table and totals, and the window
announces the load once, complete."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import update

from app.core import project_service
from app.db.models import ProjectSummary
from tests.fixtures.gui_support import seen_in_portfolio


def _refresh_by_f5(qtbot, window) -> list[object]:
    """Press F5 as a person does; returns what rowsLoaded announced (waits for the whole load)."""
    announced: list[object] = []
    window.portfolio.rowsLoaded.connect(announced.append)
    with qtbot.waitSignal(window.portfolioLoaded, timeout=30000):
        qtbot.keyClick(window.portfolio.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=30000)
    qtbot.wait(300)  # nothing more is announced after the load
    window.portfolio.rowsLoaded.disconnect(announced.append)
    return announced


def test_one_step_and_two_step_loads_show_the_same(qtbot, window, workspace, monkeypatch):
    completions: list[int] = []
    real_complete = project_service.complete_portfolio

    def counted_complete(*args, **kwargs):
        completions.append(1)
        return real_complete(*args, **kwargs)

    monkeypatch.setattr(project_service, "complete_portfolio", counted_complete)

    # The window's own load stored every status: the next load needs no second step.
    announced = _refresh_by_f5(qtbot, window)
    assert completions == [] and len(announced) == 1
    one_step = seen_in_portfolio(window)
    assert "68" in one_step[0] and len(one_step[1]) == 68

    # Statuses judged yesterday are stale today: the rows come first, the statuses in a second step.
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    with workspace.session() as s, s.begin():
        s.execute(update(ProjectSummary).values(as_of=yesterday))
    announced = _refresh_by_f5(qtbot, window)
    assert completions == [1] and len(announced) == 1
    assert seen_in_portfolio(window) == one_step
