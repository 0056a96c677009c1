"""The portfolio timeline's summary: read from the milestones' (project_id, planned_date, actual_date) index alone
(migration 0004), and shown by the timeline tab with its "only projects with an overdue milestone" switch."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import event

from app.core import project_service, tracking_service
from app.core.workspace import open_workspace

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "db"


def _milestone_indexes(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as con:
        return {
            row[0]
            for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'milestones'")
            if not row[0].startswith("sqlite_autoindex")
        }


def test_the_summary_query_reads_the_dates_index_alone(workspace, db_path):
    statements: list[tuple[str, tuple]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        if "GROUP BY milestones.project_id" in statement:
            statements.append((statement, tuple(parameters)))

    event.listen(workspace.db.engine, "before_cursor_execute", record)
    try:
        project_service.timeline_milestones(workspace, dt.date(2025, 7, 1))
    finally:
        event.remove(workspace.db.engine, "before_cursor_execute", record)
    assert len(statements) == 1
    statement, parameters = statements[0]
    with closing(sqlite3.connect(db_path)) as con:
        plan = " ".join(row[3] for row in con.execute(f"EXPLAIN QUERY PLAN {statement}", parameters))
    assert "USING COVERING INDEX ix_milestones_project_dates" in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # grouped in the index's order: no sorting


def test_upgrading_a_0003_database_replaces_the_project_index_by_the_dates_index(tmp_path):
    path = tmp_path / "office.sqlite3"
    shutil.copy(FIXTURES / "schema_0003.sqlite3", path)
    assert _milestone_indexes(path) == {"ix_milestones_project_id"}
    open_workspace(path, create=False).close()
    assert _milestone_indexes(path) == {"ix_milestones_project_dates"}


def test_timeline_tab_overdue_switch_keeps_only_late_projects(workspace, qtbot):
    from app.ui.change_bus import ChangeBus
    from app.ui.timeline_view import TimelineView

    rows = project_service.load_portfolio(workspace)
    late, on_time = rows[0], rows[1]
    tracking_service.add_milestone(workspace, late.id, title="开工", kind="开工", planned_date="2020-03-01")
    tracking_service.add_milestone(
        workspace, on_time.id, title="开工", kind="开工", planned_date="2020-03-01", actual_date="2020-02-01"
    )
    view = TimelineView(workspace, ChangeBus())
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.set_rows(rows)
    view.show()
    qtbot.waitUntil(lambda: not view.is_loading() and bool(view.canvas.rows), timeout=30000)
    assert [row.id for row, _line in view.canvas.rows] == [late.id, on_time.id]
    assert "显示 2 个项目" in view.info.text()

    qtbot.mouseClick(view.overdue_only, Qt.MouseButton.LeftButton)
    assert view.overdue_only.isChecked()
    assert [row.id for row, _line in view.canvas.rows] == [late.id]
    assert "显示 1 个项目" in view.info.text() and "其中 2 个有里程碑节点" in view.info.text()

    qtbot.mouseClick(view.overdue_only, Qt.MouseButton.LeftButton)
    assert len(view.canvas.rows) == 2
    view.close()
    assert not view.isVisible()


def test_rows_changed_while_loading_are_the_ones_laid_out(workspace, qtbot):
    """The loading thread pairs the rows the tab had when the load started; rows that arrive meanwhile (a filter
    change) are the ones shown once it finishes."""
    from app.ui.change_bus import ChangeBus
    from app.ui.timeline_view import TimelineView

    rows = project_service.load_portfolio(workspace)
    for row in rows[:3]:
        tracking_service.add_milestone(workspace, row.id, title="开工", kind="开工", planned_date="2025-03-01")
    view = TimelineView(workspace, ChangeBus())
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.set_rows(rows)
    view.show()  # starts the load with all rows
    view.set_rows(rows[1:])  # a filter change before (or after) the load finishes
    qtbot.waitUntil(lambda: not view.is_loading() and bool(view.canvas.rows), timeout=30000)
    assert [row.id for row, _line in view.canvas.rows] == [rows[1].id, rows[2].id]
    assert "筛选结果 67 个" in view.info.text()
    view.close()
