"""Export layout read back with openpyxl: portfolio workbook and the county data-entry workbook
(protection, hidden columns, data validations, instructions, pre-filled values)."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from app.core import periods, progress, projects
from app.core import reference as ref
from app.exchange import layout, service
from app.exchange.xlsx_export import cjk_width
from tests.fixtures.exchange.support import header_map, milestones_for, row_of


def test_cjk_width():
    assert cjk_width("abc") == 3
    assert cjk_width("项目名称") == 8
    assert cjk_width("（亿元）") == 8  # full-width brackets are wide too
    assert cjk_width("短\n很长的一行文字") == 14
    assert cjk_width(None) == 0


def test_portfolio_layout(workspace, tmp_path):
    with workspace.session() as s:
        total = len(projects.list_projects(s))
    path = tmp_path / "全市.xlsx"
    summary = service.export_portfolio(workspace, path, per_table=True)
    assert summary["projects"] == total
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:8] == ["项目"] + [f"附表{i}" for i in range(1, 8)]
    assert wb[layout.SHEET_META].sheet_state == "veryHidden" and wb[layout.SHEET_BASE].sheet_state == "veryHidden"
    ws = wb["项目"]
    cols = header_map(ws)
    assert ws.max_row == total + 1
    # styled header, frozen panes, autofilter over the whole table
    header = ws.cell(row=1, column=cols["项目名称"])
    assert header.font.bold and header.fill.fgColor.rgb.endswith("2F5597")
    assert ws.freeze_panes == f"{openpyxl.utils.get_column_letter(cols['项目名称'] + 1)}2"
    assert ws.auto_filter.ref.startswith("A1:") and ws.auto_filter.ref.endswith(str(total + 1))
    # id/version hidden; units in headers and number formats
    assert ws.column_dimensions["A"].hidden and ws.column_dimensions["B"].hidden
    r = row_of(ws, "附表1-14")
    money = ws.cell(row=r, column=cols["概算总投资（亿元）"])
    assert money.number_format == "0.0000" and isinstance(money.value, float)
    land_col = cols["拟新增建设用地规模（亩）"]
    assert ws.cell(row=2, column=land_col).number_format == layout.LAND_FORMAT
    # widths fit Chinese: 项目名称 wraps at 40; a short CJK column is at least its text width
    letter = openpyxl.utils.get_column_letter
    assert ws.column_dimensions[letter(cols["项目名称"])].width == 40
    assert ws.column_dimensions[letter(cols["所属县区"])].width >= cjk_width("经济技术开发区")
    # derived progress columns from the tracking core
    for label in ("累计完成投资（亿元）", "投资完成率", "进度评价", "评价原因"):
        assert label in cols
    assert ws.cell(row=2, column=cols["投资完成率"]).number_format == layout.RATE_FORMAT
    assert ws.cell(row=2, column=cols["进度评价"]).value in ("绿", "黄", "红", "未知")
    # text cells are strings, never formulas
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    # per-table sheet holds that table's projects only
    t1 = wb["附表1"]
    assert all(
        str(t1.cell(row=r, column=cols["项目编号"]).value).startswith("附表1-") for r in range(2, t1.max_row + 1)
    )


def test_portfolio_filters(workspace, tmp_path):
    path = tmp_path / "f.xlsx"
    s1 = service.export_portfolio(workspace, path, county="广灵县")
    wb = openpyxl.load_workbook(path)
    ws = wb["项目"]
    cols = header_map(ws)
    assert s1["projects"] == ws.max_row - 1 > 0
    for r in range(2, ws.max_row + 1):
        county = ws.cell(row=r, column=cols["所属县区"]).value
        counties = ws.cell(row=r, column=cols["涉及县区"]).value or ""
        assert county == "广灵县" or "广灵县" in counties
    s2 = service.export_portfolio(workspace, path, department="市生态环境局", force=True)
    ws = openpyxl.load_workbook(path)["项目"]
    assert s2["projects"] == ws.max_row - 1 > 0
    assert all(
        "市生态环境局" in ws.cell(row=r, column=cols["建议牵头责任部门"]).value for r in range(2, ws.max_row + 1)
    )
    with workspace.session() as s:
        ids = [p.id for p in projects.list_projects(s)[:3]]
    assert service.export_portfolio(workspace, path, project_ids=ids, force=True)["projects"] == 3
    with pytest.raises(ValueError, match="未知县区"):
        service.export_portfolio(workspace, path, county="广灵", force=True)
    with pytest.raises(ValueError, match="未知部门"):
        service.export_portfolio(workspace, path, department="没有这个局", force=True)


def test_formula_injection_written_as_text(workspace, tmp_path):
    nasty = ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", '=HYPERLINK("http://evil")', "=cmd|' /C calc'!A0"]
    with workspace.session() as s:
        nasty_rows = projects.list_projects(s)[: len(nasty)]
        for p, text in zip(nasty_rows, nasty, strict=True):
            projects.update_project(s, p.id, {"name": text, "note": text, "location": text}, user="测试员")
        progress.set_progress(s, nasty_rows[0].id, "2025Q3", user="测试员", physical_progress="=2*3", problems="-1")
    path = tmp_path / "inj.xlsx"
    service.export_portfolio(workspace, path, period="2025Q3")
    ws = openpyxl.load_workbook(path)["项目"]
    cols = header_map(ws)
    for text in nasty:
        r = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=cols["项目名称"]).value == text)
        for label in ("项目名称", "备注", "项目建设地点"):
            cell = ws.cell(row=r, column=cols[label])
            assert cell.data_type == "s" and cell.value == text
    r = row_of(ws, nasty_rows[0].code)
    assert ws.cell(row=r, column=cols["形象进度"]).data_type == "s"
    # the entry workbook too
    entry = tmp_path / "entry.xlsx"
    service.export_entry_workbook(workspace, entry, period="2025Q3", project_ids=None, county=nasty_rows[0].county)
    sp = openpyxl.load_workbook(entry)[layout.SHEET_PROGRESS]
    r = row_of(sp, nasty_rows[0].code)
    cell = sp.cell(row=r, column=header_map(sp)["形象进度"])
    assert cell.value == "=2*3" and cell.data_type == "s"
    # and the raw XML carries no <f> element at all
    import zipfile

    with zipfile.ZipFile(path) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


@pytest.fixture
def entry_book(workspace, tmp_path):
    milestones_for(workspace, "广灵县")
    with workspace.session() as s:
        pid = next(p.id for p in projects.list_projects(s) if p.county == "广灵县")
        code = projects.get_project(s, pid).code
        progress.set_progress(s, pid, "2025Q2", user="测试员", invested=Decimal("0.2"))
        progress.set_progress(
            s,
            pid,
            "2025Q3",
            user="测试员",
            invested=Decimal("0.3"),
            annual_plan=Decimal("1.5"),
            physical_progress="完成 40%",
            status="在建",
        )
    path = tmp_path / "entry.xlsx"
    summary = service.export_entry_workbook(workspace, path, period="2025Q3", county="广灵县")
    return openpyxl.load_workbook(path), summary, code


def test_entry_workbook_structure(entry_book):
    wb, summary, _ = entry_book
    assert wb.sheetnames[:3] == [layout.SHEET_README, layout.SHEET_PROGRESS, layout.SHEET_MILESTONES]
    assert wb[layout.SHEET_LISTS].sheet_state == "hidden"
    assert wb[layout.SHEET_META].sheet_state == "veryHidden"
    assert wb.security.lockStructure
    meta = {r[0]: r[1] for r in wb[layout.SHEET_META].iter_rows(values_only=True)}
    assert meta["kind"] == "entry" and meta["period"] == "2025Q3" and meta["county"] == "广灵县"
    readme = "\n".join(str(c.value) for c in wb[layout.SHEET_README]["A"] if c.value)
    assert "2025年第3季度" in readme and "填报步骤" in readme and "亿元" in readme and "广灵县" in readme
    assert summary["projects"] == wb[layout.SHEET_PROGRESS].max_row - 1
    assert summary["milestones"] == wb[layout.SHEET_MILESTONES].max_row - 1 > 0


def test_entry_workbook_protection_and_hidden_columns(entry_book):
    wb, _, _ = entry_book
    for spec in (layout.PROGRESS_SPEC, layout.MILESTONE_SPEC):
        ws = wb[spec.name]
        assert ws.protection.sheet is True
        assert ws.protection.formatColumns  # hidden columns can't be unhidden
        assert ws.protection.insertRows and ws.protection.deleteRows
        cols = header_map(ws)
        for col in spec.columns:
            letter = openpyxl.utils.get_column_letter(cols[col.label])
            assert bool(ws.column_dimensions[letter].hidden) == col.hidden, col.label
            cell = ws.cell(row=2, column=cols[col.label])
            assert cell.protection.locked == (not col.editable), col.label
    sp = wb[layout.SHEET_PROGRESS]
    assert [c for c in layout.PROGRESS_SPEC.columns if c.hidden][0].label == "项目ID"
    assert {c.label for c in layout.PROGRESS_SPEC.columns if c.editable} == {
        "本季度完成投资（亿元）",
        "年度计划投资（亿元）",
        "形象进度",
        "存在问题",
        "下步计划",
        "本季度项目状态",
    }
    assert {c.label for c in layout.MILESTONE_SPEC.columns if c.editable} == {"实际完成日期"}
    assert sp.cell(row=1, column=1).value == "项目ID"


def test_entry_workbook_validations(entry_book):
    wb, _, _ = entry_book
    sp = wb[layout.SHEET_PROGRESS]
    cols = header_map(sp)
    n = sp.max_row
    dvs = {str(dv.sqref): dv for dv in sp.data_validations.dataValidation}
    assert all(dv.showErrorMessage and dv.error for dv in dvs.values())
    letter = openpyxl.utils.get_column_letter
    status = dvs[f"{letter(cols['本季度项目状态'])}2:{letter(cols['本季度项目状态'])}{n}"]
    assert status.type == "list" and status.formula1 == f"'{layout.SHEET_LISTS}'!$A$2:$A${len(ref.STATUSES) + 1}"
    assert not status.showDropDown  # (openpyxl: True would hide the arrow)
    lists = wb[layout.SHEET_LISTS]
    assert [lists.cell(row=r, column=1).value for r in range(2, len(ref.STATUSES) + 2)] == ref.STATUSES
    money = dvs[f"{letter(cols['本季度完成投资（亿元）'])}2:{letter(cols['本季度完成投资（亿元）'])}{n}"]
    assert money.type == "decimal" and money.formula1 == "0"
    sm = wb[layout.SHEET_MILESTONES]
    mcols = header_map(sm)
    mdv = sm.data_validations.dataValidation[0]
    assert mdv.type == "date" and mdv.showErrorMessage
    assert str(mdv.sqref) == f"{letter(mcols['实际完成日期'])}2:{letter(mcols['实际完成日期'])}{sm.max_row}"
    assert sm.cell(row=2, column=mcols["实际完成日期"]).number_format == layout.DATE_FORMAT


def test_entry_workbook_prefill(entry_book):
    wb, _, code = entry_book
    sp = wb[layout.SHEET_PROGRESS]
    cols = header_map(sp)
    r = row_of(sp, code)
    get = lambda label: sp.cell(row=r, column=cols[label]).value  # noqa: E731
    assert get("本季度完成投资（亿元）") == 0.3 and get("年度计划投资（亿元）") == 1.5
    assert get("形象进度") == "完成 40%" and get("本季度项目状态") == "在建"
    assert get("进度版本") == 1 and get("报告期") == "2025Q3"
    assert get("截至上季度累计完成投资（亿元）") == pytest.approx(0.2)
    other = next(r2 for r2 in range(2, sp.max_row + 1) if r2 != r)
    assert sp.cell(row=other, column=cols["进度版本"]).value == 0
    assert sp.cell(row=other, column=cols["本季度完成投资（亿元）"]).value is None


def test_entry_for_department_and_bad_inputs(workspace, tmp_path):
    path = tmp_path / "d.xlsx"
    summary = service.export_entry_workbook(workspace, path, period="2025q4", department="市生态环境局")
    assert summary["period"] == "2025Q4" and summary["projects"] > 0
    with pytest.raises(ValueError):
        service.export_entry_workbook(workspace, path, period="2025Q5", county="广灵县", force=True)
    with pytest.raises(ValueError):
        service.export_entry_workbook(workspace, path, period="2025Q4", department="不存在", force=True)
    with workspace.session() as s:
        periods.lock_period(s, "2024Q4", user="测试员")
    with pytest.raises(periods.PeriodLockedError):
        service.export_entry_workbook(workspace, path, period="2024Q4", county="广灵县", force=True)


def test_export_choices(workspace):
    choices = service.export_choices(workspace)
    assert "广灵县" in choices["counties"] and choices["departments"]
    assert choices["default_period"] in choices["periods"]
