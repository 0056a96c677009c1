"""Reading Table 3-1 indicators as plain data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Indicator


def list_indicators(session: Session) -> list[Indicator]:
    return list(session.scalars(select(Indicator).order_by(Indicator.seq)))


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def indicator_to_dict(i: Indicator) -> dict[str, Any]:
    return dict(
        id=i.id,
        seq=i.seq,
        level1=i.level1,
        level2=i.level2,
        name=i.name,
        unit=i.unit,
        baseline_raw=i.baseline_raw,
        baseline_value=_num(i.baseline_value),
        baseline_note=i.baseline_note,
        target_raw=i.target_raw,
        target_kind=i.target_kind,
        target_value=_num(i.target_value),
        binding=i.binding,
        attribute=i.attribute_raw,
        name_raw=i.name_raw,
        values=[dict(year=v.year, value=_num(v.value), value_raw=v.value_raw, note=v.note) for v in i.values],
    )
