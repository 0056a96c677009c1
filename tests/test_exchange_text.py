"""Text and numbers as people type them: control characters never stop an export and are cleaned on import,
every field has its length limit, names are not imported (and the import says so), amounts follow the core's
comma rule, and a locked quarter refuses only quarterly data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select, update

from app.core import periods, projects
from app.core.text_rules import FIELD_LIMITS
from app.db.models import Milestone, Project, QuarterlyProgress
from app.exchange import layout, service
from tests.fixtures.exchange.support import db_fingerprint, header_map, milestones_for, row_of, set_field, sheet_as_csv

SP, SM = layout.SHEET_PROGRESS, layout.SHEET_MILESTONES
PERIOD = "2025Q3"
COUNTY = "广灵县"
CODE = "附表1-14"
DIRTY = "第一段\x0b第二段\x07响铃\x1b[31m转义"


def _ids(ws, code=CODE):
    with ws.session() as s:
        return projects.get_project(s, code=code).id


def _progress(ws, code=CODE):
    with ws.session() as s:
        return s.scalar(
            select(QuarterlyProgress).where(
                QuarterlyProgress.project_id == _ids(ws, code), QuarterlyProgress.period == PERIOD
            )
        )


def _store_legacy_text(ws):
    """Text stored before today's rules (or by another program): written past the services on purpose."""
    pid = _ids(ws)
    with ws.session() as s:
        periods.ensure_period(s, PERIOD)
        s.execute(update(Project).where(Project.id == pid).values(name="水神堂\x07泉", note=DIRTY))
        s.add(QuarterlyProgress(project_id=pid, period=PERIOD, physical_progress=DIRTY, version=1))


# --- control characters --------------------------------------------------------------------------------------
def test_control_characters_never_stop_an_export(workspace, tmp_path):
    _store_legacy_text(workspace)
    portfolio = service.export_portfolio(workspace, tmp_path / "p.xlsx", period=PERIOD)
    entry = service.export_entry_workbook(workspace, tmp_path / "e.xlsx", period=PERIOD, county=COUNTY)

    assert portfolio["cleaned_cells"] >= 3 and entry["cleaned_cells"] >= 2
    assert any(f"{portfolio['cleaned_cells']} 个单元格含有" in w for w in portfolio["warnings"])
    sheet = openpyxl.load_workbook(tmp_path / "p.xlsx")[layout.SHEET_PORTFOLIO]
    cols = header_map(sheet)
    r = row_of(sheet, CODE)
    assert sheet.cell(row=r, column=cols["项目名称"]).value == "水神堂泉"
    assert sheet.cell(row=r, column=cols["备注"]).value == "第一段\n第二段响铃[31m转义"
    sp = openpyxl.load_workbook(tmp_path / "e.xlsx")[SP]
    assert sp.cell(row=row_of(sp, CODE), column=header_map(sp)["形象进度"]).value == "第一段\n第二段响铃[31m转义"
    # the database keeps what it had; re-importing the cleaned export changes nothing
    with workspace.session() as s:
        assert s.get(Project, _ids(workspace)).note == DIRTY
    assert service.apply_import(workspace, tmp_path / "e.xlsx").status == service.UNCHANGED


def test_import_cleans_control_characters_with_a_note(workspace, tmp_path):
    path = tmp_path / "e.xlsx"
    service.export_entry_workbook(workspace, path, period=PERIOD, county=COUNTY)
    sheet = openpyxl.load_workbook(path)[SP]
    csv_path = tmp_path / "e.csv"
    csv_path.write_text(sheet_as_csv(sheet, {(row_of(sheet, CODE), "形象进度"): DIRTY}), encoding="utf-8")

    outcome = service.apply_import(workspace, csv_path)

    assert outcome.status == service.APPLIED, [i.line() for i in outcome.plan.errors]
    assert _progress(workspace).physical_progress == "第一段\n第二段响铃[31m转义"
    assert any("控制字符" in i.message and i.column == "形象进度" for i in outcome.plan.notes)


# --- length limits -------------------------------------------------------------------------------------------
def test_over_long_name_is_an_error_naming_the_cell(workspace, tmp_path):
    path = tmp_path / "p.xlsx"
    service.export_portfolio(workspace, path)
    wb = openpyxl.load_workbook(path)
    sheet = wb[layout.SHEET_PORTFOLIO]
    r = row_of(sheet, CODE)
    set_field(sheet, r, "项目名称", "长" * 4000)
    wb.save(path)
    before = db_fingerprint(workspace)
    outcome = service.apply_import(workspace, path)
    assert outcome.status == service.REJECTED
    [error] = outcome.plan.errors
    assert (error.row, error.column) == (r, "项目名称") and str(FIELD_LIMITS["name"]) in error.message
    assert db_fingerprint(workspace) == before


