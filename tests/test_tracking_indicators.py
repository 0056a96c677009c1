"""Plan indicators: every target kind of Table 3-1, direction, and recording yearly values."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.core import indicators, projects
from app.db.models import AuditEntry

H, L = indicators.HIGHER, indicators.LOWER


@pytest.mark.parametrize(
    "kind, way, baseline, target, latest, text, met, progress",
    [
        # value, higher is better: 空气质量优良天数比例 86.1 -> 88
        ("value", H, "86.1", "88", "88", "已达到目标", True, 1.0),
        ("value", H, "86.1", "88", "87.05", "未达到", False, 0.5),
        ("value", H, "86.1", "88", "80", "未达到", False, 0.0),  # moved the wrong way
        ("value", H, None, "7", "3.5", "未达到", False, 0.5),  # 绿色矿业示范工程: no baseline, count from zero
        # value, lower is better: 劣V类比例 target 0, 用水总量 ceiling 7.4
        ("value", L, "0", "0", "0", "已达到目标", True, 1.0),
        ("value", L, "0", "0", "2", "未达到", False, 0.0),
        ("value", L, "6.16", "7.4", "7.4", "已达到目标", True, 1.0),  # at the ceiling is within it
        ("value", L, "6.16", "7.4", "7.5", "未达到", False, 0.0),
        ("value", L, "10", "6", "8", "未达到", False, 0.5),
        # below: PM2.5 31 -> "<30" (strict)
        ("below", L, "31", "30", "29.9", "已达到目标", True, 1.0),
        ("below", L, "31", "30", "30", "未达到", False, 1.0),
        ("below", L, "31", "30", "30.5", "未达到", False, 0.5),
        ("below", L, "31", "30", "33", "未达到", False, 0.0),
        # no_decrease: 生态保护红线 22.34 不缩小
        ("no_decrease", H, "22.34", None, "22.34", "已达到目标", True, 1.0),
        ("no_decrease", H, "22.34", None, "22.3", "未达到", False, None),
        ("no_decrease", H, None, None, "22.3", "无基期值，无法判断", None, None),
        # assigned: no numeric progress, observed or not
        ("assigned", H, "42", None, "80", "以国家、省级下达指标为准", None, None),
        ("assigned", H, "42", None, None, "以国家、省级下达指标为准", None, None),
        # unknown target
        ("unknown", H, None, None, "3", "无数值目标", None, None),
        # no observation yet
        ("value", H, "86.1", "88", None, "无观测值", None, None),
        ("below", L, "31", "30", None, "无观测值", None, None),
    ],
)
def test_evaluate_each_kind(kind, way, baseline, target, latest, text, met, progress):
    def dec(x):
        return None if x is None else Decimal(x)

    got_text, got_met, got_progress = indicators.evaluate(kind, way, dec(baseline), dec(target), dec(latest))
    assert (got_text, got_met) == (text, met)
    if progress is None:
        assert got_progress is None
    else:
        assert got_progress == pytest.approx(progress)


def test_direction_table():
    assert indicators.direction(2) == L and indicators.direction(22) == L and indicators.direction(4) == L
    assert indicators.direction(1) == H and indicators.direction(15) == H and indicators.direction(11) == H


def test_progress_from_database(workspace):
    with workspace.session() as s:
        by_seq = {i.seq: i for i in indicators.indicator_progress(s)}
        assert len(by_seq) == 30
        assert by_seq[1].status_text == "无观测值" and by_seq[1].binding
        assert by_seq[3].status_text == "以国家、省级下达指标为准"
        assert by_seq[10].status_text == "无数值目标"
        pm = s.scalar(select(indicators.Indicator.id).where(indicators.Indicator.seq == 2))
        indicators.set_indicator_value(s, pm, 2022, "３０.５", user="u")
        indicators.set_indicator_value(s, pm, 2023, 29, user="u")
        latest = {i.seq: i for i in indicators.indicator_progress(s)}[2]
        assert (latest.latest_value, latest.latest_year, latest.status_text) == (Decimal(29), 2023, "已达到目标")
        older = {i.seq: i for i in indicators.indicator_progress(s, up_to_year=2022)}[2]
        assert older.latest_year == 2022 and older.status_text == "未达到" and older.progress == pytest.approx(0.5)
        d = older.to_dict()
        assert d["latest_value"] == 30.5 and d["direction"] == "lower"


def test_set_value_validation_version_and_audit(workspace):
    with workspace.session() as s:
        iid = indicators.get_indicator(s, seq=15).id
        vid = indicators.set_indicator_value(s, iid, 2023, 22.5, user="u")
        assert indicators.set_indicator_value(s, iid, 2023, "22.5", user="u") == vid  # same value: no new version
        indicators.set_indicator_value(s, iid, 2023, "23", user="甲", expected_version=1)
        with pytest.raises(projects.ConflictError):
            indicators.set_indicator_value(s, iid, 2023, "24", user="乙", expected_version=1)
        for year, value in ((1899, 1), (2023, "abc"), (2023, True)):
            with pytest.raises(projects.ValidationError):
                indicators.set_indicator_value(s, iid, year, value, user="u")
        entries = s.scalars(select(AuditEntry).where(AuditEntry.entity_type == "indicator_value")).all()
        assert [e.new_value for e in entries] == ["22.5", "23"]
        assert indicators.delete_indicator_value(s, iid, 2023, user="u")
        assert {i.seq: i for i in indicators.indicator_progress(s)}[15].latest_value is None


def test_indicator_cli(cli, db_path):
    code, out, err = cli("indicator", "set", "--seq", "15", "--year", "2023", "--value", "25", db=db_path)
    assert code == 0, err
    code, out, err = cli("indicator", "list", "--json", db=db_path)
    row = {r["seq"]: r for r in json.loads(out)}[15]
    assert row["status_text"] == "已达到目标" and row["latest_value"] == 25 and row["progress"] == 1.0
    code, out, err = cli("indicator", "set", "--seq", "99", "--year", "2023", "--value", "1", db=db_path)
    assert code != 0 and "Traceback" not in err
