"""Office mode: the database names its office once; a county or department office changes its own projects
only, and the editor's service, the CLI and the Excel import all refuse the others with the same message.
Every change is logged with its origin office, base version and the office's sequence number."""

from __future__ import annotations

import json

import openpyxl
import pytest

from app.core import change_log, office, project_service, tracking_service
from app.core.errors import ValidationError
from app.core.workspace import open_workspace
from app.exchange import layout, service
from tests.fixtures.exchange.support import row_of, set_field
from tests.fixtures.offices_support import (
    GUANGLING_PROJECT,
    LINGQIU,
    LINGQIU_PROJECT,
    PERIOD,
    cli_ok,
    cli_refused,
    fingerprint,
    query,
)


@pytest.fixture
def county_db(db_path):
    cli_ok(db_path, "office", "set", LINGQIU)
    return db_path


def _id(db, code):
    return query(db, "SELECT id FROM projects WHERE code = ?", code)[0][0]


def test_office_is_set_and_shown(db_path):
    assert "not set" in cli_ok(db_path, "office", "show")
    assert json.loads(cli_ok(db_path, "office", "show", "--json")) is None
    assert "office set: 灵丘县" in cli_ok(db_path, "office", "set", LINGQIU)
    assert "unchanged" in cli_ok(db_path, "office", "set", LINGQIU)
    shown = json.loads(cli_ok(db_path, "office", "show", "--json"))
    assert shown == {"name": LINGQIU, "kind": "county", "label": LINGQIU, "scope": LINGQIU}
    # stored as the settings' office, so the settings screen and reports show the same
    assert "灵丘县" in cli_ok(db_path, "settings", "show")
    audit = query(db_path, "SELECT field, new_value, source FROM audit_entries WHERE entity_type = 'setting'")
    assert ("office", LINGQIU, "cli") in audit


def test_an_unknown_office_is_refused_with_the_choices(db_path):
    before = fingerprint(db_path)
    err = cli_refused(db_path, "office", "set", "灵邱县")
    assert "灵邱县" in err and "灵丘县" in err and "市级" in err
    assert fingerprint(db_path) == before


