"""The seed workbook is faithful to the plan's appendix and Table 3-1, and is reproducible from the text."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from app.paths import seed_workbook_path
from seed.build_seed import build


def _source_rows(plan: Path) -> dict[int, list[list[str]]]:
    """An independent, deliberately simple reading of the appendix: {table: [cells of each numbered row]}."""
    lines = plan.read_text(encoding="utf-8").split("\n")
    start = lines.index("附表：重点工程项目基本信息表")
    tables: dict[int, list[list[str]]] = {}
    current = None
    for line in lines[start:]:
        m = re.match(r"^附表\s*(\d)\s", line)
        if m and "\t" not in line:
            current = int(m.group(1))
            tables[current] = []
        elif current and "\t" in line and line.split("\t")[0].strip().isdigit():
            tables[current].append(line.split("\t"))
    return tables


@pytest.fixture(scope="module")
def projects_json(tmp_path_factory):
    from tests.conftest import run_cli

    db = tmp_path_factory.mktemp("seed") / "seed.sqlite3"
    code, out, err = run_cli("init", db=db)
    assert code == 0, err
    code, out, err = run_cli("projects", "--json", db=db)
    assert code == 0, err
    return json.loads(out)


def test_every_appendix_row_is_one_project(plan_text, projects_json):
    source = _source_rows(plan_text)
    assert {t: len(rows) for t, rows in source.items()} == {1: 16, 2: 10, 3: 9, 4: 7, 5: 11, 6: 6, 7: 9}
    assert len(projects_json) == 68
    got = {(p["appendix_table"], p["row"]) for p in projects_json}
    want = {(t, int(cells[0])) for t, rows in source.items() for cells in rows}
    assert got == want
    assert len({p["id"] for p in projects_json}) == 68
    assert len({p["code"] for p in projects_json}) == 68


def test_investment_totals_per_table_match_the_source(plan_text, projects_json):
    source = _source_rows(plan_text)
    for table, rows in source.items():
        # the investment column is the one headed 概算总投资: 7th in tables with a scale column, else 6th
        idx = 6 if table not in (6, 7) else 5
        numbers = [c[idx].strip() for c in rows]
        expected = sum(Decimal(n) for n in numbers if re.fullmatch(r"\d+(\.\d+)?", n))
        unknown = sum(1 for n in numbers if not re.fullmatch(r"\d+(\.\d+)?", n))
        mine = [p for p in projects_json if p["appendix_table"] == table]
        got = sum(Decimal(str(p["investment_total"])) for p in mine if p["investment_total"] is not None)
        assert got == expected, f"附表{table}"
        assert sum(1 for p in mine if p["investment_total"] is None) == unknown, f"附表{table}"
    total = sum(Decimal(str(p["investment_total"])) for p in projects_json if p["investment_total"] is not None)
    assert total == Decimal("402.1808")  # summed by hand from the plan: 168.066+4.631+104.866+17.0838+9.35+1.174+97.01


def _by_code(projects, code):
    return next(p for p in projects if p["code"] == code)


def test_tricky_rows(projects_json):
    p = _by_code(projects_json, "附表1-01")
    assert p["investment_total"] is None and p["new_land_mu"] is None  # "---" is unknown, not 0
    assert p["raw"]["investment_total"] == "---"
    assert any(f["rule"] == "missing_investment" for f in p["flags"])

    p = _by_code(projects_json, "附表1-02")
    assert p["investment_total"] == 35.27 and p["new_land_mu"] == 2000
    assert p["lead_departments"] == ["市经建投", "市园林局"]  # space-separated pair

    p = _by_code(projects_json, "附表1-03")
    assert p["new_land_mu"] == 50 and p["raw"]["new_land_mu"] == "50亩"

    p = _by_code(projects_json, "附表1-04")
    assert p["county"] == "市级" and p["counties"] == ["云冈区", "阳高县", "新荣区"]
    assert p["lead_departments"] == ["永定河流域投资有限公司", "云冈区政府"]

    p = _by_code(projects_json, "附表1-07")
    assert p["new_land_mu"] == 0  # a real zero stays zero

    p = _by_code(projects_json, "附表1-15")
    assert p["entities"] == ["广灵县人民政府", "瑞图生态科技有限公司"]

    p = _by_code(projects_json, "附表2-01")
    assert p["lead_departments"] == ["广灵县林业局"]  # "广灵县 林业局" is one department broken by a line wrap
    assert p["new_land_mu"] is None  # 附表2 has no land column

    p = _by_code(projects_json, "附表3-08")  # one project over three source lines
    assert p["entities"] == ["浑源县福鑫耐材有限公司", "浑源县恒山瓷业发展有限公司", "浑源县恒旺粉体材料有限公司"]
    assert p["investment_total"] == 0.066 and p["county"] == "浑源县"
    assert p["scale"].count("\n") == 2 and "60 万件" in p["scale"]

    p = _by_code(projects_json, "附表3-06")
    assert p["county"] == "经济技术开发区"

    p = _by_code(projects_json, "附表4-04")
    assert p["investment_total"] == 1.4868 and p["county"] == "左云县"

    p = _by_code(projects_json, "附表5-03")
    assert p["investment_total"] is None and p["county"] == "市级"

    p = _by_code(projects_json, "附表5-06")
    assert p["lead_departments"] == [] and p["investment_total"] is None

    p = _by_code(projects_json, "附表6-06")
    assert "<p>" not in p["content"] and p["raw"]["content"].startswith("<p>")

    p = _by_code(projects_json, "附表7-08")
    assert p["new_land_mu"] == 100000 and p["raw"]["new_land_mu"] == "10 万"
    assert any(f["rule"] == "land_unit" and f["severity"] == "warning" for f in p["flags"])


def test_oddities_are_flagged_not_merged(projects_json):
    rules = {p["code"]: {f["rule"] for f in p["flags"]} for p in projects_json}
    assert "duplicate_row" in rules["附表1-08"] and "duplicate_row" in rules["附表1-13"]
    assert "duplicate_name" in rules["附表1-07"] and "duplicate_name" in rules["附表1-08"]
    assert "similar_works" in rules["附表5-04"] and "similar_works" in rules["附表5-05"]
    assert "name_truncated" in rules["附表3-04"]  # "...综合治理项"
    assert "name_truncated" in rules["附表7-09"]  # "国华风电与有限公司"
    assert "investment_mismatch" in rules["附表3-04"]  # scale says 1.93 亿, column says 2.030
    assert "land_mentioned" in rules["附表1-10"] and "land_mentioned" in rules["附表4-03"]
    assert "multi_line_row" in rules["附表3-08"]
    assert "lead_ambiguous" in rules["附表7-07"]  # "住建局" of which county?
    # both rows of each suspected duplicate pair are still there
    codes = {p["code"] for p in projects_json}
    assert {"附表1-07", "附表1-08", "附表1-13", "附表5-04", "附表5-05"} <= codes


def test_ids_are_stable_across_databases(tmp_path):
    from tests.conftest import run_cli

    ids = []
    for name in ("county.sqlite3", "city.sqlite3"):
        assert run_cli("init", db=tmp_path / name)[0] == 0
        code, out, err = run_cli("projects", "--json", db=tmp_path / name)
        assert code == 0, err
        ids.append({p["code"]: p["id"] for p in json.loads(out)})
    assert ids[0] == ids[1]


def test_indicators(cli, db_path):
    code, out, err = cli("indicators", "--json", db=db_path)
    assert code == 0, err
    rows = json.loads(out)
    assert [r["seq"] for r in rows] == list(range(1, 31))
    by = {r["seq"]: r for r in rows}
    assert by[1]["baseline_value"] == 86.1 and by[1]["target_value"] == 88 and by[1]["binding"] is True
    assert by[1]["unit"] == "%" and by[1]["level1"] == "生态保护" and by[1]["level2"] == "环境质量改善"
    assert by[2]["name"] == "城市PM2.5浓度" and by[2]["target_kind"] == "below" and by[2]["target_value"] == 30
    assert by[3]["target_kind"] == "assigned" and by[3]["target_value"] is None
    assert by[6]["baseline_value"] is None and by[6]["baseline_raw"] == "-"
    assert by[10]["target_kind"] == "unknown" and by[10]["baseline_raw"] is None and by[10]["target_raw"] is None
    assert by[14]["target_kind"] == "no_decrease"
    assert by[19]["baseline_value"] == 15 and by[19]["baseline_note"] == "比2015年"
    assert by[22]["unit"] == "亿m³" and by[22]["target_value"] == 7.4
    assert by[25]["level2"] == "生态保护水平" and by[28]["level1"] == "生态文明" and by[28]["level2"] == "目标责任"
    assert [r["seq"] for r in rows if r["binding"]] == [1, 2, 3, 4, 5, 9, 10, 11, 12, 13, 14, 15, 19, 21, 22, 23]


def _sheet_values(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def test_committed_workbook_is_rebuilt_identically_from_the_plan(plan_text, tmp_path):
    rebuilt = tmp_path / "rebuilt.xlsx"
    build(plan_text, rebuilt)
    assert _sheet_values(rebuilt) == _sheet_values(seed_workbook_path()), (
        "seed/appendix_projects.xlsx is stale: run `python -m seed.build_seed`"
    )


def test_review_sheet_lists_every_finding_with_a_reason():
    sheets = _sheet_values(seed_workbook_path())
    review = sheets["待核查"]
    header, rows = review[0], review[1:]
    assert header[:7] == ("ID", "对象", "名称", "字段", "规则", "级别", "说明")
    assert rows and all(r[6] for r in rows)
    assert len({r[0] for r in rows}) == len(rows)
    assert "说明" in sheets and any("亿元" in (r[2] or "") for r in sheets["说明"])
