"""编辑 → 新建项目…: add a project the plan's appendix does not list (app.core.project_creation).

The dialog asks for what a project is known by (name, county, lead departments, investment, land, what is
built and by whom) and hands the typed text to `create_project`, which checks it by the same rules as an
edit and parses amounts with the one parser of typed numbers. A refusal is shown here, next to the field it
is about, and the dialog stays open: nothing was written. On success the dialog announces the new project on
the bus and closes; `created` tells the caller which project to open.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core import project_creation, project_service
from app.core import reference as ref
from app.core.changes import Changes
from app.core.errors import ValidationError
from app.core.workspace import Workspace
from app.ui.change_bus import ChangeBus
from app.ui.editor_departments import DepartmentListEditor
from app.ui.project_editor import field_label
from app.ui.user_errors import chinese_part
from app.ui.widgets import ErrorLabel, em, line_height, multiline_edit, ok_cancel_buttons

TEXT_FIELDS = {"entities": 2, "location": 2, "scale": 3, "content": 4, "note": 2}  # field -> visible lines


class NewProjectDialog(QDialog):
    """One new project, written in one transaction by app.core.project_creation.create_project."""

    def __init__(self, ws: Workspace, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.bus = bus
        self.created: project_creation.NewProject | None = None
        self.setWindowTitle(self.tr("新建项目"))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.inputs: dict[str, QWidget] = {}
        self.field_errors: dict[str, ErrorLabel] = {}

        lay = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "新增规划附表以外的项目。保存后打开项目窗口，可继续填写其余信息；"
                "市级的数据包会把新项目带到各县区和牵头部门。"
            )
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)

        host = QWidget()
        self.form = QFormLayout(host)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._build_fields()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(host)
        lay.addWidget(scroll, 1)

        self.error = ErrorLabel()  # refusals that are about no single field (the office, the database)
        self.error.setObjectName("newProjectError")
        lay.addWidget(self.error)
        self.buttons, self.ok_button = ok_cancel_buttons(self, self.tr("确定"), self.tr("取消"), self.save)
        lay.addWidget(self.buttons)

        # Why this database may not add projects (read-only, or not the city): said before anyone types.
        refusal = project_creation.project_creation_refusal(ws)
        if refusal is not None:
            self.error.show_error(chinese_part(refusal))
            self.ok_button.setEnabled(False)
        self.resize(em(self, 46), min(em(self, 52), line_height(self, 44)))
        self.name_edit.setFocus()

    # ------------------------------------------------------------------ structure
    def _build_fields(self) -> None:
        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(40)
        self.code_edit.setPlaceholderText(
            self.tr("留空则自动编号（%1）").replace("%1", f"{project_creation.NEW_CODE_PREFIX}01、02…")
        )
        self._add_row("code", self.code_edit)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("必填"))
        self._add_row("name", self.name_edit)
        self.county_combo = QComboBox()
        self.county_combo.addItems(project_service.known_counties(self.ws))
        self.county_combo.setCurrentIndex(max(self.county_combo.findText(ref.CITY_LEVEL), 0))
        self._add_row("county", self.county_combo)
        self.status_combo = QComboBox()
        self.status_combo.addItems(ref.STATUSES)
        self._add_row("status", self.status_combo)
        self.investment_edit = QLineEdit()
        self.land_edit = QLineEdit()
        for key, edit in (("investment_total", self.investment_edit), ("new_land_mu", self.land_edit)):
            edit.setMaxLength(24)
            edit.setPlaceholderText(self.tr("留空表示未知"))
            self._add_row(key, edit)
        self.departments = DepartmentListEditor(self._add_department)
        self.departments.set_known(project_service.known_departments(self.ws))
        self._add_row("lead_departments", self.departments)
        self.texts: dict[str, QPlainTextEdit] = {}
        for key, rows in TEXT_FIELDS.items():
            text = multiline_edit(self, rows, self.tr("每行一个建设主体") if key == "entities" else None)
            self.texts[key] = text
            self._add_row(key, text)

    def _add_row(self, key: str, widget: QWidget) -> None:
        """The field with its own error line under it (hidden until the core refuses that field)."""
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = ErrorLabel()
        column.addWidget(error)
        self.form.addRow(field_label(key), cell)
        self.inputs[key] = widget
        self.field_errors[key] = error

    def _add_department(self, name: str) -> str:
        created = project_service.add_department(self.ws, name)
        self.bus.announce(Changes(reference=True))  # every project's department list
        return created

    # ------------------------------------------------------------------ values
    def values(self) -> dict[str, Any]:
        """What was typed, as create_project takes it: text as typed (the core parses and checks it); empty
        optional fields are left out."""
        fields: dict[str, Any] = {
            "status": self.status_combo.currentText(),
            "lead_departments": list(self.departments.value()),
            "investment_total": self.investment_edit.text().strip(),
            "new_land_mu": self.land_edit.text().strip(),
        }
        for key, text in self.texts.items():
            fields[key] = text.toPlainText()
        return {key: value for key, value in fields.items() if value not in ("", [])}

    def _take_pending_department(self) -> bool:
        """A department typed into the pick box but not yet added is what the person meant: add it, or say why
        it cannot be (the box shows 不是已知部门)."""
        pending = self.departments.combo.currentText().strip()
        if not pending:
            return True
        if pending in self.departments.value():
            self.departments.combo.setEditText("")
            return True
        return self.departments.add(pending)

    # ------------------------------------------------------------------ saving
    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message next to its field; anything else (the office, the database) above the buttons."""
        elsewhere: list[str] = []
        for key, label in self.field_errors.items():
            label.show_error(chinese_part(errors[key]) if key in errors else None)
        for key, message in errors.items():
            if key not in self.field_errors:
                elsewhere.append(chinese_part(message))
        self.error.show_error("；".join(elsewhere) or None)
        first = next((key for key in self.field_errors if key in errors), None)
        if first is not None:
            widget = self.inputs[first]
            focus = widget.combo if isinstance(widget, DepartmentListEditor) else widget
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> bool:
        self.show_errors({})
        if not self._take_pending_department():
            return False
        try:
            self.created = project_creation.create_project(
                self.ws,
                name=self.name_edit.text(),
                county=self.county_combo.currentText(),
                code=self.code_edit.text().strip() or None,
                fields=self.values(),
                source="manual",
            )
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except Exception as exc:
            if not self.error.show_write_error(exc):
                raise
            return False
        self.bus.announce(Changes(projects=True))
        self.accept()
        return True
