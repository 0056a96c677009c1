"""Project editor tab: coordination issues (问题协调): add, edit, close with a resolution, delete."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core import project_service
from app.core import tracking_service as ts
from app.ui.models import ListTableModel
from app.ui.widgets import DateField, ErrorLabel, em, line_height, record_table, user_error_text

STATE_COLORS = {"逾期未办结": "#c62828", "办理中": "#1565c0", "已办结": "#2e7d32"}
EDITABLE = ("description", "responsible_department", "raised_date", "deadline")


class IssueTableModel(ListTableModel):
    COLOR_COLUMN = 5
    COLOR_KEY = "state"
    COLORS = STATE_COLORS


class IssuesTab(QWidget):
    changed = Signal()

    def __init__(self, ws: Any, project_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.project_id = project_id
        self._editing: dict[str, Any] | None = None

        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_button = QPushButton(self.tr("新增问题"))
        self.new_button.clicked.connect(self.start_new)
        self.close_button = QPushButton(self.tr("办结…"))
        self.close_button.clicked.connect(lambda: self.close_current())
        self.delete_button = QPushButton(self.tr("删除"))
        self.delete_button.clicked.connect(lambda: self.delete_current())
        self.open_only = QCheckBox(self.tr("只看未办结"))
        self.open_only.toggled.connect(lambda _on: self.reload())
        self.stats = QLabel()
        for w in (self.new_button, self.close_button, self.delete_button):
            bar.addWidget(w)
        bar.addSpacing(em(self, 1))
        bar.addWidget(self.open_only)
        bar.addStretch(1)
        bar.addWidget(self.stats)
        lay.addLayout(bar)

        self.model = IssueTableModel(
            [
                (self.tr("问题描述"), lambda i: i["description"]),
                (self.tr("责任部门"), lambda i: i["responsible_department"] or ""),
                (self.tr("提出日期"), lambda i: i["raised_date"] or ""),
                (self.tr("办结时限"), lambda i: i["deadline"] or ""),
                (self.tr("办结日期"), lambda i: i["closed_date"] or ""),
                (self.tr("状态"), lambda i: i["state"]),
                (self.tr("逾期天数"), lambda i: i["overdue_days"] or ""),
                (self.tr("办理结果"), lambda i: i["resolution"] or ""),
            ],
            self,
        )
        self.table = record_table(self, self.model, (18, 9, 6, 6, 6, 6, 5, 12), row_lines=1.6, single=True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        lay.addWidget(self.table, 1)

        box = QGroupBox(self.tr("问题详情"))
        form = QFormLayout(box)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(line_height(self, 3.2))
        self.description.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.department = QComboBox()
        self.department.setEditable(True)
        self.department.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.department.addItems([""] + project_service.known_departments(ws))
        self.raised = DateField()
        self.deadline = DateField()
        self.errors: dict[str, ErrorLabel] = {}
        for key, label, widget in (
            ("description", self.tr("问题描述"), self.description),
            ("responsible_department", self.tr("责任部门"), self.department),
            ("raised_date", self.tr("提出日期"), self.raised),
            ("deadline", self.tr("办结时限"), self.deadline),
        ):
            host = QWidget()
            v = QVBoxLayout(host)
            v.setContentsMargins(0, 0, 0, 0)
            v.setSpacing(2)
            v.addWidget(widget)
            error = ErrorLabel()
            v.addWidget(error)
            self.errors[key] = error
            form.addRow(label, host)
        buttons = QHBoxLayout()
        self.form_title = QLabel()
        self.save_button = QPushButton(self.tr("保存问题"))
        self.save_button.clicked.connect(self.save_current)
        buttons.addWidget(self.form_title, 1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        lay.addWidget(box)
        self.reload()

    # ------------------------------------------------------------------ data
    def reload(self, select_id: str | None = None) -> None:
        current = select_id or (self._editing or {}).get("id")
        self.model.set_items(ts.list_issues(self.ws, self.project_id, open_only=self.open_only.isChecked()))
        stats = ts.issue_stats(self.ws, self.project_id)
        self.stats.setText(
            self.tr("共 %1 项，未办结 %2 项，逾期 %3 项")
            .replace("%1", str(stats.get("total", 0)))
            .replace("%2", str(stats.get("open", 0)))
            .replace("%3", str(stats.get("overdue", 0)))
        )
        row = next((i for i, m in enumerate(self.model.items()) if m["id"] == current), -1)
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
        else:
            self.start_new()
        self._update_buttons()

    def current(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        item = self.current()
        self.delete_button.setEnabled(item is not None)
        self.close_button.setEnabled(bool(item and item["is_open"]))

    def _show_current(self) -> None:
        item = self.current()
        self._update_buttons()
        if item is None:
            return
        self._editing = item
        self.form_title.setText(self.tr("编辑问题（%1）").replace("%1", item["state"]))
        self.description.setPlainText(item["description"])
        self.department.setCurrentText(item["responsible_department"] or "")
        self.raised.set_value(item["raised_date"])
        self.deadline.set_value(item["deadline"])
        for e in self.errors.values():
            e.show_error(None)

    def start_new(self) -> None:
        self._editing = None
        self.table.clearSelection()
        self.form_title.setText(self.tr("新问题（填写后点“保存问题”）"))
        self.description.clear()
        self.department.setCurrentText("")
        from PySide6.QtCore import QDate

        self.raised.set_value(QDate.currentDate().toString("yyyy-MM-dd"))
        self.deadline.set_value(None)
        for e in self.errors.values():
            e.show_error(None)
        self.description.setFocus()

    def _values(self) -> dict[str, Any]:
        return dict(
            description=self.description.toPlainText(),
            responsible_department=self.department.currentText().strip() or None,
            raised_date=self.raised.value(),
            deadline=self.deadline.value(),
        )

    def _fail(self, exc: BaseException) -> None:
        errors = getattr(exc, "errors", None)
        if isinstance(errors, dict) and any(k in self.errors for k in errors):
            for key, message in errors.items():
                if key in self.errors:
                    self.errors[key].show_error(message)
        else:
            QMessageBox.warning(self, self.tr("未保存"), user_error_text(exc))

    # ------------------------------------------------------------------ actions
    def save_current(self) -> bool:
        for e in self.errors.values():
            e.show_error(None)
        values = self._values()
        try:
            if self._editing is None:
                new_id = ts.add_issue(self.ws, self.project_id, **values)
            else:
                old = self._editing
                changes = {k: v for k, v in values.items() if (v or None) != (old.get(k) or None)}
                if not changes:
                    return True
                ts.update_issue(self.ws, old["id"], changes, expected_version=old["version"])
                new_id = old["id"]
        except ts.USER_ERRORS as exc:
            self._fail(exc)
            return False
        self._editing = None
        self.reload(new_id)
        self.changed.emit()
        return True

    def close_current(self, resolution: str | None = None) -> bool:
        item = self.current()
        if item is None:
            return False
        if resolution is None:
            text, ok = QInputDialog.getMultiLineText(self, self.tr("办结问题"), self.tr("办理结果（必填）："))
            if not ok:
                return False
            resolution = text
        try:
            ts.close_issue(self.ws, item["id"], resolution, expected_version=item["version"])
        except ts.USER_ERRORS as exc:
            QMessageBox.warning(self, self.tr("未办结"), user_error_text(exc))
            return False
        self.reload(item["id"])
        self.changed.emit()
        return True

    def delete_current(self, confirm: bool = True) -> bool:
        item = self.current()
        if item is None:
            return False
        if (
            confirm
            and QMessageBox.question(self, self.tr("删除问题"), self.tr("删除这条问题协调记录？"))
            != QMessageBox.StandardButton.Yes
        ):
            return False
        try:
            ts.delete_issue(self.ws, item["id"])
        except ts.USER_ERRORS as exc:
            QMessageBox.warning(self, self.tr("未删除"), user_error_text(exc))
            return False
        self._editing = None
        self.reload()
        self.changed.emit()
        return True
