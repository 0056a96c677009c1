"""备份与恢复 dialog and the start-up check, driven with clicks (offscreen)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from app.core import backups, projects
from app.core.changes import Changes
from app.ui.change_bus import ChangeBus

CODE = "附表2-03"


def _set_name(ws, name: str) -> None:
    with ws.session() as s:
        project = projects.get_project(s, code=CODE)
        projects.update_project(s, project.id, {"name": name}, user="测试员")


def _name(ws) -> str:
    with ws.session() as s:
        return projects.get_project(s, code=CODE).name


def _click_row(qtbot, table, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.fixture
def dialog(qtbot, workspace, no_modal_dialogs):
    from app.ui.backups_dialog import BackupsDialog

    _set_name(workspace, "旧的名称")
    backups.backup_now(workspace, "manual")
    _set_name(workspace, "新的名称")
    backups.backup_now(workspace, "start")
    _set_name(workspace, "现在的名称")
    bus = ChangeBus()
    d = BackupsDialog(workspace, bus)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def test_dialog_lists_backups_with_counts_and_previews_one(dialog, qtbot):
    table = dialog.table
    assert table.rowCount() == 2
    assert [table.item(r, 1).text() for r in range(2)] == ["程序启动时", "手动备份"]  # newest first
    assert [table.item(r, 3).text() for r in range(2)] == ["68", "68"]
    assert [table.item(r, 4).text() for r in range(2)] == ["0", "0"]
    assert all(table.item(r, 5).text() == "完好" for r in range(2))
    assert "当前数据库：68 个项目，0 条季度进展" in dialog.current_label.text()
    assert "备份位置" in dialog.where_label.text()

    _click_row(qtbot, table, 1)

    text = dialog.preview.toPlainText()
    assert "手动备份" in text and "项目 68 个，季度进展 0 条" in text
    assert "旧的名称" in text  # the newest audit entries of that backup: the edit just before it
    assert "新的名称" not in text


def test_restore_after_confirmation_backs_up_first_and_announces(dialog, qtbot, workspace):
    announced: list[Changes] = []
    dialog.bus.changed.connect(announced.append)
    _click_row(qtbot, dialog.table, 1)  # the older one: 旧的名称

    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert box is not None and box.isVisible() and "68 个项目" in box.text()
    with qtbot.waitSignal(dialog.bus.changed, timeout=30000):
        qtbot.mouseClick(dialog.restore_confirm_button, Qt.MouseButton.LeftButton)

    assert announced == [Changes.everything()]
    assert _name(workspace) == "旧的名称"
    assert "已从" in dialog.status_label.text() and "恢复前的数据已备份为" in dialog.status_label.text()
    table = dialog.table
    assert table.rowCount() == 3 and table.item(0, 1).text() == "恢复备份前"
    kept = backups.list_backups(workspace.db.sqlite_path)[0].path
    con = sqlite3.connect(kept)
    try:
        assert con.execute("SELECT name FROM projects WHERE code = ?", (CODE,)).fetchone()[0] == "现在的名称"
    finally:
        con.close()

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_cancel_restores_nothing(dialog, qtbot, workspace):
    _click_row(qtbot, dialog.table, 1)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    cancel = next(b for b in box.buttons() if b.text() == "取消")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not box.isVisible()
    assert _name(workspace) == "现在的名称"
    assert dialog.table.rowCount() == 2 and dialog.status_label.text() == ""


def test_backup_now_button_adds_a_row(dialog, qtbot):
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 3
    assert dialog.table.item(0, 1).text() == "手动备份"
    assert "已备份并通过完整性检查" in dialog.status_label.text()


def _answer_modal(qtbot, answers: list[str | None], seen: list[str]) -> None:
    """Click the named button of each modal message box as it appears (QMessageBox.exec blocks the test);
    None: its only button (OK / 确定, depending on the translators installed)."""

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible() and answers:
            seen.append(box.text())
            wanted = answers.pop(0)
            buttons = box.findChildren(QPushButton)
            button = buttons[0] if wanted is None else next(b for b in buttons if b.text() == wanted)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        if answers:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):
        data[offset : offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def test_damaged_database_at_start_offers_the_latest_good_backup(qtbot, qapp, workspace, db_path):
    from app.ui.backups_dialog import check_database_at_start

    _set_name(workspace, "备份里的名称")
    backups.backup_now(workspace, "start")
    workspace.close()
    _corrupt(db_path)

    seen: list[str] = []
    _answer_modal(qtbot, ["用这份备份恢复", None], seen)
    assert check_database_at_start(str(db_path), "测试员") is True

    assert "已损坏" in seen[0] and "已用备份恢复数据库" in seen[1]
    assert backups.quick_check(db_path).ok
    damaged = list(db_path.parent.glob("portfolio.damaged-*.sqlite3"))
    assert len(damaged) == 1 and not backups.quick_check(damaged[0]).ok
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("SELECT name FROM projects WHERE code = ?", (CODE,)).fetchone()[0] == "备份里的名称"
    finally:
        con.close()


def test_damaged_database_at_start_quit_leaves_the_file_alone(qtbot, qapp, workspace, db_path):
    from app.ui.backups_dialog import check_database_at_start

    backups.backup_now(workspace, "start")
    workspace.close()
    _corrupt(db_path)
    damaged_bytes = db_path.read_bytes()

    seen: list[str] = []
    _answer_modal(qtbot, ["退出"], seen)
    assert check_database_at_start(str(db_path)) is False
    assert db_path.read_bytes() == damaged_bytes


def test_start_backup_only_when_changed(workspace, db_path):
    from app.ui.backups_dialog import backup_at_start

    first = backup_at_start(workspace)
    assert first is not None and first.reason == "start"
    assert backup_at_start(workspace) == first
    assert len(backups.list_backups(db_path)) == 1
