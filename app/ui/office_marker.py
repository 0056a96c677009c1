"""In a county or department office, the portfolio table shows which projects this office may only read: their
text is grey and hovering a cell says why (the editor shows the full reason when one is opened).

The rule is app.core.scope's (the one the core's writers apply); the office is read again whenever the bus
announces a reference/settings change, so choosing the office in 设置 redraws the marks.

The marks are given by the table's model (ProjectTableModel.set_read_only_rule: its text colour and tooltip
roles), not by an item delegate: a delegate written in Python runs for every painted cell, also in the city's
office where nothing is marked, and was a third of each paint of the table."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from app.core import office
from app.core.changes import Changes
from app.core.portfolio import PortfolioRow
from app.core.scope import Scope, project_in_scope
from app.core.workspace import Workspace
from app.ui.change_bus import ChangeBus
from app.ui.models import ProjectTableModel

READ_ONLY_TEXT = QColor("#8a8f98")


@dataclass(frozen=True)
class _ScopedRow:
    """A portfolio row as the scope rule looks at a project."""

    county: str
    counties: list[str]
    lead_departments: list[str]


class OutOfScopeMarks(QObject):
    """Keeps the model's read-only rule in step with this database's office."""

    def __init__(self, ws: Workspace, bus: ChangeBus, model: ProjectTableModel):
        super().__init__(model)
        self.ws = ws
        self.model = model
        self.scope: Scope | None = None  # None: everything editable (the city, or no office set)
        self.note = ""
        self.read_office()
        bus.changed.connect(self._heard)

    def read_office(self) -> None:
        current = office.load_office(self.ws)
        if current is None or current.is_city:
            self.scope, self.note = None, ""
            self.model.set_read_only_rule(None)
        else:
            self.scope = current.scope
            self.note = self.tr("本库属于%1：此项目只能查看、不能修改").replace("%1", current.label)
            self.model.set_read_only_rule(self.is_read_only, self.note, READ_ONLY_TEXT)

    def _heard(self, changes: Changes) -> None:
        if changes.reference:
            self.read_office()

    def is_read_only(self, row: PortfolioRow) -> bool:
        if self.scope is None:
            return False
        scoped = _ScopedRow(row.county, list(row.counties), list(row.lead_departments))
        return not project_in_scope(scoped, self.scope)


def mark_read_only_rows(ws: Workspace, bus: ChangeBus, model: ProjectTableModel) -> OutOfScopeMarks:
    return OutOfScopeMarks(ws, bus, model)
