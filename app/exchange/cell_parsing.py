"""Turning one cell of an imported file into a typed value, or a reason in Chinese why it can't be.

A cell from openpyxl may hold str, int, float, bool, datetime, date or time; a CSV cell is always str.
Every parser takes either and returns a CellValue: `ok` with the value (None = blank) and an optional
note saying how it was understood (unit conversion, a date serial), or `error` with the reason.
Nothing is guessed silently.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from app.core import reference as ref
from app.core import text_rules
from app.core.errors import ValidationError
from app.core.parsing import PLACEHOLDERS, normalize, parse_amount_yi, parse_land_mu

MAX_AMOUNT_YI = Decimal("1e8")  # 1 亿亿元: anything larger is a typo
MAX_LAND_MU = Decimal("1e9")
MIN_DATE, MAX_DATE = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
MAX_TEXT_CHARS = 4000
# Excel date serials for MIN_DATE..MAX_DATE (1900 date system).
_SERIAL_MIN, _SERIAL_MAX = 32874, 73415
_EXCEL_EPOCH = dt.date(1899, 12, 30)

# Control characters other than tab/newline cannot be stored in an .xlsx and are never typed on purpose.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass(frozen=True)
class CellValue:
    value: Any = None
    error: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _bad(reason: str) -> CellValue:
    return CellValue(None, reason)


def is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    return False


def show(raw: Any) -> str:
    """A short, printable form of a raw cell value for messages."""
    if isinstance(raw, (dt.datetime, dt.date)):
        return raw.isoformat()
    text = str(raw)
    text = _CONTROL.sub("?", text).replace("\n", "⏎")
    return text if len(text) <= 40 else text[:38] + "…"


def _decimal_from_number(raw: int | float) -> Decimal | None:
    if isinstance(raw, float) and not math.isfinite(raw):
        return None
    try:
        # repr keeps 1.1 as 1.1 (not 1.100000000000000088...)
        return Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    except InvalidOperation:
        return None


def _round(value: Decimal, places: int, unit: str) -> tuple[Decimal, str | None]:
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum)
    if abs(rounded - value) > Decimal("1e-9"):
        return rounded, f"保留 {places} 位小数：{format(value.normalize(), 'f')} → {rounded}{unit}"
    return rounded, None


def parse_amount(raw: Any) -> CellValue:
    """Money in 亿元: a number (亿元), or text with a unit ("1.2亿", "500万元", "３５") converted to 亿元."""
    if is_blank(raw):
        return CellValue(None)
    if isinstance(raw, (bool, dt.date, dt.datetime, dt.time)):
        return _bad(f"“{show(raw)}”不是金额：请填写以亿元为单位的数字")
    note = None
    if isinstance(raw, (int, float)):
        value = _decimal_from_number(raw)
        if value is None:
            return _bad("不是有效数字")
    else:
        text = str(raw)
        if normalize(text) in PLACEHOLDERS:
            return CellValue(None, None, f"“{show(raw)}”按空白（未填报）处理")
        parsed = parse_amount_yi(text)
        if not parsed.ok:
            return _bad(parsed.note or f"“{show(raw)}”不是金额")
        if parsed.value is None:
            return CellValue(None)
        value, note = parsed.value, parsed.note or None
    if not value.is_finite():
        return _bad("不是有效数字")
    if value < 0:
        return _bad(f"金额不能为负数（{show(raw)}）")
    if value >= MAX_AMOUNT_YI:
        return _bad(f"金额 {show(raw)} 亿元过大，请检查单位（本列单位为亿元）")
    value, rounding = _round(value, 4, "亿元")
    return CellValue(value, None, "；".join(n for n in (note, rounding) if n) or None)


def parse_land(raw: Any) -> CellValue:
    """Land in 亩 (number, or "50亩", "3公顷", "1.2万亩")."""
    if is_blank(raw):
        return CellValue(None)
    if isinstance(raw, (bool, dt.date, dt.datetime, dt.time)):
        return _bad(f"“{show(raw)}”不是面积：请填写以亩为单位的数字")
    note = None
    if isinstance(raw, (int, float)):
        value = _decimal_from_number(raw)
        if value is None:
            return _bad("不是有效数字")
    else:
        parsed = parse_land_mu(str(raw))
        if parsed.status == "blank":
            return CellValue(None)
        if not parsed.ok:
            return _bad(parsed.note or f"“{show(raw)}”不是面积")
        if parsed.value is None:
            return CellValue(None)
        value, note = parsed.value, parsed.note or None
    if not value.is_finite():
        return _bad("不是有效数字")
    if value < 0:
        return _bad(f"面积不能为负数（{show(raw)}）")
    if value >= MAX_LAND_MU:
        return _bad(f"面积 {show(raw)} 亩过大")
    value, rounding = _round(value, 3, "亩")
    return CellValue(value, None, "；".join(n for n in (note, rounding) if n) or None)


def parse_int(raw: Any, *, minimum: int = 0, maximum: int = 10**9, what: str = "整数") -> CellValue:
    if is_blank(raw):
        return CellValue(None)
    if isinstance(raw, bool):
        return _bad(f"“{show(raw)}”不是{what}")
    if isinstance(raw, float):
        if not math.isfinite(raw) or raw != int(raw):
            return _bad(f"“{show(raw)}”不是{what}")
        number = int(raw)
    elif isinstance(raw, int):
        number = raw
    elif isinstance(raw, str):
        text = normalize(raw)
        if text.endswith(".0"):
            text = text[:-2]
        if not re.fullmatch(r"[+-]?\d{1,12}", text):
            return _bad(f"“{show(raw)}”不是{what}")
        number = int(text)
    else:
        return _bad(f"“{show(raw)}”不是{what}")
    if not minimum <= number <= maximum:
        return _bad(f"{what} {number} 超出范围（{minimum}–{maximum}）")
    return CellValue(number)


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_TIME_SUFFIX = re.compile(r"[ T]0{1,2}:00(:00(\.0+)?)?$")


def _check_date(day: dt.date, raw: Any) -> CellValue:
    if not MIN_DATE <= day <= MAX_DATE:
        return _bad(f"日期 {day.isoformat()} 超出合理范围（{MIN_DATE.year}–{MAX_DATE.year} 年），请检查")
    return CellValue(day)


def parse_date(raw: Any) -> CellValue:
    """2025-03-01, 2025/3/1, 2025.3.1, 2025年3月1日, 20250301, an Excel date cell or serial number."""
    if is_blank(raw):
        return CellValue(None)
    if isinstance(raw, bool):
        return _bad(f"“{show(raw)}”不是日期")
    if isinstance(raw, dt.datetime):
        checked = _check_date(raw.date(), raw)
        if checked.ok and raw.time() != dt.time(0, 0):
            return CellValue(raw.date(), None, f"已去掉时间部分 {raw.time().isoformat()}")
        return checked
    if isinstance(raw, dt.date):
        return _check_date(raw, raw)
    if isinstance(raw, dt.time):
        return _bad(f"“{show(raw)}”是时间，不是日期")
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and (not math.isfinite(raw) or raw != int(raw)):
            return _bad(f"“{show(raw)}”不是日期")
        serial = int(raw)
        if 19900101 <= serial <= 21001231:  # 20250301 typed as a number
            return parse_date(str(serial))
        if not _SERIAL_MIN <= serial <= _SERIAL_MAX:
            return _bad(f"“{show(raw)}”不是日期（应写成 2025-03-01 或 2025年3月1日）")
        day = _EXCEL_EPOCH + dt.timedelta(days=serial)
        return CellValue(day, None, f"Excel 日期序列号 {serial} 换算为 {day.isoformat()}")
    text = _TIME_SUFFIX.sub("", normalize(str(raw))).replace(" ", "")
    if text in PLACEHOLDERS:
        return CellValue(None, None, f"“{show(raw)}”按空白处理")
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return _bad(f"“{show(raw)}”不是有效日期（月份或日期超出范围）")
            return _check_date(day, raw)
    if re.fullmatch(r"\d{5}(\.0+)?", text):  # a serial that arrived as text (CSV)
        return parse_date(int(float(text)))
    return _bad(f"“{show(raw)}”不是日期（应写成 2025-03-01、2025/3/1、2025.3.1 或 2025年3月1日）")


def _as_text(raw: Any) -> str:
    """A cell's value as the text a person sees in it (a date cell as 2025-03-01, 12.0 as 12)."""
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time(0, 0) else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, float):
        return str(int(raw)) if math.isfinite(raw) and raw == int(raw) and abs(raw) < 1e15 else repr(raw)
    return str(raw)


