"""Application-wide setup: the bundled Chinese font, translators, the Windows font engine escape hatch.

Called once by app.__main__ (and by the tests) before any window is created.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from app.paths import font_path, resource_path
from app.ui.after_paint import after_first_paint

log = logging.getLogger(__name__)

ORGANIZATION = "DatongPlanning"
APPLICATION = "DatongPortfolio"
PREFERRED_FAMILY = "WenQuanYi Micro Hei"
LANGUAGES = {"zh_CN": "中文", "en": "English"}

_font_family: str | None = None
_translators: list[QTranslator] = []  # kept alive: Qt does not own them


def register_font() -> str | None:
    """Register the bundled WenQuanYi Micro Hei (.ttc) once; returns its family name, None if it failed."""
    global _font_family
    if _font_family:
        return _font_family
    path = font_path()
    font_id = QFontDatabase.addApplicationFont(str(path)) if path.is_file() else -1
    if font_id < 0:
        log.warning("bundled font could not be loaded: %s", path)
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    # A .ttc holds several faces ("WenQuanYi Micro Hei", "... Mono"): take the proportional one.
    _font_family = PREFERRED_FAMILY if PREFERRED_FAMILY in families else (families[0] if families else None)
    return _font_family


def app_font(point_size: float | None = None) -> QFont:
    family = register_font()
    font = QFont(family) if family else QFont()
    size = point_size or max(QApplication.font().pointSizeF(), 10.0)
    font.setPointSizeF(size)
    # Keep glyph fallback on (symbols such as ≥ ² come from other fonts); Chinese comes from our font.
    return font


def install_font(app: QApplication, point_size: float | None = None) -> QFont:
    font = app_font(point_size)
    app.setFont(font)
    return font


def install_icon(app: QApplication) -> bool:
    """The program's icon on every window (the .exe's own icon comes from resources/icons/app.ico)."""
    path = resource_path("icons", "app.png")
    if not path.is_file():
        log.warning("program icon not found: %s", path)
        return False
    app.setWindowIcon(QIcon(str(path)))
    return True


def qt_translations_dir() -> Path:
    bundled = resource_path("translations", "qt")  # a frozen build may ship Qt's .qm files here
    if bundled.is_dir():
        return bundled
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def install_translators(app: QCoreApplication, language: str) -> list[str]:
    """Load the UI translation for `language` (source strings are Chinese) and Qt's own dialogs' strings.
    Returns the files loaded (for the about box and the tests)."""
    for tr in _translators:
        app.removeTranslator(tr)
    _translators.clear()
    loaded: list[str] = []
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        tr = QTranslator()
        qm = resource_path("translations", "app_en.qm")
        if tr.load(str(qm)):
            app.installTranslator(tr)
            _translators.append(tr)
            loaded.append(str(qm))
        else:
            log.warning("English translation not found: %s", qm)
    else:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        tr = QTranslator()
        folder = qt_translations_dir()
        if tr.load("qtbase_zh_CN", str(folder)):
            app.installTranslator(tr)
            _translators.append(tr)
            loaded.append(str(folder / "qtbase_zh_CN.qm"))
    return loaded


# PySide6 from this release on, with a CPython whose None is not immortal (before 3.12), decrements None's
# reference count on every call of a Qt method that returns nothing: a long session ends in "Fatal Python error:
# none_dealloc" (seen with 6.12.0 on 3.11). pyproject.toml keeps pip from installing that pair; this catches a
# hand-made environment or bundle. 6.11.x on 3.11 and 6.12 on 3.12+ do not drift (tests/test_soak.py).
FIRST_DRIFTING_PYSIDE = (6, 12)
FIRST_IMMORTAL_NONE_PYTHON = (3, 12)
SUPPORTED_QT_BINDINGS = "Python 3.11 + PySide6 6.6–6.11；Python 3.12 及以上 + PySide6 6.6 及以上（6.x）"


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def running_python() -> tuple[int, int]:
    return sys.version_info.major, sys.version_info.minor


def unsupported_qt_binding(
    pyside_version: str | None = None, python_version: tuple[int, int] | None = None
) -> str | None:
    """Why this PySide6/Python pair cannot run the program (a long session aborts), or None when it can.
    Without arguments: the running interpreter and the imported PySide6."""
    if pyside_version is None:
        import PySide6

        pyside_version = PySide6.__version__
    python = python_version or running_python()
    if python >= FIRST_IMMORTAL_NONE_PYTHON or _version_tuple(pyside_version)[:2] < FIRST_DRIFTING_PYSIDE:
        return None
    return (
        f"PySide6 {pyside_version} 与 Python {python[0]}.{python[1]} 的组合不受支持：长时间使用时程序会异常退出"
        f"（Fatal Python error: none_dealloc），未保存的修改会丢失。支持的组合：{SUPPORTED_QT_BINDINGS}。"
        f'请安装 PySide6-Essentials 6.11（pip install "PySide6-Essentials<6.12"）或改用 Python 3.12 及以上。'
    )


def platform_arguments(gdi_fonts: bool) -> list[str]:
    """Qt 6.8+ on Windows draws with DirectWrite, with reported regressions for CJK UI fonts; the GDI font
    engine is the documented escape hatch. Passed as a platform argument (from source and in the frozen build
    alike) rather than a qt.conf beside the .exe, so officers can switch it off in the settings if needed."""
    if sys.platform == "win32" and gdi_fonts:
        return ["-platform", "windows:fontengine=gdi"]
    return []


def wait_for_first_paint(widget: QWidget, timeout_ms: int = 2000) -> bool:
    """Run the event loop until `widget` (shown) has painted once, at most `timeout_ms` (a window the system
    never exposes must not stop the program). For work that holds the GUI thread next, such as opening the
    database at start-up: the person sees the window meanwhile. Input waits until the caller's own event loop
    runs. True when the widget painted."""
    loop = QEventLoop()
    painted: list[bool] = []

    def done() -> None:
        painted.append(True)
        loop.quit()

    after_first_paint(widget, done)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    return bool(painted)


def warm_up_in_background(name: str, work: Callable[[], object]) -> threading.Thread:
    """Run `work` in a daemon thread (a cache the GUI thread would otherwise fill the first time it needs it).
    A failure is logged: whoever needs the cache fills it then and reports its own error."""

    def run() -> None:
        try:
            work()
        except Exception:
            log.exception("warming up %s failed", name)

    thread = threading.Thread(target=run, name=f"warm-up {name}", daemon=True)
    thread.start()
    return thread
