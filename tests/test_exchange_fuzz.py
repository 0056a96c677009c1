"""Property test: whatever an officer types or pastes into any cell, the importer never crashes. It either
accepts the file or reports errors with a place and a reason; a dry run never leaves a trace."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app.core.workspace import open_workspace
from app.exchange import layout, service
from app.exchange.xlsx_safe import set_text
from tests.fixtures.exchange.support import db_fingerprint, header_map, milestones_for

FORMULA_LIKE = [
    "=1+1",
    "+1",
    "-1",
    "@A1",
    '=HYPERLINK("http://x","y")',
    "=A1/0",
    "=SUM(",
    "=cmd|' /C calc'!A0",
    "-",
    "=",
    "+",
    "@",
]
CHINESE_FORMS = [
    "2025-03-01",
    "2025/3/1",
    "2025.3.1",
    "2025年3月1日",
    "２０２５年３月１日",
    "1.2亿",
    "500万元",
    "３５",
    "0101",
    "---",
    "无",
    "1e400",
    "NaN",
    "-0",
    "１２．５万",
    "45717",
    "20250301",
    "2025-13-45",
    "在建",
    "完工 ",
    "附表1-01",
    "2025Q3",
    "2025q5",
    "00000000-0000-0000-0000-000000000000",
]

cell_values = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.sampled_from(FORMULA_LIKE + CHINESE_FORMS),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2200, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2200, 1, 1)),
    st.booleans(),
)


@pytest.fixture(scope="module")
def fuzz_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    ws = open_workspace(folder / "fuzz.sqlite3", user="fuzz")
    milestones_for(ws, "灵丘县")
    template = folder / "entry.xlsx"
    service.export_entry_workbook(ws, template, period="2025Q3", county="灵丘县")
    yield ws, template.read_bytes(), folder
    ws.close()


def _put(cell, value, as_formula: bool) -> bool:
    if isinstance(value, str):
        if ILLEGAL_CHARACTERS_RE.search(value):
            return False  # Excel/WPS can't store these either
        if as_formula:
            cell.value = value
        else:
            set_text(cell, value)
    else:
        cell.value = value
    return True


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_xlsx_cells_never_crash_the_importer(fuzz_env, data):
    ws, template, folder = fuzz_env
    wb = openpyxl.load_workbook(io.BytesIO(template))
    sheet_name = data.draw(st.sampled_from([layout.SHEET_PROGRESS, layout.SHEET_MILESTONES]))
    sheet = wb[sheet_name]
    labels = list(header_map(sheet))
    n_edits = data.draw(st.integers(min_value=1, max_value=6))
    for _ in range(n_edits):
        label = data.draw(st.sampled_from(labels))
        row = data.draw(st.integers(min_value=2, max_value=min(sheet.max_row + 1, 6)))
        value = data.draw(cell_values)
        as_formula = data.draw(st.booleans())
        _put(sheet.cell(row=row, column=header_map(sheet)[label]), value, as_formula)
    path = folder / "fuzzed.xlsx"
    wb.save(path)
    before = db_fingerprint(ws)
    plan = service.preview_import(ws, path)
    for issue in plan.issues:
        assert issue.message and issue.severity in ("error", "warning", "info")
    for issue in plan.errors:
        assert issue.sheet
    outcome = service.apply_import(ws, path, dry_run=True, default_resolution="theirs")
    assert outcome.status in (service.DRY_RUN, service.REJECTED)
    assert (outcome.status == service.REJECTED) == (not plan.ok) or outcome.plan.errors
    assert db_fingerprint(ws) == before


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.lists(st.text(max_size=30), min_size=1, max_size=12),
    header=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
)
def test_csv_text_never_crashes_the_importer(fuzz_env, cells, header, encoding):
    import csv

    ws, template, folder = fuzz_env
    sheet = openpyxl.load_workbook(io.BytesIO(template))[layout.SHEET_PROGRESS]
    rows = [[("" if c.value is None else str(c.value)) for c in row] for row in sheet.iter_rows(max_row=3)]
    if not header:
        rows = rows[1:]
    for i, text in enumerate(cells):
        rows[-1][i % len(rows[-1])] = text
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    try:
        data = buf.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = buf.getvalue().encode("utf-8")
    path = folder / "fuzzed.csv"
    path.write_bytes(data)
    before = db_fingerprint(ws)
    plan = service.preview_import(ws, path)
    assert plan.ok or plan.errors
    outcome = service.apply_import(ws, path, dry_run=True, default_resolution="mine")
    assert outcome.status in (service.DRY_RUN, service.REJECTED)
    assert db_fingerprint(ws) == before
