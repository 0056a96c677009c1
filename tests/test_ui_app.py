"""The desktop application end to end (offscreen): load, filter, search, edit, undo, review, dashboard."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core import portfolio, project_service
from app.ui.models import ProjectTableModel
from app.ui.settings import AppSettings, UiState

CHINESE_SAMPLE = "大同市生态保护重点项目概算总投资亿元亩灵丘县御河（）：；"


pytestmark = pytest.mark.usefixtures("no_modal_dialogs")  # fixture in conftest.py


@pytest.fixture
def qt_app(qapp):
    from app.ui.app_setup import install_font, install_translators

    install_font(qapp)
    install_translators(qapp, "zh_CN")
    return qapp


@pytest.fixture
def window(qtbot, workspace, qt_app):
    from app.ui.main_window import MainWindow

    w = MainWindow(workspace, AppSettings(), UiState(), load=False)
    w.resize(1300, 800)
    w.show()
    with qtbot.waitSignal(w.portfolioLoaded, timeout=30000):
        w.refresh()
    yield w
    qtbot.waitUntil(lambda: not w.is_loading(), timeout=30000)
    for editor in list(w.editors.values()):
        editor.load()  # discard unsaved edits so closing never asks
        editor.close()
    w.close()
    w.deleteLater()


def _wait_idle(qtbot, w) -> None:
    qtbot.waitUntil(lambda: not w.is_loading(), timeout=30000)


def test_bundled_font_draws_chinese(qt_app):
    from app.ui.app_setup import PREFERRED_FAMILY, register_font

    assert register_font() == PREFERRED_FAMILY
    assert QApplication.font().family() == PREFERRED_FAMILY
    strict = QFont(PREFERRED_FAMILY)
    strict.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)  # no fallback: the glyphs must be in our font
    metrics = QFontMetrics(strict)
    # inFontUcs4, not inFont: PySide6 6.x converts some str arguments to the wrong QChar for inFont
    # (e.g. 生 U+751F reports missing although the font has it); the code point form is exact.
    missing = [ch for ch in CHINESE_SAMPLE if not metrics.inFontUcs4(ord(ch))]
    assert not missing
    # the application font (what every widget uses) covers Chinese as well
    app_metrics = QFontMetrics(QApplication.font())
    assert all(app_metrics.inFontUcs4(ord(ch)) for ch in CHINESE_SAMPLE)
    assert app_metrics.inFont("大")


def test_window_shows_portfolio_with_totals(window):
    model = window.portfolio.model
    assert model.rowCount() == 68
    text = window.portfolio.totals_label.text()
    assert "全部 68 个项目" in text
    assert "其中 3 项投资未知" in text
    assert window.db_label.text().endswith(str(window.ws.db.sqlite_path))
    assert window.ws.user in window.user_label.text()
    assert window.font().family() == "WenQuanYi Micro Hei"


def test_filters_combine_and_search(window, qtbot):
    view = window.portfolio
    view.filters.counties.item_for("灵丘县").setCheckState(Qt.CheckState.Checked)
    rows = view.model.visible_rows()
    assert rows and all(r.county == "灵丘县" for r in rows)
    n_county = len(rows)
    view.filters.tables.item_for(1).setCheckState(Qt.CheckState.Checked)
    rows = view.model.visible_rows()
    assert 0 < len(rows) < n_county and all(r.appendix_table == 1 for r in rows)
    assert "县区：灵丘县" in view.active_filters.text()
    view.search.insert("唐河")  # QTest.keyClicks cannot type Chinese (ASCII only): insert as an IME would
    qtbot.waitUntil(lambda: view.model.current_filter().text == "唐河", timeout=3000)
    rows = view.model.visible_rows()
    assert rows and all("唐河" in r.name + r.content for r in rows)
    assert f"筛选结果 {len(rows)} / 68" in view.totals_label.text()
    view.filters.clear()
    view.search.clear()
    view._apply_filter()
    assert view.model.rowCount() == 68


def test_pinyin_search_and_shortcut(window, qtbot):
    view = window.portfolio
    window.tabs.setCurrentIndex(window.TAB_DASHBOARD)
    window.find_action.trigger()  # Ctrl+F
    assert window.tabs.currentIndex() == window.TAB_PORTFOLIO
    view.search.setText("yh")
    view._apply_filter()
    names = [r.name for r in view.model.visible_rows()]
    assert any("御河" in n for n in names)


def test_dashboard_bar_click_filters_portfolio(window, qtbot):
    window.tabs.setCurrentIndex(window.TAB_DASHBOARD)
    chart = window.dashboard.chart("county")
    qtbot.waitExposed(chart)
    i = window.dashboard.bar_index("county", "灵丘县")
    assert chart.bars()[i].text == str(sum(1 for r in window.portfolio.model.all_rows() if r.county == "灵丘县"))
    center = chart.bar_rect(i).center().toPoint()
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=center)
    assert window.tabs.currentIndex() == window.TAB_PORTFOLIO
    rows = window.portfolio.model.visible_rows()
    assert rows and all(r.county == "灵丘县" for r in rows)
    assert window.portfolio.filters.counties.selected() == {"灵丘县"}
    # by category too, with the investment metric
    window.tabs.setCurrentIndex(window.TAB_DASHBOARD)
    window.dashboard.metric_investment.setChecked(True)
    chart = window.dashboard.chart("category")
    i = window.dashboard.bar_index("category", 3)
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.bar_rect(i).center().toPoint())
    rows = window.portfolio.model.visible_rows()
    assert rows and all(r.appendix_table == 3 for r in rows)


def _first_project(window) -> portfolio.PortfolioRow:
    return next(r for r in window.portfolio.model.all_rows() if r.code == "附表1-02")


def test_edit_save_history_and_undo(window, qtbot):
    row = _first_project(window)
    editor = window.open_project(row.id)
    qtbot.waitExposed(editor)
    inv = editor.widget_for("investment_total")
    inv.selectAll()
    qtbot.keyClicks(inv, "40.5")
    assert editor.changes() == {"investment_total": "40.5"}
    assert editor.isWindowModified()
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor, timeout=3000)
    qtbot.keyClick(inv, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S while typing
    qtbot.waitUntil(lambda: not editor.isWindowModified(), timeout=3000)
    stored = project_service.get_project(window.ws, row.id)
    assert stored.investment_total == Decimal("40.5") and stored.version == row.version + 1
    history = project_service.project_history(window.ws, row.id)
    assert history[0].field == "investment_total" and history[0].old_value == "35.27"
    assert history[0].new_value == "40.5" and history[0].user == window.ws.user
    assert editor.history_model.rowCount() == len(history)
    _wait_idle(qtbot, window)
    shown = window.portfolio.model.all_rows()
    assert next(r for r in shown if r.id == row.id).investment_total == Decimal("40.5")

    # Undo (Ctrl+Z typed in the field, routed to the editor's stack) brings the old value back; save writes it.
    # the background reload's progress window may have taken the focus: click back into the field first
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor, timeout=3000)
    qtbot.mouseClick(inv, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is inv, timeout=3000)
    qtbot.keyClick(inv, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert inv.text() == "35.27"
    assert editor.changes() == {"investment_total": "35.27"}
    assert editor.save()
    assert project_service.get_project(window.ws, row.id).investment_total == Decimal("35.27")
    fields = [h.field for h in project_service.project_history(window.ws, row.id)]
    assert fields[:2] == ["investment_total", "investment_total"]
    # and redo again
    editor.undo_stack.redo()
    assert inv.text() == "40.5"
    editor.undo_stack.undo()
    assert not editor.changes()


def test_undo_across_fields_and_lists(window, qtbot):
    row = _first_project(window)
    editor = window.open_project(row.id)
    editor.set_field("name", "新名称")
    editor.set_field("status", "在建")
    depts = project_service.known_departments(window.ws)
    extra = next(d for d in depts if d not in row.lead_departments)
    assert editor.departments.add(extra)
    assert editor.changes()["lead_departments"] == list(row.lead_departments) + [extra]
    assert editor.undo_stack.count() == 3
    editor.undo_stack.undo()
    assert "lead_departments" not in editor.changes()
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert editor.changes() == {}
    assert not editor.departments.add("并不存在的部门")
    assert editor.departments.error.isVisibleTo(editor)


def test_invalid_input_is_rejected_and_nothing_written(window, qtbot, db_path):
    row = _first_project(window)
    editor = window.open_project(row.id)
    _wait_idle(qtbot, window)
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    audit_before = len(project_service.project_history(window.ws, row.id))
    editor.set_field("investment_total", "-3")
    assert editor._errors["investment_total"].isVisibleTo(editor)  # checked while typing
    editor.set_field("name", "   ")
    editor.set_field("new_land_mu", "十亩")
    assert editor.save() is False
    for key, text in (("investment_total", "不能为负数"), ("name", "不能为空"), ("new_land_mu", "“十亩”不是用地面积")):
        label = editor._errors[key]
        assert label.isVisibleTo(editor) and text in label.text(), key
    assert editor.banner.isVisibleTo(editor) and "未保存任何内容" in editor.banner.text()
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    assert project_service.get_project(window.ws, row.id).version == row.version
    assert len(project_service.project_history(window.ws, row.id)) == audit_before


def test_editor_shows_raw_text_flags_and_history(window, qtbot):
    row = next(r for r in window.portfolio.model.all_rows() if r.code == "附表1-01")
    editor = window.open_project(row.id)
    assert editor._raw_labels["investment_total"].text() == "---"
    assert editor.flags_model.rowCount() == row.open_flags > 0
    assert "数据核查" in editor.tabs.tabText(editor.flags_tab_index)
    assert editor.tabs.tabText(editor.history_tab_index) == "修改记录"
    history = editor.history_model  # the seed created the project and nothing has changed it since
    assert history.rowCount() == 1
    assert history.index(0, history.SOURCE).data() == "初始数据"
    assert history.index(0, history.NEW).data() == "附表1-01"


def test_review_queue_resolve_and_open(window, qtbot):
    review = window.review
    window.tabs.setCurrentIndex(window.TAB_REVIEW)
    open_before = review.open_count()
    assert review.proxy.rowCount() == open_before > 0
    review.table.setCurrentIndex(review.proxy.index(0, 0))
    item = review.current_item()
    assert item.subject.startswith("附表")  # projects sort first
    review.note.setPlainText("")
    assert review.resolve_current() is False
    assert "请填写处理说明" in review.note_error.text()
    review.select_flag(item.id)
    review.note.setPlainText("已与县区核实")
    assert review.resolve_current()
    assert review.open_count() == open_before - 1
    review.set_state_filter("resolved")
    assert review.proxy.rowCount() == 1
    assert review.current_item().resolution_note == "已与县区核实"
    # double-click opens the project
    index = review.proxy.index(0, 0)
    rect = review.table.visualRect(index)
    qtbot.mouseClick(review.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(review.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert item.project_id in window.editors
    assert review.reopen_current()
    assert review.open_count() == open_before


def test_layout_and_settings_persist(window, qtbot, workspace):
    from app.ui.main_window import MainWindow

    header = window.portfolio.table.horizontalHeader()
    window.portfolio.set_column_visible(ProjectTableModel.ENTITIES, True)
    window.portfolio.set_column_visible(ProjectTableModel.LAND, False)
    header.moveSection(header.visualIndex(ProjectTableModel.COUNTY), 0)
    header.resizeSection(ProjectTableModel.NAME, 333)
    window.portfolio.splitter.setSizes([250, 900])
    window.resize(611, 477)
    window.close()

    second = MainWindow(workspace, AppSettings(), UiState(), load=False)
    qtbot.addWidget(second)
    h2 = second.portfolio.table.horizontalHeader()
    assert not h2.isSectionHidden(ProjectTableModel.ENTITIES)
    assert h2.isSectionHidden(ProjectTableModel.LAND)
    assert h2.visualIndex(ProjectTableModel.COUNTY) == 0
    assert h2.sectionSize(ProjectTableModel.NAME) == 333
    assert second.portfolio.splitter.sizes()[0] == 250
    assert (second.width(), second.height()) == (611, 477)
    assert UiState().path.parent == AppSettings().path.parent  # both in the (temporary) user data folder
    assert UiState().path != AppSettings().path  # geometry kept apart from the typed preferences


def test_typed_settings_defaults_and_round_trip(tmp_path):
    s = AppSettings(tmp_path / "s.ini")
    assert s.language == "zh_CN" and s.get("windows_gdi_fonts") is True and s.get("recent_databases") == []
    s.language = "en"
    s.remember_database("/a.sqlite3")
    s.remember_database("/b.sqlite3")
    s.remember_database("/a.sqlite3")
    s.qs.setValue("ui/font_point_size", "not a number")
    again = AppSettings(tmp_path / "s.ini")
    assert again.language == "en"
    assert again.get("recent_databases") == ["/a.sqlite3", "/b.sqlite3"]
    assert again.get("font_point_size") == 10.0  # malformed -> default


def test_database_error_shows_chinese_message(qt_app, monkeypatch, tmp_path):
    import sys

    import app.__main__ as entry

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() may install its own: keep the session's
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append((self.windowTitle(), self.text())) or 0)
    bad = tmp_path / "not-a-database.sqlite3"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    assert entry.main(["--db", str(bad)]) == 1
    assert shown and shown[0][0] == "数据库已损坏"  # not SQLite: the start-up check says so before opening
    assert "数据库" in shown[0][1] and "Traceback" not in shown[0][1]
    assert entry.main(["--db", str(tmp_path / "missing-folder" / "x.sqlite3")]) == 1
    assert "文件夹不存在" in shown[-1][1]


def test_menus_open_the_dialogs_with_the_window_bus(window, monkeypatch):
    """Every dialog is imported and built directly, with the workspace and the window's one change bus."""
    from app.ui.audit_view import AuditView
    from app.ui.export_dialog import ExportDialog
    from app.ui.import_wizard import ImportWizard
    from app.ui.periods_dialog import PeriodsDialog
    from app.ui.report_dialog import ReportDialog

    opened = []
    for cls in (ReportDialog, ExportDialog, ImportWizard, PeriodsDialog, AuditView):
        monkeypatch.setattr(cls, "exec", lambda self: opened.append(self) or 0)
    assert window.report_action.shortcut().toString() == "Ctrl+P"
    assert window.refresh_action.shortcut().toString() == "F5"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    actions = (window.report_action, window.export_action, window.import_action, window.periods_action)
    for action in (*actions, window.audit_action):
        assert action.isEnabled()
        action.trigger()
    assert [type(d) for d in opened] == [ReportDialog, ExportDialog, ImportWizard, PeriodsDialog, AuditView]
    assert all(d.ws is window.ws and d.bus is window.bus for d in opened)
    assert opened[1].only_visible.isChecked()  # the export offers the listed projects


