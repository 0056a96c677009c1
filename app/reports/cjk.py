"""Chinese line breaking for reportlab paragraphs (禁则, kinsoku).

How reportlab decides (reportlab 4.x/5.x): a Paragraph whose style has ``wordWrap='CJK'`` is broken by
``Paragraph.breakLinesCJK``. A single-fragment paragraph goes to ``reportlab.lib.textsplit.wordSplit``
(-> ``dumbSplit``); a multi-fragment one (any markup) to ``reportlab.platypus.paragraph.cjkFragSplit``.
Both fill a line until a character overflows and then test that one character against
``textsplit.ALL_CANNOT_START`` (imported by name into ``paragraph``); if it may not start a line it is hung
in the right margin, otherwise it moves to the next line. Nothing else is checked:

* ``ALL_CANNOT_START`` holds the ASCII marks, 、。」』】〕］） and Japanese small kana, but **not** the
  full-width ，；：！？ nor ”’》…％ — so a Chinese line can begin with "，";
* ``ALL_CANNOT_END`` (opening brackets/quotes: （《“) exists but is never consulted, so a line can end
  with "《";
* only one character is ever examined, so "。”" or "）。" still leave one of them at a line start, and a
  number such as 1.4868 can be cut in the middle.

Patching the module globals would change every other reportlab user in the process (and only the one-
character hanging rule). Instead `CJKParagraph` overrides ``breakLinesCJK`` and breaks with
`cjk_frag_split`, built on reportlab's own line objects (``cjkU``, ``makeCJKParaLine``, ``ParaLines``) so
drawing, splitting across frames and table cells behave exactly as for reportlab's CJK lines. It moves the
break point back (推入 is not possible without compressing glyphs, so 推出: carry the previous character
down) until the pair around the break is allowed: the next line may not start with `CANNOT_START`, the
line may not end with `CANNOT_END`, ——/…… are never split, and runs of Latin letters/digits (amounts,
codes, years) stay whole. It never backs off more than half a line; when no allowed point exists in that
range it hangs one closing mark in the margin (reportlab's behaviour) or, failing that, cuts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import (
    Paragraph,
    ParaLines,
    _handleBulletWidth,
    cjkU,
    makeCJKParaLine,
)
from reportlab.rl_config import _FUZZ

from app.reports.fonts import FALLBACK_FONT, FONT, font_of

# Chinese additions (GB/T 15834-2011 标点符号用法 / W3C CLREQ 行首行尾禁则) to reportlab's lists.
CHINESE_CANNOT_START = "，；：！？、。）》〉」』】〕〗］｝”’…·%％‰℃°．,;:!?)]}"
CHINESE_CANNOT_END = "（《〈「『【〔〖［｛“‘([{"
CANNOT_START = frozenset(ALL_CANNOT_START + CHINESE_CANNOT_START)
CANNOT_END = frozenset(ALL_CANNOT_END + CHINESE_CANNOT_END)
INSEPARABLE = frozenset("—…")  # ——（破折号）and ……（省略号）are two glyphs that never part
_WORD_PUNCT = frozenset("._-%/+#&@'")


def _is_word_char(c: str) -> bool:
    return len(c) == 1 and c.isascii() and (c.isalnum() or c in _WORD_PUNCT)


def can_break_between(prev: str, nxt: str) -> bool:
    """May a line end after `prev` with the next line starting at `nxt`?"""
    if not prev or not nxt:  # images, <br/> fragments: always a boundary
        return True
    if nxt in CANNOT_START or prev in CANNOT_END:
        return False
    if prev == nxt and prev in INSEPARABLE:
        return False
    return not (_is_word_char(prev) and _is_word_char(nxt))


def choose_break(chars: Sequence[Any], start: int, overflow: int) -> int:
    """Index where the next line starts, given that chars[start:overflow] fit and chars[overflow] does not.

    Moves the break back at most half a line to an allowed point; otherwise hangs one closing mark or cuts.
    """
    n = len(chars)
    if overflow <= start:
        return start + 1  # not even one character fits: take one anyway, to make progress
    lowest = max(start + 1, start + (overflow - start + 1) // 2)
    for b in range(overflow, lowest - 1, -1):
        if can_break_between(chars[b - 1], chars[b]):
            return b
    c = chars[overflow]
    if c and c in CANNOT_START and (overflow + 1 >= n or can_break_between(c, chars[overflow + 1])):
        return overflow + 1  # hanging punctuation (标点悬挂)
    return overflow


def _width(u: Any, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return float(w)


def cjk_frag_split(frags: list[Any], max_widths: list[float], calc_bounds: bool, encoding: str = "utf8") -> Any:
    """Drop-in replacement for reportlab's ``cjkFragSplit`` with Chinese line-breaking rules."""
    chars: list[Any] = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            chars.extend(cjkU(t, f, encoding) for t in text)
        else:
            chars.append(cjkU(text, f, encoding))
    lines: list[Any] = []
    n = len(chars)
    max_width = max_widths[0]

    def next_width() -> float:
        return max_widths[min(len(lines), len(max_widths) - 1)]

    start = i = 0
    used = 0.0
    while i < n:
        u = chars[i]
        w = _width(u, max_width)
        if hasattr(u.frag, "lineBreak"):  # <br/>: the line ends here, the break fragment belongs to it
            used += w
            lines.append(makeCJKParaLine(chars[start : i + 1], max_width, used, max_width - used, True, calc_bounds))
            max_width = next_width()
            start = i = i + 1
            used = 0.0
            continue
        if used + w > max_width + _FUZZ and i > start:
            b = choose_break(chars, start, i)
            end = b
            while end > start + 1 and chars[end - 1] == " ":  # trailing spaces do not count for alignment
                end -= 1
            line_width = sum(_width(c, max_width) for c in chars[start:end])
            lines.append(
                makeCJKParaLine(chars[start:end], max_width, line_width, max_width - line_width, False, calc_bounds)
            )
            max_width = next_width()
            start = b
            while start < n and chars[start] == " " and not hasattr(chars[start].frag, "lineBreak"):
                start += 1
            i = start
            used = 0.0
            continue
        used += w
        i += 1
    if start < n:
        lines.append(makeCJKParaLine(chars[start:], max_width, used, max_width - used, False, calc_bounds))
    return ParaLines(kind=1, lines=lines)


