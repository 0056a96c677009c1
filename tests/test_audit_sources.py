"""Every kind of change reaches the audit log: each test makes the change through the path people use (the
project window, the CLI, an Excel import, a restore from backup, a quarter's state change) and finds it in the
global audit view's query (app.core.audit_service), with the right user, source and label."""

from __future__ import annotations

import re
from decimal import Decimal

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core import audit_service, backups, period_service, project_service, tracking_service
from app.core.audit_service import AuditFilter
from app.core.workspace import open_workspace
from app.exchange import layout
from tests.fixtures.exchange.support import row_of, set_field
from tests.fixtures.gui_support import click, replace_text

CODE = "附表1-08"


def _entries(db_path, **conditions) -> list[audit_service.AuditRow]:
    ws = open_workspace(db_path)
    try:
        return list(audit_service.iter_entries(ws, AuditFilter(**conditions)))
    finally:
        ws.close()


# ---------------------------------------------------------------------------------------------- desktop
def _editor(qtbot, workspace, code: str):
    from app.ui.change_bus import ChangeBus
    from app.ui.project_editor import ProjectEditor

    bus = ChangeBus()
    project_id = tracking_service.project_id_for_code(workspace, code)
    editor = ProjectEditor(workspace, project_id, bus)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor, timeout=5000)
    return editor, bus


def test_project_window_save_is_in_the_audit_view(qtbot, workspace, modal):
    from app.ui.audit_view import AuditView

    editor, bus = _editor(qtbot, workspace, CODE)
    view = AuditView(workspace, bus)  # open beside the editor: it must show the save without a refresh
    qtbot.addWidget(view)
    view.show()
    before = len(view.rows_shown())
    replace_text(qtbot, editor.widget_for("note"), "审计测试备注")
    click(qtbot, editor.save_button)
    rows = _entries(workspace.db.path, project=CODE, source="manual", kind="project")
    assert [(r.field, r.new_value, r.user, r.source_label, r.source_detail) for r in rows] == [
        ("note", "审计测试备注", workspace.user, "桌面程序", "桌面程序")
    ]
    assert rows[0].field_label == project_service.field_label("project", "note") and rows[0].county == "灵丘县"
    qtbot.waitUntil(lambda: len(view.rows_shown()) == before + 1, timeout=5000)
    assert view.rows_shown()[0].new_value == "审计测试备注"


def test_progress_tab_save_is_in_the_audit_log(qtbot, workspace, modal):
    editor, _bus = _editor(qtbot, workspace, CODE)
    tabs = editor.tabs
    index = next(i for i in range(tabs.count()) if tabs.tabText(i).startswith("季度进展"))
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    tab = tabs.widget(index)
    tab.period.setCurrentIndex(tab.period.findData("2025Q3"))
    replace_text(qtbot, tab.fields["invested"], "0.42")
    click(qtbot, tab.save_button)
    rows = _entries(workspace.db.path, project=CODE, kind="progress")
    assert [(r.field, r.new_value, r.source) for r in rows] == [("2025Q3.invested", "0.42", "manual")]


# ---------------------------------------------------------------------------------------------- CLI
def test_cli_progress_milestone_and_issue_edits(cli, db_path):
    who = ("--user", "县区填报员")
    code, out, err = cli(*who, "progress", "set", "--code", CODE, "--period", "2025Q3", "--invested", "0.5", db=db_path)
    assert code == 0, err
    code, out, err = cli(
        *who, "milestone", "add", "--code", CODE, "--title", "可研批复", "--planned", "2025-09-30", db=db_path
    )
    assert code == 0, err
    milestone_id = re.search(r"added milestone (\S+)", out).group(1)
    code, out, err = cli(*who, "milestone", "edit", "--id", milestone_id, "--actual", "2025-10-08", db=db_path)
    assert code == 0, err
    code, out, err = cli(*who, "issue", "add", "--code", CODE, "--description", "用地手续未办结", db=db_path)
    assert code == 0, err
    issue_id = re.search(r"added issue (\S+)", out).group(1)
    code, out, err = cli(*who, "issue", "close", "--id", issue_id, "--resolution", "已协调自然资源局", db=db_path)
    assert code == 0, err

    rows = _entries(db_path, user="县区填报员")
    assert rows and {r.source for r in rows} == {"cli"} and {r.project_code for r in rows} == {CODE}
    changes = {(r.kind, r.field, r.new_value) for r in rows}
    assert ("progress", "2025Q3.invested", "0.5") in changes
    assert ("milestone", "actual_date", "2025-10-08") in changes
    assert ("coordination_issue", "created", "用地手续未办结") in changes
    assert any(kind == "coordination_issue" and new == "已协调自然资源局" for kind, _f, new in changes)
    assert {r.kind for r in rows} == {"progress", "milestone", "coordination_issue"}


