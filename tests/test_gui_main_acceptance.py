"""Acceptance: an officer's main paths through the real main window, driven with mouse and keyboard events.

Modal dialogs block in exec(); each test lists the steps a person takes inside them (wait for what they see,
then click), run by a timer while the dialog is open, and checks afterwards what is in the database and files.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl
import pypdfium2
import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMessageBox, QWidget, QWizard
from sqlalchemy import select

from app.core import period_service, progress, project_service, projects
from app.db.models import AuditEntry
from app.exchange import layout, service
from app.ui.settings import AppSettings
from tests.fixtures.exchange.support import header_map, set_field
from tests.fixtures.gui_support import running_main_window

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def qt_app(qapp):
    from app.ui.app_setup import install_font, install_translators

    install_font(qapp)
    install_translators(qapp, "zh_CN")
    return qapp


@pytest.fixture
def window(qtbot, workspace, qt_app):
    """The main window, closed and deleted by this fixture only. (It used to be registered with qtbot as well:
    pytest-qt then closed it and scheduled its deletion before this teardown ran, and the wait for a portfolio
    load still running let that deletion happen, so the second close met a deleted window, or the wait
    never ended because the deleted view never heard its load finish.)"""
    yield from running_main_window(qtbot, workspace, qt_app)


@dataclass
class Step:
    description: str
    ready: Callable[[], bool]
    act: Callable[[], None]


class Person:
    """Runs steps while modal dialogs are open: each waits until `ready()` (what the person waits to see),
    then `act()` (a click, typing). A step that never becomes ready fails the test instead of hanging it."""

    def __init__(self, qtbot, steps: list[Step], timeout_ms: int = 60_000):
        self.qtbot = qtbot
        self.steps = list(steps)
        self.done: list[str] = []
        self.waited = 0
        self.timeout_ms = timeout_ms
        self.error: BaseException | None = None

    def start(self) -> None:
        QTimer.singleShot(0, self._tick)

    def _tick(self) -> None:
        if not self.steps or self.error is not None:
            return
        step = self.steps[0]
        try:
            if not step.ready():
                self.waited += 20
                if self.waited > self.timeout_ms:
                    raise AssertionError(f"waited in vain for: {step.description}")
                QTimer.singleShot(20, self._tick)
                return
            self.steps.pop(0)
            self.waited = 0
            QTimer.singleShot(20, self._tick)  # before acting: the act may open a modal dialog and block here
            step.act()
            self.done.append(step.description)
        except BaseException as exc:  # reported after the dialogs are gone; close them so the test goes on
            self.error = exc
            self._close_modals()

    @staticmethod
    def _close_modals() -> None:
        for _ in range(10):
            modal = QApplication.activeModalWidget()
            if modal is None:
                return
            if isinstance(modal, QDialog):
                modal.done(0)  # also closes a message box that has no 取消 button
            else:
                modal.close()
            QApplication.processEvents()

    def check(self) -> None:
        if self.error is not None:
            raise self.error
        assert not self.steps, f"not done: {[s.description for s in self.steps]}"


def modal_of(cls: type) -> QWidget | None:
    widget = QApplication.activeModalWidget()
    return widget if isinstance(widget, cls) else None


def button_with_text(widget: QWidget, text: str) -> QAbstractButton:
    return next(b for b in widget.findChildren(QAbstractButton) if b.text().replace("&", "") == text)


# ---------------------------------------------------------------------------------------------- import


def test_import_a_workbook_through_the_wizard(window, qtbot, tmp_path):
    from app.ui.import_wizard import PAGE_PREVIEW, PAGE_RESULT, ImportWizard

    ws = window.ws
    path = tmp_path / "lingqiu_2025Q3.xlsx"
    service.export_entry_workbook(ws, path, period="2025Q3", county="灵丘县")
    wb = openpyxl.load_workbook(path)
    sheet = wb[layout.SHEET_PROGRESS]
    set_field(sheet, 2, "本季度完成投资（亿元）", "1.25")
    wb.save(path)
    code = sheet.cell(row=2, column=header_map(sheet)["项目编号"]).value
    wizard: list[ImportWizard] = []

    def wiz() -> ImportWizard:
        return wizard[0]

    person = Person(
        qtbot,
        [
            Step(
                "the wizard opens",
                lambda: modal_of(ImportWizard) is not None,
                lambda: wizard.append(modal_of(ImportWizard)),
            ),
            Step("type the file path", lambda: True, lambda: qtbot.keyClicks(wiz().file_page.path_edit, str(path))),
            Step(
                "click 下一步",
                lambda: wiz().button(QWizard.WizardButton.NextButton).isEnabled(),
                lambda: qtbot.mouseClick(wiz().button(QWizard.WizardButton.NextButton), LEFT),
            ),
            Step(
                "the preview shows one change; click 导入",
                lambda: wiz().currentId() == PAGE_PREVIEW and wiz().button(QWizard.WizardButton.NextButton).isEnabled(),
                lambda: qtbot.mouseClick(wiz().button(QWizard.WizardButton.NextButton), LEFT),
            ),
            Step(
                "the result page; click 完成",
                lambda: (
                    wiz().currentId() == PAGE_RESULT and wiz().button(QWizard.WizardButton.FinishButton).isVisible()
                ),
                lambda: qtbot.mouseClick(wiz().button(QWizard.WizardButton.FinishButton), LEFT),
            ),
        ],
    )
    person.start()
    window.import_action.trigger()  # returns when the wizard is closed
    person.check()
    assert not wiz().isVisible()
    assert "已导入" in wiz().result_page.summary.text()
    # in the database
    with ws.session() as s:
        project = projects.get_project(s, code=code)
        record = progress.get_progress(s, project.id, "2025Q3")
    assert record is not None and float(record["invested"]) == pytest.approx(1.25)
    # and in the portfolio for that quarter, without anyone refreshing it by hand
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=30000)
    with qtbot.waitSignal(window.portfolioLoaded, timeout=30000):
        window.portfolio.period.setCurrentIndex(window.portfolio.period.findData("2025Q3"))
    shown = next(r for r in window.portfolio.model.all_rows() if r.id == project.id)
    assert shown.cumulative is not None and float(shown.cumulative) >= 1.25


# ---------------------------------------------------------------------------------------------- quarters


def test_lock_and_reopen_a_quarter_by_clicking(window, qtbot):
    from app.ui.periods_dialog import PeriodsDialog, ReopenDialog

    dialogs: list[PeriodsDialog] = []

    def dialog() -> PeriodsDialog:
        return dialogs[0]

    def click_row(code: str) -> None:
        d = dialog()
        row = next(r for r in range(d.model.rowCount()) if d.model.item_at(r)["code"] == code)
        index = d.model.index(row, 0)
        d.table.scrollTo(index)
        qtbot.mouseClick(d.table.viewport(), LEFT, pos=d.table.visualRect(index).center())

    def shown_state(code: str) -> str:
        d = dialog()
        row = next(r for r in range(d.model.rowCount()) if d.model.item_at(r)["code"] == code)
        return d.model.data(d.model.index(row, 1))

    def confirm_box() -> QMessageBox | None:
        box = modal_of(QMessageBox)
        return box if box is not None and box.objectName() == "confirmLockBox" else None

    def type_reason() -> None:
        reopen = modal_of(ReopenDialog)
        assert not reopen.ok_button.isEnabled()  # no reason, no reopening
        reopen.reason.setFocus()
        reopen.reason.insertPlainText("灵丘县补报投资数据")  # typed through an input method
        qtbot.mouseClick(reopen.ok_button, LEFT)

    person = Person(
        qtbot,
        [
            Step("the quarters dialog opens", lambda: modal_of(PeriodsDialog) is not None,
                 lambda: dialogs.append(modal_of(PeriodsDialog))),
            Step("select 2025Q3", lambda: True, lambda: click_row("2025Q3")),
            Step("click 锁定", lambda: dialog().lock_button.isEnabled(),
                 lambda: qtbot.mouseClick(dialog().lock_button, LEFT)),
            Step("confirm 锁定", lambda: confirm_box() is not None,
                 lambda: qtbot.mouseClick(button_with_text(confirm_box(), "锁定"), LEFT)),
            Step("2025Q3 shows 已锁定; click 重新打开…",
                 lambda: modal_of(PeriodsDialog) is not None and shown_state("2025Q3") == "已锁定",
                 lambda: qtbot.mouseClick(dialog().reopen_button, LEFT)),
            Step("write the reason and confirm", lambda: modal_of(ReopenDialog) is not None, type_reason),
            Step("2025Q3 shows 填报中; close",
                 lambda: modal_of(PeriodsDialog) is not None and shown_state("2025Q3") == "填报中",
                 lambda: qtbot.mouseClick(button_with_text(dialog(), "关闭"), LEFT)),
        ],
    )  # fmt: skip
    person.start()
    window.periods_action.trigger()
    person.check()
    assert not dialog().isVisible()
    assert period_service.period_state(window.ws, "2025Q3") == "open"
    with window.ws.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.entity_type == "period").order_by(AuditEntry.id)).all()
    texts = " ".join(f"{e.old_value} {e.new_value} {e.source_detail or ''}" for e in entries)
    assert "locked" in texts and "灵丘县补报投资数据" in texts
    # the portfolio's quarter picker follows through the bus
    qtbot.waitUntil(lambda: window.portfolio.period.findData("2025Q3") > 0, timeout=5000)
    assert "已锁定" not in window.portfolio.period.itemText(window.portfolio.period.findData("2025Q3"))


def test_a_locked_quarter_shows_in_the_portfolio_picker(window, qtbot, modal):
    from app.ui.periods_dialog import PeriodsDialog

    dialog = PeriodsDialog(window.ws, window.bus, window, period="2025Q2")
    qtbot.addWidget(dialog)
    dialog.show()
    modal.expect("锁定")  # the real confirmation box, answered by clicking its 锁定 button
    qtbot.mouseClick(dialog.lock_button, LEFT)
    assert modal.texts and modal.texts[0].startswith("锁定 2025Q2 后")
    index = window.portfolio.period.findData("2025Q2")
    assert window.portfolio.period.itemText(index) == "2025Q2（已锁定）"
    assert dialog.state_of("2025Q2") == "locked"
    assert period_service.period_state(window.ws, "2025Q2") == "locked"


def test_cancel_in_the_lock_confirmation_keeps_the_quarter_open(window, qtbot, modal):
    from app.ui.periods_dialog import PeriodsDialog

    dialog = PeriodsDialog(window.ws, window.bus, window, period="2025Q2")
    qtbot.addWidget(dialog)
    dialog.show()
    modal.expect("取消")
    qtbot.mouseClick(dialog.lock_button, LEFT)
    assert dialog.state_of("2025Q2") == "open" and dialog.lock_button.isEnabled()
    assert period_service.period_state(window.ws, "2025Q2") == "open"


def test_submit_a_quarter_from_the_quarter_menu(window, qtbot):
    from app.ui.periods_dialog import PeriodsDialog

    dialogs: list[PeriodsDialog] = []

    def dialog() -> PeriodsDialog:
        return dialogs[0]

    def row_of(code: str) -> int:
        d = dialog()
        return next(r for r in range(d.model.rowCount()) if d.model.item_at(r)["code"] == code)

    def click_row(code: str) -> None:
        index = dialog().model.index(row_of(code), 0)
        dialog().table.scrollTo(index)
        qtbot.mouseClick(dialog().table.viewport(), LEFT, pos=dialog().table.visualRect(index).center())

    def shown_state(code: str) -> str:
        return dialog().model.data(dialog().model.index(row_of(code), 1))

    seen: dict[str, object] = {}

    def look_and_close() -> None:
        seen["buttons"] = (dialog().submit_button.isEnabled(), dialog().lock_button.isEnabled())
        qtbot.mouseClick(button_with_text(dialog(), "关闭"), LEFT)

    person = Person(
        qtbot,
        [
            Step("季度 → 季度报送与锁定… opens the dialog", lambda: modal_of(PeriodsDialog) is not None,
                 lambda: dialogs.append(modal_of(PeriodsDialog))),
            Step("2025Q1 is 填报中; select it", lambda: shown_state("2025Q1") == "填报中",
                 lambda: click_row("2025Q1")),
            Step("click 报送", lambda: dialog().submit_button.isEnabled(),
                 lambda: qtbot.mouseClick(dialog().submit_button, LEFT)),
            Step("2025Q1 shows 已报送; close", lambda: shown_state("2025Q1") == "已报送", look_and_close),
        ],
    )  # fmt: skip
    person.start()
    quarter_menu_action = next(a for a in window.menuBar().actions() if a.menu() is window.quarter_menu)
    assert quarter_menu_action.text() == "季度(&Q)"
    assert window.periods_action in window.quarter_menu.actions()
    window.periods_action.trigger()
    person.check()
    assert not dialog().isVisible()
    assert seen["buttons"] == (False, True)  # submitted: no second 报送, 锁定 still possible
    assert period_service.period_state(window.ws, "2025Q1") == "submitted"
    qtbot.waitUntil(
        lambda: window.portfolio.period.itemText(window.portfolio.period.findData("2025Q1")) == "2025Q1（已报送）",
        timeout=5000,
    )


# ---------------------------------------------------------------------------------------------- report


def test_generate_a_report_from_the_report_dialog(window, qtbot, tmp_path):
    from app.ui.report_dialog import ReportDialog

    target = tmp_path / "report_2025Q3.pdf"
    dialogs: list[ReportDialog] = []

    def dialog() -> ReportDialog:
        return dialogs[0]

    def type_path() -> None:
        edit = dialog().path_edit
        edit.selectAll()
        qtbot.keyClicks(edit, str(target))

    person = Person(
        qtbot,
        [
            Step("the report dialog opens", lambda: modal_of(ReportDialog) is not None,
                 lambda: dialogs.append(modal_of(ReportDialog))),
            Step("choose 2025Q3", lambda: True,
                 lambda: dialog().period_combo.setCurrentIndex(dialog().period_combo.findData("2025Q3"))),
            Step("type where to save it", lambda: True, type_path),
            Step("click 生成报告", lambda: dialog().generate_button.isEnabled(),
                 lambda: qtbot.mouseClick(dialog().generate_button, LEFT)),
            Step("已生成 is shown; click 关闭",
                 lambda: "已生成" in dialog().result_label.text() and dialog().generate_button.isEnabled(),
                 lambda: qtbot.mouseClick(button_with_text(dialog(), "关闭"), LEFT)),
        ],
        timeout_ms=180_000,
    )  # fmt: skip
    person.start()
    window.report_action.trigger()
    person.check()
    assert not dialog().isVisible()
    assert target.is_file()
    pdf = pypdfium2.PdfDocument(str(target))
    try:
        assert len(pdf) == dialog().report_result.pages > 3
        assert "2025" in pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()


# ---------------------------------------------------------------------------------------------- quitting


def _open_editor_by_double_click(window, qtbot, code: str):
    view = window.portfolio
    row = view.model.row_of(next(r.id for r in view.model.all_rows() if r.code == code))
    index = view.model.index(row, view.model.NAME)
    view.table.scrollTo(index)
    center = view.table.visualRect(index).center()
    qtbot.mouseClick(view.table.viewport(), LEFT, pos=center)
    qtbot.mouseDClick(view.table.viewport(), LEFT, pos=center)
    editor = window.editors[view.model.row_at(row).id]
    qtbot.waitExposed(editor)
    return editor


def _make_dirty(editor, qtbot) -> None:
    field = editor.widget_for("investment_total")
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "12.5")
    assert editor.is_dirty()


def _unsaved_box() -> QMessageBox | None:
    box = modal_of(QMessageBox)
    return box if box is not None and box.text() and "未保存" in box.text() + box.windowTitle() else None


def test_quit_closes_every_open_project_window(window, qtbot):
    clean = _open_editor_by_double_click(window, qtbot, "附表1-02")
    dirty = _open_editor_by_double_click(window, qtbot, "附表1-03")
    _make_dirty(dirty, qtbot)
    dirty_id = dirty.project_id  # a closed window's Python side is cleared once it is destroyed (window_release)
    investment_before = projects_investment(window, dirty_id)
    person = Person(
        qtbot,
        [Step("asked about unsaved changes: 放弃", lambda: _unsaved_box() is not None,
              lambda: qtbot.mouseClick(button_with_text(_unsaved_box(), "放弃"), LEFT))],
    )  # fmt: skip
    person.start()
    window.quit_action.trigger()  # 文件→退出
    person.check()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert gone(clean) and gone(dirty)
    qtbot.waitUntil(lambda: not window.editors, timeout=5000)  # closed windows are deleted, not hidden
    assert projects_investment(window, dirty_id) == investment_before  # discarded, not saved


def test_cancel_on_unsaved_changes_keeps_the_program_open(window, qtbot):
    dirty = _open_editor_by_double_click(window, qtbot, "附表1-03")
    _make_dirty(dirty, qtbot)
    person = Person(
        qtbot,
        [Step("asked about unsaved changes: 取消", lambda: _unsaved_box() is not None,
              lambda: qtbot.mouseClick(button_with_text(_unsaved_box(), "取消"), LEFT))],
    )  # fmt: skip
    person.start()
    window.close()  # the main window's close box
    person.check()
    assert window.isVisible() and dirty.isVisible() and dirty.is_dirty()
    dirty.load()  # discard, so the fixture can close the window


def test_quit_while_the_portfolio_is_still_loading(window, qtbot, monkeypatch):
    """文件→退出 while the portfolio is (re)loading: the window closes at once; the load ending afterwards, on a
    closed window, does no harm (the fixture then waits for it, closes and deletes the window)."""
    real_load = project_service.load_portfolio

    def slow_load(*args, **kwargs):
        time.sleep(2.0)  # a large database on a slow disk
        return real_load(*args, **kwargs)

    monkeypatch.setattr(project_service, "load_portfolio", slow_load)
    window.refresh_action.trigger()  # F5
    assert window.is_loading()
    window.quit_action.trigger()
    assert not window.isVisible()
    assert window.is_loading()  # still loading when the test ends: the teardown must cope with it


def gone(widget: QWidget) -> bool:
    """Closed: hidden, or already deleted (project windows delete themselves on close)."""
    return not shiboken6.isValid(widget) or not widget.isVisible()


def projects_investment(window, project_id: str):
    with window.ws.session() as s:
        return projects.get_project(s, project_id).investment_total


def test_first_run_welcome_leads_to_the_review_tab(window, qtbot):
    from app.ui.welcome_dialog import WelcomeDialog

    person = Person(
        qtbot,
        [Step("the welcome opens: click ② 查看待核查的数据问题", lambda: modal_of(WelcomeDialog) is not None,
              lambda: qtbot.mouseClick(modal_of(WelcomeDialog).review_button, LEFT))],
    )  # fmt: skip
    person.start()
    window.show_welcome()
    person.check()
    assert window.tabs.tabText(window.tabs.currentIndex()) == "数据核查" and window.review.isVisible()
    assert AppSettings().get("welcome_shown") is True