_width_cache: dict[tuple[str, float], dict[str, float]] = {}


def char_widths(text: str, font: str, size: float) -> list[float]:
    """Glyph advance widths, cached per font and size (stringWidth per character is the hot spot).

    A character the main font lacks is measured in the fallback font that will draw it."""
    cache = _width_cache.setdefault((font, size), {})
    out = []
    for c in text:
        w = cache.get(c)
        if w is None:
            drawn_by = FALLBACK_FONT if font == FONT and font_of(c) == FALLBACK_FONT else font
            w = cache[c] = float(stringWidth(c, drawn_by, size))
        out.append(w)
    return out


def break_text(text: str, widths: list[float], max_widths: list[float]) -> list[tuple[int, int, float]]:
    """(start, end, width) of each line of `text`; same rules as `cjk_frag_split`, for plain strings."""
    lines: list[tuple[int, int, float]] = []
    n = len(text)
    start = 0
    while start < n:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used, i = 0.0, start
        while i < n and (used + widths[i] <= max_width + _FUZZ or i == start):
            used += widths[i]
            i += 1
        b = n if i >= n else choose_break(text, start, i)
        end = b
        while end > start + 1 and text[end - 1] == " ":
            end -= 1
        lines.append((start, end, sum(widths[start:end])))
        start = b
        while start < n and text[start] == " ":
            start += 1
    return lines


class CJKParagraph(Paragraph):  # type: ignore[misc]  # reportlab ships no type information
    """A Paragraph broken with Chinese rules whenever its style says wordWrap='CJK'.

    Plain text (one fragment, no markup) takes a fast path with cached glyph widths, producing the same
    line structure as reportlab's own single-fragment CJK path; text with markup goes through
    `cjk_frag_split`. The result is cached per available width: a long table re-wraps every cell each time
    it is split across pages, and a paragraph's lines do not change while its width does not.
    """

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # noqa: N803 - reportlab's names
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]  # noqa: N806 - the parameter above, reassigned
        style = self.style
        self.height = 0
        _handleBulletWidth(self.bulletText, style, maxWidths)
        frags = self.frags
        if not frags:
            return ParaLines(
                kind=0,
                fontSize=style.fontSize,
                fontName=style.fontName,
                textColor=style.textColor,
                lines=[],
                ascent=style.fontSize,
                descent=-0.2 * style.fontSize,
            )
        single = len(frags) == 1 and not hasattr(frags[0], "cbDefn") and not style.endDots
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            if single:  # reportlab stores a split plain paragraph's lines under kind=1; they are kind 0
                return frags[0].clone(kind=0, lines=self.blPara.lines)
            return self.blPara
        key = tuple(maxWidths)
        cached = getattr(self, "_cjk_cache", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        if single and not hasattr(frags[0], "lineBreak"):
            f = frags[0]
            text = f.text if hasattr(f, "text") else "".join(getattr(f, "words", []))
            if isinstance(text, bytes):
                text = text.decode("utf8")
            widths = char_widths(text, f.fontName, f.fontSize)
            lines = [
                (maxWidths[min(i, len(maxWidths) - 1)] - w, [text[a:b]])
                for i, (a, b, w) in enumerate(break_text(text, widths, list(maxWidths)))
            ]
            result = f.clone(kind=0, lines=lines, ascent=f.fontSize, descent=-0.2 * f.fontSize)
        else:
            auto_leading = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
            result = cjk_frag_split(frags, maxWidths, auto_leading not in ("", "off"))
        self._cjk_cache = (key, result)
        return result


def wrap_plain(text: str, font: str, size: float, width: float, max_lines: int | None = None) -> list[str]:
    """Break plain text into lines no wider than `width` with the same rules (table cells, chart labels).

    With `max_lines`, the last kept line ends in "…" when text had to be dropped.
    """
    out: list[str] = []
    for part in (text or "").split("\n"):
        if not part:
            out.append("")
            continue
        widths = char_widths(part, font, size)
        out.extend(part[a:b] for a, b, _ in break_text(part, widths, [width]))
    if max_lines is not None and len(out) > max_lines:
        return cut_lines(out, max_lines, "…", font, size, width)
    return out


def cut_lines(lines: list[str], max_lines: int, suffix: str, font: str, size: float, width: float) -> list[str]:
    """The first `max_lines` lines, the last one shortened until `suffix` fits after it."""
    kept = lines[:max_lines]
    last = kept[-1] if kept else ""
    while last and sum(char_widths(last + suffix, font, size)) > width:
        last = last[:-1]
    if kept:
        kept[-1] = last + suffix
    else:
        kept = [suffix]
    return kept
