"""Beyond project fields, quarters and milestones, three real databases (the city, 灵丘县, 广灵县) exchange:
coordination issues, the indicators' yearly values, projects the city adds, and the standard milestones
applied on both sides; each with the package rules (merge, conflict, scope, replay)."""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal

from tests.fixtures.offices_support import (
    CITY,
    GUANGLING,
    GUANGLING_PROJECT,
    LINGQIU,
    LINGQIU_PROJECT,
    PERIOD,
    cli_ok,
    cli_refused,
    fingerprint,
    make_offices,
    project_value,
    query,
)


def _project_id(db, code):
    return query(db, "SELECT id FROM projects WHERE code = ?", code)[0][0]


def _open(db):
    from app.core.workspace import open_workspace

    return open_workspace(db, create=False)


def _county_to_city(offices, county_db=None, name="lq.zip"):
    package = offices.folder / name
    cli_ok(county_db or offices.lingqiu, "package", "export", "--out", str(package), "--force")
    return cli_ok(offices.city, "package", "import", str(package))


def _county_quarter_accepted(offices, name="lq_submit.zip"):
    """灵丘县 submits the quarter and the city accepts it: the county's changes may now go to the others."""
    cli_ok(offices.lingqiu, "submission", "submit", "--period", PERIOD)
    package = offices.folder / name
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package), "--period", PERIOD)
    cli_ok(offices.city, "package", "import", str(package))
    cli_ok(offices.city, "submission", "accept", "--office", LINGQIU, "--period", PERIOD)


def _city_to(offices, office_name, db, name):
    package = offices.folder / name
    cli_ok(offices.city, "package", "export", "--for", office_name, "--out", str(package), "--force")
    return cli_ok(db, "package", "import", str(package))


def _issue_id(db, description):
    return query(db, "SELECT id FROM coordination_issues WHERE description = ?", description)[0][0]


def _issue(db, issue_id, column):
    rows = query(db, f"SELECT {column} FROM coordination_issues WHERE id = ?", issue_id)
    return rows[0][0] if rows else None


# --- coordination issues ---


def test_a_countys_coordination_issue_travels_to_the_city_and_on(offices):
    out = cli_ok(
        offices.lingqiu, "issue", "add", "--code", LINGQIU_PROJECT, "--description", "用地指标未落实",
        "--department", "市自然资源局", "--raised", "2025-07-01", "--deadline", "2025-09-30",
    )  # fmt: skip
    assert "added issue" in out
    issue_id = _issue_id(offices.lingqiu, "用地指标未落实")
    # logged in the same transaction as the issue, under the county's own numbering
    assert query(offices.lingqiu, "SELECT origin_office, op FROM change_log WHERE entity_type = 'issue'") == [
        (LINGQIU, "create")
    ]
    out = _county_to_city(offices)
    assert "0 conflict(s)" in out
    assert _issue(offices.city, issue_id, "description") == "用地指标未落实"  # the same id on both sides
    assert _issue(offices.city, issue_id, "deadline") == "2025-09-30"
    assert _issue(offices.city, issue_id, "responsible_department") == "市自然资源局"
    assert query(
        offices.city, "SELECT source FROM audit_entries WHERE entity_type = 'coordination_issue' AND entity_id = ?",
        issue_id,
    ) == [("package",)]  # fmt: skip

    # once the city has accepted 灵丘县's quarter, it passes the issue on to 广灵县, which sees the whole portfolio
    _city_to(offices, GUANGLING, offices.guangling, "gl.zip")
    assert _issue(offices.guangling, issue_id, "description") is None  # not before the city's review
    _county_quarter_accepted(offices)
    _city_to(offices, GUANGLING, offices.guangling, "gl.zip")
    assert _issue(offices.guangling, issue_id, "description") == "用地指标未落实"

    # closing it at the county and editing the deadline at the city: different fields merge
    from app.core import coordination

    ws = _open(offices.lingqiu)
    try:
        with ws.session() as s:
            coordination.close_issue(s, issue_id, resolution="市局已批复", closed_date="2025-08-20", user="县")
    finally:
        ws.close()
    ws = _open(offices.city)
    try:
        with ws.session() as s:
            coordination.update_issue(s, issue_id, {"deadline": "2025-10-31"}, user="市")
    finally:
        ws.close()
    out = _county_to_city(offices, name="lq2.zip")
    assert "0 conflict(s)" in out
    _city_to(offices, LINGQIU, offices.lingqiu, "back.zip")
    for db in (offices.city, offices.lingqiu):
        assert _issue(db, issue_id, "closed_date") == "2025-08-20"
        assert _issue(db, issue_id, "resolution") == "市局已批复"
        assert _issue(db, issue_id, "deadline") == "2025-10-31"


