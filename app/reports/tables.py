"""Long tables that stay fast at 10,000 rows.

reportlab re-measures every remaining row each time a table is split across pages; its LongTable
shortcut only stops early when row spans are present, and the measuring loop itself is quadratic
(``H.index(None)``, ``sum(H[:i])`` per row). A 10,000-project progress table took minutes that way. Here
every cell is plain text pre-broken with the Chinese line-breaking rules (cjk.wrap_plain), so each row's
height is known exactly (lines x leading + padding) and handed to the table: measuring disappears, and
splitting is a slice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reportlab.platypus import LongTable

from app.reports.cjk import wrap_plain
from app.reports.fonts import FONT, printable
from app.reports.styles import table_style

PAD_X, PAD_TOP, PAD_BOTTOM = 3.0, 2.0, 2.5


def wrap_cell(value: str | None, width: float, font_size: float, empty: str = "—") -> str:
    """Text broken into lines that fit `width` (a column width including padding); None shows `empty`,
    an empty string stays blank."""
    if not value:
        return empty if value is None else ""
    text = printable(value)
    return "\n".join(wrap_plain(text, FONT, font_size, width - 2 * PAD_X))


def text_table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    widths: Sequence[float],
    *,
    font_size: float = 7.5,
    leading: float | None = None,
    wrap: Sequence[bool] | None = None,
    align: dict[int, str] | None = None,
    extra: Sequence = (),
    zebra: bool = True,
    padding: tuple[float, float] = (PAD_TOP, PAD_BOTTOM),
) -> LongTable:
    """A table of plain-text cells with a repeated header row and precomputed row heights.

    `wrap[i]` False leaves column i as is (numbers, short codes: already on one line or with explicit
    newlines); `align` maps column -> LEFT/CENTER/RIGHT for body rows (the header is centred).
    """
    leading = leading or round(font_size * 1.27, 2)
    wrap = list(wrap) if wrap is not None else [True] * len(widths)
    data = [[wrap_cell(h, w, font_size, "") for h, w in zip(header, widths)]]
    for r in rows:
        data.append([wrap_cell(v, w, font_size) if wr else printable(str(v)) for v, w, wr in zip(r, widths, wrap)])
    top, bottom = padding
    heights = [max(c.count("\n") + 1 for c in r) * leading + top + bottom for r in data]
    cmds = [
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
