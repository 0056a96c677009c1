"""Quarterly PDF reports read back: figures equal the database, every project in scope (and only those)
appears, every font is embedded, locked quarters reproduce byte for byte, the CLI fails clearly."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
from collections.abc import Sequence
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.core import number_format, periods, progress, projects
from app.db.models import Project, QuarterlyProgress, ReportingPeriod, ReportSnapshot
from app.reports.data import ReportInputError, ReportOptions, Scope, gather
from app.reports.service import ReportOutputError, generate_report, list_snapshots, verify_report
from tests.fixtures.report_fixtures import pdf_pages

PERIOD = "2025Q3"
CODE_RE = re.compile(r"附表\d-\d{2}")


def flat(pages: Sequence[str]) -> str:
    return "\n".join(pages)


def report(ws, tmp_path, scope=None, options=None, period=PERIOD, name="r.pdf"):
    out = tmp_path / name
    result = generate_report(ws, period, scope, options, out)
    return result, out


# ---------------------------------------------------------------------------------------------- figures


def _expected_totals(ws, period: str) -> dict:
    """Straight from the tables with SQL, independently of app.reports.data."""
    with ws.session() as s:
        n = s.scalar(select(func.count()).select_from(Project))
        inv_sum, inv_known = s.execute(
            select(func.sum(Project.investment_total), func.count(Project.investment_total))
        ).one()
        q_sum, q_known = s.execute(
            select(func.sum(QuarterlyProgress.invested), func.count(QuarterlyProgress.invested)).where(
                QuarterlyProgress.period == period
            )
        ).one()
        per_project = s.execute(
            select(QuarterlyProgress.project_id, func.sum(QuarterlyProgress.invested))
            .where(QuarterlyProgress.period <= period)
            .group_by(QuarterlyProgress.project_id)
        ).all()
    known = [Decimal(v) for _, v in per_project if v is not None]  # SUM over only NULLs is NULL: unknown
    return dict(
        n=n,
        inv=Decimal(inv_sum),
        inv_unknown=n - inv_known,
        quarter=Decimal(q_sum or 0),
        quarter_unknown=n - q_known,
        cumulative=sum(known, Decimal(0)),
        cumulative_unknown=n - len(known),
    )


def test_summary_totals_equal_the_database(ws, default_report):
    result = default_report.result
    e = _expected_totals(ws, PERIOD)
    summary = default_report.pages[1]
    assert result.projects == e["n"] == 68
    assert f"项目总数 {e['n']} 项" in summary
    assert f"概算总投资 {number_format.amount(e['inv'], 4)} 亿元（未知 {e['inv_unknown']} 项）" in summary
    assert f"本季度完成投资 {number_format.amount(e['quarter'], 4)} 亿元（未知 {e['quarter_unknown']} 项）" in summary
    assert (
        f"累计完成投资 {number_format.amount(e['cumulative'], 4)} 亿元（未知 {e['cumulative_unknown']} 项）" in summary
    )
    assert e["inv_unknown"] == 3  # 附表1-01 and two more have no estimated total in the plan


def test_progress_table_totals_and_every_project(ws, default_report):
    pages = default_report.pages
    table = flat(pages[pages.index(next(p for p in pages if "四、项目进度表" in p)) :])
    with ws.session() as s:
        codes = {p.code for p in projects.list_projects(s)}
    found = set(CODE_RE.findall(table))
    assert found == codes
    e = _expected_totals(ws, PERIOD)
    assert f"合计（{e['n']} 项）" in table
    assert number_format.amount(e["inv"], 4) in table and number_format.amount(e["cumulative"], 4) in table


def test_group_subtotals_add_up(ws):
    with ws.session() as s:
        data = gather(s, PERIOD)
    total = data.summary.total
    for groups in (data.summary.by_category, data.summary.by_county):
        assert sum(g.count for g in groups) == total.count
        assert sum(g.investment_total.value for g in groups) == total.investment_total.value
        assert sum(g.investment_total.unknown for g in groups) == total.investment_total.unknown
        assert sum(g.cumulative.value for g in groups) == total.cumulative.value
    assert sum(n for _, n in data.summary.by_status) == total.count
    assert sum(n for _, n in data.summary.by_rag) == total.count


def test_unknown_is_never_printed_as_zero(ws, tmp_path):
    with ws.session() as s:
        pid = projects.get_project(s, code="附表1-01").id  # no estimated total in the plan
        progress.set_progress(s, pid, PERIOD, user="测试员", physical_progress="前期工作推进中")
    with ws.session() as s:
        row = next(p for p in gather(s, PERIOD).projects if p.code == "附表1-01")
    # reported this quarter, but no amount ever: the quarter, the cumulative and the rate are unknown, not 0
    assert row.reported and row.investment_total is None and row.invested_quarter is None
    assert row.cumulative is None and row.completion_rate is None
    _, out = report(ws, tmp_path)
    table = flat(pdf_pages(out))
    line = next(li for li in table.splitlines() if li.startswith("附表1-01"))
    assert line.count("未知") >= 4 and "0.0000" not in line and "未报送" not in line, line


def test_empty_quarter_says_no_data(ws, tmp_path):
    result, out = report(ws, tmp_path, period="2019Q1")
    assert not result.has_data and result.warnings
    pages = pdf_pages(out)
    summary = pages[1]
    assert "无数据" in summary and "2019年第一季度" in summary
    assert "本季度完成投资 未知 68 项" in summary and "累计完成投资 未知 68 项" in summary
    assert "0.0000 亿元" not in summary


def test_red_and_amber_projects_listed_with_reasons(ws, default_report):
    with ws.session() as s:
        data = gather(s, PERIOD)
    flagged = [p for p in data.projects if p.rag in ("red", "amber")]
    assert flagged, "sample data should produce red/amber projects"
    pages = default_report.pages
    start = next(i for i, p in enumerate(pages) if "三、重点关注事项" in p)
    end = next(i for i, p in enumerate(pages) if "四、项目进度表" in p)
    attention = flat(pages[start:end])
    section = attention.split("（二）逾期里程碑节点")[0]
    assert set(CODE_RE.findall(section)) == {p.code for p in flagged}
    assert "落后序时进度" in attention or "逾期" in attention
    for m in data.overdue_milestones:
        assert m.project_code in attention
    for i in data.overdue_issues:
        assert i.project_code in attention.split("（三）")[-1]


def test_indicator_table_lists_table_3_1(default_report):
    text_ = flat(default_report.pages)
    section = text_.split("五、规划指标（表3-1）")[1]
    for name in ("城市空气质量优良天数比例", "森林覆盖率", "公共交通出行比例"):
        assert name in section
    assert "约束性" in section and "预期性" in section and "完成国家、省级下达指标" in section


# ---------------------------------------------------------------------------------------------- scopes


@pytest.mark.parametrize("scope", [Scope("county", "灵丘县"), Scope("department", "广灵县林业局"), Scope("table", "3")])
def test_scoped_reports_contain_only_their_projects(ws, tmp_path, scope):
    with ws.session() as s:
        expected = set()
        for p in projects.list_projects(s):
            if (
                scope.kind == "county"
                and (p.county == scope.value or scope.value in (p.counties or []))
                or scope.kind == "department"
                and scope.value in p.lead_departments
                or scope.kind == "table"
                and p.appendix_table == int(scope.value)
            ):
                expected.add(p.code)
    assert expected
    result, out = report(ws, tmp_path, scope)
    pages = pdf_pages(out)
    assert set(CODE_RE.findall(flat(pages))) == expected
    assert result.projects == len(expected)
    assert scope.title_label in pages[2].splitlines()[0]  # running header names the scope
    assert f"项目总数 {len(expected)} 项" in pages[1]


def test_unknown_scope_and_period_are_rejected(ws, tmp_path):
    for scope in (Scope("county", "火星区"), Scope("department", "不存在的局"), Scope("table", "8")):
        with pytest.raises(ReportInputError):
            generate_report(ws, PERIOD, scope, None, tmp_path / "x.pdf")
    for bad in ("2025Q5", "2025-3", "Q3", ""):
        with pytest.raises(ReportInputError):
            generate_report(ws, bad, None, None, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    with pytest.raises(ReportOutputError):
        generate_report(ws, PERIOD, None, None, tmp_path / "missing-folder" / "x.pdf")


# ---------------------------------------------------------------------------------------------- typesetting


def test_every_font_is_embedded(detailed_report):
    out = detailed_report.path
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows, listing
    for row in rows:
        cols = row.split()
        # name type encoding emb sub uni object ID: emb and sub read from the right
        assert cols[-5] == "yes" and cols[-4] == "yes", row
        assert "WenQuanYiMicroHei" in cols[0], row
    assert "Helvetica" not in listing
    reader = PdfReader(str(out))
    fonts = {}
    for page in reader.pages:
        for name, ref in page["/Resources"]["/Font"].items():
            fonts[name] = ref.get_object()
    assert fonts
    for font in fonts.values():
        assert font["/Subtype"] == "/TrueType"
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_pages_footer_outline_metadata(detailed_report):
    result, out = detailed_report.result, detailed_report.path
    reader = PdfReader(str(out))
    n = len(reader.pages)
    assert n == result.pages
    assert 68 + 10 < n < 250  # a detail page per project, plus the report body
    pages = detailed_report.pages
    for i, page in enumerate(pages, start=1):
        assert f"第 {i} 页 共 {n} 页" in page
    assert "大同市“两山七河一流域”生态保护“十四五”规划" in pages[0]
    assert "2025年第三季度" in pages[0] and "大同市发展和改革委员会" in pages[0]
    meta = reader.metadata
    assert "2025年第三季度" in meta.title and "全市" in meta.title
    assert meta.author == "大同市发展和改革委员会"
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    for section in (
        "一、总体情况",
        "二、分类统计",
        "三、重点关注事项",
        "四、项目进度表",
        "五、规划指标（表3-1）",
        "六、审核签发",
        "附件 项目详情",
    ):
        assert section in titles
    # landscape pages for the wide table, portrait elsewhere
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert sizes == {(595, 842), (842, 595)}
    sign = next(p for p in pages if "六、审核签发" in p)
    assert "编制单位" in sign and "审核人" in sign and "日期" in sign


def test_no_missing_glyphs_in_report_text(ws):
    from app.reports.fonts import missing_glyphs

    with ws.session() as s:
        data = gather(s, PERIOD, options=ReportOptions(details=True))
    texts = []
    for p in data.projects:
        texts += [p.name, p.county, *p.departments, p.physical_progress or "", p.problems or "", *p.rag_reasons]
    for d in data.details.values():
        texts += [d.content or "", d.scale or "", d.location or "", *d.entities]
    for i in data.indicators:
        texts += [i.name, i.unit or "", i.baseline, i.target, i.latest]
    assert missing_glyphs("".join(texts)) == []


def test_amounts_use_one_number_of_decimals(default_report):
    table = flat(default_report.pages)
    assert "1.4868" in table or "58.2500" in table
    amounts = re.findall(r"\b\d+\.\d+\b", table.split("四、项目进度表")[1].split("五、规划指标")[0])
    decimals = {len(a.split(".")[1]) for a in amounts if not a.startswith("0.") or len(a) > 4}
    assert decimals <= {1, 4}  # 4 for 亿元, 1 for percentages


# ---------------------------------------------------------------------------------------------- locked quarters


def _lock(ws, code=PERIOD) -> None:
    with ws.session() as s:
        periods.lock_period(s, code, user="测试员")


def test_locked_quarter_is_stored_and_reproducible(ws, tmp_path):
    _lock(ws)
    first, out1 = report(ws, tmp_path, name="a.pdf")
    second, out2 = report(ws, tmp_path, name="b.pdf")
    assert first.snapshot == "stored" and second.snapshot == "unchanged"
    assert out1.read_bytes() == out2.read_bytes()
    assert first.sha256 == hashlib.sha256(out1.read_bytes()).hexdigest() == second.sha256
    with ws.session() as s:
        snaps = s.scalars(select(ReportSnapshot)).all()
        assert len(snaps) == 1 and snaps[0].sha256 == first.sha256 and snaps[0].pdf == out1.read_bytes()
        locked_at = s.get(ReportingPeriod, PERIOD).state_changed_at
    meta = PdfReader(str(out1)).metadata
    assert meta.creation_date.replace(tzinfo=None) == locked_at.replace(microsecond=0)
    assert verify_report(ws, PERIOD).ok
    rows = list_snapshots(ws, PERIOD)
    assert [r.sha256 for r in rows] == [first.sha256]


def test_scoped_locked_reports_are_separate_snapshots(ws, tmp_path):
    _lock(ws)
    a, _ = report(ws, tmp_path, Scope("county", "灵丘县"), name="a.pdf")
    b, _ = report(ws, tmp_path, Scope("county", "灵丘县"), ReportOptions(details=True), name="b.pdf")
    c, _ = report(ws, tmp_path, Scope("table", "2"), name="c.pdf")
    assert {a.snapshot, b.snapshot, c.snapshot} == {"stored"}
    assert len({a.sha256, b.sha256, c.sha256}) == 3
    assert verify_report(ws, PERIOD, Scope("county", "灵丘县"), ReportOptions(details=True)).ok


def test_verify_detects_changes_after_lock(ws, tmp_path):
    _lock(ws)
    first, _ = report(ws, tmp_path)
    with ws.session() as s:
        p = projects.get_project(s, code="附表2-01")
        projects.update_project(s, p.id, {"name": p.name + "（调整）"}, user="测试员")
    check = verify_report(ws, PERIOD)
    assert not check.ok and check.stored_file_intact and check.regenerated_sha256 != first.sha256
    again, _ = report(ws, tmp_path, name="again.pdf")
    assert again.snapshot == "changed" and again.warnings


def test_unlocked_report_is_not_stored(ws, tmp_path):
    result, _ = report(ws, tmp_path)
    assert result.state == "open" and result.snapshot is None
    with ws.session() as s:
        assert s.scalar(select(func.count()).select_from(ReportSnapshot)) == 0
    with pytest.raises(ReportInputError):
        verify_report(ws, PERIOD)


def test_progress_and_cancellation(ws, tmp_path):
    seen = []
    generate_report(
        ws,
        PERIOD,
        out_path=tmp_path / "p.pdf",
        progress_callback=lambda done, total, msg: seen.append((done, total, msg)),
    )
    assert seen and seen[-1][0] == seen[-1][1] == 100
    assert all(0 <= d <= t for d, t, _ in seen)

    class Stop(Exception):
        pass

    calls = {"n": 0}

    def check() -> None:
        calls["n"] += 1
        if calls["n"] > 3:
            raise Stop()

    with pytest.raises(Stop):
        generate_report(ws, PERIOD, out_path=tmp_path / "c.pdf", cancel_check=check)
    assert not (tmp_path / "c.pdf").exists()


def test_current_quarter_counts_overdue_as_of_today(ws):
    with ws.session() as s:
        data = gather(s, PERIOD, today=dt.date(2025, 8, 15))
    assert data.as_of == dt.date(2025, 8, 15)
    assert all(m.planned < dt.date(2025, 8, 15) for m in data.overdue_milestones)


# ---------------------------------------------------------------------------------------------- CLI


def test_cli_generates_and_verifies_across_processes(db, tmp_path, cli):
    out = tmp_path / "cli.pdf"
    code, stdout, err = cli("report", "--period", PERIOD, "--out", str(out), "--county", "灵丘县", db=db)
    assert code == 0, err
    assert "report written" in stdout and out.is_file()
    code, stdout, err = cli("period", "lock", PERIOD, db=db)
    assert code == 0, err
    code, stdout, err = cli("report", "--period", PERIOD, "--out", str(tmp_path / "l.pdf"), db=db)
    assert code == 0 and "snapshot stored" in stdout, err
    code, stdout, err = cli("report", "verify", "--period", PERIOD, db=db)  # another process
    assert code == 0 and stdout.startswith("ok"), err
    code, stdout, _ = cli("report", "snapshots", "--json", db=db)
    assert code == 0 and '"scope": "all"' in stdout


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--period", "2025Q5"], "2025Q3"),
        (["--period", "2025-07"], "2025Q3"),
        (["--period", PERIOD, "--county", "火星区"], "unknown county"),
        (["--period", PERIOD, "--department", "不存在的局"], "unknown lead department"),
        (["--period", PERIOD, "--table", "9"], "1-7"),
    ],
)
def test_cli_rejects_bad_input_with_one_line(db, tmp_path, cli, args, fragment):
    code, stdout, err = cli("report", *args, "--out", str(tmp_path / "x.pdf"), db=db)
    assert code != 0
    lines = [li for li in err.splitlines() if li.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and fragment in lines[0], err
    assert not (tmp_path / "x.pdf").exists()


def test_cli_unwritable_path(db, tmp_path, cli):
    for target in (tmp_path / "no-such-folder" / "x.pdf", tmp_path):
        code, _, err = cli("report", "--period", PERIOD, "--out", str(target), db=db)
        assert code != 0 and len(err.strip().splitlines()) == 1 and "error:" in err


def test_cli_empty_quarter_still_reports(db, tmp_path, cli):
    out = tmp_path / "empty.pdf"
    code, stdout, err = cli("report", "--period", "2019Q1", "--out", str(out), db=db)
    assert code == 0 and out.is_file()
    assert "warning" in err and "2019Q1" in err
    assert "无数据" in pdf_pages(out)[1]


def test_cli_verify_needs_a_locked_quarter(db, cli):
    code, _, err = cli("report", "verify", "--period", PERIOD, db=db)
    assert code != 0 and "not locked" in err
