"""Plan indicators (Table 3-1): yearly observed values and progress toward the 2025 targets.

The indicators are the whole city's (the plan's Table 3-1): their yearly values are recorded by the city office
(市级) and reach the counties in its packages. A county or department office reads them but does not change
them (`ensure_city_may_edit`); a database with no office set behaves as before. Every write is logged for the
exchange packages (app.core.change_log) in the same transaction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit, change_log, office, projects, text_rules
from app.core.parsing import normalize, parse_number
from app.core.workspace import Workspace
from app.db.models import Indicator, IndicatorValue, utcnow

HIGHER, LOWER = "higher", "lower"
# Which way is better, by Table 3-1 row. The table itself does not say; most rows are "more is better"
# (coverage, ratios, reduction rates — a 削减比例/降低比例 is itself a positive achievement), these are not:
LOWER_IS_BETTER = {
    2: "PM2.5 浓度：越低越好，目标“<30”",
    4: "劣V类断面比例：越低越好，目标 0",
    7: "地下水V类水比例：越低越好",
    22: "用水总量：7.4 亿m³ 是上限（总量控制），不是要达到的量",
}

MET, NOT_MET, NO_TARGET, NO_VALUE, ASSIGNED = (
    "已达到目标",
    "未达到",
    "无数值目标",
    "无观测值",
    "以国家、省级下达指标为准",
)
MIN_YEAR, MAX_YEAR = 2000, 2099


def direction(seq: int) -> str:
    return LOWER if seq in LOWER_IS_BETTER else HIGHER


@dataclass
class IndicatorProgress:
    id: str
    seq: int
    name: str
    unit: str | None
    binding: bool
    attribute: str  # 约束性 / 预期性 as printed
    direction: str
    baseline: Decimal | None
    baseline_raw: str | None
    latest_value: Decimal | None
    latest_year: int | None
    target_kind: str
    target: Decimal | None
    target_raw: str | None
    status_text: str
    met: bool | None
    progress: float | None  # 0..1 toward the target where that is computable

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("baseline", "latest_value", "target"):
            d[key] = None if d[key] is None else float(d[key])
        return d


def _clamp(x: Decimal) -> float:
    return float(min(Decimal(1), max(Decimal(0), x)))


def evaluate(
    kind: str, way: str, baseline: Decimal | None, target: Decimal | None, latest: Decimal | None
) -> tuple[str, bool | None, float | None]:
    """(status text, met?, progress 0..1) for one indicator. Pure; every target kind of Table 3-1."""
    if kind == "assigned":
        return ASSIGNED, None, None  # the number is set later by the province: nothing to measure against
    if kind == "unknown" or (kind != "no_decrease" and target is None):
        # Any target kind without a number (not only value/below) has nothing to compare with; before,
        # such a row compared a Decimal with None and raised TypeError.
        return NO_TARGET, None, None
    if latest is None:
        return NO_VALUE, None, None
    if kind == "no_decrease":  # "不缩小": hold the baseline
        if baseline is None:
            return "无基期值，无法判断", None, None
        met = latest >= baseline
        return (MET if met else NOT_MET), met, (1.0 if met else None)
    assert target is not None  # every kind but no_decrease returned above without one
    if kind == "below":  # "<30" is strict
        met = latest < target
    elif way == LOWER:  # a ceiling such as 用水总量 7.4 or a 0 target: at or under it is met
        met = latest <= target
    else:
        met = latest >= target
    if met:
        return MET, True, 1.0
    return NOT_MET, False, _partial(way, baseline, target, latest)


def _partial(way: str, baseline: Decimal | None, target: Decimal, latest: Decimal) -> float | None:
    """Share of the way from baseline to target covered so far (0 when it moved the wrong way)."""
    if baseline is None:
        # Counts and stocks with no 2020 figure (示范工程 7 个): progress from zero is still meaningful.
        return _clamp(latest / target) if way == HIGHER and target > 0 else None
    distance = (target - baseline) if way == HIGHER else (baseline - target)
    if distance <= 0:
        return 0.0  # the baseline already met the target but the latest value does not
    covered = (latest - baseline) if way == HIGHER else (baseline - latest)
    return _clamp(covered / distance)


def _latest(values: list[IndicatorValue], up_to_year: int | None) -> IndicatorValue | None:
    usable = [v for v in values if v.value is not None and (up_to_year is None or v.year <= up_to_year)]
    return max(usable, key=lambda v: v.year) if usable else None


def indicator_progress(session: Session, up_to_year: int | None = None) -> list[IndicatorProgress]:
    """Every indicator with its latest observed value (up to a year, if given) and progress to target."""
    rows = []
    for i in session.scalars(select(Indicator).order_by(Indicator.seq)):
        latest = _latest(i.values, up_to_year)
        way = direction(i.seq)
        text, met, progress = evaluate(
            i.target_kind, way, i.baseline_value, i.target_value, latest.value if latest else None
        )
        rows.append(
            IndicatorProgress(
                id=i.id,
                seq=i.seq,
                name=i.name,
                unit=i.unit,
                binding=i.binding,
                attribute=i.attribute_raw,
                direction=way,
                baseline=i.baseline_value,
                baseline_raw=i.baseline_raw,
                latest_value=latest.value if latest else None,
                latest_year=latest.year if latest else None,
                target_kind=i.target_kind,
                target=i.target_value,
                target_raw=i.target_raw,
                status_text=text,
                met=met,
                progress=progress,
            )
        )
    return rows


def value_edit_refusal(session: Session) -> str | None:
    """Why this office may not record indicator values (Chinese, with the English gist), or None when it may."""
    current = office.read_office(session)
    if current is None or current.is_city:
        return None
    return (
        f"本库属于{current.name}，规划指标的年度值由市级填报，本库只能查看 / "
        f"this database belongs to {current.name}; indicator values are recorded by the city"
    )


def indicator_edit_refusal(ws: Workspace) -> str | None:
    """For the indicators screen: the note shown when values are read-only in this office (None: editable)."""
    with ws.session() as session:
        return value_edit_refusal(session)


def ensure_city_may_edit(session: Session) -> None:
    """Raise OutOfScopeError in a county or department office: indicator values are the city's to record."""
    if office.applying_package(session):
        return
    refusal = value_edit_refusal(session)
    if refusal is not None:
        raise office.OutOfScopeError(refusal)


