"""The fonts every report uses: the bundled WenQuanYi Micro Hei, and a fallback for the characters it lacks.

Both are TrueType-outline fonts, embedded as subsets. reportlab's own CJK fonts (STSong-Light) and its
standard 14 fonts (Helvetica...) are never embedded, so no report may reference them: not in paragraphs,
not in table cells, not in chart labels, not on the canvas. `FONT` is registered as its own bold/italic
family so `<b>` in markup cannot fall back to Helvetica-Bold.

The fallback (resources/fonts/hanazono-fallback.ttf, a subset of GlyphWiki's HanaMinA made by
resources/fonts/build_fallback_font.py) draws rare Han characters such as 䶮, 鿏, 𠮷, 𠀀 and common emoji.
A character neither font has is printed as 〓 (the conventional mark for a missing character) and the
report lists it in its notes (see `unprintable`).
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from app.paths import font_path, resource_path

FONT = "WQYMicroHei"  # the name the PDF and the styles use
FALLBACK_FONT = "HanazonoFallback"
FALLBACK_FILE = "hanazono-fallback.ttf"
MISSING_MARK = "〓"  # printed in place of a character no bundled font can draw
_lock = threading.Lock()


class FontError(RuntimeError):
    """The bundled font is missing or unreadable: no report can be typeset without it."""


_reportlab_to_unicode = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 surrogate pairs.

    reportlab writes every code point as "<%04X>", so 𠮷 (U+20BB7) becomes the invalid "<20BB7>" and the
    PDF's text (copy, search, extraction) is garbage for it although the glyph prints. Characters of the
    Basic Multilingual Plane come out exactly as before, so other users of reportlab see no difference.
    """
    cmap = _reportlab_to_unicode(fontname, subset)
    for code in subset:
        if code > 0xFFFF:
            pair = chr(code).encode("utf-16-be").hex().upper()
            cmap = cmap.replace(f"> <{code:04X}>", f"> <{pair}>")
    return str(cmap)


def _register_family(name: str, path: str, subfont_index: int = 0) -> None:
    pdfmetrics.registerFont(TTFont(name, path, subfontIndex=subfont_index))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)


def register_fonts() -> str:
    """Register the bundled fonts once per process (thread-safe, idempotent). Returns the main font's name.

    The fallback font is optional: without it, rare characters are listed as unprintable instead.
    """
    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    with _lock:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return FONT
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        fallback = resource_path("fonts", FALLBACK_FILE)
        if fallback.is_file():
            try:
                _register_family(FALLBACK_FONT, str(fallback))
            except Exception:  # a damaged optional font must not stop the report: rare characters get listed
                pass
        path = font_path()
        if not path.is_file():
            raise FontError(f"找不到报告字体 / report font not found: {path}")
        try:
            _register_family(FONT, str(path))
        except Exception as exc:
            raise FontError(f"无法读取报告字体 / cannot read report font {path}: {exc}") from exc
    return FONT


def _font_cmap(name: str) -> frozenset[int]:
    if name not in pdfmetrics.getRegisteredFontNames():
        return frozenset()
    face = pdfmetrics.getFont(name).face
    return frozenset(face.charToGlyph)


@lru_cache(maxsize=1)
def _cmaps() -> tuple[frozenset[int], frozenset[int]]:
    register_fonts()
    main = _font_cmap(FONT)
    return main, _font_cmap(FALLBACK_FONT) - main


@lru_cache(maxsize=1)
def _char_sets() -> tuple[frozenset[str], frozenset[str]]:
    """The same as _cmaps, as characters: set operations on a whole text run in C (10,000-row tables)."""
    main, fallback = _cmaps()
    return frozenset(map(chr, main)) | {"\n"}, frozenset(map(chr, fallback))


def has_fallback() -> bool:
    return bool(_cmaps()[1])


def font_of(char: str) -> str | None:
    """The font that draws `char`: FONT, FALLBACK_FONT, or None when neither has it."""
    main, fallback = _cmaps()
    code = ord(char)
    if code in main:
        return FONT
    if code in fallback:
        return FALLBACK_FONT
    return None


def missing_glyphs(text: str) -> list[str]:
    """Characters of `text` the main font cannot draw (control characters are ignored: never drawn)."""
    main, _ = _cmaps()
    return sorted({c for c in text if ord(c) not in main and unicodedata.category(c)[0] != "C"})


# Characters outside the font with a faithful stand-in (NFKC covers most full-width and compatibility forms).
_SUBSTITUTES = {"\u00a0": " ", "\u3000": "  ", "\u2009": " ", "\u200b": "", "\t": " ", "\x0b": "\n", "\x0c": "\n"}


def _printable_char(c: str) -> str:
    if c == "\n" or font_of(c) is not None:
        return c
    if c in _SUBSTITUTES:
        return _SUBSTITUTES[c]
    if unicodedata.category(c)[0] == "C" or unicodedata.category(c) in ("Mn", "Me"):
        return ""  # control, format and combining marks (emoji variation selectors): never drawn alone
    folded = unicodedata.normalize("NFKC", c)
    if folded != c and all(font_of(f) is not None for f in folded):
        return folded
    return MISSING_MARK


def printable(text: str | None) -> str:
    """Text the bundled fonts can draw: stand-ins first, NFKC next, then 〓 for what no font has.

    Control characters are removed (Word's vertical tab and form feed become line breaks), so a value
    pasted from anywhere cannot break the PDF. `unprintable` tells which characters became 〓.
    """
    if not text:
        return ""
    main, _ = _char_sets()
    if main.issuperset(text):
        return text
    return "".join(_printable_char(c) for c in text)


def unprintable(text: str | None) -> list[str]:
    """The characters of `text` that `printable` turns into 〓 (in order of first appearance)."""
    if not text or _char_sets()[0].issuperset(text):
        return []
    seen: dict[str, None] = {}
    for c in text:
        if c not in seen and _printable_char(c) == MISSING_MARK:
            seen[c] = None
    return list(seen)


def runs(text: str) -> list[tuple[str, str]]:
    """Split printable text into (font, run) pieces: the fallback font only where the main font lacks a glyph."""
    out: list[tuple[str, str]] = []
    if not needs_fallback(text):
        return [(FONT, text)] if text else []
    for c in text:
        font = FALLBACK_FONT if font_of(c) == FALLBACK_FONT else FONT
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + c)
        else:
            out.append((font, c))
    return out


def needs_fallback(text: str) -> bool:
    return not text.isascii() and not _char_sets()[1].isdisjoint(text)


def markup(text: str) -> str:
    """Paragraph markup for printable text: XML-escaped, fallback runs in their font, newlines as <br/>."""
    parts = []
    for font, run in runs(text):
        escaped = escape(run).replace("\n", "<br/>")
        parts.append(escaped if font == FONT else f'<font face="{FALLBACK_FONT}">{escaped}</font>')
    return "".join(parts)
