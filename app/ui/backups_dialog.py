"""备份与恢复: the automatic backups of the open database, a preview of each, and restoring one.

Also the two start-up steps the launcher (app/__main__.py) runs: the integrity check before the database is
opened (with the offer to restore the newest good backup) and the backup when the data changed since the last.
No SQLAlchemy here: everything goes through app.core.backups.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import backups
from app.core.changes import Changes
from app.core.workspace import Workspace, current_user
from app.ui.change_bus import ChangeBus
from app.ui.tasks import TaskContext, run_in_background
from app.ui.widgets import em

log = logging.getLogger(__name__)

COL_TIME, COL_REASON, COL_SIZE, COL_PROJECTS, COL_PROGRESS, COL_STATE = range(6)


def _size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} KB"


class BackupsDialog(QDialog):
    """List, preview, back up now, restore (after a confirmation; the current state is backed up first)."""

    def __init__(self, ws: Workspace, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.bus = bus
        self.summaries: list[backups.BackupSummary] = []
        self.confirm_box: QMessageBox | None = None
        self._busy = False
        self.setWindowTitle(self.tr("备份与恢复"))
        self.resize(em(self, 60), em(self, 36))

        self.where_label = QLabel()
        self.where_label.setWordWrap(True)
        self.where_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.current_label = QLabel()

        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("备份时间"),
                self.tr("原因"),
                self.tr("大小"),
                self.tr("项目数"),
                self.tr("季度进展条数"),
                self.tr("状态"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._show_preview)

        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.preview)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.backup_button = QPushButton(self.tr("立即备份"))
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(self.tr("恢复所选备份…"))
        self.restore_button.clicked.connect(self.ask_restore)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.where_label)
        layout.addWidget(self.current_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)

        bus.changed.connect(self.on_changes)
        self.reload()

    # ------------------------------------------------------------------ data
    def on_changes(self, _changes: Changes) -> None:
        self._show_current()

    def _show_current(self) -> None:
        counts = backups.current_counts(self.ws) if self.ws.db.sqlite_path is not None else None
        if counts is None:
            self.current_label.clear()
            return
        projects, progress_rows = counts
        self.current_label.setText(
            self.tr("当前数据库：%1 个项目，%2 条季度进展")
            .replace("%1", str(projects))
            .replace("%2", str(progress_rows))
        )

    def reload(self) -> None:
        db_path = self.ws.db.sqlite_path
        if db_path is None:
            self.where_label.setText(backups.PG_MESSAGE)
            self.summaries = []
            self.table.setRowCount(0)
            for button in (self.backup_button, self.restore_button):
                button.setEnabled(False)
            return
        self.where_label.setText(
            self.tr("备份位置：%1（自动保留最近 %2 份，另保留每月最新的一份）")
            .replace("%1", str(backups.backup_folder(db_path)))
            .replace("%2", str(backups.KEEP_LATEST))
        )
        self._show_current()
        self.summaries = [
            backups.describe_backup(info.path, audit_limit=0, verify="quick_check")
            for info in backups.list_backups(db_path)
        ]
        self.table.setRowCount(len(self.summaries))
        for row, summary in enumerate(self.summaries):
            info = summary.info
            cells = {
                COL_TIME: info.taken_at.strftime("%Y-%m-%d %H:%M:%S"),
                COL_REASON: info.reason_label,
                COL_SIZE: _size_text(info.size),
                COL_PROJECTS: str(summary.projects) if summary.ok else "",
                COL_PROGRESS: str(summary.progress_rows) if summary.ok else "",
                COL_STATE: self.tr("完好") if summary.ok else self.tr("不可恢复：") + (summary.problem or ""),
            }
            for column, text in cells.items():
                item = QTableWidgetItem(text)
                if column in (COL_SIZE, COL_PROJECTS, COL_PROGRESS):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if self.summaries:
            self.table.selectRow(0)
        else:
            self.preview.setPlainText(self.tr("还没有备份。程序启动时（数据有变化）以及导入、恢复之前会自动备份。"))
        self._update_buttons()

    def selected_summary(self) -> backups.BackupSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.summaries[rows[0].row()]

    def _update_buttons(self) -> None:
        summary = self.selected_summary()
        read_only = bool(getattr(self.ws, "read_only", False))
        self.restore_button.setEnabled(not self._busy and not read_only and summary is not None and summary.ok)
        self.backup_button.setEnabled(not self._busy and self.ws.db.sqlite_path is not None)

    def _show_preview(self) -> None:
        self._update_buttons()
        selected = self.selected_summary()
        if selected is None:
            self.preview.clear()
            return
        summary = backups.describe_backup(selected.info.path, audit_limit=10)  # full check for the preview
        info = summary.info
        lines = [
            self.tr("文件：") + str(info.path),
            self.tr("备份时间：") + info.taken_at.strftime("%Y-%m-%d %H:%M:%S") + "（" + info.reason_label + "）",
        ]
        if not summary.ok:
            lines.append(self.tr("不能用这份备份恢复：") + (summary.problem or ""))
        else:
            lines += [
                self.tr("项目 %1 个，季度进展 %2 条，修改记录 %3 条，结构版本 %4")
                .replace("%1", str(summary.projects))
                .replace("%2", str(summary.progress_rows))
                .replace("%3", str(summary.audit_entries))
                .replace("%4", summary.revision or "?"),
                "",
                self.tr("备份前最后的修改记录："),
            ]
            for entry in summary.newest_audit:
                lines.append(
                    f"  {entry.at:%Y-%m-%d %H:%M}  {entry.user}  {entry.entity_type}"
                    f"{'.' + entry.field if entry.field else ''}  → {entry.new_value or ''}  ({entry.source})"
                )
        self.preview.setPlainText("\n".join(lines))

    # ------------------------------------------------------------------ actions
    def _set_status(self, text: str, error: bool = False) -> None:
        self.status_label.setStyleSheet("color: #b00020;" if error else "")
        self.status_label.setText(text)

    def backup_now(self) -> None:
        try:
            info = backups.backup_now(self.ws, "manual")
        except (backups.BackupError, OSError) as exc:
            self._set_status(self.tr("备份失败：") + str(exc), error=True)
            return
        self.reload()
        self._set_status(self.tr("已备份并通过完整性检查：") + info.path.name)

    def ask_restore(self) -> None:
        summary = self.selected_summary()
        if summary is None or not summary.ok or self._busy:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("恢复备份"),
            self.tr(
                "用 %1 的备份（%2 个项目，%3 条季度进展）替换当前数据库中的全部数据？\n\n"
                "恢复前会先备份当前数据，恢复后也可以再恢复回来。"
            )
            .replace("%1", summary.info.taken_at.strftime("%Y-%m-%d %H:%M:%S"))
            .replace("%2", str(summary.projects))
            .replace("%3", str(summary.progress_rows)),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        self.restore_confirm_button = box.addButton(self.tr("恢复"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)  # a stray Enter never restores
        box.finished.connect(lambda _result, b=box, s=summary: self._confirmed(b, s))
        self.confirm_box = box
        box.open()  # window-modal, not a nested event loop

    def _confirmed(self, box: QMessageBox, summary: backups.BackupSummary) -> None:
        accepted = box.clickedButton() is self.restore_confirm_button
        self.confirm_box = None
        box.deleteLater()
        if accepted:
            self.restore(summary.info.path)

    def restore(self, path: os.PathLike[str]) -> None:
        ws = self.ws
        self._busy = True
        self._update_buttons()
        self._set_status(self.tr("正在恢复…"))

        def work(ctx: TaskContext) -> backups.RestoreResult:
            return backups.restore(ws, path, progress=ctx.report)

        run_in_background(self, self.tr("正在恢复备份…"), work, self._restored, self._restore_failed, cancellable=False)

    def _restored(self, result: backups.RestoreResult) -> None:
        self._busy = False
        self.bus.announce(Changes.everything())
        self.reload()
        text = self.tr("已从 %1 恢复。").replace("%1", result.restored_from.name)
        if result.safety_backup is not None:
            text += self.tr("恢复前的数据已备份为 %1。").replace("%1", result.safety_backup.path.name)
        self._set_status(text)

    def _restore_failed(self, exc: BaseException, tb: str) -> None:
        self._busy = False
        log.error("restore failed:\n%s", tb)
        self._update_buttons()
        self._set_status(self.tr("恢复失败，数据库未改动：") + str(exc), error=True)


# --- start-up ----------------------------------------------------------------------------------------------------
def check_database_at_start(db: str | None, user: str | None = None, parent: QWidget | None = None) -> bool:
    """Before opening: PRAGMA quick_check on the file. When it fails, explain and offer the newest good backup.
    Returns False when the person chose to quit."""
    path = backups.sqlite_file_for(db)
    if path is None:
        return True
    return answer_quick_check(path, backups.quick_check(path), user, parent)


def answer_quick_check(
    path: Path, report: backups.IntegrityReport, user: str | None = None, parent: QWidget | None = None
) -> bool:
    """check_database_at_start's answer to a quick_check already made (app.__main__ makes it off the GUI thread):
    True to go on opening `path`, False when the person chose to quit."""
    if report.ok:
        return True
    log.error("database failed quick_check: %s", "; ".join(report.details))
    good = backups.latest_good_backup(path)
    box = QMessageBox(
        QMessageBox.Icon.Critical, "数据库已损坏", report.explanation, QMessageBox.StandardButton.NoButton, parent
    )
    restore_button = None
    if good is not None:
        box.setInformativeText(
            f"最近一份完好的备份：{good.info.taken_at:%Y-%m-%d %H:%M:%S}（{good.info.reason_label}），"
            f"{good.projects} 个项目，{good.progress_rows} 条季度进展。用它恢复吗？"
        )
        restore_button = box.addButton("用这份备份恢复", QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setInformativeText("没有找到完好的备份。可以先尝试打开（可能读错数据），并请联系技术支持。")
    open_button = box.addButton("仍然打开", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if restore_button is not None and clicked is restore_button and good is not None:
        try:
            damaged = backups.replace_damaged_database(path, good.info.path, user=user or current_user())
        except backups.BackupError as exc:
            QMessageBox.critical(parent, "恢复失败", str(exc))
            return False
        QMessageBox.information(parent, "已恢复", f"已用备份恢复数据库。损坏的文件保留为：\n{damaged}")
        return True
    return clicked is open_button


def backup_at_start(ws: Workspace) -> backups.BackupInfo | None:
    """The start-up backup when the data changed since the newest one; a failure is logged, never fatal."""
    try:
        return backups.backup_if_changed(ws, "start")
    except (backups.BackupError, OSError) as exc:
        log.warning("start-up backup not written: %s", exc)
        return None
