"""Data entered in a county's own copy of the program reaches the city: an entry workbook exported from another
database with the same projects imports, field by field, and only real differences become conflicts."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select

from app.core import milestones, progress, projects
from app.core.workspace import open_workspace
from app.db.models import Milestone, QuarterlyProgress
from app.exchange import layout, service
from app.exchange.import_analysis import CONFLICT, KEEP, SAME, TAKE, merge_field
from tests.fixtures.exchange.support import db_fingerprint, header_map, row_of, set_field, sheet_as_csv

COUNTY = "灵丘县"
PERIOD = "2025Q3"
SP, SM = layout.SHEET_PROGRESS, layout.SHEET_MILESTONES
A, B = "附表1-05", "附表1-07"


@pytest.fixture
def offices(seeded_template, tmp_path):
    """Two real databases seeded from the same plan: the city's and the county's own copy of the program."""
    for name in ("city", "county"):
        with (
            closing(sqlite3.connect(seeded_template)) as src,
            closing(sqlite3.connect(tmp_path / f"{name}.sqlite3")) as dst,
        ):
            src.backup(dst)
    city = open_workspace(tmp_path / "city.sqlite3", user="市级")
    county = open_workspace(tmp_path / "county.sqlite3", user="灵丘县填报员")
    yield city, county
    city.close()
    county.close()


def _set(ws, code, **fields):
    with ws.session() as s:
        pid = projects.get_project(s, code=code).id
        progress.set_progress(s, pid, PERIOD, user=ws.user, **fields)


def _record(ws, code):
    with ws.session() as s:
        pid = projects.get_project(s, code=code).id
        rec = s.scalar(
            select(QuarterlyProgress).where(QuarterlyProgress.project_id == pid, QuarterlyProgress.period == PERIOD)
        )
        return None if rec is None else (rec.invested, rec.annual_plan, rec.physical_progress, rec.version)


def test_county_database_workbook_imports_at_the_city(offices, tmp_path):
    city, county = offices
    # The county enters its quarter in its own program: versions 1 and 2 there, nothing at the city.
    _set(county, A, invested=Decimal("0.3"), physical_progress="完成清淤 2 公里")
    _set(county, A, annual_plan=Decimal("1.2"))
    _set(county, B, invested=Decimal("0.1"))
    path = tmp_path / "灵丘县_2025Q3.xlsx"
    service.export_entry_workbook(county, path, period=PERIOD, county=COUNTY)
    assert _record(county, A)[3] == 2 and _record(city, A) is None

    plan = service.preview_import(city, path)

    assert plan.ok, [i.line() for i in plan.errors]
    assert not plan.conflicts
    assert "比数据库中的版本" not in "\n".join(i.message for i in plan.issues)
    assert sorted((c.project_code, c.label, c.new) for c in plan.changes) == [
        (A, "年度计划投资（亿元）", "1.2"),
        (A, "形象进度", "完成清淤 2 公里"),
        (A, "本季度完成投资（亿元）", "0.3"),
        (B, "本季度完成投资（亿元）", "0.1"),
    ]
    assert service.apply_import(city, path).status == service.APPLIED
    assert _record(city, A)[:3] == (Decimal("0.3"), Decimal("1.2"), "完成清淤 2 公里")
    assert _record(city, B)[0] == Decimal("0.1")
    # and the same file again changes nothing
    before = db_fingerprint(city)
    assert service.apply_import(city, path).status == service.UNCHANGED
    assert db_fingerprint(city) == before


def test_city_values_of_its_own_are_conflicts_not_overwritten(offices, tmp_path):
    city, county = offices
    _set(city, A, invested=Decimal("0.25"), problems="市级核实：资金未到位")  # the city's own figures
    _set(county, A, invested=Decimal("0.3"), physical_progress="完成清淤 2 公里")
    path = tmp_path / "灵丘县.xlsx"
    service.export_entry_workbook(county, path, period=PERIOD, county=COUNTY)
    wb = openpyxl.load_workbook(path)
    set_field(wb[SP], row_of(wb[SP], A), "下步计划", "年底前完工")  # typed into the workbook as well
    wb.save(path)
    before = db_fingerprint(city)

    plan = service.preview_import(city, path)

    assert [(c.label, c.mine, c.theirs) for c in plan.conflicts] == [("本季度完成投资（亿元）", "0.25", "0.3")]
    assert sorted((c.label, c.new) for c in plan.changes) == [
        ("下步计划", "年底前完工"),
        ("形象进度", "完成清淤 2 公里"),
    ]
    assert service.apply_import(city, path).status == service.CONFLICTS
    assert db_fingerprint(city) == before
    assert service.apply_import(city, path, default_resolution="mine").status == service.APPLIED
    rec = _record(city, A)
    assert rec[0] == Decimal("0.25") and rec[2] == "完成清淤 2 公里"
    with city.session() as s:
        pid = projects.get_project(s, code=A).id
        kept = s.scalar(select(QuarterlyProgress).where(QuarterlyProgress.project_id == pid))
        assert kept.problems == "市级核实：资金未到位" and kept.next_steps == "年底前完工"


def test_milestones_of_another_database_are_matched_by_project_and_title(offices, tmp_path):
    city, county = offices
    for ws in (city, county):
        with ws.session() as s:
            milestones.apply_template(s, projects.get_project(s, code=A).id, user=ws.user)
    path = tmp_path / "灵丘县.xlsx"
    service.export_entry_workbook(county, path, period=PERIOD, county=COUNTY)
    wb = openpyxl.load_workbook(path)
    sheet = wb[SM]
    first = row_of(sheet, A)
    title = sheet.cell(row=first, column=header_map(sheet)["里程碑"]).value
    set_field(sheet, first, "实际完成日期", "2025-03-01")
    wb.save(path)

    outcome = service.apply_import(city, path)

    assert outcome.status == service.APPLIED, [i.line() for i in outcome.plan.errors]
    with city.session() as s:
        pid = projects.get_project(s, code=A).id
        done = s.scalar(select(Milestone).where(Milestone.project_id == pid, Milestone.title == title))
        assert done.actual_date == dt.date(2025, 3, 1)


def test_csv_with_a_version_ahead_of_the_database_is_a_conflict_not_a_refusal(workspace, tmp_path):
    """A CSV carries no exported values to compare with: rows whose version differs are shown for review."""
    path = tmp_path / "entry.xlsx"
    _set(workspace, A, invested=Decimal("0.2"))
    service.export_entry_workbook(workspace, path, period=PERIOD, county=COUNTY)
    sheet = openpyxl.load_workbook(path)[SP]
    r = row_of(sheet, A)
    text = sheet_as_csv(sheet, {(r, "进度版本"): 7, (r, "本季度完成投资（亿元）"): 0.4})
    csv_path = tmp_path / "ahead.csv"
    csv_path.write_text(text, encoding="utf-8")
    plan = service.preview_import(workspace, csv_path)
    assert plan.ok and [(c.mine, c.theirs, c.file_version) for c in plan.conflicts] == [("0.2", "0.4", 7)]


@pytest.mark.parametrize(
    "theirs, mine, base, shared, expected",
    [
        ("2", "1", "1", True, TAKE),  # only the file changed it
        ("1", "2", "1", True, KEEP),  # only the database changed it
        ("3", "2", "1", True, CONFLICT),  # both, differently
        ("2", "2", "1", True, SAME),
        ("2", None, "2", False, TAKE),  # another database: ours is empty
        ("2", "1", "2", False, CONFLICT),  # another database: ours has a value of its own
        ("2", "1", "1", False, TAKE),  # another database, ours as exported there
        (None, "1", None, False, KEEP),  # another database left it blank: clears nothing here
        (None, "1", "2", False, CONFLICT),  # another database cleared its value: ask
    ],
)
def test_merge_rule_per_field(theirs, mine, base, shared, expected):
    assert merge_field(theirs, mine, base_known=True, base=base, shared_history=shared, same_version=False) == expected
