"""A county without the program fills in the entry workbook; the city imports it. Three real databases (the
city, 灵丘县, 广灵县): the workbook's changes are 灵丘县's (not the city's), and its import follows the review
rules of a package (submitted for review, nothing changed once submitted or accepted unless returned)."""

from __future__ import annotations

import json
from decimal import Decimal

from app.core.change_log import RECORDED_SEQ_BASE
from app.exchange import layout
from tests.fixtures.exchange.support import edit
from tests.fixtures.offices_support import (
    CITY,
    LINGQIU,
    LINGQIU_PROJECT,
    PERIOD,
    cli_ok,
    cli_refused,
    fingerprint,
    progress_value,
    query,
)

INVESTED, PHYSICAL = "本季度完成投资（亿元）", "形象进度"


def _filled_workbook(offices, name, **values):
    blank = offices.folder / f"blank_{name}"
    cli_ok(
        offices.city, "export-xlsx", "--entry", "--period", PERIOD, "--county", LINGQIU, "--out", str(blank), "--force"
    )
    edits = [(layout.SHEET_PROGRESS, LINGQIU_PROJECT, label, value) for label, value in values.items()]
    return edit(blank, offices.folder / name, edits)


def _state(db, office_name=LINGQIU):
    rows = json.loads(cli_ok(db, "submission", "list", "--period", PERIOD, "--json"))
    return next(row for row in rows if row["office"] == office_name)


def test_a_countys_workbook_imported_at_the_city_is_the_countys_report(offices):
    workbook = _filled_workbook(offices, "lq1.xlsx", **{INVESTED: 0.6, PHYSICAL: "县里用填报表报送"})
    assert _state(offices.city)["state_label"] == "未报送"
    cli_ok(offices.city, "import-xlsx", str(workbook))
    assert Decimal(str(progress_value(offices.city, LINGQIU_PROJECT, PERIOD, "invested"))) == Decimal("0.6")

    # logged as 灵丘县's changes, numbered apart from the numbers 灵丘县's own database gives
    logged = query(
        offices.city,
        "SELECT origin_office, origin_seq, received_from FROM change_log WHERE entity_type = 'progress'",
    )
    assert logged and {row[0] for row in logged} == {LINGQIU}
    assert all(row[1] >= RECORDED_SEQ_BASE and row[2] is None for row in logged)

    # and it is 灵丘县's submission of the quarter, waiting for the city's review (audited)
    state = _state(offices.city)
    assert state["state_label"] == "已报送（待审核）" and state["round"] == 1 and state["projects_reported"] == 1
    audited = query(
        offices.city, "SELECT new_value, source, source_detail FROM audit_entries WHERE entity_type = 'submission'"
    )
    assert audited[-1][0] == "已报送（待审核）" and audited[-1][1] == "import" and "lq1.xlsx" in audited[-1][2]

    # the same workbook again: nothing to change, nothing refused
    cli_ok(offices.city, "import-xlsx", str(workbook))

    # a changed workbook while the submission waits for review is refused, nothing written
    second = _filled_workbook(offices, "lq2.xlsx", **{INVESTED: 0.9})
    before = fingerprint(offices.city)
    err = cli_refused(offices.city, "import-xlsx", str(second))
    assert "只有退回后才能再次导入" in err
    assert fingerprint(offices.city) == before

    # returned with a reason, the county's corrected workbook is its second submission
    cli_ok(
        offices.city, "submission", "return", "--office", LINGQIU, "--period", PERIOD, "--reason", "投资额有误",
    )  # fmt: skip
    cli_ok(offices.city, "import-xlsx", str(second))
    assert Decimal(str(progress_value(offices.city, LINGQIU_PROJECT, PERIOD, "invested"))) == Decimal("0.9")
    state = _state(offices.city)
    assert state["state_label"] == "已报送（待审核）" and state["round"] == 2

    # accepted: a later workbook cannot change the quarter
    cli_ok(offices.city, "submission", "accept", "--office", LINGQIU, "--period", PERIOD)
    third = _filled_workbook(offices, "lq3.xlsx", **{INVESTED: 1.5})
    before = fingerprint(offices.city)
    err = cli_refused(offices.city, "import-xlsx", str(third))
    assert "已审核" in err
    assert fingerprint(offices.city) == before


def test_the_countys_workbook_changes_reach_its_own_database_and_its_numbering_stays_apart(offices):
    """Should 灵丘县 start using the program, the city's package brings it what its workbooks reported, and
    its own changes are numbered below the recorded ones: nothing is skipped as "already seen"."""
    cli_ok(offices.city, "import-xlsx", str(_filled_workbook(offices, "lq1.xlsx", **{PHYSICAL: "填报表：已开工"})))
    back = offices.folder / "back.zip"
    cli_ok(offices.city, "package", "export", "--for", LINGQIU, "--out", str(back))
    cli_ok(offices.lingqiu, "package", "import", str(back))
    assert progress_value(offices.lingqiu, LINGQIU_PROJECT, PERIOD, "physical_progress") == "填报表：已开工"

    cli_ok(offices.lingqiu, "progress", "set", "--code", "附表1-07", "--period", PERIOD, "--invested", "0.3")
    own = query(offices.lingqiu, "SELECT origin_seq FROM change_log WHERE received_from IS NULL")
    assert own and all(seq < RECORDED_SEQ_BASE for (seq,) in own)
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package))
    manifest_changes = json.loads(cli_ok(offices.city, "package", "import", str(package), "--json"))
    assert manifest_changes["applied"] >= 1 and manifest_changes["seen"] == 0
    assert Decimal(str(progress_value(offices.city, "附表1-07", PERIOD, "invested"))) == Decimal("0.3")


def test_the_city_editing_after_a_workbook_conflicts_name_the_county(offices):
    """The workbook's value met a city edit at the county's side: the conflict says it was 灵丘县's."""
    cli_ok(offices.city, "import-xlsx", str(_filled_workbook(offices, "lq1.xlsx", **{PHYSICAL: "县：填报表"})))
    cli_ok(offices.lingqiu, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--physical", "县：程序")
    back = offices.folder / "back.zip"
    cli_ok(offices.city, "package", "export", "--for", LINGQIU, "--out", str(back))
    out = cli_ok(offices.lingqiu, "package", "import", str(back))
    assert "1 conflict(s)" in out
    (conflict,) = json.loads(cli_ok(offices.lingqiu, "package", "conflicts", "--json"))
    assert conflict["origin"] == LINGQIU and conflict["theirs"] == "县：填报表"


def test_a_workbook_for_the_whole_city_stays_the_citys_own_edit(offices):
    blank = offices.folder / "all.xlsx"
    cli_ok(offices.city, "export-xlsx", "--entry", "--period", PERIOD, "--out", str(blank))
    filled = edit(blank, offices.folder / "all_filled.xlsx", [(layout.SHEET_PROGRESS, LINGQIU_PROJECT, PHYSICAL, "市")])
    cli_ok(offices.city, "import-xlsx", str(filled))
    assert {row[0] for row in query(offices.city, "SELECT origin_office FROM change_log")} == {CITY}
    assert _state(offices.city)["state_label"] == "未报送"
