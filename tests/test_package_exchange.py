"""Three real databases (the city, 灵丘县, 广灵县) exchange packages through the CLI, as the offices would:
a clean quarter end to end, a return with reasons and a resubmission, merges, conflicts, replays, and the
packages that must be refused with the databases unchanged."""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal

import pytest

from tests.fixtures.offices_support import (
    CITY,
    GUANGLING,
    LINGQIU,
    LINGQIU_OTHER,
    LINGQIU_PROJECT,
    PERIOD,
    cli_ok,
    cli_refused,
    fingerprint,
    make_offices,
    progress_value,
    project_value,
    query,
)


def _states(db, period=PERIOD):
    rows = json.loads(cli_ok(db, "submission", "list", "--period", period, "--json"))
    return {row["office"]: row for row in rows}


def _county_reports(offices, invested="0.5", physical="主体工程施工"):
    cli_ok(
        offices.lingqiu,
        "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD,
        "--invested", invested, "--physical", physical, "--status", "在建",
    )  # fmt: skip


def test_a_clean_quarter_end_to_end(offices):
    _county_reports(offices)
    cli_ok(offices.lingqiu, "submission", "submit", "--period", PERIOD)
    # the quarter is frozen on the county's side
    err = cli_refused(
        offices.lingqiu, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--invested", "9"
    )
    assert "已锁定" in err
    package = offices.folder / "灵丘县_2025Q3.zip"
    out = cli_ok(offices.lingqiu, "package", "export", "--out", str(package), "--period", PERIOD)
    assert f"{LINGQIU} -> {CITY}" in out and "submission of 2025Q3" in out

    manifest = json.loads(zipfile.ZipFile(package).read("manifest.json"))
    assert manifest["sender"] == LINGQIU and manifest["addressee"] == CITY and manifest["period"] == PERIOD
    assert manifest["sequence"]["first"] == 1 and manifest["sequence"]["last"] == manifest["change_count"]
    assert manifest["schema_revision"] and manifest["app_version"] and manifest["created_at"]

    assert _states(offices.city)[LINGQIU]["state_label"] == "未报送"
    out = cli_ok(offices.city, "package", "import", str(package))
    assert "submission recorded" in out and "0 conflict(s)" in out
    assert Decimal(str(progress_value(offices.city, LINGQIU_PROJECT, PERIOD, "invested"))) == Decimal("0.5")
    assert progress_value(offices.city, LINGQIU_PROJECT, PERIOD, "physical_progress") == "主体工程施工"
    assert project_value(offices.city, LINGQIU_PROJECT, "status") == "在建"  # follows the quarter's status
    states = _states(offices.city)
    assert states[LINGQIU]["state_label"] == "已报送（待审核）" and states[LINGQIU]["projects_reported"] == 1
    assert states[GUANGLING]["state_label"] == "未报送" and states[LINGQIU]["date"]
    assert len(states) >= 11  # every county/district and the development zone

    cli_ok(offices.city, "submission", "accept", "--office", LINGQIU, "--period", PERIOD)
    assert _states(offices.city)[LINGQIU]["state_label"] == "已审核"
    back = offices.folder / "市级_灵丘县.zip"
    out = cli_ok(offices.city, "package", "export", "--for", LINGQIU, "--out", str(back))
    assert f"{CITY} -> {LINGQIU}" in out and "1 decision(s)" in out
    out = cli_ok(offices.lingqiu, "package", "import", str(back))
    assert "已审核" in out
    assert _states(offices.lingqiu)[LINGQIU]["state_label"] == "已审核"
    assert query(offices.lingqiu, "SELECT state FROM reporting_periods WHERE code = ?", PERIOD) == [("locked",)]
    # every state change is in the audit log, on both sides
    city_audit = query(offices.city, "SELECT new_value, source FROM audit_entries WHERE entity_type = 'submission'")
    assert ("已报送（待审核）", "package") in city_audit and ("已审核", "cli") in city_audit
    county_audit = query(offices.lingqiu, "SELECT new_value, source FROM audit_entries WHERE entity_type='submission'")
    assert ("已报送（待审核）", "cli") in county_audit and ("已审核", "package") in county_audit


