"""Data reaching the wrong place: a county's workbook may change that county's projects and no others, by the
one scope rule of app.core.scope (the export chooses projects by it, the import enforces it)."""

from __future__ import annotations

import openpyxl
import pytest

from app.core import projects
from app.core.scope import Scope, project_in_scope
from app.db.models import Project
from app.exchange import layout, service, xlsx_export
from tests.fixtures.exchange.support import append_row, db_fingerprint, header_map, row_of

SP = layout.SHEET_PROGRESS
PERIOD = "2025Q3"


def _project(ws, code):
    with ws.session() as s:
        p = projects.get_project(s, code=code)
        return p.id, p.county, list(p.counties), list(p.lead_departments)


def test_scope_rule_counts_every_county_a_project_names(workspace):
    """附表6-04 is a 市级 project whose text names 左云县 and 灵丘县: both counties may report on it."""
    with workspace.session() as s:
        shared = projects.get_project(s, code="附表6-04")
        other = projects.get_project(s, code="附表2-01")
        assert shared.county == "市级" and "灵丘县" in shared.counties
        assert project_in_scope(shared, Scope(county="灵丘县"))
        assert project_in_scope(shared, Scope(county="左云县"))
        assert not project_in_scope(other, Scope(county="灵丘县"))
        assert project_in_scope(other, Scope(county="广灵县"))
        assert project_in_scope(other, Scope.city())
        assert project_in_scope(other, Scope(department="广灵县林业局"))
        assert not project_in_scope(other, Scope(department="市水务局"))
        assert not project_in_scope(other, Scope(county="广灵县", department="市水务局"))


def test_export_chooses_projects_by_the_same_rule(workspace):
    with workspace.session() as s:
        everything = projects.list_projects(s)
        chosen = xlsx_export.select_projects(s, county="灵丘县")
        expected = [p.code for p in everything if project_in_scope(p, Scope(county="灵丘县"))]
        assert [p.code for p in chosen] == expected
        assert "附表6-04" in expected and "附表2-01" not in expected


@pytest.fixture
def lingqiu_entry(workspace, tmp_path):
    path = tmp_path / "灵丘县_2025Q3.xlsx"
    service.export_entry_workbook(workspace, path, period=PERIOD, county="灵丘县")
    return path


def test_row_of_another_county_refuses_the_whole_file(workspace, lingqiu_entry, tmp_path):
    pid, county, counties, _ = _project(workspace, "附表2-01")
    assert county == "广灵县" and "灵丘县" not in counties
    wb = openpyxl.load_workbook(lingqiu_entry)
    sheet = wb[SP]
    own = row_of(sheet, "附表1-05")
    sheet.cell(row=own, column=header_map(sheet)["本季度完成投资（亿元）"]).value = 0.2  # an ordinary change
    appended = append_row(
        sheet,
        {
            "项目ID": pid,
            "进度版本": 0,
            "项目编号": "附表2-01",
            "报告期": PERIOD,
            "本季度完成投资（亿元）": 0.5,
            "形象进度": "县里顺手填了广灵县的项目",
        },
    )
    edited = tmp_path / "appended.xlsx"
    wb.save(edited)
    before = db_fingerprint(workspace)

    outcome = service.apply_import(workspace, edited)

    assert outcome.status == service.REJECTED
    errors = [i for i in outcome.plan.errors if i.row == appended]
    assert len(errors) == 1, [i.line() for i in outcome.plan.errors]
    line = errors[0].line()
    assert f"第{appended}行" in line and "附表2-01" in line and "广灵县" in line and "灵丘县" in line
    assert db_fingerprint(workspace) == before  # not even the 灵丘县 row was written


def test_department_workbook_keeps_to_its_projects(workspace, tmp_path):
    path = tmp_path / "林业局.xlsx"
    service.export_entry_workbook(workspace, path, period=PERIOD, department="广灵县林业局")
    wb = openpyxl.load_workbook(path)
    sheet = wb[SP]
    pid, *_ = _project(workspace, "附表1-05")
    appended = append_row(
        sheet, {"项目ID": pid, "进度版本": 0, "项目编号": "附表1-05", "报告期": PERIOD, "形象进度": "x"}
    )
    wb.save(path)
    plan = service.preview_import(workspace, path)
    assert [i.row for i in plan.errors] == [appended]
    assert "牵头部门为灵丘县人民政府" in plan.errors[0].message and plan.scope == "广灵县林业局"


def test_portfolio_export_of_a_county_is_scoped_too(workspace, tmp_path):
    path = tmp_path / "灵丘县项目.xlsx"
    service.export_portfolio(workspace, path, county="灵丘县")
    wb = openpyxl.load_workbook(path)
    sheet = wb[layout.SHEET_PORTFOLIO]
    pid, *_ = _project(workspace, "附表2-01")
    appended = append_row(sheet, {"项目ID": pid, "项目版本": 1, "项目编号": "附表2-01", "备注": "越界"})
    wb.save(path)
    before = db_fingerprint(workspace)
    outcome = service.apply_import(workspace, path)
    assert outcome.status == service.REJECTED and [i.row for i in outcome.plan.errors] == [appended]
    assert db_fingerprint(workspace) == before
    with workspace.session() as s:
        assert s.get(Project, pid).note != "越界"
