"""The xlsx reader shares one frozen RawCell per distinct plain value (memory: an entry sheet repeats each
project's code, name and dates on every row) without changing what any cell holds."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from app.exchange import file_checks, xlsx_reading


def test_equal_values_of_different_types_stay_apart_and_repeats_are_shared(tmp_path):
    path = tmp_path / "shared.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "进度"
    ws.append(["代码", "名称", "数", "是否", "小数", "日期", "公式"])
    ws.append(["P-01", "御河湿地", 1, True, 2.5, dt.datetime(2025, 3, 31), "=1+1"])
    ws.append(["P-01", "御河湿地", True, 1, 2.5, dt.datetime(2025, 3, 31), None])
    wb.save(path)

    raw = xlsx_reading.read_xlsx(file_checks.check_file(path))
    sheet = next(s for s in raw.sheets if s.name == "进度")
    first, second = sheet.rows[1].cells, sheet.rows[2].cells

    # 1 and True compare (and hash) equal: sharing must not turn one into the other
    assert [type(c.value) for c in first[2:5]] == [int, bool, float]
    assert [type(c.value) for c in second[2:5]] == [bool, int, float]
    assert first[3].value is True and second[2].value is True and second[3].value == 1
    assert first[0] is second[0] and first[1] is second[1] and first[4] is second[4]  # one object per value
    assert first[5] is second[5] and first[5].value == dt.datetime(2025, 3, 31)
    assert first[6].formula == "=1+1"  # a formula keeps its own cell, with its text