def test_a_return_with_reasons_and_a_resubmission(offices):
    _county_reports(offices, invested="0.1")
    cli_ok(offices.lingqiu, "submission", "submit", "--period", PERIOD)
    first = offices.folder / "first.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(first), "--period", PERIOD)
    cli_ok(offices.city, "package", "import", str(first))

    cli_refused(offices.city, "submission", "return", "--office", LINGQIU, "--period", PERIOD)  # no reason
    cli_ok(
        offices.city, "submission", "return", "--office", LINGQIU, "--period", PERIOD,
        "--reason", "本季数据不完整", "--project", LINGQIU_PROJECT, "--reason", "完成投资明显偏低，请核实",
    )  # fmt: skip
    returned = _states(offices.city)[LINGQIU]
    assert returned["state_label"] == "已退回"
    assert returned["project_reasons"] == {LINGQIU_PROJECT: "完成投资明显偏低，请核实"}

    back = offices.folder / "back.zip"
    cli_ok(offices.city, "package", "export", "--for", LINGQIU, "--out", str(back))
    out = cli_ok(offices.lingqiu, "package", "import", str(back))
    assert "已退回" in out and "完成投资明显偏低，请核实" in out
    county_view = _states(offices.lingqiu)[LINGQIU]
    assert county_view["state_label"] == "已退回" and county_view["reason"] == "本季数据不完整"
    assert county_view["project_reasons"] == {LINGQIU_PROJECT: "完成投资明显偏低，请核实"}
    reopened = query(
        offices.lingqiu,
        "SELECT source_detail FROM audit_entries WHERE entity_type = 'period' AND new_value = 'open' AND source = 'package'",
    )
    assert reopened and "完成投资明显偏低" in reopened[0][0]

    # the quarter is open again on the county's side: correct and resubmit
    cli_ok(offices.lingqiu, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--invested", "1.1")
    cli_ok(offices.lingqiu, "submission", "submit", "--period", PERIOD)
    second = offices.folder / "second.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(second), "--period", PERIOD)
    manifest = json.loads(zipfile.ZipFile(second).read("manifest.json"))
    assert manifest["change_count"] == 1  # only what changed since the first package
    cli_ok(offices.city, "package", "import", str(second))
    resubmitted = _states(offices.city)[LINGQIU]
    assert resubmitted["state_label"] == "已报送（待审核）" and resubmitted["round"] == 2
    assert Decimal(str(progress_value(offices.city, LINGQIU_PROJECT, PERIOD, "invested"))) == Decimal("1.1")

    # the old return package arriving again must not reopen the new submission
    assert "already imported" in cli_ok(offices.lingqiu, "package", "import", str(back))
    assert _states(offices.lingqiu)[LINGQIU]["state_label"] == "已报送（待审核）"

    cli_ok(offices.city, "submission", "accept", "--office", LINGQIU, "--period", PERIOD)
    final = offices.folder / "final.zip"
    cli_ok(offices.city, "package", "export", "--for", LINGQIU, "--out", str(final))
    cli_ok(offices.lingqiu, "package", "import", str(final))
    assert _states(offices.lingqiu)[LINGQIU]["state_label"] == "已审核"


def test_only_a_returned_submission_can_be_sent_again(offices):
    _county_reports(offices)
    cli_ok(offices.lingqiu, "submission", "submit", "--period", PERIOD)
    err = cli_refused(offices.lingqiu, "submission", "submit", "--period", PERIOD)
    assert "已报送（待审核）" in err
    err = cli_refused(offices.city, "submission", "submit", "--period", PERIOD)
    assert "市级" in err
    err = cli_refused(offices.lingqiu, "submission", "accept", "--office", LINGQIU, "--period", PERIOD)
    assert "只有市级" in err
    err = cli_refused(offices.city, "submission", "accept", "--office", GUANGLING, "--period", PERIOD)
    assert "未报送" in err
    err = cli_refused(
        offices.lingqiu, "package", "export", "--out", str(offices.folder / "x.zip"), "--period", "2025Q2"
    )
    assert "请先报送" in err and not (offices.folder / "x.zip").exists()


def test_edits_of_different_fields_merge(offices):
    # the county corrects the estimate of its project; meanwhile the city writes a note on the same project
    cli_ok(offices.lingqiu, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--invested", "0.3")
    _edit_project(offices.lingqiu, LINGQIU_PROJECT, investment_total="12.5")
    _edit_project(offices.city, LINGQIU_PROJECT, note="市级：列入重点调度")
    assert project_value(offices.city, LINGQIU_PROJECT, "version") == 2  # the county's change is based on 1

    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package))
    out = cli_ok(offices.city, "package", "import", str(package))
    assert "0 conflict(s)" in out
    assert Decimal(str(project_value(offices.city, LINGQIU_PROJECT, "investment_total"))) == Decimal("12.5")
    assert project_value(offices.city, LINGQIU_PROJECT, "note") == "市级：列入重点调度"

    back = offices.folder / "back.zip"
    cli_ok(offices.city, "package", "export", "--for", LINGQIU, "--out", str(back))
    out = cli_ok(offices.lingqiu, "package", "import", str(back))
    assert "0 conflict(s)" in out
    for db in (offices.city, offices.lingqiu):
        assert Decimal(str(project_value(db, LINGQIU_PROJECT, "investment_total"))) == Decimal("12.5")
        assert project_value(db, LINGQIU_PROJECT, "note") == "市级：列入重点调度"
    # the applied change names who made it and where it came from
    assert query(
        offices.city,
        "SELECT user, source FROM audit_entries WHERE field = 'investment_total' AND source = 'package'",
    ) == [("测试员", "package")]


