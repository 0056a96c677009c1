"""Page furniture for reports: portrait and landscape pages in one document, a running header with the
period and scope, the footer "第 X 页 共 Y 页", PDF bookmarks for every section, metadata, and the
reproducible mode used for locked quarters.

Page totals: the classic "canvasmaker" recipe (defer every showPage, then replay the pages knowing the
total) breaks bookmarks, because reportlab resolves an outline entry against the page counter of the
moment. Building the whole document twice would double the time of a 700-page report. Instead every
footer draws "共 Y 页" through a PDF form XObject that is referenced on each page and defined once, when
the canvas is saved and the total is known (reportlab's documented `doForm` before `beginForm`). The
number is real text in the file: it is extracted and searchable like the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from app.reports.fonts import FONT, printable, register_fonts
from app.reports.styles import (
    ACCENT,
    GRID,
    LANDSCAPE,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PORTRAIT,
)

TOTAL_FORM = "PageTotal"
FOOTER_SIZE = 8.5


class ReportCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type information
    """A canvas that defines the page-total form when it is saved, and can carry a fixed creation date."""

    def __init__(self, *args: Any, fixed_time: dt.datetime | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.total_pages = 0
        if fixed_time is not None:
            stamp = fixed_time.strftime("D:%Y%m%d%H%M%S+00'00'")  # stored times are UTC
            self.setDateFormatter(lambda *_: stamp)

    def _define_total(self) -> None:
        if len(self._code):
            self.showPage()
        total = self.total_pages = self.getPageNumber() - 1
        self.beginForm(TOTAL_FORM)
        self.setFont(FONT, FOOTER_SIZE)
        self.setFillColor(MUTED)
        self.drawString(0, 0, f"共 {total} 页")
        self.endForm()

    def save(self) -> None:
        self._define_total()
        super().save()

    def getpdfdata(self) -> bytes:
        self._define_total()
        return bytes(super().getpdfdata())


class ReportDoc(BaseDocTemplate):  # type: ignore[misc]  # reportlab ships no type information
    """Three page templates: cover (portrait, no running header), portrait and landscape."""

    def __init__(
        self,
        target: Any,
        *,
        header_left: str,
        header_right: str,
        title: str,
        author: str,
        subject: str,
        keywords: list[str],
        deterministic: bool,
        fixed_time: dt.datetime | None,
        on_page: Callable[[int], None] | None = None,
    ):
        register_fonts()
        super().__init__(
            target,
            pagesize=PORTRAIT,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author=author,
            subject=subject,
            keywords=keywords,
            creator="大同市生态保护重点项目管理系统",
            invariant=1 if deterministic else 0,
            initialFontName=FONT,
            initialFontSize=10,
            initialLeading=12,
            lang="zh-CN",
            displayDocTitle=True,
            pageCompression=1,
        )
        self._bookmark_keys = 0
        self.header_left, self.header_right = printable(header_left), printable(header_right)
        self.fixed_time = fixed_time if deterministic else None
        self.on_page = on_page
        pw, ph = PORTRAIT
        lw, lh = LANDSCAPE
        portrait = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            pw - 2 * MARGIN_X,
            ph - MARGIN_TOP - MARGIN_BOTTOM,
            id="p",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        cover = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            pw - 2 * MARGIN_X,
            ph - MARGIN_TOP - MARGIN_BOTTOM,
            id="c",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        landscape = Frame(
            MARGIN_X * 0.8,
            MARGIN_BOTTOM,
            lw - 1.6 * MARGIN_X,
            lh - MARGIN_TOP - MARGIN_BOTTOM,
            id="l",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [cover], onPage=self._cover_page, pagesize=PORTRAIT),
                PageTemplate("portrait", [portrait], onPage=self._page, pagesize=PORTRAIT),
                PageTemplate("landscape", [landscape], onPage=self._page, pagesize=LANDSCAPE),
            ]
        )

    def build(self, flowables: list[Any], **kwargs: Any) -> None:
        fixed = self.fixed_time

        def maker(*args: Any, **kw: Any) -> ReportCanvas:
            return ReportCanvas(*args, fixed_time=fixed, **kw)

        super().build(flowables, canvasmaker=maker, **kwargs)

    def _footer(self, canv: Canvas) -> None:
        width, _ = canv._pagesize
        canv.setFont(FONT, FOOTER_SIZE)
        canv.setFillColor(MUTED)
        y = MARGIN_BOTTOM * 0.45
        canv.drawRightString(width / 2 - 3, y, f"第 {canv.getPageNumber()} 页")
        canv.saveState()
        canv.translate(width / 2 + 3, y)
        canv.doForm(TOTAL_FORM)
        canv.restoreState()
        if self.on_page:
            self.on_page(canv.getPageNumber())

    def _cover_page(self, canv: Canvas, doc: Any) -> None:
        canv.saveState()
        self._footer(canv)
        canv.restoreState()

    def _page(self, canv: Canvas, doc: Any) -> None:
        canv.saveState()
        width, height = canv._pagesize
        left = MARGIN_X * (0.8 if width > height else 1)
        y = height - MARGIN_TOP * 0.55
        canv.setFont(FONT, FOOTER_SIZE)
        canv.setFillColor(MUTED)
        canv.drawString(left, y, self.header_left)
        canv.drawRightString(width - left, y, self.header_right)
        canv.setStrokeColor(ACCENT)
        canv.setLineWidth(0.6)
        canv.line(left, y - 4, width - left, y - 4)
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.3)
        canv.line(left, MARGIN_BOTTOM * 0.45 + 11, width - left, MARGIN_BOTTOM * 0.45 + 11)
        self._footer(canv)
        canv.restoreState()

    def afterFlowable(self, flowable: Any) -> None:
        if isinstance(flowable, Paragraph) and getattr(flowable, "outline_level", None) is not None:
            self._bookmark_keys += 1
            key = f"s{self._bookmark_keys}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(
                printable(flowable.outline_title), key, level=flowable.outline_level, closed=flowable.outline_level > 0
            )