def parse_text(raw: Any, *, field: str | None = None, max_chars: int = MAX_TEXT_CHARS) -> CellValue:
    """Free text, never NFKC-folded (that would turn Chinese full-width punctuation ，； into ASCII).

    With `field` (a key of text_rules.FIELD_LIMITS) the core's one rule applies: Word's \\x0b/\\x0c become line
    breaks, other control characters are removed with a note, and text over the field's limit is an error.
    Without it (identity columns, reference names) control characters are refused."""
    if is_blank(raw):
        return CellValue(None)
    if isinstance(raw, bool):
        return _bad(f"“{show(raw)}”不是文字")
    text = _as_text(raw)
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        return _bad("含有无效字符")
    if field is not None:
        try:
            cleaned, notes = text_rules.clean_text(field, text)
        except ValidationError as exc:
            return _bad(exc.errors.get(field) or str(exc))
        return CellValue(cleaned, None, "；".join(notes) or None)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if _CONTROL.search(text):
        return _bad("含有不可见的控制字符（可能是从其他软件粘贴带入的），请删除后重新填写")
    if len(text) > max_chars:
        return _bad(f"内容过长（{len(text)} 字），上限 {max_chars} 字")
    return CellValue(text or None)


def parse_choice(raw: Any, allowed: list[str], what: str) -> CellValue:
    if is_blank(raw):
        return CellValue(None)
    text = normalize(str(raw)) if not isinstance(raw, bool) else str(raw)
    if text in allowed:
        return CellValue(text)
    return _bad(f"“{show(raw)}”不是有效的{what}（可选：{'、'.join(allowed)}）")


