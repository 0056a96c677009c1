"""python -m app --self-test (and DatongPortfolio.exe --self-test): the program proves it works on this PC.

In a temporary folder whose path has Chinese characters and spaces (as an officer's 桌面 or 我的文档 has), it
creates and seeds a database, checks that the bundled Chinese font reaches Qt and reportlab, opens the main
window offscreen, opens and closes a project window, writes a report PDF (fonts embedded) and an entry
workbook, reads both back, prints a short summary and exits 0. Any failure exits 1 with the step and the
reason. It never waits for input: windows are offscreen, and a watchdog ends the run after
`TIME_LIMIT_SECONDS` (exit 2) should anything hang.

The summary also goes to ``<data folder>/logs/self-test.txt``: the Windows program has no console to print to.
Nothing touches the real data folder's database or settings: the run uses its own data folder and deletes it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TIME_LIMIT_SECONDS = 120  # the test itself takes well under a minute; this only guards against a hang
FOLDER_PREFIX = "大同 自检 "  # Chinese characters and a space, as in "C:\Users\张 三\桌面"
TEST_UNIT = "大同市规划和自然资源局（自检）"
CHINESE_SAMPLE = "大同市生态保护重点项目"


class SelfTestFailure(Exception):
    """A check that did not hold; the message says what was expected and what was found."""


def _require(condition: object, message: str) -> None:
    if not condition:
        raise SelfTestFailure(message)


class _Run:
    def __init__(self, out: Callable[[str], None]):
        self.out = out
        self.started = time.monotonic()
        self.lines: list[str] = []

    def say(self, text: str) -> None:
        self.lines.append(text)
        self.out(text)

    @contextmanager
    def step(self, name: str) -> Iterator[list[str]]:
        """One named check; the list collects what it found, shown after "ok"."""
        found: list[str] = []
        began = time.monotonic()
        try:
            yield found
        except SelfTestFailure as exc:
            raise SelfTestFailure(f"{name}: {exc}") from exc
        except Exception as exc:
            raise SelfTestFailure(f"{name}: {type(exc).__name__}: {exc}") from exc
        detail = f" — {'; '.join(found)}" if found else ""
        self.say(f"[ok] {name} ({time.monotonic() - began:.1f} s){detail}")


def _print(text: str) -> None:
    stream = sys.stdout
    if stream is None:  # the windowed Windows program has no console
        return
    try:
        stream.write(text + "\n")
        stream.flush()
    except UnicodeEncodeError:  # a console in a legacy code page (GBK lacks some signs)
        stream.write(text.encode("ascii", "replace").decode("ascii") + "\n")
    except OSError:
        pass


def _ensure_offscreen() -> None:
    """No window may appear (or wait for a click): Qt's offscreen platform, unless the caller chose one."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _wait_until(app: Any, predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SelfTestFailure(f"{what}: no result after {timeout:.0f} s")
        app.processEvents()
        time.sleep(0.01)


def _start_watchdog(run: _Run, report: Path) -> threading.Event:
    finished = threading.Event()

    def watch() -> None:
        if not finished.wait(TIME_LIMIT_SECONDS):
            run.say(f"自检失败 / SELF-TEST FAILED: no result after {TIME_LIMIT_SECONDS} s (a step hung)")
            _write_report(report, run.lines)
            os._exit(2)

    threading.Thread(target=watch, name="self-test-watchdog", daemon=True).start()
    return finished


