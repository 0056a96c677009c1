"""导出 Excel: the portfolio (all, or the projects currently listed), or a data-entry workbook for one
county / lead department and one quarter. The work runs through run_in_background; no session here."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.workspace import Workspace
from app.exchange import service as exchange
from app.ui.change_bus import ChangeBus
from app.ui.settings import AppSettings
from app.ui.tasks import run_in_background

PERIOD_RE = re.compile(r"^\d{4}[Qq][1-4]$")


def _safe_filename(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_") or "导出"


class ExportDialog(QDialog):
    """Choose portfolio export vs entry workbook, the scope, the period and the file; then export."""

    def __init__(
        self, ws: Workspace, bus: ChangeBus, parent: QWidget | None = None, *, project_ids: list[str] | None = None
    ):
        """`project_ids`: the projects the portfolio lists now (offered as "only these"). Exporting writes no
        data, so nothing is announced on `bus`."""
        super().__init__(parent)
        self.ws = ws
        self.bus = bus
        self.project_ids = list(project_ids) if project_ids is not None else None
        self.result_summary: dict[str, Any] | None = None
        self._running = False
        self._path_edited = False
        self._tasks: list[Any] = []
        self.setWindowTitle(self.tr("导出 Excel"))
        self.choices = exchange.export_choices(ws)

        layout = QVBoxLayout(self)
        kind_box = QGroupBox(self.tr("导出内容"))
        kind_layout = QVBoxLayout(kind_box)
        self.portfolio_radio = QRadioButton(self.tr("项目清单（含进度与评价列，可在 Excel 中筛选、打印）"))
        self.entry_radio = QRadioButton(self.tr("县区/部门季度填报表（发给县区离线填写后导入）"))
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.portfolio_radio, 0)
        self.kind_group.addButton(self.entry_radio, 1)
        self.portfolio_radio.setChecked(True)
        kind_layout.addWidget(self.portfolio_radio)
        kind_layout.addWidget(self.entry_radio)
        layout.addWidget(kind_box)

        # portfolio options
        self.portfolio_box = QGroupBox(self.tr("项目清单选项"))
        pf = QFormLayout(self.portfolio_box)
        self.only_visible = QCheckBox(
            self.tr("仅导出当前列表中的 %1 个项目").replace("%1", str(len(self.project_ids or [])))
        )
        self.only_visible.setChecked(self.project_ids is not None)
        self.only_visible.setVisible(self.project_ids is not None)
        pf.addRow(self.only_visible)
        self.per_table = QCheckBox(self.tr("每个附表另建一个工作表"))
        pf.addRow(self.per_table)
        self.portfolio_period = QComboBox()
        self.portfolio_period.addItem(self.tr("最新填报"), None)
        for code in self.choices["periods"]:
            self.portfolio_period.addItem(code, code)
        pf.addRow(self.tr("进度数据报告期："), self.portfolio_period)
        layout.addWidget(self.portfolio_box)

        # entry workbook options
        self.entry_box = QGroupBox(self.tr("填报表选项"))
        ef = QFormLayout(self.entry_box)
        self.scope_kind = QComboBox()
        self.scope_kind.addItem(self.tr("县区"), "county")
        self.scope_kind.addItem(self.tr("牵头部门"), "department")
        ef.addRow(self.tr("填报单位类型："), self.scope_kind)
        self.scope_name = QComboBox()
        self.scope_name.setEditable(False)
        ef.addRow(self.tr("填报单位："), self.scope_name)
        self.entry_period = QComboBox()
        self.entry_period.setEditable(True)
        states = self.choices.get("period_states", {})
        for code in self.choices["periods"]:
            label = code + (self.tr("（已锁定）") if states.get(code) == "locked" else "")
            self.entry_period.addItem(label, code)
        default_index = self.entry_period.findData(self.choices["default_period"])
        self.entry_period.setCurrentIndex(max(default_index, 0))
        ef.addRow(self.tr("报告期（如 2025Q3）："), self.entry_period)
        layout.addWidget(self.entry_box)

        # file
        file_row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("保存位置（.xlsx）"))
        self.path_edit.textEdited.connect(self._mark_path_edited)
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self.browse)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        layout.addWidget(QLabel(self.tr("保存到：")))
        layout.addLayout(file_row)

        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导出"))
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.kind_group.idToggled.connect(lambda *_: self._update())
        self.scope_kind.currentIndexChanged.connect(self._fill_scope_names)
        self.scope_name.currentIndexChanged.connect(lambda *_: self._suggest_path())
        self.entry_period.currentTextChanged.connect(lambda *_: self._suggest_path())
        self._fill_scope_names()
        self._update()

    # ------------------------------------------------------------------ state
    def is_entry(self) -> bool:
        return self.entry_radio.isChecked()

    def _mark_path_edited(self, *_: Any) -> None:
        self._path_edited = True

    def _fill_scope_names(self) -> None:
        self.scope_name.blockSignals(True)
        self.scope_name.clear()
        names = self.choices["counties"] if self.scope_kind.currentData() == "county" else self.choices["departments"]
        for name in names:
            self.scope_name.addItem(name, name)
        self.scope_name.blockSignals(False)
        self._suggest_path()

    def _update(self) -> None:
        entry = self.is_entry()
        self.entry_box.setVisible(entry)
        self.portfolio_box.setVisible(not entry)
        self._suggest_path()
        self.adjustSize()

    def entry_period_code(self) -> str | None:
        data: str | None = self.entry_period.currentData()
        text = self.entry_period.currentText().strip()
        if data and text.startswith(data):
            return data
        return text.upper() if PERIOD_RE.match(text) else None

    def _suggest_path(self) -> None:
        if self._path_edited:
            return
        folder = Path(self.path_edit.text()).parent if self.path_edit.text() else AppSettings().export_folder()
        if self.is_entry():
            name = f"{self.scope_name.currentText()}_{self.entry_period_code() or ''}_季度填报表.xlsx"
        else:
            name = f"重点项目清单_{dt.date.today():%Y%m%d}.xlsx"
        self.path_edit.setText(str(folder / _safe_filename(name)))

    def browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存为"), self.path_edit.text(), self.tr("Excel 工作簿 (*.xlsx)")
        )
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            self.path_edit.setText(path)
            self._path_edited = True

    # ------------------------------------------------------------------ export
    def _request(self) -> tuple[Any, dict[str, Any]] | None:
        path = self.path_edit.text().strip()
        if not path:
            self.message.setText(self.tr("请选择保存位置。"))
            return None
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        if self.is_entry():
            period = self.entry_period_code()
            if period is None:
                self.message.setText(self.tr("报告期格式应为“2025Q3”。"))
                return None
            key = self.scope_kind.currentData()
            kwargs = {"path": path, "period": period, key: self.scope_name.currentData()}
            return exchange.export_entry_workbook, kwargs
        kwargs = {"path": path, "per_table": self.per_table.isChecked(), "period": self.portfolio_period.currentData()}
        if self.project_ids is not None and self.only_visible.isChecked():
            kwargs["project_ids"] = self.project_ids
        return exchange.export_portfolio, kwargs

    def export(self) -> None:
        if self._running:
            return
        request = self._request()
        if request is None:
            return
        fn, kwargs = request
        ws = self.ws
        self._running = True
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("正在导出…"))

        def work(ctx):
            return fn(ws, progress=lambda d, t, m: ctx.report(d, t, m), **kwargs)

        # Keep the task context (and its Qt signal object) alive on the GUI thread: see ImportWizard.keep.
        self._tasks.append(
            run_in_background(self, self.tr("正在导出…"), work, self._done, self._failed, cancellable=False)
        )

    def _done(self, summary: dict[str, Any]) -> None:
        self._running = False
        self.buttons.setEnabled(True)
        self.result_summary = summary
        lines = [self.tr("已导出：%1").replace("%1", summary["path"])]
        if "milestones" in summary:
            lines.append(
                self.tr("%1 %2：%3 个项目，%4 个里程碑节点")
                .replace("%1", summary["scope"])
                .replace("%2", summary["period"])
                .replace("%3", str(summary["projects"]))
                .replace("%4", str(summary["milestones"]))
            )
        else:
            lines.append(self.tr("%1 个项目").replace("%1", str(summary["projects"])))
        lines += summary.get("warnings", [])
        self.message.setText("\n".join(lines))
        if self.isVisible():
            QMessageBox.information(self, self.tr("导出完成"), "\n".join(lines))
        self.accept()

    def _failed(self, exc: BaseException, _tb: str) -> None:
        self._running = False
        self.buttons.setEnabled(True)
        if isinstance(exc, PermissionError):
            text = self.tr("无法写入文件（可能正在 Excel/WPS 中打开），请关闭后重试：%1").replace(
                "%1", str(exc.filename or exc)
            )
        else:
            text = str(exc)
        self.message.setText(text)
        if self.isVisible():
            QMessageBox.critical(self, self.tr("导出失败"), text)
