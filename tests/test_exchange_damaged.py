"""Workbooks that are damaged, oversized or rearranged: one clear error (never a traceback) or a correct import,
never a silent success that skipped the county's rows."""

from __future__ import annotations

import re
import time
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select

from app.core import projects
from app.db.models import QuarterlyProgress
from app.exchange import layout, service, xlsx_reading
from tests.fixtures.exchange.support import db_fingerprint, header_map, rewrite_member, row_of, set_field, sheet_member

SP, SM = layout.SHEET_PROGRESS, layout.SHEET_MILESTONES
PERIOD = "2025Q3"
CODE = "附表1-14"


@pytest.fixture
def filled(workspace, tmp_path):
    """A 广灵县 entry workbook with one value typed in (0.123456 亿元 for 附表1-14)."""
    path = tmp_path / "广灵县.xlsx"
    service.export_entry_workbook(workspace, path, period=PERIOD, county="广灵县")
    wb = openpyxl.load_workbook(path)
    set_field(wb[SP], row_of(wb[SP], CODE), "本季度完成投资（亿元）", 0.123456)
    wb.save(path)
    return path


def _invested(ws):
    with ws.session() as s:
        pid = projects.get_project(s, code=CODE).id
        rec = s.scalar(
            select(QuarterlyProgress).where(QuarterlyProgress.project_id == pid, QuarterlyProgress.period == PERIOD)
        )
        return None if rec is None else rec.invested


def _refused_once(ws, path, *needles):
    before = db_fingerprint(ws)
    outcome = service.apply_import(ws, path)
    assert outcome.status == service.REJECTED
    assert len(outcome.plan.errors) == 1, [i.line() for i in outcome.plan.errors]
    message = outcome.plan.errors[0].message
    for needle in needles:
        assert needle in message, message
    assert "Traceback" not in message
    assert db_fingerprint(ws) == before
    return message


# --- renamed, swapped and missing data sheets ----------------------------------------------------------------
def test_renamed_data_sheet_is_found_by_its_header(workspace, filled):
    wb = openpyxl.load_workbook(filled)
    wb[SP].title = "Sheet1"
    wb.save(filled)
    outcome = service.apply_import(workspace, filled)
    assert outcome.status == service.APPLIED, [i.line() for i in outcome.plan.errors]
    assert "Sheet1" in outcome.plan.sheets
    assert _invested(workspace) == Decimal("0.1235")


def test_data_sheet_swapped_with_the_instructions(workspace, filled):
    wb = openpyxl.load_workbook(filled)
    wb[layout.SHEET_README].title = "临时"
    wb[SP].title = layout.SHEET_README
    wb["临时"].title = SP
    wb.save(filled)
    outcome = service.apply_import(workspace, filled)
    assert outcome.status == service.APPLIED, [i.line() for i in outcome.plan.errors]
    assert _invested(workspace) == Decimal("0.1235")


def test_data_sheet_that_cannot_be_found_refuses_the_workbook(workspace, filled):
    wb = openpyxl.load_workbook(filled)
    sheet = wb[SP]
    sheet.title = "数据"
    for cell in sheet[1]:
        cell.value = f"列{cell.column}"  # the header typed over
    wb.save(filled)
    before = db_fingerprint(workspace)
    outcome = service.apply_import(workspace, filled)
    assert outcome.status == service.REJECTED
    assert any(f"找不到“{SP}”表" in i.message for i in outcome.plan.errors), [i.line() for i in outcome.plan.errors]
    assert db_fingerprint(workspace) == before


def test_deleted_data_sheet_refuses_the_workbook(workspace, filled):
    wb = openpyxl.load_workbook(filled)
    del wb[SP]
    wb.save(filled)
    message = _refused_once(workspace, filled, f"找不到“{SP}”表")
    assert "未导入" in message


# --- damaged parts -------------------------------------------------------------------------------------------
def _flip_compressed_byte(path, member):
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
    name_len, extra_len = (
        int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little"),
        int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little"),
    )
    start = info.header_offset + 30 + name_len + extra_len
    data[start + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_flipped_byte_in_a_sheet(workspace, filled):
    _flip_compressed_byte(filled, sheet_member(filled, SP))
    _refused_once(workspace, filled, "损坏")


def test_crc_mismatch(workspace, filled):
    src = zipfile.ZipFile(filled)
    items = [(info, src.read(info.filename)) for info in src.infolist()]
    src.close()
    with zipfile.ZipFile(filled, "w") as dst:  # stored, so the byte can be changed without breaking the stream
        for info, data in items:
            info.compress_type = zipfile.ZIP_STORED
            dst.writestr(info, data)
    raw = bytearray(filled.read_bytes())
    at = raw.index(b"0.123456")
    raw[at + 2] = ord("9")  # still valid XML, still a number: only the checksum tells
    filled.write_bytes(bytes(raw))
    _refused_once(workspace, filled, "损坏")


def test_dtd_in_sheet_xml(workspace, filled):
    def add_dtd(xml: bytes) -> bytes:
        assert xml.startswith(b"<worksheet")  # openpyxl writes no XML declaration: the DTD goes first
        return b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' + xml

    rewrite_member(filled, sheet_member(filled, SP), add_dtd)
    _refused_once(workspace, filled)


def test_nan_in_a_number_cell(workspace, filled):
    rewrite_member(filled, sheet_member(filled, SP), lambda xml: xml.replace(b"<v>0.123456</v>", b"<v>NaN</v>"))
    message = _refused_once(workspace, filled, "损坏")
    assert SP in message


# --- oversized sheets ----------------------------------------------------------------------------------------
def test_declared_dimension_over_the_cell_budget_is_refused_at_once(workspace, filled):
    rewrite_member(
        filled,
        sheet_member(filled, SP),
        lambda xml: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:ZZZ60000"', xml),
    )
    started = time.perf_counter()
    _refused_once(workspace, filled, "A1:ZZZ60000", "单元格")
    assert time.perf_counter() - started < 30  # the old reader parsed every cell first


def test_cells_beyond_column_200_count_against_the_budget_whatever_the_dimension_says(workspace, filled, monkeypatch):
    monkeypatch.setattr(xlsx_reading, "MAX_CELLS", 5_000)
    wb = openpyxl.load_workbook(filled)
    sheet = wb[SP]
    width = len(header_map(sheet))
    for r in range(2, 40):
        for c in range(250, 400):
            sheet.cell(row=r, column=c).value = r * c
    wb.save(filled)
    rewrite_member(  # the declaration lies: only the real columns
        filled,
        sheet_member(filled, SP),
        lambda xml: re.sub(rb'<dimension ref="[^"]+"', f'<dimension ref="A1:{chr(64 + width)}20"'.encode(), xml),
    )
    _refused_once(workspace, filled, "5,000")


def test_a_few_cells_beyond_column_200_are_a_note(workspace, filled):
    wb = openpyxl.load_workbook(filled)
    wb[SP].cell(row=3, column=230).value = "远处的备注"
    wb.save(filled)
    plan = service.preview_import(workspace, filled)
    assert plan.ok and any("超过 200 列" in i.message for i in plan.notes)
