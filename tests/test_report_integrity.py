"""The quarterly report read back as an officer reads it: figures on a page agree with each other and with
the stated definitions, detail pages that run on say whose they are, verify finds the stored report without
repeating options, no output replaces the database, and hostile text never stops the report."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import subprocess
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import select

from app.core import periods
from app.core.output_files import OutputExistsError, OutputFileError
from app.db.models import CoordinationIssue, Project, QuarterlyProgress
from app.reports.model import ReportOptions, Scope
from app.reports.service import AmbiguousSnapshotError, generate_report, verify_report
from tests.fixtures.report_fixtures import pdf_pages

PERIOD = "2025Q3"


def number(text_: str) -> Decimal:
    return Decimal(text_.replace(",", ""))


def rate_of(numerator: Decimal, denominator: Decimal) -> Decimal:
    return (numerator / denominator * 100).quantize(Decimal("0.1"))


# ---------------------------------------------------------------------------------------------- 1 figures


def test_page_two_figures_agree_with_each_other_and_the_definitions(ws, default_report):
    page = default_report.pages[1].replace("\n", "")
    total = int(re.search(r"项目总数 (\d+) 项", page).group(1))

    status_sentence = page.split("按项目状态：")[1].split("。")[0]
    statuses = {name: int(n) for name, n in re.findall(r"(储备|前期|在建|完工|暂停|取消) (\d+) 项", status_sentence)}
    assert sum(statuses.values()) == total, statuses
    assert len(statuses) == 6 and status_sentence.endswith(f"合计 {total} 项")

    started = re.search(r"已开工 (\d+) 项（在建 (\d+) \+ 完工 (\d+)），已竣工 (\d+) 项", page)
    assert started, page
    n_started, n_building, n_done, n_completed = map(int, started.groups())
    assert n_building == statuses["在建"] and n_done == statuses["完工"]
    assert n_started == n_building + n_done and n_completed == statuses["完工"]

    rag = re.findall(r"(红灯|黄灯|绿灯|无法评价（未知）) ?(\d+) 项", page.split("按红黄绿灯评价：")[1])
    assert sum(int(n) for _, n in rag[:4]) == total

    headline = re.search(r"投资完成率 ?([\d.]+)%（= ([\d,.]+) ÷ ([\d,.]+)，按(.+?)的 (\d+) 个项目）", page)
    assert headline, page
    shown, numerator, denominator, subset, count = headline.groups()
    assert Decimal(shown) == rate_of(number(numerator), number(denominator))
    assert subset == "概算总投资已知且已报送完成投资" and int(count) < total

    # the 说明 block defines what page 2 counts, in the same words
    assert "说明" in page and "已开工：状态为“在建”或“完工”的项目（= 在建 + 完工）" in page
    assert "完成率：累计完成投资 ÷ 概算总投资，只按“概算总投资已知且已报送完成投资”的项目计算" in page

    # the same basis, counted straight from the database
    with ws.session() as s:
        with_amounts = set(
            s.scalars(
                select(QuarterlyProgress.project_id).where(
                    QuarterlyProgress.period <= PERIOD, QuarterlyProgress.invested.is_not(None)
                )
            )
        )
        known = {pid for pid, total_ in s.execute(select(Project.id, Project.investment_total)) if total_}
    assert int(count) == len(with_amounts & known)


def test_every_table_rate_is_cumulative_over_its_stated_denominator(default_report):
    checked = 0
    with pdfplumber.open(default_report.path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                if not table or (table[0] or [None])[0] not in ("规划分类", "县区", "牵头部门"):
                    continue  # the summary tables (the progress table's rates are per project)
                col = table[0].index("完成率")
                for row in table[1:]:
                    cell = (row[col] or "").replace("\n", "")
                    match = re.fullmatch(r"([\d.]+)%([\d,.]+)÷([\d,.]+)按 (\d+) 项", cell)
                    if cell.startswith("未知"):
                        continue
                    assert match, cell
                    shown, numerator, denominator, count = match.groups()
                    assert Decimal(shown) == rate_of(number(numerator), number(denominator)), cell
                    assert 0 < int(count) <= int(row[1]), row
                    checked += 1
    assert checked >= 7 * 3  # every appendix table, county and department row, plus the totals


def test_table_five_rate_is_not_the_rate_of_its_one_reporting_project(ws, tmp_path):
    """附表5: a rate over only the projects that reported must say so, and its numbers must be its own."""
    out = tmp_path / "r.pdf"
    generate_report(ws, PERIOD, Scope("table", "5"), None, out)
    with pdfplumber.open(out) as pdf:
        rows = [row for page in pdf.pages for t in page.extract_tables() for row in t if row and row[0]]
    row = next(r for r in rows if (r[0] or "").startswith("附表5"))
    cumulative_column = number(row[5].split("\n")[0])
    rate_cell = row[6].split("\n")
    numerator = number(rate_cell[1].split("÷")[0])
    assert numerator <= cumulative_column  # the numerator covers only the projects in the rate's basis
    assert rate_cell[2].startswith("按 ") and int(rate_cell[2].split()[1]) < int(row[1])


# ---------------------------------------------------------------------------------------------- 2 continuation


def test_detail_pages_that_run_on_repeat_the_project_heading(ws, tmp_path):
    out = tmp_path / "d.pdf"
    generate_report(ws, PERIOD, Scope("table", "2"), ReportOptions(details=True), out)
    pages = pdf_pages(out)
    first = next(i for i, p in enumerate(pages) if "附件 项目详情" in p)
    seen: list[str] = []
    continued = 0
    for page in pages[first + 1 :]:
        heading = page.splitlines()[1]  # line 0 is the running header
        match = re.match(r"(附表\d-\d{2}) ", heading)
        assert match, heading
        code = match.group(1)
        if code in seen:
            assert heading.endswith("（续）"), heading
            continued += 1
        else:
            assert not heading.endswith("（续）"), heading
            seen.append(code)
    assert continued >= 1  # the sample data has detail pages that run onto a second page


# ---------------------------------------------------------------------------------------------- 3 verify


def test_verify_finds_the_snapshot_by_period_without_repeating_the_unit(db, tmp_path, cli):
    assert cli("period", "lock", PERIOD, db=db)[0] == 0
    code, stdout, err = cli(
        "report", "--period", PERIOD, "--unit", "大同市发展和改革委员会", "--out", str(tmp_path / "a.pdf"), db=db
    )
    assert code == 0 and "snapshot stored" in stdout, err
    code, stdout, err = cli("report", "verify", "--period", PERIOD, db=db)
    assert code == 0 and stdout.startswith("ok"), err

    code, stdout, err = cli("report", "--period", PERIOD, "--county", "灵丘县", "--out", str(tmp_path / "b.pdf"), db=db)
    assert code == 0, err
    code, stdout, err = cli("report", "verify", "--period", PERIOD, db=db)
    assert code != 0 and "--id" in err
    listed = [li for li in err.splitlines() if PERIOD in li and "编制单位" in li]
    assert len(listed) == 2, err
    assert any("全市" in li and "大同市发展和改革委员会" in li for li in listed)
    assert any("灵丘县" in li and "未填编制单位" in li for li in listed)

    code, stdout, err = cli("report", "verify", "--period", PERIOD, "--county", "灵丘县", db=db)
    assert code == 0 and stdout.startswith("ok"), err
    chosen = next(li for li in listed if "全市" in li).split()[0]
    code, stdout, err = cli("report", "verify", "--id", chosen, db=db)
    assert code == 0 and stdout.startswith("ok") and chosen in stdout, err


def test_verify_lists_the_candidates_in_the_service(ws, tmp_path):
    with ws.session() as s:
        periods.lock_period(s, PERIOD, user="测试员")
    generate_report(ws, PERIOD, None, ReportOptions(unit="某单位"), tmp_path / "a.pdf")
    generate_report(ws, PERIOD, None, ReportOptions(details=True), tmp_path / "b.pdf")
    with pytest.raises(AmbiguousSnapshotError) as caught:
        verify_report(ws, PERIOD)
    assert sorted((c.details, c.unit) for c in caught.value.candidates) == [(False, "某单位"), (True, None)]
    assert verify_report(ws, PERIOD, options=ReportOptions(details=True)).ok


# ---------------------------------------------------------------------------------------------- 4 output files


def test_report_never_replaces_the_database(db, tmp_path, cli):
    before = db.read_bytes()[:16]
    assert before == b"SQLite format 3\x00"
    for extra in ([], ["--force"]):
        code, _, err = cli("report", "--period", PERIOD, "--out", str(db), *extra, db=db)
        assert code != 0 and "database" in err, err
        assert db.read_bytes()[:16] == before
    wal = Path(str(db) + "-wal")  # the database's companion, while the command has it open
    code, _, err = cli("report", "--period", PERIOD, "--out", str(wal), "--force", db=db)
    assert code != 0 and "database" in err, err
    assert not wal.exists() or not wal.read_bytes().startswith(b"%PDF-")


def test_existing_output_is_replaced_only_with_force_and_only_a_pdf(ws, db, tmp_path, cli):
    target = tmp_path / "old.pdf"
    target.write_bytes(b"%PDF-1.4 an older report")
    with pytest.raises(OutputExistsError):
        generate_report(ws, PERIOD, None, None, target)
    assert target.read_bytes() == b"%PDF-1.4 an older report"
    code, _, err = cli("report", "--period", PERIOD, "--out", str(target), db=db)
    assert code != 0 and "--force" in err and target.read_bytes() == b"%PDF-1.4 an older report"
    code, _, err = cli("report", "--period", PERIOD, "--out", str(target), "--force", db=db)
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF-") and len(target.read_bytes()) > 10_000

    notes = tmp_path / "notes.txt"
    notes.write_text("工作笔记", encoding="utf-8")
    with pytest.raises(OutputFileError):
        generate_report(ws, PERIOD, None, None, notes, force=True)
    assert notes.read_text(encoding="utf-8") == "工作笔记"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".") and p.suffix == ".tmp"]


def test_report_file_gets_the_normal_file_mode(ws, tmp_path):
    umask = os.umask(0o022)
    try:
        out = tmp_path / "mode.pdf"
        generate_report(ws, PERIOD, Scope("table", "6"), None, out)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


# ---------------------------------------------------------------------------------------------- 5 hostile text

LONG_NAME = ("大同市生态修复工程" * 112)[:1000]
LONG_ISSUE = ("征地拆迁涉及多个村集体，补偿标准尚未统一，" * 100)[:2000]
RARE_NAME = "刘䶮祠堂𠀀𠮷鿏修复😀🦜工程\x0b第二期\x07\x1b"


def _hostile(ws) -> None:
    with ws.session() as s:
        long_one = s.scalars(select(Project).where(Project.code == "附表2-05")).one()
        long_one.name = LONG_NAME
        s.add(
            CoordinationIssue(
                project_id=long_one.id,
                description=LONG_ISSUE,
                responsible_department="市自然资源局",
                raised_date=dt.date(2025, 1, 5),
                deadline=dt.date(2025, 3, 1),
            )
        )
        rare = s.scalars(select(Project).where(Project.code == "附表2-01")).one()
        rare.name = RARE_NAME


def test_long_text_and_rare_characters_do_not_stop_the_report(ws, tmp_path):
    _hostile(ws)
    out = tmp_path / "h.pdf"
    result = generate_report(ws, PERIOD, Scope("table", "2"), ReportOptions(details=True), out)
    pages = pdf_pages(out)
    everything = "\n".join(pages)
    assert "…（全文见系统）" in everything
    assert "\x07" not in everything and "\x1b" not in everything and "\x0b" not in everything
    # rare characters are printed (by the fallback font) and are real text in the PDF
    detail = next(p for p in pages if "项目名称 刘" in p)
    assert "刘䶮祠堂𠀀𠮷鿏修复😀〓工程" in detail and "?" not in detail
    # what could not be printed or had to be cut is said on page 2, with the project and the field
    notes = pages[1].replace("\n", "")
    assert "附表2-01 项目名称" in notes and "U+1F99C" in notes
    assert re.search(r"附表2-05 项目名称\s*全文 1000 字", notes)
    assert re.search(r"附表2-05 协调问题\s*全文 2000 字", notes)
    assert any("附表2-05 协调问题" in n for n in result.notes) and result.warnings
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    fallback = [row for row in fonts.splitlines() if "HanazonoFallback" in row]
    assert fallback and all(row.split()[-5] == "yes" for row in fallback), fonts  # embedded
