"""Explicit parsers for the values officers type and the plan prints. Nothing is guessed: a value
either parses by a stated rule (and says which) or is reported as unparsed."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

# Cells the plan uses for "nothing here". Unknown is never zero.
PLACEHOLDERS = frozenset({"", "-", "--", "---", "—", "——", "———", "－", "/", "无", "空"})


def normalize(text: str | None) -> str:
    """NFKC folds full-width digits and letters (１２．５ -> 12.5) and trims."""
    if text is None:
        return ""
    return unicodedata.normalize("NFKC", str(text)).strip()


def is_placeholder(text: str | None) -> bool:
    return normalize(text) in PLACEHOLDERS


@dataclass(frozen=True)
class Parsed:
    value: Decimal | None
    status: str  # "ok" | "blank" | "invalid"
    note: str = ""  # how a unit was understood, or why the text could not be parsed

    @property
    def ok(self) -> bool:
        return self.status == "ok"


_NUMBER = r"[+-]?\d+(?:\.\d+)?"
_PLAIN = re.compile(rf"^({_NUMBER})$")
# A comma is a thousands separator only where it is one: groups of exactly three digits after a first
# group of one to three digits that does not start with 0 ("1,234.5", "12,345"; never "0,35" or "1,5").
_GROUPED = re.compile(r"^[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$")
_SCIENTIFIC = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+$")
# The number at the start of an amount or an area, before its unit (commas checked by _number_text).
_LEADING_NUMBER = re.compile(r"^([+-]?[\d,.]+(?:[eE][+-]?\d+)?)\s*(.*)$")


class NumberTextError(ValueError):
    """The typed number is not a plain decimal number; `note` says why, in Chinese."""

    def __init__(self, note: str) -> None:
        super().__init__(note)
        self.note = note


def _number_text(number: str, original: str | None) -> Decimal:
    """The value of the digits an officer typed, by the one comma rule; NumberTextError otherwise.

    `number` is already NFKC-normalised (a full-width comma "，" has become ","), `original` is what was
    typed, quoted in the note so the officer finds it."""
    shown = original if original is not None else number
    if _SCIENTIFIC.match(number):
        return _raise(f"“{shown}”是科学计数法：请直接写出数字（例如 1000，而不是 1e3）")
    if "," in number:
        if _GROUPED.match(number):
            return Decimal(number.replace(",", ""))
        return _raise(
            f"“{shown}”中的逗号不是千位分隔符：小数请用小数点（例如 1.5），千位分隔符须每三位一个（例如 1,234.5）"
        )
    if _PLAIN.match(number):
        return Decimal(number)
    return _raise(f"“{shown}”不是数字")


def _raise(note: str) -> Decimal:
    raise NumberTextError(note)


def parse_decimal(text: str | None) -> Decimal:
    """A plain number typed by a person, by the same rule as parse_number; NumberTextError if it is not one.

    Blank/placeholder text is an error here too (callers that accept blanks use parse_number)."""
    parsed = parse_number(text)
    if parsed.value is None:
        raise NumberTextError(parsed.note or "请输入数字")
    return parsed.value


def parse_number(text: str | None) -> Parsed:
    """A bare number. A comma counts only as a real thousands separator ("1,234.5"); "0,35", "1,5",
    "1，5" and "1e3" are invalid with the reason in the note (never read as 35, 15 or 1000)."""
    norm = normalize(text)
    if norm in PLACEHOLDERS:
        return Parsed(None, "blank")
    try:
        return Parsed(_number_text(norm, text), "ok")
    except NumberTextError as error:
        return Parsed(None, "invalid", error.note)


_AMOUNT_UNITS = ("亿元", "亿", "万元", "万", "元")
_AMOUNT_FACTORS = {
    "": Decimal(1),
    "亿元": Decimal(1),
    "亿": Decimal(1),
    "万元": Decimal("0.0001"),
    "万": Decimal("0.0001"),
    "元": Decimal("0.00000001"),
}


def _split_unit(norm: str) -> tuple[str, str] | None:
    """("1,234.5", "万元") from "1,234.5 万元"; None when the text does not start with a number."""
    match = _LEADING_NUMBER.match(norm)
    if not match:
        return None
    return match.group(1), match.group(2).strip()


def parse_amount_yi(text: str | None) -> Parsed:
    """Money in 亿元. A bare number is 亿元; "1.2亿", "500万元", "3000000元" are converted and say so.
    Numbers follow parse_number's comma rule."""
    norm = normalize(text)
    if norm in PLACEHOLDERS:
        return Parsed(None, "blank")
    split = _split_unit(norm)
    if split is None or split[1] not in _AMOUNT_FACTORS:
        return Parsed(None, "invalid", f"“{text}”不是金额（应为亿元数字，或带单位如 1.2亿、500万元）")
    number_text, unit = split
    try:
        number = _number_text(number_text, text)
    except NumberTextError as error:
        return Parsed(None, "invalid", error.note)
    value = number * _AMOUNT_FACTORS[unit]
    note = "" if unit in ("", "亿元", "亿") else f"“{text}”按 {unit} 换算为 {_fmt(value)} 亿元"
    return Parsed(value, "ok", note)


