"""Office mode in the desktop program, driven as a person drives it: choosing the office (设置, the first-run
welcome), the title bar naming it, a project outside a county's scope opening read-only with the reason, the
交换 menu opening its dialogs; and every export (Excel, the quarterly PDF) saying which office's database it came
from, read back from the files.

Real SQLite files (copies of the seeded template), real widgets, message boxes answered by clicking."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from app.core import office, project_service, settings_service
from app.core.errors import ValidationError
from app.core.workspace import open_workspace
from app.exchange import service as exchange_service
from app.reports.service import generate_report
from app.ui.change_bus import ChangeBus
from app.ui.settings import AppSettings
from app.ui.settings_dialog import SettingsDialog
from tests.conftest import copy_database, run_cli
from tests.fixtures.gui_support import (
    act_in_modal,
    choose_by_arrows,
    click,
    double_click_project,
    replace_text,
    row_of,
    running_main_window,
)
from tests.fixtures.offices_support import GUANGLING_PROJECT, LINGQIU, LINGQIU_PROJECT, PERIOD, cli_ok

TITLE = "大同市生态保护重点项目管理"
LEFT = Qt.MouseButton.LeftButton


# The windows come without the `modal` guard (it would close the dialogs these tests drive); the editor tests
# ask for it, so an unexpected message box fails them.
@pytest.fixture
def window(qtbot, workspace, qapp):
    yield from running_main_window(qtbot, workspace, qapp)


@pytest.fixture
def county_workspace(db_path):
    """The test's database set to 灵丘县 through the CLI, as the officer sets it."""
    cli_ok(db_path, "office", "set", LINGQIU)
    ws = open_workspace(db_path)
    yield ws
    ws.close()


@pytest.fixture
def county_window(qtbot, county_workspace, qapp):
    yield from running_main_window(qtbot, county_workspace, qapp)


def office_shown(db: Path) -> dict | None:
    """`office show --json`: what the database says, read by a separate program run."""
    return json.loads(cli_ok(db, "office", "show", "--json"))


def choose_in_combo(qtbot, combo, name: str) -> None:
    choose_by_arrows(qtbot, combo, combo.findData(name))
    assert combo.currentData() == name


def export_package(db: Path, folder: Path) -> None:
    """A package exchanged with the city: from now on the office's name is known elsewhere."""
    cli_ok(db, "package", "export", "--out", str(folder / "灵丘县.zip"))


# ---------------------------------------------------------------------------------------------- 设置


def test_office_chosen_in_settings_is_in_the_title_bar_and_the_database(qtbot, window, workspace, db_path):
    assert window.windowTitle() == f"{TITLE} — （未设置本库所属单位）"
    assert office_shown(db_path) is None

    def choose_and_save(dialog: SettingsDialog) -> None:
        choose_in_combo(qtbot, dialog.office_combo, "阳高县")
        qtbot.mouseClick(dialog.save_button, LEFT)

    seen = act_in_modal(qtbot, SettingsDialog, choose_and_save)
    window.settings_action.trigger()  # 文件 → 设置…
    assert seen and not seen[0].isVisible()
    assert window.windowTitle() == f"{TITLE} — 阳高县"
    assert office_shown(db_path)["name"] == "阳高县"


def test_the_city_and_the_lead_departments_are_offered(qtbot, workspace):
    dialog = SettingsDialog(workspace, ChangeBus(), settings=AppSettings())
    qtbot.addWidget(dialog)
    combo = dialog.office_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts[:3] == ["（未设置）", "市级（大同市）", "平城区"]
    assert "经济技术开发区" in texts and "市级" not in texts
    department = project_service.known_departments(workspace)[0]
    assert f"{department}（牵头部门）" in texts
    dialog.show()
    choose_in_combo(qtbot, combo, department)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    stored = office.load_office(workspace)
    assert (stored.name, stored.kind) == (department, "department")