def _write_report(path: Path, lines: list[str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError:
        pass


def run(out: Callable[[str], None] = _print) -> int:
    """Run every check; 0 when all passed, 1 with the failing step's reason, 2 when a step hung."""
    from app import __version__
    from app.paths import bundle_root, user_data_dir

    report = user_data_dir() / "logs" / "self-test.txt"  # the real log folder, before the data folder moves
    run = _Run(out)
    run.say(
        f"大同市生态保护重点项目管理 自检 / self-test — version {__version__}, {dt.datetime.now():%Y-%m-%d %H:%M:%S}"
    )
    run.say(f"program files: {bundle_root()}  (frozen: {bool(getattr(sys, 'frozen', False))})")
    finished = _start_watchdog(run, report)
    _ensure_offscreen()
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
    saved_data_dir = os.environ.get("DATONG_DATA_DIR")
    os.environ["DATONG_DATA_DIR"] = str(folder / "用户 数据")
    try:
        _checks(run, folder)
    except SelfTestFailure as exc:
        run.say(f"自检失败 / SELF-TEST FAILED: {exc}")
        if os.environ.get("DATONG_SELFTEST_TRACEBACK"):
            run.say(traceback.format_exc())
        code = 1
    else:
        run.say(f"自检通过 / SELF-TEST PASSED in {time.monotonic() - run.started:.1f} s")
        code = 0
    finally:
        finished.set()
        if saved_data_dir is None:
            os.environ.pop("DATONG_DATA_DIR", None)
        else:
            os.environ["DATONG_DATA_DIR"] = saved_data_dir
        shutil.rmtree(folder, ignore_errors=True)
    _write_report(report, run.lines)
    return code


def _checks(run: _Run, folder: Path) -> None:
    from app.core import settings_service
    from app.core.database_overview import database_overview
    from app.core.workspace import open_workspace

    run.say(f"test folder: {folder}")
    with run.step("database: create, migrate and seed") as found:
        db_path = folder / "数据 库" / "自检 数据库.sqlite3"
        db_path.parent.mkdir()
        ws = open_workspace(db_path, user="自检", create=True)
        overview = database_overview(ws)
        _require(overview.appendix_projects == 68, f"expected 68 appendix projects, found {overview.appendix_projects}")
        _require(overview.indicators == 30, f"expected 30 indicators, found {overview.indicators}")
        _require(overview.open_findings > 0, "no data-quality findings were seeded")
        found.append(
            f"{overview.projects} projects, {overview.indicators} indicators, {overview.open_findings} findings"
        )
    try:
        with run.step("settings: reporting unit stored in the database"):
            saved = settings_service.save_settings(ws, {"unit": TEST_UNIT, "reviewer": "张 三"})
            _require(saved.settings.unit == TEST_UNIT, f"unit read back as {saved.settings.unit!r}")
        app = _qt_application(run)
        _check_window(run, app, ws)
        pdf = _check_report(run, ws, folder)
        _check_preview(run, pdf)
        _check_workbook(run, ws, folder)
    finally:
        ws.close()


def _qt_application(run: _Run) -> Any:
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
    from PySide6.QtWidgets import QApplication

    from app.ui import app_setup

    with run.step("Qt: bundled Chinese font and Chinese standard dialogs") as found:
        unsupported = app_setup.unsupported_qt_binding()  # this pair aborts a long session (none_dealloc)
        _require(unsupported is None, unsupported or "")
        existing = QApplication.instance()
        app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
        family = app_setup.register_font()
        if not family:
            raise SelfTestFailure("the bundled font could not be registered with Qt")
        _require(family in QFontDatabase.families(), f"{family} is not among Qt's font families")
        app_setup.install_font(app)
        _require(app_setup.install_icon(app), "the program icon resources/icons/app.png is missing")
        strict = QFont(family)
        strict.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)  # the glyphs must be in our font, no fallback
        metrics = QFontMetrics(strict)
        # inFontUcs4: PySide6 converts some str arguments of inFont to the wrong QChar (生 U+751F reads missing)
        missing = [char for char in CHINESE_SAMPLE if not metrics.inFontUcs4(ord(char))]
        _require(not missing, f"{family} cannot draw {''.join(missing)}")
        loaded = app_setup.install_translators(app, "zh_CN")
        _require(
            any(Path(f).name == "qtbase_zh_CN.qm" for f in loaded), "Qt's Chinese translation qtbase_zh_CN.qm missing"
        )
        found.append(f"{family}, platform {app.platformName()}, {Path(loaded[0]).name}")
    return app


def _check_window(run: _Run, app: Any, ws: Any) -> None:
    from app.paths import user_data_dir
    from app.ui.main_window import MainWindow
    from app.ui.settings import AppSettings, UiState

    with run.step("main window, a project window opened and closed") as found:
        data = user_data_dir()
        window = MainWindow(ws, AppSettings(data / "settings.ini"), UiState(data / "ui-state.ini"))
        window.show()
        _wait_until(app, lambda: not window.is_loading() and window.portfolio.model.rowCount() > 0, 30, "项目总览")
        rows = window.portfolio.model.rowCount()
        _require(rows >= 68, f"项目总览 lists {rows} projects")
        first = window.portfolio.model.all_rows()[0]
        editor = window.open_project(first.id)
        if editor is None or not editor.isVisible():
            raise SelfTestFailure(f"project window {first.code} did not open")
        _require(editor.close(), "the project window refused to close")
        _wait_until(app, lambda: not window.open_editors(), 10, "closing the project window")
        _require(window.close(), "the main window refused to close")
        window.deleteLater()
        app.processEvents()
        found.append(f"{rows} rows, opened and closed {first.code}")


def _check_report(run: _Run, ws: Any, folder: Path) -> Path:
    from pypdf import PdfReader

    from app.core import periods
    from app.reports import service

    with run.step("report PDF: Chinese fonts embedded, read back") as found:
        period = periods.period_of(dt.date.today())
        pdf = folder / "报告 输出" / f"季度进度报告 {period}.pdf"
        pdf.parent.mkdir()
        result = service.generate_report(ws, period, out_path=pdf)
        reader = PdfReader(pdf)
        _require(len(reader.pages) == result.pages, f"{len(reader.pages)} pages read, {result.pages} written")
        cover = reader.pages[0].extract_text() or ""
        _require("大同" in cover, "the cover page has no Chinese text")
        _require(TEST_UNIT in cover.replace("\n", ""), "the 编制单位 from the settings is not on the cover")
        fonts = _pdf_fonts(reader)
        _require(fonts, "the PDF uses no fonts")
        not_embedded = sorted(name for name, embedded in fonts.items() if not embedded)
        _require(not not_embedded, f"fonts not embedded: {', '.join(not_embedded)}")
        found.append(f"{result.pages} pages, fonts {', '.join(sorted(fonts))}")
    return pdf


def _pdf_fonts(reader: Any) -> dict[str, bool]:
    """Base font name -> embedded (a FontFile stream in its descriptor, for composite fonts the descendant's)."""
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources is not None else None
        for ref in (font_dict.get_object() if font_dict is not None else {}).values():
            font = ref.get_object()
            descriptor_owner = font
            if "/DescendantFonts" in font:
                descriptor_owner = font["/DescendantFonts"][0].get_object()
            descriptor = descriptor_owner.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            name = str(font.get("/BaseFont", "?")).split("+")[-1]
            fonts[name] = fonts.get(name, True) and embedded
    return fonts


def _check_preview(run: _Run, pdf: Path) -> None:
    from app.ui import print_preview

    with run.step("print preview: pages rendered with PDFium") as found:
        pages = print_preview.page_count(pdf)
        image = print_preview.render_page(pdf, 0, 50)
        _require(not image.isNull() and image.width() > 100, "page 1 rendered empty")
        found.append(f"{pages} pages, page 1 {image.width()}×{image.height()} px")


def _check_workbook(run: _Run, ws: Any, folder: Path) -> None:
    from openpyxl import load_workbook

    from app.exchange import layout
    from app.exchange import service as exchange

    with run.step("entry workbook: written and read back") as found:
        county = "灵丘县"
        period = exchange.export_choices(ws)["default_period"]
        target = folder / "报告 输出" / f"{county} 季度填报表 {period}.xlsx"
        summary = exchange.export_entry_workbook(ws, target, period=period, county=county)
        workbook = load_workbook(target, read_only=True)
        try:
            _require(layout.SHEET_PROGRESS in workbook.sheetnames, f"no sheet {layout.SHEET_PROGRESS}")
            text = [
                str(cell)
                for row in workbook[layout.SHEET_PROGRESS].iter_rows(values_only=True)
                for cell in row
                if cell is not None
            ]
        finally:
            workbook.close()
        _require(summary["projects"] > 0, f"no projects of {county} exported")
        _require(any("附表" in value for value in text), "the progress sheet lists no project codes")
        found.append(f"{summary['projects']} projects of {county}, sheets read back")
