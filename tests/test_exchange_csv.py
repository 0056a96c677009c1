"""CSV rows that would lose data are errors naming their line: an unclosed quote that swallows the following
rows, a line with fewer fields than the header (which would clear the missing columns)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select

from app.core import progress, projects
from app.db.models import QuarterlyProgress
from app.exchange import layout, service
from tests.fixtures.exchange.support import db_fingerprint, row_of, sheet_as_csv

PERIOD = "2025Q3"
COUNTY = "广灵县"


@pytest.fixture
def csv_lines(workspace, tmp_path):
    """The 广灵县 entry sheet as CSV lines (header first), after the city stored a full report for 附表1-14."""
    with workspace.session() as s:
        pid = projects.get_project(s, code="附表1-14").id
        progress.set_progress(
            s,
            pid,
            PERIOD,
            user="市级",
            invested=Decimal("0.1"),
            physical_progress="主体完工",
            problems="缺资金",
            next_steps="验收",
            status="在建",
        )
    path = tmp_path / "entry.xlsx"
    service.export_entry_workbook(workspace, path, period=PERIOD, county=COUNTY)
    sheet = openpyxl.load_workbook(path)[layout.SHEET_PROGRESS]
    edits = {(r, "形象进度"): f"第{r}行的进展" for r in range(2, sheet.max_row + 1)}
    lines = sheet_as_csv(sheet, edits).splitlines()
    assert sheet.max_row - 1 >= 16  # the case: sixteen rows
    return lines, row_of(sheet, "附表1-14")


def _write(tmp_path, lines):
    path = tmp_path / "填报.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def _progress(ws, code):
    with ws.session() as s:
        pid = projects.get_project(s, code=code).id
        return s.scalar(
            select(QuarterlyProgress).where(QuarterlyProgress.project_id == pid, QuarterlyProgress.period == PERIOD)
        )


def test_every_row_of_a_good_csv_is_read(workspace, csv_lines, tmp_path):
    lines, _ = csv_lines
    path = _write(tmp_path, lines)
    records = sum(1 for _ in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))) - 1
    assert records < len(lines) - 1  # one record spans two lines (a project with two lead departments)
    plan = service.preview_import(workspace, path)
    assert plan.ok, [i.line() for i in plan.errors]
    assert plan.rows_read == records
    assert len([c for c in plan.changes if c.label == "形象进度"]) == records


@pytest.mark.parametrize("line", [5, 9])
def test_unclosed_quote_is_an_error_naming_its_line(workspace, csv_lines, tmp_path, line):
    lines, _ = csv_lines
    lines = list(lines)
    lines[line - 1] = lines[line - 1].replace(",第", ',"第', 1)  # a quote opened and never closed
    before = db_fingerprint(workspace)

    outcome = service.apply_import(workspace, _write(tmp_path, lines))

    assert outcome.status == service.REJECTED
    text = "\n".join(i.line() for i in outcome.plan.errors)
    assert f"第 {line}" in text or f"第{line}" in text, text
    assert "引号" in text
    assert db_fingerprint(workspace) == before


def test_quote_swallowing_rows_up_to_a_later_quote_is_an_error(workspace, csv_lines, tmp_path):
    """The lenient reader's case: the quote opened on line 5 closes at the end of a later field, so lines 5–8
    become one record (fifteen of sixteen rows imported, exit 0)."""
    lines, _ = csv_lines
    lines = list(lines)
    lines[4] = lines[4].replace(",第", ',"第', 1)
    lines[7] = lines[7].replace("行的进展", '行的进展"', 1)
    before = db_fingerprint(workspace)
    outcome = service.apply_import(workspace, _write(tmp_path, lines))
    assert outcome.status == service.REJECTED, outcome.message
    errors = outcome.plan.errors
    assert any(i.row == 5 and "引号" in i.message for i in errors), [i.line() for i in errors]
    assert db_fingerprint(workspace) == before


def test_line_with_fewer_fields_clears_nothing(workspace, csv_lines, tmp_path):
    lines, row = csv_lines
    lines = list(lines)
    fields = lines[row - 1].split(",")
    lines[row - 1] = ",".join(fields[:-4])  # 形象进度… cut off: would clear 存在问题/下步计划/状态
    before = db_fingerprint(workspace)

    outcome = service.apply_import(workspace, _write(tmp_path, lines))

    assert outcome.status == service.REJECTED
    [error] = [i for i in outcome.plan.errors if i.row == row]
    assert f"第{row}行" in error.line() and "字段" in error.message
    assert db_fingerprint(workspace) == before
    rec = _progress(workspace, "附表1-14")
    assert (rec.problems, rec.next_steps, rec.status) == ("缺资金", "验收", "在建")


def test_line_with_more_fields_is_an_error(workspace, csv_lines, tmp_path):
    lines, row = csv_lines
    lines = list(lines)
    lines[row - 1] = lines[row - 1].replace("的进展", "的进展,多出来的一格", 1)
    outcome = service.apply_import(workspace, _write(tmp_path, lines))
    assert outcome.status == service.REJECTED
    assert [i.row for i in outcome.plan.errors] == [row]


def test_multi_line_text_in_quotes_is_still_one_field(workspace, csv_lines, tmp_path):
    lines, row = csv_lines
    lines = list(lines)
    lines[row - 1] = lines[row - 1].replace(f"第{row}行的进展", f'"第{row}行的进展\r\n第二行，含逗号, 也没关系"', 1)
    outcome = service.apply_import(workspace, _write(tmp_path, lines))
    assert outcome.status == service.APPLIED, [i.line() for i in outcome.plan.errors]
    assert _progress(workspace, "附表1-14").physical_progress == f"第{row}行的进展\n第二行，含逗号, 也没关系"
