"""Import: round trips through real workbooks, every kind of malformed file refused with the database
unchanged, version conflicts, locked quarters, CSV encodings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select

from app.core import periods, progress, projects
from app.db.models import AuditEntry, Milestone, Project, QuarterlyProgress
from app.exchange import layout, service, xlsx_import
from app.exchange.xlsx_safe import set_text
from tests.fixtures.exchange.support import (
    add_cached_values,
    db_fingerprint,
    header_map,
    milestones_for,
    row_of,
    set_field,
)

COUNTY = "广灵县"
PERIOD = "2025Q3"
SP, SM = layout.SHEET_PROGRESS, layout.SHEET_MILESTONES


@pytest.fixture
def entry(workspace, tmp_path):
    """A county entry workbook for 广灵县 2025Q3 (with milestones) and the codes of its first projects."""
    milestones_for(workspace, COUNTY)
    path = tmp_path / "广灵县_2025Q3.xlsx"
    service.export_entry_workbook(workspace, path, period=PERIOD, county=COUNTY)
    wb = openpyxl.load_workbook(path)
    sheet = wb[SP]
    codes = [sheet.cell(row=r, column=header_map(sheet)["项目编号"]).value for r in range(2, sheet.max_row + 1)]
    return path, codes


def _open(path):
    return openpyxl.load_workbook(path)


def _progress(ws, code, period=PERIOD):
    with ws.session() as s:
        p = projects.get_project(s, code=code)
        rec = s.scalar(
            select(QuarterlyProgress).where(QuarterlyProgress.project_id == p.id, QuarterlyProgress.period == period)
        )
        return (
            None
            if rec is None
            else dict(
                invested=rec.invested,
                annual_plan=rec.annual_plan,
                physical_progress=rec.physical_progress,
                problems=rec.problems,
                next_steps=rec.next_steps,
                status=rec.status,
                version=rec.version,
            )
        )


def _assert_rejected(ws, path, before, *needles):
    outcome = service.apply_import(ws, path)
    assert outcome.status == service.REJECTED, outcome.to_dict()
    text = "\n".join(i.line() for i in outcome.plan.errors)
    for needle in needles:
        assert needle in text, text
    assert db_fingerprint(ws) == before
    return outcome


# --- round trips -------------------------------------------------------------------------------------------
def test_county_round_trip_applies_everything_once(workspace, entry, tmp_path):
    path, codes = entry
    a, b = codes[0], codes[1]
    wb = _open(path)
    sp, sm = wb[SP], wb[SM]
    r = row_of(sp, a)
    set_field(sp, r, "本季度完成投资（亿元）", 0.35)
    set_field(sp, r, "年度计划投资（亿元）", "500万元")
    set_field(sp, r, "形象进度", "主体工程完成60%，=SUM(A1) 仅为文字")
    set_field(sp, r, "存在问题", "用地手续未办结；资金缺口")
    set_field(sp, r, "下步计划", "0101号文件落实")
    set_field(sp, r, "本季度项目状态", "在建")
    r2 = row_of(sp, b)
    set_field(sp, r2, "本季度完成投资（亿元）", "１.２亿")  # full-width digit, unit
    set_field(sp, r2, "年度计划投资（亿元）", 2)
    mrow = row_of(sm, a)
    set_field(sm, mrow, "实际完成日期", "2025年3月1日")
    set_field(sm, mrow + 1, "实际完成日期", dt.datetime(2025, 4, 2))
    set_field(sm, mrow + 2, "实际完成日期", "2025.5.6")
    edited = tmp_path / "returned.xlsx"
    wb.save(edited)

    plan = service.preview_import(workspace, edited)
    assert plan.ok, [i.line() for i in plan.errors]
    by_label = {(c.project_code, c.label): c for c in plan.changes}
    assert by_label[(a, "年度计划投资（亿元）")].old is None
    assert by_label[(a, "年度计划投资（亿元）")].new == "0.05"
    assert any("500万元" in i.message and "0.05" in i.message for i in plan.warnings)  # the conversion is shown
    assert by_label[(b, "本季度完成投资（亿元）")].new == "1.2"
    assert [c.new for c in plan.changes if c.label == "实际完成日期"] == ["2025-03-01", "2025-04-02", "2025-05-06"]
    assert not plan.conflicts
    # Nothing is written by the preview.
    assert _progress(workspace, a) is None

    outcome = service.apply_import(workspace, edited, expected_sha256=plan.sha256)
    assert outcome.status == service.APPLIED
    rec = _progress(workspace, a)
    assert rec["invested"] == Decimal("0.35") and rec["annual_plan"] == Decimal("0.05")
    assert rec["physical_progress"] == "主体工程完成60%，=SUM(A1) 仅为文字"
    assert rec["next_steps"] == "0101号文件落实" and rec["status"] == "在建"
    assert _progress(workspace, b)["invested"] == Decimal("1.2")
    with workspace.session() as s:
        project = projects.get_project(s, code=a)
        assert project.status == "在建"
        dates = [
            m.actual_date
            for m in s.scalars(
                select(Milestone).where(Milestone.project_id == project.id).order_by(Milestone.sort_order)
            )
        ][:3]
        assert dates == [dt.date(2025, 3, 1), dt.date(2025, 4, 2), dt.date(2025, 5, 6)]
        entries = list(s.scalars(select(AuditEntry).where(AuditEntry.source == "import")))
        assert entries and all(e.source_detail and e.source_detail.startswith("returned.xlsx ") for e in entries)
        assert any(e.source_detail == f"returned.xlsx {SP}!{r}" for e in entries)
        assert any(e.entity_type == "milestone" and e.source_detail == f"returned.xlsx {SM}!{mrow}" for e in entries)

    # The same file again: nothing changes, no version moves.
    before = db_fingerprint(workspace)
    again = service.apply_import(workspace, edited)
    assert again.status == service.UNCHANGED and not again.applied
    assert db_fingerprint(workspace) == before

    # A fresh export pre-fills what was imported, and imports as "no change".
    fresh = tmp_path / "fresh.xlsx"
    service.export_entry_workbook(workspace, fresh, period=PERIOD, county=COUNTY)
    sp2 = _open(fresh)[SP]
    rr = row_of(sp2, a)
    cols = header_map(sp2)
    assert sp2.cell(row=rr, column=cols["本季度完成投资（亿元）"]).value == 0.35
    assert sp2.cell(row=rr, column=cols["进度版本"]).value == rec["version"]
    cell = sp2.cell(row=rr, column=cols["形象进度"])
    assert cell.data_type == "s" and cell.value.startswith("主体")
    assert service.apply_import(workspace, fresh).status == service.UNCHANGED
    assert db_fingerprint(workspace) == before


def test_untouched_workbook_changes_nothing(workspace, entry):
    path, _ = entry
    before = db_fingerprint(workspace)
    outcome = service.apply_import(workspace, path)
    assert outcome.status == service.UNCHANGED
    assert outcome.plan.rows_read > 0 and outcome.plan.rows_unchanged == outcome.plan.rows_read
    assert db_fingerprint(workspace) == before


def test_clearing_a_value_is_a_change(workspace, entry, tmp_path):
    path, codes = entry
    with workspace.session() as s:
        pid = projects.get_project(s, code=codes[0]).id
        progress.set_progress(s, pid, PERIOD, user="市级", invested=Decimal("0.3"), problems="缺资金")
    fresh = tmp_path / "fresh.xlsx"
    service.export_entry_workbook(workspace, fresh, period=PERIOD, county=COUNTY)
    wb = _open(fresh)
    set_field(wb[SP], row_of(wb[SP], codes[0]), "存在问题", None)
    wb.save(fresh)
    outcome = service.apply_import(workspace, fresh)
    assert outcome.status == service.APPLIED
    assert [(c.label, c.old, c.new) for c in outcome.applied] == [("存在问题", "缺资金", None)]
    assert _progress(workspace, codes[0])["problems"] is None


def test_portfolio_round_trip_and_formula_injection(workspace, tmp_path):
    path = tmp_path / "portfolio.xlsx"
    service.export_portfolio(workspace, path)
    wb = _open(path)
    sheet = wb[layout.SHEET_PORTFOLIO]
    r = row_of(sheet, "附表1-01")
    evil = '=HYPERLINK("http://x","点我")'
    set_field(sheet, r, "项目名称", evil)
    set_field(sheet, r, "概算总投资（亿元）", "3500万元")
    set_field(sheet, r, "备注", "@SUM(1)")
    set_field(sheet, r, "建议牵头责任部门", "市经建投\n市水务局")
    wb.save(path)
    outcome = service.apply_import(workspace, path)
    assert outcome.status == service.APPLIED, [i.line() for i in outcome.plan.errors]
    with workspace.session() as s:
        p = projects.get_project(s, code="附表1-01")
        assert p.name == evil and p.investment_total == Decimal("0.35") and p.note == "@SUM(1)"
        assert p.lead_departments == ["市经建投", "市水务局"]
        assert p.version == 2
    again = tmp_path / "again.xlsx"
    service.export_portfolio(workspace, again)
    sheet = _open(again)[layout.SHEET_PORTFOLIO]
    r = row_of(sheet, "附表1-01")
    cols = header_map(sheet)
    for label in ("项目名称", "备注"):
        cell = sheet.cell(row=r, column=cols[label])
        assert cell.data_type == "s"
    assert sheet.cell(row=r, column=cols["项目名称"]).value == evil
    before = db_fingerprint(workspace)
    assert service.apply_import(workspace, again).status == service.UNCHANGED
    assert db_fingerprint(workspace) == before


def test_portfolio_view_sheets_are_ignored(workspace, tmp_path):
    path = tmp_path / "p.xlsx"
    service.export_portfolio(workspace, path, per_table=True)
    wb = _open(path)
    set_field(wb["附表1"], 2, "项目名称", "只改了分表")
    wb.save(path)
    outcome = service.apply_import(workspace, path)
    assert outcome.status == service.UNCHANGED
    assert any("分表" in i.message for i in outcome.plan.warnings)


def test_portfolio_unknown_county_and_department_rejected(workspace, tmp_path):
    path = tmp_path / "p.xlsx"
    service.export_portfolio(workspace, path)
    wb = _open(path)
    sheet = wb[layout.SHEET_PORTFOLIO]
    set_field(sheet, 2, "所属县区", "北京市")
    set_field(sheet, 3, "建议牵头责任部门", "不存在的局")
    set_field(sheet, 4, "项目名称", None)
    wb.save(path)
    before = db_fingerprint(workspace)
    _assert_rejected(
        workspace,
        path,
        before,
        "第2行",
        "“北京市”不是有效的县区",
        "第3行",
        "未知部门：不存在的局",
        "第4行",
        "项目名称不能为空",
    )


# --- malformed files: each refused with its reason, the database unchanged ------------------------------------
def _mutate(path, out, fn):
    wb = _open(path)
    fn(wb)
    wb.save(out)
    return out


def test_wrong_columns(workspace, entry, tmp_path):
    path, _ = entry
    out = _mutate(
        path, tmp_path / "cols.xlsx", lambda wb: wb[SP].delete_cols(header_map(wb[SP])["本季度完成投资（亿元）"])
    )
    _assert_rejected(workspace, out, db_fingerprint(workspace), "缺少列：本季度完成投资（亿元）")


def test_renamed_header_and_duplicate_header(workspace, entry, tmp_path):
    path, _ = entry

    def fn(wb):
        sheet = wb[SP]
        cols = header_map(sheet)
        set_text(sheet.cell(row=1, column=cols["存在问题"]), "形象进度")

    out = _mutate(path, tmp_path / "dup.xlsx", fn)
    _assert_rejected(workspace, out, db_fingerprint(workspace), "列“形象进度”重复出现")


def test_merged_cells(workspace, entry, tmp_path):
    path, codes = entry

    def fn(wb):
        sheet = wb[SP]
        col = header_map(sheet)["存在问题"]
        letter = openpyxl.utils.get_column_letter(col)
        sheet.cell(row=2, column=col).value = "两个项目共同的问题"
        sheet.merge_cells(f"{letter}2:{letter}4")

    out = _mutate(path, tmp_path / "merged.xlsx", fn)
    outcome = _assert_rejected(workspace, out, db_fingerprint(workspace), "合并单元格", "第2行")
    assert any(i.column == "存在问题" for i in outcome.plan.errors)


def test_text_in_number_column_and_negative(workspace, entry, tmp_path):
    path, codes = entry

    def fn(wb):
        sheet = wb[SP]
        set_field(sheet, row_of(sheet, codes[0]), "本季度完成投资（亿元）", "约三千万")
        set_field(sheet, row_of(sheet, codes[1]), "年度计划投资（亿元）", -1)
        set_field(sheet, row_of(sheet, codes[2]), "本季度项目状态", "进行中")

    out = _mutate(path, tmp_path / "text.xlsx", fn)
    outcome = _assert_rejected(
        workspace, out, db_fingerprint(workspace), "“约三千万”不是金额", "不能为负数", "“进行中”不是有效的状态"
    )
    located = {(i.row, i.column) for i in outcome.plan.errors}
    assert (2, "本季度完成投资（亿元）") in located


def test_unknown_id_and_mismatched_code(workspace, entry, tmp_path):
    path, codes = entry

    def fn(wb):
        sheet = wb[SP]
        set_field(sheet, 2, "项目ID", "00000000-0000-0000-0000-000000000000")
        set_field(sheet, 3, "项目编号", "附表9-99")
        set_field(sheet, 4, "本季度完成投资（亿元）", 0.1)

    out = _mutate(path, tmp_path / "ids.xlsx", fn)
    _assert_rejected(workspace, out, db_fingerprint(workspace), "未知的项目ID", "与该行的项目ID不符")


def test_missing_id_with_content_and_blank_rows(workspace, entry, tmp_path):
    path, _ = entry

    def fn(wb):
        sheet = wb[SP]
        sheet.protection.sheet = False
        last = sheet.max_row
        set_field(sheet, last + 2, "项目名称", "县里自己加的新项目")
        set_field(sheet, last + 2, "本季度完成投资（亿元）", 1)
        set_field(sheet, last + 4, "项目名称", "填表人：张三")  # a note row: ignored with a warning

    out = _mutate(path, tmp_path / "noid.xlsx", fn)
    outcome = _assert_rejected(workspace, out, db_fingerprint(workspace), "缺少项目ID")
    assert any("已忽略" in i.message for i in outcome.plan.warnings)


def test_duplicate_rows(workspace, entry, tmp_path):
    path, _ = entry

    def fn(wb):
        sheet = wb[SP]
        last = sheet.max_row
        for c in range(1, sheet.max_column + 1):
            src = sheet.cell(row=2, column=c)
            dst = sheet.cell(row=last + 1, column=c)
            dst.value = src.value
            dst.data_type = src.data_type

    out = _mutate(path, tmp_path / "dup_rows.xlsx", fn)
    _assert_rejected(workspace, out, db_fingerprint(workspace), "与第 2 行重复")


def test_locked_quarter(workspace, entry):
    path, codes = entry
    wb = _open(path)
    set_field(wb[SP], 2, "本季度完成投资（亿元）", 0.2)
    wb.save(path)
    with workspace.session() as s:
        periods.lock_period(s, PERIOD, user="市级")
    before = db_fingerprint(workspace)
    outcome = _assert_rejected(workspace, path, before, f"报告期 {PERIOD} 已锁定")
    assert outcome.plan.errors[0].sheet in (SP, SM)
    # and no entry workbook for a locked quarter
    with pytest.raises(periods.PeriodLockedError):
        service.export_entry_workbook(workspace, path.with_name("x.xlsx"), period=PERIOD, county=COUNTY)


def test_formula_without_cached_value_is_rejected(workspace, entry, tmp_path):
    path, _ = entry

    def fn(wb):
        set_field(wb[SP], 2, "本季度完成投资（亿元）", "=0.2+0.3", as_text=False)

    out = _mutate(path, tmp_path / "formula.xlsx", fn)
    _assert_rejected(workspace, out, db_fingerprint(workspace), "公式", "没有已计算的结果")


def test_formula_with_cached_value_uses_the_value_with_a_warning(workspace, entry, tmp_path):
    path, codes = entry
    out = tmp_path / "cached.xlsx"
    wb = _open(path)
    sheet = wb[SP]
    col = header_map(sheet)["本季度完成投资（亿元）"]
    sheet.cell(row=2, column=col).value = "=0.2+0.3"
    wb.save(out)
    add_cached_values(out, {f"{openpyxl.utils.get_column_letter(col)}2": "0.5"})
    plan = service.preview_import(workspace, out)
    assert plan.ok, [i.line() for i in plan.errors]
    assert any("公式" in i.message and "0.5" in i.message for i in plan.warnings)
    outcome = service.apply_import(workspace, out)
    assert outcome.status == service.APPLIED
    assert _progress(workspace, codes[0])["invested"] == Decimal("0.5")


def test_error_value_cell(workspace, entry, tmp_path):
    path, _ = entry

    def fn(wb):
        cell = wb[SP].cell(row=2, column=header_map(wb[SP])["年度计划投资（亿元）"])
        cell.value = "#N/A"
        cell.data_type = "e"

    out = _mutate(path, tmp_path / "err.xlsx", fn)
    _assert_rejected(workspace, out, db_fingerprint(workspace), "错误值 #N/A")


def test_future_actual_date_and_bad_dates(workspace, entry, tmp_path):
    path, codes = entry

    def fn(wb):
        sm = wb[SM]
        r = row_of(sm, codes[0])
        set_field(sm, r, "实际完成日期", (dt.date.today() + dt.timedelta(days=30)).isoformat())
        set_field(sm, r + 1, "实际完成日期", "2025-02-30")
        set_field(sm, r + 2, "实际完成日期", "下个月")

    out = _mutate(path, tmp_path / "dates.xlsx", fn)
    _assert_rejected(workspace, out, db_fingerprint(workspace), "晚于今天", "不是有效日期", "“下个月”不是日期")


def test_one_bad_row_blocks_the_whole_file(workspace, entry, tmp_path):
    path, codes = entry

    def fn(wb):
        sheet = wb[SP]
        set_field(sheet, row_of(sheet, codes[0]), "本季度完成投资（亿元）", 0.5)
        set_field(sheet, row_of(sheet, codes[1]), "本季度完成投资（亿元）", "abc")

    out = _mutate(path, tmp_path / "half.xlsx", fn)
    outcome = _assert_rejected(workspace, out, db_fingerprint(workspace), "“abc”不是金额")
    assert outcome.plan.changes  # the good row is previewed, but not applied
    assert _progress(workspace, codes[0]) is None


def test_not_an_import_workbook(workspace, tmp_path):
    path = tmp_path / "random.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "随便一个表"
    wb.active["B2"] = 3
    wb.save(path)
    _assert_rejected(workspace, path, db_fingerprint(workspace), "没有找到可导入的表")


# --- conflicts ---------------------------------------------------------------------------------------------
def _city_edit(ws, code, **fields):
    with ws.session() as s:
        pid = projects.get_project(s, code=code).id
        progress.set_progress(s, pid, PERIOD, user="市级审核员", **fields)


def test_conflict_three_way(workspace, entry, tmp_path):
    path, codes = entry
    a = codes[0]
    _city_edit(workspace, a, annual_plan=Decimal("2"), problems="市级补充的问题")  # after export: version 1
    wb = _open(path)
    sheet = wb[SP]
    r = row_of(sheet, a)
    set_field(sheet, r, "本季度完成投资（亿元）", 0.4)  # only the county: applies
    set_field(sheet, r, "年度计划投资（亿元）", 3)  # both changed: conflict
    # 存在问题 untouched by the county: the city's value stays, no conflict
    wb.save(path)

    before = db_fingerprint(workspace)
    plan = service.preview_import(workspace, path)
    assert plan.ok
    assert [(c.label, c.mine, c.theirs, c.base) for c in plan.conflicts] == [("年度计划投资（亿元）", "2", "3", None)]
    assert plan.conflicts[0].changed_by == "市级审核员"
    assert [(c.label, c.new) for c in plan.changes] == [("本季度完成投资（亿元）", "0.4")]

    outcome = service.apply_import(workspace, path)
    assert outcome.status == service.CONFLICTS
    assert db_fingerprint(workspace) == before

    key = plan.conflicts[0].key
    outcome = service.apply_import(workspace, path, resolutions={key: "mine"})
    assert outcome.status == service.APPLIED
    rec = _progress(workspace, a)
    assert rec["annual_plan"] == Decimal("2") and rec["invested"] == Decimal("0.4")
    assert rec["problems"] == "市级补充的问题"


def test_conflict_resolved_theirs(workspace, entry, tmp_path):
    path, codes = entry
    a = codes[0]
    _city_edit(workspace, a, annual_plan=Decimal("2"))
    wb = _open(path)
    set_field(wb[SP], row_of(wb[SP], a), "年度计划投资（亿元）", 3)
    wb.save(path)
    plan = service.preview_import(workspace, path)
    outcome = service.apply_import(workspace, path, resolutions={plan.conflicts[0].key: "theirs"})
    assert outcome.status == service.APPLIED
    assert _progress(workspace, a)["annual_plan"] == Decimal("3")
    assert any(c.note and "冲突" in c.note for c in outcome.applied)


def test_project_conflict_in_portfolio(workspace, tmp_path):
    path = tmp_path / "p.xlsx"
    service.export_portfolio(workspace, path)
    with workspace.session() as s:
        p = projects.get_project(s, code="附表1-02")
        projects.update_project(s, p.id, {"note": "市级备注"}, user="市级")
    wb = _open(path)
    sheet = wb[layout.SHEET_PORTFOLIO]
    set_field(sheet, row_of(sheet, "附表1-02"), "备注", "县级备注")
    wb.save(path)
    plan = service.preview_import(workspace, path)
    assert [(c.entity, c.mine, c.theirs) for c in plan.conflicts] == [("project", "市级备注", "县级备注")]
    assert service.apply_import(workspace, path, default_resolution="theirs").status == service.APPLIED
    with workspace.session() as s:
        assert projects.get_project(s, code="附表1-02").note == "县级备注"


def test_newer_version_than_database_is_merged_by_the_exported_values(workspace, entry, tmp_path):
    """A version ahead of the database (a workbook from another office's database) is no reason to refuse:
    the exported values decide, field by field (see tests/test_exchange_merge.py)."""
    path, codes = entry

    def edit(wb):
        r = row_of(wb[SP], codes[0])
        set_field(wb[SP], r, "进度版本", 7)
        set_field(wb[SP], r, "本季度完成投资（亿元）", 0.6)

    out = _mutate(path, tmp_path / "v.xlsx", edit)
    outcome = service.apply_import(workspace, out)
    assert outcome.status == service.APPLIED, [i.line() for i in outcome.plan.errors]
    assert _progress(workspace, codes[0])["invested"] == Decimal("0.6")


# --- CSV -----------------------------------------------------------------------------------------------------
def _entry_as_csv(path, codes, *, encoding, edits):
    """The 季度填报 sheet saved as CSV, as Excel/WPS "另存为 CSV" would (hidden columns included)."""
    import csv
    import io

    sheet = _open(path)[SP]
    cols = header_map(sheet)
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    for code, label, value in edits:
        rows[row_of(sheet, code) - 1][cols[label] - 1] = value
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows([["" if v is None else v for v in row] for row in rows])
    return buf.getvalue().encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(workspace, entry, tmp_path, encoding):
    path, codes = entry
    data = _entry_as_csv(
        path,
        codes,
        encoding=encoding,
        edits=[
            (codes[0], "本季度完成投资（亿元）", "0.25"),
            (codes[0], "形象进度", "完成土方工程，累计绿化 1200 亩"),
            (codes[0], "下步计划", "0101"),
            (codes[1], "年度计划投资（亿元）", "300万"),
        ],
    )
    csv_path = tmp_path / f"填报_{encoding}.csv"
    csv_path.write_bytes(data)
    plan = service.preview_import(workspace, csv_path)
    assert plan.ok, [i.line() for i in plan.errors]
    assert plan.file_kind == "csv" and plan.sheets == [xlsx_import.CSV_SHEET]
    assert (plan.encoding or "").startswith("utf-8" if encoding != "gb18030" else "gb18030")
    assert service.apply_import(workspace, csv_path).status == service.APPLIED
    rec = _progress(workspace, codes[0])
    assert rec["invested"] == Decimal("0.25") and rec["physical_progress"] == "完成土方工程，累计绿化 1200 亩"
    assert rec["next_steps"] == "0101"  # not 101
    assert _progress(workspace, codes[1])["annual_plan"] == Decimal("0.03")
    assert service.apply_import(workspace, csv_path).status == service.UNCHANGED


def test_csv_errors_and_undecodable(workspace, entry, tmp_path):
    path, codes = entry
    before = db_fingerprint(workspace)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_entry_as_csv(path, codes, encoding="utf-8", edits=[(codes[0], "本季度完成投资（亿元）", "=1+1")]))
    outcome = _assert_rejected(workspace, bad, before, "“=1+1”不是金额")
    assert outcome.plan.errors[0].sheet == xlsx_import.CSV_SHEET and outcome.plan.errors[0].row == 2
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\xff\xfe\x80\x81 not text in any Chinese encoding \xff")
    _assert_rejected(workspace, junk, before, "无法识别")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("项目ID,进度版本,项目编号,报告期,本季度完成投资（亿元）\n", encoding="utf-8")
    _assert_rejected(workspace, wrong, before, "缺少列", "形象进度")


def test_csv_stale_rows_conflict_without_base(workspace, entry, tmp_path):
    """A CSV carries no record of what was exported, so every differing field of a stale row is a conflict."""
    path, codes = entry
    data = _entry_as_csv(path, codes, encoding="utf-8", edits=[(codes[0], "本季度完成投资（亿元）", "0.4")])
    _city_edit(workspace, codes[0], annual_plan=Decimal("2"))
    csv_path = tmp_path / "stale.csv"
    csv_path.write_bytes(data)
    plan = service.preview_import(workspace, csv_path)
    assert sorted(c.label for c in plan.conflicts) == ["年度计划投资（亿元）", "本季度完成投资（亿元）"]
    assert service.apply_import(workspace, csv_path).status == service.CONFLICTS
    assert service.apply_import(workspace, csv_path, default_resolution="mine").status == service.UNCHANGED
    assert service.apply_import(workspace, csv_path, default_resolution="theirs").status == service.APPLIED
    rec = _progress(workspace, codes[0])
    assert rec["invested"] == Decimal("0.4") and rec["annual_plan"] is None


def test_preview_then_file_changed(workspace, entry, tmp_path):
    path, _ = entry
    plan = service.preview_import(workspace, path)
    wb = _open(path)
    set_field(wb[SP], 2, "本季度完成投资（亿元）", 9)
    wb.save(path)
    before = db_fingerprint(workspace)
    outcome = service.apply_import(workspace, path, expected_sha256=plan.sha256)
    assert outcome.status == service.REJECTED and "预览之后被修改" in outcome.message
    assert db_fingerprint(workspace) == before


def test_dry_run_writes_nothing(workspace, entry):
    path, _ = entry
    wb = _open(path)
    set_field(wb[SP], 2, "本季度完成投资（亿元）", 0.7)
    wb.save(path)
    before = db_fingerprint(workspace)
    outcome = service.apply_import(workspace, path, dry_run=True)
    assert outcome.status == service.DRY_RUN and len(outcome.applied) == 1
    assert db_fingerprint(workspace) == before


def test_write_failure_rolls_back_everything(workspace, entry, monkeypatch):
    """If a core service refuses a row half-way, earlier rows of the same file are rolled back too."""
    path, codes = entry
    wb = _open(path)
    sheet = wb[SP]
    set_field(sheet, row_of(sheet, codes[0]), "本季度完成投资（亿元）", 0.1)
    set_field(sheet, row_of(sheet, codes[1]), "本季度完成投资（亿元）", 0.2)
    wb.save(path)
    real = progress._set_one  # one quarterly report of progress.set_progress_many's batch
    calls = []

    def flaky(session, batch, item, **kw):
        calls.append(item.project_id)
        if len(calls) == 2:
            raise projects.ValidationError({"invested": "模拟失败"})
        return real(session, batch, item, **kw)

    monkeypatch.setattr(progress, "_set_one", flaky)
    before = db_fingerprint(workspace)
    outcome = service.apply_import(workspace, path)
    assert outcome.status == service.REJECTED and "模拟失败" in outcome.plan.errors[-1].message
    assert db_fingerprint(workspace) == before


def test_wps_like_hand_written_xlsx(workspace, entry, tmp_path):
    """Another producer: inline strings, a date as a serial number with a date style, no dimension, shared
    formula-free cells. Written by hand, not by openpyxl."""
    import zipfile

    path, codes = entry
    sheet = _open(path)[SM]
    cols = header_map(sheet)
    mid = sheet.cell(row=2, column=cols["里程碑ID"]).value
    version = sheet.cell(row=2, column=cols["里程碑版本"]).value
    code = sheet.cell(row=2, column=cols["项目编号"]).value

    def s(ref, text):
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'

    rows = (
        f'<row r="1">{s("A1", "里程碑ID")}{s("B1", "里程碑版本")}{s("C1", "项目编号")}{s("D1", "实际完成日期")}</row>'
        f'<row r="2">{s("A2", mid)}<c r="B2"><v>{version}</v></c>{s("C2", code)}<c r="D2" s="1"><v>45717</v></c></row>'
    )
    sheet_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="里程碑" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    wps = tmp_path / "wps.xlsx"
    with zipfile.ZipFile(wps, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    plan = service.preview_import(workspace, wps)
    assert plan.ok, [i.line() for i in plan.errors]
    assert [(c.label, c.new) for c in plan.changes] == [("实际完成日期", "2025-03-01")]
    assert service.apply_import(workspace, wps).status == service.APPLIED
    with workspace.session() as s:
        assert s.get(Milestone, mid).actual_date == dt.date(2025, 3, 1)


def test_rows_for_other_periods_and_projects_outside_scope(workspace, entry, tmp_path):
    """A row may carry another (open) period: it is imported for that period, with a warning."""
    path, codes = entry
    wb = _open(path)
    sheet = wb[SP]
    set_field(sheet, 2, "报告期", "2025q2")
    set_field(sheet, 2, "本季度完成投资（亿元）", 0.2)
    set_field(sheet, 3, "报告期", "2025年三季度")
    wb.save(path)
    outcome = service.apply_import(workspace, path)
    assert outcome.status == service.REJECTED
    assert any("报告期格式" in i.message for i in outcome.plan.errors)
    set_field(sheet, 3, "报告期", PERIOD)
    wb.save(path)
    outcome = service.apply_import(workspace, path)
    assert outcome.status == service.APPLIED
    assert any("与填报表的报告期" in i.message for i in outcome.plan.warnings)
    assert _progress(workspace, codes[0], "2025Q2")["invested"] == Decimal("0.2")
    with workspace.session() as s:
        assert s.scalar(select(Project).where(Project.code == codes[0])) is not None
