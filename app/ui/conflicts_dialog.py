"""冲突处理: the changes from another office that met a different value here, decided field by field.

Each row shows the project, the field, this database's value with who set it and when, and the other
office's value with who set it and when. The officer selects one or several and takes the other office's
value (采用对方的值) or keeps this one (保留本库的值; the next package sends it back). Every decision goes
through app.exchange.package_conflicts.resolve_conflict (one transaction each, audited); what changed is
announced on the bus once for the batch, so the views redraw once.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import traceback
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import portfolio
from app.core.changes import Changes
from app.core.workspace import Workspace
from app.exchange import package_conflicts
from app.exchange.package_conflicts import ConflictInfo
from app.ui import status_style
from app.ui.change_bus import ChangeBus
from app.ui.list_models import ListTableModel, subject_sort_key
from app.ui.models import OBJECT_ROLE, SORT_ROLE, format_datetime
from app.ui.package_dialogs import refusal_text
from app.ui.settings import UiState
from app.ui.tasks import TaskContext, run_in_background
from app.ui.widgets import em, record_table

_Index = QModelIndex | QPersistentModelIndex
HEADER_LAYOUT = "conflicts-v1-9"
# beginFilterChange()/endFilterChange() arrived in Qt 6.9; older versions only have invalidateFilter().
_HAS_FILTER_CHANGE = hasattr(QSortFilterProxyModel, "beginFilterChange")

STATE_COLORS = {
    package_conflicts.OPEN: status_style.RED,
    "took_theirs": status_style.GREEN,
    "kept_ours": status_style.GREEN,
    "superseded": status_style.GREY,
}


def _who_when(by: str | None, at: dt.datetime | None) -> str:
    return " ".join(part for part in (by or "", format_datetime(at)) if part) or "—"


class ConflictTableModel(ListTableModel):
    """The conflicts (app.exchange.package_conflicts.ConflictInfo), open and decided."""

    CODE, NAME, WHAT, OURS, OURS_BY, ORIGIN, THEIRS, THEIRS_BY, STATE = range(9)
    COLOR_COLUMN = STATE
    COLOR_KEY = "state"
    COLORS = STATE_COLORS
    TOOLTIP_MIN_CHARS = 12

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                (self.tr("项目编号"), lambda c: c.project_code),
                (self.tr("项目名称"), lambda c: c.project_name),
                (self.tr("修改内容"), lambda c: c.what),
                (self.tr("本库的值"), lambda c: c.ours),
                (self.tr("本库修改人/时间"), lambda c: _who_when(c.ours_by, c.ours_at)),
                (self.tr("对方单位"), lambda c: c.origin),
                (self.tr("对方的值"), lambda c: c.theirs),
                (self.tr("对方修改人/时间"), lambda c: _who_when(c.theirs_by, c.theirs_at)),
                (self.tr("状态"), lambda c: c.state_label),
            ],
            parent,
        )

    def sort_value(self, item: Any, column: int, value: Any) -> Any:
        if column == self.CODE:
            return subject_sort_key(item.project_code)
        if column == self.OURS_BY:
            return item.ours_at or dt.datetime.min
        if column == self.THEIRS_BY:
            return item.theirs_at
        return portfolio.collation_key(str(value))

    def foreground(self, item: Any, column: int) -> QBrush | None:
        if column in (self.OURS, self.THEIRS) and (item.ours if column == self.OURS else item.theirs) == "（空）":
            return QBrush(status_style.color(status_style.UNKNOWN_TEXT))
        return super().foreground(item, column)


class ConflictFilterProxy(QSortFilterProxyModel):
    """Open conflicts only, unless the decided ones are asked for too; and a text search."""

    def __init__(self, source: ConflictTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.show_decided = False
        self.text = ""
        self.setSortRole(SORT_ROLE)
        self.setSourceModel(source)

    def set_show_decided(self, show: bool) -> None:
        self._begin()
        self.show_decided = show
        self._end()

    def set_text(self, text: str) -> None:
        self._begin()
        self.text = portfolio.normalize_text(text.strip())
        self._end()

    def _begin(self) -> None:
        if _HAS_FILTER_CHANGE:
            self.beginFilterChange()

    def _end(self) -> None:
        if _HAS_FILTER_CHANGE:
            self.endFilterChange()
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        item: ConflictInfo | None = self.source.item_at(source_row)
        if item is None:
            return False
        if not self.show_decided and item.state != package_conflicts.OPEN:
            return False
        if self.text:
            hay = " ".join((item.project_code, item.project_name, item.what, item.origin, item.ours, item.theirs))
            return self.text in portfolio.normalize_text(hay)
        return True


@dataclass(frozen=True)
class Decided:
    """One resolution's outcome: what it changed, or why it was refused."""

    conflict_id: int
    changes: Changes | None
    problem: str | None


