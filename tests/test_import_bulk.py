"""An import writes its quarterly reports in bulk (progress.set_progress_many) inside its one transaction: a row
the core refuses after earlier rows were already sent to the database leaves nothing of the import behind."""

from __future__ import annotations

import openpyxl
import pytest
from sqlalchemy import event

from app.core import progress, projects
from app.exchange import layout, service, xlsx_import
from tests.fixtures.exchange.support import db_fingerprint, header_map, milestones_for, row_of, set_field

COUNTY = "广灵县"
PERIOD = "2025Q3"
SP, SM = layout.SHEET_PROGRESS, layout.SHEET_MILESTONES


@pytest.fixture
def returned(workspace, tmp_path):
    """广灵县's 2025Q3 entry workbook filled in: the first project's report with a status (the project's status
    follows, so the batch writes what came before it mid-way) and a milestone date, the second one's amount."""
    milestones_for(workspace, COUNTY)
    path = tmp_path / "广灵县_2025Q3.xlsx"
    service.export_entry_workbook(workspace, path, period=PERIOD, county=COUNTY)
    book = openpyxl.load_workbook(path)
    sheet = book[SP]
    codes = [sheet.cell(row=r, column=header_map(sheet)["项目编号"]).value for r in range(2, sheet.max_row + 1)]
    first, second = codes[0], codes[1]
    set_field(sheet, row_of(sheet, first), "本季度完成投资（亿元）", 0.3)
    set_field(sheet, row_of(sheet, first), "本季度项目状态", "在建")
    set_field(sheet, row_of(sheet, second), "本季度完成投资（亿元）", 0.2)
    set_field(book[SM], row_of(book[SM], first), "实际完成日期", "2025年3月1日")
    book.save(path)
    return path, first, second, row_of(sheet, second)


def test_a_row_refused_at_writing_leaves_nothing_of_the_import(workspace, returned):
    """The plan was checked, then someone reported the second project's quarter before the import was applied:
    its row is refused as a version conflict, and the first row's report, status and logs, already sent to the
    database by then, are rolled back with the rest."""
    path, first, second, second_row = returned
    plan = service.preview_import(workspace, path)
    assert plan.ok, [i.line() for i in plan.errors]
    assert {r.entity for r in plan.rows} == {"progress", "milestone"}
    with workspace.session() as s:  # meanwhile, at the city
        progress.set_progress(s, projects.get_project(s, code=second).id, PERIOD, user="市级", invested=1)
    before = db_fingerprint(workspace)

    sent: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            sent.append(statement.split("(")[0].strip())

    event.listen(workspace.db.engine, "before_cursor_execute", note)
    try:
        with pytest.raises(xlsx_import.ImportRejected) as rejected, workspace.session() as s:
            xlsx_import.apply_plan(s, plan, user="导入员")
    finally:
        event.remove(workspace.db.engine, "before_cursor_execute", note)

    [issue] = rejected.value.issues
    assert (issue.sheet, issue.row) == (SP, second_row)
    assert (
        "写入失败" in issue.message and "版本 1，您编辑的是版本 0" in issue.message and "请刷新后重试" in issue.message
    )
    assert any("quarterly_progress" in s for s in sent) and any("audit_entries" in s for s in sent)  # written, then
    assert db_fingerprint(workspace) == before  # rolled back: nothing of the import is left
    with workspace.session() as s:
        assert progress.get_progress(s, projects.get_project(s, code=first).id, PERIOD) is None
        assert projects.get_project(s, code=first).status == "储备"  # as seeded: the status change went too


def test_the_same_import_applies_once_the_conflict_is_gone(workspace, returned):
    """The refused import, analysed again (as the app does on every apply), writes every row in one go."""
    path, first, second, _ = returned
    outcome = service.apply_import(workspace, path)
    assert outcome.status == service.APPLIED, outcome.message
    with workspace.session() as s:
        one = progress.get_progress(s, projects.get_project(s, code=first).id, PERIOD)
        two = progress.get_progress(s, projects.get_project(s, code=second).id, PERIOD)
        assert (one["invested"], one["status"], one["version"]) == (0.3, "在建", 1)
        assert (two["invested"], two["version"]) == (0.2, 1)
        assert projects.get_project(s, code=first).status == "在建"
