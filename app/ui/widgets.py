"""Small reusable widgets: checkable option lists, field error labels, the one date box, helpers sized by font
metrics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QMouseEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from app.core import number_format, parsing
from app.ui.user_errors import write_error_text

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


def multiline_edit(parent: QWidget, rows: float, placeholder: str | None = None) -> QPlainTextEdit:
    """A text box `rows` lines high (font-relative: scales with DPI and font size) that Tab leaves."""
    text = QPlainTextEdit()
    text.setTabChangesFocus(True)
    text.setFixedHeight(line_height(parent, rows + 0.9))
    text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    if placeholder is not None:
        text.setPlaceholderText(placeholder)
    return text


def ok_cancel_buttons(
    dialog: QDialog, ok_text: str, cancel_text: str, on_ok: Callable[[], object]
) -> tuple[QDialogButtonBox, QPushButton]:
    """OK and Cancel buttons with the dialog's own (translated) texts: OK calls `on_ok`, Cancel rejects."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok_button.setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok_button


def line_height(widget: QWidget, n: float = 1.0) -> int:
    return int(QFontMetrics(widget.font()).lineSpacing() * n)


class CheckList(QListWidget):
    """A list of checkable options; nothing checked means "no restriction". Emits checkedChanged when the set
    of checked options changes.

    The options and the checked set are kept in Python, updated from the items' own change signal, so
    selected() and keys() cost nothing: the portfolio's filter reads every list on each change, and reading
    each item's check state through PySide was most of the time a filter change took.

    (Not "selectionChanged": that name is QListView's own virtual slot, which a signal of the same name hid.)"""

    checkedChanged = Signal()

    def __init__(self, parent: QWidget | None = None, max_visible_rows: int = 8):
        super().__init__(parent)
        self._max_rows = max_visible_rows
        self._keys: list[Any] = []
        self._checked: frozenset[Any] = frozenset()
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setUniformItemSizes(True)
        self.setAutoFillBackground(False)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        self.itemChanged.connect(self._item_changed)

    def _item_changed(self, item: QListWidgetItem) -> None:
        """One item changed (a click, or code setting its check state): follow its check state."""
        row = self.row(item)
        if not 0 <= row < len(self._keys):
            return
        key = self._keys[row]
        checked = self._checked | {key} if item.checkState() == Qt.CheckState.Checked else self._checked - {key}
        if checked != self._checked:
            self._checked = checked
            self.checkedChanged.emit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
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
        self._keys = []
        for key, label in options:
            item = QListWidgetItem(label)
            item.setData(KEY_ROLE, key)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            item.setToolTip(label)
            self.addItem(item)
            self._keys.append(key)
        self._checked = frozenset(k for k in self._keys if k in chosen)
        self.blockSignals(False)
        self.updateGeometry()

    def option_keys(self) -> list[Any]:
        """Every option's key, in the list's order."""
        return list(self._keys)

    def selected(self) -> frozenset[Any]:
        return self._checked

    def set_selected(self, keys: Iterable[Any], *, emit: bool = False) -> None:
        chosen = set(keys)
        self.blockSignals(True)
        for row, key in enumerate(self._keys):
            state = Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked
            item = self.item(row)
            if item.checkState() != state:
                item.setCheckState(state)
        self._checked = frozenset(k for k in self._keys if k in chosen)
        self.blockSignals(False)
        if emit:
            self.checkedChanged.emit()

    def item_for(self, key: Any) -> QListWidgetItem | None:
        try:
            return self.item(self._keys.index(key))
        except ValueError:
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

    def show_write_error(self, exc: BaseException) -> bool:
        """Show why the database refused a write (read-only, busy: app/ui/user_errors.py). False, showing
        nothing, when `exc` is no such refusal: the caller re-raises it (a bug, not a message for people)."""
        message = write_error_text(exc)
        if message is not None:
            self.show_error(message)
        return message is not None


def join_nonempty(parts: Sequence[str], sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)