_LAND_UNITS = frozenset({"", "万亩", "万", "亩", "公顷", "hm2", "hm²"})


def parse_land_mu(text: str | None) -> Parsed:
    """Land in 亩. "50亩" -> 50; "10 万" -> 100000 (万亩, said in the note); 公顷 -> ×15.
    Numbers follow parse_number's comma rule."""
    norm = normalize(text)
    if norm in PLACEHOLDERS:
        return Parsed(None, "blank")
    split = _split_unit(norm)
    if split is None or split[1] not in _LAND_UNITS:
        return Parsed(None, "invalid", f"“{text}”不是用地面积（应为亩数）")
    number_text, unit = split
    try:
        number = _number_text(number_text, text)
    except NumberTextError as error:
        return Parsed(None, "invalid", error.note)
    if unit in ("万", "万亩"):
        value = number * 10000
        return Parsed(value, "ok", f"“{text}”按“万亩”理解，换算为 {_fmt(value)} 亩")
    if unit in ("公顷", "hm2", "hm²"):
        value = number * 15
        return Parsed(value, "ok", f"“{text}”按 1 公顷 = 15 亩换算为 {_fmt(value)} 亩")
    if unit == "亩":
        return Parsed(number, "ok", f"“{text}”去掉单位“亩”")
    return Parsed(number, "ok")


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


# Dates as people type them (the same spellings the entry workbook accepts).
DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
DATE_SPELLINGS = "2025-03-01、2025/3/1、2025.3.1、2025年3月1日 或 20250301"


class DateTextError(ValueError):
    """The typed text is not a date, or names a day that does not exist; `note` says which, in Chinese."""

    def __init__(self, note: str) -> None:
        super().__init__(note)
        self.note = note


def parse_date_text(text: str | None) -> dt.date | None:
    """A date typed by a person; None for blank. A well-formed but impossible day (2025-02-30) is reported
    as such, not as a format error."""
    norm = normalize(text).replace(" ", "")
    if norm in PLACEHOLDERS:
        return None
    for pattern in DATE_PATTERNS:
        match = pattern.match(norm)
        if match:
            year, month, day = (int(group) for group in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise DateTextError(_impossible_day(text, year, month, day)) from None
    raise DateTextError(f"“{text}”不是日期（应写成 {DATE_SPELLINGS}）")


def _impossible_day(text: str | None, year: int, month: int, day: int) -> str:
    if not 1 <= month <= 12:
        return f"“{text}”不是有效日期：没有 {month} 月"
    if not year >= 1:
        return f"“{text}”不是有效日期"
    return f"“{text}”不是有效日期：{year}年{month}月没有 {day} 日"


def decimals_of(text: str | None) -> int | None:
    """How many decimals the source wrote ("35.270" -> 3), so reports print amounts as the plan does."""
    norm = normalize(text)
    if not _PLAIN.match(norm):
        return None
    return len(norm.split(".")[1]) if "." in norm else 0


# --- Typesetting residue in the plan text (HTML tags, LaTeX, spaced superscripts) -------------------
_SUPERSCRIPTS = "²³⁴"
_SUBSCRIPT_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_LATEX_SYMBOLS = {r"\phi": "φ", r"\times": "×", r"\mu": "μ", r"\leq": "≤", r"\geq": "≥"}


def _latex_to_text(expr: str) -> str:
    expr = re.sub(r"\\text\{([^}]*)\}", r"\1", expr)
    for command, symbol in _LATEX_SYMBOLS.items():
        expr = expr.replace(command, symbol)
    return expr.replace(" ", "")


def clean_text(raw: str | None) -> tuple[str | None, bool]:
    """Plain reading text for a cell, and whether any markup had to be converted."""
    if raw is None:
        return None, False
    text = raw
    text = re.sub(r"</?p>", "", text)
    text = re.sub(r"\$([^$]+)\$", lambda m: _latex_to_text(m.group(1)), text)
    text = re.sub(r"\s*_\{\s*([^}]*)\}", lambda m: m.group(1).strip(), text)  # PM _{2.5} -> PM2.5
    text = re.sub(r"([A-Za-z])_(\d)", lambda m: m.group(1) + m.group(2).translate(_SUBSCRIPT_DIGITS), text)
    text = re.sub(r"([A-Za-z])_([a-z])\b", r"\1\2", text)  # NO_x -> NOx
    text = re.sub(rf"\s+([{_SUPERSCRIPTS}])", r"\1", text)  # m ³ -> m³
    text = re.sub(r"[ \t]+", " ", text).strip()
    return text, text != re.sub(r"[ \t]+", " ", raw).strip()
