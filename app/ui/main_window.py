"""The main window: menus, the portfolio / dashboard / review tabs, status bar, project editors."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QActionGroup, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from app import __version__
from app.core import portfolio, project_service
from app.core.workspace import DatabaseError, Workspace
from app.ui.app_setup import LANGUAGES
from app.ui.dashboard import DashboardView
from app.ui.portfolio_view import PortfolioView
from app.ui.project_editor import ProjectEditor
from app.ui.review_view import ReviewQueueView
from app.ui.settings import AppSettings, UiState
from app.ui.tasks import run_in_background

log = logging.getLogger(__name__)


def optional_module(name: str) -> Any | None:
    """A teammate's module if it exists (reports, import/export, tracking), else None."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and (exc.name == name or name.startswith(exc.name + ".")):
            return None
        raise


def call_flexibly(fn: Callable[..., Any], **available: Any) -> Any:
    """Call fn with the keyword arguments its signature accepts (ws, parent, project_ids, …)."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return fn(**available)
    if any(p.kind == p.VAR_KEYWORD for p in params.values()):
        return fn(**available)
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for name, p in params.items():
        if name == "self":
            continue
        if name in available:
            if p.kind == p.POSITIONAL_ONLY:
                args.append(available[name])
            else:
                kwargs[name] = available[name]
    return fn(*args, **kwargs)


class MainWindow(QMainWindow):
    portfolioLoaded = Signal()
    TAB_PORTFOLIO, TAB_DASHBOARD, TAB_REVIEW = 0, 1, 2

    def __init__(
        self, ws: Workspace, settings: AppSettings | None = None, ui_state: UiState | None = None, *, load: bool = True
    ):
        super().__init__()
        self.ws = ws
        self.settings = settings or AppSettings()
        self.ui_state = ui_state or UiState()
        self.editors: dict[str, ProjectEditor] = {}
        self.undo_group = QUndoGroup(self)
        self._loading = False
        self._reload_again = False
        self._tabs_by_key: dict[str, int] = {}

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.portfolio = PortfolioView()
        self.portfolio.openProject.connect(self.open_project)
        self.portfolio.loadRequested.connect(self.reload)
        self.dashboard = DashboardView()
        self.dashboard.groupClicked.connect(self.show_group)
        self.review = ReviewQueueView(
            lambda: project_service.review_queue(self.ws),
            lambda fid, resolved, note: project_service.set_flag_state(self.ws, fid, resolved=resolved, note=note),
        )
        self.review.openProject.connect(self.open_project)
        self.review.changed.connect(self._review_changed)
        self._add_tab("portfolio", self.portfolio, self.tr("项目总览"))
        self._add_tab("dashboard", self.dashboard, self.tr("统计看板"))
        self._add_tab("review", self.review, self.tr("数据核查"))
        self._add_optional_views()

        self._build_menus()
        self._build_status_bar()
        self._update_title()
        if not self.ui_state.restore_geometry("main", self):
            self.resize(1280, 800)
        self.ui_state.restore_window_state("main", self)
        self.portfolio.restore_state(self.ui_state)
        self.review.restore_state(self.ui_state)
        for warning in getattr(ws.db, "warnings", []) or []:
            QTimer.singleShot(0, lambda w=warning: QMessageBox.warning(self, self.tr("数据库提示"), w))
        if load:
            self.reload_all()

    # ------------------------------------------------------------------ structure
    def _add_tab(self, key: str, widget: QWidget, title: str) -> int:
        index = self.tabs.addTab(widget, title)
        self._tabs_by_key[key] = index
        return index

    def tab_index(self, key: str) -> int:
        return self._tabs_by_key.get(key, -1)

    def _add_optional_views(self) -> None:
        """Timeline and indicator views (issue #4) when their modules and the tracking core exist."""
        self.timeline = None
        self.indicators = None
        timeline_mod = optional_module("app.ui.timeline_view")
        if timeline_mod is not None and hasattr(timeline_mod, "TimelineView"):
            try:
                self.timeline = timeline_mod.TimelineView(self.ws, self)
                self.timeline.openProject.connect(self.open_project)
                self.portfolio.model.filterChanged.connect(
                    lambda: self.timeline.set_rows(self.portfolio.model.visible_rows())
                )
                self._add_tab("timeline", self.timeline, self.tr("进度时间轴"))
            except Exception:
                log.exception("timeline view unavailable")
                self.timeline = None
        indicators_mod = optional_module("app.ui.indicators_view")
        if indicators_mod is not None and hasattr(indicators_mod, "IndicatorsView"):
            try:
                self.indicators = indicators_mod.IndicatorsView(self.ws, self)
                self._add_tab("indicators", self.indicators, self.tr("规划指标"))
            except Exception:
                log.exception("indicators view unavailable")
                self.indicators = None

    def _build_menus(self) -> None:
        mb = self.menuBar()
        # 文件
        m = mb.addMenu(self.tr("文件(&F)"))
        self.open_db_action = m.addAction(self.tr("打开数据库(&O)…"), self.choose_database)
        self.open_db_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.recent_menu = m.addMenu(self.tr("最近打开"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        m.addAction(self.tr("打开默认数据库"), lambda: self.switch_database(None))
        m.addSeparator()
        self.backup_action = m.addAction(self.tr("备份数据库(&B)…"), self.backup)
        self.backup_action.setEnabled(self.ws.db.sqlite_path is not None)
        m.addSeparator()
        quit_action = m.addAction(self.tr("退出(&X)"), self.close)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
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
        # 视图
        m = mb.addMenu(self.tr("视图(&V)"))
        self.refresh_action = m.addAction(self.tr("刷新(&R)"), self.reload_all)
        self.refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        m.addSeparator()
        for n, (key, title) in enumerate(
            (
                ("portfolio", self.tr("项目总览")),
                ("dashboard", self.tr("统计看板")),
                ("review", self.tr("数据核查")),
                ("timeline", self.tr("进度时间轴")),
                ("indicators", self.tr("规划指标")),
            ),
            start=1,
        ):
            if self.tab_index(key) < 0:
                continue
            action = m.addAction(title, lambda k=key: self.tabs.setCurrentIndex(self.tab_index(k)))
            action.setShortcut(QKeySequence(f"Ctrl+{n}"))
        m.addSeparator()
        m.addAction(self.tr("选择显示的列…"), lambda: self.portfolio.columns_button.click())
        m.addAction(self.tr("清除全部筛选"), self.portfolio.filters.clear)
        m.addAction(self.tr("恢复默认布局"), self.reset_layout)
        m.addSeparator()
        lang_menu = m.addMenu(self.tr("界面语言 / Language"))
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = lang_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(self.settings.language == code)
            action.triggered.connect(lambda _on=False, c=code: self.set_language(c))
            group.addAction(action)
        # 报表
        m = mb.addMenu(self.tr("报表(&R)"))
        self.report_action = m.addAction(self.tr("生成报表(&P)…"), self.open_reports)
        self.report_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        # 数据
        m = mb.addMenu(self.tr("数据(&D)"))
        self.export_action = m.addAction(self.tr("导出到 Excel…"), self.export_excel)
        self.import_action = m.addAction(self.tr("从 Excel 导入…"), self.import_excel)
        self._update_data_actions()
        # 帮助
        m = mb.addMenu(self.tr("帮助(&H)"))
        m.addAction(self.tr("快捷键"), self.show_shortcuts)
        m.addAction(self.tr("关于(&A)"), self.about)

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.db_label = QLabel()
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.user_label = QLabel()
        sb.addPermanentWidget(self.db_label, 1)
        sb.addPermanentWidget(self.user_label)
        self._update_status_bar()

    def _update_status_bar(self) -> None:
        label = project_service.database_label(self.ws)
        self.db_label.setText(self.tr("数据库：%1").replace("%1", label))
        self.db_label.setToolTip(label)
        self.user_label.setText(self.tr("用户：%1").replace("%1", self.ws.user))

    def _update_title(self) -> None:
        self.setWindowTitle(self.tr("大同市生态保护重点项目管理"))

    def _update_data_actions(self) -> None:
        exchange = self._export_function()
        self.export_action.setEnabled(exchange is not None)
        if exchange is None:
            self.export_action.setToolTip(self.tr("导出模块尚未安装"))
        wizard = optional_module("app.ui.import_wizard")
        self.import_action.setEnabled(wizard is not None and hasattr(wizard, "ImportWizard"))

    # ------------------------------------------------------------------ loading
    def reload_all(self) -> None:
        self._refresh_periods()
        self.reload()
        self.review.reload()
        if self.indicators is not None:
            self.indicators.set_workspace(self.ws)

    def _refresh_periods(self) -> None:
        """Reporting periods for the portfolio's period picker (tracking core), newest first."""
        tracking = optional_module("app.core.tracking_service")
        if tracking is None:
            return
        try:
            periods = tracking.list_periods(self.ws)
        except Exception:
            log.exception("cannot list periods")
            return
        self.portfolio.set_periods(
            [(p["code"], f"{p['code']}（{p.get('state_label') or p['state']}）") for p in periods]
        )

    def reload(self) -> None:
        """Load the portfolio (and tracking status) on a worker thread; F5."""
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        self.portfolio.set_loading(True)
        ws, period = self.ws, self.portfolio.selected_period()

        def work(ctx) -> list[portfolio.PortfolioRow]:
            return project_service.load_portfolio(
                ws, period=period, progress=lambda d, t, m: (ctx.check(), ctx.report(d, t, m))
            )

        run_in_background(self, self.tr("正在加载项目…"), work, self._loaded, self._load_failed)

    def _loaded(self, rows: list[portfolio.PortfolioRow]) -> None:
        self._loading = False
        self.portfolio.set_rows(rows)
        self.portfolio.set_loading(False)
        self.dashboard.set_rows(rows, self.review.open_count())
        if self._reload_again:
            self._reload_again = False
            self.reload()
        self.statusBar().showMessage(self.tr("已加载 %n 个项目", "", len(rows)), 4000)
        self.portfolioLoaded.emit()

    def _load_failed(self, exc: BaseException, tb: str) -> None:
        self._loading = False
        log.error("portfolio load failed:\n%s", tb)
        self.portfolio.set_loading(False, str(exc))
        QMessageBox.critical(self, self.tr("加载失败"), self.tr("无法读取项目列表：") + f"\n{exc}")

    def is_loading(self) -> bool:
        return self._loading

    # ------------------------------------------------------------------ projects
    def open_project(self, project_id: str) -> ProjectEditor | None:
        editor = self.editors.get(project_id)
        if editor is not None:
            editor.show()
            editor.raise_()
            editor.activateWindow()
            return editor
        try:
            editor = ProjectEditor(self.ws, project_id, self, self.ui_state)
        except Exception as exc:
            QMessageBox.warning(self, self.tr("无法打开项目"), str(exc))
            return None
        self._add_tracking_tabs(editor)
        self.editors[project_id] = editor
        self.undo_group.addStack(editor.undo_stack)
        editor.saved.connect(self._project_saved)
        editor.destroyed.connect(lambda _obj=None, pid=project_id: self.editors.pop(pid, None))
        editor.installEventFilter(self)
        editor.show()
        self.undo_group.setActiveStack(editor.undo_stack)
        return editor

    def _add_tracking_tabs(self, editor: ProjectEditor) -> None:
        """Milestones / quarterly progress / coordination issues (issue #4), when available."""
        if optional_module("app.core.tracking_service") is None:
            return
        for module_name, class_name, title in (
            ("app.ui.milestones_tab", "MilestonesTab", self.tr("里程碑")),
            ("app.ui.progress_tab", "ProgressTab", self.tr("季度进展")),
            ("app.ui.issues_tab", "IssuesTab", self.tr("问题协调")),
        ):
            module = optional_module(module_name)
            if module is None or not hasattr(module, class_name):
                continue
            try:
                tab = getattr(module, class_name)(self.ws, editor.project_id, editor)
            except Exception:
                log.exception("%s unavailable", class_name)
                continue
            if hasattr(tab, "changed"):
                tab.changed.connect(lambda ed=editor: self._tracking_changed(ed))
            editor.add_tab(tab, title, index=editor.tracking_insert_index())

    def eventFilter(self, obj, event) -> bool:
        from PySide6.QtCore import QEvent

        if isinstance(obj, ProjectEditor) and event.type() == QEvent.Type.WindowActivate:
            self.undo_group.setActiveStack(obj.undo_stack)
        return super().eventFilter(obj, event)

    def _project_saved(self, project_id: str) -> None:
        row = project_service.load_portfolio_row(self.ws, project_id)
        old = next((r for r in self.portfolio.model.all_rows() if r.id == project_id), None)
        if row is not None:
            if old is not None:
                portfolio.carry_status(old, row)
            self.portfolio.replace_row(row)
            self.dashboard.set_rows(self.portfolio.model.all_rows())
        self.review.reload()
        if self.timeline is not None:
            self.timeline.invalidate()
        # Status (RAG, cumulative) can depend on what was saved (tracking tabs): refresh in the background.
        if len(self.portfolio.model.all_rows()) <= 20000:
            self.reload()

    def _tracking_changed(self, editor: ProjectEditor) -> None:
        """A milestone / progress / issue was saved from the editor's tracking tabs."""
        editor.rebase()  # a quarterly status can change the project's status and version
        editor.refresh_history()
        self._refresh_periods()
        if self.timeline is not None:
            self.timeline.invalidate()
        self._project_saved(editor.project_id)

    def _review_changed(self) -> None:
        self.dashboard.set_rows(self.portfolio.model.all_rows(), self.review.open_count())
        for editor in self.editors.values():
            if not editor.is_dirty():
                editor.load()

    def active_editor(self) -> ProjectEditor | None:
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

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.get("recent_databases")
        if not recent:
            self.recent_menu.addAction(self.tr("（无）")).setEnabled(False)
        for path in recent:
            self.recent_menu.addAction(path, lambda p=path: self.switch_database(p))

    def switch_database(self, path: str | None) -> None:
        for editor in list(self.editors.values()):
            if not editor.close():
                return
        user = self.ws.user

        def work(_ctx) -> Workspace:
            from app.core.workspace import open_workspace

            return open_workspace(path, user=user)

        def done(ws: Workspace) -> None:
            old = self.ws
            self.ws = ws
            old.close()
            if path:
                self.settings.remember_database(str(Path(path).resolve()))
            self.backup_action.setEnabled(ws.db.sqlite_path is not None)
            for view in (self.timeline, self.indicators):
                if view is not None:
                    view.set_workspace(ws)
            self._update_status_bar()
            self.portfolio.set_rows([])
            self.reload_all()
            for warning in ws.db.warnings:
                QMessageBox.warning(self, self.tr("数据库提示"), warning)

        def failed(exc: BaseException, _tb: str) -> None:
            QMessageBox.critical(self, self.tr("无法打开数据库"), database_error_text(exc))

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

    # ------------------------------------------------------------------ teammates' features
    def open_reports(self) -> None:
        module = optional_module("app.ui.report_dialog")
        if module is None or not hasattr(module, "ReportDialog"):
            QMessageBox.information(self, self.tr("报表"), self.tr("报表功能尚未安装。"))
            return
        dialog = call_flexibly(
            module.ReportDialog,
            ws=self.ws,
            workspace=self.ws,
            parent=self,
            project_ids=[r.id for r in self.portfolio.model.visible_rows()],
            period=self.portfolio.selected_period(),
        )
        dialog.exec() if hasattr(dialog, "exec") else None

    def _export_function(self) -> Callable[..., Any] | None:
        for name in ("app.ui.export_dialog",):
            module = optional_module(name)
            if module is not None and hasattr(module, "ExportDialog"):
                return module.ExportDialog
        return None

    def export_excel(self) -> None:
        dialog_cls = self._export_function()
        if dialog_cls is None:
            QMessageBox.information(self, self.tr("导出"), self.tr("导出功能尚未安装。"))
            return
        dialog = call_flexibly(
            dialog_cls,
            ws=self.ws,
            workspace=self.ws,
            parent=self,
            project_ids=[r.id for r in self.portfolio.model.visible_rows()],
        )
        dialog.exec()

    def import_excel(self) -> None:
        module = optional_module("app.ui.import_wizard")
        if module is None or not hasattr(module, "ImportWizard"):
            QMessageBox.information(self, self.tr("导入"), self.tr("导入功能尚未安装。"))
            return
        wizard = call_flexibly(module.ImportWizard, ws=self.ws, workspace=self.ws, parent=self)
        wizard.exec()
        self.reload_all()

    # ------------------------------------------------------------------ settings, help
    def set_language(self, code: str) -> None:
        if code == self.settings.language:
            return
        self.settings.language = code
        QMessageBox.information(
            self,
            "界面语言 / Language",
            "界面语言将在重新启动程序后生效。\nThe language changes when the program is restarted.",
        )

    def reset_layout(self) -> None:
        self.ui_state.clear()
        self.portfolio.reset_columns()
        self.portfolio.splitter.setSizes([self.width() // 6, self.width() * 5 // 6])

    def show_shortcuts(self) -> None:
        rows = [
            ("Ctrl+F", self.tr("查找项目")),
            ("Enter", self.tr("打开所选项目")),
            ("F5", self.tr("刷新")),
            ("Ctrl+S", self.tr("保存项目")),
            ("Ctrl+Z / Ctrl+Y", self.tr("撤销 / 重做")),
            ("Ctrl+P", self.tr("生成报表")),
            ("Ctrl+O", self.tr("打开数据库")),
            ("Ctrl+1 … 5", self.tr("切换页面")),
            ("Esc", self.tr("关闭项目窗口")),
        ]
        text = "".join(f"<tr><td><b>{k}</b></td><td>&nbsp;&nbsp;{v}</td></tr>" for k, v in rows)
        QMessageBox.information(self, self.tr("快捷键"), f"<table>{text}</table>")

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("关于"),
            self.tr(
                "<h3>大同市“两山七河一流域”生态保护“十四五”规划重点项目管理</h3>"
                "<p>版本 %1</p><p>数据库：%2</p><p>界面字体：文泉驿微米黑（Apache-2.0，随程序附带）</p>"
            )
            .replace("%1", __version__)
            .replace("%2", project_service.database_label(self.ws)),
        )

    # ------------------------------------------------------------------ closing
    def save_ui_state(self) -> None:
        self.ui_state.save_geometry("main", self)
        self.ui_state.save_window_state("main", self)
        self.portfolio.save_state(self.ui_state)
        self.review.save_state(self.ui_state)
        self.ui_state.set_value("current_tab", self.tabs.currentIndex())
        self.ui_state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        for editor in list(self.editors.values()):
            if not editor.close():
                event.ignore()
                return
        self.save_ui_state()
        super().closeEvent(event)


def database_error_text(exc: BaseException) -> str:
    """A DatabaseError (or other open failure) as a message an officer can act on."""
    hint = QApplication.translate(
        "MainWindow",
        "请检查：文件是否存在、是否有读写权限、是否被其他程序占用；如文件来自更新版本的程序，请升级本程序。",
    )
    if isinstance(exc, DatabaseError):
        return f"{exc}\n\n{hint}"
    return QApplication.translate("MainWindow", "打开数据库时出错：") + f"{exc}\n\n{hint}"


def show_database_error(exc: BaseException, parent: QWidget | None = None) -> None:
    """The message shown instead of a traceback when the database cannot be opened."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QApplication.translate("MainWindow", "无法打开数据库"),
        database_error_text(exc),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("databaseErrorBox")
    box.exec()
