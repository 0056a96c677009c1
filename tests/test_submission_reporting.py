"""What the offices' submissions change elsewhere: the quarterly report states which offices' data it holds
(PDF read back), the 催报名单 PDF, the quarter the review opens on, and the quarters commands in a county
(报送 there is the submission; a quarter at the city is not reopened locally)."""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest

from app.core import submissions
from app.core.output_files import OutputExistsError
from app.core.workspace import open_workspace
from app.reports.chase_list import write_chase_list
from app.reports.service import generate_report
from tests.fixtures.offices_support import (
    GUANGLING,
    LINGQIU,
    PERIOD,
    cli_ok,
    cli_refused,
    fingerprint,
    make_offices,
    query,
)
from tests.test_submission import _submitted_at_city


def _report_text(db, tmp_path, name="report.pdf") -> str:
    ws = open_workspace(db, create=False)
    try:
        out = tmp_path / name
        generate_report(ws, PERIOD, None, None, out)
    finally:
        ws.close()
    with pdfplumber.open(io.BytesIO(out.read_bytes())) as pdf:
        page_two = pdf.pages[1].extract_text() or ""  # 一、总体情况 starts on page 2, after the cover
    return page_two.replace("\n", "")


def test_the_citys_report_names_the_offices_it_contains_and_those_missing(offices, tmp_path):
    _submitted_at_city(offices)
    text = _report_text(offices.city, tmp_path, "pending.pdf")
    assert "本报告含 1 个单位2025年第三季度报送的数据（待审核：灵丘县）" in text
    assert "未含 10 个单位（未报送：平城区、云冈区" in text and GUANGLING in text
    assert "“已含”指该单位本季度的报送已导入本库" in text  # what "contains" means, printed beside it
    assert text.index("报送情况") < text.index("项目总数")  # near the start, before the key figures

    cli_ok(offices.city, "submission", "return", "--office", LINGQIU, "--period", PERIOD, "--reason", "请补充")
    text = _report_text(offices.city, tmp_path, "returned.pdf")
    assert "本报告未含任何单位2025年第三季度报送的数据" in text
    assert "未含 11 个单位" in text and "已退回待重报：灵丘县" in text


def test_an_accepted_office_is_contained(offices, tmp_path):
    _submitted_at_city(offices)
    cli_ok(offices.city, "submission", "accept", "--office", LINGQIU, "--period", PERIOD)
    text = _report_text(offices.city, tmp_path)
    assert "本报告含 1 个单位2025年第三季度报送的数据（已审核：灵丘县）" in text


def test_a_countys_report_states_only_its_own_office(offices, tmp_path):
    cli_ok(offices.lingqiu, "submission", "submit", "--period", PERIOD)
    text = _report_text(offices.lingqiu, tmp_path)
    assert "报送情况：本库属于灵丘县，本报告含灵丘县本单位2025年第三季度的数据（报送状态：已报送（待审核）" in text
    assert GUANGLING not in text.split("项目总数")[0]  # no other office is listed


def test_a_database_without_an_office_states_no_coverage(seeded_template, tmp_path):
    offices = make_offices(seeded_template, tmp_path, set_offices=False)
    assert "报送情况" not in _report_text(offices.city, tmp_path)


def test_the_chase_list_pdf_when_everybody_reported_and_no_silent_overwrite(offices, tmp_path):
    ws = open_workspace(offices.city, create=False)
    try:
        out = tmp_path / "chase.pdf"
        result = write_chase_list(ws, PERIOD, dt.date(2025, 10, 15), out, today=dt.date(2025, 10, 16))
        assert result.offices == 11 and result.pages == 1
        with pdfplumber.open(out) as pdf:
            text = "".join(page.extract_text() or "" for page in pdf.pages)
        assert "截至2025年10月15日，应报送的 11 个单位中，以下 11 个单位尚未报送" in text
        assert "生成日期：2025年10月16日" in text
        before = out.read_bytes()
        with pytest.raises(OutputExistsError):
            write_chase_list(ws, PERIOD, dt.date(2025, 10, 15), out)
        assert out.read_bytes() == before
    finally:
        ws.close()


def test_the_review_opens_on_the_quarter_waiting_for_this_office(offices):
    city = open_workspace(offices.city, create=False)
    county = open_workspace(offices.lingqiu, create=False)
    try:
        quarter_just_ended = "2026Q2"
        assert submissions.default_period(city, dt.date(2026, 7, 10)) == quarter_just_ended
        _submitted_at_city(offices)
        assert submissions.default_period(city, dt.date(2026, 7, 10)) == PERIOD
        assert submissions.default_period(county, dt.date(2026, 7, 10)) == PERIOD
    finally:
        city.close()
        county.close()


def test_period_submit_in_a_county_is_the_submission_to_the_city(offices):
    out = cli_ok(offices.lingqiu, "period", "submit", PERIOD)
    assert out.strip() == f"{PERIOD}: locked"  # submitting locks the quarter in the county
    state = query(offices.lingqiu, "SELECT state, round FROM office_submissions WHERE office = ?", LINGQIU)
    assert state == [("submitted", 1)]
    # the quarter is at the city now: reopening it here is refused, nothing written
    before = fingerprint(offices.lingqiu)
    err = cli_refused(offices.lingqiu, "period", "reopen", PERIOD, "--reason", "想再改一下")
    assert "只有市级退回后才能重新打开" in err
    assert fingerprint(offices.lingqiu) == before
    # the city's own quarters are unaffected: it submits, locks and reopens as before
    cli_ok(offices.city, "period", "submit", PERIOD)
    cli_ok(offices.city, "period", "reopen", PERIOD, "--reason", "补录")
    assert query(offices.city, "SELECT count(*) FROM office_submissions") == [(0,)]