def _edit_project(db, code, **fields):
    from app.core import project_service
    from app.core.workspace import open_workspace

    ws = open_workspace(db, create=False)
    try:
        record = project_service.get_project(ws, _project_id(db, code))
        project_service.update_project(ws, record.id, fields, expected_version=record.version)
    finally:
        ws.close()


def _project_id(db, code):
    return query(db, "SELECT id FROM projects WHERE code = ?", code)[0][0]


def test_the_same_field_edited_on_both_sides_becomes_a_conflict(offices):
    _edit_project(offices.lingqiu, LINGQIU_PROJECT, investment_total="11")
    _edit_project(offices.city, LINGQIU_PROJECT, investment_total="9.5")
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package))
    out = cli_ok(offices.city, "package", "import", str(package))
    assert "1 conflict(s)" in out and LINGQIU_PROJECT in out
    # nothing overwritten: the city keeps its value until a person decides
    assert Decimal(str(project_value(offices.city, LINGQIU_PROJECT, "investment_total"))) == Decimal("9.5")
    held = json.loads(cli_ok(offices.city, "package", "conflicts", "--json"))
    assert len(held) == 1
    conflict = held[0]
    assert conflict["project_code"] == LINGQIU_PROJECT and conflict["what"] == "概算总投资（亿元）"
    assert conflict["ours"] == "9.5" and conflict["theirs"] == "11"
    assert conflict["theirs_by"] == "测试员" and conflict["origin"] == LINGQIU
    assert conflict["ours_by"] == "测试员" and conflict["ours_at"] and conflict["theirs_at"]

    # the officer keeps the city's value; the return package brings the county to it
    cli_ok(offices.city, "package", "resolve", str(conflict["id"]), "--ours")
    assert json.loads(cli_ok(offices.city, "package", "conflicts", "--json")) == []
    back = offices.folder / "back.zip"
    cli_ok(offices.city, "package", "export", "--for", LINGQIU, "--out", str(back))
    out = cli_ok(offices.lingqiu, "package", "import", str(back))
    assert "0 conflict(s)" in out
    assert Decimal(str(project_value(offices.lingqiu, LINGQIU_PROJECT, "investment_total"))) == Decimal("9.5")
    decided = query(offices.city, "SELECT new_value FROM audit_entries WHERE entity_type = 'exchange_conflict'")
    assert decided == [("11",)]


def test_taking_the_other_offices_value_settles_both_sides(offices):
    cli_ok(
        offices.lingqiu, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--physical", "县：已开工"
    )
    cli_ok(offices.city, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--physical", "市：前期")
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package))
    cli_ok(offices.city, "package", "import", str(package))
    (conflict,) = json.loads(cli_ok(offices.city, "package", "conflicts", "--json"))
    assert conflict["what"] == f"{PERIOD} 形象进度" and conflict["ours"] == "市：前期"
    cli_ok(offices.city, "package", "resolve", str(conflict["id"]), "--theirs")
    assert progress_value(offices.city, LINGQIU_PROJECT, PERIOD, "physical_progress") == "县：已开工"
    cli_refused(offices.city, "package", "resolve", str(conflict["id"]), "--theirs")  # decided already
    back = offices.folder / "back.zip"
    cli_ok(offices.city, "package", "export", "--for", LINGQIU, "--out", str(back))
    cli_ok(offices.lingqiu, "package", "import", str(back))
    assert progress_value(offices.lingqiu, LINGQIU_PROJECT, PERIOD, "physical_progress") == "县：已开工"
    assert json.loads(cli_ok(offices.lingqiu, "package", "conflicts", "--json")) == []


