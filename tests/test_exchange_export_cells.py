"""The cells of the exported workbooks read back with openpyxl carry the styles an officer relies on: the
yellow unlocked input cells (also where nothing is filled in yet), the locked identity cells, the number and
date formats, the header. Both workbooks are streamed with each column's style registered once
(app.exchange.xlsx_stream); these tests make sure that path cannot drop any of it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
from openpyxl.styles import Border, Side
from openpyxl.styles.numbers import is_date_format

from app.core import milestones, progress, projects
from app.exchange import layout, service, xlsx_stream
from tests.fixtures.exchange.support import header_map, row_of

YELLOW = "FFF2CC"
HEADER_BLUE = "2F5597"
HEADER_ORANGE = "C55A11"


def _bordered(cell) -> bool:
    sides = (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom)
    return all(side.style == "thin" and side.color.rgb.endswith("BFBFBF") for side in sides)


def _is_input(cell) -> bool:
    return (
        cell.protection.locked is False
        and cell.fill.fill_type == "solid"
        and cell.fill.fgColor.rgb.endswith(YELLOW)
        and _bordered(cell)
    )


def _is_locked_plain(cell) -> bool:
    return cell.protection.locked is True and cell.fill.fill_type is None and _bordered(cell)


def test_entry_workbook_input_locked_and_formatted_cells(workspace, tmp_path):
    with workspace.session() as s:
        project = next(p for p in projects.list_projects(s) if p.county == "广灵县")
        code, pid = project.code, project.id
        progress.set_progress(
            s, pid, "2025Q3", user="测试员", invested=Decimal("0.3"), physical_progress="完成 40%", status="在建"
        )
        milestones.add_milestone(
            s, pid, title="开工", planned_date=dt.date(2025, 3, 1), actual_date=dt.date(2025, 3, 5), user="测试员"
        )
        milestones.add_milestone(s, pid, title="竣工", planned_date=dt.date(2026, 6, 30), user="测试员")
    path = tmp_path / "entry.xlsx"
    service.export_entry_workbook(workspace, path, period="2025Q3", county="广灵县")
    book = openpyxl.load_workbook(path)

    sheet = book[layout.SHEET_PROGRESS]
    cols = header_map(sheet)
    r = row_of(sheet, code)
    cell = lambda label, row=r: sheet.cell(row=row, column=cols[label])  # noqa: E731

    amount = cell("本季度完成投资（亿元）")
    assert amount.value == 0.3 and amount.number_format == layout.AMOUNT_FORMAT and _is_input(amount)
    assert amount.alignment.vertical == "top" and not amount.alignment.wrap_text
    text = cell("形象进度")
    assert text.value == "完成 40%" and text.number_format == layout.TEXT_FORMAT and _is_input(text)
    assert text.alignment.wrap_text and text.alignment.vertical == "top"
    other = next(row for row in range(2, sheet.max_row + 1) if row != r)
    empty = cell("本季度完成投资（亿元）", other)
    assert empty.value is None and _is_input(empty)  # nothing filled in yet: still yellow and open to typing
    identity = cell("项目编号")
    assert identity.value == code and identity.number_format == layout.TEXT_FORMAT and _is_locked_plain(identity)
    assert not identity.font.bold
    total = cell("概算总投资（亿元）")
    assert total.number_format == layout.AMOUNT_FORMAT and _is_locked_plain(total)
    assert cell("序号").number_format == layout.INT_FORMAT and isinstance(cell("序号").value, int)
    assert cell("项目ID").value == pid and _is_locked_plain(cell("项目ID"))

    locked_header = sheet.cell(row=1, column=cols["项目编号"])
    input_header = sheet.cell(row=1, column=cols["形象进度"])
    for header, colour in ((locked_header, HEADER_BLUE), (input_header, HEADER_ORANGE)):
        assert header.font.bold and header.font.color.rgb.endswith("FFFFFF")
        assert header.fill.fgColor.rgb.endswith(colour) and _bordered(header)
        assert header.alignment.horizontal == "center" and header.alignment.wrap_text
    assert sheet.protection.sheet and sheet.freeze_panes == f"{openpyxl.utils.get_column_letter(cols['项目名称'] + 1)}2"
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and "本库所属单位" in sheet.oddHeader.left.text

    dates = book[layout.SHEET_MILESTONES]
    mcols = header_map(dates)
    rows = [row for row in range(2, dates.max_row + 1) if dates.cell(row=row, column=mcols["项目编号"]).value == code]
    started = next(row for row in rows if dates.cell(row=row, column=mcols["里程碑"]).value == "开工")
    planned = dates.cell(row=started, column=mcols["计划完成日期"])
    actual = dates.cell(row=started, column=mcols["实际完成日期"])
    assert planned.value == dt.datetime(2025, 3, 1) and planned.number_format == layout.DATE_FORMAT
    assert _is_locked_plain(planned)
    assert actual.value == dt.datetime(2025, 3, 5) and actual.number_format == layout.DATE_FORMAT and _is_input(actual)
    pending = next(row for row in rows if dates.cell(row=row, column=mcols["里程碑"]).value == "竣工")
    not_done = dates.cell(row=pending, column=mcols["实际完成日期"])
    assert not_done.value is None and not_done.number_format == layout.DATE_FORMAT and _is_input(not_done)


def test_portfolio_cells_are_formatted_and_not_marked_for_input(workspace, tmp_path):
    path = tmp_path / "portfolio.xlsx"
    service.export_portfolio(workspace, path, per_table=True)
    book = openpyxl.load_workbook(path)
    for title in ("项目", "附表1"):
        sheet = book[title]
        cols = header_map(sheet)
        money = sheet.cell(row=2, column=cols["概算总投资（亿元）"])
        assert money.number_format == layout.AMOUNT_FORMAT and _is_locked_plain(money)
        assert sheet.cell(row=2, column=cols["拟新增建设用地规模（亩）"]).number_format == layout.LAND_FORMAT
        assert sheet.cell(row=2, column=cols["投资完成率"]).number_format == layout.RATE_FORMAT
        name = sheet.cell(row=2, column=cols["项目名称"])
        assert name.number_format == layout.TEXT_FORMAT and name.alignment.wrap_text and _is_locked_plain(name)
        header = sheet.cell(row=1, column=cols["项目名称"])
        assert header.font.bold and header.fill.fgColor.rgb.endswith(HEADER_BLUE)  # editable, but not an entry form
        assert sheet.column_dimensions["A"].hidden and sheet.print_title_rows == "$1:$1"


def test_stream_cells_keep_openpyxl_typing_and_text_safety(tmp_path):
    book = openpyxl.Workbook(write_only=True)
    sheet = xlsx_stream.create_sheet(book, "表")
    template = openpyxl.cell.WriteOnlyCell(sheet)
    thin = Side(style="thin", color="FF0000")
    template.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    cells = [xlsx_stream.fixed_style(template), xlsx_stream.fixed_style(template)]
    values = [
        ("=1+1", 2.5),
        ("报告\x07正文", None),
        (dt.date(2025, 1, 2), 7),  # a date in a column with no date format: openpyxl gives it one
        ("#N/A", dt.date(2025, 2, 3)),
    ]
    cleaned = 0
    for row in values:
        for cell, value in zip(cells, row, strict=True):
            cleaned += xlsx_stream.fill(cell, value)
        sheet.append(cells)
    sheet.append(["plain", None, 3])  # plain values as openpyxl binds them
    path = tmp_path / "stream.xlsx"
    book.save(path)
    assert cleaned == 1

    back = openpyxl.load_workbook(path)["表"]
    assert [[c.value for c in row] for row in back.iter_rows(max_col=3)] == [
        ["=1+1", 2.5, None],
        ["报告正文", None, None],
        [dt.datetime(2025, 1, 2), 7, None],
        ["#N/A", dt.datetime(2025, 2, 3), None],
        ["plain", None, 3],
    ]
    assert back["A1"].data_type == "s" and back["A4"].data_type == "s"  # text, never a formula or an error
    assert back["B2"].value is None and back["B2"].border.left.color.rgb.endswith("FF0000")  # empty, styled
    assert is_date_format(back["A3"].number_format) and is_date_format(back["B4"].number_format)
    assert not is_date_format(back["A1"].number_format) and not is_date_format(back["B3"].number_format)
    assert all(back.cell(row=r, column=1).border.left.style == "thin" for r in range(1, 5))
    assert back["A5"].border.left.style is None and back["C5"].value == 3
