"""帮助 menu: the Chinese user guide (bundled HTML in a QTextBrowser: works offline), keyboard shortcuts, the
data and log folders (opened in the file manager), and the version."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QPushButton, QTextBrowser, QVBoxLayout, QWidget

import app
from app.paths import resource_path, user_data_dir

if TYPE_CHECKING:  # the 帮助 menu is built before the database layer is imported (app.ui.main_window_frame)
    from app.core.workspace import Workspace

GUIDE_FILE = "guide_zh.html"

# (keys, what they do): the one list the shortcuts box and the user guide's table agree with.
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("F1", "使用说明"),
    ("Ctrl+F", "查找项目"),
    ("Enter", "打开所选项目"),
    ("F5", "刷新"),
    ("Ctrl+S", "保存项目"),
    ("Ctrl+Z / Ctrl+Y", "撤销 / 重做"),
    ("Ctrl+P", "生成报表（报表窗口和打印预览中：打印）"),
    ("Ctrl+Q", "退出（先关闭所有项目窗口）"),
    ("Ctrl+O", "打开数据库"),
    ("Ctrl+1 … 5", "切换页面"),
    ("Esc", "关闭项目窗口或对话框"),
)


def guide_path() -> Path:
    return resource_path("help", GUIDE_FILE)


def log_folder() -> Path:
    folder = user_data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def data_folder(ws: Workspace) -> Path:
    """The folder of the open database file (the per-user data folder for a server database)."""
    return ws.db.sqlite_path.parent if ws.db.sqlite_path is not None else user_data_dir()


def open_folder(folder: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class GuideWindow(QDialog):
    """使用说明: the bundled guide; links inside it work, links to the web open in the browser."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("使用说明"))
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenExternalLinks(True)
        path = guide_path()
        if path.is_file():
            self.browser.setSearchPaths([str(path.parent)])
            self.browser.setSource(QUrl.fromLocalFile(str(path)))
        else:
            self.browser.setPlainText(self.tr("找不到使用说明文件：%1").replace("%1", str(path)))
        layout.addWidget(self.browser)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        layout.addWidget(close)
        self.resize(820, 720)


def shortcuts_html() -> str:
    rows = "".join(f"<tr><td><b>{keys}</b></td><td>&nbsp;&nbsp;{text}</td></tr>" for keys, text in SHORTCUTS)
    return f"<table>{rows}</table>"


class HelpActions:
    """The 帮助 menu's entries, for a main window with `ws` (the open workspace).

    Not a QObject, so its texts name their translation context ("HelpActions") explicitly: `window.tr(...)`
    would be looked up under the window's class at run time, while lupdate cannot see it at all."""

    def __init__(self, window: QWidget, menu: QMenu):
        self.window = window
        self.guide: GuideWindow | None = None
        self.guide_action = QAction(QCoreApplication.translate("HelpActions", "使用说明(&U)"), window)
        self.guide_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.guide_action.triggered.connect(self.show_guide)
        menu.addAction(self.guide_action)
        self.shortcuts_action = menu.addAction(QCoreApplication.translate("HelpActions", "快捷键"), self.show_shortcuts)
        menu.addSeparator()
        self.data_action = menu.addAction(
            QCoreApplication.translate("HelpActions", "打开数据文件夹"), self.open_data_folder
        )
        self.log_action = menu.addAction(
            QCoreApplication.translate("HelpActions", "打开日志文件夹"), lambda: open_folder(log_folder())
        )
        menu.addSeparator()
        self.about_action = menu.addAction(QCoreApplication.translate("HelpActions", "关于(&A)"), self.show_about)

    @property
    def ws(self) -> Workspace:
        ws: Workspace = self.window.ws  # type: ignore[attr-defined]  # the main window's current workspace
        return ws

    def show_guide(self) -> GuideWindow:
        if self.guide is None:
            self.guide = GuideWindow(self.window)
        self.guide.show()
        self.guide.raise_()
        return self.guide

    def show_shortcuts(self) -> None:
        QMessageBox.information(self.window, QCoreApplication.translate("HelpActions", "快捷键"), shortcuts_html())

    def open_data_folder(self) -> None:
        open_folder(data_folder(self.ws))

    def about_text(self) -> str:
        from app.core.project_service import database_label

        return (
            "<h3>大同市“两山七河一流域”生态保护“十四五”规划重点项目管理</h3>"
            f"<p>版本 {app.__version__}</p>"  # read from the package metadata now, not when the menu is built
            f"<p>数据库：{database_label(self.ws)}<br>数据文件夹：{data_folder(self.ws)}<br>"
            f"日志文件夹：{log_folder()}</p>"
            "<p>界面与报告字体：文泉驿微米黑（Apache-2.0）、花园明朝补字（花园字体许可，自由使用），随程序附带。</p>"
        )

    def show_about(self) -> None:
        QMessageBox.about(self.window, QCoreApplication.translate("HelpActions", "关于"), self.about_text())
