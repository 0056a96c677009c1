"""Project editor tab: milestones (apply the standard template, add, edit, reorder, remove)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import tracking_service as ts
from app.ui.models import ListTableModel
from app.ui.widgets import DateField, ErrorLabel, record_table, user_error_text

STORED_STATUSES = ("未开始", "进行中", "已完成")
STATUS_COLORS = {"逾期": "#c62828", "已完成": "#2e7d32", "进行中": "#1565c0"}


class MilestoneTableModel(ListTableModel):
    """Milestones of one project; the 状态 column shows the effective status (逾期 by date)."""

    COLOR_COLUMN = 5
    COLOR_KEY = "effective_status"
    COLORS = STATUS_COLORS


class MilestonesTab(QWidget):
    changed = Signal()

    def __init__(self, ws: Any, project_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.project_id = project_id
        self._editing: dict[str, Any] | None = None

        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.template_button = QPushButton(self.tr("套用标准节点模板"))
        self.template_button.setToolTip(
            self.tr("添加项目尚缺的标准节点：立项、可研、环评、用地、初设、施工许可、开工、主体完工、竣工验收")
        )
        self.template_button.clicked.connect(self.apply_template)
        self.new_button = QPushButton(self.tr("新增节点"))
        self.new_button.clicked.connect(self.start_new)
        self.up_button = QPushButton(self.tr("上移"))
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton(self.tr("下移"))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.delete_button = QPushButton(self.tr("删除"))
        self.delete_button.clicked.connect(self.delete_current)
        for b in (self.template_button, self.new_button, self.up_button, self.down_button, self.delete_button):
            bar.addWidget(b)
        bar.addStretch(1)
        lay.addLayout(bar)

        self.model = MilestoneTableModel(
            [
                (self.tr("序号"), lambda m: m["position"] + 1),
                (self.tr("节点类型"), lambda m: m["kind"]),
                (self.tr("节点名称"), lambda m: m["title"]),
                (self.tr("计划日期"), lambda m: m["planned_date"] or ""),
                (self.tr("实际日期"), lambda m: m["actual_date"] or ""),
                (self.tr("状态"), lambda m: m["effective_status"]),
                (self.tr("逾期天数"), lambda m: m["overdue_days"] or ""),
                (self.tr("备注"), lambda m: m["note"] or ""),
            ],
            self,
        )
        self.table = record_table(self, self.model, (3, 9, 14, 7, 7, 5, 5, 12), row_lines=1.6, single=True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        lay.addWidget(self.table, 1)

        self.form_box = QGroupBox(self.tr("节点详情"))
        form = QFormLayout(self.form_box)
        self.kind = QComboBox()
        self.kind.setEditable(True)
        self.kind.addItems(list(_template()) + [self.tr("自定义")])
        self.title = QLineEdit()
        self.planned = DateField()
        self.actual = DateField()
        self.status = QComboBox()
        self.status.addItems(STORED_STATUSES)
        self.status.setToolTip(self.tr("“逾期”由日期自动判断，无需选择"))
        self.note = QLineEdit()
        self.errors: dict[str, ErrorLabel] = {}
        for key, label, widget in (
            ("kind", self.tr("节点类型"), self.kind),
            ("title", self.tr("节点名称"), self.title),
            ("planned_date", self.tr("计划日期"), self.planned),
            ("actual_date", self.tr("实际日期"), self.actual),
            ("status", self.tr("状态"), self.status),
            ("note", self.tr("备注"), self.note),
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
        self.save_button = QPushButton(self.tr("保存节点"))
        self.save_button.clicked.connect(self.save_current)
        buttons.addWidget(self.form_title, 1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        lay.addWidget(self.form_box)
        self.reload()

    # ------------------------------------------------------------------ data
    def reload(self, select_id: str | None = None) -> None:
        current = select_id or (self._editing or {}).get("id")
        self.model.set_items(ts.list_milestones(self.ws, self.project_id))
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
        has = self.current() is not None
        for b in (self.up_button, self.down_button, self.delete_button):
            b.setEnabled(has)

    def _show_current(self) -> None:
        m = self.current()
        self._update_buttons()
        if m is None:
            return
        self._editing = m
        self.form_title.setText(self.tr("编辑：%1").replace("%1", m["title"]))
        self.kind.setCurrentText(m["kind"])
        self.title.setText(m["title"])
        self.planned.set_value(m["planned_date"])
        self.actual.set_value(m["actual_date"])
        self.status.setCurrentText(m["status"] if m["status"] in STORED_STATUSES else STORED_STATUSES[0])
        self.note.setText(m["note"] or "")
        self._clear_errors()

    def start_new(self) -> None:
        self._editing = None
        self.table.clearSelection()
        self.form_title.setText(self.tr("新节点（填写后点“保存节点”）"))
        self.kind.setCurrentText(self.tr("自定义"))
        self.title.clear()
        self.planned.set_value(None)
        self.actual.set_value(None)
        self.status.setCurrentIndex(0)
        self.note.clear()
        self._clear_errors()
        self.title.setFocus()

    def _clear_errors(self) -> None:
        for e in self.errors.values():
            e.show_error(None)

    def _values(self) -> dict[str, Any]:
        return dict(
            kind=self.kind.currentText().strip() or None,
            title=self.title.text(),
            planned_date=self.planned.value(),
            actual_date=self.actual.value(),
            status=self.status.currentText(),
            note=self.note.text(),
        )

    # ------------------------------------------------------------------ actions
    def _fail(self, exc: BaseException) -> None:
        errors = getattr(exc, "errors", None)
        if isinstance(errors, dict) and any(k in self.errors for k in errors):
            for key, message in errors.items():
                if key in self.errors:
                    self.errors[key].show_error(message)
        else:
            QMessageBox.warning(self, self.tr("未保存"), user_error_text(exc))

    def save_current(self) -> bool:
        self._clear_errors()
        values = self._values()
        try:
            if self._editing is None:
                new_id = ts.add_milestone(self.ws, self.project_id, **values)
            else:
                old = self._editing
                changes = {k: v for k, v in values.items() if (v or None) != (old.get(k) or None)}
                if not changes:
                    return True
                ts.update_milestone(self.ws, old["id"], changes, expected_version=old["version"])
                new_id = old["id"]
        except ts.USER_ERRORS as exc:
            self._fail(exc)
            return False
        self._editing = None
        self.reload(new_id)
        self.changed.emit()
        return True

    def apply_template(self) -> list[str]:
        try:
            added = ts.apply_milestone_template(self.ws, self.project_id)
        except ts.USER_ERRORS as exc:
            self._fail(exc)
            return []
        self.reload()
        if added:
            self.changed.emit()
        else:
            QMessageBox.information(self, self.tr("标准节点"), self.tr("项目已有全部标准节点。"))
        return added

    def move(self, step: int) -> None:
        m = self.current()
        if m is None:
            return
        try:
            ts.move_milestone(self.ws, m["id"], m["position"] + step)
        except ts.USER_ERRORS as exc:
            self._fail(exc)
            return
        self.reload(m["id"])
        self.changed.emit()

    def delete_current(self, confirm: bool = True) -> bool:
        m = self.current()
        if m is None:
            return False
        if (
            confirm
            and QMessageBox.question(
                self, self.tr("删除节点"), self.tr("删除节点“%1”？此操作会记入修改记录。").replace("%1", m["title"])
            )
            != QMessageBox.StandardButton.Yes
        ):
            return False
        try:
            ts.delete_milestone(self.ws, m["id"], expected_version=m["version"])
        except ts.USER_ERRORS as exc:
            self._fail(exc)
            return False
        self._editing = None
        self.reload()
        self.changed.emit()
        return True


def _template() -> list[str]:
    from app.core.milestones import MILESTONE_TEMPLATE

    return list(MILESTONE_TEMPLATE)
