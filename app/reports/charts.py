"""Report charts (reportlab.graphics) with Chinese labels in the embedded font.

reportlab's chart defaults (labels, legends, pie slices) are Helvetica, which is not embedded and has no
Chinese: every text-bearing part below sets `FONT` explicitly, and tests check the PDF's font list.
"""

from __future__ import annotations

from decimal import Decimal
from math import floor, log10

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from app.core import number_format
from app.reports.cjk import wrap_plain
from app.reports.fonts import FONT, printable, register_fonts
from app.reports.model import GroupRow
from app.reports.styles import ACCENT, CHART_COLORS, GRID, INK, MUTED, RAG_COLORS

STATUS_COLORS = {
    "储备": "#9AA5B1",
    "前期": "#6C9BD2",
    "在建": "#1F3A5F",
    "完工": "#2E7D4F",
    "暂停": "#C98A00",
    "取消": "#C0392B",
}
RAG_TEXT = {"red": "红", "amber": "黄", "green": "绿", "unknown": "未知"}


def _drawing(width: float, height: float) -> Drawing:
    """A Drawing whose initial graphics state names the embedded font (renderPDF otherwise opens every
    drawing with a Helvetica `Tf`, which puts an unembedded Helvetica into the PDF even if no text uses it)."""
    d = Drawing(width, height)
    d.initialFontName = FONT
    d.initialFontSize = 8
    return d


def _f(v: Decimal | None) -> float:
    return float(v) if v is not None else 0.0


def _nice_max(value: float) -> float:
    """A round axis maximum above `value` (1, 2, 2.5, 5 x 10^n)."""
    if value <= 0:
        return 1.0
    base = 10.0 ** floor(log10(value))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * base >= value * 1.05:
            return m * base
    return 10.0 * base


def _axis_label(v: float) -> str:
    return f"{v:g}"


def _short_category(label: str) -> str:
    """ "附表1 流域生态保护与修复工程" -> "附表1 流域生态保护与修复"."""
    return label[:-2] if label.endswith("工程") and len(label) > 8 else label


def investment_by_category(groups: list[GroupRow], width: float, decimals: int) -> Drawing:
    """Horizontal bars per appendix table: estimated total (known) and cumulative completed, with the rate."""
    register_fonts()
    rows = list(groups)
    label_w, rate_w = 128.0, 92.0
    bar_block = 30.0
    legend_h = 22.0
    height = legend_h + 28 + bar_block * max(len(rows), 1)
    d = _drawing(width, height)
    if not rows:
        d.add(String(width / 2, height / 2, "无数据", fontName=FONT, fontSize=10, fillColor=MUTED, textAnchor="middle"))
        return d
    chart = HorizontalBarChart()
    chart.x, chart.y = label_w, 22
    chart.width = width - label_w - rate_w
    chart.height = bar_block * len(rows)
    # bottom-up drawing order: reverse so the first category is at the top
    rows_rev = list(reversed(rows))
    # within a group reportlab draws series 0 lowest: cumulative under the estimated total
    chart.data = [[_f(g.cumulative.amount) for g in rows_rev], [_f(g.investment_total.amount) for g in rows_rev]]
    top = max([max(s) for s in chart.data] + [0.0])
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_max(top)
    chart.valueAxis.valueStep = chart.valueAxis.valueMax / 5
    chart.valueAxis.labelTextFormat = _axis_label
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.strokeColor = GRID
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.gridStrokeWidth = 0.25
    chart.categoryAxis.categoryNames = ["" for _ in rows_rev]  # drawn below as wrapped Strings
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.strokeColor = GRID
    chart.categoryAxis.visibleTicks = False
    chart.barLabels.fontName = FONT
    chart.bars[0].fillColor = CHART_COLORS[0]
    chart.bars[1].fillColor = CHART_COLORS[1]
    chart.bars.strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 8
    d.add(chart)
    # category labels, wrapped to two lines, right-aligned against the axis
    for i, g in enumerate(rows_rev):
        cy = chart.y + bar_block * (i + 0.5)
        lines = wrap_plain(printable(_short_category(g.label)), FONT, 8, label_w - 8, max_lines=2)
        y0 = cy + (len(lines) - 1) * 5 - 3
        for j, line in enumerate(lines):
            d.add(String(label_w - 6, y0 - j * 10, line, fontName=FONT, fontSize=8, fillColor=INK, textAnchor="end"))
        rate = number_format.rate(g.completion_rate)
        x = chart.x + chart.width + 6
        d.add(String(x, cy + 2, f"完成率 {rate}", fontName=FONT, fontSize=8, fillColor=ACCENT))
        basis = f"按 {g.rate_projects}/{g.count} 项计算" if g.completion_rate is not None else "无可计算项目"
        d.add(String(x, cy - 7, basis, fontName=FONT, fontSize=6.5, fillColor=MUTED))
        if g.investment_total.unknown:
            d.add(
                String(
                    x,
                    cy - 15,
                    f"总投资未知 {g.investment_total.unknown} 项",
                    fontName=FONT,
                    fontSize=6.5,
                    fillColor=MUTED,
                )
            )
    # unit under the axis and a legend on top
    d.add(String(width - 4, height - 14, "单位：亿元", fontName=FONT, fontSize=7.5, fillColor=MUTED, textAnchor="end"))
    legend = Legend()
    legend.fontName = FONT
    legend.fontSize = 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.dx = legend.dy = 8
    legend.deltax = 110
    legend.x, legend.y = label_w, height - 6
    legend.colorNamePairs = [(CHART_COLORS[1], "概算总投资（已知部分）"), (CHART_COLORS[0], "累计完成投资")]
    legend.strokeColor = None
    d.add(legend)
    return d


