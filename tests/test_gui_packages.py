"""导出交换包 / 导入交换包 driven with clicks, between real office databases (a county and the city).

Only the file chooser is replaced (QFileDialog.getOpenFileName returns the package's path); everything else
is the real dialog, the real background task and the real SQLite files, checked through what a person sees
(the preview and result texts) and what the database holds afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.core import submissions
from app.exchange import packages
from app.ui.change_bus import ChangeBus
from app.ui.settings import AppSettings
from app.ui.user_errors import chinese_part
from tests.fixtures.gui_support import click
from tests.fixtures.offices_support import (
    CITY,
    GUANGLING,
    LINGQIU,
    LINGQIU_PROJECT,
    PERIOD,
    cli_ok,
    fingerprint,
    make_offices,
    progress_value,
)
from tests.fixtures.package_gui import WAIT_MS, choose_file, shown


@pytest.fixture
def export_folder(tmp_path):
    """The export folder chosen in 设置 (the per-user settings live in the test's own data folder)."""
    folder = tmp_path / "交换包"
    folder.mkdir()
    AppSettings().set("export_folder", str(folder))
    return folder


def _county_reports_and_submits(offices):
    cli_ok(
        offices.lingqiu, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD,
        "--invested", "0.5", "--physical", "主体工程施工", "--status", "在建",
    )  # fmt: skip
    cli_ok(offices.lingqiu, "submission", "submit", "--period", PERIOD)


def _export_dialog(qtbot, ws, bus=None):
    from app.ui.package_dialogs import PackageExportDialog

    return shown(qtbot, PackageExportDialog(ws, bus or ChangeBus()))


def _import_dialog(qtbot, ws, bus=None):
    from app.ui.package_dialogs import PackageImportDialog

    return shown(qtbot, PackageImportDialog(ws, bus or ChangeBus()))


def _preview(qtbot, dialog, monkeypatch, path):
    choose_file(monkeypatch, path)
    click(qtbot, dialog.choose_button)
    qtbot.waitUntil(lambda: dialog.check is not None or "不能导入" in dialog.message.text(), timeout=WAIT_MS)


def _manifest(path):
    return json.loads(zipfile.ZipFile(path).read("manifest.json"))


def test_a_county_exports_and_the_city_imports_through_the_dialogs(
    qtbot, offices, export_folder, open_db, modal, monkeypatch
):
    _county_reports_and_submits(offices)
    county = _export_dialog(qtbot, open_db(offices.lingqiu))
    assert "灵丘县" in county.office_label.text()
    assert county.period_combo.currentData() == PERIOD  # the quarter waiting for the city
    assert "已报送（待审核）" in county.period_combo.currentText()
    expected = export_folder / f"{LINGQIU}-{PERIOD}-交换包.zip"
    assert county.path_edit.text() == str(expected)

    click(qtbot, county.export_button)
    qtbot.waitUntil(lambda: "已导出" in county.message.text(), timeout=WAIT_MS)
    manifest = _manifest(expected)
    assert manifest["sender"] == LINGQIU and manifest["addressee"] == CITY and manifest["period"] == PERIOD
    shown = county.message.text()
    assert str(expected) in shown and f"{LINGQIU} → {CITY}，修改 {manifest['change_count']} 条" in shown
    assert "季度进展" in shown
    assert f"第 {manifest['sequence']['first']}–{manifest['sequence']['last']} 号" in shown
    assert f"附报送：{PERIOD} 第 1 次报送，1 个项目填报" in shown

    before = fingerprint(offices.city)
    bus = ChangeBus()
    heard = []
    bus.changed.connect(heard.append)
    city = _import_dialog(qtbot, open_db(offices.city), bus)
    _preview(qtbot, city, monkeypatch, expected)
    preview = city.details.toPlainText()
    assert f"发送单位：{LINGQIU}　接收单位：{CITY}" in preview and f"季度：{PERIOD}" in preview
    assert f"修改：共 {manifest['change_count']} 条" in preview and LINGQIU_PROJECT in preview
    assert f"报送：{LINGQIU} {PERIOD} 第 1 次报送" in preview
    new = re.search(r"导入后：新的修改 (\d+) 条；本库已有 (\d+) 条（跳过）；冲突 (\d+) 条", preview)
    assert new is not None and int(new.group(1)) > 0 and new.group(3) == "0"
    assert fingerprint(offices.city) == before  # the preview and its dry run wrote nothing
    assert city.import_button.isEnabled() and city.import_button.isDefault()

    with qtbot.waitSignal(bus.changed, timeout=WAIT_MS):
        click(qtbot, city.import_button)
    qtbot.waitUntil(lambda: "导入完成" in city.message.text(), timeout=WAIT_MS)
    result = city.details.toPlainText()
    assert f"写入新的修改 {new.group(1)} 条" in result and f"已记录报送：{LINGQIU} {PERIOD}" in result
    assert heard[-1].progress
    assert Decimal(str(progress_value(offices.city, LINGQIU_PROJECT, PERIOD, "invested"))) == Decimal("0.5")
    assert progress_value(offices.city, LINGQIU_PROJECT, PERIOD, "physical_progress") == "主体工程施工"
    assert submissions.submission_of(city.ws, LINGQIU, PERIOD).state_label == "已报送（待审核）"
    assert not city.conflicts_button.isVisible()

    qtbot.keyClick(city, Qt.Key.Key_Escape)
    assert not city.isVisible()
    qtbot.keyClick(county, Qt.Key.Key_Escape)
    assert not county.isVisible()


def test_importing_the_same_package_again_says_nothing_new(qtbot, offices, open_db, modal, monkeypatch):
    _county_reports_and_submits(offices)
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package), "--period", PERIOD)
    city_ws = open_db(offices.city)
    first = _import_dialog(qtbot, city_ws)
    _preview(qtbot, first, monkeypatch, package)
    click(qtbot, first.import_button)
    qtbot.waitUntil(lambda: "导入完成" in first.message.text(), timeout=WAIT_MS)
    after_first = fingerprint(offices.city)

    again = _import_dialog(qtbot, city_ws)
    _preview(qtbot, again, monkeypatch, package)
    assert "已经导入过" in again.message.text()
    assert "再次导入不会改变任何数据" in again.details.toPlainText()
    assert not again.import_button.isEnabled()
    qtbot.keyClick(again, Qt.Key.Key_Return)  # Enter now closes
    assert not again.isVisible()
    assert fingerprint(offices.city) == after_first


