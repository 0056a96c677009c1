"""The project editor: every field editable with validation, undo/redo, raw appendix text, review flags and
the change history. A QTabWidget so the tracking tabs (milestones, quarterly progress, issues) plug in.

Saving is one transaction through app.core.project_service.update_project with the version the editor
loaded (expected_version). On ValidationError nothing is written and each message appears under its field.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core import number_format, portfolio, project_service
from app.core import reference as ref
from app.core.projects import ConflictError, NotFoundError, ValidationError
from app.ui.models import HistoryTableModel, ListTableModel, format_datetime
from app.ui.settings import UiState
from app.ui.widgets import CheckList, ErrorLabel, em, line_height, record_table

TEXT_FIELDS = ("name", "scale", "content", "location", "note")
NUMBER_FIELDS = {"investment_total": "亿元", "new_land_mu": "亩"}
UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def number_problem(text: str) -> str | None:
    """The core's rule (number >= 0, blank = unknown) checked while typing: None, "nan", "inf" or "neg"."""
    t = _nfkc(text).strip().replace(",", "")
    if not t:
        return None
    try:
        value = Decimal(t)
    except InvalidOperation:
        return "nan"
    if not value.is_finite():
        return "inf"
    if value < 0:
        return "neg"
    return None


# ---------------------------------------------------------------------------------------------- bindings


class Binding(QObject):
    """Connects one field's widget to the undo stack: get/set a plain value, report user edits."""

    edited = Signal(object, object)  # old, new

    def __init__(self, key: str, widget: QWidget):
        super().__init__(widget)
        self.key = key
        self.widget = widget
        self.last: Any = None
        self.mergeable = False

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
    def __init__(self, key: str, widget: QLineEdit):
        super().__init__(key, widget)
        self.mergeable = True
        widget.textChanged.connect(self._user_changed)

    def get(self) -> str:
        return self.widget.text()

    def _put(self, value: Any) -> None:
        self.widget.setText("" if value is None else str(value))


class TextBinding(Binding):
    def __init__(self, key: str, widget: QPlainTextEdit):
        super().__init__(key, widget)
        self.mergeable = True
        widget.setUndoRedoEnabled(False)  # undo goes through the editor's stack, across fields
        widget.textChanged.connect(self._user_changed)

    def get(self) -> str:
        return self.widget.toPlainText()

    def _put(self, value: Any) -> None:
        self.widget.setPlainText("" if value is None else str(value))


class ComboBinding(Binding):
    def __init__(self, key: str, widget: QComboBox):
        super().__init__(key, widget)
        widget.currentIndexChanged.connect(self._user_changed)

    def get(self) -> str:
        return self.widget.currentText()

    def _put(self, value: Any) -> None:
        index = self.widget.findText(str(value or ""))
        if index < 0 and value:
            self.widget.addItem(str(value))
            index = self.widget.count() - 1
        self.widget.setCurrentIndex(index)


class CheckListBinding(Binding):
    def __init__(self, key: str, widget: CheckList):
        super().__init__(key, widget)
        widget.selectionChanged.connect(self._user_changed)

    def get(self) -> tuple:
        keys = self.widget.keys()
        chosen = self.widget.selected()
        return tuple(k for k in keys if k in chosen)

    def _put(self, value: Any) -> None:
        self.widget.set_selected(value or ())


