"""Portfolio status from the database: derivations per period, milestones and issues feeding the RAG."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.core import coordination, milestones, periods, progress, projects, status


def _pid(s, code="附表1-05"):  # 附表1-05: 概算总投资 10 亿元
    return projects.get_project(s, code=code).id


def test_every_project_has_a_status_and_reserve_projects_are_unknown(workspace):
    with workspace.session() as s:
        result = status.project_statuses(s, "2025Q3")
        assert len(result) == 68
        st = result[_pid(s)]
        assert st.rag == "unknown" and st.rag_reasons == ["尚无进度数据"] and st.rag_label == "未知"
        assert st.cumulative is None and st.completion_rate is None and st.period == "2025Q3"


def test_derivations_follow_the_period(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        progress.set_progress(s, pid, "2024Q4", user="u", invested=2, annual_plan=3, status="在建")
        progress.set_progress(s, pid, "2025Q1", user="u", invested=1, annual_plan=6, physical_progress="基础施工")
        progress.set_progress(s, pid, "2025Q3", user="u", invested=2, problems="资金")
    with workspace.session() as s:
        q2 = status.project_statuses(s, "2025Q2")[pid]
        assert q2.cumulative == Decimal(3) and q2.completion_rate == Decimal("0.3")
        assert q2.invested_this_quarter is None and q2.physical_progress is None  # Q2 not reported
        assert q2.annual_plan == Decimal(6)  # the year's plan as last reported
        q3 = status.project_statuses(s, "2025Q3")[pid]
        assert q3.cumulative == Decimal(5) and q3.invested_this_quarter == Decimal(2) and q3.problems == "资金"
        assert q3.progress_version == 1 and q3.status == "在建" and q3.started
        q4_2024 = status.project_statuses(s, "2024Q4")[pid]
        assert q4_2024.cumulative == Decimal(2) and q4_2024.annual_plan == Decimal(3)
        early = status.project_statuses(s, "2024Q3")[pid]
        assert early.cumulative is None and early.status == "在建"  # project status is the fallback
        latest = status.project_statuses(s)[pid]  # None: each project's latest record
        assert latest.period == "2025Q3" and latest.cumulative == Decimal(5)
        assert latest.annual_plan == Decimal(6)


def test_annual_plan_does_not_leak_into_next_year(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        progress.set_progress(s, pid, "2024Q4", user="u", invested=1, annual_plan=3)
        progress.set_progress(s, pid, "2025Q1", user="u", invested=1)
        assert status.project_statuses(s, "2025Q1")[pid].annual_plan is None


def test_schedule_gap_from_milestone_window(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        # Window 2025-01-01 .. 2025-12-31 from the 开工 / 竣工验收 milestones; 2025Q3 ends 2025-09-30 (75%).
        milestones.add_milestone(s, pid, title="开工", kind="开工", planned_date=dt.date(2025, 1, 1), user="u")
        milestones.add_milestone(
            s, pid, title="竣工验收", kind="竣工验收", planned_date=dt.date(2025, 12, 31), user="u"
        )
        progress.set_progress(s, pid, "2025Q3", user="u", invested=Decimal("4.5"), status="在建")
        st = status.project_statuses(s, "2025Q3")[pid]
    # 开工 planned 2025-01-01 has no actual date: it is overdue 272 days on 2025-09-30.
    assert st.rag == "red"
    assert "“开工”节点逾期 272 天" in st.rag_reasons
    assert any(r.startswith("累计完成投资占比落后序时进度 29.") for r in st.rag_reasons)  # amber-level gap
    assert st.overdue_milestones == 1 and st.overdue_milestone_titles == ["开工"]


def test_actual_start_date_moves_the_window(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        milestones.add_milestone(
            s,
            pid,
            title="开工",
            kind="开工",
            planned_date=dt.date(2024, 1, 1),
            actual_date=dt.date(2025, 7, 1),
            user="u",
        )
        milestones.add_milestone(s, pid, title="竣工验收", kind="竣工验收", planned_date=dt.date(2026, 7, 1), user="u")
        progress.set_progress(s, pid, "2025Q3", user="u", invested=Decimal("2"), status="在建")
        st = status.project_statuses(s, "2025Q3")[pid]
        # 91 of 365 days elapsed (24.9%), 20% done: 4.9 pp behind, within tolerance.
        assert st.rag == "green", st.rag_reasons
        assert st.gap_pp == Decimal("4.9") and st.started and not st.completed
        progress.set_progress(s, pid, "2025Q3", user="u", invested=Decimal("0.5"))
        assert status.project_statuses(s, "2025Q3")[pid].rag == "amber"  # 19.9 pp behind


def test_overdue_is_judged_on_the_period_end(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        milestones.add_milestone(s, pid, title="可研批复", kind="可研批复", planned_date=dt.date(2025, 6, 30), user="u")
        milestones.add_milestone(
            s,
            pid,
            title="环评批复",
            kind="环评批复",
            planned_date=dt.date(2025, 3, 1),
            actual_date=dt.date(2025, 8, 1),
            user="u",
        )
        progress.set_progress(s, pid, "2025Q2", user="u", invested=0, status="前期")
        q2 = status.project_statuses(s, "2025Q2")[pid]  # as of 2025-06-30
        assert q2.overdue_milestone_titles == ["环评批复"]  # done only in August: late at the end of Q2
        q3 = status.project_statuses(s, "2025Q3")[pid]  # as of 2025-09-30
        assert q3.overdue_milestone_titles == ["可研批复"]
        assert "“可研批复”节点逾期 92 天" in q3.rag_reasons and q3.rag == "red"
        custom = status.project_statuses(s, "2025Q3", as_of=dt.date(2025, 7, 30))[pid]
        assert "“可研批复”节点逾期 30 天" in custom.rag_reasons


def test_issues_feed_counts_and_rating(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        progress.set_progress(s, pid, "2025Q3", user="u", invested=8, status="在建")
        coordination.add_issue(
            s,
            pid,
            description="征地协调",
            responsible_department="市自然资源局",
            raised_date=dt.date(2025, 7, 1),
            deadline=dt.date(2025, 8, 31),
            user="u",
        )
        iid = coordination.add_issue(
            s, pid, description="电力接入", raised_date=dt.date(2025, 7, 1), deadline=dt.date(2025, 12, 31), user="u"
        )
        st = status.project_statuses(s, "2025Q3")[pid]
        assert (st.open_issues, st.overdue_issues) == (2, 1)
        assert st.rag == "amber" and "1 个协调问题超过办结期限未解决" in st.rag_reasons
        coordination.close_issue(s, iid, resolution="已接入", closed_date=dt.date(2025, 10, 15), user="u")
        assert status.project_statuses(s, "2025Q3")[pid].open_issues == 2  # closed after the quarter ended
        assert status.project_statuses(s, "2025Q4")[pid].open_issues == 1


@pytest.mark.parametrize(
    "state, rag, reason",
    [("暂停", "red", "项目暂停"), ("取消", "unknown", "项目已取消"), ("完工", "green", "项目已完工")],
)
def test_status_from_the_record_drives_rating(workspace, state, rag, reason):
    with workspace.session() as s:
        pid = _pid(s)
        progress.set_progress(s, pid, "2025Q3", user="u", invested=1, status=state)
        st = status.project_statuses(s, "2025Q3")[pid]
        assert st.status == state and st.rag == rag and reason in st.rag_reasons
        assert st.completed == (state == "完工")


def test_period_rows_shape(workspace):
    with workspace.session() as s:
        progress.set_progress(s, _pid(s), "2025Q3", user="u", invested=1)
        rows = status.period_rows(s, "2025Q3")
        assert [r["code"] for r in rows] == ["附表1-05"]
        assert len(status.period_rows(s, "2025Q3", include_unreported=True)) == 68


def test_statuses_use_a_fixed_number_of_queries(workspace):
    from sqlalchemy import event

    with workspace.session() as s:
        for code in ("附表1-02", "附表1-03", "附表1-04", "附表1-05"):
            pid = _pid(s, code)
            progress.set_progress(s, pid, "2025Q3", user="u", invested=1, status="在建")
            milestones.apply_template(s, pid, user="u")
            coordination.add_issue(s, pid, description="x", user="u")
    counter = []
    engine = workspace.db.engine

    def listener(*_args: object, **_kwargs: object) -> None:
        counter.append(1)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        with workspace.session() as s:
            status.project_statuses(s, "2025Q3")
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(counter) <= 10


def test_a_blank_milestone_template_leaves_a_reserve_project_unknown(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        added = milestones.apply_template(s, pid, user="u")
        assert len(added) == len(milestones.MILESTONE_TEMPLATE)
        st = status.project_statuses(s, "2025Q3")[pid]
    # Before the fix: 绿, "无逾期里程碑节点" — undated milestones are no evidence.
    assert (st.rag, st.rag_reasons) == ("unknown", ["尚无进度数据"])


def test_a_preparatory_project_is_not_measured_against_the_plan_period(workspace):
    with workspace.session() as s:
        pid = _pid(s)  # 概算 10 亿元, no 开工 milestone
        progress.set_progress(s, pid, "2025Q3", user="u", invested=Decimal("0.3"), status="前期")
        st = status.project_statuses(s, "2025Q3")[pid]
    # Before the fix: red, 3% done against 75% of 2021..2025 elapsed.
    assert st.rag == "unknown" and st.gap_pp is None and st.schedule_window is None and not st.started
    assert st.rag_reasons == ["尚未开工且没有带日期的里程碑节点，无法评估"]


def test_a_started_project_without_a_start_date_is_timed_from_its_first_report(workspace):
    with workspace.session() as s:
        pid = _pid(s)
        progress.set_progress(s, pid, "2025Q3", user="u", invested=Decimal(4), status="在建")
        st = status.project_statuses(s, "2025Q3")[pid]
    # 2025-07-01 .. 2025-12-31, 91 of 183 days on 2025-09-30 (49.7%), 40% done: 9.7 pp behind.
    assert st.rag == "green" and st.gap_pp == Decimal("9.7")
    assert st.rag_reasons[-1] == "序时进度按 2025-07-01（首次填报季度）至 2025-12-31（规划期末）计算"


def test_the_as_of_date_is_today_for_the_running_quarter_and_the_end_for_past_ones(workspace):
    today = dt.date.today()
    running = periods.period_of(today)
    with workspace.session() as s:
        pid = _pid(s)
        due = periods.period_start(running) - dt.timedelta(days=1)  # the last day of the previous quarter
        milestones.add_milestone(s, pid, title="可研批复", planned_date=due, user="u")
        current = status.project_statuses(s, running)[pid]
        past = status.project_statuses(s, "2025Q2")[pid]
        listed = milestones.list_milestones(s, pid, current.as_of)
    assert current.as_of == today and past.as_of == dt.date(2025, 6, 30)
    assert status.status_to_dict(current)["as_of"] == today.isoformat()
    # The RAG panel and the milestone list count overdue days to the same day.
    days = (today - due).days
    assert f"“可研批复”节点逾期 {days} 天" in current.rag_reasons
    assert listed[0]["overdue_days"] == days


@pytest.mark.parametrize("period", [None, "2024Q4"])
def test_one_projects_status_leaves_no_cyclic_garbage(workspace, period):
    """A status is computed after each saved edit, often while a large load has frozen the collector's
    generations (bulk_build.bulk_objects), and what is garbage in a reference cycle then is never freed. Built per
    call, the statement of the quarterly records' facts (a subquery and three aliases) left 930-1,260 such objects
    each time; the milestone, coordination-issue and project statements about 50 more (their bound values), and
    the settings read that checks the office after a save 10. Each is now built once per shape and run with
    parameters: none remain."""
    import gc

    from app.core import settings_service

    with workspace.session() as s:
        pid = _pid(s)
    found = []
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            with workspace.session() as s:
                assert status.project_status(s, pid, period=period) is not None
                settings_service.read_settings(s)
            found.append(gc.collect())
        finally:
            gc.enable()
    assert max(found[1:]) <= 5, found  # (the first call may also build what is then kept)