def test_cli_period_state_changes(cli, db_path):
    for action in (("submit", "2025Q3"), ("lock", "2025Q3"), ("reopen", "2025Q3", "--reason", "补报灵丘县数据")):
        code, _out, err = cli("--user", "市发改委", "period", *action, db=db_path)
        assert code == 0, err
    rows = _entries(db_path, kind="period", source="cli")
    assert [(r.entity_id, r.old_value, r.new_value, r.user) for r in rows] == [
        ("2025Q3", "locked", "open", "市发改委"),
        ("2025Q3", "submitted", "locked", "市发改委"),
        ("2025Q3", "open", "submitted", "市发改委"),
    ]
    assert rows[0].source_detail == "补报灵丘县数据" and rows[0].kind_label == "报告期状态"


def test_desktop_period_state_changes(workspace):
    """The 季度报送与锁定 dialog calls period_service with its default source."""
    period_service.submit(workspace, "2025Q2")
    period_service.lock(workspace, "2025Q2")
    period_service.reopen(workspace, "2025Q2", "更正投资数据")
    rows = _entries(workspace.db.path, kind="period", source="manual")
    assert [(r.new_value, r.user) for r in rows] == [
        ("open", workspace.user),
        ("locked", workspace.user),
        ("submitted", workspace.user),
    ]


# ---------------------------------------------------------------------------------------------- import
def test_xlsx_import_is_in_the_audit_log_with_the_file(cli, db_path, tmp_path):
    entry = tmp_path / "灵丘县.xlsx"
    code, _out, err = cli(
        "export-xlsx", "--out", str(entry), "--county", "灵丘县", "--entry", "--period", "2025Q3", db=db_path
    )
    assert code == 0, err
    wb = openpyxl.load_workbook(entry)
    sheet = wb[layout.SHEET_PROGRESS]
    set_field(sheet, row_of(sheet, CODE), "本季度完成投资（亿元）", "0.66")
    wb.save(entry)
    code, _out, err = cli("--user", "灵丘县发改局", "import-xlsx", str(entry), db=db_path)
    assert code == 0, err
    rows = _entries(db_path, source="import")
    assert [(r.project_code, r.field, r.new_value, r.user) for r in rows] == [
        (CODE, "2025Q3.invested", "0.66", "灵丘县发改局")
    ]
    assert rows[0].source_label == "导入文件" and entry.name in (rows[0].source_detail or "")


# ---------------------------------------------------------------------------------------------- restore
def test_restore_from_backup_is_in_the_audit_log(cli, db_path):
    ws = open_workspace(db_path)
    try:
        backup = backups.backup_now(ws, "manual").path
        tracking_service.set_progress(
            ws, tracking_service.project_id_for_code(ws, CODE), "2025Q3", invested=Decimal("1.2")
        )
    finally:
        ws.close()
    code, _out, err = cli("--user", "管理员", "restore", str(backup), "--yes", db=db_path)
    assert code == 0, err
    rows = _entries(db_path, source="restore")
    assert [(r.kind, r.new_value, r.user, r.source_label) for r in rows] == [
        ("database", backup.name, "管理员", "恢复备份")
    ]
    assert str(backup) in (rows[0].source_detail or "")
    # the restored content is the backup's: the progress written after it is gone, and so is its audit entry
    assert _entries(db_path, kind="progress") == []