class DepartmentListEditor(QWidget):
    """Several lead departments in order: pick from the known list; adding a new department is explicit."""

    changed = Signal()

    def __init__(self, add_department: Callable[[str], str], parent: QWidget | None = None):
        super().__init__(parent)
        self._add_department = add_department
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setFixedHeight(line_height(self, 3.8))
        row.addWidget(self.list, 1)
        side = QVBoxLayout()
        self.up = QToolButton()
        self.up.setText("↑")
        self.up.setToolTip(self.tr("上移"))
        self.down = QToolButton()
        self.down.setText("↓")
        self.down.setToolTip(self.tr("下移"))
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setToolTip(self.tr("移除所选部门"))
        for b in (self.up, self.down, self.remove):
            side.addWidget(b)
        side.addStretch(1)
        row.addLayout(side)
        lay.addLayout(row)
        pick = QHBoxLayout()
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.lineEdit().setPlaceholderText(self.tr("输入或选择部门"))
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        self.add_button = QPushButton(self.tr("添加"))
        self.new_button = QPushButton(self.tr("新建部门…"))
        pick.addWidget(self.combo, 1)
        pick.addWidget(self.add_button)
        pick.addWidget(self.new_button)
        lay.addLayout(pick)
        self.error = ErrorLabel()  # for the pick row ("不是已知部门")
        lay.addWidget(self.error)
        self.add_button.clicked.connect(self._add_picked)
        self.combo.lineEdit().returnPressed.connect(self._add_picked)
        self.new_button.clicked.connect(self._new_department)
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        self.remove.clicked.connect(self._remove)
        self._known: list[str] = []

    def set_known(self, names: list[str]) -> None:
        self._known = list(names)
        text = self.combo.currentText()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItems(self._known)
        self.combo.setCurrentIndex(-1)
        self.combo.setEditText(text)
        self.combo.blockSignals(False)
        completer = QCompleter(self._known, self.combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.combo.setCompleter(completer)

    def value(self) -> tuple[str, ...]:
        return tuple(self.list.item(i).text() for i in range(self.list.count()))

    def set_value(self, names: Any) -> None:
        self.list.clear()
        self.list.addItems(list(names or ()))

    def add(self, name: str) -> bool:
        name = name.strip()
        if not name:
            return False
        if name not in self._known:
            self.error.show_error(self.tr("“%1”不是已知部门：请从列表中选择，或点“新建部门…”添加").replace("%1", name))
            return False
        self.error.show_error(None)
        if name in self.value():
            return False
        self.list.addItem(name)
        self.combo.setEditText("")
        self.changed.emit()
        return True

    def _add_picked(self) -> None:
        self.add(self.combo.currentText())

    def _new_department(self) -> None:
        name, ok = QInputDialog.getText(
            self,
            self.tr("新建部门"),
            self.tr("新部门的全称（将加入所有项目可选的部门列表）："),
            text=self.combo.currentText().strip(),
        )
        if not ok or not name.strip():
            return
        try:
            created = self._add_department(name.strip())
        except ValidationError as exc:
            self.error.show_error("；".join(exc.errors.values()))
            return
        if created not in self._known:
            self.set_known(sorted(self._known + [created], key=portfolio.collation_key))
        self.add(created)

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.changed.emit()

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()


class DepartmentsBinding(Binding):
    def __init__(self, key: str, widget: DepartmentListEditor):
        super().__init__(key, widget)
        widget.changed.connect(self._user_changed)

    def get(self) -> tuple:
        return self.widget.value()

    def _put(self, value: Any) -> None:
        self.widget.set_value(value)


class FieldCommand(QUndoCommand):
    def __init__(self, editor: ProjectEditor, binding: Binding, old: Any, new: Any, label: str):
        super().__init__(label)
        self.editor, self.binding, self.old, self.new = editor, binding, old, new
        self._first = True

    def id(self) -> int:
        return self.editor.field_index(self.binding.key) + 1 if self.binding.mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, FieldCommand) or other.binding is not self.binding:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        if self._first:  # the widget already shows the new value
            self._first = False
            return
        self.binding.set(self.new)
        self.editor.focus_field(self.binding.key)
        self.editor.field_reverted(self.binding.key)

    def undo(self) -> None:
        self.binding.set(self.old)
        self.editor.focus_field(self.binding.key)
        self.editor.field_reverted(self.binding.key)


