"""Milestones: the template (idempotent), editing, ordering, derived status and overdue detection."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from app.core import milestones, projects
from app.db.models import AuditEntry


def _pid(s, code="附表1-05"):
    return projects.get_project(s, code=code).id


def test_template_is_idempotent_and_keeps_existing_kinds(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        milestones.add_milestone(s, pid, title="开工仪式", kind="开工", planned_date="2025-04-01", user="u")
        added = milestones.apply_template(s, pid, user="u")
        assert len(added) == len(milestones.MILESTONE_TEMPLATE) - 1  # 开工 already present
        assert milestones.apply_template(s, pid, user="u") == []
        rows = milestones.list_milestones(s, pid)
        assert [r["kind"] for r in rows] == ["开工"] + [k for k in milestones.MILESTONE_TEMPLATE if k != "开工"]
        assert [r["position"] for r in rows] == list(range(len(rows)))
        assert len({r["kind"] for r in rows}) == len(rows)


def test_template_order_on_empty_project(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        milestones.apply_template(s, pid, user="u")
        titles = [r["title"] for r in milestones.list_milestones(s, pid)]
        assert titles[0] == "立项/项目建议书批复" and titles[-1] == "竣工验收" and len(titles) == 9


def test_reorder_move_and_delete(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        ids = [milestones.add_milestone(s, pid, title=t, user="u") for t in ("甲", "乙", "丙", "丁")]
        assert milestones.move_milestone(s, ids[3], 0, user="u") == 0
        assert [r["title"] for r in milestones.list_milestones(s, pid)] == ["丁", "甲", "乙", "丙"]
        assert milestones.move_milestone(s, ids[3], 99, user="u") == 3  # clamped to the end
        assert [r["title"] for r in milestones.list_milestones(s, pid)] == ["甲", "乙", "丙", "丁"]
        milestones.reorder_milestones(s, pid, [ids[2], ids[0], ids[1], ids[3]], user="u")
        assert [r["title"] for r in milestones.list_milestones(s, pid)] == ["丙", "甲", "乙", "丁"]
        with pytest.raises(projects.ValidationError):
            milestones.reorder_milestones(s, pid, ids[:3], user="u")
        milestones.delete_milestone(s, ids[0], user="u")
        rows = milestones.list_milestones(s, pid)
        assert [r["title"] for r in rows] == ["丙", "乙", "丁"] and [r["position"] for r in rows] == [0, 1, 2]
        kinds = {(e.field) for e in s.scalars(select(AuditEntry).where(AuditEntry.entity_type == "milestone"))}
        assert {"created", "sort_order", "deleted"} <= kinds


def test_update_versioning_and_conflict(workspace):
    with workspace.session() as s:
        mid = milestones.add_milestone(s, _pid(s), title="可研批复", kind="可研批复", user="u")
        assert milestones.update_milestone(
            s, mid, {"planned_date": "2025-05-01", "note": "市发改委"}, user="甲", expected_version=1
        ) == ["planned_date", "note"]
        with pytest.raises(projects.ConflictError):
            milestones.update_milestone(s, mid, {"note": "x"}, user="乙", expected_version=1)
        assert milestones.update_milestone(s, mid, {"planned_date": dt.date(2025, 5, 1)}, user="甲") == []
        row = milestones.list_milestones(s, _pid(s))[0]
        assert row["version"] == 2 and row["planned_date"] == "2025-05-01" and row["updated_by"] == "甲"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": " "}, "title"),
        ({"planned_date": "2025-02-30"}, "planned_date"),
        ({"status": "逾期"}, "status"),
        ({"bogus": 1}, "bogus"),
        ({"actual_date": dt.date.today() + dt.timedelta(days=1)}, "actual_date"),
    ],
)
def test_validation(workspace, changes, field):
    with workspace.session() as s:
        mid = milestones.add_milestone(s, _pid(s), title="x", user="u")
        with pytest.raises(projects.ValidationError) as info:
            milestones.update_milestone(s, mid, changes, user="u")
        assert field in info.value.errors


def test_effective_status():
    as_of = dt.date(2025, 9, 30)
    assert milestones.effective_status("未开始", dt.date(2025, 9, 1), dt.date(2025, 9, 2), as_of) == "已完成"
    assert (
        milestones.effective_status("已完成", dt.date(2025, 9, 29), None, as_of) == "逾期"
    )  # dates beat the stored text
    assert milestones.effective_status("进行中", dt.date(2025, 9, 30), None, as_of) == "进行中"  # due today: not late
    assert milestones.effective_status("未开始", dt.date(2025, 10, 1), None, as_of) == "未开始"
    assert milestones.effective_status("未开始", None, None, as_of) == "未开始"
    assert milestones.effective_status("未开始", dt.date(2025, 1, 1), dt.date(2025, 10, 1), as_of) == "逾期"


def test_overdue_milestones_across_portfolio(workspace):
    with workspace.session() as s:
        a, b = _pid(s), _pid(s, "附表1-06")
        milestones.add_milestone(s, a, title="开工", kind="开工", planned_date="2025-06-01", user="u")
        milestones.add_milestone(s, b, title="可研批复", planned_date="2025-09-01", user="u")
        milestones.add_milestone(s, b, title="环评批复", planned_date="2025-01-01", actual_date="2025-02-01", user="u")
        rows = milestones.overdue_milestones(s, dt.date(2025, 9, 30))
        assert [(r["code"], r["title"], r["overdue_days"]) for r in rows] == [
            ("附表1-05", "开工", 121),
            ("附表1-06", "可研批复", 29),
        ]
        assert milestones.overdue_milestones(s, dt.date(2025, 6, 1)) == []


def test_milestone_cli(cli, db_path):
    code, out, err = cli("milestone", "template", "--code", "附表1-05", db=db_path)
    assert code == 0 and "added 9" in out, err
    code, out, err = cli("milestone", "template", "--code", "附表1-05", db=db_path)
    assert code == 0 and "added 0" in out
    code, out, err = cli(
        "milestone", "add", "--code", "附表1-05", "--title", "设备采购", "--planned", "2020-01-01", db=db_path
    )
    assert code == 0, err
    code, out, err = cli("milestone", "list", "--code", "附表1-05", "--json", db=db_path)
    rows = json.loads(out)
    assert len(rows) == 10 and rows[-1]["title"] == "设备采购" and rows[-1]["effective_status"] == "逾期"
    assert rows[-1]["kind"] == "自定义"
    code, out, err = cli("milestone", "move", "--id", rows[-1]["id"], "--to", "1", db=db_path)
    assert code == 0, err
    code, out, err = cli("milestone", "list", "--code", "附表1-05", "--json", db=db_path)
    assert json.loads(out)[0]["title"] == "设备采购"
    code, out, err = cli(
        "milestone", "add", "--code", "附表1-05", "--title", "x", "--planned", "2025-13-01", db=db_path
    )
    assert code != 0 and "YYYY-MM-DD" in err and "Traceback" not in err


def test_milestone_add_reads_dates_as_the_importer_does(cli, db_path):
    code, out, err = cli(
        "milestone", "add", "--code", "附表1-05", "--title", "竣工", "--planned", "2025/12/31", db=db_path
    )
    assert code == 0, err  # before the fix: "日期格式应为 YYYY-MM-DD"
    code, out, err = cli("milestone", "list", "--code", "附表1-05", "--json", db=db_path)
    assert json.loads(out)[-1]["planned_date"] == "2025-12-31"


def test_an_impossible_day_is_not_called_a_format_error(cli, db_path):
    code, out, err = cli(
        "milestone", "add", "--code", "附表1-05", "--title", "x", "--planned", "2025-02-30", db=db_path
    )
    assert code != 0 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "“2025-02-30”不是有效日期：2025年2月没有 30 日" in err and "not a valid date" in err
