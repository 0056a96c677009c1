"""What an officer is told when a database cannot be opened, is gone, or would have to be created: one
sentence to act on, never a traceback (the main window and the start-up use these)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.core.workspace import DatabaseError


def database_error_text(exc: BaseException) -> str:
    """A DatabaseError (or other open failure) as a message an officer can act on."""
    hint = QApplication.translate(
        "MainWindow",
        "请检查：文件是否存在、是否有读写权限、是否被其他程序占用；如文件来自更新版本的程序，请升级本程序。",
    )
    if isinstance(exc, DatabaseError):
        return f"{exc}\n\n{hint}"
    return QApplication.translate("MainWindow", "打开数据库时出错：") + f"{exc}\n\n{hint}"


def missing_database_text(path: str | None) -> str:
    """A database file that is gone (or empty) when the person opens it: nothing is created in its place."""
    where = str(Path(path).expanduser()) if path else ""
    if path and Path(where).exists():
        first = QApplication.translate("MainWindow", "数据库文件是空的（不是本程序的数据库）：%1").replace("%1", where)
    else:
        first = QApplication.translate("MainWindow", "数据库文件不存在：%1").replace("%1", where)
    return (
        first
        + "\n\n"
        + QApplication.translate(
            "MainWindow",
            "文件可能已被移动、改名或删除，或者它所在的移动硬盘、网络盘没有连接。程序没有新建任何文件，"
            "当前打开的数据库保持不变。要新建数据库，请用“文件 → 新建数据库…”。",
        )
    )


def confirm_new_database(path: str, parent: QWidget | None = None) -> bool:
    """At start with --db naming a file that does not exist: create it only when the person says so."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QApplication.translate("MainWindow", "新建数据库"),
        QApplication.translate(
            "MainWindow",
            "数据库文件不存在：%1\n\n要在这里新建一个数据库，并导入规划附表中的重点项目吗？"
            "（如果文件只是被移动了，或者移动硬盘、网络盘没有连接，请选“退出”。）",
        ).replace("%1", str(Path(path).expanduser())),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("confirmNewDatabaseBox")
    create = box.addButton(QApplication.translate("MainWindow", "新建"), QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton(QApplication.translate("MainWindow", "退出"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_button)
    box.exec()
    return box.clickedButton() is create


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