def test_replaying_a_package_is_a_no_op(offices):
    _county_reports(offices)
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package))
    cli_ok(offices.city, "package", "import", str(package))
    after_first = fingerprint(offices.city)
    out = cli_ok(offices.city, "package", "import", str(package))
    assert "already imported" in out
    assert fingerprint(offices.city) == after_first

    # a resent package holding old and new changes applies only the new ones
    cli_ok(offices.lingqiu, "progress", "set", "--code", LINGQIU_OTHER, "--period", PERIOD, "--invested", "0.7")
    everything = offices.folder / "all.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(everything), "--all")
    result = json.loads(cli_ok(offices.city, "package", "import", str(everything), "--json"))
    assert result["applied"] == 1 and result["seen"] >= 3 and result["conflicts"] == 0
    assert Decimal(str(progress_value(offices.city, LINGQIU_OTHER, PERIOD, "invested"))) == Decimal("0.7")
    invested_rows = query(offices.city, "SELECT count(*) FROM audit_entries WHERE field = ?", f"{PERIOD}.invested")
    assert invested_rows == [(2,)]  # one per project, nothing applied twice


def test_a_dry_run_writes_nothing(offices):
    _county_reports(offices)
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package))
    before = fingerprint(offices.city)
    out = cli_ok(offices.city, "package", "import", str(package), "--dry-run")
    assert "dry run, nothing written" in out and "applied" in out
    assert fingerprint(offices.city) == before
    assert "already imported" not in cli_ok(offices.city, "package", "import", str(package))


def test_a_backup_of_the_state_before_is_taken_before_a_package_is_applied(offices, _isolated_data_dir):
    _county_reports(offices)
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package))
    before = fingerprint(offices.city)
    out = cli_ok(offices.city, "package", "import", str(package))
    (backup,) = (_isolated_data_dir / "backups" / "city").glob("*_package.sqlite3")
    assert str(backup) in out
    assert fingerprint(backup) == before != fingerprint(offices.city)


def test_the_city_passes_one_countys_changes_on_to_the_others(offices):
    """附表6-04 is a 市级 project the plan's text places in 灵丘县 too: 灵丘县 may report on it, and 广灵县
    (which may not) still sees the reported value after the city's package, once the city has accepted it."""
    cli_ok(offices.lingqiu, "progress", "set", "--code", "附表6-04", "--period", PERIOD, "--physical", "灵丘段完工")
    cli_ok(offices.lingqiu, "submission", "submit", "--period", PERIOD)
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package), "--period", PERIOD)
    cli_ok(offices.city, "package", "import", str(package))
    cli_ok(offices.city, "submission", "accept", "--office", LINGQIU, "--period", PERIOD)
    for_guangling = offices.folder / "gl.zip"
    cli_ok(offices.city, "package", "export", "--for", GUANGLING, "--out", str(for_guangling))
    cli_ok(offices.guangling, "package", "import", str(for_guangling))
    assert progress_value(offices.guangling, "附表6-04", PERIOD, "physical_progress") == "灵丘段完工"
    # and the city does not send 灵丘县 its own changes back
    for_lingqiu = offices.folder / "back.zip"
    cli_ok(offices.city, "package", "export", "--for", LINGQIU, "--out", str(for_lingqiu))
    assert json.loads(zipfile.ZipFile(for_lingqiu).read("manifest.json"))["change_count"] == 0


def test_milestones_travel_created_edited_moved_and_deleted(offices):
    from app.core import tracking_service
    from app.core.workspace import open_workspace

    pid = _project_id(offices.lingqiu, LINGQIU_PROJECT)
    ws = open_workspace(offices.lingqiu, create=False)
    try:
        first = tracking_service.add_milestone(ws, pid, title="可研批复", kind="可研批复", planned_date="2025-06-30")
        second = tracking_service.add_milestone(ws, pid, title="开工", kind="开工")
        doomed = tracking_service.add_milestone(ws, pid, title="临时节点")
        tracking_service.update_milestone(ws, first, {"actual_date": "2025-07-02"})
        tracking_service.move_milestone(ws, second, 0)
        tracking_service.delete_milestone(ws, doomed)
    finally:
        ws.close()
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package))
    cli_ok(offices.city, "package", "import", str(package))
    rows = query(
        offices.city, "SELECT id, title, actual_date FROM milestones WHERE project_id = ? ORDER BY sort_order", pid
    )
    assert [(r[0], r[1]) for r in rows] == [(second, "开工"), (first, "可研批复")]
    assert rows[1][2] == "2025-07-02"


# --- packages that must be refused, with every database unchanged ---


@pytest.fixture
def county_package(offices):
    _county_reports(offices)
    cli_ok(offices.lingqiu, "submission", "submit", "--period", PERIOD)
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package), "--period", PERIOD)
    return package


