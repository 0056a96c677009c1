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

# 14th Five-Year Plan window, used when a project has no 开工 / 竣工验收 milestone date.
DEFAULT_PLAN_START = dt.date(2021, 1, 1)
DEFAULT_PLAN_END = dt.date(2025, 12, 31)
START_KIND, END_KIND = "开工", "竣工验收"

GAP_AMBER_PP = Decimal(15)  # gap >= 15 percentage points -> amber
GAP_RED_PP = Decimal(30)  # gap >= 30 percentage points -> red
OVERDUE_RED_DAYS = 90  # a milestone overdue MORE than 90 days -> red; 1..90 days -> amber


@dataclass(frozen=True)
class OverdueMilestone:
    title: str
    days: int


@dataclass(slots=True)
class RagInput:
    status: str  # 储备/前期/在建/完工/暂停/取消
    investment_total: Decimal | None
    cumulative: Decimal | None  # None: no amount reported up to the period
    has_progress: bool
    milestone_count: int
    overdue_milestones: tuple[OverdueMilestone, ...] = ()
    overdue_issues: int = 0
    elapsed_share: Decimal | None = None  # 序时进度 0..1


@dataclass(slots=True)
class RagResult:
    rag: str
    reasons: list[str] = field(default_factory=list)
    gap_pp: Decimal | None = None
    completion_rate: Decimal | None = None

    @property
    def label(self) -> str:
        return RAG_LABELS[self.rag]


def plan_window(
    start_actual: dt.date | None, start_planned: dt.date | None, end_planned: dt.date | None
) -> tuple[dt.date, dt.date]:
    """From the 开工 milestone (actual date if it happened, else planned) to the planned 竣工验收 date."""
    return (start_actual or start_planned or DEFAULT_PLAN_START, end_planned or DEFAULT_PLAN_END)


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
    if rate_value is not None and inp.elapsed_share is not None:
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
    if findings:
        # A known problem is never hidden behind "unknown": missing data is reported beside it.
        if len(findings) > 1:
            findings.sort(key=lambda f: -_SEVERITY[f[0]])  # stable: same-level reasons keep their rule order
        worst = findings[0][0]
        reasons = [text for _, text in findings]
        return RagResult(worst, reasons + ([missing] if missing else []), gap, rate_value)
    if missing:
        return RagResult(UNKNOWN, [missing], gap, rate_value)
    return RagResult(GREEN, _green_reasons(inp, gap), gap, rate_value)


def _missing_data_reason(inp: RagInput) -> str | None:
    if inp.status == "在建" and not inp.has_progress:
        return "在建项目尚无季度进度记录"
    if inp.status == "储备" and not inp.has_progress and inp.milestone_count == 0:
        return "尚无进度数据"
    if inp.investment_total is None and inp.milestone_count == 0:
        return "概算总投资未知且未设置里程碑节点，无法评估"
    if inp.milestone_count == 0 and not inp.has_progress:
        return "尚无进度数据"
    if inp.milestone_count == 0 and inp.cumulative is None:
        return "进度记录未填报完成投资金额，无法评估"
    return None


def _green_reasons(inp: RagInput, gap: Decimal | None) -> list[str]:
    reasons = []
    if gap is not None:
        if gap > 0:
            reasons.append(f"累计完成投资占比落后序时进度 {fmt_pp(gap)} 个百分点，在 {GAP_AMBER_PP} 个百分点以内")
        else:
            reasons.append("累计完成投资占比不低于序时进度")
    elif inp.investment_total is None:
        reasons.append("概算总投资未知，仅按里程碑节点评估")
    if inp.milestone_count:
        reasons.append("无逾期里程碑节点")
    return reasons or ["未发现滞后情况"]
