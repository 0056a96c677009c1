"""Acceptance tests of the project window, acting as a person: open a project by double-clicking it, close it
with 关闭, Esc or the close box, answer the unsaved-changes question, undo with Ctrl+Z, type amounts.

Each asserts what the person sees: the window is gone (or still there), the value in the database, the
message text. Message boxes are real and answered by clicking their buttons (tests/fixtures/gui_support.py).
"""

from __future__ import annotations

import gc
import weakref
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.core import project_service
from tests.fixtures.gui_support import (
    click,
    double_click_project,
    replace_text,
    running_main_window,
    type_text,
)

CODE = "附表1-02"


def _closed(qtbot, window, editor, project_id: str) -> None:
    assert not editor.isVisible()
    qtbot.waitUntil(lambda: project_id not in window.editors, timeout=5000)  # and deleted (WA_DeleteOnClose)


# ---------------------------------------------------------------------------------------------- closing


def test_close_button_closes_the_project_window(window, qtbot):
    row, editor = double_click_project(qtbot, window, CODE)
    assert editor.isVisible() and editor.windowTitle().startswith(f"项目 {CODE}")
    click(qtbot, editor.close_button)
    _closed(qtbot, window, editor, row.id)


def test_escape_closes_the_project_window(window, qtbot):
    row, editor = double_click_project(qtbot, window, CODE)
    name = editor.widget_for("name")
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_Escape)
    _closed(qtbot, window, editor, row.id)


def test_window_close_box_closes_the_project_window(window, qtbot):
    row, editor = double_click_project(qtbot, window, CODE)
    assert editor.windowHandle().close()  # what the title bar's close box asks the window system for
    _closed(qtbot, window, editor, row.id)


def test_project_opens_again_after_closing(window, qtbot):
    row, editor = double_click_project(qtbot, window, CODE)
    click(qtbot, editor.close_button)
    _closed(qtbot, window, editor, row.id)
    _row, again = double_click_project(qtbot, window, CODE)
    assert again.isVisible() and again is not editor


def test_unsaved_change_discarded(window, qtbot, modal):
    row, editor = double_click_project(qtbot, window, CODE)
    replace_text(qtbot, editor.widget_for("name"), "改过的名称")
    assert editor.isWindowModified()
    modal.expect("放弃")
    click(qtbot, editor.close_button)
    _closed(qtbot, window, editor, row.id)
    assert "未保存的修改" in modal.texts[0] and "项目名称" in modal.texts[0]
    assert project_service.get_project(window.ws, row.id).name == row.name


def test_unsaved_change_saved_on_close(window, qtbot, modal):
    row, editor = double_click_project(qtbot, window, CODE)
    replace_text(qtbot, editor.widget_for("investment_total"), "12.5")
    modal.expect("保存")
    qtbot.keyClick(editor.widget_for("investment_total"), Qt.Key.Key_Escape)
    _closed(qtbot, window, editor, row.id)
    stored = project_service.get_project(window.ws, row.id)
    assert stored.investment_total == Decimal("12.5") and stored.version == row.version + 1


def test_unsaved_change_cancel_keeps_the_window_open(window, qtbot, modal):
    row, editor = double_click_project(qtbot, window, CODE)
    stored_note = project_service.get_project(window.ws, row.id).note
    replace_text(qtbot, editor.widget_for("note"), "还没想好")
    modal.expect("取消")
    assert editor.windowHandle().close() is False  # the close box: 取消 keeps it
    assert editor.isVisible() and editor.binding("note").get() == "还没想好"
    modal.expect("取消")
    assert editor.close() is False  # the main window's 退出 calls close(): it learns the window stayed
    assert editor.isVisible()
    assert project_service.get_project(window.ws, row.id).note == stored_note  # nothing written


def test_quit_with_unsaved_project_asks_and_cancel_keeps_everything_open(window, qtbot, modal):
    row, editor = double_click_project(qtbot, window, CODE)
    replace_text(qtbot, editor.widget_for("name"), "退出前的修改")
    modal.expect("取消")
    window.quit_action.trigger()
    assert window.isVisible() and editor.isVisible()
    modal.expect("放弃")
    window.quit_action.trigger()
    assert not editor.isVisible() and not window.isVisible()
    assert project_service.get_project(window.ws, row.id).name == row.name


def test_save_refused_on_close_keeps_the_window_open(window, qtbot, modal):
    """保存 in the closing question with a value the core refuses: the reason is shown and the window stays."""
    row, editor = double_click_project(qtbot, window, CODE)
    replace_text(qtbot, editor.widget_for("investment_total"), "1,5")
    modal.expect("保存")
    click(qtbot, editor.close_button)
    assert editor.isVisible() and editor.banner.isVisible()
    assert project_service.get_project(window.ws, row.id).investment_total == row.investment_total


# ---------------------------------------------------------------------------------------------- undo