def test_the_same_issue_field_changed_on_both_sides_is_a_conflict_and_deletion_travels(offices):
    cli_ok(offices.lingqiu, "issue", "add", "--code", LINGQIU_PROJECT, "--description", "资金缺口")
    issue_id = _issue_id(offices.lingqiu, "资金缺口")
    _county_to_city(offices)
    from app.core import coordination

    for db, department in ((offices.lingqiu, "县财政局"), (offices.city, "市财政局")):
        ws = _open(db)
        try:
            with ws.session() as s:
                coordination.update_issue(s, issue_id, {"responsible_department": department}, user="测试员")
        finally:
            ws.close()
    out = _county_to_city(offices, name="lq2.zip")
    assert "1 conflict(s)" in out
    assert _issue(offices.city, issue_id, "responsible_department") == "市财政局"  # nothing overwritten
    (conflict,) = json.loads(cli_ok(offices.city, "package", "conflicts", "--json"))
    assert conflict["what"].startswith("协调问题“资金缺口”") and conflict["origin"] == LINGQIU
    assert conflict["ours"] == "市财政局" and conflict["theirs"] == "县财政局"
    cli_ok(offices.city, "package", "resolve", str(conflict["id"]), "--theirs")
    assert _issue(offices.city, issue_id, "responsible_department") == "县财政局"

    ws = _open(offices.lingqiu)
    try:
        with ws.session() as s:
            coordination.delete_issue(s, issue_id, user="县")
    finally:
        ws.close()
    _county_to_city(offices, name="lq3.zip")
    assert _issue(offices.city, issue_id, "id") is None


def test_a_county_may_not_raise_an_issue_on_another_countys_project(offices):
    before = fingerprint(offices.lingqiu)
    err = cli_refused(offices.lingqiu, "issue", "add", "--code", GUANGLING_PROJECT, "--description", "越界")
    assert "灵丘县" in err and GUANGLING_PROJECT in err
    assert fingerprint(offices.lingqiu) == before


def test_a_package_carrying_an_issue_of_another_countys_project_is_refused(seeded_template, tmp_path):
    """Raised before the office was set (nothing refused then), the issue becomes the county's change when
    the office is set; the city refuses the whole package, with every database unchanged."""
    offices = make_offices(seeded_template, tmp_path, set_offices=False)
    cli_ok(offices.city, "office", "set", CITY)
    cli_ok(offices.lingqiu, "issue", "add", "--code", GUANGLING_PROJECT, "--description", "越界的问题")
    cli_ok(offices.lingqiu, "office", "set", LINGQIU)
    package = tmp_path / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package))
    assert b'"issue"' in zipfile.ZipFile(package).read("content.json")
    before = fingerprint(offices.city)
    err = cli_refused(offices.city, "package", "import", str(package))
    assert GUANGLING_PROJECT in err and "不属于灵丘县" in err
    assert fingerprint(offices.city) == before


# --- indicator values: the city's ---


def _indicator_value(db, seq, year, column="value_raw"):
    rows = query(
        db,
        f"SELECT v.{column} FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id "
        "WHERE i.seq = ? AND v.year = ?",
        seq,
        year,
    )
    return rows[0][0] if rows else None


def test_indicator_values_travel_from_the_city_to_the_counties(offices):
    cli_ok(offices.city, "indicator", "set", "--seq", "2", "--year", "2024", "--value", "31.5", "--note", "监测站年报")
    cli_ok(offices.city, "indicator", "set", "--seq", "5", "--year", "2024", "--value", "12")
    out = _city_to(offices, LINGQIU, offices.lingqiu, "back.zip")
    assert "0 conflict(s)" in out
    assert _indicator_value(offices.lingqiu, 2, 2024) == "31.5"
    assert Decimal(str(_indicator_value(offices.lingqiu, 2, 2024, "value"))) == Decimal("31.5")
    assert _indicator_value(offices.lingqiu, 2, 2024, "note") == "监测站年报"
    assert _indicator_value(offices.lingqiu, 5, 2024) == "12"
    # a correction and a deletion at the city follow
    from app.core import indicators

    ws = _open(offices.city)
    try:
        with ws.session() as s:
            indicator = indicators.get_indicator(s, seq=2)
            indicators.set_indicator_value(s, indicator.id, 2024, "29.8", user="市")
            indicators.delete_indicator_value(s, indicators.get_indicator(s, seq=5).id, 2024, user="市")
    finally:
        ws.close()
    _city_to(offices, LINGQIU, offices.lingqiu, "back2.zip")
    assert _indicator_value(offices.lingqiu, 2, 2024) == "29.8"
    assert _indicator_value(offices.lingqiu, 2, 2024, "note") == "监测站年报"
    assert _indicator_value(offices.lingqiu, 5, 2024) is None
    # replaying the first package changes nothing
    before = fingerprint(offices.lingqiu)
    assert "already imported" in cli_ok(offices.lingqiu, "package", "import", str(offices.folder / "back.zip"))
    assert fingerprint(offices.lingqiu) == before


