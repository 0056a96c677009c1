"""设置 dialog: what this database is (office, reporting unit, signatories: shared by everyone using it) and what
this user prefers (display name in the audit log, default export folder, language: this PC only).

The database part goes through app.core.settings_service (one transaction, audited; the office by
app.core.office's rule, as the CLI's `office set`); the personal part is QSettings (app.ui.settings.AppSettings).
保存 stores both and closes; a refused value is explained in the dialog, which stays open; 取消 / Esc changes
nothing. Once the database has exchanged packages its office cannot change: the choice is disabled, with why.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import office, project_service, reference, settings_service
from app.core.errors import ValidationError
from app.core.workspace import Workspace
from app.ui.app_setup import LANGUAGES
from app.ui.change_bus import ChangeBus
from app.ui.settings import AppSettings
from app.ui.user_errors import write_error_text

NOT_SET = ""


def office_choices(ws: Workspace, parent: QWidget | None = None) -> QComboBox:
    """The offices a database can belong to (app.core.office's rule): the city, each county/district, each lead
    department; the item's data is the name `office.set_office` takes. The stored office is selected; while
    none is set the first item is （未设置）."""
    combo = QComboBox(parent)
    current = office.load_office(ws)
    if current is None:
        combo.addItem(QCoreApplication.translate("SettingsDialog", "（未设置）"), NOT_SET)
    city = QCoreApplication.translate("SettingsDialog", "%1（大同市）").replace("%1", reference.CITY_LEVEL)
    combo.addItem(city, reference.CITY_LEVEL)
    for name in reference.COUNTY_NAMES:
        if name != reference.CITY_LEVEL:
            combo.addItem(name, name)
    department = QCoreApplication.translate("SettingsDialog", "%1（牵头部门）")
    for name in project_service.known_departments(ws):
        combo.addItem(department.replace("%1", name), name)
    combo.setCurrentIndex(max(combo.findData(current.name if current else NOT_SET), 0))
    combo.setMaxVisibleItems(20)
    return combo


class SettingsDialog(QDialog):
    def __init__(
        self, ws: Workspace, bus: ChangeBus, parent: QWidget | None = None, *, settings: AppSettings | None = None
    ):
        super().__init__(parent)
        self.ws = ws
        self.bus = bus
        self.settings = settings or AppSettings()
        self.language_changed = False
        self.setWindowTitle(self.tr("设置"))
        current = settings_service.load_settings(ws)
        layout = QVBoxLayout(self)

        shared = QGroupBox(self.tr("本数据库（所有使用者共用，保存在数据库中）"))
        form = QFormLayout(shared)
        self.office_combo = office_choices(ws, self)
        self.office_combo.setObjectName("officeCombo")
        form.addRow(self.tr("本库所属单位："), self.office_combo)
        self.office_lock = QLabel()  # why the office can no longer change (after a package exchange)
        self.office_lock.setObjectName("officeLockReason")
        self.office_lock.setWordWrap(True)
        self.office_lock.setStyleSheet("color: palette(placeholder-text);")
        lock_reason = office.office_lock_reason(ws)
        if lock_reason:
            self.office_combo.setEnabled(False)
            self.office_combo.setToolTip(lock_reason)
            self.office_lock.setText(lock_reason)
            form.addRow("", self.office_lock)
        self.text_edits: dict[str, QLineEdit] = {}
        placeholders = {
            "unit": self.tr("印在报告封面和签发页，例如：大同市规划和自然资源局"),
            "preparer": self.tr("留空则不印"),
            "reviewer": self.tr("留空则留出签名横线"),
            "approver": self.tr("留空则不印"),
        }
        for spec in settings_service.SETTINGS:
            if spec.name == "office":
                continue
            edit = QLineEdit(current.value(spec.name) or "")
            edit.setObjectName(f"setting_{spec.name}")
            edit.setPlaceholderText(placeholders.get(spec.name, ""))
            form.addRow(self.tr("%1：").replace("%1", spec.label), edit)
            self.text_edits[spec.name] = edit
        if ws.read_only:
            for widget in (self.office_combo, *self.text_edits.values()):
                widget.setEnabled(False)
                widget.setToolTip(ws.read_only_reason)
            form.addRow(QLabel(self.tr("只读打开，不能修改：%1").replace("%1", ws.read_only_reason)))
        layout.addWidget(shared)

        personal = QGroupBox(self.tr("本机个人设置（仅本用户）"))
        pform = QFormLayout(personal)
        self.name_edit = QLineEdit(self.settings.get("display_name"))
        self.name_edit.setPlaceholderText(self.tr("留空则使用登录名：%1").replace("%1", ws.user))
        pform.addRow(self.tr("我的姓名（记入修改记录）："), self.name_edit)
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(self.settings.get("export_folder"))
        self.folder_edit.setPlaceholderText(str(self.settings.export_folder()))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self.choose_folder)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        pform.addRow(self.tr("默认导出文件夹："), folder_row)
        self.language_combo = QComboBox()
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(self.settings.language), 0))
        pform.addRow(self.tr("界面语言（重新启动后生效）："), self.language_combo)
        layout.addWidget(personal)

        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def choose_folder(self) -> None:
        start = self.folder_edit.text().strip() or str(self.settings.export_folder())
        folder = QFileDialog.getExistingDirectory(self, self.tr("默认导出文件夹"), start)
        if folder:
            self.folder_edit.setText(folder)

    def database_values(self) -> dict[str, str | None]:
        values: dict[str, str | None] = {"office": self.office_combo.currentData() or None}
        values.update({name: edit.text() for name, edit in self.text_edits.items()})
        return values

    def save(self) -> None:
        from pathlib import Path

        folder = self.folder_edit.text().strip()
        if folder and not Path(folder).is_dir():
            self.message.setText(self.tr("默认导出文件夹不存在：%1").replace("%1", folder))
            return
        if not self.ws.read_only:
            try:
                saved = settings_service.save_settings(self.ws, self.database_values())
            except ValidationError as exc:
                self.message.setText(str(exc))
                return
            except Exception as exc:  # the database refused the write (read-only file, locked): say so, stay open
                text = write_error_text(exc)
                if text is None:
                    raise
                self.message.setText(text)
                return
            if saved.changed:
                self.bus.announce(saved.changes)
        name = self.name_edit.text().strip()
        self.settings.set("display_name", name)
        self.settings.set("export_folder", folder)
        language = self.language_combo.currentData()
        self.language_changed = language != self.settings.language
        self.settings.language = language
        self.ws.user = name or self.ws.user  # from now on, this session's edits are recorded under this name
        self.accept()
