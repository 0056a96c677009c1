"""app/ui/graveyard.py: what the table replaces is freed a piece at a time, and only once nothing else refers to
it (another view may still show the old rows)."""

from __future__ import annotations

import gc
import weakref

from app.core import table_columns
from app.ui.graveyard import graveyard


def test_a_container_still_referred_to_is_left_alone_then_freed_once_let_go(qtbot, qapp):
    shown_elsewhere = [object() for _ in range(12_000)]  # more than one piece
    graveyard().bury(shown_elsewhere)
    qtbot.wait(100)  # several ticks
    assert len(shown_elsewhere) == 12_000  # still someone's: untouched
    probe = weakref.ref(type("Row", (), {})())  # (a weakref-able stand-in for one row)
    row = probe()
    shown_elsewhere.append(row)
    del row
    ident = id(shown_elsewhere)
    del shown_elsewhere  # the other view let it go: now the graveyard's alone
    qtbot.waitUntil(lambda: not graveyard().holds(ident), timeout=5000)  # emptied piece by piece, then dropped
    assert probe() is None


def test_a_tables_columns_are_taken_apart_and_freed_without_the_collector(qtbot, qapp, workspace):
    from app.core import project_service

    rows = project_service.load_portfolio(workspace) * 8  # 544 rows: the columns keep numpy masks too
    columns = table_columns.TableColumns(rows)
    gone = weakref.ref(columns)
    was_enabled = gc.isenabled()
    gc.disable()  # only reference counting, as for a frozen load
    try:
        graveyard().bury(columns)
        del columns
        qtbot.waitUntil(lambda: gone() is None, timeout=5000)
        qtbot.wait(100)
        assert len(rows) == 544  # the rows it was made from are still someone else's: kept whole
        ident = id(rows)
        assert graveyard().holds(ident)  # (that list, waiting for its other holder)
        del rows
        qtbot.waitUntil(lambda: not graveyard().holds(ident), timeout=5000)
    finally:
        if was_enabled:
            gc.enable()
