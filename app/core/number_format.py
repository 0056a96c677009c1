"""How numbers read in a report: units always, fixed decimals, unknown never printed as zero.

Amounts are in 亿元. The plan prints them with 2 to 4 decimals (35.27, 1.4868); a report uses one number
of decimals throughout, the most any amount in it needs, between 2 and 4 (`amount_decimals`), so columns
line up and 1.4868 is never rounded to 1.49. Rates are percentages with one decimal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

UNKNOWN = "未知"
NOT_REPORTED = "未报送"
MIN_DECIMALS, MAX_DECIMALS = 2, 4


def amount_decimals(values: Iterable[Decimal | None]) -> int:
    """The decimals the report uses for amounts: the most any value needs, clamped to 2..4."""
    needed = MIN_DECIMALS
    for v in values:
        if v is None:
            continue
        v = Decimal(v).quantize(Decimal(1).scaleb(-MAX_DECIMALS), rounding=ROUND_HALF_UP).normalize()
        exponent = v.as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            needed = max(needed, min(-exponent, MAX_DECIMALS))
            if needed == MAX_DECIMALS:
                break
    return needed


def amount(value: Decimal | None, decimals: int = MAX_DECIMALS, unit: bool = False, unknown: str = UNKNOWN) -> str:
    """ "35.2700" / "35.2700 亿元" / "未知"."""
    if value is None:
        return unknown
    q = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{q:,.{decimals}f}"
    return f"{text} 亿元" if unit else text


def rate(value: Decimal | None, unknown: str = UNKNOWN) -> str:
    """0.4532 -> "45.3%"; None -> "未知"."""
    if value is None:
        return unknown
    q = (Decimal(value) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{q}%"


def count(n: int) -> str:
    return f"{n} 项"


def unknown_note(n: int) -> str:
    """ "（未知 3 项）" or "" — appended to a total that leaves unknown values out."""
    return f"（{UNKNOWN} {n} 项）" if n else ""


def date(value: dt.date | dt.datetime | None, unknown: str = "—") -> str:
    if value is None:
        return unknown
    if isinstance(value, dt.datetime):
        value = value.date()
    return f"{value.year}-{value.month:02d}-{value.day:02d}"


def date_cn(value: dt.date | dt.datetime) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def period_label(year: int, quarter: int) -> str:
    return f"{year}年第{'一二三四'[quarter - 1]}季度"


def shorten(text: str | None, limit: int, empty: str = "—") -> str:
    """One line of a long text for a table cell: whitespace folded, cut at `limit` characters with "…"."""
    if not text or not text.strip():
        return empty
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip("，、；：,;: ") + "…"


# Screen formats (tables, totals bar): no fixed decimals, trailing zeros dropped.


def amount_short(value: Decimal | float | None, places: int = 4, unknown: str = "未知") -> str:
    """35.2700 -> "35.27"; None -> "未知". Up to `places` decimals, no trailing zeros."""
    if value is None:
        return unknown
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    q = d.quantize(Decimal(1).scaleb(-places))
    text = format(q, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def total(value: Decimal, places: int = 2) -> str:
    """Thousands separators and fixed decimals for totals: 1,234.57."""
    return f"{value.quantize(Decimal(1).scaleb(-places)):,.{places}f}"
