"""Paragraph and table styles. Every style names the embedded font explicitly: reportlab's defaults are
Helvetica, which is never embedded and has no Chinese glyphs."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from app.reports.cjk import CJKParagraph
from app.reports.fonts import FONT, markup, printable, register_fonts

PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm

INK = colors.HexColor("#1A1A1A")
ACCENT = colors.HexColor("#1F3A5F")  # headings, rules
MUTED = colors.HexColor("#5F6B7A")
HEADER_FILL = colors.HexColor("#DCE4EE")
ZEBRA = colors.HexColor("#F4F6F9")
GRID = colors.HexColor("#9AA5B1")
RAG_COLORS = {
    "red": colors.HexColor("#C0392B"),
    "amber": colors.HexColor("#C98A00"),
    "green": colors.HexColor("#2E7D4F"),
    "unknown": colors.HexColor("#7F8C8D"),
}
CHART_COLORS = [
    colors.HexColor(c) for c in ("#1F3A5F", "#6C9BD2", "#C98A00", "#2E7D4F", "#C0392B", "#8E6CBF", "#7F8C8D", "#B5651D")
]


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle(
        "body", fontName=FONT, fontSize=10.5, leading=16, textColor=INK, wordWrap="CJK", alignment=TA_LEFT, spaceAfter=4
    )
    s = {"body": base}

    def add(name: str, **kw: Any) -> None:
        s[name] = ParagraphStyle(name, parent=kw.pop("parent", base), **kw)

    add("title", fontSize=24, leading=34, alignment=TA_CENTER, textColor=ACCENT, spaceAfter=10)
    add("subtitle", fontSize=16, leading=24, alignment=TA_CENTER, textColor=INK, spaceAfter=6)
    add("cover_line", fontSize=13, leading=22, alignment=TA_CENTER, textColor=INK)
    add("cover_key", fontSize=12, leading=18, textColor=MUTED, alignment=TA_RIGHT)
    add("cover_val", fontSize=12, leading=18)
    add("cover_note", fontSize=9.5, leading=14, alignment=TA_CENTER, textColor=MUTED)
    add("h1", fontSize=16, leading=24, textColor=ACCENT, spaceBefore=8, spaceAfter=8, keepWithNext=1)
    add("h2", fontSize=12.5, leading=19, textColor=ACCENT, spaceBefore=8, spaceAfter=4, keepWithNext=1)
    add("h3", fontSize=11, leading=16, textColor=INK, spaceBefore=6, spaceAfter=3, keepWithNext=1)
    add("small", fontSize=8.5, leading=12, textColor=MUTED)
    add("caption", fontSize=9, leading=13, alignment=TA_CENTER, textColor=MUTED, spaceBefore=2, spaceAfter=8)
    add("bullet", leftIndent=12, bulletIndent=2, spaceAfter=2)
    add("cell", fontSize=8.5, leading=11, spaceAfter=0)
    add("cell_c", parent=s["cell"], alignment=TA_CENTER)
    add("cell_r", parent=s["cell"], alignment=TA_RIGHT)
    add("head", fontSize=8.5, leading=11, alignment=TA_CENTER, spaceAfter=0)
    add("tcell", fontSize=7.5, leading=9.5, spaceAfter=0)  # the wide progress table
    add("tcell_c", parent=s["tcell"], alignment=TA_CENTER)
    add("tcell_r", parent=s["tcell"], alignment=TA_RIGHT)
    add("thead", fontSize=7.5, leading=9.5, alignment=TA_CENTER, spaceAfter=0)
    add("kv_key", fontSize=9.5, leading=14, textColor=MUTED, spaceAfter=0)
    add("kv_val", fontSize=9.5, leading=14, spaceAfter=0)
    add("sign", fontSize=12, leading=30)
    return s


def text(value: str | None) -> str:
    """Plain text -> safe paragraph markup: XML-escaped, drawable by the fonts (the fallback font where the
    main one lacks a glyph), control characters removed, newlines kept."""
    return markup(printable(value or ""))


def para(value: str | None, style: str = "body", markup: bool = False) -> CJKParagraph:
    """A paragraph with Chinese line breaking. `markup=True` when `value` is already safe markup."""
    return CJKParagraph(value if markup else text(value), styles()[style])


def table_style(
    header_rows: int = 1,
    zebra: bool = True,
    font_size: float = 8.5,
    extra: Sequence[tuple[Any, ...]] = (),
    grid: bool = True,
) -> Any:
    cmds: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # string cells: never the Helvetica default
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
        ("LEADING", (0, 0), (-1, -1), font_size * 1.3),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if grid:
        cmds += [("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BOX", (0, 0), (-1, -1), 0.8, ACCENT)]
    if header_rows:
        cmds += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, ACCENT),
        ]
    if zebra:
        cmds.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, ZEBRA]))
    cmds.extend(extra)
    return TableStyle(cmds)