def _pie(x: float, y: float, size: float, items: list[tuple[str, int, object]], title: str, d: Drawing) -> None:
    d.add(String(x + size / 2, y + size + 18, title, fontName=FONT, fontSize=10, fillColor=ACCENT, textAnchor="middle"))
    shown = [(label, n, color) for label, n, color in items if n > 0]
    if not shown:
        d.add(Rect(x, y, size, size, fillColor=None, strokeColor=GRID, strokeWidth=0.5))
        d.add(
            String(
                x + size / 2, y + size / 2, "无数据", fontName=FONT, fontSize=10, fillColor=MUTED, textAnchor="middle"
            )
        )
        return
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = x, y, size, size
    pie.data = [n for _, n, _ in shown]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 0.8
    pie.slices.fontName = FONT
    pie.startAngle = 90
    pie.direction = "clockwise"
    pie.sideLabels = False
    for i, (_, _, color) in enumerate(shown):
        pie.slices[i].fillColor = color
    d.add(pie)
    total = sum(n for _, n, _ in items)
    legend = Legend()
    legend.fontName = FONT
    legend.fontSize = 8.5
    legend.alignment = "right"
    legend.columnMaximum = 8
    legend.dx = legend.dy = 8
    legend.deltay = 12
    legend.x, legend.y = x + size + 14, y + size - 4
    legend.strokeColor = None
    legend.colorNamePairs = [(color, f"{label}  {n} 项（{n * 100 / total:.1f}%）") for label, n, color in items]
    d.add(legend)


def status_distribution(by_status: list[tuple[str, int]], by_rag: list[tuple[str, int]], width: float) -> Drawing:
    """Two pies: projects by status (储备…取消) and by RAG rating, each with counts and shares."""
    register_fonts()
    size = 110.0
    height = size + 40
    d = _drawing(width, height)
    status_items = [(s, n, colors.HexColor(STATUS_COLORS.get(s, "#7F8C8D"))) for s, n in by_status]
    rag_items = [(RAG_TEXT[k], n, RAG_COLORS[k]) for k, n in by_rag]
    _pie(10, 8, size, status_items, "项目状态分布", d)
    _pie(width / 2 + 10, 8, size, rag_items, "红黄绿灯评价分布", d)
    d.add(Line(width / 2, 10, width / 2, height - 10, strokeColor=GRID, strokeWidth=0.4))
    return d