class _UndoKeyFilter(QObject):
    """Line edits handle Ctrl+Z themselves; send it to the editor's stack so undo works across fields."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if any(event.matches(k) for k in UNDO_KEYS) or (
                event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            ):
                event.ignore()
                return True
        return False


# ---------------------------------------------------------------------------------------------- editor


class ProjectEditor(QDialog):
    saved = Signal(str)  # project id
    openProjectRequested = Signal(str)

    def __init__(self, ws: Any, project_id: str, parent: QWidget | None = None, ui_state: UiState | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.ws = ws
        self.project_id = project_id
        self.ui_state = ui_state
        self.project: dict[str, Any] = {}
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(lambda clean: self.setWindowModified(not clean))
        self._bindings: dict[str, Binding] = {}
        self._errors: dict[str, ErrorLabel] = {}
        self._raw_labels: dict[str, QLabel] = {}
        self._field_order: list[str] = []
        self._key_filter = _UndoKeyFilter(self)
        self._labels = self._field_labels()
        self._build()
        self.load()
        if ui_state is not None and not ui_state.restore_geometry("project_editor", self) or ui_state is None:
            self.resize(em(self, 70), line_height(self, 40))

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        lay = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fdecea; color: #b71c1c; padding: 6px; border-radius: 3px;")
        self.banner.hide()
        lay.addWidget(self.banner)
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)

        # --- 基本信息
        form_host = QWidget()
        grid = QGridLayout(form_host)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        grid.setHorizontalSpacing(em(self, 1))
        grid.setVerticalSpacing(em(self, 0.4))
        head_raw = QLabel(self.tr("附表原文（只读）"))
        head_raw.setStyleSheet("color: palette(placeholder-text);")
        grid.addWidget(head_raw, 0, 2)
        self.code_label = QLabel()
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._grid = grid
        self._row = 1
        self._add_row(None, self.tr("项目编号"), self.code_label)

        name = QLineEdit()
        name.setPlaceholderText(self.tr("必填"))
        self._add_field("name", LineBinding("name", name), name, required=True)
        status = QComboBox()
        status.addItems(ref.STATUSES)
        self._add_field("status", ComboBinding("status", status), status)
        county = QComboBox()
        self._add_field("county", ComboBinding("county", county), county)
        self.county_combo = county
        counties = CheckList(max_visible_rows=6)
        counties.setFrameShape(QFrame.Shape.StyledPanel)
        self.counties_list = counties
        self._add_field("counties", CheckListBinding("counties", counties), counties)
        for key, unit in NUMBER_FIELDS.items():
            edit = QLineEdit()
            edit.setPlaceholderText(self.tr("留空表示未知"))
            edit.setMaxLength(24)
            holder = QWidget()
            h = QHBoxLayout(holder)
            h.setContentsMargins(0, 0, 0, 0)
            h.addWidget(edit, 1)
            h.addWidget(QLabel(self.tr("亿元") if unit == "亿元" else self.tr("亩")))
            h.addStretch(1)
            binding = LineBinding(key, edit)
            self._add_field(key, binding, holder, focus=edit)
        self.departments = DepartmentListEditor(lambda name: project_service.add_department(self.ws, name))
        self._add_field(
            "lead_departments",
            DepartmentsBinding("lead_departments", self.departments),
            self.departments,
            focus=self.departments.combo,
        )
        for key, rows in (("entities", 2), ("location", 2), ("scale", 3), ("content", 6), ("note", 2)):
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(line_height(self, rows + 0.9))  # font-relative: scales with DPI and font size
            edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            if key == "entities":
                edit.setPlaceholderText(self.tr("每行一个建设主体"))
            self._add_field(key, TextBinding(key, edit), edit)
        self.version_label = QLabel()
        self.version_label.setStyleSheet("color: palette(placeholder-text);")
        grid.addWidget(self.version_label, self._row, 0, 1, 3)
        grid.setRowStretch(self._row + 1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form_host)
        self.tabs.addTab(scroll, self.tr("基本信息"))

        # --- 数据核查
        self.flags_model = ListTableModel(
            [
                (self.tr("状态"), lambda f: self.tr("待处理") if f["state"] == "open" else self.tr("已处理")),
                (self.tr("字段"), lambda f: self._labels.get(f.get("field") or "", f.get("field") or "")),
                (self.tr("级别"), lambda f: self.tr("警告") if f["severity"] == "warning" else self.tr("提示")),
                (self.tr("问题说明"), lambda f: f["message"]),
                (self.tr("处理说明"), lambda f: f.get("resolution_note") or ""),
                (self.tr("处理人"), lambda f: f.get("resolved_by") or ""),
            ],
            self,
        )
        flags_host = QWidget()
        fl = QVBoxLayout(flags_host)
        hint = QLabel(self.tr("处理核查事项请到主窗口的“数据核查”页（可填写处理说明）。"))
        hint.setStyleSheet("color: palette(placeholder-text);")
        fl.addWidget(hint)
        self.flags_view = self._table(self.flags_model, (4, 8, 3, 30, 14, 5))
        self.flags_view.setWordWrap(True)
        fl.addWidget(self.flags_view)
        self._flags_host = flags_host
        self.flags_tab_index = self.tabs.addTab(flags_host, self.tr("数据核查"))

        # --- 修改记录
        self.history_model = HistoryTableModel(self)
        history_host = QWidget()
        hl = QVBoxLayout(history_host)
        self.history_view = self._table(self.history_model, (10, 7, 14, 14, 16, 6))
        hl.addWidget(self.history_view)
        self._history_host = history_host
        self.history_tab_index = self.tabs.addTab(history_host, self.tr("修改记录"))

        # --- buttons
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("撤销"))
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("重做"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence(QKeySequence.StandardKey.Redo)])
        self.save_action = QAction(self.tr("保存"), self)
        self.save_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_action.triggered.connect(self.save)
        self.reload_action = QAction(self.tr("重新加载"), self)
        self.reload_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.reload_action.triggered.connect(self.reload_discarding)
        for action in (self.undo_action, self.redo_action, self.save_action, self.reload_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)

        buttons = QHBoxLayout()
        self.undo_button = QPushButton(self.tr("撤销"))
        self.undo_button.setToolTip(self.tr("撤销 (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.redo_button = QPushButton(self.tr("重做"))
        self.redo_button.setToolTip(self.tr("重做 (Ctrl+Y)"))
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setToolTip(self.tr("保存 (Ctrl+S)：一次写入所有修改"))
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.undo_stack.cleanChanged.connect(lambda clean: self.save_button.setEnabled(not clean))
        self.save_button.setEnabled(False)
        close = QPushButton(self.tr("关闭"))
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        lay.addLayout(buttons)

    def _table(self, model: Any, widths: tuple[int, ...]) -> QTableView:
        return record_table(self, model, widths, word_wrap=False)

    def _add_row(self, key: str | None, label: str, widget: QWidget, raw: bool = False) -> None:
        lab = QLabel(label)
        lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        lab.setContentsMargins(0, em(self, 0.25), 0, 0)
        self._grid.addWidget(lab, self._row, 0)
        self._grid.addWidget(widget, self._row, 1)
        if key is not None:
            raw_label = QLabel()
            raw_label.setWordWrap(True)
            raw_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            raw_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            raw_label.setStyleSheet("color: #5f6368; background: palette(alternate-base); padding: 3px;")
            raw_label.setContentsMargins(0, em(self, 0.15), 0, 0)
            self._grid.addWidget(raw_label, self._row, 2)
            self._raw_labels[key] = raw_label
            lab.setBuddy(widget)
        self._row += 1

    def _add_field(
        self, key: str, binding: Binding, widget: QWidget, *, required: bool = False, focus: QWidget | None = None
    ) -> None:
        host = QWidget()
        v = QVBoxLayout(host)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(2)
        v.addWidget(widget)
        error = ErrorLabel()
        v.addWidget(error)
        label = self._labels.get(key, key) + (" *" if required else "")
        self._add_row(key, label, host)
        self._bindings[key] = binding
        self._errors[key] = error
        self._field_order.append(key)
        binding.focus_widget = focus or widget  # type: ignore[attr-defined]
        binding.edited.connect(lambda old, new, b=binding: self._push(b, old, new))
        for w in [widget] + widget.findChildren(QWidget):
            if isinstance(w, (QLineEdit, QPlainTextEdit)):
                w.installEventFilter(self._key_filter)

    # ------------------------------------------------------------------ data
    def load(self) -> None:
        """Read the project (and reference lists) and show it; clears undo history."""
        self.project = project_service.get_project(self.ws, self.project_id)
        counties = project_service.known_counties(self.ws)
        self.county_combo.blockSignals(True)
        self.county_combo.clear()
        self.county_combo.addItems(counties)
        self.county_combo.blockSignals(False)
        self.counties_list.set_options([(c, c) for c in counties])
        self.departments.set_known(project_service.known_departments(self.ws))
        self._show_project()
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.refresh_history()

    def _show_project(self) -> None:
        p = self.project
        for key, binding in self._bindings.items():
            binding.set(self.display_value(key, p.get(key)))
        self.code_label.setText(f"{p['code']}    {p['appendix_category']}")
        raw = p.get("raw") or {}
        for key, label in self._raw_labels.items():
            text = raw.get(key)
            label.setText(text if text else self.tr("（无）"))
            label.setVisible(key in raw)
        self._show_meta_only()
        flags = p.get("flags") or []
        self.flags_model.set_items(flags)
        self.flags_view.resizeRowsToContents()
        open_flags = sum(1 for f in flags if f["state"] == "open")
        self.tabs.setTabText(
            self.flags_tab_index,
            self.tr("数据核查（%1）").replace("%1", str(open_flags)) if open_flags else self.tr("数据核查"),
        )
        self.clear_errors()

    def display_value(self, key: str, value: Any) -> Any:
        if key in NUMBER_FIELDS:
            return (
                ""
                if value is None
                else number_format.amount_short(Decimal(str(value)), 4 if key == "investment_total" else 3)
            )
        if key == "entities":
            return "\n".join(value or [])
        if key in ("counties", "lead_departments"):
            return tuple(value or ())
        return "" if value is None else value

    def refresh_history(self) -> None:
        self.history_model.set_items(project_service.project_history(self.ws, self.project_id))

    def field_index(self, key: str) -> int:
        return self._field_order.index(key)

    def binding(self, key: str) -> Binding:
        return self._bindings[key]

    def widget_for(self, key: str) -> QWidget:
        return self._bindings[key].focus_widget  # type: ignore[attr-defined]

    def set_field(self, key: str, value: Any) -> None:
        """Change a field as if the user had typed it (one undo step). Used by tests and scripts."""
        binding = self._bindings[key]
        old = binding.last
        binding.set(value)
        if binding.last != old:
            self._push(binding, old, binding.last)

    def _push(self, binding: Binding, old: Any, new: Any) -> None:
        label = self.tr("修改 %1").replace("%1", self._labels.get(binding.key, binding.key))
        self.undo_stack.push(FieldCommand(self, binding, old, new, label))
        self.field_reverted(binding.key)  # numbers re-checked while typing, other messages cleared

    def field_reverted(self, key: str) -> None:
        if key in NUMBER_FIELDS:
            self._live_number_check(key, self._bindings[key].get(), NUMBER_FIELDS[key])
        else:
            self._errors[key].show_error(None)

    def focus_field(self, key: str) -> None:
        if self.tabs.currentIndex() != 0:
            self.tabs.setCurrentIndex(0)
        self.widget_for(key).setFocus(Qt.FocusReason.OtherFocusReason)

    def _live_number_check(self, key: str, text: str, unit: str) -> None:
        problem = number_problem(text)
        messages = {
            "nan": self.tr("请输入数字（单位：%1），留空表示未知"),
            "inf": self.tr("请输入有效数字（单位：%1）"),
            "neg": self.tr("不能为负数（单位：%1）"),
        }
        unit_text = self.tr("亿元") if unit == "亿元" else self.tr("亩")
        self._errors[key].show_error(messages[problem].replace("%1", unit_text) if problem else None)

    # ------------------------------------------------------------------ changes and saving
    def changes(self) -> dict[str, Any]:
        """The fields whose shown value differs from the loaded project, in the core's input shape."""
        p = self.project
        out: dict[str, Any] = {}
        for key, binding in self._bindings.items():
            value = binding.get()
            if key in ("name",):
                if value.strip() != (p.get(key) or ""):
                    out[key] = value
            elif key in ("scale", "content", "location", "note"):
                if (value.strip() or None) != (p.get(key) or None):
                    out[key] = value
            elif key == "entities":
                items = [line.strip() for line in value.splitlines() if line.strip()]
                if items != list(p.get(key) or []):
                    out[key] = items
            elif key in NUMBER_FIELDS:
                text = _nfkc(value).strip().replace(",", "")
                old = p.get(key)
                if not text:
                    if old is not None:
                        out[key] = None
                    continue
                try:
                    same = old is not None and Decimal(text) == Decimal(str(old))
                except InvalidOperation:
                    same = False
                if not same:
                    out[key] = text
            elif key in ("counties", "lead_departments"):
                if list(value) != list(p.get(key) or []):
                    out[key] = list(value)
            else:
                if value != (p.get(key) or ""):
                    out[key] = value
        return out

    def is_dirty(self) -> bool:
        return bool(self.changes())

    def clear_errors(self) -> None:
        for label in self._errors.values():
            label.show_error(None)
        self.banner.hide()

    def show_errors(self, errors: dict[str, str]) -> None:
        self.clear_errors()
        first = None
        general = []
        for key, message in errors.items():
            if key in self._errors:
                self._errors[key].show_error(message)
                first = first or key
            else:
                general.append(f"{self._labels.get(key, key)}：{message}")
        text = self.tr("有 %n 处输入需要修改，未保存任何内容。", "", len(errors))
        if general:
            text += " " + "；".join(general)
        self.banner.setText(text)
        self.banner.show()
        if first:
            self.focus_field(first)

    def save(self) -> bool:
        """Write all changes in one transaction. Returns True when saved (or nothing to save)."""
        changes = self.changes()
        if not changes:
            self.undo_stack.setClean()
            return True
        try:
            result = project_service.update_project(
                self.ws, self.project_id, changes, expected_version=self.project["version"]
            )
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except ConflictError as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("保存冲突"), str(exc), parent=self)
            reload_button = box.addButton(self.tr("重新加载（放弃我的修改）"), QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(self.tr("返回编辑"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is reload_button:
                self.load()
            return False
        except NotFoundError as exc:
            QMessageBox.warning(self, self.tr("保存失败"), str(exc))
            return False
        self.project = result.project
        # The undo history is kept: undo after saving brings the old value back into the form, and saving
        # again writes it (recorded in the history like any edit).
        self._show_meta_only()
        self.undo_stack.setClean()
        self.clear_errors()
        self.refresh_history()
        self.saved.emit(self.project_id)
        return True

    def _show_meta_only(self) -> None:
        p = self.project
        when = ""
        if p.get("updated_at"):
            when = format_datetime(dt.datetime.fromisoformat(p["updated_at"]))
        self.version_label.setText(
            self.tr("版本 %1 · 最后修改：%2 %3")
            .replace("%1", str(p["version"]))
            .replace("%2", p.get("updated_by") or "")
            .replace("%3", when)
        )
        self.setWindowTitle(self.tr("项目 %1 — %2").replace("%1", p["code"]).replace("%2", p["name"]) + "[*]")

    def reload_discarding(self) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(self, self.tr("重新加载"), self.tr("放弃未保存的修改并重新读取项目？"))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.load()

    # ------------------------------------------------------------------ tabs from other modules
    def add_tab(self, widget: QWidget, title: str, index: int | None = None) -> int:
        if index is None:
            return self.tabs.addTab(widget, title)
        inserted = self.tabs.insertTab(index, widget, title)
        self.flags_tab_index = self.tabs.indexOf(self._flags_host)
        self.history_tab_index = self.tabs.indexOf(self._history_host)
        return inserted

    def tracking_insert_index(self) -> int:
        """Tracking tabs go after 基本信息 and before 数据核查 / 修改记录."""
        return self.tabs.indexOf(self._flags_host)

    def rebase(self) -> None:
        """Someone (a tracking tab of this editor) changed the project in the database: take the new
        stored values and version, keep what the user has changed but not saved yet."""
        old = self.project
        self.project = project_service.get_project(self.ws, self.project_id)
        for key, binding in self._bindings.items():
            shown = binding.get()
            if shown == self.display_value(key, old.get(key)):
                new = self.display_value(key, self.project.get(key))
                if new != shown:
                    binding.set(new)
        self._show_meta_only()
        if not self.changes():
            self.undo_stack.setClean()

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_dirty():
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("未保存的修改"),
                self.tr("项目有未保存的修改。是否保存？"),
                parent=self,
            )
            save = box.addButton(self.tr("保存"), QMessageBox.ButtonRole.AcceptRole)
            discard = box.addButton(self.tr("不保存"), QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            clicked = box.clickedButton()
            if clicked is save:
                if not self.save():
                    event.ignore()
                    return
            elif clicked is not discard:
                event.ignore()
                return
        if self.ui_state is not None:
            self.ui_state.save_geometry("project_editor", self)
        super().closeEvent(event)

    def reject(self) -> None:  # Esc closes through closeEvent (asks about unsaved changes)
        self.close()

    def _field_labels(self) -> dict[str, str]:
        return {
            "code": self.tr("项目编号"),
            "name": self.tr("项目名称"),
            "scale": self.tr("主要建设规模"),
            "content": self.tr("主要建设内容"),
            "entities": self.tr("项目建设主体"),
            "location": self.tr("项目建设地点"),
            "county": self.tr("所属县区"),
            "counties": self.tr("涉及县区"),
            "investment_total": self.tr("概算总投资"),
            "new_land_mu": self.tr("拟新增建设用地"),
            "lead_departments": self.tr("建议牵头责任部门"),
            "status": self.tr("状态"),
            "note": self.tr("备注"),
        }
