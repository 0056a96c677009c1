"""The 审计日志 window, driven as a person drives it: type a filter and see only the matching rows, scroll to the
end and see the next entries arrive, export to Excel and read the file back, close it with Esc."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QFileDialog

from app.core import audit_service, tracking_service
from app.core.audit_service import AuditFilter
from app.core.workspace import open_workspace
from app.exchange import audit_export
from app.ui.audit_view import AuditTableModel, AuditView
from app.ui.change_bus import ChangeBus
from tests.fixtures.gui_support import click, type_text

CODE = "附表1-08"


@pytest.fixture
def two_people(db_path):
    """alice reports progress for 附表1-08; 张三 adds a milestone to 附表2-01."""
    alice = open_workspace(db_path, user="alice")
    tracking_service.set_progress(
        alice, tracking_service.project_id_for_code(alice, CODE), "2025Q3", source="manual", invested="0.35"
    )
    alice.close()
    zhang = open_workspace(db_path, user="张三")
    tracking_service.add_milestone(
        zhang, tracking_service.project_id_for_code(zhang, "附表2-01"), source="manual", title="可研批复"
    )
    zhang.close()
    ws = open_workspace(db_path)
    yield ws
    ws.close()


@pytest.fixture
def view(qtbot, two_people, modal):
    window = AuditView(two_people, ChangeBus())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _shown_column(view: AuditView, column: int) -> list[str]:
    model = view.table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_typing_a_user_shows_only_that_users_rows(view, qtbot):
    everyone = set(_shown_column(view, AuditTableModel.USER))
    assert {"alice", "张三"} <= everyone
    view.user_edit.setFocus()
    qtbot.keyClicks(view.user_edit, "alice")
    qtbot.waitUntil(lambda: set(_shown_column(view, AuditTableModel.USER)) == {"alice"}, timeout=5000)
    assert _shown_column(view, AuditTableModel.PROJECT) == [f"{CODE} {view.rows_shown()[0].project_name}"]
    assert _shown_column(view, AuditTableModel.COUNTY) == ["灵丘县"]
    assert view.count_label.text() == "共 1 条（新的在前）"

    view.user_edit.clear()
    type_text(qtbot, view.user_edit, "张三")
    qtbot.waitUntil(lambda: set(_shown_column(view, AuditTableModel.USER)) == {"张三"}, timeout=5000)
    assert _shown_column(view, AuditTableModel.FIELD) == ["里程碑·新建"]

    view.user_edit.clear()
    qtbot.keyClicks(view.user_edit, "nobody")
    qtbot.waitUntil(lambda: view.table.model().rowCount() == 0, timeout=5000)
    assert view.count_label.text() == "没有符合条件的修改记录"


def test_project_and_source_filters(view, qtbot):
    view.project_edit.setFocus()
    type_text(qtbot, view.project_edit, CODE)
    qtbot.waitUntil(lambda: set(_shown_column(view, AuditTableModel.COUNTY)) == {"灵丘县"}, timeout=5000)
    assert {r.project_code for r in view.rows_shown()} == {CODE}
    assert set(_shown_column(view, AuditTableModel.SOURCE)) == {"桌面程序", "初始数据"}
    view.source_combo.setFocus()
    index = view.source_combo.findText("初始数据")
    while view.source_combo.currentIndex() != index:
        qtbot.keyClick(view.source_combo, Qt.Key.Key_Down)
    assert _shown_column(view, AuditTableModel.SOURCE) == ["初始数据"]
    click(qtbot, view.clear_button)
    assert view.project_edit.text() == "" and view.source_combo.currentIndex() == 0
    assert {"alice", "张三"} <= set(_shown_column(view, AuditTableModel.USER))


def test_a_date_that_is_no_date_is_said_and_the_rows_stay(view, qtbot):
    before = view.table.model().rowCount()
    view.since_edit.edit.setFocus()
    qtbot.keyClicks(view.since_edit.edit, "2025-02-30")
    qtbot.waitUntil(lambda: view.error.isVisible(), timeout=5000)
    assert "2月没有 30 日" in view.error.text()
    assert view.table.model().rowCount() == before


def test_scrolling_to_the_end_fetches_the_next_page(db_path, qtbot, modal):
    with closing(sqlite3.connect(db_path)) as con:
        con.executemany(
            "INSERT INTO audit_entries (at, user, entity_type, entity_id, field, source) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (f"2025-06-01 08:{i // 60:02d}:{i % 60:02d}.000000", "bulk", "setting", str(i), "unit", "cli")
                for i in range(450)
            ],
        )
        con.commit()
    ws = open_workspace(db_path)
    window = AuditView(ws, ChangeBus())
    qtbot.addWidget(window)
    window.show()
    try:
        total = audit_service.count_entries(ws, AuditFilter())
        model = window.table.model()
        assert model.rowCount() == audit_service.PAGE_SIZE < total  # one page, not the whole log
        window.table.setFocus()
        for _ in range(10):
            if model.rowCount() == total:
                break
            qtbot.keyClick(window.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        assert model.rowCount() == total
        ids = [row.id for row in window.rows_shown()]
        assert len(set(ids)) == total
    finally:
        window.close()
        ws.close()


def test_model_passes_qts_model_tester_while_fetching(two_people, qapp):
    model = AuditTableModel()
    model.start(lambda after: audit_service.list_entries(two_people, AuditFilter(), limit=25, after=after))
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)  # fetches as a view does
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == audit_service.count_entries(two_people, AuditFilter())
    assert not model.canFetchMore()


def test_export_button_writes_the_filtered_rows(view, qtbot, tmp_path, monkeypatch, modal):
    target = tmp_path / "修改记录.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(target), "")))
    view.user_edit.setFocus()
    qtbot.keyClicks(view.user_edit, "alice")
    qtbot.waitUntil(lambda: set(_shown_column(view, AuditTableModel.USER)) == {"alice"}, timeout=5000)
    click(qtbot, view.export_button)
    qtbot.waitUntil(lambda: view.result_label.text().startswith("已导出"), timeout=15000)
    assert "1 条" in view.result_label.text()
    wb = openpyxl.load_workbook(target)
    sheet = wb[audit_export.SHEET_ENTRIES]
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    header = [c.value for c in sheet[1]]
    assert len(values) == 1
    row = dict(zip(header, values[0], strict=True))
    assert (row["修改人"], row["项目编号"], row["县区"], row["新值"]) == ("alice", CODE, "灵丘县", "0.35")
    conditions = dict(wb[audit_export.SHEET_CONDITIONS].iter_rows(min_row=2, values_only=True))
    assert conditions["修改人"] == "包含“alice”"

    # the same file again: asked first; 覆盖 replaces it with what is shown now (every row)
    click(qtbot, view.clear_button)
    modal.expect("覆盖")
    click(qtbot, view.export_button)
    qtbot.waitUntil(lambda: "1 条" not in view.result_label.text(), timeout=15000)
    qtbot.waitUntil(lambda: view.result_label.text().startswith("已导出"), timeout=15000)
    everything = audit_service.count_entries(view.ws, AuditFilter())
    assert openpyxl.load_workbook(target)[audit_export.SHEET_ENTRIES].max_row == everything + 1


def test_export_refused_onto_the_open_database(view, qtbot, monkeypatch):
    database = view.ws.db.sqlite_path
    before = database.read_bytes()
    view.export_to(str(database), force=True)
    qtbot.waitUntil(lambda: view.result_label.text().startswith("导出失败"), timeout=15000)
    assert "正在使用的数据库" in view.result_label.text() and database.read_bytes() == before


def test_escape_closes_the_window(view, qtbot):
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Escape)
    assert not view.isVisible()


def test_main_window_menu_opens_the_audit_log(qtbot, two_people, qapp):
    """数据 → 审计日志…: the window opens on the main window's database and closes with Esc."""
    from PySide6.QtWidgets import QApplication

    from tests.fixtures.gui_support import running_main_window

    fixture = running_main_window(qtbot, two_people, qapp)
    window = next(fixture)
    seen: list[set[str]] = []
    tries = [0]

    def look_and_close() -> None:
        """Whether the window opens modally (exec) or not (show): find it, read it, press Esc in it."""
        views = [w for w in QApplication.topLevelWidgets() if isinstance(w, AuditView) and w.isVisible()]
        tries[0] += 1
        if not views:
            if tries[0] < 300:
                QTimer.singleShot(30, look_and_close)
            return
        seen.append(set(_shown_column(views[0], AuditTableModel.USER)))
        qtbot.keyClick(views[0].table, Qt.Key.Key_Escape)

    QTimer.singleShot(30, look_and_close)
    data_menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("数据"))
    assert window.audit_action in data_menu.actions()
    window.audit_action.trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert {"alice", "张三"} <= seen[0]
    qtbot.waitUntil(
        lambda: not any(isinstance(w, AuditView) and w.isVisible() for w in QApplication.topLevelWidgets()),
        timeout=5000,
    )
    next(fixture, None)
