"""export-xlsx / import-xlsx through the real CLI (subprocess), exit codes and messages."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import openpyxl

from app.core import progress, projects
from app.core.workspace import open_workspace
from app.exchange import layout
from tests.fixtures.exchange.support import db_fingerprint, header_map, set_field


def _ws(db_path):
    return open_workspace(db_path)


def test_export_portfolio_and_entry(cli, db_path, tmp_path):
    out = tmp_path / "all.xlsx"
    code, stdout, stderr = cli("export-xlsx", "--out", str(out), "--per-table", db=db_path)
    assert code == 0, stderr
    assert "portfolio written" in stdout and out.is_file()
    assert "附表1" in openpyxl.load_workbook(out).sheetnames

    entry = tmp_path / "gl.xlsx"
    code, stdout, stderr = cli(
        "export-xlsx", "--out", str(entry), "--county", "广灵县", "--entry", "--period", "2025Q3", "--json", db=db_path
    )
    assert code == 0, stderr
    summary = json.loads(stdout)
    assert summary["period"] == "2025Q3" and summary["scope"] == "广灵县" and summary["projects"] > 0
    assert layout.SHEET_PROGRESS in openpyxl.load_workbook(entry).sheetnames


def test_export_errors(cli, db_path, tmp_path):
    code, _, stderr = cli("export-xlsx", "--out", str(tmp_path / "x.xlsx"), "--entry", db=db_path)
    assert code == 1 and "--period" in stderr
    code, _, stderr = cli("export-xlsx", "--out", str(tmp_path / "x.xlsx"), "--county", "火星", db=db_path)
    assert code == 1 and "未知县区" in stderr
    code, _, stderr = cli("export-xlsx", "--out", str(tmp_path / "x.pdf"), db=db_path)
    assert code == 1
    code, _, stderr = cli(
        "export-xlsx", "--out", str(tmp_path / "x.xlsx"), "--county", "广灵县", "--department", "市水务局", db=db_path
    )
    assert code == 2  # mutually exclusive


def _entry(cli, db_path, tmp_path):
    entry = tmp_path / "gl.xlsx"
    code, _, stderr = cli(
        "export-xlsx", "--out", str(entry), "--county", "广灵县", "--entry", "--period", "2025Q3", db=db_path
    )
    assert code == 0, stderr
    return entry


def test_import_valid_dry_run_then_apply(cli, db_path, tmp_path):
    entry = _entry(cli, db_path, tmp_path)
    wb = openpyxl.load_workbook(entry)
    set_field(wb[layout.SHEET_PROGRESS], 2, "本季度完成投资（亿元）", "800万元")
    wb.save(entry)
    ws = _ws(db_path)
    before = db_fingerprint(ws)
    code, stdout, stderr = cli("import-xlsx", str(entry), "--dry-run", db=db_path)
    assert code == 0, stderr
    assert "would change" in stdout and "0.08" in stdout
    assert "800万元" in stderr  # the unit conversion is shown
    assert db_fingerprint(ws) == before
    code, stdout, stderr = cli("import-xlsx", str(entry), db=db_path)
    assert code == 0, stderr
    assert "changed" in stdout
    assert db_fingerprint(ws) != before
    after = db_fingerprint(ws)
    code, stdout, _ = cli("import-xlsx", str(entry), "--json", db=db_path)
    assert code == 0
    result = json.loads(stdout)
    assert result["status"] == "unchanged" and result["applied"] == []
    assert db_fingerprint(ws) == after
    ws.close()


def test_import_errors_listed_one_per_line(cli, db_path, tmp_path):
    entry = _entry(cli, db_path, tmp_path)
    wb = openpyxl.load_workbook(entry)
    sheet = wb[layout.SHEET_PROGRESS]
    set_field(sheet, 2, "本季度完成投资（亿元）", "很多")
    set_field(sheet, 3, "本季度项目状态", "差不多完工")
    wb.save(entry)
    ws = _ws(db_path)
    before = db_fingerprint(ws)
    code, stdout, stderr = cli("import-xlsx", str(entry), db=db_path)
    assert code == 1
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2
    col = openpyxl.utils.get_column_letter(header_map(sheet)["本季度完成投资（亿元）"])
    assert errors[0].startswith(f"error: {layout.SHEET_PROGRESS}，第2行，{col}列“本季度完成投资（亿元）”：")
    assert "第3行" in errors[1] and "“差不多完工”不是有效的状态" in errors[1]
    assert db_fingerprint(ws) == before
    code, stdout, _ = cli("import-xlsx", str(entry), "--json", db=db_path)
    assert code == 1
    data = json.loads(stdout)
    assert data["status"] == "rejected" and len(data["errors"]) == 2
    assert {"sheet", "row", "column", "message", "text"} <= set(data["errors"][0])
    ws.close()


def test_import_conflicts_exit_code_and_flags(cli, db_path, tmp_path):
    entry = _entry(cli, db_path, tmp_path)
    wb = openpyxl.load_workbook(entry)
    sheet = wb[layout.SHEET_PROGRESS]
    set_field(sheet, 2, "年度计划投资（亿元）", 3)
    wb.save(entry)
    code_cell = sheet.cell(row=2, column=header_map(sheet)["项目编号"]).value
    ws = _ws(db_path)
    with ws.session() as s:
        progress.set_progress(
            s, projects.get_project(s, code=code_cell).id, "2025Q3", user="市级", annual_plan=Decimal("2")
        )
    before = db_fingerprint(ws)
    code, stdout, stderr = cli("import-xlsx", str(entry), db=db_path)
    assert code == 3
    assert "conflict" in stdout and "--accept-theirs" in stderr
    assert db_fingerprint(ws) == before
    code, _, stderr = cli("import-xlsx", str(entry), "--keep-mine", db=db_path)
    assert code == 0, stderr
    assert db_fingerprint(ws) == before
    code, _, stderr = cli("import-xlsx", str(entry), "--accept-theirs", db=db_path)
    assert code == 0, stderr
    with ws.session() as s:
        assert progress.get_progress(s, projects.get_project(s, code=code_cell).id, "2025Q3")["annual_plan"] == 3.0
    ws.close()


def test_import_refused_file(cli, db_path, tmp_path):
    bad = tmp_path / "macro.xlsm"
    bad.write_bytes(b"PK\x03\x04")
    code, _, stderr = cli("import-xlsx", str(bad), db=db_path)
    assert code == 1 and "宏" in stderr


def test_import_csv_by_extension(cli, db_path, tmp_path):
    entry = _entry(cli, db_path, tmp_path)
    sheet = openpyxl.load_workbook(entry)[layout.SHEET_PROGRESS]
    cols = header_map(sheet)
    rows = [[("" if c.value is None else str(c.value)) for c in row] for row in sheet.iter_rows()]
    rows[1][cols["形象进度"] - 1] = "已完成，验收中"
    csv_path = tmp_path / "gl.csv"
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)  # what Excel's "CSV (逗号分隔)" writes: multi-line cells quoted
    csv_path.write_bytes(buf.getvalue().encode("gb18030"))
    code, stdout, stderr = cli("import-xlsx", str(csv_path), db=db_path)
    assert code == 0, stderr
    assert "已完成，验收中" in stdout


SUMMARY = re.compile(
    r"^(?P<status>imported|unchanged|rejected|conflicts|dry run): (?P<file>[^:]+): (?P<rows>\d+) rows read, "
    r'(?P<changes>\d+) changes, (?P<errors>\d+) errors, (?P<conflicts>\d+) conflicts; message: "(?P<message>[^"]+)"$'
)
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _summary(output: str) -> re.Match[str]:
    """The import's one summary line: the CLI's own words in English, the importer's Chinese explanation quoted."""
    lines = [line for line in output.splitlines() if SUMMARY.match(line)]
    assert len(lines) == 1, output
    match = SUMMARY.match(lines[0])
    assert match is not None
    own_words = lines[0].replace(f'"{match["message"]}"', "").replace(match["file"], "")
    assert not CHINESE.search(own_words), lines[0]  # no Chinese outside the quoted message and the file name
    return match