def parse_status(raw: Any) -> CellValue:
    return parse_choice(raw, ref.STATUSES, "状态")


def parse_list(raw: Any, *, field: str | None = None) -> CellValue:
    """One item per line (as exported); 、 and ； also separate items. Blank -> []. With `field`, each item
    follows the core's text rule for that field (control characters, length limit per item)."""
    if is_blank(raw):
        return CellValue([])
    if isinstance(raw, bool):
        return _bad(f"“{show(raw)}”不是文字")
    text = _as_text(raw).replace("\x0b", "\n").replace("\x0c", "\n").replace("\r", "\n")
    items: list[str] = []
    notes: list[str] = []
    for part in re.split(r"[\n、；;]", text):
        item = parse_text(part, field=field)
        if not item.ok:
            return item
        if item.value is not None:
            items.append(item.value)
        if item.note:
            notes.append(item.note)
    return CellValue(items, None, "；".join(dict.fromkeys(notes)) or None)


def parse_id(raw: Any) -> CellValue:
    """A record id (UUID text). Only trimmed; it must then exist in the database."""
    if is_blank(raw):
        return CellValue(None)
    if not isinstance(raw, str):
        return _bad(f"“{show(raw)}”不是有效的记录ID")
    text = unicodedata.normalize("NFKC", raw).strip().lower()
    if not re.fullmatch(r"[0-9a-z-]{1,64}", text):
        return _bad(f"“{show(raw)}”不是有效的记录ID（请勿修改隐藏的ID列）")
    return CellValue(text)
