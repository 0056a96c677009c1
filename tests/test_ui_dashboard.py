"""The dashboard draws its charts when it is on screen: rows arriving while another tab is shown update the cards
at once and the charts when the dashboard is next shown (a grouping pass per chart is not done on every load)."""

from __future__ import annotations

from app.core import project_service
from app.ui.change_bus import ChangeBus
from app.ui.dashboard import DashboardView


def test_rows_arriving_while_hidden_are_charted_when_shown(qtbot, workspace):
    view = DashboardView(workspace, ChangeBus())
    qtbot.addWidget(view)
    rows = project_service.load_portfolio(workspace)
    view.set_rows(rows)
    assert view.card_count.value.text() == str(len(rows))  # the cards at once
    assert view.charts["county"].bars() == []  # nothing grouped yet: the dashboard was never shown
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    bars = {bar.key: bar.text for bar in view.charts["county"].bars()}
    assert bars["灵丘县"] == str(sum(1 for r in rows if r.county == "灵丘县"))
    # shown: new rows are charted immediately
    view.set_rows(rows[:10])
    assert sum(int(bar.text) for bar in view.charts["status"].bars()) == 10
