"""What every report section needs: the data, one number of decimals for amounts, the page widths, and the
notes of what had to be cut or replaced to print a text (see notes.py)."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from app.core import number_format
from app.reports.cjk import CJKParagraph, cut_lines, wrap_plain
from app.reports.fonts import FONT, printable
from app.reports.model import ReportData, Total
from app.reports.notes import TRUNCATION_MARK, ReportNotes
from app.reports.styles import LANDSCAPE, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PORTRAIT, para

PORTRAIT_WIDTH = PORTRAIT[0] - 2 * MARGIN_X
LANDSCAPE_WIDTH = LANDSCAPE[0] - 1.6 * MARGIN_X
PORTRAIT_HEIGHT = PORTRAIT[1] - MARGIN_TOP - MARGIN_BOTTOM
LANDSCAPE_HEIGHT = LANDSCAPE[1] - MARGIN_TOP - MARGIN_BOTTOM
# A table row may take at most this share of a page; a longer text is cut (a row taller than the page
# cannot be placed anywhere: reportlab's LayoutError).
MAX_ROW_SHARE = 0.45


class ReportContext:
    def __init__(self, data: ReportData):
        self.data = data
        self.dec = number_format.amount_decimals(data.amounts())
        self.pw = PORTRAIT_WIDTH
        self.lw = LANDSCAPE_WIDTH
        self.notes = ReportNotes()

    def amt(self, v: Decimal | None, unit: bool = False, unknown: str = number_format.UNKNOWN) -> str:
        return number_format.amount(v, self.dec, unit=unit, unknown=unknown)

    def total(self, t: Total, unit: bool = True) -> str:
        """ "123.4567 亿元（未知 3 项）" / "未知 68 项"."""
        if not t.known:
            return f"{number_format.UNKNOWN} {t.unknown} 项" if t.unknown else number_format.UNKNOWN
        return self.amt(t.value, unit=unit) + number_format.unknown_note(t.unknown)

    def fit(
        self,
        text: str | None,
        width: float,
        font_size: float,
        *,
        where: str,
        leading: float | None = None,
        landscape: bool = False,
        share: float = MAX_ROW_SHARE,
        empty: str = "—",
    ) -> str:
        """`text` made printable and, if it would make its cell taller than `share` of a page, cut after the
        last line that fits with "…（全文见系统）" (recorded in the notes under `where`).

        `width` is the text width (padding already taken off). Lines are returned joined with newlines, as
        they will be drawn.
        """
        if text is None or not text.strip():
            return empty
        clean = printable(text)
        leading = leading or font_size * 1.27
        max_lines = max(int((LANDSCAPE_HEIGHT if landscape else PORTRAIT_HEIGHT) * share / leading), 1)
        per_line = max(int(width / font_size), 1)  # full-width characters per line: the fewest there can be
        if len(clean) + clean.count("\n") * per_line <= max_lines * per_line // 2:
            return clean  # certainly fits (a line may lose up to half its width to line-breaking rules)
        lines = wrap_plain(clean, FONT, font_size, width)
        if len(lines) <= max_lines:
            return "\n".join(lines)
        kept = cut_lines(lines, max_lines, TRUNCATION_MARK, FONT, font_size, width)
        shown = sum(len(line) for line in kept) - len(TRUNCATION_MARK)
        self.notes.truncated(where, len(clean.replace("\n", "")), shown)
        return "\n".join(kept)


def heading(title: str, level: int = 0, style: str | None = None) -> CJKParagraph:
    """A heading paragraph that becomes a PDF bookmark (see ReportDoc.afterFlowable)."""
    p = para(title, style or ("h1" if level == 0 else "h2"))
    p.outline_level = level
    p.outline_title = title
    return p


def subsection(title: str) -> list[Flowable]:
    """A level-2 heading that never sits alone at the foot of a page."""
    return [CondPageBreak(45 * mm), heading(title, 1, "h2")]
