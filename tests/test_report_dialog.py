"""The report dialog: choices come from the service, generation runs in the background and reports back."""

from __future__ import annotations

import pytest

from app.ui.change_bus import ChangeBus
from app.ui.report_dialog import ReportDialog


@pytest.fixture
def dialog(qtbot, workspace):
    d = ReportDialog(workspace, ChangeBus(), period="2025Q3")
    qtbot.addWidget(d)
    return d


def test_dialog_offers_periods_and_scopes(dialog):
    codes = [dialog.period_combo.itemData(i) for i in range(dialog.period_combo.count())]
    assert "2025Q3" in codes and "2021Q1" in codes and codes == sorted(codes, reverse=True)
    assert dialog.period_combo.currentData() == "2025Q3"
    assert not dialog.scope_value.isEnabled() and dialog.scope().kind == "all"
    dialog.scope_kind.setCurrentIndex(dialog.scope_kind.findData("county"))
    assert dialog.scope_value.isEnabled() and dialog.scope_value.count() == 12
    dialog.scope_value.setCurrentIndex(dialog.scope_value.findData("灵丘县"))
    assert dialog.scope().key == "county:灵丘县"
    assert dialog.path_edit.text().endswith("季度进度报告_2025Q3_灵丘县.pdf")
    dialog.scope_kind.setCurrentIndex(dialog.scope_kind.findData("table"))
    assert dialog.scope_value.count() == 7 and dialog.scope().key == "table:1"
    dialog.details_check.setChecked(True)
    dialog.unit_edit.setText("大同市生态环境局")
    assert dialog.options().details and dialog.options().unit == "大同市生态环境局"


def test_dialog_generates_in_background(dialog, qtbot, tmp_path):
    target = tmp_path / "报告.pdf"
    with qtbot.waitSignal(dialog.reportFinished, timeout=120_000) as blocker:
        dialog.generate(str(target))
    result = blocker.args[0]
    assert target.is_file() and result.path == str(target) and result.pages > 5
    assert dialog.open_button.isEnabled() and "已生成" in dialog.result_label.text()
    assert dialog.report_result is result
    assert dialog.result() == 0  # QDialog.result() still works: the report is no longer stored over it


def test_dialog_reports_errors(dialog, qtbot, tmp_path):
    with qtbot.waitSignal(dialog.reportFailed, timeout=60_000) as blocker:
        dialog.generate(str(tmp_path / "missing" / "x.pdf"))
    assert "不存在" in blocker.args[0]
    assert dialog.generate_button.isEnabled()


def test_dialog_cancel_leaves_no_file(dialog, qtbot, tmp_path, monkeypatch):
    from app.ui import report_dialog, tasks

    def cancelled_midway(ws, period, scope, options, out_path, progress_callback=None, cancel_check=None):
        progress_callback(10, 100, "排版…")
        raise tasks.Cancelled()

    monkeypatch.setattr(report_dialog.service, "generate_report", cancelled_midway)
    target = tmp_path / "cancel.pdf"
    dialog.generate(str(target))
    qtbot.waitUntil(lambda: dialog.generate_button.isEnabled(), timeout=30_000)
    assert "已取消" in dialog.result_label.text() and not target.exists()
