"""报送与审核 in the real dialogs, on three real office databases (the city, 灵丘县, 广灵县): the city accepts
and returns by selecting a row and clicking; an empty return reason is refused with the message shown; the
county submits and, once the city's return package is imported, sees the reasons; the quarters dialog's
报送 in a county is the same submission."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import Qt
from PySide6.QtWidgets import QApplication

from app.core import submissions
from app.core.changes import Changes
from app.exchange import packages
from app.ui.change_bus import ChangeBus
from app.ui.submissions_dialog import ReturnDialog, SubmissionsDialog
from tests.fixtures.gui_support import click, type_text
from tests.fixtures.offices_support import (
    LINGQIU,
    LINGQIU_PROJECT,
    PERIOD,
    cli_ok,
    fingerprint,
    make_offices,
    query,
)
from tests.fixtures.package_gui import opening_workspaces
from tests.test_submission import _submitted_at_city


@pytest.fixture
def open_ws():
    yield from opening_workspaces(default_user="市发改委审核员")


def _dialog(qtbot, ws, **kwargs):
    bus = ChangeBus()
    announced: list[Changes] = []
    bus.changed.connect(announced.append)
    dialog = SubmissionsDialog(ws, bus, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, bus, announced


def _shown_rows(dialog) -> dict[str, str]:
    """Office -> the state text the table shows (through the filter, as on screen)."""
    view = dialog.table
    model = view.model()
    return {
        model.index(row, dialog.model.OFFICE).data(): model.index(row, dialog.model.STATE).data()
        for row in range(model.rowCount())
    }


def _click_row(qtbot, dialog, office_name: str) -> None:
    view = dialog.table
    model = view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == office_name)
    index = model.index(row, dialog.model.OFFICE)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert dialog.current() is not None and dialog.current().office == office_name


def _states(db, period=PERIOD):
    rows = json.loads(cli_ok(db, "submission", "list", "--period", period, "--json"))
    return {row["office"]: row for row in rows}


def _in_return_dialog(qtbot, act):
    """Run `act(return_dialog)` once the modal 退回 dialog is open (it runs its own event loop); whatever
    happens, the dialog does not stay open to hang the test."""
    outcome: dict[str, object] = {}

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ReturnDialog):
            QTimer.singleShot(20, run)
            return
        try:
            # A window manager activates a new window; the offscreen platform has none, so do what it would do.
            dialog.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
            act(dialog)
            outcome["done"] = True
        except BaseException as exc:  # reported by the test below, after the dialog closed
            outcome["error"] = exc
        finally:
            if dialog.isVisible() and outcome.get("error"):
                dialog.reject()

    QTimer.singleShot(0, run)
    return outcome


def test_the_city_accepts_a_submitted_quarter(offices, qtbot, modal, open_ws):
    _submitted_at_city(offices)
    dialog, _bus, announced = _dialog(qtbot, open_ws(offices.city))
    assert dialog.period() == PERIOD  # opens on the quarter with a submission waiting for review
    shown = _shown_rows(dialog)
    assert len(shown) == 11 and shown[LINGQIU] == "已报送（待审核）" and shown["广灵县"] == "未报送"
    assert "已报送（待审核） 1" in dialog.counts_label.text() and "未报送 10" in dialog.counts_label.text()

    _click_row(qtbot, dialog, "广灵县")
    assert not dialog.accept_button.isEnabled()  # nothing to review there
    _click_row(qtbot, dialog, LINGQIU)
    modal.expect("审核通过")
    click(qtbot, dialog.accept_button)

    assert _shown_rows(dialog)[LINGQIU] == "已审核"
    assert not dialog.accept_button.isEnabled() and not dialog.return_button.isEnabled()
    assert LINGQIU in modal.texts[0] and PERIOD in modal.texts[0]
    assert _states(offices.city)[LINGQIU]["state"] == "accepted"
    audit = query(
        offices.city,
        "SELECT user, old_value, new_value FROM audit_entries WHERE entity_type = 'submission' ORDER BY id",
    )
    assert audit[-1] == ("市发改委审核员", "已报送（待审核）", "已审核")
    assert any(change.periods for change in announced)


def test_the_filter_shows_one_state(offices, qtbot, open_ws):
    _submitted_at_city(offices)
    dialog, _bus, _announced = _dialog(qtbot, open_ws(offices.city))
    dialog.filter_combo.setFocus()
    qtbot.keyClick(dialog.filter_combo, Qt.Key.Key_Down)  # 未报送
    assert set(_shown_rows(dialog).values()) == {"未报送"} and len(_shown_rows(dialog)) == 10
    qtbot.keyClick(dialog.filter_combo, Qt.Key.Key_Down)  # 已报送（待审核）
    assert _shown_rows(dialog) == {LINGQIU: "已报送（待审核）"}
    qtbot.keyClick(dialog.filter_combo, Qt.Key.Key_Down)  # 已退回
    assert _shown_rows(dialog) == {}


def test_a_return_with_a_typed_reason(offices, qtbot, open_ws):
    _submitted_at_city(offices)
    dialog, _bus, announced = _dialog(qtbot, open_ws(offices.city))
    _click_row(qtbot, dialog, LINGQIU)

    def act(returning: ReturnDialog) -> None:
        codes = [returning.project_table.item(r, 0).text() for r in range(returning.project_table.rowCount())]
        assert LINGQIU_PROJECT in codes and "附表2-01" not in codes  # only 灵丘县's own projects
        returning.reason_edit.setFocus()
        type_text(qtbot, returning.reason_edit, "本季数据不完整，请补充 Q3 形象进度")
        row = codes.index(LINGQIU_PROJECT)
        cell = returning.project_table.model().index(row, ReturnDialog.REASON)
        table = returning.project_table
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(cell).center())
        qtbot.keyClick(table, Qt.Key.Key_F2)  # edit the cell, as a person does from the keyboard
        editor = QApplication.focusWidget()
        assert editor is not None and table.isAncestorOf(editor)
        type_text(qtbot, editor, "完成投资偏低")
        click(qtbot, returning.ok_button)

    outcome = _in_return_dialog(qtbot, act)
    click(qtbot, dialog.return_button)
    assert "error" not in outcome, outcome.get("error")
    assert outcome.get("done")

    assert _shown_rows(dialog)[LINGQIU] == "已退回"
    assert "本季数据不完整，请补充 Q3 形象进度" in dialog.detail.text()
    state = _states(offices.city)[LINGQIU]
    assert state["state"] == "returned" and state["reason"] == "本季数据不完整，请补充 Q3 形象进度"
    assert state["project_reasons"] == {LINGQIU_PROJECT: "完成投资偏低"}
    audit = query(
        offices.city, "SELECT new_value, source_detail FROM audit_entries WHERE entity_type = 'submission' ORDER BY id"
    )
    assert audit[-1][0] == "已退回" and "完成投资偏低" in audit[-1][1]
    assert any(change.periods for change in announced)


def test_an_empty_return_reason_is_refused(offices, qtbot, open_ws):
    _submitted_at_city(offices)
    before = fingerprint(offices.city)
    dialog, _bus, announced = _dialog(qtbot, open_ws(offices.city))
    _click_row(qtbot, dialog, LINGQIU)
    seen: dict[str, object] = {}

    def act(returning: ReturnDialog) -> None:
        returning.reason_edit.setFocus()
        qtbot.keyClicks(returning.reason_edit, "   ")  # blanks are no reason
        click(qtbot, returning.ok_button)
        seen["open"] = returning.isVisible()
        seen["message"] = returning.error.text() if returning.error.isVisible() else None
        qtbot.keyClick(returning, Qt.Key.Key_Escape)

    outcome = _in_return_dialog(qtbot, act)
    click(qtbot, dialog.return_button)
    assert "error" not in outcome, outcome.get("error")
    assert seen["open"] is True
    assert seen["message"] and "退回理由不能为空" in str(seen["message"])
    assert _shown_rows(dialog)[LINGQIU] == "已报送（待审核）"
    assert not announced
    assert fingerprint(offices.city) == before


def test_the_county_submits_and_sees_the_citys_reasons(offices, qtbot, modal, open_ws):
    cli_ok(offices.lingqiu, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--invested", "0.5")
    county_ws = open_ws(offices.lingqiu, user="灵丘县填报员")
    dialog, bus, _announced = _dialog(qtbot, county_ws, period=PERIOD)
    assert dialog.state_label.text() == f"{PERIOD} 报送状态：未报送"
    assert not dialog.returned_box.isVisible()

    modal.expect("报送")
    click(qtbot, dialog.submit_button)
    assert dialog.state_label.text() == f"{PERIOD} 报送状态：已报送（待审核）"
    assert not dialog.submit_button.isEnabled()
    assert "灵丘县" in modal.texts[0] and "锁定" in modal.texts[0]
    assert query(offices.lingqiu, "SELECT state FROM reporting_periods WHERE code = ?", PERIOD) == [("locked",)]

    # the package travels to the city, which returns the quarter; the return package comes back
    city_ws = open_ws(offices.city)
    sent = offices.folder / "灵丘县_2025Q3.zip"
    packages.export_package(county_ws, sent, period=PERIOD)
    packages.import_package(city_ws, sent)
    submissions.return_submission(
        city_ws, LINGQIU, PERIOD, reason="数据不完整", project_reasons={LINGQIU_PROJECT: "完成投资明显偏低，请核实"}
    )
    back = offices.folder / "市级_灵丘县.zip"
    packages.export_package(city_ws, back, for_office=LINGQIU)
    packages.import_package(county_ws, back)
    bus.announce(Changes.everything())  # what the import dialog announces

    assert dialog.state_label.text() == f"{PERIOD} 报送状态：已退回"
    assert dialog.returned_box.isVisible()
    assert dialog.whole_reason_label.text() == "整体理由：数据不完整"
    reasons = dialog.reasons_table.model()
    assert [(reasons.index(r, 0).data(), reasons.index(r, 1).data()) for r in range(reasons.rowCount())] == [
        (LINGQIU_PROJECT, "完成投资明显偏低，请核实")
    ]
    assert dialog.submit_button.isEnabled()  # corrected, it can be sent again
    assert query(offices.lingqiu, "SELECT state FROM reporting_periods WHERE code = ?", PERIOD) == [("open",)]


def test_the_quarters_dialog_submits_to_the_city_in_a_county(offices, qtbot, modal, open_ws):
    from app.ui.periods_dialog import PeriodsDialog

    county_ws = open_ws(offices.lingqiu, user="灵丘县填报员")
    bus = ChangeBus()
    dialog = PeriodsDialog(county_ws, bus, period=PERIOD)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.submit_button.text() == "报送市级…"
    modal.expect("报送")
    click(qtbot, dialog.submit_button)
    assert "灵丘县" in modal.texts[0]  # the same question as 报送与审核
    assert _states(offices.lingqiu)[LINGQIU]["state"] == "submitted"
    assert dialog.current()["state_label"] == "已锁定" and dialog.current()["submission_label"] == "已报送（待审核）"
    assert not dialog.reopen_button.isEnabled()  # only the city's return reopens it
    assert not dialog.submit_button.isEnabled()


def test_the_chase_list_is_printed_from_the_review(offices, qtbot, open_ws, tmp_path):
    import datetime as dt

    from pypdf import PdfReader

    from app.ui.chase_list_dialog import ChaseListDialog
    from tests.fixtures.gui_support import replace_text

    _submitted_at_city(offices)
    dialog, _bus, _announced = _dialog(qtbot, open_ws(offices.city))
    opened: list[ChaseListDialog] = []

    def look() -> None:
        chase = QApplication.activeModalWidget()
        if not isinstance(chase, ChaseListDialog):
            QTimer.singleShot(20, look)
            return
        opened.append(chase)
        chase.done(0)

    QTimer.singleShot(0, look)
    click(qtbot, dialog.chase_button)
    assert opened and opened[0].period == PERIOD

    today = dt.date.today()
    chase = ChaseListDialog(dialog.ws, PERIOD, dialog)
    qtbot.addWidget(chase)
    chase.show()
    names = [item.office for item in chase.model.items()]
    assert LINGQIU not in names and "广灵县" in names and len(names) == 10
    replace_text(qtbot, chase.date_edit, (today - dt.timedelta(days=1)).isoformat())
    assert LINGQIU in [item.office for item in chase.model.items()]  # it reported after that day
    replace_text(qtbot, chase.date_edit, "2025-02-30")
    assert not chase.export_button.isEnabled() and chase.error.isVisible()
    replace_text(qtbot, chase.date_edit, today.isoformat())
    assert "10 个单位" in chase.summary.text()

    out = tmp_path / "催报名单.pdf"
    replace_text(qtbot, chase.path_edit, str(out))
    click(qtbot, chase.export_button)
    qtbot.waitUntil(lambda: chase.preview is not None and chase.preview.isVisible(), timeout=30000)
    assert chase.preview.pages == 1
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "季度报送催报名单" in text and "2025年第三季度" in text
    assert f"{today.year}年{today.month}月{today.day}日" in text
    for name in names:
        assert name in text
    assert LINGQIU not in text
    assert "联系人及电话（手填）" in text and "生成单位：市级（全市）" in text
    data = out.read_bytes()
    assert b"WenQuanYi" in data and b"/Helvetica" not in data and b"STSong" not in data
    chase.preview.close()


def test_without_an_office_the_dialog_says_what_to_do_first(seeded_template, tmp_path, qtbot, open_ws):
    unset = make_offices(seeded_template, tmp_path, set_offices=False)
    dialog, _bus, _announced = _dialog(qtbot, open_ws(unset.city))
    assert "本库尚未设置所属单位" in dialog.notice.text() and dialog.notice.isVisible()
    assert not any(
        button.isEnabled()
        for button in (dialog.accept_button, dialog.return_button, dialog.submit_button, dialog.chase_button)
    )
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
