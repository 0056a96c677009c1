"""Property test: whatever an officer types or pastes into any cell, the importer never crashes. It either
accepts the file or reports errors with a place and a reason; a dry run never leaves a trace."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app.core.text_rules import clean_text
from app.core.workspace import open_workspace
from app.exchange import layout, service
from app.exchange.xlsx_safe import set_text
from tests.fixtures.exchange.support import db_fingerprint, header_map, milestones_for, sheet_as_csv

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


# --- CSV lines: quotes, delimiters and control characters typed anywhere ------------------------------------
def _progress_csv(template: bytes) -> str:
    return sheet_as_csv(openpyxl.load_workbook(io.BytesIO(template))[layout.SHEET_PROGRESS])


def _records(text: str) -> int:
    """Non-blank data records of a well-formed CSV (the header excluded)."""
    return sum(1 for row in csv.reader(io.StringIO(text, newline="")) if any(v.strip() for v in row)) - 1


line_edits = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=10_000),  # which line (modulo the line count)
        st.integers(min_value=0, max_value=10_000),  # where in it
        st.sampled_from(['"', ",", "", "\x0b", "\x07", "\x1b", '""', ',"', '",', "，", "0,35"]),
        st.booleans(),  # insert (True) or replace the character there
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=line_edits)
def test_fuzzed_csv_lines_never_lose_a_row_silently(fuzz_env, edits):
    ws, template, folder = fuzz_env
    text = _progress_csv(template)
    expected_records = _records(text)
    lines = text.split("\r\n")
    data_lines = [i for i in range(1, len(lines)) if lines[i]]
    for which, where, piece, insert in edits:
        i = data_lines[which % len(data_lines)]
        line = lines[i]
        at = where % (len(line) + 1)
        lines[i] = line[:at] + piece + line[at + (0 if insert else 1) :]
    path = folder / "fuzzed_lines.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    before = db_fingerprint(ws)
    plan = service.preview_import(ws, path)
    for issue in plan.errors:
        assert issue.message and "Traceback" not in issue.message
    if plan.ok:  # accepted: every record was read as one record, none swallowed by another
        assert plan.rows_read == expected_records, [i.line() for i in plan.issues]
    outcome = service.apply_import(ws, path, dry_run=True, default_resolution="mine")
    assert outcome.status in (service.DRY_RUN, service.REJECTED)
    assert db_fingerprint(ws) == before


# --- amounts, dates and text: accepted means read right ------------------------------------------------------
FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")
amounts = st.decimals(min_value=0, max_value=999_999, places=4, allow_nan=False, allow_infinity=False)


def _amount_forms(value: Decimal) -> list[tuple[str, Decimal | None]]:
    """(typed text, the 亿元 it must be read as; None = must be refused)."""
    plain = format(value.normalize(), "f")
    integer = int(value)
    forms = [
        (plain, value),
        (f"{value:,}", value),
        (plain.translate(FULL_WIDTH), value),
        (f"{plain}亿元", value),
        (f"{format((value * 10000).normalize(), 'f')}万元", value),
        (f"{integer},{(integer % 97):02d}", None),  # a decimal comma: 0,35 must never become 35
        (f"{integer}，5", None),
        (f"{integer}e3", None),
    ]
    return forms


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=amounts, form=st.integers(min_value=0, max_value=7), as_number=st.booleans())
def test_amount_cells_are_read_right_or_refused(fuzz_env, value, form, as_number):
    ws, template, folder = fuzz_env
    typed, expected = _amount_forms(value)[form]
    wb = openpyxl.load_workbook(io.BytesIO(template))
    sheet = wb[layout.SHEET_PROGRESS]
    cell = sheet.cell(row=2, column=header_map(sheet)["本季度完成投资（亿元）"])
    if as_number and form == 0:
        cell.value = float(value)  # a number cell, as Excel stores what was typed
    else:
        set_text(cell, typed)
    path = folder / "amount.xlsx"
    wb.save(path)
    plan = service.preview_import(ws, path)
    if expected is None:
        assert not plan.ok and all(i.row == 2 for i in plan.errors), [i.line() for i in plan.errors]
        assert typed in plan.errors[0].message
        return
    assert plan.ok, (typed, [i.line() for i in plan.errors])
    [change] = [c for c in plan.changes if c.field == "invested"]
    assert Decimal(change.new) == expected.quantize(Decimal("0.0001")), (typed, change.new)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    day=st.dates(min_value=dt.date(1985, 1, 1), max_value=dt.date(2110, 12, 31)),
    form=st.sampled_from(["iso", "slash", "chinese", "compact", "cell"]),
)
def test_milestone_dates_are_read_right_or_refused(fuzz_env, day, form):
    ws, template, folder = fuzz_env
    typed = {
        "iso": day.isoformat(),
        "slash": f"{day.year}/{day.month}/{day.day}",
        "chinese": f"{day.year}年{day.month}月{day.day}日",
        "compact": day.strftime("%Y%m%d"),
        "cell": day,
    }[form]
    wb = openpyxl.load_workbook(io.BytesIO(template))
    sheet = wb[layout.SHEET_MILESTONES]
    cell = sheet.cell(row=2, column=header_map(sheet)["实际完成日期"])
    if isinstance(typed, str):
        set_text(cell, typed)
    else:
        cell.value = typed
    path = folder / "date.xlsx"
    wb.save(path)
    plan = service.preview_import(ws, path)
    acceptable = dt.date(1990, 1, 1) <= day <= dt.date.today()
    if not acceptable:
        assert [i.row for i in plan.errors] == [2]
        return
    assert plan.ok, (typed, [i.line() for i in plan.errors])
    assert [c.new for c in plan.changes if c.field == "actual_date"] == [day.isoformat()]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=st.sampled_from(list("进度完成工程60%，,\"' \n\t\x0b\x0c\x07\x1b\x00\x7f")), max_size=40))
def test_text_with_control_characters_is_cleaned_by_the_core_rule(fuzz_env, text):
    ws, template, folder = fuzz_env
    sheet = openpyxl.load_workbook(io.BytesIO(template))[layout.SHEET_PROGRESS]
    path = folder / "text.csv"
    path.write_text(sheet_as_csv(sheet, {(2, "形象进度"): text}), encoding="utf-8")
    plan = service.preview_import(ws, path)
    if "\x00" in text:  # NUL makes the file binary: refused whole
        assert not plan.ok and plan.errors[0].row is None
        return
    assert plan.ok, (text, [i.line() for i in plan.errors])
    expected = clean_text("physical_progress", text.replace("\r\n", "\n"))[0]
    changes = [c.new for c in plan.changes if c.field == "physical_progress" and c.row == 2]
    assert changes == ([] if expected is None else [expected])
