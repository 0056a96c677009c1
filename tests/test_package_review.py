"""The city passes a county's changes on to the other offices only once it has accepted (审核通过) the
submission that carried them. Three real databases (the city, 灵丘县, 广灵县) exchange packages through the CLI:
nothing under review (已报送（待审核）) or returned (已退回) reaches 广灵县, what the city accepts later goes in
its next package (nothing skipped, nothing twice), and replaying stays a no-op. Also: a held conflict is named
in the import's (and its preview's) words, and the 0003 migration keeps under review what was."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from contextlib import closing
from decimal import Decimal
from pathlib import Path

from tests.fixtures.offices_support import (
    CITY,
    GUANGLING,
    GUANGLING_PROJECT,
    LINGQIU,
    LINGQIU_OTHER,
    LINGQIU_PROJECT,
    PERIOD,
    cli_ok,
    fingerprint,
    progress_value,
    project_value,
    query,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "db"


def _content(package: Path) -> list[dict]:
    return json.loads(zipfile.ZipFile(package).read("content.json"))["changes"]


def _origins(package: Path) -> set[str]:
    return {change["origin"] for change in _content(package)}


def _county_submits(offices, name: str, **values: str) -> Path:
    """灵丘县 reports its project for the quarter, submits (报送) and the city imports the package."""
    args = [f"--{key}={value}" for key, value in values.items()]
    cli_ok(offices.lingqiu, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, *args)
    cli_ok(offices.lingqiu, "submission", "submit", "--period", PERIOD)
    package = offices.folder / name
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package), "--period", PERIOD)
    cli_ok(offices.city, "package", "import", str(package))
    return package


def _city_package_for_guangling(offices, name: str, *extra: str) -> Path:
    package = offices.folder / name
    cli_ok(offices.city, "package", "export", "--for", GUANGLING, "--out", str(package), *extra)
    return package


def _city_note(offices, code: str, note: str) -> None:
    from app.core import project_service
    from app.core.workspace import open_workspace

    ws = open_workspace(offices.city, create=False)
    try:
        pid = query(offices.city, "SELECT id FROM projects WHERE code = ?", code)[0][0]
        record = project_service.get_project(ws, pid)
        project_service.update_project(ws, pid, {"note": note}, expected_version=record.version)
    finally:
        ws.close()


def test_a_countys_changes_reach_another_office_only_after_the_city_accepts(offices):
    _county_submits(offices, "lq.zip", invested="0.5", physical="主体工程施工")
    # the city's own edit, logged after the county's changes it holds back
    _city_note(offices, GUANGLING_PROJECT, "市级：列入重点调度")

    # under review (已报送（待审核）): the package for 广灵县 holds the city's edit, none of 灵丘县's changes
    early = _city_package_for_guangling(offices, "gl1.zip")
    assert _origins(early) == {CITY}
    cli_ok(offices.guangling, "package", "import", str(early))
    assert project_value(offices.guangling, GUANGLING_PROJECT, "note") == "市级：列入重点调度"
    assert progress_value(offices.guangling, LINGQIU_PROJECT, PERIOD, "physical_progress") is None

    # accepted: the next package carries them although they are older than the last package's changes
    cli_ok(offices.city, "submission", "accept", "--office", LINGQIU, "--period", PERIOD)
    late = _city_package_for_guangling(offices, "gl2.zip")
    carried = _content(late)
    assert {change["origin"] for change in carried} == {LINGQIU}  # the city's edit is not sent twice
    lingqiu_seqs = {seq for (seq,) in query(offices.lingqiu, "SELECT origin_seq FROM change_log")}
    assert {change["seq"] for change in carried} == lingqiu_seqs
    result = json.loads(cli_ok(offices.guangling, "package", "import", str(late), "--json"))
    assert result["applied"] == len(carried) and result["conflicts"] == 0
    assert progress_value(offices.guangling, LINGQIU_PROJECT, PERIOD, "physical_progress") == "主体工程施工"
    assert Decimal(str(progress_value(offices.guangling, LINGQIU_PROJECT, PERIOD, "invested"))) == Decimal("0.5")

    # replaying changes nothing; a third package has nothing left to carry; everything again is all seen
    settled = fingerprint(offices.guangling)
    assert "already imported" in cli_ok(offices.guangling, "package", "import", str(late))
    assert fingerprint(offices.guangling) == settled
    assert _content(_city_package_for_guangling(offices, "gl3.zip")) == []
    resent = _city_package_for_guangling(offices, "gl_all.zip", "--all")
    assert _origins(resent) == {CITY, LINGQIU}
    result = json.loads(cli_ok(offices.guangling, "package", "import", str(resent), "--json"))
    assert result["applied"] == 0 and result["seen"] == len(_content(resent)) and result["conflicts"] == 0

    # 灵丘县 gets the decision, never its own changes back
    back = offices.folder / "back.zip"
    cli_ok(offices.city, "package", "export", "--for", LINGQIU, "--out", str(back))
    assert _origins(back) == {CITY}


def test_the_citys_change_of_a_field_under_review_reaches_the_others_without_a_conflict(offices):
    """The city corrects 灵丘县's figure while the submission waits: 广灵县 never had 灵丘县's value, so the
    city's change comes as replacing what 广灵县 holds (no conflict: 广灵县 could not even resolve one on
    灵丘县's project), and after the acceptance 灵丘县's replaced value is not sent; its other change is.
    An office that had nothing yet gets both, oldest first."""
    _county_submits(offices, "lq.zip", invested="0.5", physical="县：主体施工")
    cli_ok(offices.city, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--physical", "市：已核")
    early = _city_package_for_guangling(offices, "gl1.zip")
    (sent,) = _content(early)
    assert (sent["origin"], sent["old"], sent["new"]) == (CITY, None, "市：已核")
    result = json.loads(cli_ok(offices.guangling, "package", "import", str(early), "--json"))
    assert result["applied"] == 1 and result["conflicts"] == 0
    assert progress_value(offices.guangling, LINGQIU_PROJECT, PERIOD, "physical_progress") == "市：已核"

    cli_ok(offices.city, "submission", "accept", "--office", LINGQIU, "--period", PERIOD)
    late = _city_package_for_guangling(offices, "gl2.zip")
    assert {(c["origin"], c["field"]) for c in _content(late)} == {(LINGQIU, "invested")}
    result = json.loads(cli_ok(offices.guangling, "package", "import", str(late), "--json"))
    assert result["conflicts"] == 0
    assert progress_value(offices.guangling, LINGQIU_PROJECT, PERIOD, "physical_progress") == "市：已核"
    assert Decimal(str(progress_value(offices.guangling, LINGQIU_PROJECT, PERIOD, "invested"))) == Decimal("0.5")
    resent = _city_package_for_guangling(offices, "gl_all.zip", "--all")  # a lost package: still not the old value
    assert [c["new"] for c in _content(resent) if c["field"] == "physical_progress"] == ["市：已核"]

    first_package = offices.folder / "hy.zip"
    cli_ok(offices.city, "package", "export", "--for", "浑源县", "--out", str(first_package))
    physical = [(c["origin"], c["old"], c["new"]) for c in _content(first_package) if c["field"] == "physical_progress"]
    assert physical == [(LINGQIU, None, "县：主体施工"), (CITY, "县：主体施工", "市：已核")]


def test_a_returned_submissions_changes_are_not_passed_on(offices):
    _county_submits(offices, "first.zip", invested="0.1", physical="第一次报送")
    cli_ok(
        offices.city, "submission", "return", "--office", LINGQIU, "--period", PERIOD, "--reason", "投资额有误",
    )  # fmt: skip
    returned = _city_package_for_guangling(offices, "gl1.zip")
    assert LINGQIU not in _origins(returned)
    cli_ok(offices.guangling, "package", "import", str(returned))
    assert progress_value(offices.guangling, LINGQIU_PROJECT, PERIOD, "invested") is None

    # the return reaches 灵丘县, which corrects and resubmits: still under review, still held back
    back = offices.folder / "back.zip"
    cli_ok(offices.city, "package", "export", "--for", LINGQIU, "--out", str(back))
    cli_ok(offices.lingqiu, "package", "import", str(back))
    cli_ok(offices.lingqiu, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--invested", "1.1")
    cli_ok(offices.lingqiu, "submission", "submit", "--period", PERIOD)
    second = offices.folder / "second.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(second), "--period", PERIOD)
    cli_ok(offices.city, "package", "import", str(second))
    assert LINGQIU not in _origins(_city_package_for_guangling(offices, "gl2.zip"))

    # the corrected submission accepted: both rounds' changes go, 广灵县 ends on the accepted values
    cli_ok(offices.city, "submission", "accept", "--office", LINGQIU, "--period", PERIOD)
    accepted = _city_package_for_guangling(offices, "gl3.zip")
    assert _origins(accepted) == {LINGQIU}
    result = json.loads(cli_ok(offices.guangling, "package", "import", str(accepted), "--json"))
    assert result["conflicts"] == 0
    assert Decimal(str(progress_value(offices.guangling, LINGQIU_PROJECT, PERIOD, "invested"))) == Decimal("1.1")
    assert progress_value(offices.guangling, LINGQIU_PROJECT, PERIOD, "physical_progress") == "第一次报送"


def test_changes_sent_without_a_submission_wait_for_the_next_accepted_one(offices):
    cli_ok(offices.lingqiu, "progress", "set", "--code", LINGQIU_OTHER, "--period", PERIOD, "--invested", "0.7")
    between = offices.folder / "between.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(between))  # no quarter: no submission
    cli_ok(offices.city, "package", "import", str(between))
    assert LINGQIU not in _origins(_city_package_for_guangling(offices, "gl1.zip"))

    _county_submits(offices, "lq.zip", invested="0.5")
    cli_ok(offices.city, "submission", "accept", "--office", LINGQIU, "--period", PERIOD)
    package = _city_package_for_guangling(offices, "gl2.zip")
    cli_ok(offices.guangling, "package", "import", str(package))
    assert Decimal(str(progress_value(offices.guangling, LINGQIU_OTHER, PERIOD, "invested"))) == Decimal("0.7")
    assert Decimal(str(progress_value(offices.guangling, LINGQIU_PROJECT, PERIOD, "invested"))) == Decimal("0.5")


def test_the_accepted_submission_releases_only_its_own_quarter(offices):
    """灵丘县's 2025Q3 waits for review while its 2025Q4 is accepted: only 2025Q4's changes go on."""
    _county_submits(offices, "q3.zip", invested="0.5")
    cli_ok(offices.lingqiu, "progress", "set", "--code", LINGQIU_PROJECT, "--period", "2025Q4", "--invested", "0.9")
    cli_ok(offices.lingqiu, "submission", "submit", "--period", "2025Q4")
    q4 = offices.folder / "q4.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(q4), "--period", "2025Q4")
    cli_ok(offices.city, "package", "import", str(q4))
    cli_ok(offices.city, "submission", "accept", "--office", LINGQIU, "--period", "2025Q4")
    package = _city_package_for_guangling(offices, "gl.zip")
    assert {change["period"] for change in _content(package)} == {"2025Q4"}


def test_a_countys_entry_workbook_follows_the_same_rule(offices):
    from app.exchange import layout
    from tests.fixtures.exchange.support import edit

    blank = offices.folder / "blank.xlsx"
    cli_ok(offices.city, "export-xlsx", "--entry", "--period", PERIOD, "--county", LINGQIU, "--out", str(blank))
    filled = edit(blank, offices.folder / "lq.xlsx", [(layout.SHEET_PROGRESS, LINGQIU_PROJECT, "形象进度", "填报表")])
    cli_ok(offices.city, "import-xlsx", str(filled))  # 灵丘县's submission, under review

    early = _city_package_for_guangling(offices, "gl1.zip")
    assert LINGQIU not in _origins(early)
    cli_ok(offices.guangling, "package", "import", str(early))
    cli_ok(offices.city, "submission", "accept", "--office", LINGQIU, "--period", PERIOD)
    late = _city_package_for_guangling(offices, "gl2.zip")
    assert _origins(late) == {LINGQIU}
    cli_ok(offices.guangling, "package", "import", str(late))
    assert progress_value(offices.guangling, LINGQIU_PROJECT, PERIOD, "physical_progress") == "填报表"


# --- a held conflict in people's words ---


def test_a_held_conflict_is_named_by_its_chinese_label_in_the_import_preview(offices):
    from app.core.workspace import open_workspace
    from app.exchange import packages

    cli_ok(offices.lingqiu, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--physical", "县")
    cli_ok(offices.city, "progress", "set", "--code", LINGQIU_PROJECT, "--period", PERIOD, "--physical", "市")
    package = offices.folder / "lq.zip"
    cli_ok(offices.lingqiu, "package", "export", "--out", str(package))

    ws = open_workspace(offices.city, create=False)
    try:
        preview = packages.preview_package(ws, package)
        trial = packages.import_package(ws, package, dry_run=True)
    finally:
        ws.close()
    assert preview.project_codes == (LINGQIU_PROJECT,)
    (line,) = trial.conflict_lines
    assert line.startswith(f"{LINGQIU_PROJECT} {PERIOD} 形象进度：{LINGQIU} ")
    assert "physical_progress" not in line
    out = cli_ok(offices.city, "package", "import", str(package), "--dry-run")
    assert f"{LINGQIU_PROJECT} {PERIOD} 形象进度：" in out and "physical_progress" not in out


# --- the 0003 migration ---


def test_the_migration_keeps_a_submission_under_review_held_back(tmp_path):
    """A city database of revision 0002: 灵丘县's changes of a quarter waiting for review stay held back,
    广灵县's (nothing waiting) count as passed on already."""
    from app.core import change_review
    from app.core.workspace import open_workspace

    path = tmp_path / "city.sqlite3"
    shutil.copy(FIXTURES / "schema_0002.sqlite3", path)
    with closing(sqlite3.connect(path)) as con:
        con.execute(
            "INSERT INTO office_submissions (office, period, state, round, project_reasons, projects_reported,"
            " updated_at) VALUES (?, ?, 'submitted', 1, '{}', 1, '2025-10-08 09:00:00')",
            (LINGQIU, PERIOD),
        )
        for seq, origin in enumerate((LINGQIU, GUANGLING), start=1):
            con.execute(
                "INSERT INTO change_log (origin_office, origin_seq, entity_type, record_id, project_id, field, op,"
                " old_value, new_value, base_version, user, at, received_from)"
                " VALUES (?, ?, 'project', 'x', 'x', 'note', 'set', 'null', '\"a\"', 1, 'u', '2025-10-08', ?)",
                (origin, seq, origin),
            )
        con.commit()
    ws = open_workspace(path, create=False)
    try:
        with ws.session() as session:
            assert change_review.newest_accepted_mark(session) == 0
    finally:
        ws.close()
    sql = "SELECT origin_office, review_period, accepted_mark FROM change_log WHERE origin_office IS NOT NULL"
    rows = {origin: (period, mark) for origin, period, mark in query(path, sql)}
    assert rows == {LINGQIU: (PERIOD, None), GUANGLING: (None, 0)}