def test_a_county_does_not_change_indicator_values(offices):
    before = fingerprint(offices.lingqiu)
    err = cli_refused(offices.lingqiu, "indicator", "set", "--seq", "2", "--year", "2024", "--value", "30")
    assert "市级" in err and "指标" in err
    assert fingerprint(offices.lingqiu) == before


def test_a_county_package_carrying_indicator_values_is_refused(seeded_template, tmp_path):
    offices = make_offices(seeded_template, tmp_path, set_offices=False)
    cli_ok(offices.city, "office", "set", CITY)
    cli_ok(offices.lingqiu, "indicator", "set", "--seq", "2", "--year", "2024", "--value", "30")  # no office yet
    cli_ok(offices.lingqiu, "office", "set", LINGQIU)
    package = tmp_path / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package))
    before = fingerprint(offices.city)
    err = cli_refused(offices.city, "package", "import", str(package))
    assert "指标由市级填报" in err
    cli_refused(offices.city, "package", "import", str(package), "--dry-run")
    assert fingerprint(offices.city) == before


# --- projects the city adds ---


def test_a_project_added_at_the_city_and_its_edits_travel(offices):
    out = cli_ok(
        offices.city, "project", "add", "--name", "灵丘县唐河湿地修复工程", "--county", LINGQIU,
        "--investment", "2.4", "--lead", "市水务局", "--status", "前期", "--json",
    )  # fmt: skip
    created = json.loads(out)
    assert created["code"] == "新增-01"
    assert query(offices.city, "SELECT op, origin_office FROM change_log WHERE record_id = ?", created["id"]) == [
        ("create", CITY)
    ]
    assert query(
        offices.city, "SELECT field, source FROM audit_entries WHERE entity_id = ? AND entity_type = 'project'",
        created["id"],
    ) == [("created", "cli")]  # fmt: skip

    out = _city_to(offices, LINGQIU, offices.lingqiu, "back.zip")
    assert "0 conflict(s)" in out
    row = query(
        offices.lingqiu, "SELECT code, name, county, investment_total, status FROM projects WHERE id = ?",
        created["id"],
    )  # fmt: skip
    assert row and row[0][:3] == ("新增-01", "灵丘县唐河湿地修复工程", LINGQIU) and row[0][4] == "前期"
    assert Decimal(str(row[0][3])) == Decimal("2.4")
    assert project_value(offices.lingqiu, "新增-01", "id") == created["id"]
    lead = query(
        offices.lingqiu,
        "SELECT d.name FROM project_lead_departments l JOIN departments d ON d.id = l.department_id "
        "WHERE l.project_id = ?",
        created["id"],
    )
    assert lead == [("市水务局",)]

    # in 灵丘县 it is the county's own project: it reports on it, and the report reaches the city
    cli_ok(offices.lingqiu, "progress", "set", "--code", "新增-01", "--period", "2025Q3", "--invested", "0.2")
    _county_to_city(offices)
    assert query(offices.city, "SELECT invested FROM quarterly_progress WHERE project_id = ?", created["id"]) == [
        (0.2,)
    ]

    # the city edits its reference fields (county, lead departments): 广灵县 gets both the project and the edit
    from app.core import projects

    ws = _open(offices.city)
    try:
        with ws.session() as s:
            projects.update_project(
                s, created["id"], {"counties": [LINGQIU, GUANGLING], "lead_departments": ["市生态环境局"]}, user="市"
            )
    finally:
        ws.close()
    _city_to(offices, GUANGLING, offices.guangling, "gl.zip")
    assert json.loads(project_value(offices.guangling, "新增-01", "counties")) == [LINGQIU, GUANGLING]
    _city_to(offices, LINGQIU, offices.lingqiu, "back2.zip")
    assert json.loads(project_value(offices.lingqiu, "新增-01", "counties")) == [LINGQIU, GUANGLING]
    lead = query(
        offices.lingqiu,
        "SELECT d.name FROM project_lead_departments l JOIN departments d ON d.id = l.department_id "
        "WHERE l.project_id = ?",
        created["id"],
    )
    assert lead == [("市生态环境局",)]


