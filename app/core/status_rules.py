"""The RAG (red/amber/green) rules, in one place, as pure functions of plain values.

Documented for officers in README.md ("红黄绿评级 / RAG rating"); change a threshold here and there together.
Every rating carries every reason that applied, in Chinese, so a colour is never unexplained.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

GREEN, AMBER, RED, UNKNOWN = "green", "amber", "red", "unknown"
RAG_LABELS = {GREEN: "绿", AMBER: "黄", RED: "红", UNKNOWN: "未知"}
_SEVERITY = {GREEN: 0, AMBER: 1, RED: 2}

# The 14th Five-Year plan's last day: the end of a started project's time line when it has no planned
# 竣工验收 date.
DEFAULT_PLAN_START = dt.date(2021, 1, 1)
DEFAULT_PLAN_END = dt.date(2025, 12, 31)
START_KIND, END_KIND = "开工", "竣工验收"
STARTED_STATUSES = frozenset({"在建", "完工"})

GAP_AMBER_PP = Decimal(15)  # gap >= 15 percentage points -> amber
GAP_RED_PP = Decimal(30)  # gap >= 30 percentage points -> red
OVERDUE_RED_DAYS = 90  # a milestone overdue MORE than 90 days -> red; 1..90 days -> amber


@dataclass(frozen=True)
class OverdueMilestone:
    title: str
    days: int


@dataclass(frozen=True)
class ScheduleWindow:
    """The time line a started project's spending is compared with (序时进度), and where each end comes from."""

    start: dt.date
    end: dt.date
    start_source: str  # 开工实际日期 / 开工计划日期 / 首次填报季度
    end_source: str  # 竣工验收计划日期 / 规划期末

    def describe(self) -> str:
        return f"序时进度按 {self.start.isoformat()}（{self.start_source}）至 {self.end.isoformat()}（{self.end_source}）计算"


@dataclass(slots=True)
class RagInput:
    status: str  # 储备/前期/在建/完工/暂停/取消
    investment_total: Decimal | None
    cumulative: Decimal | None  # None: no amount reported up to the period
    has_progress: bool
    milestone_count: int  # milestones with a planned or actual date; undated ones are no evidence
    overdue_milestones: tuple[OverdueMilestone, ...] = ()
    overdue_issues: int = 0
    elapsed_share: Decimal | None = None  # 序时进度 0..1; None when the project is not judged on a time line
    started: bool = True  # 在建/完工, or the 开工 milestone happened: only then is 序时进度 compared
    window: ScheduleWindow | None = None  # how elapsed_share was computed, said in the reasons


@dataclass(slots=True)
class RagResult:
    rag: str
    reasons: list[str] = field(default_factory=list)
    gap_pp: Decimal | None = None
    completion_rate: Decimal | None = None

    @property
    def label(self) -> str:
        return RAG_LABELS[self.rag]


def is_started(status: str, start_actual: dt.date | None, as_of: dt.date) -> bool:
    """A project has started when it is 在建/完工 or its 开工 milestone happened by `as_of`. Reported spending
    alone does not start a project (前期 work is paid for too)."""
    return status in STARTED_STATUSES or (start_actual is not None and start_actual <= as_of)


def schedule_window(
    start_actual: dt.date | None,
    start_planned: dt.date | None,
    end_planned: dt.date | None,
    first_report: dt.date | None,
) -> ScheduleWindow | None:
    """From the 开工 milestone (actual date if it happened, else planned) — or, without one, from the first
    day of the first quarter the project reported — to the planned 竣工验收 date, or the plan's last day.
    None when nothing tells when the project started: it is then not judged on a time line."""
    if start_actual is not None:
        start, start_source = start_actual, "开工实际日期"
    elif start_planned is not None:
        start, start_source = start_planned, "开工计划日期"
    elif first_report is not None:
        start, start_source = first_report, "首次填报季度"
    else:
        return None
    if end_planned is not None:
        return ScheduleWindow(start, end_planned, start_source, "竣工验收计划日期")
    return ScheduleWindow(start, DEFAULT_PLAN_END, start_source, "规划期末")


def elapsed_share(start: dt.date, end: dt.date, as_of: dt.date) -> Decimal:
    """序时进度: the share of the plan window elapsed on `as_of`, clamped to 0..1."""
    if as_of <= start:
        return Decimal(0)
    if as_of >= end:
        return Decimal(1)
    return Decimal((as_of - start).days) / Decimal((end - start).days)


def completion_rate(cumulative: Decimal | None, total: Decimal | None) -> Decimal | None:
    """Unknown (None) when the total is unknown or zero, or nothing has been reported."""
    if cumulative is None or total is None or total <= 0:
        return None
    return Decimal(cumulative) / Decimal(total)