def _refused_everywhere(offices, package, *expected):
    before = {db: fingerprint(db) for db in (offices.city, offices.lingqiu, offices.guangling)}
    errors = []
    for db in before:
        errors.append(cli_refused(db, "package", "import", str(package)))
        cli_refused(db, "package", "import", str(package), "--dry-run")
    assert {db: fingerprint(db) for db in before} == before
    for text in expected:
        assert text in errors[0], errors[0]
    return errors


def test_a_truncated_package_is_refused(offices, county_package):
    data = county_package.read_bytes()
    cut = offices.folder / "cut.zip"
    cut.write_bytes(data[: len(data) // 2])
    (city_error, *_) = _refused_everywhere(offices, cut, "已损坏或不完整")
    assert "cut.zip" in city_error


def test_an_altered_package_is_refused(offices, county_package):
    altered = offices.folder / "altered.zip"
    with zipfile.ZipFile(county_package) as source, zipfile.ZipFile(altered, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "content.json":
                data = data.replace(b'"0.5"', b'"5.5"')  # someone "corrects" the amount in the file
                assert b'"5.5"' in data
            target.writestr(info, data)
    _refused_everywhere(offices, altered, "校验失败")


def test_an_addressee_that_is_not_this_office_is_refused(offices, county_package):
    before = fingerprint(offices.guangling)
    err = cli_refused(offices.guangling, "package", "import", str(county_package))
    assert "市级" in err and "广灵县" in err
    assert fingerprint(offices.guangling) == before
    cli_ok(offices.city, "package", "import", str(county_package))
    cli_ok(offices.city, "submission", "accept", "--office", LINGQIU, "--period", PERIOD)
    back = offices.folder / "for_lingqiu.zip"
    cli_ok(offices.city, "package", "export", "--for", LINGQIU, "--out", str(back))
    before = fingerprint(offices.guangling)
    err = cli_refused(offices.guangling, "package", "import", str(back))
    assert "灵丘县" in err and fingerprint(offices.guangling) == before
    # nor can 灵丘县 import its own package
    before = fingerprint(offices.lingqiu)
    cli_refused(offices.lingqiu, "package", "import", str(county_package))
    assert fingerprint(offices.lingqiu) == before


def test_a_package_changing_projects_outside_the_senders_scope_is_refused(seeded_template, tmp_path):
    """Data typed before the office was set is numbered as the office's own when it is set; a change to
    another county's project among it makes the whole package refused at the city."""
    offices = make_offices(seeded_template, tmp_path, set_offices=False)
    cli_ok(offices.city, "office", "set", CITY)
    cli_ok(offices.lingqiu, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--invested", "0.2")
    cli_ok(offices.lingqiu, "progress", "set", "--code", "附表2-01", "--period", PERIOD, "--invested", "0.4")
    assert "2 earlier change(s)" in cli_ok(offices.lingqiu, "office", "set", LINGQIU)
    package = tmp_path / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package))
    before = fingerprint(offices.city)
    err = cli_refused(offices.city, "package", "import", str(package))
    assert "附表2-01" in err and "不属于灵丘县" in err
    cli_refused(offices.city, "package", "import", str(package), "--dry-run")
    assert fingerprint(offices.city) == before


def test_a_package_from_a_newer_schema_is_refused(offices, county_package):
    from app.exchange import package_format

    package = package_format.read_package(county_package)
    newer = package_format.Manifest(**{**package.manifest.__dict__, "schema_revision": "9999_future"})
    content = package_format.content_json(package.content)
    future = offices.folder / "future.zip"
    future.write_bytes(package_format.build_package_bytes(newer, content))
    (city_error, *_) = _refused_everywhere(offices, future, "更新版本")
    assert "9999_future" in city_error


def test_a_quarter_the_city_has_locked_is_not_changed_by_a_late_package(offices, county_package):
    cli_ok(offices.city, "period", "lock", PERIOD)
    before = fingerprint(offices.city)
    err = cli_refused(offices.city, "package", "import", str(county_package))
    assert "已锁定" in err and "未导入" in err
    assert fingerprint(offices.city) == before


def test_the_exporter_never_overwrites_without_force(offices):
    target = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(target))
    cli_refused(offices.lingqiu, "package", "export", "--out", str(target))
    cli_ok(offices.lingqiu, "package", "export", "--out", str(target), "--force")
    cli_refused(offices.lingqiu, "package", "export", "--out", str(offices.lingqiu), "--force")  # the database
    assert query(offices.lingqiu, "SELECT count(*) FROM projects") == [(68,)]