class ConflictsDialog(QDialog):
    """The conflict review (冲突处理)."""

    STATE_KEY = "conflicts"

    def __init__(
        self, ws: Workspace, bus: ChangeBus, parent: QWidget | None = None, *, ui_state: UiState | None = None
    ):
        super().__init__(parent)
        self.ws = ws
        self.bus = bus
        self.ui_state = ui_state if ui_state is not None else UiState()
        self._running = False
        self._announcing = False
        self._tasks: list[TaskContext] = []
        self.setWindowTitle(self.tr("冲突处理"))
        self.model = ConflictTableModel(self)
        self.proxy = ConflictFilterProxy(self.model, self)

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "其他单位的修改遇到本库不同的值时，不会自动覆盖，而是列在这里。请逐项决定："
                "采用对方的值，或保留本库的值（下次交换包会把本库的值发给对方）。可以一次选择多行。"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索项目编号、名称、内容…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        bar.addWidget(self.search, 1)
        self.show_decided_check = QCheckBox(self.tr("显示已处理的冲突"))
        self.show_decided_check.toggled.connect(self._show_decided_toggled)
        bar.addWidget(self.show_decided_check)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        layout.addLayout(bar)

        self.table = record_table(self, self.proxy, (6, 9, 9, 8, 11, 5, 8, 11, 6), word_wrap=False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ConflictTableModel.CODE, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)
        layout.addWidget(self.stack, 1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        self.take_theirs_button = QPushButton(self.tr("采用对方的值"))
        self.take_theirs_button.clicked.connect(lambda: self.resolve_selected(take_theirs=True))
        self.keep_ours_button = QPushButton(self.tr("保留本库的值"))
        self.keep_ours_button.clicked.connect(lambda: self.resolve_selected(take_theirs=False))
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.reject)
        for button in (self.take_theirs_button, self.keep_ours_button, self.close_button):
            button.setAutoDefault(False)
        self.close_button.setDefault(True)  # Enter never decides a conflict by accident; Esc closes
        buttons.addWidget(self.take_theirs_button)
        buttons.addWidget(self.keep_ours_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        if not self.ui_state.restore_geometry(self.STATE_KEY, self):
            self.resize(em(self, 80), em(self, 30))
        self.ui_state.restore_header(self.STATE_KEY, self.table.horizontalHeader(), HEADER_LAYOUT)
        bus.changed.connect(self._heard)
        self.reload()

    # ------------------------------------------------------------------ data
    def reload(self) -> None:
        self.model.set_items(package_conflicts.list_conflicts(self.ws, open_only=False))
        self._after_rows_changed()

    def _heard(self, _changes: Changes) -> None:
        if not self._announcing and self.isVisible():  # a package imported elsewhere may have held new ones
            self.reload()

    def _after_rows_changed(self) -> None:
        shown = self.proxy.rowCount()
        open_count = sum(1 for item in self.model.items() if item.state == package_conflicts.OPEN)
        self.count_label.setText(self.tr("待处理 %1 个").replace("%1", str(open_count)))
        if shown:
            self.stack.setCurrentWidget(self.table)
        else:
            if self.search.text().strip():
                text = self.tr("没有符合搜索条件的冲突。")
            elif self.show_decided_check.isChecked():
                text = self.tr("没有冲突记录：导入的交换包都与本库的数据一致。")
            else:
                text = self.tr("没有待处理的冲突。")
            self.empty_label.setText(text)
            self.stack.setCurrentWidget(self.empty_label)
        self._update_buttons()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._after_rows_changed()

    def _show_decided_toggled(self, checked: bool) -> None:
        self.proxy.set_show_decided(checked)
        self._after_rows_changed()

    def selected_conflicts(self) -> list[ConflictInfo]:
        rows = self.table.selectionModel().selectedRows()
        return [index.data(OBJECT_ROLE) for index in sorted(rows, key=lambda index: index.row())]

    def _update_buttons(self) -> None:
        open_selected = any(c.state == package_conflicts.OPEN for c in self.selected_conflicts())
        for button in (self.take_theirs_button, self.keep_ours_button):
            button.setEnabled(open_selected and not self._running)

    # ------------------------------------------------------------------ decide
    def resolve_selected(self, *, take_theirs: bool) -> None:
        chosen = [c.id for c in self.selected_conflicts() if c.state == package_conflicts.OPEN]
        if self._running or not chosen:
            return
        ws = self.ws

        def work(_ctx: TaskContext) -> list[Decided]:
            outcomes = []
            for conflict_id in chosen:  # each its own transaction: one refusal does not undo the others
                try:
                    changes = package_conflicts.resolve_conflict(ws, conflict_id, take_theirs=take_theirs)
                except Exception as exc:  # reported per conflict, in Chinese; a program error is logged
                    outcomes.append(Decided(conflict_id, None, refusal_text(exc, traceback.format_exc())))
                else:
                    outcomes.append(Decided(conflict_id, changes, None))
            return outcomes

        self._running = True
        self._update_buttons()
        self.message.setStyleSheet("")
        self.message.setText(self.tr("正在处理…"))
        self._tasks.append(
            run_in_background(
                self,
                self.tr("正在处理冲突…"),
                work,
                lambda outcomes: self._resolved(outcomes, take_theirs),
                self._failed,
                cancellable=False,
            )
        )

    def _resolved(self, outcomes: list[Decided], take_theirs: bool) -> None:
        self._running = False
        done = [o.changes for o in outcomes if o.changes is not None]
        problems = [f"#{o.conflict_id}：{o.problem}" for o in outcomes if o.problem]
        self.reload()
        if done:
            self._announcing = True
            try:
                self.bus.announce(functools.reduce(operator.or_, done))
            finally:
                self._announcing = False
        how = self.tr("采用对方的值") if take_theirs else self.tr("保留本库的值")
        lines = [self.tr("已处理 %1 个冲突：%2。").replace("%1", str(len(done))).replace("%2", how)] if done else []
        lines += problems
        self.message.setStyleSheet("color: #c62828;" if problems else "")
        self.message.setText("\n".join(lines))

    def _failed(self, exc: BaseException, tb: str) -> None:
        self._running = False
        self.reload()
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(self.tr("处理失败：%1").replace("%1", refusal_text(exc, tb)))

    def done(self, result: int) -> None:
        """关闭, Esc and the close box end here: remember the size and the columns."""
        self.ui_state.save_geometry(self.STATE_KEY, self)
        self.ui_state.save_header(self.STATE_KEY, self.table.horizontalHeader(), HEADER_LAYOUT)
        self.ui_state.sync()
        super().done(result)