def test_ctrl_z_undoes_typing_in_a_field(window, qtbot):
    row, editor = double_click_project(qtbot, window, CODE)
    name = editor.widget_for("name")
    replace_text(qtbot, name, "临时名称")
    assert name.text() == "临时名称"
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert name.text() == row.name and not editor.isWindowModified()
    qtbot.keyClick(name, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert name.text() == "临时名称"


def test_typing_is_one_undo_step_and_the_closed_window_is_freed(window, qtbot, modal):
    """Typing on in a field is one undo step. QUndoStack's own merging deleted each merged keystroke's command
    inside push(), and PySide kept that command's wrapper, and through it the whole project window, for good."""
    row, editor = double_click_project(qtbot, window, CODE)
    name = editor.widget_for("name")
    replace_text(qtbot, name, "typed on")  # ASCII: one key, one change, at a time
    assert editor.undo_stack.count() == 1 and editor.isWindowModified()
    window_ref = weakref.ref(editor)
    modal.expect("放弃")
    qtbot.keyClick(name, Qt.Key.Key_Escape)
    _closed(qtbot, window, editor, row.id)
    del editor, name
    qtbot.waitUntil(lambda: gc.collect() >= 0 and window_ref() is None, timeout=5000)
    assert project_service.get_project(window.ws, row.id).name == row.name


def test_ctrl_z_works_in_the_lead_department_box(window, qtbot):
    """The editable department box used to swallow Ctrl+Z: nothing happened while the cursor was in it."""
    row, editor = double_click_project(qtbot, window, CODE)
    box = editor.departments.combo
    before = editor.departments.value()
    known = next(d for d in project_service.known_departments(window.ws) if d not in before)
    box.setFocus()
    type_text(qtbot, box.lineEdit(), known)
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert editor.departments.value() == (*before, known)
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.departments.value() == before
    assert not editor.isWindowModified()


# ---------------------------------------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("1,5", "逗号"), ("0,35", "逗号"), ("1，5", "逗号"), ("1e3", "科学计数法")],
)
def test_amount_with_a_stray_comma_is_refused_with_the_reason(window, qtbot, typed, reason):
    row, editor = double_click_project(qtbot, window, CODE)
    box = editor.widget_for("investment_total")
    replace_text(qtbot, box, typed)
    error = editor._errors["investment_total"]
    assert error.isVisible() and reason in error.text()  # said while typing, before saving
    click(qtbot, editor.save_button)
    assert editor.banner.isVisible() and "未保存任何内容" in editor.banner.text()
    assert project_service.get_project(window.ws, row.id).investment_total == row.investment_total


def test_amount_with_thousands_separator_is_saved_as_decimal(window, qtbot):
    row, editor = double_click_project(qtbot, window, CODE)
    box = editor.widget_for("investment_total")
    replace_text(qtbot, box, "1,234.5")
    assert not editor._errors["investment_total"].isVisible()
    qtbot.keyClick(box, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    stored = project_service.get_project(window.ws, row.id).investment_total
    assert isinstance(stored, Decimal) and stored == Decimal("1234.5")
    assert box.text() == "1234.5" and not editor.isWindowModified()


def test_retyping_the_stored_amount_is_no_change(window, qtbot):
    """35.27 shown, 35.270 typed: the core reads the same number, so nothing is unsaved (no question)."""
    code = next(r.code for r in window.portfolio.model.all_rows() if r.investment_total is not None)
    row, editor = double_click_project(qtbot, window, code)
    stored = project_service.get_project(window.ws, row.id).investment_total
    replace_text(qtbot, editor.widget_for("investment_total"), f"{stored:f}0")
    assert editor.changes() == {}
    click(qtbot, editor.close_button)
    assert not editor.isVisible()


# ---------------------------------------------------------------------------------------------- read-only


def test_read_only_database_shows_why_and_saves_nothing(read_only_workspace, qtbot, qapp, modal):
    window = next(running := running_main_window(qtbot, read_only_workspace, qapp))
    try:
        row, editor = double_click_project(qtbot, window, CODE)
        assert editor.read_only_banner.isVisible()
        assert read_only_workspace.read_only_reason in editor.read_only_banner.text()
        milestones, progress, issues = editor.tracking_tabs
        assert not progress.save_button.isEnabled()
        assert not milestones.template_button.isEnabled() and not milestones.save_button.isEnabled()
        assert not issues.new_button.isEnabled() and not issues.save_button.isEnabled()
        box = editor.widget_for("investment_total")
        replace_text(qtbot, box, "99")
        assert not editor.save_button.isEnabled()
        qtbot.keyClick(box, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # no traceback, nothing written
        assert project_service.get_project(window.ws, row.id).investment_total == row.investment_total
        modal.expect("放弃")
        click(qtbot, editor.close_button)
        assert not editor.isVisible()
    finally:
        next(running, None)
