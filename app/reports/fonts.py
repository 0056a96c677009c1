"""The one font every report uses: the bundled WenQuanYi Micro Hei (TrueType outlines, embedded as a subset).

reportlab's own CJK fonts (STSong-Light) and its standard 14 fonts (Helvetica...) are never embedded, so no
report may reference them: not in paragraphs, not in table cells, not in chart labels, not on the canvas.
`FONT` is registered as its own bold/italic family so `<b>` in markup cannot fall back to Helvetica-Bold.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.paths import font_path

FONT = "WQYMicroHei"  # the name the PDF and the styles use
_lock = threading.Lock()


class FontError(RuntimeError):
    """The bundled font is missing or unreadable: no report can be typeset without it."""


def register_fonts() -> str:
    """Register the bundled font once per process (thread-safe, idempotent). Returns its name."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    with _lock:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return FONT
        path = font_path()
        if not path.is_file():
            raise FontError(f"找不到报告字体 / report font not found: {path}")
        try:
            font = TTFont(FONT, str(path), subfontIndex=0)
        except Exception as exc:
            raise FontError(f"无法读取报告字体 / cannot read report font {path}: {exc}") from exc
        pdfmetrics.registerFont(font)
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FONT, bold, italic, FONT)
    return FONT


@lru_cache(maxsize=1)
def _cmap() -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(FONT).face.charToGlyph)


def missing_glyphs(text: str) -> list[str]:
    """Characters of `text` the font cannot draw (control characters are ignored: they are never drawn)."""
    cmap = _cmap()
    return sorted({c for c in text if ord(c) not in cmap and unicodedata.category(c)[0] != "C"})


# Characters outside the font with a faithful stand-in (NFKC covers most full-width and compatibility forms).
_SUBSTITUTES = {"\u00a0": " ", "\u3000": "  ", "\u2009": " ", "\u200b": ""}


def printable(text: str | None) -> str:
    """Text the font can draw: known stand-ins first, then NFKC for anything else missing; '?' as last resort.

    The seed data and every value checked so far are fully covered; this only guards against future input
    (an emoji pasted into 存在问题) turning into an empty box on paper.
    """
    if not text:
        return ""
    cmap = _cmap()
    out = []
    for c in text:
        if ord(c) in cmap or c in "\n\t":
            out.append(c)
            continue
        if c in _SUBSTITUTES:
            out.append(_SUBSTITUTES[c])
            continue
        if unicodedata.category(c)[0] == "C":
            continue
        folded = unicodedata.normalize("NFKC", c)
        if folded != c and all(ord(f) in cmap for f in folded):
            out.append(folded)
        else:
            out.append("?")
    return "".join(out)
