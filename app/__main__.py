"""python -m app [--db PATH_OR_URL] — the desktop application.

Without --db the per-user default database is used (created, migrated and seeded on first start, and the main
window says where it is). A --db file that does not exist is created only when the person confirms it.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, cast

from app.core.bulk_build import bulk_objects

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.core.workspace import Workspace
    from app.ui.settings import AppSettings

log = logging.getLogger("app")


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="python -m app", description="大同市生态保护重点项目管理（桌面程序）")
    parser.add_argument("--db", help="SQLite 文件路径或 SQLAlchemy 地址（默认：用户数据文件夹中的数据库）")
    parser.add_argument("--user", help="记入修改记录的用户名（默认：登录名）")
    parser.add_argument("--lang", choices=["zh_CN", "en"], help="界面语言（默认：设置中的语言）")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument(
        "--self-test", action="store_true", help="自检：在临时文件夹中建库、生成报表和填报表后退出（0 = 通过）"
    )
    return parser.parse_known_args(list(argv))  # unknown arguments go to Qt (-style, -platform …)


def _log_file() -> Path:
    from app.paths import user_data_dir

    folder = user_data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "app.log"


def install_excepthook() -> None:
    """An unexpected error shows a message (and goes to the log) instead of silently killing the window.
    A write the database refused (read-only file, another program writing) is no bug: one plain sentence."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        try:
            from PySide6.QtWidgets import QApplication, QMessageBox

            from app.ui.user_errors import write_error_text

            sentence = write_error_text(exc) if isinstance(exc, Exception) else None
            if sentence is not None and QApplication.instance() is not None:
                log.warning("write refused by the database: %s", exc)
                box = QMessageBox(QMessageBox.Icon.Warning, "未保存", sentence)
                box.setObjectName("writeRefusedBox")
                box.exec()
                return
            log.error("unhandled exception:\n%s", text)
            if QApplication.instance() is not None:
                box = QMessageBox(
                    QMessageBox.Icon.Critical,
                    "程序错误",
                    f"发生了未预料的错误：{exc}\n\n已写入日志，可将日志发给技术支持。",
                )
                box.setDetailedText(text)
                box.exec()
                return
        except Exception:
            pass
        sys.__excepthook__(exc_type, exc, tb)

    sys.excepthook = hook


def open_start_workspace(db: str | None, user: str | None) -> Workspace | None:
    """The database of this start, opened off the GUI thread. The default one is created on the first start; a
    --db file that is missing (or empty) is created only after the person confirms it (a mistyped path or an
    unplugged drive must not silently become a new database). None when the person chose to quit."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.core.workspace import open_workspace
    from app.db.engine import sqlite_file_of
    from app.db.errors import DatabaseMissingError
    from app.ui.database_messages import confirm_new_database
    from app.ui.tasks import wait_serving_events

    if db is None:
        return cast("Workspace", wait_serving_events(lambda: open_workspace(None, user=user, create=True)))
    try:
        return cast("Workspace", wait_serving_events(lambda: open_workspace(db, user=user, create=False)))
    except DatabaseMissingError:
        if sqlite_file_of(db) is None:
            raise  # a server database is initialised by `python -m app.cli init` only
    QApplication.restoreOverrideCursor()
    try:
        if not confirm_new_database(db):
            return None
    finally:
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    return cast("Workspace", wait_serving_events(lambda: open_workspace(db, user=user, create=True)))


def refuse_unsupported_qt_binding() -> bool:
    """True (after saying why) when this PySide6/Python pair would abort a long session: better no start than a
    crash that loses the open windows' unsaved work half an hour later."""
    from PySide6.QtWidgets import QMessageBox

    from app.ui import app_setup

    problem = app_setup.unsupported_qt_binding()
    if problem is None:
        return False
    log.error("unsupported Qt binding: %s", problem)
    box = QMessageBox(QMessageBox.Icon.Critical, "无法启动", problem)
    box.setObjectName("unsupportedQtBox")
    box.exec()
    return True


def _load_pinyin() -> None:
    """Collating one Chinese name loads the pinyin table (resources/pinyin) into app.core.portfolio's tables."""
    from app.core import portfolio

    portfolio.collation_key("大同")


