"""The plan indicators (Table 3-1): 2020 baseline, latest observed value, 2025 target, progress toward the
target and binding/expected, with yearly values entered here.

Yearly values are the city's to record (app.core.indicators): in a county or department office the table is
for reading only, and a note above it gives the core's reason before anyone starts typing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.core import indicators, number_format, tracking_service
from app.core.changes import Changes
from app.core.workspace import Workspace
from app.ui import status_style
from app.ui.change_bus import ChangeBus
from app.ui.list_models import ListTableModel
from app.ui.models import OBJECT_ROLE
from app.ui.user_errors import chinese_part
from app.ui.widgets import ErrorLabel, record_table, user_error_text
from app.ui.window_release import run_modal


def _num(value: Decimal | float | None, raw: str | None = None) -> str:
    if value is None:
        return raw or "—"
    return number_format.amount_short(Decimal(str(value)))


class IndicatorTableModel(ListTableModel):
    ATTRIBUTE_COLUMN = 3
    PROGRESS_COLUMN = 7
    VERDICT_COLUMN = 8

    def foreground(self, item: Any, column: int) -> QBrush | None:
        if column == self.ATTRIBUTE_COLUMN and item.binding:
            return QBrush(QColor(status_style.INDICATOR_BINDING))
        if column == self.VERDICT_COLUMN and item.met is False:
            return QBrush(QColor(status_style.INDICATOR_NOT_MET))
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.item_at(index.row())
        if role == Qt.ItemDataRole.UserRole + 10 and index.column() == self.PROGRESS_COLUMN:
            return item.progress
        return super().data(index, role)


class ProgressBarDelegate(QStyledItemDelegate):
    """Draws progress toward the target (0..1) as a small bar; "—" when it cannot be computed."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        value = index.data(Qt.ItemDataRole.UserRole + 10)
        if value is None:
            super().paint(painter, option, index)
            return
        painter.save()
        r = QRectF(option.rect).adjusted(4, option.rect.height() * 0.28, -4, -option.rect.height() * 0.28)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 25))
        painter.drawRoundedRect(r, 3, 3)
        filled = QRectF(r.left(), r.top(), r.width() * max(0.0, min(1.0, float(value))), r.height())
        painter.setBrush(QColor(status_style.PROGRESS_DONE if value >= 1 else status_style.PROGRESS_PARTIAL))
        painter.drawRoundedRect(filled, 3, 3)
        painter.setPen(option.palette.color(option.palette.ColorRole.Text))
        painter.drawText(option.rect, Qt.AlignmentFlag.AlignCenter, f"{float(value) * 100:.0f}%")
        painter.restore()


class IndicatorValueDialog(QDialog):
    """Enter one year's observed value of an indicator."""

    def __init__(self, ws: Workspace, indicator: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.indicator = indicator
        self.setWindowTitle(self.tr("录入指标年度值"))
        lay = QVBoxLayout(self)
        unit = indicator.unit or self.tr("无单位")
        title = QLabel(f"{indicator.seq}. {indicator.name}（{unit}）")
        title.setWordWrap(True)
        lay.addWidget(title)
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(2020, 2035)
        self.year.setValue(min(max(dt.date.today().year - 1, 2020), 2035))
        self.value = QLineEdit()
        self.value.setPlaceholderText(self.tr("数值；留空表示未知"))
        self.note = QLineEdit()
        self.error = ErrorLabel()
        form.addRow(self.tr("年份"), self.year)
        form.addRow(self.tr("数值"), self.value)
        form.addRow("", self.error)
        form.addRow(self.tr("说明"), self.note)
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        refusal = indicators.indicator_edit_refusal(ws)
        if refusal is not None:  # the view does not open this dialog then; said here too, before typing
            self.error.show_error(chinese_part(refusal))
            buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)

    def save(self) -> bool:
        try:
            tracking_service.set_indicator_value(
                self.ws,
                self.indicator.id,
                self.year.value(),
                self.value.text().strip() or None,
                note=self.note.text().strip() or None,
            )
        except tracking_service.USER_ERRORS as exc:
            self.error.show_error(user_error_text(exc))
            return False
        except Exception as exc:
            if not self.error.show_write_error(exc):
                raise
            return False
        self.accept()
        return True


