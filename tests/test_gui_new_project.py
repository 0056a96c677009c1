"""编辑 → 新建项目…, driven as a person drives it on real SQLite files: the fields typed key by key (Chinese as the
input method delivers it), 确定 clicked; the project in the database, in 项目总览 and in its own window. A bad
amount keeps the dialog open with the core's Chinese message and writes nothing; a county office and a
read-only file get the menu entry disabled, with the reason as its tooltip."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QToolTip

from app.core import office, project_service
from app.core.workspace import open_workspace
from app.ui.new_project_dialog import NewProjectDialog
from tests.fixtures.gui_support import choose_by_arrows, click, running_main_window, type_text

LEFT = Qt.MouseButton.LeftButton
NAME = "御河生态补水工程"


def _workspace_of(db_path: Path, office_name: str | None):
    ws = open_workspace(db_path)
    if office_name is not None:
        office.set_office(ws, office_name)
    return ws


# The city's window comes without the `modal` guard (it would close the dialog these tests drive); the county's
# has it, so a dialog that opens there fails the test.
@pytest.fixture
def city_window(qtbot, db_path, qapp):
    ws = _workspace_of(db_path, "市级")
    yield from running_main_window(qtbot, ws, qapp)
    ws.close()


@pytest.fixture
def county_window(qtbot, db_path, qapp, modal):
    ws = _workspace_of(db_path, "灵丘县")
    yield from running_main_window(qtbot, ws, qapp)
    ws.close()


def _rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with closing(sqlite3.connect(db)) as con:
        return con.execute(sql, params).fetchall()


def _project_count(db: Path) -> int:
    return _rows(db, "SELECT count(*) FROM projects")[0][0]


def _in_new_project_dialog(qtbot, act) -> dict[str, object]:
    """Run `act(dialog)` once the modal 新建项目 dialog is open (its exec() runs its own event loop); a failure
    is kept for the test to raise after the dialog closed, and the dialog never stays open to hang the run."""
    outcome: dict[str, object] = {}

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewProjectDialog):
            QTimer.singleShot(20, run)
            return
        outcome["dialog"] = dialog
        try:
            dialog.activateWindow()  # what a window manager does for a new window; offscreen has none
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
            act(dialog)
        except BaseException as exc:
            outcome["error"] = exc
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, run)
    return outcome


def _raise_failure(outcome: dict[str, object]) -> None:
    """What went wrong inside the dialog, raised now that it is closed."""
    error = outcome.get("error")
    if isinstance(error, BaseException):
        raise error


def _press_ctrl_n(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)


def _type_into(qtbot, widget, text: str) -> None:
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    type_text(qtbot, widget, text)


def _choose_by_arrows(qtbot, combo, text: str) -> None:
    choose_by_arrows(qtbot, combo, combo.findText(text))
    assert combo.currentText() == text


def test_a_new_project_typed_in_the_dialog_is_saved_listed_and_opened(qtbot, city_window, db_path):
    window = city_window
    first, second = project_service.known_departments(window.ws)[:2]
    before = _project_count(db_path)
    assert window.new_project_action.isEnabled()
    assert window.new_project_action.shortcut() == QKeySequence(QKeySequence.StandardKey.New)

    def fill_and_confirm(dialog: NewProjectDialog) -> None:
        _type_into(qtbot, dialog.name_edit, NAME)
        _choose_by_arrows(qtbot, dialog.county_combo, "灵丘县")
        _type_into(qtbot, dialog.investment_edit, "1.25")
        _type_into(qtbot, dialog.land_edit, "30")
        _type_into(qtbot, dialog.departments.combo_edit, first)
        click(qtbot, dialog.departments.add_button)
        _type_into(qtbot, dialog.departments.combo_edit, second)  # typed, not added: 确定 takes it too
        _type_into(qtbot, dialog.texts["entities"], "灵丘县水务局")
        _type_into(qtbot, dialog.texts["content"], "建设补水管线12公里")
        click(qtbot, dialog.ok_button)

    outcome = _in_new_project_dialog(qtbot, fill_and_confirm)
    _press_ctrl_n(qtbot, window)  # 编辑 → 新建项目… (Ctrl+N)
    _raise_failure(outcome)
    dialog = outcome["dialog"]
    assert isinstance(dialog, QDialog) and not dialog.isVisible()

    assert _project_count(db_path) == before + 1
    [(project_id, code, county, investment, land, content)] = _rows(
        db_path,
        "SELECT id, code, county, investment_total, new_land_mu, content FROM projects WHERE name = ?",
        NAME,
    )
    assert (code, county, content) == ("新增-01", "灵丘县", "建设补水管线12公里")
    assert (float(investment), float(land)) == (1.25, 30.0)
    leads = _rows(
        db_path,
        "SELECT d.name FROM project_lead_departments l JOIN departments d ON d.id = l.department_id "
        "WHERE l.project_id = ? ORDER BY l.position",
        project_id,
    )
    assert [name for (name,) in leads] == [first, second]
    assert _rows(db_path, "SELECT field, source FROM audit_entries WHERE project_id = ?", project_id) == [
        ("created", "manual")
    ]

    # The portfolio lists it (the dialog announced it on the bus) and its window is open.
    qtbot.waitUntil(lambda: any(r.id == project_id for r in window.portfolio.model.visible_rows()), timeout=30000)
    qtbot.waitUntil(lambda: project_id in window.editors and window.editors[project_id].isVisible(), timeout=5000)
    editor = window.editors[project_id]
    assert editor.code_label.text().startswith("新增-01")
    assert "新增-01" in window.statusBar().currentMessage()


def test_a_bad_amount_keeps_the_dialog_open_with_the_reason_and_writes_nothing(qtbot, city_window, db_path):
    window = city_window
    before = _project_count(db_path)
    audit_before = _rows(db_path, "SELECT count(*) FROM audit_entries")

    def fill_and_confirm(dialog: NewProjectDialog) -> None:
        _type_into(qtbot, dialog.name_edit, NAME)
        _type_into(qtbot, dialog.investment_edit, "1,5")
        click(qtbot, dialog.ok_button)
        assert dialog.isVisible()  # still open: the person corrects the amount
        message = dialog.field_errors["investment_total"]
        assert message.isVisible()
        assert "“1,5”中的逗号不是千位分隔符" in message.text() and "亿元" in message.text()
        assert not dialog.field_errors["name"].isVisible()
        assert _project_count(db_path) == before
        outcome["checked"] = True
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Cancel))

    outcome = _in_new_project_dialog(qtbot, fill_and_confirm)
    window.new_project_action.trigger()
    _raise_failure(outcome)
    assert outcome.get("checked")
    assert _project_count(db_path) == before
    assert _rows(db_path, "SELECT count(*) FROM audit_entries") == audit_before
    assert _rows(db_path, "SELECT count(*) FROM projects WHERE name = ?", NAME) == [(0,)]
    assert not window.open_editors()


def test_a_missing_name_is_said_next_to_the_name(qtbot, city_window, db_path):
    before = _project_count(db_path)

    def confirm_empty(dialog: NewProjectDialog) -> None:
        click(qtbot, dialog.ok_button)
        assert dialog.isVisible()
        assert dialog.field_errors["name"].isVisible()
        assert dialog.field_errors["name"].text() == "项目名称不能为空"
        outcome["checked"] = True
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    outcome = _in_new_project_dialog(qtbot, confirm_empty)
    city_window.new_project_action.trigger()
    _raise_failure(outcome)
    assert outcome.get("checked") and not outcome["dialog"].isVisible()
    assert _project_count(db_path) == before


def _tooltip_over(qtbot, menu, action) -> str:
    """Open the menu, rest the mouse on the entry and ask for its tooltip, as hovering does."""
    menu.popup(QPoint(0, 0))
    qtbot.waitExposed(menu)
    centre = menu.actionGeometry(action).center()
    QApplication.sendEvent(menu, QHelpEvent(QEvent.Type.ToolTip, centre, menu.mapToGlobal(centre)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
    text = QToolTip.text()
    menu.hide()
    QToolTip.hideText()
    return text


def test_a_county_cannot_add_projects_and_the_menu_says_why(qtbot, county_window, db_path):
    window = county_window
    action = window.new_project_action
    assert not action.isEnabled()
    expected = "本库属于灵丘县：新增项目由市级录入，市级的数据包会把新项目带到各单位"
    assert action.toolTip() == expected
    assert _tooltip_over(qtbot, window.edit_menu, action) == expected
    before = _project_count(db_path)
    _press_ctrl_n(qtbot, window)  # the shortcut of a disabled entry does nothing (the modal guard sees no dialog)
    qtbot.wait(100)
    assert QApplication.activeModalWidget() is None
    assert _project_count(db_path) == before


def test_setting_the_office_to_a_county_disables_the_entry_at_once(qtbot, city_window):
    window = city_window
    assert window.new_project_action.isEnabled()
    from app.core.changes import Changes

    office.set_office(window.ws, "广灵县")
    window.bus.announce(Changes(reference=True))  # what the settings screen announces after saving the office
    assert not window.new_project_action.isEnabled()
    assert "本库属于广灵县" in window.new_project_action.toolTip()


def test_a_read_only_database_disables_the_entry_with_the_reason(qtbot, read_only_workspace, qapp, modal):
    for window in running_main_window(qtbot, read_only_workspace, qapp):
        assert not window.new_project_action.isEnabled()
        assert window.new_project_action.toolTip() == read_only_workspace.read_only_reason