def schedule_gap_pp(elapsed: Decimal, rate: Decimal) -> Decimal:
    """序时进度 minus completion, in percentage points, rounded to 0.1 so what is shown is what is compared."""
    return ((elapsed - rate) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def fmt_pp(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else format(value, "f")


def rate_finding(gap_pp: Decimal) -> tuple[str, str] | None:
    if gap_pp >= GAP_RED_PP:
        return RED, f"累计完成投资占比落后序时进度 {fmt_pp(gap_pp)} 个百分点"
    if gap_pp >= GAP_AMBER_PP:
        return AMBER, f"累计完成投资占比落后序时进度 {fmt_pp(gap_pp)} 个百分点"
    return None


def milestone_finding(m: OverdueMilestone) -> tuple[str, str] | None:
    if m.days <= 0:
        return None
    level = RED if m.days > OVERDUE_RED_DAYS else AMBER
    return level, f"“{m.title}”节点逾期 {m.days} 天"


def overdue_days(planned: dt.date | None, actual: dt.date | None, as_of: dt.date) -> int:
    """Days a milestone is late on `as_of`; 0 when done by then, not yet due, or undated."""
    if planned is None or (actual is not None and actual <= as_of):
        return 0
    return max(0, (as_of - planned).days)


def rate(inp: RagInput) -> RagResult:
    """Apply the rules; see README.md ("红黄绿评级 / RAG rating") for the table officers read."""
    if inp.status == "取消":
        return RagResult(UNKNOWN, ["项目已取消"], None, completion_rate(inp.cumulative, inp.investment_total))
    if inp.status == "完工":
        return RagResult(GREEN, ["项目已完工"], None, completion_rate(inp.cumulative, inp.investment_total))

    findings: list[tuple[str, str]] = []
    if inp.status == "暂停":
        findings.append((RED, "项目暂停"))
    rate_value = completion_rate(inp.cumulative, inp.investment_total)
    gap = None
    if inp.started and rate_value is not None and inp.elapsed_share is not None:
        gap = schedule_gap_pp(inp.elapsed_share, rate_value)
        hit = rate_finding(gap)
        if hit:
            findings.append(hit)
    for m in sorted(inp.overdue_milestones, key=lambda m: -m.days) if inp.overdue_milestones else ():
        hit = milestone_finding(m)
        if hit:
            findings.append(hit)
    if inp.overdue_issues > 0:
        findings.append((AMBER, f"{inp.overdue_issues} 个协调问题超过办结期限未解决"))

    missing = _missing_data_reason(inp)
    basis = _basis_reason(inp, gap)
    if findings:
        # A known problem is never hidden behind "unknown": missing data is reported beside it.
        if len(findings) > 1:
            findings.sort(key=lambda f: -_SEVERITY[f[0]])  # stable: same-level reasons keep their rule order
        worst = findings[0][0]
        reasons = [text for _, text in findings]
        return RagResult(worst, reasons + [r for r in (missing, basis) if r], gap, rate_value)
    if missing:
        return RagResult(UNKNOWN, [missing], gap, rate_value)
    return RagResult(GREEN, _green_reasons(inp, gap) + ([basis] if basis else []), gap, rate_value)


def _basis_reason(inp: RagInput, gap: Decimal | None) -> str | None:
    """What the rating was measured against, so a colour is never unexplained."""
    if not inp.started:
        return "尚未开工：不按序时进度评估，只看带日期的里程碑节点和协调问题"
    if gap is not None and inp.window is not None:
        return inp.window.describe()
    return None


def _missing_data_reason(inp: RagInput) -> str | None:
    if inp.status == "在建" and not inp.has_progress:
        return "在建项目尚无季度进度记录"
    if not inp.started:
        if inp.milestone_count:
            return None
        if inp.has_progress:
            return "尚未开工且没有带日期的里程碑节点，无法评估"
        return "尚无进度数据"
    if inp.investment_total is None and inp.milestone_count == 0:
        return "概算总投资未知且未设置带日期的里程碑节点，无法评估"
    if inp.milestone_count == 0 and not inp.has_progress:
        return "尚无进度数据"
    if inp.milestone_count == 0 and inp.cumulative is None:
        return "进度记录未填报完成投资金额，无法评估"
    if inp.milestone_count == 0 and inp.elapsed_share is None:
        return "没有开工日期和季度填报，无法计算序时进度"
    return None


def _green_reasons(inp: RagInput, gap: Decimal | None) -> list[str]:
    reasons = []
    if gap is not None:
        if gap > 0:
            reasons.append(f"累计完成投资占比落后序时进度 {fmt_pp(gap)} 个百分点，在 {GAP_AMBER_PP} 个百分点以内")
        else:
            reasons.append("累计完成投资占比不低于序时进度")
    elif inp.started and inp.investment_total is None:
        reasons.append("概算总投资未知，仅按里程碑节点评估")
    if inp.milestone_count:
        reasons.append("无逾期里程碑节点")
    return reasons or ["未发现滞后情况"]