def test_office_locked_after_a_package_exchange_shows_why(qtbot, county_workspace, db_path, tmp_path):
    export_package(db_path, tmp_path)
    dialog = SettingsDialog(county_workspace, ChangeBus(), settings=AppSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.office_combo.currentData() == LINGQIU
    assert not dialog.office_combo.isEnabled()
    assert dialog.office_lock.isVisible()
    assert "灵丘县" in dialog.office_lock.text() and "交换过数据包" in dialog.office_lock.text()
    # the rest of the settings still save
    replace_text(qtbot, dialog.text_edits["unit"], "灵丘县发展和改革局")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    assert settings_service.load_settings(county_workspace).unit == "灵丘县发展和改革局"
    assert office_shown(db_path)["name"] == LINGQIU


def test_a_refused_office_is_explained_and_the_dialog_stays_open(qtbot, county_workspace, db_path, tmp_path):
    dialog = SettingsDialog(county_workspace, ChangeBus(), settings=AppSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    export_package(db_path, tmp_path)  # meanwhile, the package goes out (another program run)
    choose_in_combo(qtbot, dialog.office_combo, "广灵县")
    replace_text(qtbot, dialog.text_edits["unit"], "某单位")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible()
    assert "不能再改为“广灵县”" in dialog.message.text()
    assert office_shown(db_path)["name"] == LINGQIU
    assert settings_service.load_settings(county_workspace).unit is None  # one transaction: nothing saved


def test_settings_service_follows_the_office_rule(workspace, db_path, tmp_path):
    """`settings set office` and the settings screen store the office as `office set` does: a department is an
    office, and after a package exchange the office no longer changes."""
    department = project_service.known_departments(workspace)[0]
    saved = settings_service.save_settings(workspace, {"office": department})
    assert saved.changed == ("office",)
    assert office_shown(db_path)["kind"] == "department"
    settings_service.save_settings(workspace, {"office": LINGQIU})
    assert office_shown(db_path) == {"name": LINGQIU, "kind": "county", "label": LINGQIU, "scope": LINGQIU}
    export_package(db_path, tmp_path)
    with pytest.raises(ValidationError) as refused:
        settings_service.save_settings(workspace, {"unit": "某单位", "office": "广灵县"})
    assert "不能再改为" in str(refused.value)
    assert settings_service.load_settings(workspace) == settings_service.DatabaseSettings(office=LINGQIU)
    with pytest.raises(ValidationError) as cleared:
        settings_service.save_settings(workspace, {"office": ""})
    assert "不能清除" in str(cleared.value)


# ---------------------------------------------------------------------------------------------- first run


def test_first_run_welcome_names_the_office(qtbot, window, db_path):
    from app.ui.welcome_dialog import WelcomeDialog

    def choose_and_start(dialog: WelcomeDialog) -> None:
        choose_in_combo(qtbot, dialog.office_combo, LINGQIU)
        qtbot.mouseClick(dialog.close_button, LEFT)

    seen = act_in_modal(qtbot, WelcomeDialog, choose_and_start)
    window.show_welcome()
    assert seen and not seen[0].isVisible()
    assert office_shown(db_path)["name"] == LINGQIU
    assert window.windowTitle() == f"{TITLE} — {LINGQIU}"


def test_welcome_leaves_the_office_unset_unless_chosen(qtbot, workspace):
    from app.ui.welcome_dialog import WelcomeDialog

    dialog = WelcomeDialog(workspace, ChangeBus())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.office_combo is not None and dialog.office_combo.currentText() == "（未设置）"
    qtbot.mouseClick(dialog.review_button, LEFT)
    assert not dialog.isVisible()
    assert office.load_office(workspace) is None


def test_welcome_does_not_ask_once_the_office_is_set(qtbot, county_workspace):
    from app.ui.welcome_dialog import WelcomeDialog

    dialog = WelcomeDialog(county_workspace, ChangeBus())
    qtbot.addWidget(dialog)
    assert dialog.office_combo is None


def test_title_follows_the_database_switched_to(qtbot, window, seeded_template, tmp_path):
    other = tmp_path / "阳高县.sqlite3"
    copy_database(seeded_template, other)
    cli_ok(other, "office", "set", "阳高县")
    old = window.ws
    window.switch_database(str(other))
    qtbot.waitUntil(lambda: window.ws is not old, timeout=30000)
    assert window.windowTitle() == f"{TITLE} — 阳高县"


# ---------------------------------------------------------------------------------------------- editor


def test_another_countys_project_opens_read_only_with_the_reason(qtbot, modal, county_window):
    row, editor = double_click_project(qtbot, county_window, GUANGLING_PROJECT)
    reason = office.project_edit_refusal(county_window.ws, row.id)
    assert reason and "广灵县" in reason
    assert editor.read_only_banner.isVisible() and reason in editor.read_only_banner.text()
    name = editor.widget_for("name")
    assert name.isReadOnly() and not editor.county_combo.isEnabled()
    assert not editor.save_button.isEnabled() and not editor.save_action.isEnabled()
    milestones, progress, issues = editor.tracking_tabs
    assert not progress.save_button.isEnabled()
    assert not milestones.template_button.isEnabled() and not milestones.save_button.isEnabled()
    assert not issues.new_button.isEnabled() and not issues.save_button.isEnabled()
    # typing changes nothing, Ctrl+S writes nothing, and closing asks nothing
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_End)
    qtbot.keyClicks(name, "X2")  # (a read-only box takes no input method: Qt turns it off)
    assert name.text() == row.name and not name.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    qtbot.keyClick(name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert project_service.get_project(county_window.ws, row.id).name == row.name
    click(qtbot, editor.close_button)
    assert not editor.isVisible()


def test_the_countys_own_project_is_edited_and_saved(qtbot, modal, county_window):
    row, editor = double_click_project(qtbot, county_window, LINGQIU_PROJECT)
    assert office.project_edit_refusal(county_window.ws, row.id) is None
    assert not editor.read_only_banner.isVisible()
    milestones, progress, issues = editor.tracking_tabs
    assert progress.save_button.isEnabled() and issues.new_button.isEnabled()
    replace_text(qtbot, editor.widget_for("name"), "灵丘县改过的名称")
    click(qtbot, editor.save_button)
    assert project_service.get_project(county_window.ws, row.id).name == "灵丘县改过的名称"
    click(qtbot, editor.close_button)
    assert not editor.isVisible()


def text_colour(window, code: str):
    """The text colour the table paints a project's name cell with."""
    view = window.portfolio
    index = view.model.index(view.model.row_of(row_of(window, code).id), 1)
    option = QStyleOptionViewItem()
    view.table.itemDelegate().initStyleOption(option, index)
    return option.palette.color(QPalette.ColorRole.Text)


def test_portfolio_greys_the_projects_the_office_may_only_read(county_window):
    from app.ui.office_marker import READ_ONLY_TEXT

    assert text_colour(county_window, GUANGLING_PROJECT) == READ_ONLY_TEXT
    assert text_colour(county_window, LINGQIU_PROJECT) != READ_ONLY_TEXT
    assert "只能查看" in county_window.portfolio.read_only_marks.note


def tooltip_over(qtbot, window, code: str) -> str:
    """The tooltip a person sees when resting the mouse on a project's name cell."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    table = window.portfolio.table
    index = window.portfolio.model.index(window.portfolio.model.row_of(row_of(window, code).id), 1)
    table.scrollTo(index)
    pos = table.visualRect(index).center()
    QToolTip.hideText()
    QApplication.sendEvent(table.viewport(), QHelpEvent(QEvent.Type.ToolTip, pos, table.viewport().mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    return QToolTip.text()


def test_portfolio_explains_a_grey_project_when_hovered(qtbot, county_window):
    """The marks come from the table's model (its text colour and tooltip), painted by Qt's own delegate."""
    from PySide6.QtWidgets import QStyledItemDelegate

    assert type(county_window.portfolio.table.itemDelegate()) is QStyledItemDelegate
    note = county_window.portfolio.read_only_marks.note
    assert "灵丘县" in note and "只能查看" in note
    assert tooltip_over(qtbot, county_window, GUANGLING_PROJECT) == note
    own = row_of(county_window, LINGQIU_PROJECT)
    assert tooltip_over(qtbot, county_window, LINGQIU_PROJECT) == own.name  # the usual tooltip: the full name


def test_portfolio_marks_follow_the_office_chosen(qtbot, window, workspace):
    from app.ui.office_marker import READ_ONLY_TEXT

    assert text_colour(window, GUANGLING_PROJECT) != READ_ONLY_TEXT  # no office set: everything editable
    dialog = SettingsDialog(workspace, window.bus, window, settings=AppSettings())
    dialog.show()
    choose_in_combo(qtbot, dialog.office_combo, LINGQIU)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert text_colour(window, GUANGLING_PROJECT) == READ_ONLY_TEXT
    assert text_colour(window, LINGQIU_PROJECT) != READ_ONLY_TEXT


# ---------------------------------------------------------------------------------------------- 交换 menu


def test_exchange_menu_opens_each_dialog(qtbot, county_window):
    from app.ui.conflicts_dialog import ConflictsDialog
    from app.ui.package_dialogs import PackageExportDialog, PackageImportDialog
    from app.ui.submissions_dialog import SubmissionsDialog

    menu = county_window.exchange_menu
    assert menu.title() == "交换(&X)"
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["报送与审核…", "导出交换包…", "导入交换包…", "冲突处理…"]
    for action, kind in (
        (county_window.submissions_action, SubmissionsDialog),
        (county_window.package_export_action, PackageExportDialog),
        (county_window.package_import_action, PackageImportDialog),
        (county_window.conflicts_action, ConflictsDialog),
    ):
        seen = act_in_modal(qtbot, kind, lambda d: qtbot.keyClick(d, Qt.Key.Key_Escape))
        action.trigger()
        assert len(seen) == 1 and not seen[0].isVisible(), kind.__name__


# ---------------------------------------------------------------------------------------------- exports


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_excel_export_states_the_office(county_workspace, workspace, tmp_path):
    county_file = tmp_path / "灵丘县.xlsx"
    exchange_service.export_portfolio(county_workspace, county_file, per_table=True)
    book = openpyxl.load_workbook(county_file)
    visible = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]
    assert len(visible) > 1
    for sheet in visible:
        assert sheet.oddHeader.left.text == "本库所属单位：灵丘县"
    meta = {row[0].value: row[1].value for row in book["_meta"].iter_rows()}
    assert meta["office"] == "本库所属单位：灵丘县"

    entry = tmp_path / "填报表.xlsx"
    exchange_service.export_entry_workbook(county_workspace, entry, period=PERIOD, county=LINGQIU)
    readme = openpyxl.load_workbook(entry).worksheets[0]
    assert readme.oddHeader.left.text == "本库所属单位：灵丘县"


def test_excel_export_without_an_office_says_so(db_path, tmp_path):
    ws = open_workspace(db_path)
    try:
        path = tmp_path / "全部.xlsx"
        exchange_service.export_portfolio(ws, path)
    finally:
        ws.close()
    assert openpyxl.load_workbook(path)["项目"].oddHeader.left.text == "本库所属单位：未设置"


def test_quarterly_report_names_the_office_on_its_cover(county_workspace, tmp_path):
    pdf = tmp_path / "报告.pdf"
    generate_report(county_workspace, PERIOD, out_path=pdf)
    cover = _compact(PdfReader(pdf).pages[0].extract_text() or "")
    assert "本库所属单位灵丘县" in cover


def test_quarterly_report_of_the_city_and_of_an_unset_database(db_path, tmp_path):
    code, _out, err = run_cli("report", "--period", PERIOD, "--out", str(tmp_path / "未设置.pdf"), db=db_path)
    assert code == 0, err
    assert "本库所属单位未设置" in _compact(PdfReader(tmp_path / "未设置.pdf").pages[0].extract_text() or "")
    cli_ok(db_path, "office", "set", "市级")
    code, _out, err = run_cli("report", "--period", PERIOD, "--out", str(tmp_path / "市级.pdf"), db=db_path)
    assert code == 0, err
    assert "本库所属单位市级（全市）" in _compact(PdfReader(tmp_path / "市级.pdf").pages[0].extract_text() or "")
