"""Explicit parsers for the values officers type and the plan prints. Nothing is guessed: a value
either parses by a stated rule (and says which) or is reported as unparsed."""

from __future__ import annotations

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


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def parse_number(text: str | None) -> Parsed:
    """A bare number; thousands separators allowed."""
    norm = normalize(text).replace(",", "")
    if norm in PLACEHOLDERS:
        return Parsed(None, "blank")
    if _PLAIN.match(norm):
        return Parsed(_decimal(norm), "ok")
    return Parsed(None, "invalid", f"“{text}”不是数字")


_AMOUNT = re.compile(rf"^({_NUMBER})\s*(亿元|亿|万元|万|元)?$")
_AMOUNT_FACTORS = {
    None: Decimal(1),
    "亿元": Decimal(1),
    "亿": Decimal(1),
    "万元": Decimal("0.0001"),
    "万": Decimal("0.0001"),
    "元": Decimal("0.00000001"),
}


def parse_amount_yi(text: str | None) -> Parsed:
    """Money in 亿元. A bare number is 亿元; "1.2亿", "500万元", "3000000元" are converted and say so."""
    norm = normalize(text).replace(",", "").replace(" ", "")
    if norm in PLACEHOLDERS:
        return Parsed(None, "blank")
    m = _AMOUNT.match(norm)
    if not m:
        return Parsed(None, "invalid", f"“{text}”不是金额（应为亿元数字，或带单位如 1.2亿、500万元）")
    number, unit = _decimal(m.group(1)), m.group(2)
    value = number * _AMOUNT_FACTORS[unit]
    note = "" if unit in (None, "亿元", "亿") else f"“{text}”按 {unit} 换算为 {_fmt(value)} 亿元"
    return Parsed(value, "ok", note)


_LAND = re.compile(rf"^({_NUMBER})\s*(万亩|万|亩|公顷|hm2|hm²)?$")


def parse_land_mu(text: str | None) -> Parsed:
    """Land in 亩. "50亩" -> 50; "10 万" -> 100000 (万亩, said in the note); 公顷 -> ×15."""
    norm = normalize(text).replace(",", "")
    if norm in PLACEHOLDERS:
        return Parsed(None, "blank")
    m = _LAND.match(norm)
    if not m:
        return Parsed(None, "invalid", f"“{text}”不是用地面积（应为亩数）")
    number, unit = _decimal(m.group(1)), m.group(2)
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
    text = format(value.normalize(), "f")
    return text


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