def get_indicator(session: Session, *, indicator_id: str | None = None, seq: int | None = None) -> Indicator:
    stmt = (
        select(Indicator).where(Indicator.id == indicator_id)
        if indicator_id
        else select(Indicator).where(Indicator.seq == seq)
    )
    found = session.scalar(stmt)
    if found is None:
        raise projects.NotFoundError(f"未找到指标 / no such indicator: {indicator_id or seq}")
    return found


def set_indicator_value(
    session: Session,
    indicator_id: str,
    year: int,
    value: Any,
    *,
    user: str,
    note: str | None = None,
    expected_version: int | None = None,
    source: str = "manual",
) -> str:
    """Record (or correct) one year's observed value; value may be a number or text such as "３５.２"."""
    indicator = get_indicator(session, indicator_id=indicator_id)
    ensure_city_may_edit(session)
    errors: dict[str, str] = {}
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = f"年份应在 {MIN_YEAR}-{MAX_YEAR} 之间"
    raw = None if value is None else normalize(str(value))
    number = None
    if isinstance(value, bool):
        errors["value"] = "请输入数字"
    elif isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
        if not number.is_finite():
            errors["value"] = "请输入有效数字"
    else:
        parsed = parse_number(raw)
        if parsed.status == "invalid":
            errors["value"] = parsed.note
        number = parsed.value
    if number is not None and abs(number) >= Decimal("1e12"):
        errors["value"] = "数值过大"
    new_note: str | None = None  # None: leave the note as it is; "" clears it
    if note is not None:
        try:
            new_note = text_rules.check_text("note", note) or ""
        except projects.ValidationError as exc:
            errors.update(exc.errors)
    if errors:
        raise projects.ValidationError(errors)
    row = session.scalar(
        select(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id, IndicatorValue.year == year)
    )
    if row is None:
        if expected_version not in (None, 0):
            raise projects.ConflictError(f"指标{indicator.seq} {year} 年的数值已被删除，请刷新后重试")
        row = IndicatorValue(indicator_id=indicator.id, year=year, version=1, updated_by=user)
        session.add(row)
        session.flush()
        old_value, old_raw, old_note, base_version = None, None, None, 0
    else:
        if expected_version is not None and row.version != expected_version:
            raise projects.ConflictError(f"指标{indicator.seq} {year} 年的数值已被 {row.updated_by} 修改，请刷新后重试")
        if row.value == number and row.value_raw == raw and (new_note is None or (new_note or None) == row.note):
            return row.id  # nothing changed: no new version, no audit entry
        old_value, old_raw, old_note, base_version = row.value, row.value_raw, row.note, row.version
        row.version += 1
    row.value, row.value_raw = number, raw
    if new_note is not None:
        row.note = new_note or None
    row.updated_at = utcnow()
    row.updated_by = user
    audit.record(
        session,
        user=user,
        entity_type="indicator_value",
        entity_id=row.id,
        project_id=None,
        field=f"{indicator.seq}.{year}",
        old=old_value,
        new=number,
        source=source,
    )
    for key, before, after in (("value", old_raw, row.value_raw), ("note", old_note, row.note)):
        if before != after:
            change_log.record_indicator_change(
                session, indicator.id, year, key, before, after, base_version=base_version, user=user
            )
    session.flush()
    session.refresh(indicator)  # its `values` collection was loaded before this write
    return row.id


def delete_indicator_value(session: Session, indicator_id: str, year: int, *, user: str) -> bool:
    indicator = get_indicator(session, indicator_id=indicator_id)
    row = session.scalar(
        select(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id, IndicatorValue.year == year)
    )
    if row is None:
        return False
    ensure_city_may_edit(session)
    audit.record(
        session,
        user=user,
        entity_type="indicator_value",
        entity_id=row.id,
        project_id=None,
        field=f"{indicator.seq}.{year}",
        old=row.value,
        new=None,
        source="manual",
    )
    change_log.record_indicator_change(
        session,
        indicator.id,
        year,
        None,
        {"value": row.value_raw, "note": row.note},
        None,
        base_version=row.version,
        user=user,
    )
    session.delete(row)
    session.flush()
    session.refresh(indicator)
    return True