class IndicatorsView(QWidget):
    """Table 3-1 with yearly values; entering one announces an indicators change."""

    def __init__(self, ws: Workspace, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.bus = bus
        self._stale = True
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("截至年份")))
        self.year = QSpinBox()
        self.year.setRange(2020, 2035)
        self.year.setValue(min(max(dt.date.today().year, 2020), 2035))
        self.year.valueChanged.connect(lambda _v: self.reload())
        bar.addWidget(self.year)
        self.enter_button = QPushButton(self.tr("录入年度值…"))
        self.enter_button.clicked.connect(self.enter_value)
        bar.addWidget(self.enter_button)
        bar.addStretch(1)
        self.summary = QLabel()
        bar.addWidget(self.summary)
        lay.addLayout(bar)
        self.office_note = QLabel()  # why values cannot be entered in this office (hidden where they can)
        self.office_note.setObjectName("indicatorsOfficeNote")
        self.office_note.setWordWrap(True)
        self.office_note.setStyleSheet(status_style.BANNER_READ_ONLY)
        lay.addWidget(self.office_note)
        self.refusal: str | None = None  # the Chinese reason values are read-only here; None: editable
        self.show_edit_state()

        self.model = IndicatorTableModel(
            [
                (self.tr("序号"), lambda i: i.seq),
                (self.tr("指标"), lambda i: i.name),
                (self.tr("单位"), lambda i: i.unit or ""),
                (self.tr("属性"), lambda i: i.attribute),
                (self.tr("2020 年基期"), lambda i: _num(i.baseline, i.baseline_raw)),
                (
                    self.tr("最新值"),
                    lambda i: "—" if i.latest_value is None else f"{_num(i.latest_value)}（{i.latest_year}）",
                ),
                (self.tr("2025 年目标"), lambda i: i.target_raw or _num(i.target)),
                (self.tr("进度"), lambda i: None),
                (self.tr("评价"), lambda i: i.status_text),
            ],
            self,
        )
        self.table = record_table(self, self.model, (3, 20, 5, 4, 10, 8, 14, 7, 16), row_lines=1.7, single=True)
        self.table.setItemDelegateForColumn(IndicatorTableModel.PROGRESS_COLUMN, ProgressBarDelegate(self.table))
        self.table.doubleClicked.connect(lambda _i: self.enter_value())
        lay.addWidget(self.table, 1)
        note = QLabel(
            self.tr(
                "红色“约束性”为约束性指标。进度按基期到目标的距离计算；目标为文字（如“完成国家、省级下达指标”）时不计算进度。"
                "双击一行录入年度值。"
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        lay.addWidget(note)

        bus.changed.connect(self.on_changes)

    def show_edit_state(self) -> None:
        """Values editable or not, and why not: a read-only file, or an office other than the city."""
        office_refusal = indicators.indicator_edit_refusal(self.ws)
        self.refusal = chinese_part(office_refusal) if office_refusal is not None else None
        self.office_note.setText(self.refusal or "")  # the core's sentence says it all ("…本库只能查看")
        self.office_note.setVisible(self.refusal is not None)
        reason = self.ws.read_only_reason if self.ws.read_only else self.refusal
        self.enter_button.setEnabled(reason is None)
        self.enter_button.setToolTip(reason or "")

    def may_enter_values(self) -> bool:
        return not self.ws.read_only and self.refusal is None

    def on_changes(self, changes: Changes) -> None:
        if changes.reference:  # the office is a setting: it may have been set or changed
            self.show_edit_state()
        if changes.any("indicators", "reference"):
            self._stale = True
            if self.isVisible():
                self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        items = tracking_service.indicator_progress(self.ws, self.year.value())
        self.model.set_items(items)
        self._stale = False
        binding = [i for i in items if i.binding]
        met = sum(1 for i in binding if i.met)
        self.summary.setText(
            self.tr("共 %1 项指标，其中约束性 %2 项（已达标 %3 项）")
            .replace("%1", str(len(items)))
            .replace("%2", str(len(binding)))
            .replace("%3", str(met))
        )

    def current(self) -> Any:
        index = self.table.currentIndex()
        return self.model.data(self.model.index(index.row(), 0), OBJECT_ROLE) if index.isValid() else None

    def enter_value(self) -> None:
        indicator = self.current()
        if indicator is None or not self.may_enter_values():
            return
        dialog = IndicatorValueDialog(self.ws, indicator, self)
        if run_modal(dialog):
            self.bus.announce(Changes(indicators=True))
