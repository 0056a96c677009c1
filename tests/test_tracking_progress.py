"""Quarterly progress: validation, versioning, audit, and derived cumulative figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from app.core import progress, projects
from app.db.models import AuditEntry, ReviewFlag


def _pid(s, code="附表1-05"):  # 附表1-05: 概算总投资 10 亿元
    return projects.get_project(s, code=code).id


def test_cumulative_across_quarters_and_years(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        progress.set_progress(s, pid, "2024Q3", user="u", invested=Decimal("1.5"))
        progress.set_progress(s, pid, "2024Q4", user="u", invested=1.0)
        progress.set_progress(s, pid, "2025Q1", user="u", invested="5000万元")
        progress.set_progress(s, pid, "2025Q3", user="u", invested="２")
    with workspace.session() as s:
        assert progress.cumulative_invested(s, pid, "2024Q3") == Decimal("1.5")
        assert progress.cumulative_invested(s, pid, "2024Q4") == Decimal("2.5")
        assert progress.cumulative_invested(s, pid, "2025Q2") == Decimal("3")  # no Q2 record: Q1 total carries
        assert progress.cumulative_invested(s, pid, "2025Q3") == Decimal("5")
        assert progress.cumulative_invested(s, pid, "2024Q2") is None  # nothing reported yet: unknown
        row = progress.get_progress(s, pid, "2025Q3")
        assert row["cumulative"] == 5.0 and row["completion_rate"] == pytest.approx(0.5)
        history = progress.progress_history(s, pid)
        assert [h["cumulative"] for h in history] == [1.5, 2.5, 3.0, 5.0]
        assert [h["period"] for h in history] == ["2024Q3", "2024Q4", "2025Q1", "2025Q3"]


def test_unknown_total_gives_unknown_rate(workspace):
    with workspace.session() as s:
        pid = _pid(s, "附表1-01")  # total unknown in the plan
        progress.set_progress(s, pid, "2025Q1", user="u", invested=3)
        row = progress.get_progress(s, pid, "2025Q1")
        assert row["cumulative"] == 3.0 and row["completion_rate"] is None
    assert progress.completion_rate(Decimal(0), Decimal(10)) == 0
    assert progress.completion_rate(None, Decimal(10)) is None
    assert progress.completion_rate(Decimal(1), None) is None


@pytest.mark.parametrize("value", [-1, "-0.5", Decimal("-3"), "-500万元"])
def test_negative_amounts_are_rejected_in_chinese(workspace, value):
    with workspace.session() as s:
        pid = _pid(s)
        with pytest.raises(projects.ValidationError) as info:
            progress.set_progress(s, pid, "2025Q1", user="u", invested=value)
        assert "不能为负数" in str(info.value) and "invested" in info.value.errors
        assert progress.get_progress(s, pid, "2025Q1") is None


@pytest.mark.parametrize("value", ["abc", "1.2.3", float("nan"), True])
def test_garbage_amounts_are_rejected(workspace, value):
    with workspace.session() as s, pytest.raises(projects.ValidationError):
        progress.set_progress(s, _pid(s), "2025Q1", user="u", annual_plan=value)


def test_bad_status_and_unknown_field_and_bad_period(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        with pytest.raises(projects.ValidationError, match="状态应为"):
            progress.set_progress(s, pid, "2025Q1", user="u", status="进行中")
        with pytest.raises(projects.ValidationError):
            progress.set_progress(s, pid, "2025Q1", user="u", cumulative=3)
        with pytest.raises(projects.ValidationError, match="报告期格式"):
            progress.set_progress(s, pid, "2025Q5", user="u", invested=1)


def test_over_total_warns_and_flags_once(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        first = progress.set_progress(s, pid, "2025Q1", user="u", invested=8)
        assert first.warnings == []
        second = progress.set_progress(s, pid, "2025Q2", user="u", invested=3)
        assert any("超过概算总投资" in w for w in second.warnings)
        third = progress.set_progress(s, pid, "2025Q3", user="u", invested=1)
        assert third.warnings
        flags = s.scalars(
            select(ReviewFlag).where(ReviewFlag.project_id == pid, ReviewFlag.rule == "cumulative_over_total")
        ).all()
        assert len(flags) == 1 and "12" in flags[0].message
        assert progress.get_progress(s, pid, "2025Q3")["completion_rate"] == pytest.approx(1.2)  # accepted


def test_unit_conversion_is_reported_as_warning(workspace):
    with workspace.session() as s:
        result = progress.set_progress(s, _pid(s), "2025Q1", user="u", invested="500万元")
        assert any("万元" in w for w in result.warnings)
        assert progress.get_progress(s, _pid(s), "2025Q1")["invested"] == 0.05


def test_only_given_fields_change_version_and_audit(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        r1 = progress.set_progress(s, pid, "2025Q1", user="甲", invested=1, physical_progress="完成场地平整")
        assert r1.version == 1 and set(r1.changed_fields) == {"invested", "physical_progress"}
        r2 = progress.set_progress(s, pid, "2025Q1", user="乙", problems="征地受阻", expected_version=1)
        assert r2.version == 2 and r2.changed_fields == ["problems"]
        r3 = progress.set_progress(s, pid, "2025Q1", user="乙", invested="1.0000")  # same amount: no change
        assert r3.changed_fields == [] and r3.version == 2
        row = progress.get_progress(s, pid, "2025Q1")
        assert row["physical_progress"] == "完成场地平整" and row["problems"] == "征地受阻"
        fields = [e.field for e in s.scalars(select(AuditEntry).where(AuditEntry.entity_type == "progress"))]
        assert sorted(fields) == ["2025Q1.invested", "2025Q1.physical_progress", "2025Q1.problems"]


def test_optimistic_locking(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        progress.set_progress(s, pid, "2025Q1", user="甲", invested=1, expected_version=0)
        progress.set_progress(s, pid, "2025Q1", user="甲", invested=2, expected_version=1)
        with pytest.raises(projects.ConflictError, match="请刷新"):
            progress.set_progress(s, pid, "2025Q1", user="乙", invested=3, expected_version=1)
        with pytest.raises(projects.ConflictError):
            progress.set_progress(s, pid, "2025Q2", user="乙", invested=3, expected_version=1)  # no such record


def test_status_updates_project_with_audit(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        progress.set_progress(s, pid, "2025Q2", user="甲", status="在建")
        project = projects.get_project(s, pid)
        assert project.status == "在建" and project.version == 2
        # Correcting an older quarter must not overwrite the newer quarter's status.
        progress.set_progress(s, pid, "2025Q1", user="甲", status="前期")
        assert projects.get_project(s, pid).status == "在建"
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "project", AuditEntry.field == "status")
        ).all()
        assert [(e.old_value, e.new_value) for e in entries] == [("储备", "在建")]


def test_failed_write_changes_nothing(workspace):
    with pytest.raises(projects.ValidationError), workspace.session() as s:
        progress.set_progress(s, _pid(s), "2025Q1", user="u", invested=1, annual_plan=-2)
    with workspace.session() as s:
        assert progress.get_progress(s, _pid(s), "2025Q1") is None
        assert not s.scalars(select(AuditEntry).where(AuditEntry.entity_type == "progress")).all()


def test_cli_progress_set_and_list(cli, db_path):
    code, out, err = cli(
        "progress",
        "set",
        "--code",
        "附表1-05",
        "--period",
        "2025Q3",
        "--invested",
        "1.5",
        "--annual-plan",
        "4",
        "--physical",
        "主体施工",
        "--problems",
        "资金不足",
        "--next",
        "加快施工",
        "--status",
        "在建",
        db=db_path,
    )
    assert code == 0, err
    cli("progress", "set", "--code", "附表1-05", "--period", "2025Q2", "--invested", "0.5", db=db_path)
    code, out, err = cli("progress", "list", "--period", "2025Q3", "--json", db=db_path)
    assert code == 0, err
    import json

    rows = json.loads(out)
    assert len(rows) == 1
    row = rows[0]
    required = {
        "code",
        "name",
        "county",
        "period",
        "invested",
        "annual_plan",
        "cumulative",
        "completion_rate",
        "rag",
        "rag_label",
        "rag_reasons",
        "status",
        "physical_progress",
        "problems",
        "next_steps",
        "version",
    }
    assert required <= row.keys()
    assert row["code"] == "附表1-05" and row["county"] == "灵丘县" and row["period"] == "2025Q3"
    assert row["invested"] == 1.5 and row["annual_plan"] == 4 and row["cumulative"] == 2.0
    assert row["completion_rate"] == pytest.approx(0.2)
    assert row["status"] == "在建" and row["rag"] in {"green", "amber", "red", "unknown"}
    assert isinstance(row["rag_reasons"], list) and row["rag_reasons"]
    assert row["physical_progress"] == "主体施工" and row["version"] == 1

    code, out, err = cli("progress", "set", "--code", "附表1-05", "--period", "2025Q3", "--invested", "-1", db=db_path)
    assert code != 0 and "不能为负数" in err and "Traceback" not in err
    code, out, err = cli("progress", "set", "--code", "附表9-99", "--period", "2025Q3", "--invested", "1", db=db_path)
    assert code != 0 and "Traceback" not in err


def test_blank_amount_is_unknown_not_zero(workspace):
    from app.core import status

    with workspace.session() as s:
        pid = _pid(s)
        progress.set_progress(s, pid, "2025Q1", user="u", physical_progress="前期手续办理中", status="在建")
        assert progress.get_progress(s, pid, "2025Q1")["cumulative"] is None
        st = status.project_statuses(s, "2025Q1")[pid]
        assert st.cumulative is None and st.completion_rate is None
        assert st.rag == "unknown" and st.rag_reasons == ["进度记录未填报完成投资金额，无法评估"]
        progress.set_progress(s, pid, "2025Q2", user="u", invested=2)
        assert [h["cumulative"] for h in progress.progress_history(s, pid)] == [None, 2.0]
        assert status.project_statuses(s, "2025Q2")[pid].cumulative == 2


def _project_status(s, pid):
    return projects.get_project(s, pid).status


def test_deleting_the_latest_report_rolls_the_status_back_to_the_previous_quarter(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        progress.set_progress(s, pid, "2025Q2", user="u", invested=1, status="前期")
        progress.set_progress(s, pid, "2025Q3", user="u", invested=1, status="在建")
        assert _project_status(s, pid) == "在建"
        assert progress.delete_progress(s, pid, "2025Q3", user="u")
        # Before the fix the project stayed 在建 with no report saying so.
        assert _project_status(s, pid) == "前期"
        detail = s.scalars(
            select(AuditEntry.source_detail).where(AuditEntry.entity_type == "project", AuditEntry.field == "status")
        ).all()
        assert "删除 2025Q3 进度记录，状态恢复为 2025Q2 填报的状态" in detail


def test_deleting_the_only_report_restores_the_status_before_reporting(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        before = _project_status(s, pid)
        progress.set_progress(s, pid, "2025Q3", user="u", invested=1, status="在建")
        assert _project_status(s, pid) == "在建" != before
        progress.delete_progress(s, pid, "2025Q3", user="u")
        assert _project_status(s, pid) == before


def test_deleting_an_older_report_leaves_the_status_of_a_newer_one(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        progress.set_progress(s, pid, "2025Q2", user="u", invested=1, status="前期")
        progress.set_progress(s, pid, "2025Q3", user="u", invested=1, status="在建")
        progress.delete_progress(s, pid, "2025Q2", user="u")
        assert _project_status(s, pid) == "在建"


def test_deleting_a_report_rechecks_the_over_total_flag(workspace):
    with workspace.session() as s:
        pid = _pid(s)  # 概算 10 亿元
        progress.set_progress(s, pid, "2025Q2", user="u", invested=8)
        progress.set_progress(s, pid, "2025Q3", user="u", invested=3)
        open_flags = select(ReviewFlag).where(
            ReviewFlag.project_id == pid, ReviewFlag.rule == progress.OVER_TOTAL_RULE, ReviewFlag.state == "open"
        )
        assert len(s.scalars(open_flags).all()) == 1
        progress.delete_progress(s, pid, "2025Q3", user="u")
        # Before the fix the flag stayed open though 8 亿元 is within the estimate.
        assert s.scalars(open_flags).all() == []


def test_setting_only_blank_fields_creates_no_record(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        result = progress.set_progress(s, pid, "2025Q3", user="u", invested="", physical_progress="  ", problems=None)
        assert result.record_id is None and result.changed_fields == []
        assert result.warnings == ["未填写任何内容：项目 附表1-05 2025Q3 没有创建进度记录"]
        assert progress.get_progress(s, pid, "2025Q3") is None


@pytest.mark.parametrize("value", ["0,35", "1，5", "1e3"])
def test_a_comma_or_an_exponent_in_an_amount_is_refused(workspace, value):
    with workspace.session() as s:
        pid = _pid(s)
        with pytest.raises(projects.ValidationError, match="逗号不是千位分隔符|科学计数法"):
            progress.set_progress(s, pid, "2025Q3", user="u", invested=value)
        assert progress.get_progress(s, pid, "2025Q3") is None


def test_progress_texts_are_cleaned_and_limited(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        result = progress.set_progress(s, pid, "2025Q3", user="u", physical_progress="主体\x0b施工\x07完成\x1b")
        assert progress.get_progress(s, pid, "2025Q3")["physical_progress"] == "主体\n施工完成"
        assert result.warnings == ["形象进度：删除了 2 个不可见的控制字符"]
        with pytest.raises(projects.ValidationError, match="存在问题：不能超过 2000 个字（现为 2001 个字）"):
            progress.set_progress(s, pid, "2025Q3", user="u", problems="问" * 2001)


class _Undo(Exception):
    """Raised to roll a session back after its writes were read."""


def _logged_writes(s):
    """Everything a batch of progress writes leaves, record ids replaced by (project, quarter) (fresh uuids)."""
    from app.db.models import ChangeLogEntry, Project, QuarterlyProgress

    records = {r.id: (r.project_id, r.period) for r in s.scalars(select(QuarterlyProgress))}
    audit_rows = [
        (e.user, e.entity_type, records.get(e.entity_id, e.entity_id), e.field, e.old_value, e.new_value, e.source)
        + (e.source_detail,)
        for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))
    ]
    log_rows = [
        (c.entity_type, records.get(c.record_id, c.record_id), c.period, c.field, c.op, c.old_value, c.new_value)
        + (c.base_version, c.user, c.origin_office)
        for c in s.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id))
    ]
    quarters = sorted(
        (r.project_id, r.period, r.invested, r.annual_plan, r.physical_progress, r.status, r.version, r.updated_by)
        for r in s.scalars(select(QuarterlyProgress))
    )
    flags = sorted(((f.project_id, f.rule, f.state, f.message) for f in s.scalars(select(ReviewFlag))), key=repr)
    statuses = sorted((p.id, p.status, p.version) for p in s.scalars(select(Project)))
    return audit_rows, log_rows, quarters, flags, statuses


def _one_by_one_and_batched(workspace, make_items):
    """The same writes through set_progress once per item and through set_progress_many, each rolled back."""
    outcomes = []
    for batched in (False, True):
        with pytest.raises(_Undo), workspace.session() as s:
            items = make_items(s)
            if batched:
                results = progress.set_progress_many(s, items, user="县区", source="import")
            else:
                results = [
                    progress.set_progress(
                        s,
                        item.project_id,
                        item.period,
                        user="县区",
                        source="import",
                        source_detail=item.source_detail,
                        expected_version=item.expected_version,
                        **item.fields,
                    )
                    for item in items
                ]
            s.flush()
            outcomes.append(([(r.changed_fields, r.warnings, r.version) for r in results], _logged_writes(s)))
            raise _Undo
    return outcomes


def test_set_progress_many_writes_what_set_progress_writes_one_by_one(workspace):
    """Audit and change-log rows in the same order, records, versions, the project status following the latest
    quarter, the over-total flag raised once and its message updated, warnings, blank-only items."""
    with workspace.session() as s:  # an earlier report: an update, a version check, an older status quarter
        pid = _pid(s)
        progress.set_progress(s, pid, "2025Q2", user="市级", invested=4, status="在建", physical_progress="开工")

    def items(s):
        over, other, third = _pid(s), _pid(s, "附表1-01"), _pid(s, "附表1-02")
        item = progress.ProgressItem
        return [
            item(over, "2025Q2", {"invested": 7, "physical_progress": "主体完工"}, 1, "f.xlsx 季度填报!2"),
            item(over, "2025Q3", {"invested": "5000万元", "status": "完工"}, 0, "f.xlsx 季度填报!3"),
            item(over, "2025Q1", {"status": "前期", "annual_plan": 2}, None, "f.xlsx 季度填报!4"),
            item(over, "2025Q4", {"invested": 3}, None, "f.xlsx 季度填报!5"),
            item(other, "2025Q3", {"problems": None, "invested": None}, 0, "f.xlsx 季度填报!6"),
            item(other, "2025Q4", {"status": "在建", "next_steps": "验收"}, None, "f.xlsx 季度填报!7"),
            item(other, "2025Q4", {"status": None}, 1, "f.xlsx 季度填报!8"),
            item(third, "2025Q4", {"invested": "0.5", "status": "在建"}, 0, None),
        ]

    one_by_one, batched = _one_by_one_and_batched(workspace, items)
    assert batched == one_by_one
    results, (audit_rows, log_rows, _, flags, _) = batched
    over_total = [f for f in flags if f[1] == progress.OVER_TOTAL_RULE]
    assert any("超过概算总投资" in w for w in results[3][1]) and len(over_total) == 1
    assert "（2025Q4 填报后）" in over_total[0][3]
    assert results[4] == ([], ["未填写任何内容：项目 附表1-01 2025Q3 没有创建进度记录"], 0)
    assert len(log_rows) > 10 and len(audit_rows) > len(log_rows)  # the project status changes are audited too


def test_set_progress_many_refuses_an_item_as_set_progress_does(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        progress.set_progress(s, pid, "2025Q1", user="甲", invested=1)
    with workspace.session() as s, pytest.raises(projects.ConflictError) as single:
        progress.set_progress(s, pid, "2025Q1", user="乙", invested=2, expected_version=0)
    with pytest.raises(progress.ProgressItemRefused) as refused, workspace.session() as s:
        items = [
            progress.ProgressItem(pid, "2025Q2", {"invested": 1}),
            progress.ProgressItem(pid, "2025Q1", {"invested": 2}, 0),
            progress.ProgressItem(pid, "2025Q3", {"invested": -1}),
        ]
        progress.set_progress_many(s, items, user="乙")
    assert refused.value.index == 1 and isinstance(refused.value.error, projects.ConflictError)
    assert str(refused.value.error) == str(single.value) and "请刷新后重试" in str(single.value)
    with workspace.session() as s:  # rolled back by the caller: nothing of the batch kept
        assert progress.get_progress(s, pid, "2025Q2") is None
        assert progress.get_progress(s, pid, "2025Q1")["version"] == 1