def _refused_in_the_dialog(qtbot, dialog, monkeypatch, path, db):
    before = fingerprint(db)
    _preview(qtbot, dialog, monkeypatch, path)
    with pytest.raises(packages.PackageError) as refused:  # the core's own message is what must be shown
        packages.preview_package(dialog.ws, path)
    assert dialog.message.text() == "不能导入：" + chinese_part(str(refused.value))
    assert dialog.details.toPlainText() == "" and not dialog.import_button.isEnabled()
    assert fingerprint(db) == before
    return dialog.message.text()


def test_an_altered_package_is_refused_with_its_reason_and_nothing_written(qtbot, offices, open_db, modal, monkeypatch):
    _county_reports_and_submits(offices)
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package), "--period", PERIOD)
    data = bytearray(package.read_bytes())
    data[len(data) // 3] ^= 0xFF  # one byte flipped in transit
    altered = offices.folder / "altered.zip"
    altered.write_bytes(bytes(data))

    shown = _refused_in_the_dialog(
        qtbot, _import_dialog(qtbot, open_db(offices.city)), monkeypatch, altered, offices.city
    )
    assert "altered.zip" in shown and ("已损坏" in shown or "校验失败" in shown)
    assert " / " not in shown  # the Chinese interface shows the Chinese half only


def test_a_package_for_another_office_is_refused(qtbot, offices, open_db, modal, monkeypatch):
    _county_reports_and_submits(offices)
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package), "--period", PERIOD)
    dialog = _import_dialog(qtbot, open_db(offices.guangling))
    shown = _refused_in_the_dialog(qtbot, dialog, monkeypatch, package, offices.guangling)
    assert CITY in shown and GUANGLING in shown


