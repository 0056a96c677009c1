"""The main window: menus, the portfolio / dashboard / review / timeline / indicator tabs, the status bar and
the project editors.

Wiring: every view and dialog is built with ``(ws, bus, parent)``; the window owns the one ChangeBus of its
workspace. A write announces what it changed on the bus and each view decides for itself whether to redraw, so
nothing here refreshes views by hand and a new view needs no edit here to stay current.

Built in two steps, so that the program can paint its window before the database layer is imported (importing
SQLAlchemy, the ORM and the models takes longer than Qt's own start; bench/bench_start.py): the frame (menus,
status bar, an "opening" placeholder) and `attach(ws)` (the views of the open workspace). This module therefore
imports nothing that imports SQLAlchemy: the views, services and dialogs are imported where they are first used
(the workspace's modules are loaded by then, so that costs nothing later).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QActionGroup, QCloseEvent, QGuiApplication, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.changes import Changes
from app.core.errors import NotFoundError
from app.db.errors import DatabaseMissingError
from app.ui.after_paint import after_first_paint
from app.ui.app_setup import LANGUAGES
from app.ui.change_bus import ChangeBus
from app.ui.deferred_tabs import DeferredTabs
from app.ui.help_menu import HelpActions
from app.ui.main_window_dialogs import WorkspaceDialogs
from app.ui.main_window_frame import default_geometry, entries_needing_a_workspace, opening_placeholder
from app.ui.settings import AppSettings, UiState
from app.ui.tasks import TaskContext, run_in_background, wait_serving_events
from app.ui.window_release import run_modal

if TYPE_CHECKING:
    from app.core.portfolio import PortfolioRow
    from app.core.workspace import Workspace
    from app.ui.dashboard import DashboardView
    from app.ui.indicators_view import IndicatorsView
    from app.ui.project_editor import ProjectEditor
    from app.ui.review_view import ReviewQueueView
    from app.ui.timeline_view import TimelineView

log = logging.getLogger(__name__)

LOAD_AFTER_PAINT_MAX_WAIT_MS = 500  # attach(load_after_paint=True): at the latest, load after this
APP_TITLE = "大同市生态保护重点项目管理"


class MainWindow(WorkspaceDialogs):
    portfolioLoaded = Signal()
    TABS = ("portfolio", "dashboard", "review", "timeline", "indicators")
    TAB_PORTFOLIO, TAB_DASHBOARD, TAB_REVIEW, TAB_TIMELINE, TAB_INDICATORS = range(5)

    # Set by attach() (ws, bus and portfolio too, declared by WorkspaceDialogs): nothing reads them before, since
    # every action that needs them is disabled until then.
    tabs: QTabWidget
    pages: DeferredTabs  # the other tabs' views are built after the first paint (app/ui/deferred_tabs.py)

    def __init__(
        self,
        ws: Workspace | None,
        settings: AppSettings | None = None,
        ui_state: UiState | None = None,
        *,
        load: bool = True,
    ):
        """The frame, then (with `ws`) the workspace's views. `ws=None` leaves the window in its opening state
        until `attach` (app.__main__ shows it so while the database opens)."""
        super().__init__()
        self.settings = settings or AppSettings()
        self.ui_state = ui_state or UiState()
        self.ready = False
        self._load_pending = False  # attach(load_after_paint=True): the portfolio loads once the views are painted
        self._loaded_rows: list[PortfolioRow] | None = None  # the portfolio's last load (for a dashboard built later)
        self.editors: dict[str, ProjectEditor] = {}
        self.undo_group = QUndoGroup(self)
        self.setWindowTitle(self.tr(APP_TITLE))
        self.setCentralWidget(opening_placeholder(self.tr("正在打开数据库…")))
        self._build_menus()
        self._build_status_bar()
        usable_without = {self.quit_action, self.undo_action, self.redo_action, self.language_menu.menuAction()}
        usable_without |= {self.help.guide_action, self.help.shortcuts_action, self.help.log_action}
        self.workspace_actions = entries_needing_a_workspace(self.menuBar(), usable_without)
        for action in self.workspace_actions:
            action.setEnabled(False)
        self.db_label.setText(self.tr("正在打开数据库…"))
        self.fit_to_screen()
        self.ui_state.restore_window_state("main", self)
        if ws is not None:
            self.attach(ws, load=load)

    def attach(self, ws: Workspace, *, load: bool = True, load_after_paint: bool = False) -> None:
        """Build the views of `ws` into this window and make it usable (once: switch_database replaces the
        workspace of a window already attached). `load_after_paint` starts loading the portfolio once the views
        have painted, not before (at start-up: the first paint of the views does not share the interpreter with the
        loading thread); is_loading() holds meanwhile."""
        from app.ui import status_style

        self.ws = ws
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet(status_style.BANNER_READ_ONLY)
        self.read_only_banner.hide()
        layout.addWidget(self.read_only_banner)
        self.created_notice = self._build_created_notice(status_style.BANNER_READ_ONLY)
        layout.addWidget(self.created_notice)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)
        self._build_views()
        if load_after_paint:
            # Shown in the next turn of the event loop: building the views and their first layout and paint are
            # then two pauses of the GUI thread, not one twice as long. is_loading() holds meanwhile (not ready).
            QTimer.singleShot(0, self, lambda: self._show_views(central, load, load_after_paint))
        else:
            self._show_views(central, load, load_after_paint)

    def _show_views(self, central: QWidget, load: bool, load_after_paint: bool) -> None:
        """The second half of attach: the views replace the opening placeholder, the window becomes usable."""
        ws = self.ws
        self.setCentralWidget(central)  # the opening placeholder goes
        for action in self.workspace_actions:
            action.setEnabled(True)  # then _show_workspace disables what this workspace does not allow
        self.ready = True
        self._show_workspace()
        self._restore_view_state()
        for warning in ws.db.warnings:
            QTimer.singleShot(0, lambda w=warning: QMessageBox.warning(self, self.tr("数据库提示"), w))
        if load and load_after_paint:
            self._load_pending = True
            # The other tabs' views first (one per turn), then the load: neither shares the interpreter with the
            # other, nor with the views' first paint.
            after_first_paint(self.tabs, lambda: self.pages.build_rest(then=self._start_pending_load))
            # A window minimised meanwhile does not paint: the portfolio loads anyway.
            QTimer.singleShot(LOAD_AFTER_PAINT_MAX_WAIT_MS, self, self._start_pending_load)
        else:
            after_first_paint(self.tabs, lambda: self.pages.build_rest())
            if load:
                self.portfolio.reload()

    # ------------------------------------------------------------------ structure
    def _build_views(self) -> None:
        """The tabs for self.ws, with a new change bus (one per workspace). The portfolio's view now, the others
        when shown, asked for, or after the first paint (DeferredTabs)."""
        from app.ui.portfolio_view import PortfolioView

        if getattr(self, "pages", None) is not None:
            self.pages.deleteLater()  # (its builds not run yet are for the previous workspace)
        for index in reversed(range(self.tabs.count())):
            old = self.tabs.widget(index)
            self.tabs.removeTab(index)
            if old is not None:
                old.deleteLater()
        self.bus = ChangeBus(self)
        self.bus.changed.connect(self._on_changes)
        self._loaded_rows = None
        self.portfolio = PortfolioView(self.ws, self.bus)
        self.portfolio.openProject.connect(self.open_project)
        self.portfolio.rowsLoaded.connect(self._portfolio_loaded)
        self.pages = DeferredTabs(self.tabs)
        self.pages.add("portfolio", self.tr("项目总览"), self.portfolio)
        self.pages.add_deferred("dashboard", self.tr("统计看板"), self._build_dashboard)
        self.pages.add_deferred("review", self.tr("数据核查"), self._build_review)
        self.pages.add_deferred("timeline", self.tr("进度时间轴"), self._build_timeline)
        self.pages.add_deferred("indicators", self.tr("规划指标"), self._build_indicators)

    def _build_dashboard(self) -> QWidget:
        from app.ui.dashboard import DashboardView

        view = DashboardView(self.ws, self.bus)
        view.groupClicked.connect(self.show_group)
        if self._loaded_rows is not None:
            view.set_rows(self._loaded_rows, self.portfolio.model.all_totals())
        return view

    def _build_review(self) -> QWidget:
        from app.ui.review_view import ReviewQueueView

        view = ReviewQueueView(self.ws, self.bus)
        view.openProject.connect(self.open_project)
        view.restore_state(self.ui_state)
        return view

    def _build_timeline(self) -> QWidget:
        from app.ui.timeline_view import TimelineView

        view = TimelineView(self.ws, self.bus)
        view.openProject.connect(self.open_project)
        # The timeline lists what the portfolio lists: its filters apply there too.
        view.set_row_source(self.portfolio.model.visible_rows)
        self.portfolio.model.filterChanged.connect(view.rows_changed)
        return view

    def _build_indicators(self) -> QWidget:
        from app.ui.indicators_view import IndicatorsView

        return IndicatorsView(self.ws, self.bus)

    @property
    def dashboard(self) -> DashboardView:
        return cast("DashboardView", self.pages.view("dashboard"))

    @property
    def review(self) -> ReviewQueueView:
        return cast("ReviewQueueView", self.pages.view("review"))

    @property
    def timeline(self) -> TimelineView:
        return cast("TimelineView", self.pages.view("timeline"))

    @property
    def indicators(self) -> IndicatorsView:
        return cast("IndicatorsView", self.pages.view("indicators"))

    def _build_created_notice(self, style: str) -> QFrame:
        """Where a database this program just created lives (shown until dismissed; it blocks nothing)."""
        notice = QFrame()
        notice.setObjectName("createdNotice")
        notice.setStyleSheet(style)
        row = QHBoxLayout(notice)
        row.setContentsMargins(0, 0, 0, 0)
        self.created_notice_text = QLabel()
        self.created_notice_text.setWordWrap(True)
        self.created_notice_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.created_notice_text, 1)
        self.created_notice_button = QPushButton(self.tr("知道了"))
        self.created_notice_button.clicked.connect(notice.hide)
        row.addWidget(self.created_notice_button)
        notice.hide()
        return notice

    def tab_index(self, key: str) -> int:
        return self.TABS.index(key) if key in self.TABS else -1

    def _build_menus(self) -> None:
        mb = self.menuBar()
        # 文件
        m = mb.addMenu(self.tr("文件(&F)"))
        self.new_db_action = m.addAction(self.tr("新建数据库(&N)…"), self.choose_new_database)
        self.open_db_action = m.addAction(self.tr("打开数据库(&O)…"), self.choose_database)
        self.open_db_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.recent_menu = m.addMenu(self.tr("最近打开"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        # The default database is the one the first start creates: missing, it is created again (with the notice).
        m.addAction(self.tr("打开默认数据库"), lambda: self.switch_database(None, create=True))
        m.addSeparator()
        self.backup_action = m.addAction(self.tr("备份数据库(&B)…"), self.backup)
        self.backups_action = m.addAction(self.tr("备份与恢复…"), self.open_backups)
        m.addSeparator()
        self.settings_action = m.addAction(self.tr("设置(&T)…"), self.open_settings)
        m.addSeparator()
        self.quit_action = m.addAction(self.tr("退出(&X)"), self.close)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.file_menu = m
        # 编辑
        m = mb.addMenu(self.tr("编辑(&E)"))
        self.undo_action = self.undo_group.createUndoAction(self, self.tr("撤销"))
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.redo_action = self.undo_group.createRedoAction(self, self.tr("重做"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence(QKeySequence.StandardKey.Redo)])
        m.addAction(self.undo_action)
        m.addAction(self.redo_action)
        m.addSeparator()
        self.find_action = m.addAction(self.tr("查找项目(&F)"), self.focus_search)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.save_action = m.addAction(self.tr("保存当前项目(&S)"), self.save_active_editor)
        self.save_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        m.addAction(self.tr("打开所选项目"), self._open_selected)
        m.addSeparator()
        # Disabled where projects cannot be added (a county office, a read-only file): its tooltip says why.
        self.new_project_action = m.addAction(self.tr("新建项目(&N)…"), self.new_project)
        self.new_project_action.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        m.setToolTipsVisible(True)
        self.edit_menu = m
        # 视图
        m = mb.addMenu(self.tr("视图(&V)"))
        self.refresh_action = m.addAction(self.tr("刷新(&R)"), self.refresh)
        self.refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        m.addSeparator()
        titles = (
            self.tr("项目总览"),
            self.tr("统计看板"),
            self.tr("数据核查"),
            self.tr("进度时间轴"),
            self.tr("规划指标"),
        )
        for n, title in enumerate(titles):
            action = m.addAction(title, self._show_tab_action(n))
            action.setShortcut(QKeySequence(f"Ctrl+{n + 1}"))
        m.addSeparator()
        m.addAction(self.tr("选择显示的列…"), lambda: self.portfolio.columns_button.click())
        m.addAction(self.tr("清除全部筛选"), lambda: self.portfolio.filters.clear())
        m.addAction(self.tr("恢复默认布局"), self.reset_layout)
        m.addSeparator()
        self.language_menu = m.addMenu(self.tr("界面语言 / Language"))
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = self.language_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(self.settings.language == code)
            action.triggered.connect(lambda _on=False, c=code: self.set_language(c))
            group.addAction(action)
        # 季度
        m = mb.addMenu(self.tr("季度(&Q)"))
        self.periods_action = m.addAction(self.tr("季度报送与锁定(&L)…"), self.open_periods)
        self.quarter_menu = m
        # 报表
        m = mb.addMenu(self.tr("报表(&R)"))
        self.report_action = m.addAction(self.tr("生成报表(&P)…"), self.open_reports)
        self.report_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.preview_action = m.addAction(self.tr("打印预览(&V)…"), self.open_print_preview)
        # 数据
        m = mb.addMenu(self.tr("数据(&D)"))
        self.export_action = m.addAction(self.tr("导出到 Excel…"), self.export_excel)
        self.import_action = m.addAction(self.tr("从 Excel 导入…"), self.import_excel)
        m.addSeparator()
        self.audit_action = m.addAction(self.tr("审计日志（全部修改记录）…"), self.open_audit_log)
        # 交换: county submissions and the city's review, exchange packages, conflicts (offline, file by file)
        m = mb.addMenu(self.tr("交换(&X)"))
        self.submissions_action = m.addAction(self.tr("报送与审核…"), self.open_submissions)
        m.addSeparator()
        self.package_export_action = m.addAction(self.tr("导出交换包…"), self.export_package)
        self.package_import_action = m.addAction(self.tr("导入交换包…"), self.import_package)
        m.addSeparator()
        self.conflicts_action = m.addAction(self.tr("冲突处理…"), self.open_conflicts)
        self.exchange_menu = m
        # 帮助
        self.help = HelpActions(self, mb.addMenu(self.tr("帮助(&H)")))

    def _show_tab_action(self, index: int) -> Callable[[], None]:
        return lambda: self.tabs.setCurrentIndex(index)

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.db_label = QLabel()
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.user_label = QLabel()
        sb.addPermanentWidget(self.db_label, 1)
        sb.addPermanentWidget(self.user_label)

    def _show_workspace(self) -> None:
        """Title, status bar, read-only banner and the write actions for the current workspace."""
        from app.core import project_service

        self.show_office()
        label = project_service.database_label(self.ws)
        self.db_label.setText(self.tr("数据库：%1").replace("%1", label))
        self.db_label.setToolTip(label)
        self.user_label.setText(self.tr("用户：%1").replace("%1", self.ws.user))
        self.backup_action.setEnabled(self.ws.db.sqlite_path is not None)
        read_only = self.ws.read_only
        self.read_only_banner.setVisible(read_only)
        if read_only:
            self.read_only_banner.setText(
                self.tr("只读打开：%1 可以查看、导出和生成报表，不能修改数据。").replace("%1", self.ws.read_only_reason)
            )
        for action in (self.import_action, self.package_import_action, self.save_action):
            action.setEnabled(not read_only)
            action.setToolTip(self.ws.read_only_reason if read_only else "")
        self.show_project_creation()
        self.created_notice.setVisible(self.ws.created)
        if self.ws.created:
            self.created_notice_text.setText(self.created_notice_message())

    def show_office(self) -> None:
        """The title bar names the office this database belongs to (app.core.office), or says it is not set."""
        from app.core import office

        current = office.load_office(self.ws)
        where = current.label if current is not None else self.tr("（未设置本库所属单位）")
        self.setWindowTitle(f"{self.tr(APP_TITLE)} — {where}")

    def show_project_creation(self) -> None:
        """新建项目… only where the core would add one (app.core.project_creation); otherwise the reason."""
        from app.core import project_creation
        from app.ui.user_errors import chinese_part

        refusal = project_creation.project_creation_refusal(self.ws)
        self.new_project_action.setEnabled(refusal is None)
        self.new_project_action.setToolTip(chinese_part(refusal) if refusal is not None else "")

    def _on_changes(self, changes: Changes) -> None:
        if changes.reference:  # settings (the office among them) and reference data
            self.show_office()
            self.show_project_creation()

    def created_notice_message(self) -> str:
        """Where the new database is and what it was filled with (counted, never assumed)."""
        from app.core.database_overview import database_overview

        overview = database_overview(self.ws)
        if overview.appendix_projects:
            filled = (
                self.tr(
                    "已导入规划附表中的 %1 个重点项目和 %2 项规划指标（可在“数据核查”页查看导入时发现的数据问题）。"
                )
                .replace("%1", str(overview.appendix_projects))
                .replace("%2", str(overview.indicators))
            )
        else:
            filled = self.tr("数据库中还没有项目。")
        return self.tr("已新建数据库：%1。").replace("%1", overview.database) + filled

    def fit_to_screen(self) -> None:
        """The saved geometry if it fits the current screen's free area, otherwise a size that does."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry()
        if not self.ui_state.restore_geometry("main", self, available):
            self.setGeometry(default_geometry(available))

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """F5: everything may have changed (another program wrote the database): every view reloads."""
        self.bus.announce(Changes.everything())

    def _portfolio_loaded(self, rows: list[PortfolioRow]) -> None:
        self._loaded_rows = rows
        dashboard = self.pages.built("dashboard")
        if dashboard is not None:  # (one built later takes the rows then)
            cast("DashboardView", dashboard).set_rows(rows, self.portfolio.model.all_totals())
        if not self.statusBar().currentMessage():  # never over what the officer's own action just reported
            self.statusBar().showMessage(self.tr("已加载 %n 个项目", "", len(rows)), 4000)
        self.portfolioLoaded.emit()

    def _start_pending_load(self) -> None:
        if self._load_pending:
            self._load_pending = False
            self.portfolio.reload()

    def is_loading(self) -> bool:
        """True while the database is still opening (no views yet) or the portfolio loads (or is about to)."""
        return not self.ready or self._load_pending or self.portfolio.is_loading()

    # ------------------------------------------------------------------ projects
    def open_project(self, project_id: str) -> ProjectEditor | None:
        editor = self.editors.get(project_id)
        if editor is not None and editor.isVisible():
            editor.raise_()
            editor.activateWindow()
            return editor
        from app.ui.project_editor import ProjectEditor

        try:
            editor = ProjectEditor(self.ws, project_id, self.bus, self, ui_state=self.ui_state)
        except NotFoundError as exc:
            QMessageBox.warning(self, self.tr("无法打开项目"), str(exc))
            return None
        self.editors[project_id] = editor
        self.undo_group.addStack(editor.undo_stack)
        token = id(editor)  # a closed window is deleted later: forget it only if no newer one took its place
        editor.destroyed.connect(lambda _obj=None, pid=project_id, t=token: self._forget_editor(pid, t))
        editor.installEventFilter(self)
        editor.show()
        self.undo_group.setActiveStack(editor.undo_stack)
        return editor

    def new_project(self) -> None:
        """编辑 → 新建项目…: the dialog writes and announces the project; its editor opens for the rest."""
        from app.ui.new_project_dialog import NewProjectDialog

        dialog = NewProjectDialog(self.ws, self.bus, self)
        if run_modal(dialog) and dialog.created is not None:
            created = dialog.created
            message = self.tr("已新建项目 %1").replace("%1", created.code)
            self.statusBar().showMessage("；".join((message, *created.notes)), 8000)
            self.open_project(created.id)

    def _forget_editor(self, project_id: str, token: int) -> None:
        if id(self.editors.get(project_id)) == token:
            del self.editors[project_id]

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:  # filtered: the project windows only (open_project)
            from app.ui.project_editor import ProjectEditor

            if isinstance(obj, ProjectEditor):
                self.undo_group.setActiveStack(obj.undo_stack)
        return super().eventFilter(obj, event)

    def open_editors(self) -> list[ProjectEditor]:
        return [editor for editor in self.editors.values() if editor.isVisible()]

    def close_editors(self) -> bool:
        """Close every project window the way its own 关闭 does (asking about unsaved changes); False as soon
        as one stays open (the person chose 取消), so quitting or switching databases stops there."""
        return all(editor.close() for editor in self.open_editors())

    def active_editor(self) -> ProjectEditor | None:
        from app.ui.project_editor import ProjectEditor

        window = QApplication.activeWindow()
        if isinstance(window, ProjectEditor):
            return window
        return None

    def save_active_editor(self) -> None:
        editor = self.active_editor()
        if editor is not None:
            editor.save()
        elif self.editors:
            self.statusBar().showMessage(self.tr("请在项目窗口中保存（Ctrl+S）"), 4000)

    def _open_selected(self) -> None:
        ids = self.portfolio.selected_ids()
        if ids:
            self.open_project(ids[0])

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(self.TAB_PORTFOLIO)
        self.portfolio.focus_search()

    def show_group(self, dimension: str, key: Any) -> None:
        self.portfolio.apply_group_filter(dimension, key)
        self.tabs.setCurrentIndex(self.TAB_PORTFOLIO)

    # ------------------------------------------------------------------ database
    def choose_database(self) -> None:
        start = str(self.ws.db.sqlite_path.parent) if self.ws.db.sqlite_path else ""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("打开数据库"), start, self.tr("SQLite 数据库 (*.sqlite3 *.sqlite *.db);;所有文件 (*)")
        )
        if path:
            self.switch_database(path)

    def choose_new_database(self) -> None:
        """文件 → 新建数据库…: a new file, created and filled from the plan's appendix; never an existing one."""
        start = str(self.ws.db.sqlite_path.parent) if self.ws.db.sqlite_path else ""
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("新建数据库"),
            start,
            self.tr("SQLite 数据库 (*.sqlite3)"),
            options=QFileDialog.Option.DontConfirmOverwrite,  # an existing file is refused below, not replaced
        )
        if not path:
            return
        target = Path(path)
        if target.exists() and target.stat().st_size > 0:
            QMessageBox.warning(
                self,
                self.tr("新建数据库"),
                self.tr("文件已存在：%1\n\n新建数据库不会覆盖已有文件。要打开它，请用“文件 → 打开数据库…”；"
                        "要新建，请换一个文件名。").replace("%1", str(target)),
            )  # fmt: skip
            return
        self.switch_database(str(target), create=True)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.get("recent_databases")
        if not recent:
            self.recent_menu.addAction(self.tr("（无）")).setEnabled(False)
        for path in recent:
            self.recent_menu.addAction(path, self._open_recent_action(path))

    def _open_recent_action(self, path: str) -> Callable[[], None]:
        return lambda: self.switch_database(path)

    def switch_database(self, path: str | None, *, create: bool = False) -> None:
        """Open another database. `create` only for a new file the person asked for (新建数据库…) and the default
        database: a recent or chosen file that is gone is an error, never silently created again."""
        if not self.close_editors():
            return
        user = self.ws.user

        def work(_ctx: TaskContext) -> Workspace:
            from app.core.workspace import open_workspace

            return open_workspace(path, user=user, create=create)

        def done(ws: Workspace) -> None:
            self._save_view_state()
            old = self.ws
            self.ws = ws
            old.close()
            if path:
                self.settings.remember_database(str(Path(path).resolve()))
            self._build_views()  # every view is built for one workspace, with that workspace's bus
            self._restore_view_state()
            self._show_workspace()
            self.portfolio.reload()
            self.pages.build_rest()
            for warning in ws.db.warnings:
                QMessageBox.warning(self, self.tr("数据库提示"), warning)

        def failed(exc: BaseException, _tb: str) -> None:
            from app.ui.database_messages import database_error_text, missing_database_text

            text = missing_database_text(path) if isinstance(exc, DatabaseMissingError) else database_error_text(exc)
            box = QMessageBox(QMessageBox.Icon.Critical, self.tr("无法打开数据库"), text, parent=self)
            box.setObjectName("databaseErrorBox")
            box.exec()

        run_in_background(self, self.tr("正在打开数据库…"), work, done, failed, cancellable=False)

    def backup(self) -> None:
        source = self.ws.db.sqlite_path
        if source is None:
            return
        from app.paths import backup_dir

        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
        suggestion = str(backup_dir() / f"{source.stem}-备份-{stamp}.sqlite3")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("备份数据库"), suggestion, self.tr("SQLite 数据库 (*.sqlite3)")
        )
        if not path:
            return
        target = Path(path)
        if target.exists():
            # the file dialog already asked to overwrite; the service never overwrites silently
            target.unlink()
        from app.core import project_service

        ws = self.ws
        run_in_background(
            self,
            self.tr("正在备份…"),
            lambda _ctx: project_service.backup_database(ws, target),
            lambda p: QMessageBox.information(
                self, self.tr("备份完成"), self.tr("备份已写入并通过完整性检查：\n%1").replace("%1", str(p))
            ),
            lambda exc, _tb: QMessageBox.critical(self, self.tr("备份失败"), str(exc)),
            cancellable=False,
        )

    # ------------------------------------------------------------------ dialogs (the others: WorkspaceDialogs)
    def open_settings(self) -> None:
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ws, self.bus, self, settings=self.settings)
        accepted = run_modal(dialog)
        self._show_workspace()  # 我的姓名 may have changed the user shown in the status bar
        if accepted and dialog.language_changed:
            self._language_notice()

    def open_print_preview(self, path: str | None = None) -> None:
        """报表 → 打印预览: a report PDF saved earlier (the report window previews the one it just made)."""
        from app.ui.print_preview import PdfPreviewError, PrintPreviewDialog

        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("打印预览"), str(self.settings.export_folder()), self.tr("PDF 文件 (*.pdf)")
            )
        if not path:
            return
        try:
            dialog = PrintPreviewDialog(path, self)
        except PdfPreviewError as exc:
            QMessageBox.warning(self, self.tr("打印预览"), str(exc))
            return
        run_modal(dialog)

    def show_welcome(self) -> None:
        """The first-run welcome (once per user); its three buttons lead to the first three things to do."""
        from app.core.database_overview import database_overview
        from app.ui import welcome_dialog

        ws = self.ws
        overview = wait_serving_events(lambda: database_overview(ws))  # the window paints and answers meanwhile
        if not self.isVisible():  # closed meanwhile: nobody to welcome
            return
        dialog = welcome_dialog.WelcomeDialog(ws, self.bus, self, overview=overview)
        run_modal(dialog)
        self.settings.set("welcome_shown", True)
        if dialog.choice == welcome_dialog.CHOICE_SETTINGS:
            self.open_settings()
        elif dialog.choice == welcome_dialog.CHOICE_REVIEW:
            self.tabs.setCurrentIndex(self.TAB_REVIEW)
        elif dialog.choice == welcome_dialog.CHOICE_QUARTER:
            self.tabs.setCurrentIndex(self.TAB_PORTFOLIO)
            picker = self.portfolio.period
            picker.setCurrentIndex(max(picker.findData(dialog.quarter), 0))

    # ------------------------------------------------------------------ settings, help
    def set_language(self, code: str) -> None:
        if code == self.settings.language:
            return
        self.settings.language = code
        self._language_notice()

    def _language_notice(self) -> None:
        QMessageBox.information(
            self,
            "界面语言 / Language",
            "界面语言将在重新启动程序后生效。\nThe language changes when the program is restarted.",
        )

    def reset_layout(self) -> None:
        self.ui_state.clear()
        self.portfolio.reset_columns()
        self.portfolio.splitter.setSizes([self.width() // 6, self.width() * 5 // 6])
        self.setGeometry(default_geometry((self.screen() or QGuiApplication.primaryScreen()).availableGeometry()))

    # ------------------------------------------------------------------ closing
    def _save_view_state(self) -> None:
        self.portfolio.save_state(self.ui_state)
        review = self.pages.built("review")
        if review is not None:  # (one never built has its saved state still, and restores it when built)
            cast("ReviewQueueView", review).save_state(self.ui_state)

    def _restore_view_state(self) -> None:
        self.portfolio.restore_state(self.ui_state)

    def save_ui_state(self) -> None:
        self.ui_state.save_geometry("main", self)
        self.ui_state.save_window_state("main", self)
        if self.ready:  # a window closed while its database was opening has no views to remember
            self._save_view_state()
            self.ui_state.set_value("current_tab", self.tabs.currentIndex())
        self.ui_state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """文件→退出, Ctrl+Q and the close box: every project window closes first through its own close
        (unsaved changes: 保存 / 放弃 / 取消); 取消 in any of them keeps everything open."""
        if not self.close_editors():
            event.ignore()
            return
        self.save_ui_state()
        super().closeEvent(event)