def main(argv: Sequence[str] | None = None) -> int:
    args, qt_args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:  # before any window, log file or database of the person's own is touched
        from app import selftest

        return selftest.run()
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    try:
        handlers.append(logging.FileHandler(_log_file(), encoding="utf-8"))
    except OSError:
        pass
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        handlers=handlers,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from app.ui import app_setup, garbage_collector
    from app.ui import tasks as tasks_setup
    from app.ui.after_paint import after_first_paint
    from app.ui.settings import AppSettings, UiState

    settings = AppSettings()
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication([sys.argv[0], *app_setup.platform_arguments(settings.get("windows_gdi_fonts")), *qt_args])
    )
    app.setOrganizationName(app_setup.ORGANIZATION)
    app.setApplicationName(app_setup.APPLICATION)
    tasks_setup.favour_the_gui_thread()
    garbage_collector.install(app)  # cyclic garbage collected on the GUI thread between events, never mid-paint
    # No setApplicationDisplayName: Qt would append it to every title, naming the program twice after the
    # main window's "<program> — <office>" title (QPlatformWindow::formatWindowTitle).
    app_setup.install_font(app, settings.get("font_point_size"))
    app_setup.install_icon(app)
    app_setup.install_translators(app, args.lang or settings.language)
    if refuse_unsupported_qt_binding():
        return 1

    # The window first, in its opening state (正在打开数据库…, the entries that need the database disabled), then
    # the database layer: importing SQLAlchemy, the ORM and the models takes longer than Qt takes to show a
    # window, and the person should see the program start at once. It is the window they then use.
    from app.ui.main_window import MainWindow

    window = MainWindow(None, settings, UiState())
    window.show()
    app_setup.wait_for_first_paint(window)
    ws = open_after_first_paint(args, settings, window)
    if ws is None:  # the reason was shown, the person chose not to create a missing --db file, or quit
        quit_by_person = not window.isVisible()
        window.close()
        window.deleteLater()
        return 0 if quit_by_person else 1

    install_excepthook()
    window.attach(ws, load_after_paint=True)
    # Pinyin's dictionary (~0.7 s to load) is needed to sort names and search by initials: loaded beside the
    # portfolio, once the views are on screen, not by the GUI thread when it first sorts a list.
    after_first_paint(window.tabs, lambda: app_setup.warm_up_in_background("pinyin", _load_pinyin))
    if not settings.get("welcome_shown"):  # the first-run welcome, once per user, over the painted window
        after_first_paint(window.tabs, window.show_welcome)
    try:
        return app.exec()
    finally:
        ws.close()
        # Leaving frees a large portfolio by reference counting; without this, the collector's passes at
        # interpreter exit also traverse every object still alive (seconds at 100,000 projects).
        gc.freeze()


def open_after_first_paint(args: argparse.Namespace, settings: AppSettings, window: QWidget) -> Workspace | None:
    """The workspace of this start, or None after saying why not (a damaged file the person did not restore or
    open anyway, a missing --db file they chose not to create, a database error), or when the person closed
    `window` meanwhile.

    Every slow step runs off the GUI thread (tasks.wait_serving_events): importing the database layer, the
    file's quick_check (2 s for a 1 GB file), opening (and, when due, migrating or seeding) it, and the start-up
    backup (18 s to copy a 1 GB file that changed). The window meanwhile paints, moves and quits: it used to
    freeze for as long. The questions in between (restore a damaged file, create a missing one) are asked here,
    on the GUI thread, in the same order as before."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.ui.tasks import wait_serving_events

    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)  # the window answers meanwhile: busy, not waiting
    try:
        wait_serving_events(_import_database_layer)
        from app.core import backups
        from app.core.workspace import DatabaseError, SeedError
        from app.ui import backups_dialog
        from app.ui.database_messages import show_database_error

        path = backups.sqlite_file_for(args.db)
        report = None if path is None else wait_serving_events(lambda: backups.quick_check(path))
        if not window.isVisible():
            return None
        QApplication.restoreOverrideCursor()  # (a question may follow)
        if path is not None and report is not None and not backups_dialog.answer_quick_check(path, report, args.user):
            return None  # damaged file: restore, open or quit
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        user = args.user or settings.display_name()  # 设置 → 我的姓名, else the login name
        try:
            ws = open_start_workspace(args.db, user)
            if ws is None:  # a missing --db file the person chose not to create
                return None
            wait_serving_events(lambda: backups_dialog.backup_at_start(ws))  # only when the data changed
            wait_serving_events(lambda: _first_reads(ws))
        except (DatabaseError, SeedError, OSError) as exc:
            QApplication.restoreOverrideCursor()
            log.error("cannot open database: %s", exc)
            show_database_error(exc)
            return None
        if not window.isVisible():  # closed while the database opened: nothing to show it in
            ws.close()
            return None
        return ws
    finally:
        while QApplication.overrideCursor() is not None:
            QApplication.restoreOverrideCursor()


def _import_database_layer() -> None:
    """What attaching the database to the window needs first, done by a worker thread so the window stays live:
    importing SQLAlchemy, the ORM models, the workspace and backups (about 0.5 s), configuring the ORM mappers
    (SQLAlchemy does it on the first query: 80 ms of the views' first read), and importing the views' modules.
    Nothing here creates a Qt object (importing defines classes; their widgets are made on the GUI thread)."""
    # What is imported lives as long as the program (~100,000 objects the collector tracks): built as a bulk
    # build, so the GUI thread's collector does not walk it meanwhile (a 55-85 ms pause of the window when it
    # did), and frozen out of the collector's generations when done (app/core/bulk_build.py).
    with bulk_objects():
        from sqlalchemy.orm import configure_mappers

        import app.core.backups
        import app.core.workspace

        configure_mappers()
        import app.ui.dashboard
        import app.ui.indicators_view
        import app.ui.portfolio_view
        import app.ui.review_view
        import app.ui.timeline_view  # noqa: F401
    gc.freeze()  # (bulk_objects freezes only after a large build; this one always is)


def _first_reads(ws: Workspace) -> None:
    """The views' first reads, made once by the worker thread and their results dropped: SQLAlchemy compiles each
    statement on its first use (20-30 ms of the views' construction on the GUI thread); the views then read again,
    from its cache."""
    from app.core import office, period_service, project_service

    office.load_office(ws)
    period_service.period_states(ws)
    period_service.choosable_quarters(ws)
    project_service.review_queue(ws)


if __name__ == "__main__":
    sys.exit(main())