def test_the_city_sends_the_return_package_to_the_office_it_chose(
    qtbot, offices, export_folder, open_db, modal, monkeypatch
):
    _county_reports_and_submits(offices)
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package), "--period", PERIOD)
    cli_ok(offices.city, "package", "import", str(package))
    cli_ok(offices.city, "submission", "accept", "--office", LINGQIU, "--period", PERIOD)

    city = _export_dialog(qtbot, open_db(offices.city))
    assert not city.period_combo.isVisible() and city.addressee_combo.isVisible()
    offered = [city.addressee_combo.itemData(i) for i in range(city.addressee_combo.count())]
    assert LINGQIU in offered and GUANGLING in offered and CITY not in offered
    city.addressee_combo.setFocus()
    while city.addressee_combo.currentData() != LINGQIU:  # a person steps through the list with the arrow key
        qtbot.keyClick(city.addressee_combo, Qt.Key.Key_Down)
    expected = export_folder / f"{CITY}-发{LINGQIU}-{dt.date.today():%Y%m%d}-交换包.zip"
    assert city.path_edit.text() == str(expected)
    qtbot.keyClick(city.path_edit, Qt.Key.Key_Return)  # Enter exports
    qtbot.waitUntil(lambda: "已导出" in city.message.text(), timeout=WAIT_MS)
    assert f"{CITY} → {LINGQIU}" in city.message.text() and "审核结果 1 项" in city.message.text()
    assert _manifest(expected)["addressee"] == LINGQIU

    county = _import_dialog(qtbot, open_db(offices.lingqiu))
    _preview(qtbot, county, monkeypatch, expected)
    assert "审核结果：" in county.details.toPlainText() and "已审核" in county.details.toPlainText()
    click(qtbot, county.import_button)
    qtbot.waitUntil(lambda: "导入完成" in county.message.text(), timeout=WAIT_MS)
    assert f"收到审核结果：\n  {LINGQIU} {PERIOD}（第 1 次报送）：已审核" in county.details.toPlainText()
    assert submissions.submission_of(county.ws, LINGQIU, PERIOD).state_label == "已审核"


def test_an_existing_file_is_replaced_only_when_the_person_agrees(qtbot, offices, export_folder, open_db, modal):
    dialog = _export_dialog(qtbot, open_db(offices.lingqiu))
    assert dialog.period_combo.currentData() is None  # nothing submitted: only the changes
    target = export_folder / f"{LINGQIU}-{dt.date.today():%Y%m%d}-交换包.zip"
    assert dialog.path_edit.text() == str(target)
    target.write_bytes(b"PK\x03\x04 an older package")

    modal.expect("取消")
    click(qtbot, dialog.export_button)
    assert "未替换" in dialog.message.text() and modal.texts and str(target) in modal.texts[-1]
    assert target.read_bytes() == b"PK\x03\x04 an older package"

    modal.expect("替换")
    click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: "已导出" in dialog.message.text(), timeout=WAIT_MS)
    assert _manifest(target)["sender"] == LINGQIU
    assert "没有新的修改" in dialog.message.text()  # nothing was edited in this county yet


def test_a_refused_export_says_why_and_writes_no_file(qtbot, offices, export_folder, open_db, modal):
    """A quarter that was not submitted cannot travel with the package: the core's reason is shown."""
    cli_ok(offices.lingqiu, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--invested", "0.2")
    dialog = _export_dialog(qtbot, open_db(offices.lingqiu))
    index = dialog.period_combo.findData(PERIOD)
    assert index > 0 and "未报送" in dialog.period_combo.itemText(index)
    dialog.period_combo.setCurrentIndex(index)
    click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: "未导出" in dialog.message.text(), timeout=WAIT_MS)
    assert "请先报送" in dialog.message.text() and dialog.export_button.isEnabled()
    assert list(export_folder.iterdir()) == []


def test_without_an_office_nothing_can_be_exported(qtbot, seeded_template, tmp_path, open_db, modal):
    bare = make_offices(seeded_template, tmp_path, set_offices=False)
    dialog = _export_dialog(qtbot, open_db(bare.lingqiu))
    assert "尚未设置所属单位" in dialog.office_label.text()
    assert not dialog.export_button.isEnabled()


def test_the_import_dialog_remembers_its_size(qtbot, offices, open_db, modal):
    ws = open_db(offices.city)
    dialog = _import_dialog(qtbot, ws)
    dialog.resize(dialog.width() + 123, dialog.height() + 45)
    size = dialog.size()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    again = _import_dialog(qtbot, ws)
    assert again.size() == size
