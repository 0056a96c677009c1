"""Every data cell of an exported table carries its column's style, not only the first row's: the style is set
once per column and reused for the others (xlsx_export.stream_table, xlsx_stream.fixed_style), and the file read
back must show it."""

from __future__ import annotations

import openpyxl
import pytest

from app.exchange import layout, service


def _style(cell) -> tuple:
    return (
        cell.number_format,
        cell.fill.fill_type,
        cell.fill.fgColor.rgb,
        cell.protection.locked,
        cell.border.left.style,
        cell.border.bottom.color.rgb if cell.border.bottom.color is not None else None,
        cell.alignment.wrap_text,
        cell.alignment.vertical,
    )


@pytest.mark.parametrize("kind", ["entry", "portfolio"])
def test_every_row_has_its_columns_style(workspace, tmp_path, kind):
    target = tmp_path / f"{kind}.xlsx"
    if kind == "entry":
        service.export_entry_workbook(workspace, target, period="2025Q3")
        specs = [layout.PROGRESS_SPEC]  # the seeded projects have no milestones yet
    else:
        service.export_portfolio(workspace, target, per_table=True)
        specs = []
    book = openpyxl.load_workbook(target)
    sheets = [book[spec.name] for spec in specs] if specs else [book[layout.SHEET_PORTFOLIO], book["附表2"]]
    for ws in sheets:
        assert ws.max_row > 3, ws.title
        editable_columns = 0
        for column in range(1, ws.max_column + 1):
            first = _style(ws.cell(row=2, column=column))
            assert first[4] == "thin"  # bordered like every data cell
            for row in range(3, ws.max_row + 1):
                assert _style(ws.cell(row=row, column=column)) == first, (ws.title, row, column)
            if first[3] is False:
                editable_columns += 1
                assert first[2].endswith("FFF2CC")  # the yellow a county fills in
        assert editable_columns == (
            len([c for spec in specs for c in spec.columns if c.editable and spec.name == ws.title]) if specs else 0
        )
