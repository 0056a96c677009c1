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


def test_a_large_portfolio_is_charted_by_a_worker_and_the_cards_take_the_loaders_totals(qtbot, workspace, monkeypatch):
    """From GROUPS_IN_BACKGROUND_FROM rows the charts' groups are counted on a worker thread (0.5 s at 100,000
    rows on the GUI thread was a frozen window): the charts say 正在统计… and fill when the count arrives. The cards
    show the totals the loader counted, not a second count on the GUI thread."""
    import threading

    from app.core import portfolio_totals
    from app.ui import dashboard

    rows = project_service.load_portfolio(workspace)
    monkeypatch.setattr(dashboard, "GROUPS_IN_BACKGROUND_FROM", 10)
    counted_on: list[threading.Thread] = []
    release = threading.Event()
    groups_of = dashboard._groups_of

    def held_groups_of(counted_rows):
        counted_on.append(threading.current_thread())
        release.wait(30)
        return groups_of(counted_rows)

    monkeypatch.setattr(dashboard, "_groups_of", held_groups_of)

    def refuse_totals(_rows):
        raise AssertionError("the dashboard counted the totals again")

    totals = portfolio_totals.totals(rows)
    monkeypatch.setattr(portfolio_totals, "totals", refuse_totals)
    view = DashboardView(workspace, ChangeBus())
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_rows(rows, totals)
    assert view.card_count.value.text() == str(len(rows))  # the cards at once, from the loader's totals
    qtbot.waitUntil(lambda: bool(counted_on), timeout=10000)
    assert counted_on[0] is not threading.main_thread()
    assert view.charts["county"].bars() == [] and "正在统计" in view.charts["county"].note()
    release.set()
    qtbot.waitUntil(lambda: view.charts["county"].bars() != [], timeout=10000)
    bars = {bar.key: bar.text for bar in view.charts["county"].bars()}
    assert bars["灵丘县"] == str(sum(1 for r in rows if r.county == "灵丘县"))
    assert "正在统计" not in view.charts["county"].note()
