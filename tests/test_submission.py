"""Quarterly submissions (报送) and the city's review (审核/退回): the state rules, the reasons, the audit."""

from __future__ import annotations

import datetime as dt
import json

from app.core import submissions
from app.core.workspace import open_workspace
from tests.fixtures.offices_support import (
    CITY,
    GUANGLING_PROJECT,
    LINGQIU,
    LINGQIU_PROJECT,
    PERIOD,
    cli_ok,
    cli_refused,
    fingerprint,
    query,
)


def _submitted_at_city(offices):
    cli_ok(offices.lingqiu, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--invested", "0.5")
    cli_ok(offices.lingqiu, "submission", "submit", "--period", PERIOD)
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package), "--period", PERIOD)
    cli_ok(offices.city, "package", "import", str(package))


def test_submitting_needs_an_office(db_path):
    before = fingerprint(db_path)
    err = cli_refused(db_path, "submission", "submit", "--period", PERIOD)
    assert "office set" in err
    assert fingerprint(db_path) == before


def test_submit_freezes_the_quarter_and_is_audited(offices):
    cli_ok(offices.lingqiu, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--invested", "0.5")
    out = cli_ok(offices.lingqiu, "submission", "submit", "--period", "2025q3")  # any spelling of the quarter
    assert "round 1" in out and "1 projects reported" in out
    assert query(offices.lingqiu, "SELECT state FROM reporting_periods WHERE code = ?", PERIOD) == [("locked",)]
    (row,) = json.loads(cli_ok(offices.lingqiu, "submission", "list", "--period", PERIOD, "--json"))
    assert row["office"] == LINGQIU and row["state"] == "submitted" and row["submitted_by"] == "测试员"
    audit = query(
        offices.lingqiu,
        "SELECT entity_id, old_value, new_value FROM audit_entries WHERE entity_type = 'submission'",
    )
    assert audit == [(f"{LINGQIU}/{PERIOD}", "未报送", "已报送（待审核）")]


def test_a_return_needs_reasons_for_the_offices_own_projects(offices):
    _submitted_at_city(offices)
    before = fingerprint(offices.city)
    err = cli_refused(
        offices.city, "submission", "return", "--office", LINGQIU, "--period", PERIOD,
        "--project", GUANGLING_PROJECT, "--reason", "不是你的项目",
    )  # fmt: skip
    assert GUANGLING_PROJECT in err and "不属于" in err
    err = cli_refused(
        offices.city, "submission", "return", "--office", LINGQIU, "--period", PERIOD, "--project", LINGQIU_PROJECT
    )
    assert "needs a --reason" in err
    err = cli_refused(
        offices.city, "submission", "return", "--office", LINGQIU, "--period", PERIOD,
        "--project", "附表9-99", "--reason", "x",
    )  # fmt: skip
    assert "附表9-99" in err
    assert fingerprint(offices.city) == before
    out = cli_ok(
        offices.city, "submission", "return", "--office", LINGQIU, "--period", PERIOD, "--reason", "请补充形象进度"
    )
    assert "已退回" in out and "请补充形象进度" in out
    err = cli_refused(offices.city, "submission", "accept", "--office", LINGQIU, "--period", PERIOD)
    assert "已退回" in err  # only a pending submission is decided
    audit = query(
        offices.city,
        "SELECT old_value, new_value, source_detail FROM audit_entries WHERE entity_type = 'submission' ORDER BY id",
    )
    assert audit[-1] == ("已报送（待审核）", "已退回", "请补充形象进度")


def test_the_city_lists_every_office_and_a_county_only_itself(offices):
    _submitted_at_city(offices)
    city_rows = json.loads(cli_ok(offices.city, "submission", "list", "--period", PERIOD, "--json"))
    names = [row["office"] for row in city_rows]
    assert CITY not in names and LINGQIU in names and "经济技术开发区" in names and len(names) == 11
    waiting = [row for row in city_rows if row["state"] != "not_submitted"]
    assert [(row["office"], row["state_label"], row["projects_reported"]) for row in waiting] == [
        (LINGQIU, "已报送（待审核）", 1)
    ]
    county_rows = json.loads(cli_ok(offices.guangling, "submission", "list", "--period", PERIOD, "--json"))
    assert [(row["office"], row["state_label"]) for row in county_rows] == [("广灵县", "未报送")]
    text = cli_ok(offices.city, "submission", "list", "--period", PERIOD)
    assert f"{LINGQIU}\t{PERIOD}\t已报送（待审核）" in text


def test_a_decision_about_an_earlier_round_never_reopens_a_newer_submission(offices):
    """The county resubmitted after a return; a decision the city took on the first round (arriving late, in
    another package) must leave the new submission as it is."""
    cli_ok(offices.lingqiu, "submission", "submit", "--period", PERIOD)
    ws = open_workspace(offices.lingqiu, create=False)
    try:
        with ws.session() as session:
            returned = submissions.Decision(
                LINGQIU, PERIOD, 1, submissions.RETURNED, dt.datetime(2025, 10, 9), "市发改委", "补充", ()
            )
            assert submissions.receive_decision(session, returned, user="导入") is True
        submissions.submit(ws, PERIOD)  # round 2
        with ws.session() as session:
            assert submissions.receive_decision(session, returned, user="导入") is False
            late_accept = submissions.Decision(
                LINGQIU, PERIOD, 1, submissions.ACCEPTED, dt.datetime(2025, 10, 10), "市发改委", None, ()
            )
            assert submissions.receive_decision(session, late_accept, user="导入") is False
        info = submissions.submission_of(ws, LINGQIU, PERIOD)
        assert info.state == submissions.SUBMITTED and info.round == 2
    finally:
        ws.close()
    assert query(offices.lingqiu, "SELECT state FROM reporting_periods WHERE code = ?", PERIOD) == [("locked",)]


def test_the_chase_list_names_those_not_reported_by_a_date(offices):
    _submitted_at_city(offices)
    today = dt.date.today()
    late_today = json.loads(
        cli_ok(offices.city, "submission", "list", "--period", PERIOD, "--json", "--late-by", today.isoformat())
    )
    names = [row["office"] for row in late_today]
    assert LINGQIU not in names and "广灵县" in names and len(names) == 10
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    late_yesterday = json.loads(
        cli_ok(offices.city, "submission", "list", "--period", PERIOD, "--json", "--late-by", yesterday)
    )
    assert LINGQIU in [row["office"] for row in late_yesterday]  # it reported after that day
    err = cli_refused(offices.city, "submission", "list", "--period", PERIOD, "--late-by", "2025-02-30")
    assert "--late-by" in err
