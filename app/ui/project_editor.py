"""The project window: every field editable with undo/redo across fields, the appendix's original text beside
each field, the tracking tabs (里程碑, 季度进展, 问题协调), review flags and the change history.

Saving is one transaction through app.core.project_service.update_project with the version the window loaded.
What counts as a change and whether a value is acceptable is decided by the core's own normalisation
(project_service.pending_edit / field_problem, i.e. app.core.projects.validate_changes): the window only
collects what the fields show. After every write it announces the Changes on the bus.

Closing (关闭, Esc, the window's close box, the main window's 退出) has one path, reject(): QDialog.closeEvent
calls reject(), so reject() asks about unsaved changes (保存 / 放弃 / 取消) and then lets QDialog close; close()
returns False when the person chose 取消. (A reject() that called close() again was ignored by Qt and the
window could not be closed at all.)

Read-only: on a read-only database nothing can be saved (the window says why); in a county or department office
a project outside the office's scope (app.core.office.project_edit_refusal) opens with the reason shown, its
fields locked and every write button disabled, here and in the tracking tabs.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import number_format, office, project_service, projects
from app.core import reference as ref
from app.core.changes import Changes
from app.core.errors import ConflictError, ValidationError
from app.core.records import ProjectRecord, ReviewFlagRecord
from app.core.workspace import Workspace
from app.ui import status_style
from app.ui.change_bus import ChangeBus
from app.ui.editor_bindings import (
    Binding,
    CheckListBinding,
    ComboBinding,
    DepartmentsBinding,
    FieldCommand,
    LineBinding,
    TextBinding,
    UndoKeyFilter,
    push_change,
)
from app.ui.editor_departments import DepartmentListEditor
from app.ui.issues_tab import IssuesTab
from app.ui.list_models import HistoryTableModel, ListTableModel
from app.ui.milestones_tab import MilestonesTab
from app.ui.models import format_datetime
from app.ui.progress_tab import ProgressTab
from app.ui.settings import UiState
from app.ui.tracking_tab import TrackingTab
from app.ui.user_errors import write_error_text
from app.ui.widgets import CheckList, ErrorLabel, em, line_height, multiline_edit, record_table, user_error_text
from app.ui.window_release import release_when_closed

NUMBER_FIELDS = ("investment_total", "new_land_mu")
MULTILINE_FIELDS = {"entities": 2, "location": 2, "scale": 3, "content": 6, "note": 2}  # field -> visible lines


def field_label(key: str) -> str:
    """The field's label from the core (app.core.projects.FIELD_LABELS), in the interface language."""
    return QCoreApplication.translate("FieldLabels", projects.FIELD_LABELS.get(key, key))