def test_the_city_and_a_lead_department_as_offices(db_path):
    assert "市级（全市）" in cli_ok(db_path, "office", "set", "市级")
    cli_ok(db_path, "progress", "set", "--code", GUANGLING_PROJECT, "--period", PERIOD, "--invested", "0.1")
    # a department office changes the projects it leads
    led = query(
        db_path,
        "SELECT p.code FROM projects p JOIN project_lead_departments l ON l.project_id = p.id "
        "JOIN departments d ON d.id = l.department_id WHERE d.name = '广灵县林业局'",
    )
    assert led, "the seed has projects led by 广灵县林业局"
    assert "广灵县林业局（牵头部门）" in cli_ok(db_path, "office", "set", "广灵县林业局")
    cli_ok(db_path, "progress", "set", "--code", led[0][0], "--period", PERIOD, "--invested", "0.2")
    err = cli_refused(db_path, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--invested", "1")
    assert "牵头部门为" in err and LINGQIU_PROJECT in err


def test_a_county_cli_refuses_another_countys_project(county_db):
    before = fingerprint(county_db)
    err = cli_refused(county_db, "progress", "set", "--code", GUANGLING_PROJECT, "--period", PERIOD, "--invested", "1")
    assert "本库属于灵丘县" in err and GUANGLING_PROJECT in err and "属于广灵县" in err and "只能查看" in err
    err = cli_refused(county_db, "milestone", "add", "--code", GUANGLING_PROJECT, "--title", "开工")
    assert "只能查看" in err
    assert fingerprint(county_db) == before
    # its own project is written, and the change is logged as the county's first
    cli_ok(county_db, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--invested", "0.5")
    logged = query(
        county_db,
        "SELECT origin_office, origin_seq, entity_type, field, old_value, new_value, base_version, period "
        "FROM change_log ORDER BY id",
    )
    assert logged == [(LINGQIU, 1, "progress", "invested", "null", '"0.5"', 0, PERIOD)]


def test_the_editor_service_refuses_and_says_why(county_db):
    ws = open_workspace(county_db, create=False)
    try:
        other = _id(county_db, GUANGLING_PROJECT)
        own = _id(county_db, LINGQIU_PROJECT)
        assert "属于广灵县" in office.project_edit_refusal(ws, other)
        assert office.project_edit_refusal(ws, own) is None
        record = project_service.get_project(ws, other)
        with pytest.raises(office.OutOfScopeError) as refused:
            project_service.update_project(ws, other, {"note": "越界"}, expected_version=record.version)
        assert isinstance(refused.value, ValidationError)  # shown like every other refusal
        assert "只能查看" in refused.value.errors[office.SCOPE_FIELD]
        with pytest.raises(office.OutOfScopeError):
            tracking_service.add_milestone(ws, other, title="开工")
        saved = project_service.update_project(ws, own, {"note": "县里的备注"}, expected_version=1)
        assert saved is not None
        assert project_service.get_project(ws, own).note == "县里的备注"
        assert project_service.get_project(ws, other).note != "越界"
    finally:
        ws.close()
    logged = query(county_db, "SELECT origin_office, origin_seq, entity_type, field, base_version FROM change_log")
    assert logged == [(LINGQIU, 1, "project", "note", 1)]


def test_the_excel_import_refuses_another_countys_project(county_db, tmp_path):
    path = tmp_path / "全市.xlsx"
    ws = open_workspace(county_db, create=False)
    try:
        service.export_portfolio(ws, path)  # the whole portfolio is visible in a county office
        wb = openpyxl.load_workbook(path)
        sheet = wb[layout.SHEET_PORTFOLIO]
        set_field(sheet, row_of(sheet, GUANGLING_PROJECT), "备注", "县里改了广灵县的项目")
        wb.save(path)
        before = fingerprint(county_db)
        outcome = service.apply_import(ws, path)
    finally:
        ws.close()
    assert outcome.status == service.REJECTED
    assert any(
        "本库属于灵丘县" in issue.message and GUANGLING_PROJECT in issue.message for issue in outcome.plan.errors
    )
    assert fingerprint(county_db) == before


def test_changes_before_the_office_was_set_become_its_own(db_path):
    cli_ok(db_path, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--invested", "0.5")
    cli_ok(db_path, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--problems", "征地")
    assert query(db_path, "SELECT origin_office, origin_seq FROM change_log") == [(None, None), (None, None)]
    out = cli_ok(db_path, "office", "set", LINGQIU)
    assert "2 earlier change(s)" in out
    assert query(db_path, "SELECT origin_office, origin_seq, base_version FROM change_log ORDER BY id") == [
        (LINGQIU, 1, 0),
        (LINGQIU, 2, 1),
    ]


def test_the_office_cannot_change_after_packages_were_exchanged(county_db, tmp_path):
    cli_ok(county_db, "office", "set", "广灵县")  # nothing exchanged yet: a slip can be corrected
    cli_ok(county_db, "office", "set", LINGQIU)
    cli_ok(county_db, "package", "export", "--out", str(tmp_path / "p.zip"))
    before = fingerprint(county_db)
    err = cli_refused(county_db, "office", "set", "广灵县")
    assert "不能再改为" in err
    assert fingerprint(county_db) == before


def test_values_have_one_json_form_in_every_database():
    from decimal import Decimal

    assert change_log.to_json(Decimal("1.2000")) == change_log.to_json(Decimal("1.2")) == "1.2"
    assert change_log.to_json(Decimal("0E-4")) == "0"
    assert change_log.to_json(Decimal("120.5000")) == "120.5"
    assert change_log.to_json(["a", "b"]) == ["a", "b"]
