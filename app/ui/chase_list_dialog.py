"""催报名单: the offices that had not reported the quarter by a chosen date, and its printable A4 PDF.

The list follows the date as it is typed (app.core.submissions.chase_list); 导出 PDF 并预览 writes the PDF
(app.reports.chase_list, in the background) and opens it in the program's print preview, from which it is
printed on A4 or opened in the system viewer. The date box is the app's one date field (DateEdit), so the
same spellings as everywhere else are accepted.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import submissions
from app.core.errors import ValidationError
from app.core.output_files import OutputFileError
from app.core.workspace import Workspace
from app.ui.list_models import ListTableModel
from app.ui.models import format_datetime
from app.ui.settings import AppSettings
from app.ui.tasks import TaskContext, run_in_background
from app.ui.user_errors import chinese_part, write_error_text
from app.ui.widgets import DateEdit, DateInputError, ErrorLabel, em, record_table, user_error_text


class ChaseListDialog(QDialog):
    """The late offices of one quarter as of a date, and 导出 PDF 并预览."""

    def __init__(self, ws: Workspace, period: str, parent: QWidget | None = None, *, by: dt.date | None = None):
        super().__init__(parent)
        self.ws = ws
        self.period = submissions.canonical_period(period)
        self.late: list[submissions.SubmissionInfo] = []
        self.preview: QDialog | None = None
        self.written: Path | None = None
        self._running = False
        self._path_edited = False
        self.setWindowTitle(self.tr("催报名单 — %1").replace("%1", self.period))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(self.tr("季度："), QLabel(self.period))
        self.date_edit = DateEdit(optional=False)
        self.date_edit.set_value(by or dt.date.today())
        self.date_edit.changed.connect(self.reload)
        form.addRow(self.tr("截至日期："), self.date_edit)
        lay.addLayout(form)
        self.summary = QLabel()
        self.summary.setObjectName("chaseSummary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.model = ListTableModel(
            [
                (self.tr("单位"), lambda i: i.office),
                (self.tr("当前状态"), lambda i: i.state_label),
                (self.tr("最近日期"), lambda i: format_datetime(i.date)),
            ],
            self,
        )
        self.table = record_table(self, self.model, (10, 10, 10), word_wrap=False)
        lay.addWidget(self.table, 1)
        path_row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.textEdited.connect(self._on_path_edited)
        browse = QPushButton(self.tr("浏览…"))
        browse.setAutoDefault(False)
        browse.clicked.connect(self.choose_path)
        path_row.addWidget(QLabel(self.tr("保存到：")))
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        lay.addLayout(path_row)
        self.error = ErrorLabel()
        lay.addWidget(self.error)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        lay.addWidget(self.result_label)
        buttons = QHBoxLayout()
        self.export_button = QPushButton(self.tr("导出 PDF 并预览"))
        self.export_button.clicked.connect(self.export_pdf)
        close = QPushButton(self.tr("关闭"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        lay.addLayout(buttons)
        self.reload()
        self.resize(em(self, 40), em(self, 30))

    # ------------------------------------------------------------------ the list
    def by_date(self) -> dt.date | None:
        try:
            return self.date_edit.value()
        except DateInputError:
            return None

    def reload(self) -> None:
        by = self.by_date()
        if by is None:
            self.model.set_items([])
            self.summary.setText("")
            self.error.show_error(self.date_edit.problem())
            self.export_button.setEnabled(False)
            return
        self.error.show_error(None)
        self.late = submissions.chase_list(self.ws, self.period, by)
        self.model.set_items(self.late)
        when = f"{by.year}年{by.month}月{by.day}日"
        if self.late:
            self.summary.setText(
                self.tr("截至%1，以下 %2 个单位尚未报送 %3：")
                .replace("%1", when)
                .replace("%2", str(len(self.late)))
                .replace("%3", self.period)
            )
        else:
            self.summary.setText(
                self.tr("截至%1，所有单位均已报送 %2。").replace("%1", when).replace("%2", self.period)
            )
        self.export_button.setEnabled(not self._running)
        self._suggest_path(by)

    # ------------------------------------------------------------------ the PDF
    def _on_path_edited(self, _text: str) -> None:
        self._path_edited = True

    def _suggest_path(self, by: dt.date) -> None:
        if self._path_edited:
            return
        current = self.path_edit.text().strip()
        folder = Path(current).parent if current else AppSettings().export_folder()
        self.path_edit.setText(str(folder / f"催报名单_{self.period}_截至{by.isoformat()}.pdf"))

    def choose_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存催报名单"), self.path_edit.text(), self.tr("PDF 文件 (*.pdf)")
        )
        if path:
            self.path_edit.setText(path if path.lower().endswith(".pdf") else path + ".pdf")
            self._path_edited = True

    def export_pdf(self) -> None:
        by = self.by_date()
        target = self.path_edit.text().strip()
        if self._running or by is None:
            return
        if not target:
            self.error.show_error(self.tr("请填写保存 PDF 的位置。"))
            return
        force = False
        if Path(target).exists():
            answer = QMessageBox.question(
                self, self.tr("文件已存在"), self.tr("“%1”已存在，是否覆盖？").replace("%1", target)
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            force = True
        from app.reports.chase_list import write_chase_list  # reportlab: loaded when first printed

        ws, period = self.ws, self.period

        def work(_ctx: TaskContext) -> Path:
            return write_chase_list(ws, period, by, target, force=force).path

        self._running = True
        self.export_button.setEnabled(False)
        self.error.show_error(None)
        self.result_label.setText(self.tr("正在生成…"))
        run_in_background(self, self.tr("正在生成催报名单…"), work, self._written, self._failed, cancellable=False)

    def _written(self, path: Path) -> None:
        self._running = False
        self.export_button.setEnabled(True)
        self.written = path
        self.result_label.setText(self.tr("已生成：%1").replace("%1", str(path)))
        from app.ui.print_preview import PdfPreviewError, PrintPreviewDialog

        try:
            self.preview = PrintPreviewDialog(path, self)
        except PdfPreviewError as exc:
            self.error.show_error(str(exc))
            return
        self.preview.setObjectName("chaseListPreview")
        self.preview.show()  # not modal: the list stays usable beside it

    def _failed(self, exc: BaseException, _tb: str) -> None:
        self._running = False
        self.export_button.setEnabled(True)
        self.result_label.setText("")
        if isinstance(exc, (OutputFileError, ValidationError)):
            message: str | None = chinese_part(user_error_text(exc))
        else:
            message = write_error_text(exc) or self.tr("生成失败：%1").replace("%1", str(exc))
        self.error.show_error(message)

    def done(self, code: int) -> None:
        if self._running:  # the PDF is being written: closing now would drop the result
            return
        super().done(code)
