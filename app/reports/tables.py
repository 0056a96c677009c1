"""Long tables that stay fast at 10,000 rows.

reportlab re-measures every remaining row each time a table is split across pages; its LongTable
shortcut only stops early when row spans are present, and the measuring loop itself is quadratic
(``H.index(None)``, ``sum(H[:i])`` per row). A 10,000-project progress table took minutes that way. Here
every cell is plain text pre-broken with the Chinese line-breaking rules (cjk.wrap_plain), so each row's
height is known exactly (lines x leading + padding) and handed to the table: measuring disappears, and
splitting is a slice.

A cell holding a character that only the fallback font has cannot be a plain string (a string cell is drawn
in one font); it becomes a paragraph of the same pre-broken lines, so the row height stays exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import LongTable

from app.reports.cjk import CJKParagraph, wrap_plain
from app.reports.fonts import FONT, markup, needs_fallback, printable
from app.reports.styles import INK, table_style

PAD_X, PAD_TOP, PAD_BOTTOM = 3.0, 2.0, 2.5


def wrap_cell(value: str | None, width: float, font_size: float, empty: str = "—") -> str:
    """Text broken into lines that fit `width` (a column width including padding); None shows `empty`,
    an empty string stays blank."""
    if not value:
        return empty if value is None else ""
    text = printable(value)
    return "\n".join(wrap_plain(text, FONT, font_size, width - 2 * PAD_X))


_ALIGNMENT = {"LEFT": TA_LEFT, "CENTER": TA_CENTER, "CENTRE": TA_CENTER, "RIGHT": TA_RIGHT}


def _mixed_font_cell(lines: str, font_size: float, leading: float, how: str) -> CJKParagraph:
    style = ParagraphStyle(
        f"cell-{font_size}-{leading}-{how}",
        fontName=FONT,
        fontSize=font_size,
        leading=leading,
        textColor=INK,
        wordWrap="CJK",
        alignment=_ALIGNMENT.get(how, TA_LEFT),
        spaceAfter=0,
    )
    return CJKParagraph(markup(lines), style)


def text_table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    widths: Sequence[float],
    *,
    font_size: float = 7.5,
    leading: float | None = None,
    wrap: Sequence[bool] | None = None,
    align: dict[int, str] | None = None,
    extra: Sequence[tuple[Any, ...]] = (),
    zebra: bool = True,
    padding: tuple[float, float] = (PAD_TOP, PAD_BOTTOM),
) -> Any:
    """A table of plain-text cells with a repeated header row and precomputed row heights.

    `wrap[i]` False leaves column i as is (numbers, short codes: already on one line or with explicit
    newlines); `align` maps column -> LEFT/CENTER/RIGHT for body rows (the header is centred).
    """
    leading = leading or round(font_size * 1.27, 2)
    wrap = list(wrap) if wrap is not None else [True] * len(widths)
    header_cells = [wrap_cell(h, w, font_size, "") for h, w in zip(header, widths, strict=True)]
    data: list[list[Any]] = [list(header_cells)]
    top, bottom = padding
    heights = [max(c.count("\n") + 1 for c in header_cells) * leading + top + bottom]
    for r in rows:
        cells = [
            wrap_cell(v, w, font_size) if wr else printable(str(v)) for v, w, wr in zip(r, widths, wrap, strict=True)
        ]
        heights.append(max(c.count("\n") + 1 for c in cells) * leading + top + bottom)
        data.append(
            [
                _mixed_font_cell(c, font_size, leading, (align or {}).get(i, "LEFT")) if needs_fallback(c) else c
                for i, c in enumerate(cells)
            ]
        )
    cmds: list[tuple[Any, ...]] = [
        ("LEADING", (0, 0), (-1, -1), leading),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
    ]
    for col, how in (align or {}).items():
        cmds.append(("ALIGN", (col, 1), (col, -1), how))
    table = LongTable(data, colWidths=list(widths), rowHeights=heights, repeatRows=1)
    table.setStyle(table_style(font_size=font_size, zebra=zebra, extra=[*cmds, *extra]))
    return table
