"""冲突处理 driven with clicks: the same field edited in a county and in the city becomes a conflict when the
county's package arrives, and the officer decides it in the review (real databases, real widgets)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt

from app.exchange import package_conflicts
from app.ui.change_bus import ChangeBus
from tests.fixtures.gui_support import click
from tests.fixtures.offices_support import (
    LINGQIU,
    LINGQIU_PROJECT,
    PERIOD,
    cli_ok,
    fingerprint,
    progress_value,
    query,
)
from tests.fixtures.package_gui import WAIT_MS, choose_file, shown


def _both_sides_edit(offices, **fields):
    """Each office writes its own value into the same fields of the same quarter; the county's package goes
    to the city. Returns the package."""
    for db, side in ((offices.lingqiu, "县"), (offices.city, "市")):
        args = []
        for option, value in fields.items():
            args += [f"--{option}", f"{side}：{value}"]
        cli_ok(db, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, *args)
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package))
    return package


def _conflicts_dialog(qtbot, ws, bus):
    from app.ui.conflicts_dialog import ConflictsDialog

    return shown(qtbot, ConflictsDialog(ws, bus))


def _cell(dialog, row, column):
    return dialog.proxy.index(row, column).data()


def _click_row(qtbot, dialog, row, modifier=Qt.KeyboardModifier.NoModifier):
    table = dialog.table
    rect = table.visualRect(dialog.proxy.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_a_conflict_held_by_an_import_is_decided_in_the_review(qtbot, offices, open_db, no_modal_dialogs, monkeypatch):
    """The review opens window-modal over the import dialog (so no guard that closes modal windows here;
    no_modal_dialogs still fails the test on any message box)."""
    from app.ui.conflicts_dialog import ConflictTableModel as Columns
    from app.ui.package_dialogs import PackageImportDialog

    package = _both_sides_edit(offices, physical="已开工")
    city_ws = open_db(offices.city)
    bus = ChangeBus()
    heard = []
    bus.changed.connect(heard.append)
    importer = shown(qtbot, PackageImportDialog(city_ws, bus))
    choose_file(monkeypatch, package)
    click(qtbot, importer.choose_button)
    qtbot.waitUntil(lambda: importer.import_button.isEnabled(), timeout=WAIT_MS)
    assert "冲突 1 条" in importer.details.toPlainText()
    click(qtbot, importer.import_button)
    qtbot.waitUntil(lambda: "导入完成" in importer.message.text(), timeout=WAIT_MS)
    assert "冲突 1 条（保留本库的值，待处理）" in importer.details.toPlainText()
    assert progress_value(offices.city, LINGQIU_PROJECT, PERIOD, "physical_progress") == "市：已开工"  # kept

    click(qtbot, importer.conflicts_button)  # the offer to review them
    review = importer.conflicts_dialog
    assert review is not None
    qtbot.waitExposed(review)
    assert review.proxy.rowCount() == 1 and review.stack.currentWidget() is review.table
    assert _cell(review, 0, Columns.CODE) == LINGQIU_PROJECT
    assert _cell(review, 0, Columns.WHAT) == f"{PERIOD} 形象进度"
    assert _cell(review, 0, Columns.OURS) == "市：已开工" and _cell(review, 0, Columns.THEIRS) == "县：已开工"
    assert _cell(review, 0, Columns.ORIGIN) == LINGQIU
    assert _cell(review, 0, Columns.OURS_BY).startswith("测试员 ") and _cell(review, 0, Columns.THEIRS_BY).startswith(
        "测试员 "
    )
    assert _cell(review, 0, Columns.STATE) == "待处理" and "待处理 1 个" in review.count_label.text()
    assert not review.take_theirs_button.isEnabled()  # nothing selected yet

    _click_row(qtbot, review, 0)
    heard.clear()
    with qtbot.waitSignal(bus.changed, timeout=WAIT_MS):
        click(qtbot, review.take_theirs_button)
    (project_id,) = query(offices.city, "SELECT id FROM projects WHERE code = ?", LINGQIU_PROJECT)[0]
    assert heard == [heard[0]] and heard[0].progress and heard[0].project_ids == {project_id}
    assert progress_value(offices.city, LINGQIU_PROJECT, PERIOD, "physical_progress") == "县：已开工"
    assert review.proxy.rowCount() == 0 and review.stack.currentWidget() is review.empty_label
    assert review.empty_label.text() == "没有待处理的冲突。"
    assert "已处理 1 个冲突：采用对方的值" in review.message.text()

    review.show_decided_check.click()
    assert review.proxy.rowCount() == 1 and _cell(review, 0, Columns.STATE) == "已采用对方的值"
    _click_row(qtbot, review, 0)
    assert not review.take_theirs_button.isEnabled()  # a decided conflict is not decided again

    qtbot.keyClick(review, Qt.Key.Key_Escape)
    assert not review.isVisible()
    qtbot.waitUntil(lambda: importer.conflicts_dialog is None, timeout=WAIT_MS)  # closed and released


def test_several_conflicts_kept_at_once_keep_this_offices_values(qtbot, offices, open_db, modal):
    package = _both_sides_edit(offices, physical="进度", problems="资金缺口")
    cli_ok(offices.city, "package", "import", str(package))
    city_ws = open_db(offices.city)
    assert len(package_conflicts.list_conflicts(city_ws)) == 2
    bus = ChangeBus()
    review = _conflicts_dialog(qtbot, city_ws, bus)
    assert review.proxy.rowCount() == 2

    _click_row(qtbot, review, 0)
    _click_row(qtbot, review, 1, Qt.KeyboardModifier.ControlModifier)
    assert len(review.selected_conflicts()) == 2
    with qtbot.waitSignal(bus.changed, timeout=WAIT_MS):
        click(qtbot, review.keep_ours_button)
    assert review.proxy.rowCount() == 0 and "已处理 2 个冲突：保留本库的值" in review.message.text()
    assert package_conflicts.list_conflicts(city_ws) == []
    assert progress_value(offices.city, LINGQIU_PROJECT, PERIOD, "physical_progress") == "市：进度"
    assert progress_value(offices.city, LINGQIU_PROJECT, PERIOD, "problems") == "市：资金缺口"

    # the city's values travel back to the county with the next return package
    back = offices.folder / "back.zip"
    cli_ok(offices.city, "package", "export", "--for", LINGQIU, "--out", str(back))
    cli_ok(offices.lingqiu, "package", "import", str(back))
    assert progress_value(offices.lingqiu, LINGQIU_PROJECT, PERIOD, "problems") == "市：资金缺口"


def test_the_search_narrows_the_list(qtbot, offices, open_db, modal):
    package = _both_sides_edit(offices, physical="进度", problems="资金缺口")
    cli_ok(offices.city, "package", "import", str(package))
    review = _conflicts_dialog(qtbot, open_db(offices.city), ChangeBus())
    qtbot.keyClicks(review.search, "2025Q3")
    assert review.proxy.rowCount() == 2
    review.search.clear()
    review.search.setFocus()
    qtbot.keyClicks(review.search, "nothing-like-this")
    assert review.proxy.rowCount() == 0 and review.empty_label.text() == "没有符合搜索条件的冲突。"


def test_without_conflicts_the_review_says_so(qtbot, offices, open_db, modal):
    before = fingerprint(offices.city)
    review = _conflicts_dialog(qtbot, open_db(offices.city), ChangeBus())
    assert review.stack.currentWidget() is review.empty_label and review.empty_label.isVisible()
    assert review.empty_label.text() == "没有待处理的冲突。"
    assert not review.take_theirs_button.isEnabled() and not review.keep_ours_button.isEnabled()
    review.show_decided_check.click()
    assert "没有冲突记录" in review.empty_label.text()
    qtbot.keyClick(review, Qt.Key.Key_Return)  # Enter closes: it never decides anything
    assert not review.isVisible()
    assert fingerprint(offices.city) == before


def test_the_review_remembers_its_size(qtbot, offices, open_db, modal):
    ws = open_db(offices.city)
    review = _conflicts_dialog(qtbot, ws, ChangeBus())
    # A size inside the offscreen screen (800×600): restoreGeometry clamps a larger one to the screen, and the
    # opening size depends on the fonts installed.
    target = QSize(640, 400) if review.size() != QSize(640, 400) else QSize(620, 380)
    review.resize(target)
    size = review.size()
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    assert not review.isVisible()
    assert _conflicts_dialog(qtbot, ws, ChangeBus()).size() == size