def test_only_the_city_adds_projects(offices):
    before = fingerprint(offices.lingqiu)
    err = cli_refused(offices.lingqiu, "project", "add", "--name", "县里的新项目", "--county", LINGQIU)
    assert "新增项目由市级录入" in err
    assert fingerprint(offices.lingqiu) == before
    err = cli_refused(offices.city, "project", "add", "--name", "x", "--county", "不存在县")
    assert "不存在县" in err
    err = cli_refused(offices.city, "project", "add", "--name", "x", "--code", LINGQIU_PROJECT)
    assert "已被其他项目使用" in err


def test_a_project_code_taken_at_the_receiver_refuses_the_package(seeded_template, tmp_path):
    """Two databases that both handed out 新增-01 (the county added a project before its office was set): the
    city's package is refused at the county rather than merged into the wrong project."""
    offices = make_offices(seeded_template, tmp_path, set_offices=False)
    cli_ok(offices.city, "office", "set", CITY)
    cli_ok(offices.lingqiu, "project", "add", "--name", "县里早先的项目")
    cli_ok(offices.lingqiu, "office", "set", LINGQIU)
    cli_ok(offices.city, "project", "add", "--name", "市里的新项目")
    package = tmp_path / "back.zip"
    cli_ok(offices.city, "package", "export", "--for", LINGQIU, "--out", str(package))
    before = fingerprint(offices.lingqiu)
    err = cli_refused(offices.lingqiu, "package", "import", str(package))
    assert "新增-01" in err and "编号相同" in err
    assert fingerprint(offices.lingqiu) == before


# --- the standard milestones applied on both sides ---


def test_template_milestones_applied_on_both_sides_are_one_set_after_the_exchange(offices):
    from app.core import milestones

    pid = _project_id(offices.lingqiu, LINGQIU_PROJECT)
    for db in (offices.lingqiu, offices.city):
        cli_ok(db, "milestone", "template", "--code", LINGQIU_PROJECT)
    cli_ok(offices.lingqiu, "milestone", "edit", "--id", milestones.template_milestone_id(pid, "开工"),
           "--planned", "2025-10-01")  # fmt: skip
    _county_to_city(offices)
    _county_quarter_accepted(offices)
    _city_to(offices, LINGQIU, offices.lingqiu, "back.zip")
    _city_to(offices, GUANGLING, offices.guangling, "gl.zip")
    for db in (offices.city, offices.lingqiu, offices.guangling):
        kinds = query(db, "SELECT kind, count(*) FROM milestones WHERE project_id = ? GROUP BY kind", pid)
        assert len(kinds) == len(milestones.MILESTONE_TEMPLATE)
        assert {count for _, count in kinds} == {1}, kinds
        start = query(db, "SELECT planned_date FROM milestones WHERE project_id = ? AND kind = '开工'", pid)
        assert start == [("2025-10-01",)]
    assert json.loads(cli_ok(offices.city, "package", "conflicts", "--json")) == []


def test_a_bad_value_in_an_issue_change_refuses_the_package_with_nothing_written(offices):
    """A package written by another program (its checksums recomputed) with a date that is no date."""
    from app.exchange import package_format

    cli_ok(offices.city, "issue", "add", "--code", LINGQIU_PROJECT, "--description", "市里提出的问题")
    back = offices.folder / "back.zip"
    cli_ok(offices.city, "package", "export", "--for", LINGQIU, "--out", str(back))
    package = package_format.read_package(back)
    data = json.loads(package_format.content_json(package.content))
    (created,) = [c for c in data["changes"] if c["entity_type"] == "issue"]
    created["new"]["deadline"] = "2025-13-45"
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    manifest = package_format.Manifest(
        **{**package.manifest.__dict__, "content_sha256": package_format.sha256_hex(raw)}
    )
    forged = offices.folder / "forged.zip"
    forged.write_bytes(package_format.build_package_bytes(manifest, raw))
    before = fingerprint(offices.lingqiu)
    err = cli_refused(offices.lingqiu, "package", "import", str(forged))
    assert "2025-13-45" in err and "无效" in err
    assert fingerprint(offices.lingqiu) == before
