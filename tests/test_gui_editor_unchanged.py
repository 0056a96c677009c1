"""Opening a project and closing it without an edit must close silently, for every seeded project.

附表1-04 asked "未保存的修改：基本信息（涉及县区）" on Esc right after opening: its stored 涉及县区 (云冈区、阳高县、
新荣区) came back from the check list in the list's order. 附表3-08's 建设地点 is stored on three lines, and the
core's rule for a typed 建设地点 puts it on one line, so the unchanged text read as an edit.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.core import project_service
from app.ui.change_bus import ChangeBus
from app.ui.project_editor import ProjectEditor
from tests.fixtures.gui_support import click, double_click_project

# The seeded projects whose unchanged form read as an edit.
ONCE_FALSELY_CHANGED = ("附表1-04", "附表3-08", "附表6-04")


def test_every_seeded_project_loads_without_unsaved_changes(workspace, qtbot):
    """The closing question's own check on each of the 68 projects' freshly loaded form. One window shows the
    projects in turn (its form is read afresh by load(), as on opening), so the check takes seconds."""
    rows = project_service.load_portfolio(workspace)
    assert len(rows) == 68
    editor = ProjectEditor(workspace, rows[0].id, ChangeBus())
    qtbot.addWidget(editor)
    falsely_changed = {}
    for row in rows:
        editor.project_id = row.id
        editor.load()
        assert editor.binding("name").get() == row.name  # the form shows this project
        if parts := editor.unsaved_parts():
            falsely_changed[row.code] = parts
    assert falsely_changed == {}
    editor.done(0)


@pytest.mark.parametrize("code", ONCE_FALSELY_CHANGED)
def test_escape_right_after_opening_closes_without_a_question(window, qtbot, code):
    row, editor = double_click_project(qtbot, window, code)
    assert not editor.isWindowModified()
    qtbot.keyClick(editor.widget_for("name"), Qt.Key.Key_Escape)
    assert not editor.isVisible()  # the modal fixture fails the test if "未保存的修改" was asked
    qtbot.waitUntil(lambda: row.id not in window.editors, timeout=5000)
    assert project_service.get_project(window.ws, row.id).version == row.version


def test_unticking_and_ticking_a_county_again_is_no_change(window, qtbot):
    """The check list shows no order: the stored order of 涉及县区 survives clicks that end where they began."""
    row, editor = double_click_project(qtbot, window, "附表1-04")
    stored = project_service.get_project(window.ws, row.id).counties
    assert stored == ("云冈区", "阳高县", "新荣区")  # not the list's order (新荣区 comes before 阳高县 there)
    counties = editor.counties_list
    editor.tabs.setCurrentIndex(0)
    item = counties.item_for("阳高县")
    counties.scrollToItem(item)
    for _ in range(2):
        qtbot.mouseClick(counties.viewport(), Qt.MouseButton.LeftButton, pos=counties.visualItemRect(item).center())
    assert item.checkState() == Qt.CheckState.Checked
    assert editor.unsaved_parts() == []
    click(qtbot, editor.close_button)
    assert not editor.isVisible()


def test_a_real_county_change_is_saved_in_the_stored_order(window, qtbot, modal):
    row, editor = double_click_project(qtbot, window, "附表1-04")
    counties = editor.counties_list
    item = counties.item_for("天镇县")
    counties.scrollToItem(item)
    qtbot.mouseClick(counties.viewport(), Qt.MouseButton.LeftButton, pos=counties.visualItemRect(item).center())
    modal.expect("保存")
    qtbot.keyClick(editor.widget_for("name"), Qt.Key.Key_Escape)
    assert "涉及县区" in modal.texts[0]
    assert not editor.isVisible()
    assert project_service.get_project(window.ws, row.id).counties == ("云冈区", "阳高县", "新荣区", "天镇县")


def test_editing_a_multi_line_location_is_still_a_change(window, qtbot, modal):
    row, editor = double_click_project(qtbot, window, "附表3-08")
    stored = project_service.get_project(window.ws, row.id).location
    assert stored is not None and "\n" in stored
    box = editor.widget_for("location")
    box.setFocus()
    box.moveCursor(box.textCursor().MoveOperation.End)
    qtbot.keyClicks(box, "2")
    assert "项目建设地点" in "；".join(editor.unsaved_parts())
    modal.expect("放弃")
    click(qtbot, editor.close_button)
    assert not editor.isVisible()
    assert project_service.get_project(window.ws, row.id).location == stored
