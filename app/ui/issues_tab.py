"""Project editor tab: coordination issues (问题协调): add, edit, close with a resolution, delete."""

from __future__ import annotations

from typing import Any

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

from app.core import number_format, project_service, tracking_service
from app.core.changes import Changes
from app.core.records import IssueRecord
from app.core.workspace import Workspace
from app.ui import status_style
from app.ui.change_bus import ChangeBus
from app.ui.list_models import ListTableModel
from app.ui.tracking_tab import RecordListTab
from app.ui.widgets import DateEdit, em, line_height, record_table, user_error_text


class IssueTableModel(ListTableModel):
    COLOR_COLUMN = 5
    COLOR_KEY = "state"
    COLORS = status_style.ISSUE_COLORS


class IssuesTab(RecordListTab):
    PART = "issues"

    def __init__(self, ws: Workspace, project_id: str, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(ws, project_id, bus, parent)
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

        def day(value: Any) -> str:
            return number_format.date(value, unknown="")

        def late(i: IssueRecord) -> int | None:
            return i.overdue_days or None

        self.model = IssueTableModel(
            [
                (self.tr("问题描述"), lambda i: i.description),
                (self.tr("责任部门"), lambda i: i.responsible_department or ""),
                (self.tr("提出日期"), lambda i: day(i.raised_date)),
                (self.tr("办结时限"), lambda i: day(i.deadline)),
                (self.tr("办结日期"), lambda i: day(i.closed_date)),
                (self.tr("状态"), lambda i: i.state),
                (self.tr("逾期天数"), late),
                (self.tr("办理结果"), lambda i: i.resolution or ""),
            ],
            self,
        )
        self.table = record_table(self, self.model, (18, 9, 6, 6, 6, 6, 5, 12), row_lines=1.6, single=True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_current())
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
        self._fill_departments()
        # The core records today when no date is given; the box says so instead of filling it in silently.
        self.raised = DateEdit(placeholder=self.tr("留空表示今天（例如 2025-07-10）"))
        self.deadline = DateEdit()
        self.add_field_row(form, "description", self.tr("问题描述"), self.description)
        self.add_field_row(form, "responsible_department", self.tr("责任部门"), self.department)
        self.add_field_row(form, "raised_date", self.tr("提出日期"), self.raised)
        self.add_field_row(form, "deadline", self.tr("办结时限"), self.deadline)
        buttons = QHBoxLayout()
        self.form_title = QLabel()
        self.save_button = QPushButton(self.tr("保存问题"))
        self.save_button.clicked.connect(self.save_current)
        buttons.addWidget(self.form_title, 1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        lay.addWidget(box)
        self.reload()

    def _fill_departments(self) -> None:
        text = self.department.currentText()
        self.department.blockSignals(True)
        self.department.clear()
        self.department.addItems(["", *project_service.known_departments(self.ws)])
        self.department.setCurrentText(text)
        self.department.blockSignals(False)

    # ------------------------------------------------------------------ RecordListTab hooks
    def fetch(self) -> list[Any]:
        stats = tracking_service.issue_stats(self.ws, self.project_id)
        self.stats.setText(
            self.tr("共 %1 项，未办结 %2 项，逾期 %3 项")
            .replace("%1", str(stats.total))
            .replace("%2", str(stats.open))
            .replace("%3", str(stats.overdue))
        )
        return list(tracking_service.list_issues(self.ws, self.project_id, open_only=self.open_only.isChecked()))

    def update_buttons(self) -> None:
        item = self.current()
        self.delete_button.setEnabled(item is not None and self.writable)
        self.close_button.setEnabled(bool(item and item.is_open) and self.writable)
        self.new_button.setEnabled(self.writable)
        self.save_button.setEnabled(self.writable)

    def fill_form(self, record: Any | None) -> None:
        if record is None:
            self.form_title.setText(self.tr("新问题（填写后点“保存问题”）"))
            self.description.clear()
            self.department.setCurrentText("")
            self.raised.set_value(None)
            self.deadline.set_value(None)
            return
        self.form_title.setText(self.tr("编辑问题（%1）").replace("%1", record.state))
        self.description.setPlainText(record.description)
        self.department.setCurrentText(record.responsible_department or "")
        self.raised.set_value(record.raised_date)
        self.deadline.set_value(record.deadline)

    def form_text(self) -> tuple[str, ...]:
        return (
            self.description.toPlainText(),
            self.department.currentText(),
            self.raised.text(),
            self.deadline.text(),
        )

    def form_values(self) -> dict[str, Any] | None:
        dates = self.read_dates({"raised_date": self.raised, "deadline": self.deadline})
        if dates is None:
            return None
        return dict(
            description=self.description.toPlainText(),
            responsible_department=self.department.currentText().strip() or None,
            **dates,
        )

    def insert_record(self, values: dict[str, Any]) -> str:
        return tracking_service.add_issue(self.ws, self.project_id, **values)

    def write_changes(self, record: Any, changes: dict[str, Any]) -> None:
        tracking_service.update_issue(self.ws, record.id, changes, expected_version=record.version)

    def unsaved_description(self) -> str:
        return self.tr("问题协调") if self.has_unsaved() else ""

    def start_new(self) -> None:
        super().start_new()
        self.description.setFocus()

    def on_changes(self, changes: Changes) -> None:
        if changes.reference:
            self._fill_departments()
        super().on_changes(changes)

    # ------------------------------------------------------------------ actions
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
            tracking_service.close_issue(self.ws, item.id, resolution, expected_version=item.version)
        except tracking_service.USER_ERRORS as exc:
            QMessageBox.warning(self, self.tr("未办结"), user_error_text(exc))
            return False
        self.reload(item.id)
        self.announce(issues=True)
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
            tracking_service.delete_issue(self.ws, item.id)
        except tracking_service.USER_ERRORS as exc:
            QMessageBox.warning(self, self.tr("未删除"), user_error_text(exc))
            return False
        self._editing = None
        self.reload()
        self.announce(issues=True)
        return True