def test_import_summary_line_speaks_one_language(cli, db_path, tmp_path):
    entry = _entry(cli, db_path, tmp_path)
    rows = openpyxl.load_workbook(entry)[layout.SHEET_PROGRESS].max_row - 1
    code, stdout, stderr = cli("import-xlsx", str(entry), db=db_path)
    assert code == 0, stderr
    unchanged = _summary(stdout)
    assert unchanged["status"] == "unchanged" and unchanged["file"] == "gl.xlsx"
    assert int(unchanged["rows"]) == rows and unchanged["changes"] == unchanged["errors"] == "0"
    assert unchanged["message"] == "数据与数据库一致，没有需要导入的修改"

    wb = openpyxl.load_workbook(entry)
    set_field(wb[layout.SHEET_PROGRESS], 2, "本季度完成投资（亿元）", "0.5")
    wb.save(entry)
    code, stdout, stderr = cli("import-xlsx", str(entry), "--dry-run", db=db_path)
    assert code == 0, stderr
    assert _summary(stdout)["status"] == "dry run"
    code, stdout, stderr = cli("import-xlsx", str(entry), db=db_path)
    assert code == 0, stderr
    imported = _summary(stdout)
    assert imported["status"] == "imported" and imported["changes"] == "1"
    assert imported["message"] == "已导入 1 项修改"

    set_field(wb[layout.SHEET_PROGRESS], 2, "本季度完成投资（亿元）", "很多")
    wb.save(entry)
    code, stdout, stderr = cli("import-xlsx", str(entry), db=db_path)
    assert code == 1
    rejected = _summary(stderr)  # a refused file's summary goes to stderr with its errors
    assert rejected["status"] == "rejected" and rejected["errors"] == "1"
    assert "未导入任何数据" in rejected["message"]
