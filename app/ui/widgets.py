"""Small reusable widgets: checkable option lists, field error labels, helpers sized by font metrics."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QTableView,
    QWidget,
)

KEY_ROLE = Qt.ItemDataRole.UserRole


def em(widget: QWidget, n: float = 1.0) -> int:
    """n times the width of one Chinese character in the widget's font (layouts scale with DPI and font)."""
    return int(QFontMetrics(widget.font()).horizontalAdvance("中") * n)


def record_table(
    owner: QWidget,
    model: Any,
    widths: Sequence[float],
    *,
    row_lines: float | None = None,
    single: bool = False,
    word_wrap: bool = True,
) -> QTableView:
    """The read-only record list used across tabs: whole-row selection, column widths in em so they scale
    with the font and DPI, the last column stretching."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(word_wrap)
    view.verticalHeader().setVisible(False)
    if row_lines is not None:
        view.verticalHeader().setDefaultSectionSize(line_height(owner, row_lines))
    header = view.horizontalHeader()
    for col, width in enumerate(widths):
        header.resizeSection(col, em(owner, width))
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def line_height(widget: QWidget, n: float = 1.0) -> int:
    return int(QFontMetrics(widget.font()).lineSpacing() * n)


class CheckList(QListWidget):
    """A list of checkable options; nothing checked means "no restriction". Emits selectionChanged."""

    selectionChanged = Signal()

    def __init__(self, parent: QWidget | None = None, max_visible_rows: int = 8):
        super().__init__(parent)
        self._max_rows = max_visible_rows
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setUniformItemSizes(True)
        self.setAutoFillBackground(False)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        self.itemChanged.connect(lambda _item: self.selectionChanged.emit())

    def mouseReleaseEvent(self, event) -> None:
        # A click on the text (not only the box) toggles too, as in Excel's filter list.
        item = self.itemAt(event.position().toPoint())
        before = item.checkState() if item is not None else None
        super().mouseReleaseEvent(event)
        if item is not None and event.button() == Qt.MouseButton.LeftButton and item.checkState() == before:
            item.setCheckState(Qt.CheckState.Unchecked if before == Qt.CheckState.Checked else Qt.CheckState.Checked)

    def set_options(self, options: Iterable[tuple[Any, str]], selected: Iterable[Any] = ()) -> None:
        chosen = set(selected)
        self.blockSignals(True)
        self.clear()
        for key, label in options:
            item = QListWidgetItem(label)
            item.setData(KEY_ROLE, key)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            item.setToolTip(label)
            self.addItem(item)
        self.blockSignals(False)
        self.updateGeometry()

    def keys(self) -> list[Any]:
        return [self.item(i).data(KEY_ROLE) for i in range(self.count())]

    def selected(self) -> frozenset:
        return frozenset(
            self.item(i).data(KEY_ROLE)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        )

    def set_selected(self, keys: Iterable[Any], *, emit: bool = False) -> None:
        chosen = set(keys)
        self.blockSignals(True)
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(KEY_ROLE) in chosen else Qt.CheckState.Unchecked)
        self.blockSignals(False)
        if emit:
            self.selectionChanged.emit()

    def item_for(self, key: Any) -> QListWidgetItem | None:
        for i in range(self.count()):
            if self.item(i).data(KEY_ROLE) == key:
                return self.item(i)
        return None

    def sizeHint(self) -> QSize:
        rows = min(max(self.count(), 1), self._max_rows)
        row_h = self.sizeHintForRow(0) if self.count() else line_height(self, 1.3)
        return QSize(em(self, 10), rows * row_h + 2 * self.frameWidth() + 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(em(self, 6), self.sizeHint().height())


class ErrorLabel(QLabel):
    """The red message shown next to a field that failed validation."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: #c62828;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, message: str | None) -> None:
        if message:
            self.setText(message)
            self.show()
        else:
            self.clear()
            self.hide()


def join_nonempty(parts: Sequence[str], sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)


class DateField(QWidget):
    """An optional date: a check box ("有日期") plus a calendar date edit; unchecked means blank.
    value() returns an ISO string or None (the tracking services take either)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        from PySide6.QtCore import QDate
        from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout

        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox()
        self.enabled.setToolTip(self.tr("勾选后填写日期；不勾选表示未定"))
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setDate(QDate.currentDate())
        self.edit.setEnabled(False)
        lay.addWidget(self.enabled)
        lay.addWidget(self.edit)
        lay.addStretch(1)
        self.enabled.toggled.connect(self.edit.setEnabled)
        self.enabled.toggled.connect(lambda _on: self.changed.emit())
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())

    def value(self) -> str | None:
        if not self.enabled.isChecked():
            return None
        return self.edit.date().toString("yyyy-MM-dd")

    def set_value(self, value: str | None) -> None:
        from PySide6.QtCore import QDate

        self.blockSignals(True)
        if value:
            self.edit.setDate(QDate.fromString(str(value)[:10], "yyyy-MM-dd"))
            self.enabled.setChecked(True)
        else:
            self.enabled.setChecked(False)
        self.blockSignals(False)

    def setReadOnly(self, read_only: bool) -> None:
        self.enabled.setEnabled(not read_only)
        self.edit.setReadOnly(read_only)


def user_error_text(exc: BaseException) -> str:
    """The Chinese message of a ValidationError / ConflictError / PeriodLockedError…"""
    errors = getattr(exc, "errors", None)
    if isinstance(errors, dict) and errors:
        return "；".join(str(v) for v in errors.values())
    return str(exc)