class ProjectEditor(QDialog):
    saved = Signal(str)  # project id, after the basic information was saved (the bus says the same)

    def __init__(
        self,
        ws: Workspace,
        project_id: str,
        bus: ChangeBus,
        parent: QWidget | None = None,
        *,
        ui_state: UiState | None = None,
    ):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        release_when_closed(self)  # else each saved edit's reload freezes this window's objects for good
        self.ws = ws
        self.project_id = project_id
        self.bus = bus
        self.ui_state = ui_state
        self.project: ProjectRecord
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._bindings: dict[str, Binding] = {}
        self._errors: dict[str, ErrorLabel] = {}
        self._raw_labels: dict[str, QLabel] = {}
        self._field_order: list[str] = []
        self._key_filter = UndoKeyFilter(self)
        self._announcing = False
        self.scope_refusal: str | None = None  # why this office may only read the project (None: editable)
        self._build()
        self.load()
        bus.changed.connect(self._heard)
        if ui_state is None or not ui_state.restore_geometry("project_editor", self):
            self.resize(em(self, 70), line_height(self, 40))

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        lay = QVBoxLayout(self)
        self.read_only_banner = QLabel()
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet(status_style.BANNER_READ_ONLY)
        self.read_only_banner.hide()
        lay.addWidget(self.read_only_banner)
        self.banner = QLabel()  # why a save was refused
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(status_style.BANNER_ERROR)
        self.banner.hide()
        lay.addWidget(self.banner)
        self.notice = QLabel()  # how typed values were understood on the last save
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(status_style.BANNER_WARNING)
        self.notice.hide()
        lay.addWidget(self.notice)
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_form(), self.tr("基本信息"))
        self.tracking_tabs: list[TrackingTab] = []
        for tab, title in (
            (MilestonesTab(self.ws, self.project_id, self.bus, self), self.tr("里程碑")),
            (ProgressTab(self.ws, self.project_id, self.bus, self), self.tr("季度进展")),
            (IssuesTab(self.ws, self.project_id, self.bus, self), self.tr("问题协调")),
        ):
            self.tabs.addTab(tab, title)
            self.tracking_tabs.append(tab)
        self._build_flags_tab()
        self.history_model = HistoryTableModel(self)
        history_host = QWidget()
        QVBoxLayout(history_host).addWidget(record_table(self, self.history_model, (10, 7, 14, 14, 16, 6)))
        self.history_tab_index = self.tabs.addTab(history_host, self.tr("修改记录"))
        lay.addLayout(self._build_buttons())

    def _build_form(self) -> QWidget:
        form_host = QWidget()
        grid = QGridLayout(form_host)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        grid.setHorizontalSpacing(em(self, 1))
        grid.setVerticalSpacing(em(self, 0.4))
        head_raw = QLabel(self.tr("附表原文（只读）"))
        head_raw.setStyleSheet("color: palette(placeholder-text);")
        grid.addWidget(head_raw, 0, 2)
        self._grid = grid
        self._row = 1
        self.code_label = QLabel()
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._add_row(None, field_label("code"), self.code_label)

        name = QLineEdit()
        name.setPlaceholderText(self.tr("必填"))
        self._add_field(LineBinding("name", name), name, required=True)
        status = QComboBox()
        status.addItems(ref.STATUSES)
        self._add_field(ComboBinding("status", status), status)
        self.county_combo = QComboBox()
        self._add_field(ComboBinding("county", self.county_combo), self.county_combo)
        self.counties_list = CheckList(max_visible_rows=6)
        self.counties_list.setFrameShape(QFrame.Shape.StyledPanel)
        self._add_field(CheckListBinding("counties", self.counties_list), self.counties_list)
        for key in NUMBER_FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText(self.tr("留空表示未知"))
            edit.setMaxLength(24)
            self._add_field(LineBinding(key, edit), edit)
        self.departments = DepartmentListEditor(self._add_department)
        self._add_field(DepartmentsBinding("lead_departments", self.departments), self.departments)
        for key, rows in MULTILINE_FIELDS.items():
            text = multiline_edit(self, rows, self.tr("每行一个建设主体") if key == "entities" else None)
            self._add_field(TextBinding(key, text), text)
        self.version_label = QLabel()
        self.version_label.setStyleSheet("color: palette(placeholder-text);")
        grid.addWidget(self.version_label, self._row, 0, 1, 3)
        grid.setRowStretch(self._row + 1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form_host)
        return scroll

    def _build_flags_tab(self) -> None:
        states = {"open": self.tr("待处理"), "resolved": self.tr("已处理")}
        severities = {"warning": self.tr("警告"), "info": self.tr("提示")}

        def flag_field(f: ReviewFlagRecord) -> str:
            return field_label(f.field) if f.field else ""

        self.flags_model = ListTableModel(
            [
                (self.tr("状态"), lambda f: states.get(f.state, f.state)),
                (self.tr("字段"), flag_field),
                (self.tr("级别"), lambda f: severities.get(f.severity, f.severity)),
                (self.tr("问题说明"), lambda f: f.message),
                (self.tr("处理说明"), lambda f: f.resolution_note or ""),
                (self.tr("处理人"), lambda f: f.resolved_by or ""),
            ],
            self,
        )
        host = QWidget()
        column = QVBoxLayout(host)
        hint = QLabel(self.tr("处理核查事项请到主窗口的“数据核查”页（可填写处理说明）。"))
        hint.setStyleSheet("color: palette(placeholder-text);")
        column.addWidget(hint)
        self.flags_view = record_table(self, self.flags_model, (4, 8, 3, 30, 14, 5))
        column.addWidget(self.flags_view)
        self.flags_tab_index = self.tabs.addTab(host, self.tr("数据核查"))

    def _build_buttons(self) -> QHBoxLayout:
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("撤销"))
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("重做"))
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        if QKeySequence("Ctrl+Y") not in redo_keys:  # a key twice on one action is "ambiguous" and does nothing
            redo_keys.insert(0, QKeySequence("Ctrl+Y"))
        self.redo_action.setShortcuts(redo_keys)
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
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.reject)  # the one closing path (see the module docstring)
        for button in (self.undo_button, self.redo_button, self.save_button, self.close_button):
            button.setAutoDefault(False)  # Enter in a field must not press a button
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        return buttons

    def _add_row(self, key: str | None, label: str, widget: QWidget) -> None:
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

    def _add_field(self, binding: Binding, widget: QWidget, *, required: bool = False) -> None:
        key = binding.key
        host = QWidget()
        column = QVBoxLayout(host)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = ErrorLabel()
        column.addWidget(error)
        self._add_row(key, field_label(key) + (" *" if required else ""), host)
        self._bindings[key] = binding
        self._errors[key] = error
        self._field_order.append(key)
        binding.edited.connect(lambda old, new, b=binding: self._push(b, old, new))
        self._key_filter.watch(widget)

    def _add_department(self, name: str) -> str:
        created = project_service.add_department(self.ws, name)
        self._announce(Changes(reference=True))  # every project's department list
        return created

    # ------------------------------------------------------------------ data
    def load(self) -> None:
        """Read the project (and reference lists) and show it; clears undo history."""
        self.project = project_service.get_project(self.ws, self.project_id)
        self.scope_refusal = office.project_edit_refusal(self.ws, self.project_id)
        self._load_reference_lists()
        self._show_project()
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.refresh_history()
        self._show_read_only()

    def _load_reference_lists(self) -> None:
        counties = project_service.known_counties(self.ws)
        self.county_combo.blockSignals(True)
        self.county_combo.clear()
        self.county_combo.addItems(counties)
        self.county_combo.blockSignals(False)
        self.counties_list.set_options([(c, c) for c in counties])
        self.departments.set_known(project_service.known_departments(self.ws))

    def _show_project(self) -> None:
        p = self.project
        for key, binding in self._bindings.items():
            binding.set(self.display_value(key, p.value(key)))
        self.code_label.setText(f"{p.code}    {p.appendix_category}")
        for key, label in self._raw_labels.items():
            text = p.raw.get(key)
            label.setText(text if text else self.tr("（无）"))
            label.setVisible(key in p.raw)
        self._show_meta_only()
        self._show_flags()
        self.clear_errors()

    def _show_flags(self) -> None:
        self.flags_model.set_items(self.project.flags)
        self.flags_view.resizeRowsToContents()
        open_flags = self.project.open_flags
        self.tabs.setTabText(
            self.flags_tab_index,
            self.tr("数据核查（%1）").replace("%1", str(open_flags)) if open_flags else self.tr("数据核查"),
        )

    def _show_meta_only(self) -> None:
        p = self.project
        when = format_datetime(p.updated_at) if p.updated_at else ""
        self.version_label.setText(
            self.tr("版本 %1 · 最后修改：%2 %3")
            .replace("%1", str(p.version))
            .replace("%2", p.updated_by or "")
            .replace("%3", when)
        )
        self.setWindowTitle(self.tr("项目 %1 — %2").replace("%1", p.code).replace("%2", p.name) + "[*]")

    def _clean_changed(self, clean: bool) -> None:
        # a bound method, not a lambda: Qt drops the connection when this window is deleted
        self.setWindowModified(not clean)
        self.save_button.setEnabled(self._writable() and not clean)

    def _writable(self) -> bool:
        return not self.ws.read_only and self.scope_refusal is None

    def _show_read_only(self) -> None:
        """Say why nothing can be saved (a read-only database, or a project outside this office's scope)."""
        writable = self._writable()
        self.save_action.setEnabled(writable)
        self.save_button.setEnabled(writable and not self.undo_stack.isClean())
        self._lock_fields(self.scope_refusal is not None)
        for tab in self.tracking_tabs:
            tab.scope_refusal = self.scope_refusal  # their write buttons follow at their next redraw
        if writable:
            self.read_only_banner.hide()
            return
        if self.ws.read_only:
            text = self.tr("数据库只读，不能保存修改：%1").replace("%1", self.ws.read_only_reason or "")
        else:
            text = self.tr("本项目只能查看：%1").replace("%1", self.scope_refusal or "")
        self.read_only_banner.setText(text)
        self.read_only_banner.show()

    def _lock_fields(self, locked: bool) -> None:
        """Outside the office's scope nothing typed could be saved: text stays selectable, the rest disabled."""
        for binding in self._bindings.values():
            widget = binding.widget
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.setReadOnly(locked)
            else:
                widget.setEnabled(not locked)

    @staticmethod
    def display_value(key: str, value: Any) -> Any:
        """A stored value as its field shows it (amounts without trailing zeros, one entity per line)."""
        if key in NUMBER_FIELDS:
            return "" if value is None else number_format.amount_short(Decimal(value), 4)
        if key == "entities":
            return "\n".join(value or ())
        if key in ("counties", "lead_departments"):
            return tuple(value or ())
        return "" if value is None else value

    def refresh_history(self) -> None:
        self.history_model.set_items(project_service.project_history(self.ws, self.project_id))

    # ------------------------------------------------------------------ fields and undo
    def field_index(self, key: str) -> int:
        return self._field_order.index(key)

    def binding(self, key: str) -> Binding:
        return self._bindings[key]

    def widget_for(self, key: str) -> QWidget:
        return self._bindings[key].focus_widget

    def set_field(self, key: str, value: Any) -> None:
        """Change a field as if the user had typed it (one undo step)."""
        binding = self._bindings[key]
        old = binding.last
        binding.set(value)
        if binding.last != old:
            self._push(binding, old, binding.last)

    def _push(self, binding: Binding, old: Any, new: Any) -> None:
        label = self.tr("修改 %1").replace("%1", field_label(binding.key))
        push_change(self.undo_stack, FieldCommand(self, binding, old, new, label))
        self.field_reverted(binding.key)

    def field_reverted(self, key: str) -> None:
        """A field's value changed (typed, undone, redone): numbers are checked by the core's rule at once,
        other messages disappear until the next save."""
        message = None
        if key in NUMBER_FIELDS:
            message = project_service.field_problem(self.ws, key, self._bindings[key].get())
        self._errors[key].show_error(message)

    def focus_field(self, key: str) -> None:
        if self.tabs.currentIndex() != 0:
            self.tabs.setCurrentIndex(0)
        self.widget_for(key).setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ changes and saving
    def form_values(self) -> dict[str, Any]:
        """What every field shows, in the core's input shape (text as typed; the core normalises it)."""
        values: dict[str, Any] = {}
        for key, binding in self._bindings.items():
            value = binding.get()
            if key == "entities":
                value = value.splitlines()  # the box shows one entity per line
            elif key in ("counties", "lead_departments"):
                value = list(value)
            values[key] = value
        return values

    def pending(self) -> project_service.PendingEdit:
        return project_service.pending_edit(self.ws, self.project, self.form_values())

    def changes(self) -> dict[str, Any]:
        """The fields whose value, as the core reads it, differs from the stored project."""
        return self.pending().changes

    def is_dirty(self) -> bool:
        """Anything typed and not saved: the basic information or a tracking tab's form."""
        return bool(self.changes()) or any(tab.has_unsaved() for tab in self.tracking_tabs)

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
                general.append(f"{field_label(key)}：{message}")
        text = self.tr("有 %n 处输入需要修改，未保存任何内容。", "", len(errors))
        if general:
            text += " " + "；".join(general)
        self.banner.setText(text)
        self.banner.show()
        if first:
            self.focus_field(first)

    def save(self) -> bool:
        """Write the basic information in one transaction. True when saved (or nothing to save)."""
        if not self._writable():
            self._show_read_only()
            return False
        pending = self.pending()
        if pending.errors:
            self.show_errors(pending.errors)
            return False
        if not pending.changes:
            self.undo_stack.setClean()
            return True
        try:
            result = project_service.update_project(
                self.ws, self.project_id, pending.changes, expected_version=self.project.version
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
        except project_service.USER_ERRORS as exc:
            # a write the database refused (another program writing, read-only file): one Chinese sentence
            QMessageBox.warning(self, self.tr("保存失败"), write_error_text(exc) or user_error_text(exc))
            return False
        self.project = result.project
        # The undo history is kept: undo after saving brings the old value back into the form, and saving
        # again writes it (recorded in the history like any edit).
        self._show_project_after_save()
        self.notice.setText("\n".join(result.notes))
        self.notice.setVisible(bool(result.notes))
        self._announce(Changes(projects=True, project_ids=frozenset({self.project_id})))
        self.saved.emit(self.project_id)
        return True

    def _show_project_after_save(self) -> None:
        """Show the stored values in their tidy form (35.270 -> 35.27), without an undo step."""
        for key, binding in self._bindings.items():
            binding.set(self.display_value(key, self.project.value(key)))
        self._show_meta_only()
        self._show_flags()
        self.undo_stack.setClean()
        self.clear_errors()
        self.refresh_history()

    def save_all(self) -> bool:
        """Save the basic information and every tracking tab with typed input; False if any was refused
        (that tab is shown with its messages)."""
        if not self.save():
            self.tabs.setCurrentIndex(0)
            return False
        for tab in self.tracking_tabs:
            if tab.has_unsaved() and not tab.save_unsaved():
                self.tabs.setCurrentWidget(tab)
                return False
        return True

    def reload_discarding(self) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(self, self.tr("重新加载"), self.tr("放弃未保存的修改并重新读取项目？"))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.load()

    # ------------------------------------------------------------------ the change bus
    def _announce(self, changes: Changes) -> None:
        self._announcing = True
        try:
            self.bus.announce(changes)
        finally:
            self._announcing = False

    def _heard(self, changes: Changes) -> None:
        if not self._announcing:
            self.on_changes(changes)

    def on_changes(self, changes: Changes) -> None:
        """Another window or one of this window's tabs wrote something: follow it."""
        if changes.reference:
            self._load_reference_lists()
            refusal = office.project_edit_refusal(self.ws, self.project_id)  # the office may have been set
            if refusal != self.scope_refusal:
                self.scope_refusal = refusal
                self._show_read_only()
        if not changes.touches_project(self.project_id):
            return
        if changes.any("projects", "progress", "reference"):
            self.rebase()  # a quarter's status moves the project's status and version; flags may be resolved
        if changes.any("projects", "progress", "milestones", "issues", "reference", "periods"):
            self.refresh_history()

    def rebase(self) -> None:
        """The project changed in the database: take the new stored values and version, keep what the
        person has changed but not saved yet."""
        old = self.project
        self.project = project_service.get_project(self.ws, self.project_id)
        for key, binding in self._bindings.items():
            shown = binding.get()
            if shown == self.display_value(key, old.value(key)):
                new = self.display_value(key, self.project.value(key))
                if new != shown:
                    binding.set(new)
        self._show_meta_only()
        self._show_flags()
        if not self.changes():
            self.undo_stack.setClean()

    # ------------------------------------------------------------------ closing
    def unsaved_parts(self) -> list[str]:
        parts = []
        changed = self.changes()
        if changed:
            parts.append(self.tr("基本信息（%1）").replace("%1", "、".join(field_label(key) for key in changed)))
        parts.extend(tab.unsaved_description() for tab in self.tracking_tabs if tab.has_unsaved())
        return parts

    def confirm_close(self) -> bool:
        """True when the window may close: nothing unsaved, or the person chose 保存 (and it saved) or 放弃."""
        parts = self.unsaved_parts()
        if not parts:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("未保存的修改"),
            self.tr("项目 %1 有未保存的修改：%2。\n是否保存？")
            .replace("%1", self.project.code)
            .replace("%2", "；".join(parts)),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        for button, text in (
            (QMessageBox.StandardButton.Save, self.tr("保存")),
            (QMessageBox.StandardButton.Discard, self.tr("放弃")),
            (QMessageBox.StandardButton.Cancel, self.tr("取消")),
        ):
            box.button(button).setText(text)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()  # None when the box was closed some other way: keep the window
        choice = box.standardButton(clicked) if clicked is not None else QMessageBox.StandardButton.Cancel
        if choice == QMessageBox.StandardButton.Save:
            return self.save_all()
        return choice == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        """关闭, Esc, the close box and close() all end here (QDialog.closeEvent calls reject())."""
        if not self.confirm_close():
            return  # stays open; a close() in progress returns False
        if self.ui_state is not None:
            self.ui_state.save_geometry("project_editor", self)
        super().reject()
