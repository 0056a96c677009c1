"""Project editor tab: milestones (apply the standard template, add, edit, reorder, remove)."""

from __future__ import annotations

from typing import Any

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

from app.core import milestones, number_format, tracking_service
from app.core.records import MilestoneRecord
from app.core.workspace import Workspace
from app.ui import status_style
from app.ui.change_bus import ChangeBus
from app.ui.list_models import ListTableModel
from app.ui.tracking_tab import RecordListTab
from app.ui.widgets import DateEdit, record_table

STORED_STATUSES = milestones.STORED_STATUSES
CUSTOM_KIND = milestones.CUSTOM_KIND


class MilestoneTableModel(ListTableModel):
    """Milestones of one project; the 状态 column shows the effective status (逾期 by date)."""

    COLOR_COLUMN = 5
    COLOR_KEY = "effective_status"
    COLORS = status_style.MILESTONE_COLORS


class MilestonesTab(RecordListTab):
    PART = "milestones"

    def __init__(self, ws: Workspace, project_id: str, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(ws, project_id, bus, parent)
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
        self.up_button.clicked.connect(lambda: self.move_by(-1))
        self.down_button = QPushButton(self.tr("下移"))
        self.down_button.clicked.connect(lambda: self.move_by(1))
        self.delete_button = QPushButton(self.tr("删除"))
        self.delete_button.clicked.connect(lambda: self.delete_current())
        for b in (self.template_button, self.new_button, self.up_button, self.down_button, self.delete_button):
            bar.addWidget(b)
        bar.addStretch(1)
        lay.addLayout(bar)

        def days(m: MilestoneRecord) -> int | None:
            return m.overdue_days or None

        self.model = MilestoneTableModel(
            [
                (self.tr("序号"), lambda m: m.position + 1),
                (self.tr("节点类型"), lambda m: m.kind),
                (self.tr("节点名称"), lambda m: m.title),
                (self.tr("计划日期"), lambda m: number_format.date(m.planned_date, unknown="")),
                (self.tr("实际日期"), lambda m: number_format.date(m.actual_date, unknown="")),
                (self.tr("状态"), lambda m: m.effective_status),
                (self.tr("逾期天数"), days),
                (self.tr("备注"), lambda m: m.note or ""),
            ],
            self,
        )
        self.table = record_table(self, self.model, (3, 9, 14, 7, 7, 5, 5, 12), row_lines=1.6, single=True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_current())
        lay.addWidget(self.table, 1)
        self.as_of_label = QLabel()
        self.as_of_label.setStyleSheet("color: palette(placeholder-text);")
        lay.addWidget(self.as_of_label)

        self.form_box = QGroupBox(self.tr("节点详情"))
        form = QFormLayout(self.form_box)
        self.kind = QComboBox()
        self.kind.setEditable(True)
        self.kind.addItems([*milestones.MILESTONE_TEMPLATE, CUSTOM_KIND])
        self.title = QLineEdit()
        self.planned = DateEdit()
        self.actual = DateEdit()
        self.status = QComboBox()
        self.status.addItems(STORED_STATUSES)
        self.status.setToolTip(self.tr("“逾期”由日期自动判断，无需选择"))
        self.note = QLineEdit()
        self.add_field_row(form, "kind", self.tr("节点类型"), self.kind)
        self.add_field_row(form, "title", self.tr("节点名称"), self.title)
        self.add_field_row(form, "planned_date", self.tr("计划日期"), self.planned)
        self.add_field_row(form, "actual_date", self.tr("实际日期"), self.actual)
        self.add_field_row(form, "status", self.tr("状态"), self.status)
        self.add_field_row(form, "note", self.tr("备注"), self.note)
        buttons = QHBoxLayout()
        self.form_title = QLabel()
        self.save_button = QPushButton(self.tr("保存节点"))
        self.save_button.clicked.connect(self.save_current)
        buttons.addWidget(self.form_title, 1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        lay.addWidget(self.form_box)
        self.reload()

    # ------------------------------------------------------------------ RecordListTab hooks
    def fetch(self) -> list[Any]:
        records = tracking_service.list_milestones(self.ws, self.project_id)
        if records:
            self.as_of_label.setText(
                self.tr("状态和逾期天数按 %1 计算").replace("%1", number_format.date(records[0].as_of))
            )
        return list(records)

    def update_buttons(self) -> None:
        has = self.current() is not None
        for b in (self.up_button, self.down_button, self.delete_button):
            b.setEnabled(has and self.writable)
        for b in (self.template_button, self.new_button, self.save_button):
            b.setEnabled(self.writable)

    def fill_form(self, record: Any | None) -> None:
        if record is None:
            self.form_title.setText(self.tr("新节点（填写后点“保存节点”）"))
            self.kind.setCurrentText(CUSTOM_KIND)
            self.title.clear()
            self.planned.set_value(None)
            self.actual.set_value(None)
            self.status.setCurrentIndex(0)
            self.note.clear()
            return
        self.form_title.setText(self.tr("编辑：%1").replace("%1", record.title))
        self.kind.setCurrentText(record.kind)
        self.title.setText(record.title)
        self.planned.set_value(record.planned_date)
        self.actual.set_value(record.actual_date)
        self.status.setCurrentText(record.status if record.status in STORED_STATUSES else STORED_STATUSES[0])
        self.note.setText(record.note or "")

    def form_text(self) -> tuple[str, ...]:
        return (
            self.kind.currentText(),
            self.title.text(),
            self.planned.text(),
            self.actual.text(),
            self.status.currentText(),
            self.note.text(),
        )

    def form_values(self) -> dict[str, Any] | None:
        dates = self.read_dates({"planned_date": self.planned, "actual_date": self.actual})
        if dates is None:
            return None
        return dict(
            kind=self.kind.currentText().strip() or None,
            title=self.title.text(),
            status=self.status.currentText(),
            note=self.note.text(),
            **dates,
        )

    def insert_record(self, values: dict[str, Any]) -> str:
        return tracking_service.add_milestone(self.ws, self.project_id, **values)

    def write_changes(self, record: Any, changes: dict[str, Any]) -> None:
        tracking_service.update_milestone(self.ws, record.id, changes, expected_version=record.version)

    def unsaved_description(self) -> str:
        return self.tr("里程碑节点") if self.has_unsaved() else ""

    def start_new(self) -> None:
        super().start_new()
        self.title.setFocus()

    # ------------------------------------------------------------------ actions
    def apply_template(self) -> list[str]:
        try:
            added = tracking_service.apply_milestone_template(self.ws, self.project_id)
        except tracking_service.USER_ERRORS as exc:
            self.show_failure(exc, self.tr("未保存"))
            return []
        self.reload()
        if added:
            self.announce(milestones=True)
        else:
            QMessageBox.information(self, self.tr("标准节点"), self.tr("项目已有全部标准节点。"))
        return added

    def move_by(self, step: int) -> None:
        m = self.current()
        if m is None:
            return
        try:
            tracking_service.move_milestone(self.ws, m.id, m.position + step)
        except tracking_service.USER_ERRORS as exc:
            self.show_failure(exc, self.tr("未移动"))
            return
        self.reload(m.id)
        self.announce(milestones=True)

    def delete_current(self, confirm: bool = True) -> bool:
        m = self.current()
        if m is None:
            return False
        if (
            confirm
            and QMessageBox.question(
                self, self.tr("删除节点"), self.tr("删除节点“%1”？此操作会记入修改记录。").replace("%1", m.title)
            )
            != QMessageBox.StandardButton.Yes
        ):
            return False
        try:
            tracking_service.delete_milestone(self.ws, m.id, expected_version=m.version)
        except tracking_service.USER_ERRORS as exc:
            self.show_failure(exc, self.tr("未删除"))
            return False
        self._editing = None
        self.reload()
        self.announce(milestones=True)
        return True
