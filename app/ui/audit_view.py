"""审计日志: every change to the database, newest first, filtered by user, project, source, kind and date,
and exported to Excel as filtered.

The filtering happens in SQL (app.core.audit_service) and the table fetches 200 entries at a time when the
person scrolls to its end (QAbstractItemModel.canFetchMore / fetchMore), so a log of 100,000 entries opens as
fast as one of 100. The view subscribes to the change bus: a write anywhere in the program shows up here.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, QStringListModel, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import audit_service
from app.core.audit_service import AuditFilter, AuditPage, AuditRow, PageCursor
from app.core.changes import Changes
from app.core.errors import ValidationError
from app.core.output_files import OutputFileError
from app.core.workspace import DatabaseError, Workspace
from app.exchange import audit_export
from app.ui.change_bus import ChangeBus
from app.ui.list_models import ListTableModel, audit_value_text
from app.ui.settings import AppSettings
from app.ui.tasks import TaskContext, run_in_background
from app.ui.widgets import DateEdit, DateInputError, ErrorLabel, em, record_table, user_error_text

log = logging.getLogger(__name__)
_Index = QModelIndex | QPersistentModelIndex
FILTER_DELAY_MS = 250  # typing in a filter box waits this long after the last key before asking the database
READ_ERRORS = (ValidationError, DatabaseError)


def _label(text: str) -> str:
    """A label from app.core.audit_service, through the translator (the labels are Chinese source text)."""
    return QCoreApplication.translate("audit_service", text)


class AuditTableModel(ListTableModel):
    """Audit entries (app.core.audit_service.AuditRow), fetched a page at a time as the view scrolls."""

    AT, USER, PROJECT, COUNTY, FIELD, OLD, NEW, SOURCE = range(8)
    TOOLTIP_MIN_CHARS = 0  # values are often cut off: always offer the full text

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                (self.tr("时间"), lambda r: r.at.strftime("%Y-%m-%d %H:%M:%S")),
                (self.tr("修改人"), lambda r: r.user),
                (self.tr("项目"), lambda r: r.project_text),
                (self.tr("县区"), lambda r: r.county or ""),
                (self.tr("内容"), self._what),
                (self.tr("原值"), lambda r: audit_value_text(r.old_value)),
                (self.tr("新值"), lambda r: audit_value_text(r.new_value)),
                (self.tr("来源"), lambda r: _label(r.source_label)),
            ],
            parent,
        )
        self._fetch: Callable[[PageCursor | None], AuditPage | None] | None = None
        self._cursor: PageCursor | None = None
        self._more = False

    @staticmethod
    def _what(row: AuditRow) -> str:
        kind = _label(row.kind_label)
        return f"{kind}·{row.field_label}" if row.field_label else kind

    def tooltip(self, item: Any, column: int, text: str) -> str | None:
        if column == self.SOURCE and item.source_detail:
            return f"{text}（{item.source_detail}）"
        if column == self.PROJECT and item.project_name:
            return f"{item.project_code} {item.project_name}（{item.county}）"
        return text or None

    def start(self, fetch: Callable[[PageCursor | None], AuditPage | None]) -> None:
        """Show the first page `fetch(None)` returns; later pages come from fetch(cursor) on scrolling.
        `fetch` returns None when the database could not be read (the view shows why)."""
        self._fetch = fetch
        page = fetch(None)
        self.set_items(page.rows if page else ())
        self._cursor = page.next_cursor if page else None
        self._more = self._cursor is not None

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's own default argument
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's own default argument
        if parent.isValid() or not self._more or self._fetch is None:
            return
        page = self._fetch(self._cursor)
        if page is None or not page.rows:
            self._more = False
            return
        first = len(self._items)
        self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
        self._items.extend(page.rows)
        self.endInsertRows()
        self._cursor = page.next_cursor
        self._more = self._cursor is not None


class AuditView(QDialog):
    """The whole audit log with its filters; 导出 Excel… writes what is shown (all pages)."""

    def __init__(self, ws: Workspace, bus: ChangeBus, parent: QWidget | None = None, *, project: str | None = None):
        super().__init__(parent)
        self.ws = ws
        self.bus = bus
        self._stale = False
        self._exporting = False
        self._filter = AuditFilter()
        self._project_codes: dict[str, str] = {}  # completer label -> project code
        self.setWindowTitle(self.tr("审计日志"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        lay = QVBoxLayout(self)

        grid = QGridLayout()
        self.user_edit = QLineEdit()
        self.user_edit.setPlaceholderText(self.tr("姓名，可只输入一部分"))
        self.user_edit.setClearButtonEnabled(True)
        self.user_names = QStringListModel(self)
        self.user_completer = self._completer(self.user_edit, self.user_names)
        self.project_edit = QLineEdit()
        self.project_edit.setPlaceholderText(self.tr("项目编号或名称"))
        self.project_edit.setClearButtonEnabled(True)
        self.project_labels = QStringListModel(self)
        self.project_completer = self._completer(self.project_edit, self.project_labels)
        self.source_combo = QComboBox()
        self.kind_combo = QComboBox()
        self.since_edit = DateEdit(self, placeholder=self.tr("起始日期"))
        self.until_edit = DateEdit(self, placeholder=self.tr("截止日期（含）"))
        self.clear_button = QPushButton(self.tr("清除筛选"))
        grid.addWidget(QLabel(self.tr("修改人")), 0, 0)
        grid.addWidget(self.user_edit, 0, 1)
        grid.addWidget(QLabel(self.tr("项目")), 0, 2)
        grid.addWidget(self.project_edit, 0, 3, 1, 3)
        grid.addWidget(QLabel(self.tr("来源")), 1, 0)
        grid.addWidget(self.source_combo, 1, 1)
        grid.addWidget(QLabel(self.tr("类型")), 1, 2)
        grid.addWidget(self.kind_combo, 1, 3)
        grid.addWidget(QLabel(self.tr("日期")), 1, 4)
        dates = QHBoxLayout()
        dates.addWidget(self.since_edit)
        dates.addWidget(QLabel("—"))
        dates.addWidget(self.until_edit)
        grid.addLayout(dates, 1, 5)
        grid.addWidget(self.clear_button, 0, 6)
        grid.setColumnStretch(3, 1)
        lay.addLayout(grid)

        self.model = AuditTableModel(self)
        self.table = record_table(self, self.model, (10, 6, 16, 5, 14, 12, 12, 6), word_wrap=False)
        lay.addWidget(self.table, 1)
        self.error = ErrorLabel()
        lay.addWidget(self.error)
        row = QHBoxLayout()
        self.count_label = QLabel()
        row.addWidget(self.count_label, 1)
        self.export_button = QPushButton(self.tr("导出 Excel…"))
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.setAutoDefault(False)
        for button in (self.export_button, self.refresh_button, self.close_button):
            row.addWidget(button)
        lay.addLayout(row)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.result_label)

        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(FILTER_DELAY_MS)
        self._delay.timeout.connect(self.apply_filters)
        self.user_edit.textChanged.connect(lambda _text: self._delay.start())
        self.project_edit.textChanged.connect(lambda _text: self._delay.start())
        self.since_edit.changed.connect(self._delay.start)
        self.until_edit.changed.connect(self._delay.start)
        self.source_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.clear_button.clicked.connect(self.clear_filters)
        self.export_button.clicked.connect(self.choose_export)
        self.refresh_button.clicked.connect(self.reload)
        self.close_button.clicked.connect(self.reject)

        self._load_choices()
        if project:
            self.project_edit.setText(project)
        self._delay.stop()
        self.apply_filters()
        self.resize(em(self, 70), em(self, 36))
        bus.changed.connect(self.on_changes)

    # ------------------------------------------------------------------ filters
    def _completer(self, edit: QLineEdit, choices: QStringListModel) -> QCompleter:
        completer = QCompleter(choices, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        edit.setCompleter(completer)
        return completer

    def _load_choices(self) -> None:
        """The filters' suggestions: users who changed something, projects with their county, sources, kinds."""
        try:
            users = audit_service.known_users(self.ws)
            projects = audit_service.project_choices(self.ws)
            sources = audit_service.known_sources(self.ws)
            kinds = audit_service.known_kinds(self.ws)
        except READ_ERRORS as exc:
            self.error.show_error(user_error_text(exc))
            return
        self.user_names.setStringList(users)
        self._project_codes = {choice.label: choice.code for choice in projects}
        self.project_labels.setStringList(list(self._project_codes))
        for combo, choices in ((self.source_combo, sources), (self.kind_combo, kinds)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("全部"), None)
            for code, label in choices:
                combo.addItem(_label(label), code)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        """The filter the boxes describe; ValidationError (Chinese) for a date that is no date."""
        project = self.project_edit.text().strip()
        try:
            since, until = self.since_edit.value(), self.until_edit.value()
        except DateInputError as exc:
            raise ValidationError({"日期": str(exc)}) from None
        flt = AuditFilter(
            user=self.user_edit.text().strip() or None,
            user_partial=True,
            project=self._project_codes.get(project, project) or None,
            source=self.source_combo.currentData(),
            kind=self.kind_combo.currentData(),
            since=since,
            until=until,
        )
        flt.check()
        return flt

    def apply_filters(self) -> None:
        self._delay.stop()
        try:
            self._filter = self.current_filter()
        except ValidationError as exc:
            self.error.show_error(user_error_text(exc))
            return
        self.reload()

    def clear_filters(self) -> None:
        for edit in (self.user_edit, self.project_edit, self.since_edit.edit, self.until_edit.edit):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        for combo in (self.source_combo, self.kind_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.apply_filters()

    # ------------------------------------------------------------------ data
    def _page(self, after: PageCursor | None) -> AuditPage | None:
        try:
            return audit_service.list_entries(self.ws, self._filter, after=after)
        except READ_ERRORS as exc:
            self.error.show_error(user_error_text(exc))
            return None

    def reload(self) -> None:
        """The first page of the current filter, and how many entries match in all."""
        self._stale = False
        self.error.show_error(None)
        self.model.start(self._page)
        if self.error.isVisible():
            self.count_label.clear()
            return
        try:
            total = audit_service.count_entries(self.ws, self._filter)
        except READ_ERRORS as exc:
            self.error.show_error(user_error_text(exc))
            return
        if total == 0:
            self.count_label.setText(self.tr("没有符合条件的修改记录"))
        else:
            self.count_label.setText(self.tr("共 %1 条（新的在前）").replace("%1", str(total)))
        self.export_button.setEnabled(total > 0 and not self._exporting)

    def on_changes(self, changes: Changes) -> None:
        """Every write leaves audit entries: show them (now if visible, else when shown again)."""
        if not any(getattr(changes, part.name) for part in fields(changes) if part.type == "bool"):
            return
        if self.isVisible():
            self._load_choices()
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._load_choices()
            self.reload()
        super().showEvent(event)

    def rows_shown(self) -> list[AuditRow]:
        return list(self.model.items())

    # ------------------------------------------------------------------ export
    def _suggested_path(self) -> str:
        return str(AppSettings().export_folder() / f"修改记录_{dt.date.today():%Y%m%d}.xlsx")

    def choose_export(self) -> None:
        if self._exporting:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出修改记录"), self._suggested_path(), self.tr("Excel 工作簿 (*.xlsx)")
        )
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        force = False
        if Path(path).exists():
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("文件已存在"),
                self.tr("“%1”已存在，是否覆盖？").replace("%1", path),
                parent=self,
            )
            replace = box.addButton(self.tr("覆盖"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is not replace:
                return
            force = True
        self.export_to(path, force=force)

    def export_to(self, path: str, *, force: bool = False) -> None:
        """Write the entries the current filter selects (every page) to `path`, off the GUI thread."""
        ws, flt = self.ws, self._filter

        def work(ctx: TaskContext) -> audit_export.AuditExportResult:
            return audit_export.export_audit(ws, path, flt, force=force, progress=ctx.report)

        self._exporting = True
        self.export_button.setEnabled(False)
        self.result_label.setText(self.tr("正在导出…"))
        run_in_background(
            self, self.tr("正在导出修改记录…"), work, self._exported, self._export_failed, cancellable=False
        )

    def _exported(self, result: audit_export.AuditExportResult) -> None:
        self._exporting = False
        self.export_button.setEnabled(True)
        lines = [self.tr("已导出 %1 条修改记录：%2").replace("%1", str(result.rows)).replace("%2", str(result.path))]
        if result.cleaned_cells:
            lines.append(
                self.tr("%1 个单元格含 Excel 不能保存的控制字符，文件中已去掉（数据库中不变）。").replace(
                    "%1", str(result.cleaned_cells)
                )
            )
        self.result_label.setText("\n".join(lines))

    def _export_failed(self, exc: BaseException, tb: str) -> None:
        self._exporting = False
        self.export_button.setEnabled(True)
        if isinstance(exc, (OutputFileError, ValidationError, DatabaseError)):
            text = user_error_text(exc).split(" / ", 1)[0]
        elif isinstance(exc, OSError):
            text = self.tr("无法写入文件（可能正在 Excel/WPS 中打开），请关闭后重试：%1").replace(
                "%1", str(exc.filename or exc)
            )
        else:  # not a situation a person can fix: say so, keep the details in the log
            log.error("audit export failed:\n%s", tb)
            text = self.tr("程序错误（%1），详情见日志").replace("%1", type(exc).__name__)
        self.result_label.setText(self.tr("导出失败：%1").replace("%1", text))
