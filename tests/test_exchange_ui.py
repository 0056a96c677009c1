"""The export dialog and the import wizard, offscreen: the whole flow through the real services."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from PySide6.QtCore import Qt

from app.core import progress, projects
from app.exchange import layout, service
from app.ui.change_bus import ChangeBus
from tests.fixtures.exchange.support import db_fingerprint, header_map, set_field
from tests.fixtures.gui_support import type_text


@pytest.fixture
def qt_app(qapp):
    from app.ui.app_setup import install_font

    install_font(qapp)
    return qapp


def test_export_dialog_portfolio_and_entry(qtbot, workspace, qt_app, tmp_path):
    from app.ui.export_dialog import ExportDialog

    with workspace.session() as s:
        ids = [p.id for p in projects.list_projects(s)[:5]]
    dialog = ExportDialog(workspace, ChangeBus(), project_ids=ids)
    qtbot.addWidget(dialog)
    assert dialog.only_visible.isChecked()
    target = tmp_path / "清单.xlsx"
    dialog.path_edit.setText(str(target))
    dialog._path_edited = True
    dialog.per_table.setChecked(True)
    dialog.export()
    qtbot.waitUntil(lambda: dialog.result_summary is not None, timeout=30000)
    assert dialog.result_summary["projects"] == 5 and target.is_file()
    assert "附表1" in openpyxl.load_workbook(target).sheetnames

    dialog = ExportDialog(workspace, ChangeBus())
    qtbot.addWidget(dialog)
    dialog.entry_radio.setChecked(True)
    assert dialog.entry_box.isVisibleTo(dialog) and not dialog.portfolio_box.isVisibleTo(dialog)
    dialog.scope_kind.setCurrentIndex(dialog.scope_kind.findData("county"))
    dialog.scope_name.setCurrentIndex(dialog.scope_name.findData("灵丘县"))
    dialog.entry_period.setEditText("2025Q3")
    assert "灵丘县_2025Q3" in dialog.path_edit.text()
    entry = tmp_path / "灵丘.xlsx"
    dialog.path_edit.setText(str(entry))
    dialog._path_edited = True
    dialog.export()
    qtbot.waitUntil(lambda: dialog.result_summary is not None, timeout=30000)
    assert dialog.result_summary["scope"] == "灵丘县" and dialog.result_summary["period"] == "2025Q3"
    assert layout.SHEET_PROGRESS in openpyxl.load_workbook(entry).sheetnames

    dialog = ExportDialog(workspace, ChangeBus())
    qtbot.addWidget(dialog)
    dialog.entry_radio.setChecked(True)
    dialog.entry_period.setEditText("下季度")
    dialog.export()
    assert "2025Q3" in dialog.message.text() and dialog.result_summary is None


def _entry(workspace, tmp_path, edits):
    path = tmp_path / "灵丘县_2025Q3.xlsx"
    service.export_entry_workbook(workspace, path, period="2025Q3", county="灵丘县")
    wb = openpyxl.load_workbook(path)
    sheet = wb[layout.SHEET_PROGRESS]
    for row, label, value in edits:
        set_field(sheet, row, label, value)
    wb.save(path)
    code = sheet.cell(row=2, column=header_map(sheet)["项目编号"]).value
    return path, code


def _to_preview(qtbot, wizard, path):
    from app.ui.import_wizard import PAGE_PREVIEW

    wizard.set_file(path)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_PREVIEW, timeout=30000)


def test_import_wizard_happy_path(qtbot, workspace, qt_app, tmp_path):
    from app.ui.import_wizard import PAGE_RESULT, ImportWizard

    path, code = _entry(workspace, tmp_path, [(2, "本季度完成投资（亿元）", "300万元"), (2, "形象进度", "完成 30%")])
    wizard = ImportWizard(workspace, ChangeBus())
    qtbot.addWidget(wizard)
    wizard.show()
    before = db_fingerprint(workspace)
    _to_preview(qtbot, wizard, path)
    page = wizard.preview_page
    assert page.changes.rowCount() == 2
    assert page.isComplete()
    labels = {page.changes.item(r, 5).text(): page.changes.item(r, 7).text() for r in range(2)}
    assert labels["本季度完成投资（亿元）"] == "0.03"
    # how "300万元" was read is a note: shown on the page itself, apart from errors, and it does not block
    assert page.notes.isVisibleTo(wizard) and page.notes.text().startswith("提示（不妨碍导入）")
    assert "300万元" in page.notes.text()
    assert db_fingerprint(workspace) == before  # preview writes nothing
    wizard.next()  # 导入
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_RESULT, timeout=30000)
    assert wizard.applied and "已导入 2 项" in wizard.result_page.summary.text()
    assert wizard.result_page.table.rowCount() == 2
    with workspace.session() as s:
        rec = progress.get_progress(s, projects.get_project(s, code=code).id, "2025Q3")
    assert rec["invested"] == pytest.approx(0.03) and rec["physical_progress"] == "完成 30%"


def test_import_wizard_errors_block(qtbot, workspace, qt_app, tmp_path):
    from app.ui.import_wizard import ImportWizard

    path, _ = _entry(workspace, tmp_path, [(2, "本季度完成投资（亿元）", "很多")])
    wizard = ImportWizard(workspace, ChangeBus())
    qtbot.addWidget(wizard)
    wizard.show()
    _to_preview(qtbot, wizard, path)
    page = wizard.preview_page
    assert not page.isComplete()
    assert page.tabs.currentWidget() is page.issues
    assert page.issues.rowCount() >= 1 and "“很多”不是金额" in page.issues.item(0, 4).text()
    assert "不能导入" in page.summary.text()
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    from PySide6.QtGui import QGuiApplication

    copied = QGuiApplication.clipboard().text()
    assert "第2行" in copied
    # every line says whether it is an error or a note (the copied list used to mix them without a word)
    item_lines = [line for line in copied.splitlines() if line[:1].isdigit()]
    assert item_lines and all("【错误】" in line or "【提示】" in line for line in item_lines)
    assert copied.startswith("错误（共")


def test_import_wizard_conflicts(qtbot, workspace, qt_app, tmp_path):
    from app.ui.import_wizard import PAGE_CONFLICTS, PAGE_RESULT, ImportWizard

    path, code = _entry(workspace, tmp_path, [(2, "年度计划投资（亿元）", 5), (2, "本季度完成投资（亿元）", 0.5)])
    with workspace.session() as s:
        progress.set_progress(s, projects.get_project(s, code=code).id, "2025Q3", user="市级", annual_plan=Decimal("4"))
    wizard = ImportWizard(workspace, ChangeBus())
    qtbot.addWidget(wizard)
    wizard.show()
    _to_preview(qtbot, wizard, path)
    assert wizard.preview_page.isComplete()
    wizard.next()
    assert wizard.currentId() == PAGE_CONFLICTS
    page = wizard.conflict_page
    assert page.table.rowCount() == 1 and not page.isComplete()
    assert page.table.item(0, 5).text() == "4" and page.table.item(0, 6).text() == "5"
    page.set_all("theirs")
    assert page.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_RESULT, timeout=30000)
    with workspace.session() as s:
        rec = progress.get_progress(s, projects.get_project(s, code=code).id, "2025Q3")
    assert rec["annual_plan"] == 5.0 and rec["invested"] == 0.5


def test_import_wizard_refused_file(qtbot, workspace, qt_app, tmp_path):
    from app.ui.import_wizard import ImportWizard

    bad = tmp_path / "renamed.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    wizard = ImportWizard(workspace, ChangeBus())
    qtbot.addWidget(wizard)
    wizard.show()
    _to_preview(qtbot, wizard, bad)
    page = wizard.preview_page
    assert not page.isComplete()
    assert "扩展名是 .xlsx" in page.issues.item(0, 4).text()


def test_copied_issue_list_marks_errors_and_notes(qtbot, workspace, qt_app, tmp_path):
    """A workbook with an error (row 2) and a note (row 3, an amount in 万元): typed in, previewed, copied."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QWizard

    from app.ui.import_wizard import PAGE_PREVIEW, ImportWizard

    path, _ = _entry(
        workspace, tmp_path, [(2, "本季度完成投资（亿元）", "很多"), (3, "本季度完成投资（亿元）", "300万元")]
    )
    wizard = ImportWizard(workspace, ChangeBus())
    qtbot.addWidget(wizard)
    wizard.show()
    type_text(qtbot, wizard.file_page.path_edit, str(path))  # the file name is Chinese: typed through the IME
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_PREVIEW, timeout=30000)
    page = wizard.preview_page
    assert not page.isComplete()  # the error blocks the import
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text().splitlines()
    errors = [line for line in copied if "【错误】" in line]
    notes = [line for line in copied if "【提示】" in line]
    assert len(errors) == 1 and "第2行" in errors[0] and "“很多”不是金额" in errors[0]
    assert any("第3行" in line and "300万元" in line for line in notes)
    assert not any("【提示】" in line for line in errors) and not any("【错误】" in line for line in notes)
    # errors first under their own heading, then the notes under theirs
    assert copied[0].startswith("错误（共 1 处") and copied[1] == errors[0]
    notes_heading = next(i for i, line in enumerate(copied) if line.startswith("提示（共"))
    assert notes_heading > copied.index(errors[0]) and copied[notes_heading + 1] == notes[0]
    assert f"共 {len(notes)} 条" in copied[notes_heading]
