"""How the project editor's fields meet its undo stack: one Binding per field (get/set a plain value, report
what the person changed), the undo command, and the key filter that sends Ctrl+Z to the editor's stack."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from app.ui.editor_departments import DepartmentListEditor
from app.ui.widgets import CheckList

UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


class Binding(QObject):
    """Connects one field's widget to the undo stack: get/set a plain value, report user edits."""

    edited = Signal(object, object)  # old, new

    def __init__(self, key: str, widget: QWidget, focus: QWidget | None = None):
        super().__init__(widget)
        self.key = key
        self.widget = widget
        self.focus_widget = focus or widget  # where the cursor goes when an undo brings this field back
        self.last: Any = None
        self.mergeable = False  # typing in one text field is one undo step, not one per key

    def get(self) -> Any:
        raise NotImplementedError

    def _put(self, value: Any) -> None:
        raise NotImplementedError

    def set(self, value: Any) -> None:
        """Programmatic change (load, undo, redo): no undo command."""
        self.widget.blockSignals(True)
        try:
            self._put(value)
        finally:
            self.widget.blockSignals(False)
        self.last = self.get()

    def _user_changed(self, *_args: Any) -> None:
        new = self.get()
        if new != self.last:
            old, self.last = self.last, new
            self.edited.emit(old, new)


class LineBinding(Binding):
    def __init__(self, key: str, widget: QLineEdit, focus: QWidget | None = None):
        super().__init__(key, widget, focus)
        self.mergeable = True
        self.line = widget
        widget.textChanged.connect(self._user_changed)

    def get(self) -> str:
        return self.line.text()

    def _put(self, value: Any) -> None:
        self.line.setText("" if value is None else str(value))


class TextBinding(Binding):
    def __init__(self, key: str, widget: QPlainTextEdit):
        super().__init__(key, widget)
        self.mergeable = True
        self.text_edit = widget
        widget.setUndoRedoEnabled(False)  # undo goes through the editor's stack, across fields
        widget.textChanged.connect(self._user_changed)

    def get(self) -> str:
        return self.text_edit.toPlainText()

    def _put(self, value: Any) -> None:
        self.text_edit.setPlainText("" if value is None else str(value))


class ComboBinding(Binding):
    def __init__(self, key: str, widget: QComboBox):
        super().__init__(key, widget)
        self.combo = widget
        widget.currentIndexChanged.connect(self._user_changed)

    def get(self) -> str:
        return self.combo.currentText()

    def _put(self, value: Any) -> None:
        index = self.combo.findText(str(value or ""))
        if index < 0 and value:
            self.combo.addItem(str(value))
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


class CheckListBinding(Binding):
    """The checked options as a tuple. The options the field was given keep their given order (the stored
    涉及县区 of 附表1-04 are 云冈区、阳高县、新荣区, not the list's order), options checked later follow in
    the list's order: a check list shows no order, so opening and closing a project, or unticking and
    ticking a box again, must not read as a change."""

    def __init__(self, key: str, widget: CheckList):
        super().__init__(key, widget)
        self.check_list = widget
        self._given_order: tuple[Any, ...] = ()
        widget.checkedChanged.connect(self._user_changed)

    def get(self) -> tuple[Any, ...]:
        chosen = self.check_list.selected()
        given = tuple(k for k in self._given_order if k in chosen)
        added = tuple(k for k in self.check_list.option_keys() if k in chosen and k not in given)
        return given + added

    def _put(self, value: Any) -> None:
        keys = tuple(dict.fromkeys(value or ()))
        if not _in_order_within(keys, self._given_order):  # an undo to fewer boxes keeps the order known
            self._given_order = keys
        self.check_list.set_selected(keys)


def _in_order_within(part: tuple[Any, ...], whole: tuple[Any, ...]) -> bool:
    """Every item of part occurs in whole, in the same order."""
    rest = iter(whole)
    return all(any(item == other for other in rest) for item in part)


class DepartmentsBinding(Binding):
    def __init__(self, key: str, widget: DepartmentListEditor):
        super().__init__(key, widget, focus=widget.combo)
        self.departments = widget
        widget.changed.connect(self._user_changed)

    def get(self) -> tuple[str, ...]:
        return self.departments.value()

    def _put(self, value: Any) -> None:
        self.departments.set_value(value)


class UndoTarget(Protocol):
    """What an undo step needs from the editor."""

    def field_index(self, key: str) -> int: ...

    def focus_field(self, key: str) -> None: ...

    def field_reverted(self, key: str) -> None: ...


class FieldCommand(QUndoCommand):
    """One change of one field, undone by putting the old value back (and the cursor into that field).

    Typing on in the same text field is merged into one step by `push_change`, not by QUndoStack's own merging
    (id() and mergeWith()): that deletes the merged command inside push(), and PySide (6.11) then takes
    ownership of the deleted command's wrapper, which is never freed. Every keystroke kept its command, and
    through the command's target the whole project window, for the rest of the session."""

    def __init__(self, target: UndoTarget, binding: Binding, old: Any, new: Any, label: str):
        super().__init__(label)
        self.target, self.binding, self.old, self.new = target, binding, old, new
        self._first = True

    def redo(self) -> None:
        if self._first:  # the widget already shows the new value
            self._first = False
            return
        self._show(self.new)

    def undo(self) -> None:
        self._show(self.old)

    def _show(self, value: Any) -> None:
        self.binding.set(value)
        self.target.focus_field(self.binding.key)
        self.target.field_reverted(self.binding.key)


def push_change(stack: QUndoStack, command: FieldCommand) -> None:
    """Push a field's change, or merge it into the step on top as QUndoStack merges: the same typed-in field,
    no step undone above it, and the top step is not the saved state (undo must still lead back to it)."""
    index = stack.index()
    top = stack.command(index - 1) if index > 0 else None
    if (
        command.binding.mergeable
        and isinstance(top, FieldCommand)
        and top.binding is command.binding
        and index == stack.count()
        and index != stack.cleanIndex()
    ):
        top.new = command.new
        return
    stack.push(command)


def is_undo_key(event: QKeyEvent) -> bool:
    return any(event.matches(k) for k in UNDO_KEYS) or (
        event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier
    )


class UndoKeyFilter(QObject):
    """Text boxes (and editable combo boxes, which pass the key to their own line edit) claim Ctrl+Z for
    their private undo; refuse it to them so the editor's Ctrl+Z undoes across all fields."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and is_undo_key(event):
            event.ignore()
            return True
        return False

    def watch(self, widget: QWidget) -> None:
        """Install on the widget and every text box or combo box inside it."""
        for w in [widget, *widget.findChildren(QWidget)]:
            if isinstance(w, (QLineEdit, QPlainTextEdit, QComboBox)):
                w.installEventFilter(self)