class DateEdit(QWidget):
    """One date, typed or picked from a calendar. Every date field of the editor uses it.

    Typing follows the core's one rule for typed dates (app.core.parsing.parse_date_text, the spellings the
    entry workbook accepts too): 2025-07-10, 2025/7/10, 2025.7.10, 2025年7月10日 and 20250710 all mean
    10 July 2025, and the text is shown as 2025-07-10 once the cursor leaves the box. A text that is no date (2025-02-30) is kept as typed and problem() says why, in
    Chinese; value() then raises DateInputError so nothing is saved. An empty box is no date (None) when the
    field is optional: nothing is filled in by itself, not even today.

    A line edit rather than QDateEdit: QDateEdit types into one section at a time, so selecting all and
    typing 2025-07-10 gave 2026-07-10, and it cannot be empty.
    """

    changed = Signal()
    problemChanged = Signal(object)  # the message (str) or None, when the cursor leaves the box

    def __init__(self, parent: QWidget | None = None, *, optional: bool = True, placeholder: str | None = None):
        super().__init__(parent)
        self.optional = optional
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.edit = QLineEdit()
        self.edit.setMaxLength(20)
        hint = self.tr("例如 2025-07-10，可留空") if optional else self.tr("例如 2025-07-10")
        self.edit.setPlaceholderText(placeholder or hint)
        self.edit.setToolTip(self.tr("可输入 2025-07-10、2025/7/10、2025年7月10日 或 20250710"))
        self.edit.setMinimumWidth(em(self, 9))
        self.pick_button = QToolButton()
        self.pick_button.setText("…")
        self.pick_button.setToolTip(self.tr("从日历中选择"))
        self.pick_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pick_button.clicked.connect(self._show_calendar)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.pick_button)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(lambda _text: self.changed.emit())
        self.edit.editingFinished.connect(self._tidy)
        self._menu: QMenu | None = None

    # ------------------------------------------------------------------ reading
    def text(self) -> str:
        return self.edit.text()

    def _parse(self) -> tuple[dt.date | None, str | None]:
        text = self.edit.text().strip()
        if not text:
            if self.optional:
                return None, None
            return None, self.tr("请填写日期（例如 2025-07-10）")
        try:
            return parsing.parse_date_text(text), None
        except parsing.DateTextError as exc:
            return None, exc.note

    def problem(self) -> str | None:
        """Why the typed text is not an acceptable date, or None."""
        return self._parse()[1]

    def value(self) -> dt.date | None:
        """The date typed (None when left empty); DateInputError when the text is not a date."""
        day, problem = self._parse()
        if problem is not None:
            raise DateInputError(problem)
        return day

    # ------------------------------------------------------------------ writing
    def set_value(self, value: dt.date | str | None) -> None:
        """Show a stored date (no change signal: it is not an edit)."""
        if isinstance(value, str):  # a stored ISO date
            value = parsing.parse_date_text(value)
        self.edit.blockSignals(True)
        self.edit.setText(number_format.date(value, unknown=""))
        self.edit.blockSignals(False)

    def setReadOnly(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.pick_button.setEnabled(not read_only)

    def _tidy(self) -> None:
        """When the cursor leaves: a valid date is shown in one spelling, a bad one is reported."""
        day, problem = self._parse()
        if day is not None:
            tidy = number_format.date(day)
            if tidy != self.edit.text():
                self.edit.setText(tidy)
        self.problemChanged.emit(problem)

    def _show_calendar(self) -> None:
        calendar = QCalendarWidget()
        calendar.setGridVisible(True)
        current = self._parse()[0]
        if current is not None:
            calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def picked(day: QDate) -> None:
            self.edit.setText(day.toString("yyyy-MM-dd"))
            menu.close()
            self._tidy()

        calendar.clicked.connect(picked)
        calendar.activated.connect(picked)
        menu.aboutToHide.connect(menu.deleteLater)  # one per opening: not kept, hidden, as long as the box
        self._menu = menu
        menu.popup(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))


class DateInputError(ValueError):
    """The text in a date box is not a date; the message says why, in Chinese."""


def user_error_text(exc: BaseException) -> str:
    """The Chinese message of a ValidationError / ConflictError / PeriodLockedError…"""
    errors = getattr(exc, "errors", None)
    if isinstance(errors, dict) and errors:
        return "；".join(str(v) for v in errors.values())
    return str(exc)