def test_new_department_is_added_explicitly(window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    row = _first_project(window)
    editor = window.open_project(row.id)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("市测试协调办公室", True))
    editor.departments.new_button.click()
    assert "市测试协调办公室" in project_service.known_departments(window.ws)
    assert editor.changes()["lead_departments"][-1] == "市测试协调办公室"
    assert editor.save()
    assert project_service.get_project(window.ws, row.id).lead_departments[-1] == "市测试协调办公室"


def test_language_choice_is_remembered(window, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window.set_language("en")
    assert AppSettings().language == "en"
    window.set_language("zh_CN")
    assert AppSettings().language == "zh_CN"


def test_period_picker_and_f5_reload(window, qtbot):
    from app.core import tracking_service as ts

    row = _first_project(window)
    ts.set_progress(window.ws, row.id, "2025Q2", invested="2.5")
    with qtbot.waitSignal(window.portfolioLoaded, timeout=30000):
        window.refresh_action.trigger()  # F5
    assert window.portfolio.period.findData("2025Q2") > 0
    with qtbot.waitSignal(window.portfolioLoaded, timeout=30000):
        window.portfolio.period.setCurrentIndex(window.portfolio.period.findData("2025Q2"))
    shown = next(r for r in window.portfolio.model.all_rows() if r.id == row.id)
    assert shown.cumulative == Decimal("2.5")
    assert "累计完成投资 2.50 亿元" in window.portfolio.totals_label.text()
