"""What the project editor's tracking tabs (里程碑, 季度进展, 问题协调) share: the workspace and the change bus,
form rows with an error line under each field, showing the core's errors, announcing what a write changed,
and telling the editor about edits not saved yet (so closing the window can ask).

RecordListTab adds the list-plus-form pattern of the milestone and issue tabs: a table of records, a form for
the selected one (or a new one), save / delete, and keeping the selection across reloads.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QMessageBox, QTableView, QVBoxLayout, QWidget

from app.core import office, tracking_service
from app.core.changes import Changes
from app.core.workspace import Workspace
from app.ui.change_bus import ChangeBus
from app.ui.list_models import ListTableModel
from app.ui.widgets import DateEdit, DateInputError, ErrorLabel, user_error_text


class TrackingTab(QWidget):
    """Base of the tabs that show and edit one project's tracking records."""

    def __init__(self, ws: Workspace, project_id: str, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.project_id = project_id
        self.bus = bus
        self.errors: dict[str, ErrorLabel] = {}
        self._announcing = False
        # Why this office may only read the project (None: it may change it); the editor updates it.
        self.scope_refusal: str | None = office.project_edit_refusal(ws, project_id)
        bus.changed.connect(self._heard)

    @property
    def writable(self) -> bool:
        """False on a read-only database or for a project outside this office's scope: the write buttons are
        disabled (the window says why)."""
        return not self.ws.read_only and self.scope_refusal is None

    # ------------------------------------------------------------------ form rows and errors
    def add_field_row(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        """A labelled field with its (hidden) error line underneath."""
        host = QWidget()
        column = QVBoxLayout(host)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = ErrorLabel()
        column.addWidget(error)
        form.addRow(label, host)
        self.errors[key] = error
        if isinstance(widget, DateEdit):  # a bad date is reported as soon as the cursor leaves the box
            widget.problemChanged.connect(error.show_error)

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.show_error(None)

    def show_failure(self, exc: BaseException, title: str) -> None:
        """The core refused a write: its messages under the fields they concern, or in a message box."""
        errors = getattr(exc, "errors", None)
        if isinstance(errors, dict) and any(key in self.errors for key in errors):
            for key, message in errors.items():
                if key in self.errors:
                    self.errors[key].show_error(str(message))
            return
        QMessageBox.warning(self, title, user_error_text(exc))

    def read_dates(self, fields: dict[str, DateEdit]) -> dict[str, Any] | None:
        """The dates typed in the given boxes, or None (with the reasons shown) when any is not a date."""
        values: dict[str, Any] = {}
        ok = True
        for key, box in fields.items():
            try:
                values[key] = box.value()
            except DateInputError as exc:
                self.errors[key].show_error(str(exc))
                ok = False
        return values if ok else None

    # ------------------------------------------------------------------ change notification
    def announce(self, **parts: bool) -> None:
        """After a committed write: tell every view (this editor's other tabs, the main window's views).
        The tab itself has already redrawn what it wrote."""
        self._announcing = True
        try:
            self.bus.announce(Changes(**parts, project_ids=frozenset({self.project_id})))
        finally:
            self._announcing = False

    def _heard(self, changes: Changes) -> None:
        if not self._announcing:
            self.on_changes(changes)

    def on_changes(self, changes: Changes) -> None:
        """Redraw what the change touched; subclasses decide."""

    # ------------------------------------------------------------------ closing the editor
    def has_unsaved(self) -> bool:
        """Whether the tab holds typed input that is not saved."""
        return False

    def save_unsaved(self) -> bool:
        """Save that input (closing the editor with 保存); False when the core refused it."""
        return True

    def unsaved_description(self) -> str:
        """What is unsaved, for the closing question."""
        return ""


class RecordListTab(TrackingTab):
    """A table of one project's records above a form for the selected record or a new one."""

    PART = ""  # the Changes part these records belong to ("milestones", "issues")

    model: ListTableModel
    table: QTableView

    def __init__(self, ws: Workspace, project_id: str, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(ws, project_id, bus, parent)
        self._editing: Any = None  # the record shown in the form; None while entering a new one
        self._snapshot: tuple[str, ...] = ()  # the form as it was last filled, to tell if anything was typed

    # ------------------------------------------------------------------ hooks
    def fetch(self) -> list[Any]:
        raise NotImplementedError

    def fill_form(self, record: Any | None) -> None:
        """Show a record in the form, or an empty form for a new one."""
        raise NotImplementedError

    def form_text(self) -> tuple[str, ...]:
        """The form's raw text, to compare with what it showed (typing anything makes it differ)."""
        raise NotImplementedError

    def form_values(self) -> dict[str, Any] | None:
        """The values to save, or None when some input is unusable (its error is shown)."""
        raise NotImplementedError

    def insert_record(self, values: dict[str, Any]) -> str:
        raise NotImplementedError

    def write_changes(self, record: Any, changes: dict[str, Any]) -> None:
        raise NotImplementedError

    def update_buttons(self) -> None:
        """Enable the actions that need a selected record."""

    # ------------------------------------------------------------------ list and form
    def reload(self, select_id: str | None = None) -> None:
        """Read the records again and select `select_id` (or the record being edited, or the first)."""
        current = select_id or (self._editing.id if self._editing is not None else None)
        self.model.set_items(self.fetch())
        row = next((i for i, r in enumerate(self.model.items()) if r.id == current), -1)
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.show_current()  # also when the row number did not change but its record did
        else:
            self.start_new()
        self.update_buttons()

    def current(self) -> Any:
        index = self.table.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def show_current(self) -> None:
        record = self.current()
        self.update_buttons()
        if record is None:
            return
        self._editing = record
        self.fill_form(record)
        self._snapshot = self.form_text()
        self.clear_errors()

    def start_new(self) -> None:
        self._editing = None
        self.table.clearSelection()
        self.table.setCurrentIndex(self.model.index(-1, -1))
        self.fill_form(None)
        self._snapshot = self.form_text()
        self.clear_errors()
        self.update_buttons()

    # ------------------------------------------------------------------ saving
    def save_current(self) -> bool:
        """Add the new record or write the changed fields of the edited one (one transaction)."""
        self.clear_errors()
        values = self.form_values()
        if values is None:
            return False
        try:
            if self._editing is None:
                record_id = self.insert_record(values)
            else:
                old = self._editing
                changes = {k: v for k, v in values.items() if (v or None) != (getattr(old, k) or None)}
                if not changes:
                    self._snapshot = self.form_text()
                    return True
                self.write_changes(old, changes)
                record_id = old.id
        except tracking_service.USER_ERRORS as exc:
            self.show_failure(exc, self.tr("未保存"))
            return False
        self._editing = None
        self.reload(record_id)
        self.announce(**{self.PART: True})
        return True

    def has_unsaved(self) -> bool:
        return self.form_text() != self._snapshot

    def save_unsaved(self) -> bool:
        return self.save_current()

    def on_changes(self, changes: Changes) -> None:
        if not (changes.touches_project(self.project_id) and changes.any(self.PART, "projects", "periods")):
            return
        if self.has_unsaved():
            return  # never overwrite what is being typed; saving it reads the list again
        self.reload()
