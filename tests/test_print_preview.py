"""打印预览: every page of a report is shown (counted against pdfinfo and pdftoppm), and what goes to the printer
is the PDF's own pages: A4, the chosen page range, nothing else (printed to a PDF file and read back)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtGui import QDesktopServices, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from app.reports.service import generate_report
from app.ui import print_preview
from app.ui.print_preview import PrintPreviewDialog

PERIOD = "2025Q3"
A4_POINTS = (595, 842)

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdfinfo") and shutil.which("pdftoppm")), reason="poppler-utils (pdfinfo, pdftoppm) not installed"
)


def pdfinfo(path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def pdftoppm_pages(path, folder) -> int:
    """The number of page images poppler renders: an independent count of the pages a viewer would show."""
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "8", "-png", str(path), str(folder / "p")], check=True)
    return len(list(folder.glob("p*.png")))


@pytest.fixture
def report_pdf(workspace, tmp_path):
    path = tmp_path / "季度 报告.pdf"
    result = generate_report(workspace, PERIOD, out_path=path)
    assert result.pages > 2
    return path


@pytest.fixture
def preview(qtbot, report_pdf):
    dialog = PrintPreviewDialog(report_pdf)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def pdf_printer(path) -> QPrinter:
    printer = print_preview.a4_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(72)  # small page images: the test checks pages and sizes, not sharpness
    return printer


@needs_poppler
def test_preview_shows_every_page(qtbot, preview, report_pdf, tmp_path):
    pages = int(pdfinfo(report_pdf)["Pages"])
    assert pages == pdftoppm_pages(report_pdf, tmp_path / "ppm")
    assert len(preview.page_labels) == pages
    assert preview.page_info.text() == f"共 {pages} 页"
    for label in preview.page_labels:
        assert label.isVisible() and not label.pixmap().isNull()
    first = preview.page_labels[0].pixmap()
    assert first.height() > first.width()  # a portrait A4 cover, drawn at the chosen zoom
    # zoom from 75% to 150% with the keyboard in the drop-down: the same pages, drawn twice as large
    preview.zoom_combo.setFocus()
    for _step in ("100%", "125%", "150%"):
        qtbot.keyClick(preview.zoom_combo, Qt.Key.Key_Down)
    assert preview.zoom_combo.currentText() == "150%"
    assert len(preview.page_labels) == pages
    assert preview.page_labels[0].pixmap().width() == pytest.approx(first.width() * 2, rel=0.02)


@needs_poppler
def test_print_button_prints_the_pdf_pages_on_a4(qtbot, preview, report_pdf, tmp_path, monkeypatch):
    """Clicking 打印… and choosing pages 2-3 in the print dialog prints exactly those pages, on A4."""
    printed = tmp_path / "printed.pdf"
    chosen: list[QPrinter] = []

    def choose_in_print_dialog(printer: QPrinter) -> bool:  # what the person picks in the system's dialog
        assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
        if QPrinter.DuplexMode.DuplexAuto in QPrinterInfo(printer).supportedDuplexModes():
            assert printer.duplex() == QPrinter.DuplexMode.DuplexAuto  # two-sided where the printer can
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setResolution(72)
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 3)
        chosen.append(printer)
        return True

    monkeypatch.setattr(preview, "ask_printer", choose_in_print_dialog)
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert chosen
    assert preview.page_info.text() == "已送打印机 2 页"
    info = pdfinfo(printed)
    assert info["Pages"] == "2"
    width, height = (float(n) for n in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert (round(width), round(height)) == A4_POINTS


@needs_poppler
def test_printing_all_pages_gives_the_same_page_count(report_pdf, tmp_path, qapp):
    out = tmp_path / "all.pdf"
    count = print_preview.print_pdf(report_pdf, pdf_printer(out))
    assert count == int(pdfinfo(report_pdf)["Pages"]) == int(pdfinfo(out)["Pages"])


def test_system_viewer_button_opens_the_pdf(qtbot, preview, report_pdf):
    opened: list[str] = []

    class Handler(QObject):
        @Slot("QUrl")
        def open(self, url):
            opened.append(url.toLocalFile())

    handler = Handler()
    QDesktopServices.setUrlHandler("file", handler, "open")
    try:
        qtbot.mouseClick(preview.system_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opened == [str(report_pdf)]


def test_esc_closes_the_preview(qtbot, preview):
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    assert not preview.isVisible()


def test_a_damaged_pdf_gives_a_chinese_message(tmp_path):
    bad = tmp_path / "坏的.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(print_preview.PdfPreviewError, match="无法读取 PDF 文件"):
        print_preview.page_count(bad)


@needs_poppler
def test_report_window_previews_the_report_it_made(qtbot, workspace, tmp_path):
    """报告窗口: generate, click 打印预览… and the preview shows that report's pages; Esc closes it."""
    from PySide6.QtWidgets import QApplication

    from app.ui.change_bus import ChangeBus
    from app.ui.report_dialog import ReportDialog

    dialog = ReportDialog(workspace, ChangeBus(), period=PERIOD)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.preview_button.isEnabled()  # nothing to preview yet
    target = tmp_path / "报告 预览.pdf"
    with qtbot.waitSignal(dialog.reportFinished, timeout=120_000):
        dialog.generate(str(target))
    assert dialog.preview_button.isEnabled()
    seen: list[tuple[str, int]] = []

    def look_and_close():
        preview = QApplication.activeModalWidget()
        if not isinstance(preview, PrintPreviewDialog):
            QTimer.singleShot(20, look_and_close)
            return
        seen.append((preview.windowTitle(), len(preview.page_labels)))
        qtbot.keyClick(preview, Qt.Key.Key_Escape)

    QTimer.singleShot(20, look_and_close)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert seen == [(f"打印预览 — {target.name}", int(pdfinfo(target)["Pages"]))]
    assert dialog.isVisible()
