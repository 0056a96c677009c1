"""The RAG rules on their boundaries (pure functions, no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.core import status_rules


def _inp(**kw):
    base = dict(
        status="在建",
        investment_total=Decimal(10),
        cumulative=Decimal(5),
        has_progress=True,
        milestone_count=0,
        overdue_milestones=(),
        overdue_issues=0,
        elapsed_share=Decimal("0.5"),
    )
    base.update(kw)
    return status_rules.RagInput(**base)


@pytest.mark.parametrize(
    "elapsed, cumulative, rag",
    [
        ("0.5", "5", "green"),  # on schedule
        ("0.649", "5", "green"),  # 14.9 pp behind
        ("0.65", "5", "amber"),  # exactly 15 pp
        ("0.799", "5", "amber"),  # 29.9 pp
        ("0.8", "5", "red"),  # exactly 30 pp
        ("1", "0", "red"),  # everything elapsed, nothing done
        ("0.2", "8", "green"),  # ahead of schedule
    ],
)
def test_schedule_gap_boundaries(elapsed, cumulative, rag):
    result = status_rules.rate(_inp(elapsed_share=Decimal(elapsed), cumulative=Decimal(cumulative)))
    assert result.rag == rag
    if rag != "green":
        assert result.reasons[0].startswith("累计完成投资占比落后序时进度")


def test_gap_reason_text():
    result = status_rules.rate(_inp(elapsed_share=Decimal("0.8"), cumulative=Decimal(5)))
    assert result.reasons == ["累计完成投资占比落后序时进度 30 个百分点"]
    assert result.gap_pp == Decimal(30)
    assert status_rules.rate(_inp(elapsed_share=Decimal("0.655"), cumulative=Decimal(5))).reasons == [
        "累计完成投资占比落后序时进度 15.5 个百分点"
    ]


def test_gap_is_compared_after_rounding_to_what_is_shown():
    # 14.96 pp would be shown as "15.0": it is compared as 15.0 too, so the text never contradicts the colour.
    assert status_rules.rate(_inp(elapsed_share=Decimal("0.6496"), cumulative=Decimal(5))).rag == "amber"
    assert status_rules.rate(_inp(elapsed_share=Decimal("0.6494"), cumulative=Decimal(5))).rag == "green"


@pytest.mark.parametrize("days, rag", [(0, "green"), (1, "amber"), (90, "amber"), (91, "red"), (120, "red")])
def test_milestone_overdue_boundaries(days, rag):
    result = status_rules.rate(
        _inp(milestone_count=1, overdue_milestones=(status_rules.OverdueMilestone("开工", days),))
    )
    assert result.rag == rag
    if days > 0:
        assert f"“开工”节点逾期 {days} 天" in result.reasons


def test_overdue_days_relative_to_as_of():
    as_of = dt.date(2025, 9, 30)
    assert status_rules.overdue_days(dt.date(2025, 9, 30), None, as_of) == 0  # due today: not late
    assert status_rules.overdue_days(dt.date(2025, 9, 29), None, as_of) == 1
    assert status_rules.overdue_days(dt.date(2025, 7, 1), None, as_of) == 91
    assert status_rules.overdue_days(dt.date(2025, 7, 1), dt.date(2025, 8, 1), as_of) == 0  # done (late, but done)
    assert status_rules.overdue_days(dt.date(2025, 7, 1), dt.date(2025, 10, 5), as_of) == 91  # done only after as_of
    assert status_rules.overdue_days(None, None, as_of) == 0


def test_all_reasons_are_listed_worst_first():
    result = status_rules.rate(
        _inp(
            elapsed_share=Decimal("0.7"),
            cumulative=Decimal(5),
            milestone_count=3,
            overdue_milestones=(
                status_rules.OverdueMilestone("环评批复", 10),
                status_rules.OverdueMilestone("开工", 120),
            ),
            overdue_issues=2,
        )
    )
    assert result.rag == "red"
    assert result.reasons[0] == "“开工”节点逾期 120 天"
    assert set(result.reasons[1:]) == {
        "累计完成投资占比落后序时进度 20 个百分点",
        "“环评批复”节点逾期 10 天",
        "2 个协调问题超过办结期限未解决",
    }


def test_overdue_issue_is_amber():
    assert status_rules.rate(_inp(overdue_issues=1)).rag == "amber"
    assert status_rules.rate(_inp(overdue_issues=0)).rag == "green"


def test_status_rules():
    assert (status_rules.rate(_inp(status="暂停")).rag, status_rules.rate(_inp(status="暂停")).reasons) == (
        "red",
        ["项目暂停"],
    )
    cancelled = status_rules.rate(_inp(status="取消", overdue_issues=3))
    assert (cancelled.rag, cancelled.reasons) == ("unknown", ["项目已取消"])
    done = status_rules.rate(_inp(status="完工", elapsed_share=Decimal(1), cumulative=Decimal(0)))
    assert (done.rag, done.reasons) == ("green", ["项目已完工"])


def test_unknown_when_data_missing():
    reserve = status_rules.rate(_inp(status="储备", cumulative=None, has_progress=False))
    assert (reserve.rag, reserve.reasons) == ("unknown", ["尚无进度数据"])
    building = status_rules.rate(_inp(status="在建", cumulative=None, has_progress=False, milestone_count=2))
    assert building.rag == "unknown" and building.reasons == ["在建项目尚无季度进度记录"]
    no_total = status_rules.rate(_inp(status="前期", investment_total=None))
    assert no_total.rag == "unknown" and "概算总投资未知" in no_total.reasons[0]


def test_unknown_total_is_rated_on_milestones():
    result = status_rules.rate(_inp(investment_total=None, milestone_count=4))
    assert result.rag == "green" and "仅按里程碑节点评估" in result.reasons[0]
    late = status_rules.rate(
        _inp(
            investment_total=None, milestone_count=4, overdue_milestones=(status_rules.OverdueMilestone("可研批复", 5),)
        )
    )
    assert late.rag == "amber"


def test_known_problem_is_not_hidden_by_missing_data():
    result = status_rules.rate(
        _inp(
            status="在建",
            cumulative=None,
            has_progress=False,
            milestone_count=1,
            overdue_milestones=(status_rules.OverdueMilestone("开工", 200),),
        )
    )
    assert result.rag == "red"
    assert result.reasons == ["“开工”节点逾期 200 天", "在建项目尚无季度进度记录"]


def test_green_always_has_a_reason():
    result = status_rules.rate(_inp(milestone_count=2))
    assert result.rag == "green" and result.reasons


def test_elapsed_share_and_window():
    assert status_rules.schedule_window(None, None, None, None) is None  # nothing says when it started
    from_report = status_rules.schedule_window(None, None, None, dt.date(2024, 7, 1))
    assert (from_report.start, from_report.end) == (dt.date(2024, 7, 1), status_rules.DEFAULT_PLAN_END)
    assert from_report.describe() == "序时进度按 2024-07-01（首次填报季度）至 2025-12-31（规划期末）计算"
    window = status_rules.schedule_window(dt.date(2022, 3, 1), dt.date(2022, 1, 1), dt.date(2024, 1, 1), None)
    assert (window.start, window.end, window.start_source) == (dt.date(2022, 3, 1), dt.date(2024, 1, 1), "开工实际日期")
    planned = status_rules.schedule_window(None, dt.date(2022, 1, 1), None, dt.date(2023, 1, 1))
    assert (planned.start, planned.start_source, planned.end_source) == (
        dt.date(2022, 1, 1),
        "开工计划日期",
        "规划期末",
    )
    assert status_rules.elapsed_share(dt.date(2024, 1, 1), dt.date(2024, 1, 11), dt.date(2024, 1, 6)) == Decimal("0.5")
    start, end = status_rules.DEFAULT_PLAN_START, status_rules.DEFAULT_PLAN_END
    assert status_rules.elapsed_share(start, end, dt.date(2020, 6, 1)) == 0
    assert status_rules.elapsed_share(start, end, dt.date(2026, 6, 1)) == 1
    # A window that ends before it starts (bad milestone dates) must not divide by a negative span.
    assert status_rules.elapsed_share(dt.date(2025, 1, 1), dt.date(2024, 1, 1), dt.date(2024, 6, 1)) == 0


def test_a_project_not_started_is_not_measured_against_a_time_line():
    # Before the fix a 前期 project 2021..2025 with little spending was red (everything elapsed, 5% done).
    result = status_rules.rate(
        _inp(status="前期", started=False, elapsed_share=None, cumulative=Decimal("0.5"), milestone_count=3)
    )
    assert result.rag == "green" and result.gap_pp is None
    assert result.reasons == ["无逾期里程碑节点", "尚未开工：不按序时进度评估，只看带日期的里程碑节点和协调问题"]
    late = status_rules.rate(
        _inp(
            status="前期",
            started=False,
            elapsed_share=None,
            milestone_count=3,
            overdue_milestones=(status_rules.OverdueMilestone("可研批复", 120),),
        )
    )
    assert late.rag == "red" and late.reasons[0] == "“可研批复”节点逾期 120 天"


def test_a_project_not_started_without_dated_milestones_is_unknown():
    reported = status_rules.rate(_inp(status="前期", started=False, elapsed_share=None, milestone_count=0))
    assert (reported.rag, reported.reasons) == ("unknown", ["尚未开工且没有带日期的里程碑节点，无法评估"])
    blank = status_rules.rate(
        _inp(status="储备", started=False, elapsed_share=None, milestone_count=0, has_progress=False, cumulative=None)
    )
    assert (blank.rag, blank.reasons) == ("unknown", ["尚无进度数据"])


def test_the_time_line_used_is_named_in_the_reasons():
    window = status_rules.schedule_window(None, None, None, dt.date(2025, 1, 1))
    result = status_rules.rate(_inp(elapsed_share=Decimal("0.5"), cumulative=Decimal(5), window=window))
    assert result.reasons[-1] == "序时进度按 2025-01-01（首次填报季度）至 2025-12-31（规划期末）计算"


def test_completion_rate():
    assert status_rules.completion_rate(Decimal(5), Decimal(10)) == Decimal("0.5")
    assert status_rules.completion_rate(Decimal(5), None) is None
    assert status_rules.completion_rate(Decimal(5), Decimal(0)) is None
    assert status_rules.completion_rate(None, Decimal(10)) is None
