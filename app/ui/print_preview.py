"""打印预览: the report PDF's own pages, shown inside the program and printed through Qt.

PySide6-Essentials has no QtPdf, so pypdfium2 (PDFium, the engine of Chrome's viewer) renders each page to an
image: on screen at a readable size, and for the printer at the printer's resolution (capped, so a 1200 dpi
office printer does not need gigabytes). What is printed is therefore exactly the PDF's pages, in A4, with the
page range and duplex chosen in the print dialog. The system PDF viewer stays available from the same window.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdfium2
from PySide6.QtCore import QRect, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QPageLayout, QPageSize, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

POINTS_PER_INCH = 72
SCREEN_DPI = 96
PRINT_DPI_CAP = 300  # sharp on paper; a page image at 300 dpi A4 is about 25 MB, drawn and dropped one by one
ZOOMS = (50, 75, 100, 125, 150)


class PdfPreviewError(Exception):
    """The PDF cannot be read (missing, damaged, not a PDF); the message is Chinese."""


def page_count(pdf_path: str | Path) -> int:
    with _open(pdf_path) as document:
        return len(document)


def render_page(pdf_path: str | Path, index: int, dpi: float) -> QImage:
    """Page `index` (0-based) as an image at `dpi` (white background)."""
    with _open(pdf_path) as document:
        return _render(document[index], dpi)


def render_pages(pdf_path: str | Path, dpi: float = SCREEN_DPI) -> list[QImage]:
    with _open(pdf_path) as document:
        return [_render(document[i], dpi) for i in range(len(document))]


@contextmanager
def _open(pdf_path: str | Path) -> Iterator[pypdfium2.PdfDocument]:
    """A pypdfium2 document, closed again afterwards (so the file stays unlocked on Windows)."""
    try:
        document = pypdfium2.PdfDocument(str(pdf_path))
    except (pypdfium2.PdfiumError, OSError) as exc:
        raise PdfPreviewError(f"无法读取 PDF 文件“{pdf_path}”：{exc}") from exc
    try:
        yield document
    finally:
        document.close()


_QIMAGE_FORMATS = {
    "RGB": QImage.Format.Format_RGB888,
    "RGBX": QImage.Format.Format_RGBX8888,
    "RGBA": QImage.Format.Format_RGBA8888,
    "L": QImage.Format.Format_Grayscale8,
}


def _render(page: pypdfium2.PdfPage, dpi: float) -> QImage:
    bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)  # RGB byte order, as QImage reads it
    try:
        data = bytes(bitmap.buffer)
        image = QImage(data, bitmap.width, bitmap.height, bitmap.stride, _QIMAGE_FORMATS[bitmap.mode])
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
        return image.copy()  # own the pixels: `data` goes away with this function
    finally:
        bitmap.close()


def a4_printer() -> QPrinter:
    """A printer set up for the report: A4, portrait, both sides when the printer can, the PDF's own margins."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the PDF already has its margins: do not shrink the page into the printer's
    printer.setDuplex(QPrinter.DuplexMode.DuplexAuto)
    printer.setDocName("季度进度报告")
    return printer


def print_pdf(pdf_path: str | Path, printer: QPrinter) -> int:
    """Print the PDF's pages (the printer's page range, else all of them); returns the number printed.

    Each page is drawn centred and scaled to fit the paper, keeping its proportions (landscape pages of the
    report are turned to fit an A4 sheet the way PDF viewers do it: scaled, not cropped)."""
    with _open(pdf_path) as document:
        total = len(document)
        first, last = 1, total
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first, last = max(printer.fromPage(), 1), min(printer.toPage() or total, total)
        if first > last:
            return 0
        dpi = min(printer.resolution(), PRINT_DPI_CAP)
        painter = QPainter()
        if not painter.begin(printer):
            raise PdfPreviewError("无法开始打印：打印机不可用或被其他程序占用。")
        try:
            for number in range(first, last + 1):
                if number > first:
                    printer.newPage()
                image = _render(document[number - 1], dpi)
                target = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                area = QRect(target.topLeft(), size)
                area.moveCenter(target.center())
                painter.drawImage(area, image)
        finally:
            painter.end()
    return last - first + 1


class PrintPreviewDialog(QDialog):
    """Every page of a PDF, one under the other, with 打印… (A4, duplex, page range) and 用系统阅读器打开."""

    def __init__(self, pdf_path: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.pdf_path = Path(pdf_path)
        self.setWindowTitle(self.tr("打印预览 — %1").replace("%1", self.pdf_path.name))
        self.pages = page_count(self.pdf_path)
        self.page_labels: list[QLabel] = []
        self._zoom = 75

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.print_button = QPushButton(self.tr("打印(&P)…"))
        self.print_button.setToolTip(self.tr("A4 纸，可选双面打印和页码范围"))
        self.print_button.clicked.connect(self.print_document)
        self.system_button = QPushButton(self.tr("用系统阅读器打开"))
        self.system_button.clicked.connect(self.open_in_system_viewer)
        self.zoom_combo = QComboBox()
        for zoom in ZOOMS:
            self.zoom_combo.addItem(f"{zoom}%", zoom)
        self.zoom_combo.setCurrentIndex(ZOOMS.index(self._zoom))
        self.zoom_combo.currentIndexChanged.connect(lambda _i: self.set_zoom(self.zoom_combo.currentData()))
        self.page_info = QLabel(self.tr("共 %1 页").replace("%1", str(self.pages)))
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        for widget in (self.print_button, self.system_button, QLabel(self.tr("缩放：")), self.zoom_combo):
            bar.addWidget(widget)
        bar.addWidget(self.page_info)
        bar.addStretch(1)
        bar.addWidget(close)
        layout.addLayout(bar)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        container = QWidget()
        container.setStyleSheet("background: #808080;")
        self.pages_layout = QVBoxLayout(container)
        self.pages_layout.setSpacing(12)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll_area.setWidget(container)
        layout.addWidget(self.scroll_area, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_document)
        self._render_pages()
        self.resize(QSize(900, 1000))

    def _render_pages(self) -> None:
        dpi = SCREEN_DPI * self._zoom / 100
        images = render_pages(self.pdf_path, dpi)
        for label in self.page_labels:
            label.deleteLater()
        self.page_labels = []
        for number, image in enumerate(images, start=1):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setToolTip(self.tr("第 %1 页").replace("%1", str(number)))
            label.setStyleSheet("border: 1px solid #404040; background: white;")
            self.pages_layout.addWidget(label)
            self.page_labels.append(label)

    def set_zoom(self, zoom: int) -> None:
        if zoom and zoom != self._zoom:
            self._zoom = zoom
            self._render_pages()

    def make_printer(self) -> QPrinter:
        return a4_printer()

    def ask_printer(self, printer: QPrinter) -> bool:
        """The system's print dialog (printer, copies, 双面, 页码范围); True when the person clicked 打印."""
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印报告"))
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintCollateCopies, True)
        dialog.setMinMax(1, self.pages)
        dialog.setFromTo(1, self.pages)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def print_document(self) -> None:
        printer = self.make_printer()
        if not self.ask_printer(printer):
            return
        try:
            printed = print_pdf(self.pdf_path, printer)
        except PdfPreviewError as exc:
            QMessageBox.critical(self, self.tr("打印失败"), str(exc))
            return
        self.page_info.setText(self.tr("已送打印机 %1 页").replace("%1", str(printed)))

    def open_in_system_viewer(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf_path)))
