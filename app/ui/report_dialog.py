"""季度报告 dialog (Ctrl+P): choose the quarter, the scope and options, generate the PDF in the background,
then open it in the system PDF viewer to read or print.

Printing: 打印预览 shows the PDF's own pages inside the program (app.ui.print_preview renders them with
pypdfium2, as PySide6-Essentials has no QtPdf) and prints them through QPrinter; the system viewer
(QDesktopServices) stays available.
No SQLAlchemy session here: everything goes through app.reports.service.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import period_service
from app.core.changes import Changes
from app.core.workspace import Workspace
from app.reports import service
from app.ui.change_bus import ChangeBus
from app.ui.settings import AppSettings
from app.ui.tasks import TaskContext, run_in_background
from app.ui.user_errors import write_error_text
from app.ui.window_release import run_modal

SCOPE_ALL, SCOPE_COUNTY, SCOPE_DEPARTMENT, SCOPE_TABLE = "all", "county", "department", "table"


def _safe_filename(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_") or "季度报告"


class ReportDialog(QDialog):
    """Generate a quarterly progress report (PDF)."""

    reportFinished = Signal(object)  # service.ReportResult
    reportFailed = Signal(str)

    def __init__(self, ws: Workspace, bus: ChangeBus, parent: QWidget | None = None, *, period: str | None = None):
        """`period`: the quarter chosen in the portfolio, preselected. A report of a locked quarter is archived
        (a snapshot row): that write is announced on `bus` as a change of the quarters."""
        super().__init__(parent)
        self.ws = ws
        self.bus = bus
        self.report_result: service.ReportResult | None = None
        self._running = False
        self._path_edited = False
        self.setWindowTitle(self.tr("生成季度进度报告"))
        self.choices = service.report_choices(ws)

        layout = QVBoxLayout(self)
        form_box = QGroupBox(self.tr("报告内容"))
        form = QFormLayout(form_box)

        self.period_combo = QComboBox()
        for code, label in self._period_items():
            self.period_combo.addItem(label, code)
        wanted = period or self.choices["default_period"]
        index = self.period_combo.findData(wanted)
        self.period_combo.setCurrentIndex(max(index, 0))
        form.addRow(self.tr("报告期："), self.period_combo)

        scope_row = QHBoxLayout()
        self.scope_kind = QComboBox()
        self.scope_kind.addItem(self.tr("全市（全部项目）"), SCOPE_ALL)
        self.scope_kind.addItem(self.tr("按县区"), SCOPE_COUNTY)
        self.scope_kind.addItem(self.tr("按牵头部门"), SCOPE_DEPARTMENT)
        self.scope_kind.addItem(self.tr("按规划附表"), SCOPE_TABLE)
        self.scope_value = QComboBox()
        self.scope_value.setMinimumContentsLength(16)
        scope_row.addWidget(self.scope_kind)
        scope_row.addWidget(self.scope_value, 1)
        form.addRow(self.tr("报告范围："), scope_row)

        self.details_check = QCheckBox(
            self.tr("附项目详情页（每个项目单独一页：基本信息、里程碑、季度进度、问题与计划）")
        )
        form.addRow("", self.details_check)
        self.unit_edit = QLineEdit()
        self.unit_edit.setPlaceholderText(self.tr("留空则使用系统设置，未设置时封面留空供手填"))
        form.addRow(self.tr("编制单位："), self.unit_edit)

        path_row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.textEdited.connect(self._on_path_edited)
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self.choose_path)
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form.addRow(self.tr("保存为："), path_row)
        layout.addWidget(form_box)

        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        layout.addWidget(self.state_label)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result_label)

        buttons = QHBoxLayout()
        self.generate_button = QPushButton(self.tr("生成报告"))
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.preview_button = QPushButton(self.tr("打印预览…"))
        self.preview_button.setToolTip(self.tr("在本程序中预览报告的每一页并打印（A4、双面、页码范围）"))
        self.preview_button.clicked.connect(self.open_preview)
        self.open_button = QPushButton(self.tr("打开 / 打印…"))
        self.open_button.setToolTip(self.tr("用系统 PDF 阅读器打开，可预览并打印"))
        self.open_button.clicked.connect(self.open_pdf)
        self.folder_button = QPushButton(self.tr("打开所在文件夹"))
        self.folder_button.clicked.connect(self.open_folder)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        for b in (self.generate_button, self.preview_button, self.open_button, self.folder_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.open_button.setEnabled(False)
        self.preview_button.setEnabled(False)
        self.folder_button.setEnabled(False)

        self.scope_kind.currentIndexChanged.connect(self._fill_scope_values)
        self.scope_kind.currentIndexChanged.connect(self._suggest_path)
        self.scope_value.currentIndexChanged.connect(self._suggest_path)
        self.period_combo.currentIndexChanged.connect(self._suggest_path)
        self.period_combo.currentIndexChanged.connect(self._show_state)
        self.details_check.toggled.connect(self._suggest_path)
        self._fill_scope_values()
        self._suggest_path()
        self._show_state()
        self.resize(620, self.sizeHint().height())

    # ------------------------------------------------------------------ choices
    def _period_items(self) -> list[tuple[str, str]]:
        known = {p["code"]: p for p in self.choices["periods"]}
        codes = set(known).union(period_service.choosable_quarters(self.ws))
        items = []
        for code in sorted(codes, reverse=True):
            y, q = int(code[:4]), int(code[-1])
            template = self.tr("%1年第%2季度")  # English: "%1 Q%2" with the quarter's digit
            quarter_word = "一二三四"[q - 1] if "季度" in template else str(q)
            label = template.replace("%1", str(y)).replace("%2", quarter_word)
            info = known.get(code)
            if info and info["state"] != "open":
                label += f"（{info['state_label']}）"
            if info and info.get("records"):
                label += self.tr("，%1 条进度").replace("%1", str(info["records"]))
            items.append((code, label))
        return items

    def _fill_scope_values(self) -> None:
        kind = self.scope_kind.currentData()
        self.scope_value.blockSignals(True)
        self.scope_value.clear()
        if kind == SCOPE_COUNTY:
            for name in self.choices["counties"]:
                self.scope_value.addItem(name, name)
        elif kind == SCOPE_DEPARTMENT:
            for name in self.choices["departments"]:
                self.scope_value.addItem(name, name)
        elif kind == SCOPE_TABLE:
            for number, label in self.choices["tables"]:
                self.scope_value.addItem(label, str(number))
        self.scope_value.setEnabled(kind != SCOPE_ALL)
        self.scope_value.blockSignals(False)

    def _show_state(self) -> None:
        code = self.period_combo.currentData()
        info = next((p for p in self.choices["periods"] if p["code"] == code), None)
        if info and info["state"] == "locked":
            text = self.tr("该季度已锁定：报告将存档并记录 SHA-256，之后可随时核对是否与数据一致。")
        elif info and info.get("records"):
            text = self.tr("该季度尚未锁定：报告反映当前数据，数据可能仍会变动。")
        else:
            text = self.tr("该季度尚无进度数据：报告将注明“无数据”，投资完成情况显示为未知。")
        self.state_label.setText(text)

    def scope(self) -> service.Scope:
        kind = self.scope_kind.currentData()
        if kind == SCOPE_ALL:
            return service.Scope()
        return service.Scope(kind, self.scope_value.currentData())

    def options(self) -> service.ReportOptions:
        return service.ReportOptions(details=self.details_check.isChecked(), unit=self.unit_edit.text().strip() or None)

    # ------------------------------------------------------------------ output file
    def _on_path_edited(self, _text: str) -> None:
        self._path_edited = True

    def _default_folder(self) -> Path:
        return AppSettings().export_folder()  # 设置 → 默认导出文件夹, else 文档

    def _suggest_path(self) -> None:
        if self._path_edited:
            return
        code = self.period_combo.currentData() or ""
        scope = self.scope_kind.currentData()
        label = "全市" if scope == SCOPE_ALL else (self.scope_value.currentText() or "")
        suffix = "_含详情" if self.details_check.isChecked() else ""
        name = _safe_filename(f"季度进度报告_{code}_{label}{suffix}") + ".pdf"
        current = self.path_edit.text().strip()
        folder = Path(current).parent if current else self._default_folder()
        self.path_edit.setText(str(folder / name))

    def choose_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存季度报告"), self.path_edit.text(), self.tr("PDF 文件 (*.pdf)")
        )
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.path_edit.setText(path)
            self._path_edited = True

    # ------------------------------------------------------------------ generation
    def generate(self, path: str | None = None, *, confirm_overwrite: bool = True) -> None:
        if self._running:
            return
        target = (path or self.path_edit.text()).strip()
        if not target:
            self.choose_path()
            target = self.path_edit.text().strip()
            if not target:
                return
        if confirm_overwrite and Path(target).exists() and path is None:
            answer = QMessageBox.question(
                self, self.tr("文件已存在"), self.tr("“%1”已存在，是否覆盖？").replace("%1", target)
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        ws, code, scope, options = self.ws, self.period_combo.currentData(), self.scope(), self.options()

        def work(ctx: TaskContext) -> service.ReportResult:
            return service.generate_report(
                ws, code, scope, options, target, progress_callback=ctx.report, cancel_check=ctx.check
            )

        self._running = True
        self.generate_button.setEnabled(False)
        self.result_label.setText(self.tr("正在生成…"))
        run_in_background(self, self.tr("正在生成季度报告…"), work, self._done, self._failed, on_cancel=self._cancelled)

    def _done(self, result: service.ReportResult) -> None:
        self._running = False
        self.generate_button.setEnabled(True)
        self.report_result = result
        lines = [
            self.tr("已生成：%1").replace("%1", result.path or ""),
            self.tr("共 %1 页，%2 个项目。").replace("%1", str(result.pages)).replace("%2", str(result.projects)),
        ]
        if result.snapshot == "stored":
            lines.append(self.tr("锁定季度的报告已存档（SHA-256：%1）。").replace("%1", result.sha256[:16] + "…"))
        elif result.snapshot == "unchanged":
            lines.append(self.tr("与已存档的报告逐字节一致（SHA-256：%1）。").replace("%1", result.sha256[:16] + "…"))
        elif result.snapshot == "changed":
            lines.append(self.tr("注意：与先前存档的报告不同，已另存为新版本。"))
        lines += [f"⚠ {w}" for w in result.warnings]
        self.result_label.setText("\n".join(lines))
        self.adjustSize()
        self.open_button.setEnabled(True)
        self.preview_button.setEnabled(True)
        self.folder_button.setEnabled(True)
        if result.snapshot in ("stored", "changed"):
            self.bus.announce(Changes(periods=True))
        self.reportFinished.emit(result)

    def _cancelled(self) -> None:
        self._running = False
        self.generate_button.setEnabled(True)
        self.result_label.setText(self.tr("已取消，未写入文件。"))

    def _failed(self, exc: BaseException, _tb: str) -> None:
        self._running = False
        self.generate_button.setEnabled(True)
        message = write_error_text(exc) or str(exc)
        self.result_label.setText(self.tr("生成失败：%1").replace("%1", message))
        self.reportFailed.emit(message)
        if self.isVisible():
            QMessageBox.critical(self, self.tr("生成失败"), message)

    def open_pdf(self) -> None:
        if self.report_result and self.report_result.path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.report_result.path))

    def open_preview(self) -> None:
        if self.report_result and self.report_result.path:
            from app.ui.print_preview import PrintPreviewDialog

            run_modal(PrintPreviewDialog(self.report_result.path, self))  # its page images: freed on close

    def open_folder(self) -> None:
        if self.report_result and self.report_result.path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.report_result.path).parent)))

    def done(self, code: int) -> None:
        if self._running:
            return
        super().done(code)
