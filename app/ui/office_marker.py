"""In a county or department office, the portfolio table shows which projects this office may only read: their
text is grey and hovering a cell says why (the editor shows the full reason when one is opened).

The rule is app.core.scope's (the one the core's writers apply); the office is read again whenever the bus
announces a reference/settings change, so choosing the office in 设置 redraws the marks."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
)

from app.core import office
from app.core.changes import Changes
from app.core.scope import Scope, project_in_scope
from app.core.workspace import Workspace
from app.ui.change_bus import ChangeBus
from app.ui.models import OBJECT_ROLE

READ_ONLY_TEXT = QColor("#8a8f98")


@dataclass(frozen=True)
class _ScopedRow:
    """A portfolio row as the scope rule looks at a project."""

    county: str
    counties: list[str]
    lead_departments: list[str]


class OutOfScopeDelegate(QStyledItemDelegate):
    """Greys the rows of projects outside this office's scope and explains them in a tooltip."""

    def __init__(self, ws: Workspace, bus: ChangeBus, view: QAbstractItemView):
        super().__init__(view)
        self.ws = ws
        self.view = view
        self.scope: Scope | None = None  # None: everything editable (the city, or no office set)
        self.note = ""
        self.read_office()
        bus.changed.connect(self._heard)

    def read_office(self) -> None:
        current = office.load_office(self.ws)
        if current is None or current.is_city:
            self.scope, self.note = None, ""
        else:
            self.scope = current.scope
            self.note = self.tr("本库属于%1：此项目只能查看、不能修改").replace("%1", current.label)

    def _heard(self, changes: Changes) -> None:
        if changes.reference:
            self.read_office()
            self.view.viewport().update()

    def is_read_only(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        if self.scope is None:
            return False
        row = index.data(OBJECT_ROLE)
        if row is None:
            return False
        scoped = _ScopedRow(row.county, list(row.counties), list(row.lead_departments))
        return not project_in_scope(scoped, self.scope)

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if self.is_read_only(index) and index.data(Qt.ItemDataRole.ForegroundRole) is None:  # keep status colours
            option.palette.setColor(QPalette.ColorRole.Text, READ_ONLY_TEXT)

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.is_read_only(index):
            QToolTip.showText(event.globalPos(), self.note, view)
            return True
        return super().helpEvent(event, view, option, index)


def mark_read_only_rows(ws: Workspace, bus: ChangeBus, view: QAbstractItemView) -> OutOfScopeDelegate:
    delegate = OutOfScopeDelegate(ws, bus, view)
    view.setItemDelegate(delegate)
    return delegate
