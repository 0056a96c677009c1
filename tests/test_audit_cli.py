"""`python -m app.cli audit`: filters, JSON, the xlsx export read back with openpyxl, and clear errors."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from app.exchange import audit_export

CODE = "附表1-08"


@pytest.fixture
def changed(cli, db_path):
    """Changes by two people through the CLI: 张三 reports progress, lisi records an issue written like a formula."""
    code, _out, err = cli(
        "--user", "张三", "progress", "set", "--code", CODE, "--period", "2025Q3", "--invested", "0.35", db=db_path
    )
    assert code == 0, err
    code, _out, err = cli(
        "--user",
        "lisi",
        "issue",
        "add",
        "--code",
        "附表2-01",
        "--description",
        '=HYPERLINK("http://x","点我")',
        db=db_path,
    )
    assert code == 0, err
    return db_path


def _json(cli, db_path, *args):
    code, out, err = cli("audit", *args, "--json", db=db_path)
    assert code == 0, err
    return json.loads(out)


def test_filters_by_user_project_source_and_date(cli, changed):
    rows = _json(cli, changed, "--user", "张三")
    assert [(r["user"], r["project_code"], r["county"], r["field"], r["new_value"]) for r in rows] == [
        ("张三", CODE, "灵丘县", "2025Q3.invested", "0.35")
    ]
    assert rows[0]["source"] == "cli" and rows[0]["source_label"] == "命令行"
    assert {r["user"] for r in _json(cli, changed, "--source", "命令行")} == {"张三", "lisi"}
    assert {r["project_code"] for r in _json(cli, changed, "--project", CODE)} == {CODE}
    seeded = _json(cli, changed, "--source", "seed", "--project", "附表2-01")
    assert len(seeded) == 1 and seeded[0]["source_label"] == "初始数据"
    today = dt.date.today().isoformat()
    assert len(_json(cli, changed, "--since", today, "--until", today, "--source", "cli")) == 2
    assert _json(cli, changed, "--until", "2020-12-31") == []


def test_text_output_newest_first_and_limit(cli, changed):
    code, out, err = cli("audit", "--source", "cli", "--limit", "1", db=changed)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 1 and "\tlisi\t附表2-01\t" in lines[0] and "命令行" in lines[0]
    code, out, err = cli("audit", "--user", "nobody", db=changed)
    assert code == 0 and out == "" and "no audit entries match" in err


def test_audit_user_filter_does_not_change_who_writes(cli, changed):
    """`--user` after `audit` is the filter; the global --user (before the command) stays the writer's name."""
    code, out, err = cli("--user", "someone", "audit", "--user", "张三", "--json", db=changed)
    assert code == 0, err
    assert {r["user"] for r in json.loads(out)} == {"张三"}


def test_xlsx_export_reads_back_and_keeps_formulas_as_text(cli, changed, tmp_path):
    out = tmp_path / "audit.xlsx"
    code, stdout, err = cli("audit", "--source", "cli", "--xlsx", str(out), db=changed)
    assert code == 0, err
    assert "2 entries" in stdout
    wb = openpyxl.load_workbook(out)
    sheet = wb[audit_export.SHEET_ENTRIES]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["时间", "修改人", "项目编号", "项目名称"] and "来源" in header
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert [(r["修改人"], r["项目编号"], r["来源"]) for r in rows] == [
        ("lisi", "附表2-01", "命令行"),
        ("张三", CODE, "命令行"),
    ]
    assert rows[1]["县区"] == "灵丘县" and rows[1]["新值"] == "0.35"
    assert isinstance(rows[0]["时间"], dt.datetime)
    formula_cells = [c for row in sheet.iter_rows(min_row=2) for c in row if str(c.value).startswith("=HYPERLINK")]
    assert formula_cells and all(c.data_type == "s" for c in formula_cells)  # text, never a formula
    conditions = dict(wb[audit_export.SHEET_CONDITIONS].iter_rows(min_row=2, values_only=True))
    assert conditions["来源"] == "命令行" and conditions["条数"] == "2"
    assert conditions["本库所属单位"] == "未设置"


def test_xlsx_export_names_the_office_of_the_database(cli, changed, tmp_path):
    code, _out, err = cli("office", "set", "灵丘县", db=changed)
    assert code == 0, err
    out = tmp_path / "audit.xlsx"
    code, _stdout, err = cli("audit", "--xlsx", str(out), db=changed)
    assert code == 0, err
    conditions = dict(openpyxl.load_workbook(out)[audit_export.SHEET_CONDITIONS].iter_rows(min_row=2, values_only=True))
    assert conditions["本库所属单位"] == "灵丘县"


def test_xlsx_export_replaces_only_with_force_and_never_the_database(cli, changed, tmp_path):
    out = tmp_path / "audit.xlsx"
    assert cli("audit", "--xlsx", str(out), db=changed)[0] == 0
    code, _out, err = cli("audit", "--user", "张三", "--xlsx", str(out), db=changed)
    assert code == 1 and "--force" in err
    code, _out, err = cli("audit", "--user", "张三", "--xlsx", str(out), "--force", db=changed)
    assert code == 0, err
    assert openpyxl.load_workbook(out)[audit_export.SHEET_ENTRIES].max_row == 2  # header + 张三's entry
    before = changed.read_bytes()
    code, _out, err = cli("audit", "--xlsx", str(changed), "--force", db=changed)
    assert code == 1 and "open database" in err and changed.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--source", "火星"), "unknown source"),
        (("--kind", "nothing"), "unknown kind"),
        (("--since", "2025-02-30"), "not a valid date"),
        (("--since", "2025-03-01", "--until", "2025-01-31"), "晚于"),
        (("--project", "没有这个项目"), "no project code or name matches"),
        (("--force",), "--force only applies with --xlsx"),
        (("--limit", "0"), "--limit must be 1 or more"),
    ],
)
def test_bad_input_is_one_clear_line(cli, db_path, args, message):
    code, out, err = cli("audit", *args, db=db_path)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
