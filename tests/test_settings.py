"""Database-wide settings (office, 编制单位, signatories): stored in the database, audited, changed from the CLI,
and used by the report: the stored unit is on the cover and the signatories on the sign-off page (read back
from the PDF)."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.core import settings_service
from app.core.errors import ValidationError
from app.db.models import AuditEntry, Setting
from app.reports import model as report_model
from app.reports.service import ReportOptions, generate_report

UNIT = "大同市规划和自然资源局生态修复科"
PERIOD = "2025Q3"


def _pages_text(pdf) -> list[str]:
    return [(page.extract_text() or "").replace("\n", "").replace(" ", "") for page in PdfReader(pdf).pages]


def test_settings_saved_in_the_database_and_audited(workspace):
    saved = settings_service.save_settings(workspace, {"office": "灵丘县", "unit": f"  {UNIT}\x0b", "reviewer": "张三"})
    assert saved.changed == ("office", "unit", "reviewer")
    assert saved.changes.reference
    with workspace.session() as s:
        stored = dict(s.execute(select(Setting.key, Setting.value)).all())
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity_type == "setting")).all()
    assert stored["office.name"] == "灵丘县"
    assert stored["report.unit"] == UNIT  # trimmed, Word's line break folded away
    assert {(a.field, a.old_value, a.new_value, a.user) for a in audit} == {
        ("office", None, "灵丘县", workspace.user),
        ("unit", None, UNIT, workspace.user),
        ("reviewer", None, "张三", workspace.user),
    }
    # saving the same values again changes and records nothing
    again = settings_service.save_settings(workspace, {"office": "灵丘县", "unit": UNIT})
    assert again.changed == ()
    assert settings_service.load_settings(workspace).signatories == (("审核人", "张三"),)


def test_bad_values_are_refused_and_nothing_is_written(workspace):
    with pytest.raises(ValidationError) as refused:
        settings_service.save_settings(workspace, {"unit": UNIT, "office": "灵丘"})
    assert "本库所属单位" in str(refused.value) and "灵丘县" in str(refused.value)
    with pytest.raises(ValidationError) as too_long:
        settings_service.save_settings(workspace, {"unit": "单" * 121})
    assert "编制单位" in str(too_long.value) and "120" in str(too_long.value)
    assert settings_service.load_settings(workspace) == settings_service.DatabaseSettings()


def test_report_unit_key_is_the_settings_key():
    assert settings_service.spec_of("unit").key == report_model.UNIT_SETTING


def test_stored_unit_and_signatories_appear_on_the_report(workspace, tmp_path):
    settings_service.save_settings(workspace, {"unit": UNIT, "preparer": "李四", "reviewer": "张三"})
    pdf = tmp_path / "报告.pdf"
    generate_report(workspace, PERIOD, out_path=pdf)
    pages = _pages_text(pdf)
    assert UNIT in pages[0]  # the cover
    signoff = next(text for text in pages if "审核签发" in text)
    assert f"编制单位：{UNIT}" in signoff
    assert "编制人：李四" in signoff and "审核人：张三" in signoff
    assert "签发人" not in signoff  # not set: not printed


def test_unit_typed_for_one_report_wins_over_the_setting(workspace, tmp_path):
    settings_service.save_settings(workspace, {"unit": UNIT})
    pdf = tmp_path / "报告.pdf"
    generate_report(workspace, PERIOD, options=ReportOptions(unit="云州区发展和改革局"), out_path=pdf)
    cover = _pages_text(pdf)[0]
    assert "云州区发展和改革局" in cover and UNIT not in cover


def test_without_settings_the_signoff_keeps_a_line_to_sign(workspace, tmp_path):
    pdf = tmp_path / "报告.pdf"
    generate_report(workspace, PERIOD, out_path=pdf)
    signoff = next(text for text in _pages_text(pdf) if "审核签发" in text)
    assert "审核人：____" in signoff and "编制人" not in signoff


def test_cli_settings_set_and_show(cli, db_path):
    code, out, err = cli("settings", "set", "unit", UNIT, db=db_path)
    assert code == 0, err
    assert f"unit (编制单位) set: {UNIT}" in out
    code, out, _ = cli("settings", "set", "office", "市级", db=db_path)
    assert code == 0
    code, out, _ = cli("settings", "show", "--json", db=db_path)
    assert code == 0
    shown = json.loads(out)
    assert shown["unit"] == UNIT and shown["office"] == "市级" and shown["reviewer"] is None
    code, out, _ = cli("settings", "show", db=db_path)
    assert f"unit\t编制单位\t{UNIT}" in out.splitlines()
    code, out, _ = cli("settings", "set", "unit", "", db=db_path)  # an empty value clears
    assert code == 0 and "(not set)" in out
    code, out, _ = cli("settings", "show", "--json", db=db_path)
    assert json.loads(out)["unit"] is None


def test_cli_settings_refuses_unknown_key_and_bad_office(cli, db_path):
    code, out, err = cli("settings", "set", "colour", "红", db=db_path)
    assert code == 1 and out == ""
    assert err.startswith("error:") and "unit（编制单位）" in err and "Traceback" not in err
    code, _, err = cli("settings", "set", "office", "北京市", db=db_path)
    assert code == 1 and "“北京市”不是大同市的县区" in err
    code, out, _ = cli("settings", "show", "--json", db=db_path)
    assert json.loads(out)["office"] is None
