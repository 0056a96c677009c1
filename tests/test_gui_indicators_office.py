"""规划指标 in a county office, driven with the keyboard and the mouse on a real SQLite file: yearly values are the
city's (app.core.indicators), so in 灵丘县 no value can be entered — not by typing on a cell, not by double-click,
not by the button — and the view says why before anyone tries. The city still enters values as before."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPushButton

from app.core import office
from app.core.changes import Changes
from app.core.workspace import open_workspace
from app.ui.change_bus import ChangeBus
from app.ui.indicators_view import IndicatorsView, IndicatorTableModel, IndicatorValueDialog

LEFT = Qt.MouseButton.LeftButton
COUNTY_NOTE = "本库属于灵丘县，规划指标的年度值由市级填报，本库只能查看"
LATEST_COLUMN = 5  # 最新值


def _values(db: Path) -> list[tuple]:
    with closing(sqlite3.connect(db)) as con:
        return con.execute(
            "SELECT indicator_id, year, value_raw, version FROM indicator_values ORDER BY 1, 2"
        ).fetchall()


def _view(qtbot, ws) -> IndicatorsView:
    view = IndicatorsView(ws, ChangeBus())  # the view keeps its bus (view.bus)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=5000)
    return view


def _cell(view: IndicatorsView, row: int, column: int):
    index = view.model.index(row, column)
    view.table.scrollTo(index)
    return index, view.table.visualRect(index).center()


@pytest.fixture
def county_ws(db_path):
    ws = open_workspace(db_path)
    office.set_office(ws, "灵丘县")
    yield ws
    ws.close()


@pytest.fixture
def city_ws(db_path):
    ws = open_workspace(db_path)
    office.set_office(ws, "市级")
    yield ws
    ws.close()


def test_a_county_cannot_enter_values_by_any_key_or_click_and_is_told_why(qtbot, county_ws, db_path, modal):
    """`modal` fails the test if any dialog (the value entry among them) opens."""
    view = _view(qtbot, county_ws)
    assert view.office_note.isVisible()
    assert view.office_note.text() == COUNTY_NOTE
    assert not view.enter_button.isEnabled()
    assert view.enter_button.toolTip() == COUNTY_NOTE
    before = _values(db_path)

    index, centre = _cell(view, 0, LATEST_COLUMN)
    assert not view.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    qtbot.mouseClick(view.table.viewport(), LEFT, pos=centre)
    assert view.table.currentIndex().row() == 0
    view.table.setFocus()
    qtbot.keyClicks(view.table, "35.2")
    for key in (Qt.Key.Key_F2, Qt.Key.Key_Return, Qt.Key.Key_Enter):
        qtbot.keyClick(view.table, key)
    qtbot.mouseDClick(view.table.viewport(), LEFT, pos=centre)
    qtbot.wait(150)  # a dialog would have opened by now (the modal guard looks every 30 ms)

    assert QApplication.activeModalWidget() is None
    assert view.table.indexWidget(index) is None and not view.table.isPersistentEditorOpen(index)
    assert view.table.state() != QAbstractItemView.State.EditingState
    assert _values(db_path) == before


def test_the_value_dialog_itself_refuses_in_a_county_before_typing(qtbot, county_ws):
    view = _view(qtbot, county_ws)
    dialog = IndicatorValueDialog(county_ws, view.model.item_at(0), view)
    qtbot.addWidget(dialog)
    dialog.show()
    buttons = [b for b in dialog.findChildren(QPushButton) if b.text() == "保存"]
    assert len(buttons) == 1 and not buttons[0].isEnabled()
    assert dialog.error.isVisible() and dialog.error.text() == COUNTY_NOTE


def test_the_note_appears_when_the_office_becomes_a_county(qtbot, db_path):
    ws = open_workspace(db_path)
    try:
        view = _view(qtbot, ws)
        assert not view.office_note.isVisible() and view.enter_button.isEnabled()
        office.set_office(ws, "灵丘县")
        view.bus.announce(Changes(reference=True))  # what the settings screen announces after saving the office
        assert view.office_note.isVisible() and not view.enter_button.isEnabled()
    finally:
        ws.close()


def test_the_city_still_enters_a_value_by_double_click(qtbot, city_ws, db_path):
    view = _view(qtbot, city_ws)
    assert not view.office_note.isVisible()
    assert view.enter_button.isEnabled()
    indicator = view.model.item_at(0)
    seen: list[IndicatorValueDialog] = []

    def enter() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, IndicatorValueDialog):
            QTimer.singleShot(20, enter)
            return
        seen.append(dialog)
        try:
            dialog.year.setValue(2023)
            dialog.value.setFocus()
            qtbot.keyClicks(dialog.value, "35.2")
            save = next(b for b in dialog.findChildren(QPushButton) if b.text() == "保存")
            qtbot.mouseClick(save, LEFT)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, enter)
    _index, centre = _cell(view, 0, IndicatorTableModel.ATTRIBUTE_COLUMN)
    qtbot.mouseClick(view.table.viewport(), LEFT, pos=centre)
    qtbot.mouseDClick(view.table.viewport(), LEFT, pos=centre)
    assert seen and not seen[0].isVisible()
    with closing(sqlite3.connect(db_path)) as con:
        stored = con.execute(
            "SELECT value_raw FROM indicator_values WHERE indicator_id = ? AND year = 2023", (indicator.id,)
        ).fetchall()
    assert stored == [("35.2",)]
    qtbot.waitUntil(lambda: view.model.item_at(0).latest_year == 2023, timeout=5000)