def test_over_long_progress_text_is_an_error(workspace, tmp_path):
    path = tmp_path / "e.xlsx"
    service.export_entry_workbook(workspace, path, period=PERIOD, county=COUNTY)
    wb = openpyxl.load_workbook(path)
    r = row_of(wb[SP], CODE)
    set_field(wb[SP], r, "存在问题", "问" * (FIELD_LIMITS["problems"] + 1))
    wb.save(path)
    plan = service.preview_import(workspace, path)
    assert [(i.row, i.column) for i in plan.errors] == [(r, "存在问题")]
    # the workbook's own validation says the same limit
    dv = [d for d in wb[SP].data_validations.dataValidation if d.type == "textLength"]
    assert str(FIELD_LIMITS["problems"]) in {d.formula1 for d in dv}


# --- names are shown, not imported ----------------------------------------------------------------------------
def test_changed_project_name_is_a_note_and_not_imported(workspace, tmp_path):
    path = tmp_path / "e.xlsx"
    service.export_entry_workbook(workspace, path, period=PERIOD, county=COUNTY)
    wb = openpyxl.load_workbook(path)
    r = row_of(wb[SP], CODE)
    set_field(wb[SP], r, "项目名称", "县里改过的名称")
    set_field(wb[SP], r, "本季度完成投资（亿元）", 0.2)
    wb.save(path)
    with workspace.session() as s:
        name = s.get(Project, _ids(workspace)).name

    outcome = service.apply_import(workspace, path)

    assert outcome.status == service.APPLIED
    notes = [i for i in outcome.plan.notes if i.column == "项目名称"]
    assert len(notes) == 1 and "不导入" in notes[0].message and "县里改过的名称" in notes[0].message
    assert notes[0].kind == "note" and notes[0].labelled_line().startswith("提示：")
    assert all(i.kind == "error" for i in outcome.plan.errors)
    with workspace.session() as s:
        assert s.get(Project, _ids(workspace)).name == name
    assert _progress(workspace).invested == Decimal("0.2")


# --- amounts by the core's comma rule ------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["0,35", "1，5", "1e3"])
def test_amount_with_a_wrong_comma_is_an_error_with_the_reason(workspace, tmp_path, typed):
    path = tmp_path / "e.xlsx"
    service.export_entry_workbook(workspace, path, period=PERIOD, county=COUNTY)
    wb = openpyxl.load_workbook(path)
    r = row_of(wb[SP], CODE)
    set_field(wb[SP], r, "本季度完成投资（亿元）", typed)
    wb.save(path)
    plan = service.preview_import(workspace, path)
    [error] = plan.errors
    assert error.row == r and error.column == "本季度完成投资（亿元）"
    assert typed in error.message and ("逗号" in error.message or "科学计数法" in error.message)


def test_thousands_separator_and_land_comma(workspace, tmp_path):
    path = tmp_path / "p.xlsx"
    service.export_portfolio(workspace, path)
    wb = openpyxl.load_workbook(path)
    sheet = wb[layout.SHEET_PORTFOLIO]
    r = row_of(sheet, CODE)
    set_field(sheet, r, "概算总投资（亿元）", "1,234.5")
    set_field(sheet, r, "拟新增建设用地规模（亩）", "1,5")
    wb.save(path)
    plan = service.preview_import(workspace, path)
    assert [(i.column, "逗号" in i.message) for i in plan.errors] == [("拟新增建设用地规模（亩）", True)]
    set_field(sheet, r, "拟新增建设用地规模（亩）", "12,500")
    wb.save(path)
    plan = service.preview_import(workspace, path)
    assert plan.ok
    news = {c.label: c.new for c in plan.changes}
    assert Decimal(news["概算总投资（亿元）"]) == Decimal("1234.5")
    assert Decimal(news["拟新增建设用地规模（亩）"]) == Decimal("12500")


# --- a locked quarter freezes quarterly data only ------------------------------------------------------------
def test_locked_quarter_takes_milestones_but_refuses_its_progress(workspace, tmp_path):
    milestones_for(workspace, COUNTY)
    path = tmp_path / "e.xlsx"
    service.export_entry_workbook(workspace, path, period=PERIOD, county=COUNTY)
    with workspace.session() as s:
        periods.lock_period(s, PERIOD, user="市级")
    wb = openpyxl.load_workbook(path)
    m = row_of(wb[SM], CODE)
    set_field(wb[SM], m, "实际完成日期", "2025-03-01")
    milestone_id = wb[SM].cell(row=m, column=header_map(wb[SM])["里程碑ID"]).value
    only_milestone = tmp_path / "milestone.xlsx"
    wb.save(only_milestone)
    set_field(wb[SP], row_of(wb[SP], CODE), "本季度完成投资（亿元）", 0.3)
    both = tmp_path / "both.xlsx"
    wb.save(both)

    before = db_fingerprint(workspace)
    refused = service.apply_import(workspace, both)
    assert refused.status == service.REJECTED
    assert [i.sheet for i in refused.plan.errors] == [SP] and "已锁定" in refused.plan.errors[0].message
    assert db_fingerprint(workspace) == before

    applied = service.apply_import(workspace, only_milestone)
    assert applied.status == service.APPLIED, [i.line() for i in applied.plan.errors]
    with workspace.session() as s:
        assert s.get(Milestone, milestone_id).actual_date == dt.date(2025, 3, 1)
