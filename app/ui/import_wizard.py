"""导入向导: choose a file -> preview (old -> new, errors) -> resolve conflicts -> import -> result.

Nothing is written before the user presses 导入 on the last step; then app.exchange.service.apply_import
writes everything in one transaction (or nothing) and checks that the file is still the one previewed.
The reading, checking and writing run through run_in_background; this module never opens a session.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDir, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.core.changes import Changes
from app.core.workspace import Workspace
from app.exchange import file_checks, xlsx_import
from app.exchange import service as exchange
from app.ui import status_style
from app.ui.change_bus import ChangeBus
from app.ui.tasks import run_in_background
from app.ui.user_errors import write_error_text

PAGE_FILE, PAGE_PREVIEW, PAGE_CONFLICTS, PAGE_RESULT = range(4)
NOTES_SHOWN = 5  # notes listed on the preview page itself; all of them are in the 错误与提示 tab


def issue_list_text(issues: list[xlsx_import.Issue]) -> str:
    """The copied list: errors (the file cannot be imported until they are fixed) apart from notes (how a
    value was read, what is not imported), each line saying which it is."""
    errors = [i for i in issues if i.severity == "error"]
    notes = [i for i in issues if i.severity != "error"]
    lines: list[str] = []
    if errors:
        head = QCoreApplication.translate("ImportWizard", "错误（共 %1 处，须修改后重新报送；本文件未导入任何数据）：")
        mark = QCoreApplication.translate("ImportWizard", "【错误】")
        lines.append(head.replace("%1", str(len(errors))))
        lines += [f"{n}. {mark}{i.line()}" for n, i in enumerate(errors, 1)]
    if notes:
        if lines:
            lines.append("")
        head = QCoreApplication.translate("ImportWizard", "提示（共 %1 条，不妨碍导入）：")
        mark = QCoreApplication.translate("ImportWizard", "【提示】")
        lines.append(head.replace("%1", str(len(notes))))
        lines += [f"{n}. {mark}{i.line()}" for n, i in enumerate(notes, 1)]
    return "\n".join(lines)


def _item(text: Any, tooltip: bool = True) -> QTableWidgetItem:
    value = "" if text is None else str(text)
    item = QTableWidgetItem(value)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if tooltip and len(value) > 20:
        item.setToolTip(value)
    return item


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


def _fill(table: QTableWidget, rows: list[list[Any]]) -> None:
    table.setSortingEnabled(False)
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, _item(value))
    table.resizeColumnsToContents()
    for c in range(table.columnCount()):
        table.setColumnWidth(c, min(table.columnWidth(c), 320))


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.wiz = wizard
        self._ready = False
        self._busy = False
        self.setTitle(self.tr("选择要导入的文件"))
        self.setSubTitle(self.tr("县区报回的季度填报表、修改后的项目清单（.xlsx），或另存的 CSV 文件。"))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("文件路径"))
        self.path_edit.textChanged.connect(self._changed)
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self.browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        rules = QLabel(
            self.tr(
                "<p>导入前会逐格校验：数字、日期、金额单位（如“500万元”自动换算为亿元并提示）、状态、项目ID与版本；"
                "公式不会被执行；合并单元格、重复行、未知项目、已锁定季度的数据都会被拒绝。</p>"
                "<p>先预览再导入：任何一处错误都不会导入任何数据；导出后市级又修改过的记录会逐项请您选择保留哪一方。</p>"
                "<p>限制：文件不超过 %1 MB、%2 行；不接受 .xls / .xlsm（含宏）文件。CSV 支持 UTF-8 与 GB18030（GBK）编码。</p>"
            )
            .replace("%1", str(file_checks.MAX_FILE_BYTES // 1024 // 1024))
            .replace("%2", str(file_checks.MAX_ROWS))
        )
        rules.setWordWrap(True)
        layout.addWidget(rules)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def _changed(self, *_: Any) -> None:
        self._ready = False
        self.status.clear()
        self.completeChanged.emit()

    def browse(self) -> None:
        start = self.path_edit.text() or QDir.homePath()
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择文件"), start, self.tr("Excel 工作簿或 CSV (*.xlsx *.csv);;所有文件 (*)")
        )
        if path:
            self.path_edit.setText(path)

    def isComplete(self) -> bool:
        return bool(self.path_edit.text().strip()) and not self._busy

    def validatePage(self) -> bool:
        if self._ready:  # the preview just finished: move on (every new "下一步" reads the file again)
            self._ready = False
            return True
        path = self.path_edit.text().strip()
        self._busy = True
        self.completeChanged.emit()
        self.status.setText(self.tr("正在读取并校验…"))
        ws = self.wiz.ws

        def work(ctx):
            return exchange.preview_import(ws, path, progress=lambda d, t, m: ctx.report(d, t, m))

        def done(plan: xlsx_import.ImportPlan) -> None:
            self._busy = False
            self.wiz.path = path
            self.wiz.plan = plan
            self.wiz.outcome = None
            self.wiz.resolutions.clear()
            self.status.clear()
            self._ready = True
            self.completeChanged.emit()
            self.wiz.next()

        def failed(exc: BaseException, _tb: str) -> None:
            self._busy = False
            self.status.setText(self.tr("无法读取文件：%1").replace("%1", str(exc)))
            self.completeChanged.emit()

        self.wiz.keep(run_in_background(self, self.tr("正在校验文件…"), work, done, failed))
        return False


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("预览：将要修改的内容"))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.notes = QLabel()  # notes read apart from errors: they do not stop the import
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet(status_style.WARNING_TEXT)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.notes)
        self.tabs = QTabWidget()
        self.changes = _table(
            [
                self.tr("工作表"),
                self.tr("行"),
                self.tr("项目编号"),
                self.tr("项目名称"),
                self.tr("报告期"),
                self.tr("字段"),
                self.tr("原值"),
                self.tr("新值"),
            ]
        )
        self.issues = _table([self.tr("级别"), self.tr("工作表"), self.tr("行"), self.tr("列"), self.tr("说明")])
        self.tabs.addTab(self.changes, self.tr("修改"))
        self.tabs.addTab(self.issues, self.tr("错误与提示"))
        layout.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        self.copy_button = QPushButton(self.tr("复制错误清单"))
        self.copy_button.setToolTip(self.tr("复制后可粘贴到邮件或文档中，发回县区修改"))
        self.copy_button.clicked.connect(self.copy_issues)
        row.addStretch(1)
        row.addWidget(self.copy_button)
        layout.addLayout(row)

    def initializePage(self) -> None:
        plan = self.wiz.plan
        assert plan is not None
        _fill(
            self.changes,
            [
                [
                    c.sheet,
                    c.row,
                    c.project_code,
                    c.project_name,
                    c.period or "",
                    c.label,
                    c.old if c.old is not None else self.tr("（空）"),
                    c.new if c.new is not None else self.tr("（空）"),
                ]
                for c in plan.changes
            ],
        )
        severity = {"error": self.tr("错误"), "warning": self.tr("警告"), "info": self.tr("提示")}
        issues = sorted(plan.issues, key=lambda i: ({"error": 0, "warning": 1}.get(i.severity, 2), i.sheet, i.row or 0))
        _fill(
            self.issues,
            [
                [
                    severity.get(i.severity, i.severity),
                    i.sheet,
                    i.row or "",
                    (f"{i.letter}列 " if i.letter else "") + (i.column or ""),
                    i.message,
                ]
                for i in issues
            ],
        )
        for r, issue in enumerate(issues):
            brush = status_style.brush_for(status_style.SEVERITY_COLORS, issue.severity)
            if brush is not None:
                for c in range(self.issues.columnCount()):
                    cell = self.issues.item(r, c)
                    if cell is not None:
                        cell.setForeground(brush)
        notes = plan.warnings
        if notes:
            shown = [self.tr("提示（不妨碍导入）：")] + ["· " + i.line() for i in notes[:NOTES_SHOWN]]
            if len(notes) > NOTES_SHOWN:
                shown.append(self.tr("另有 %1 条提示，见“错误与提示”页。").replace("%1", str(len(notes) - NOTES_SHOWN)))
            self.notes.setText("\n".join(shown))
        self.notes.setVisible(bool(notes))
        n_err, n_warn = len(plan.errors), len(plan.warnings)
        parts = [
            self.tr("文件“%1”：读取 %2 行，修改 %3 项，冲突 %4 项，错误 %5 处，提示 %6 条。")
            .replace("%1", plan.file_name)
            .replace("%2", str(plan.rows_read))
            .replace("%3", str(len(plan.changes)))
            .replace("%4", str(len(plan.conflicts)))
            .replace("%5", str(n_err))
            .replace("%6", str(n_warn))
        ]
        if n_err:
            parts.append(
                self.tr("<b>文件有错误，不能导入（不会写入任何数据）。</b>请把错误清单发回填报单位修改后重新报送。")
            )
            self.tabs.setCurrentWidget(self.issues)
        elif plan.conflicts:
            parts.append(self.tr("导出后市级又修改过部分记录，下一步请逐项选择保留哪一方。"))
        elif not plan.changes:
            parts.append(self.tr("文件内容与数据库一致，没有需要导入的修改。"))
        else:
            parts.append(self.tr("确认无误后点击“导入”，所有修改将一次写入（记入修改日志，来源为本文件）。"))
        self.summary.setText("<br>".join(parts))
        self.copy_button.setEnabled(bool(plan.issues))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步") if plan.conflicts else self.tr("导入"))
        self.setFinalPage(False)

    def isComplete(self) -> bool:
        plan = self.wiz.plan
        return plan is not None and plan.ok and bool(plan.changes or plan.conflicts) and not self.wiz.busy

    def nextId(self) -> int:
        plan = self.wiz.plan
        return PAGE_CONFLICTS if plan is not None and plan.conflicts else PAGE_RESULT

    def validatePage(self) -> bool:
        if self.nextId() == PAGE_CONFLICTS:
            return True
        return self.wiz.start_apply(self)

    def copy_issues(self) -> None:
        plan = self.wiz.plan
        if plan is not None:
            QGuiApplication.clipboard().setText(issue_list_text(plan.issues))


class ConflictPage(QWizardPage):
    CHOICES = ((None, "请选择…"), (xlsx_import.MINE, "保留数据库中的值"), (xlsx_import.THEIRS, "采用文件中的值"))

    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("处理冲突"))
        self.setSubTitle(
            self.tr("这些记录在填报表导出后又在市级被修改过。请逐项选择保留数据库中的值，还是采用文件中的值。")
        )
        layout = QVBoxLayout(self)
        self.table = _table(
            [
                self.tr("工作表"),
                self.tr("行"),
                self.tr("项目编号"),
                self.tr("报告期"),
                self.tr("字段"),
                self.tr("数据库中（市级修改）"),
                self.tr("文件中（县区填报）"),
                self.tr("导出时"),
                self.tr("市级修改人/时间"),
                self.tr("处理"),
            ]
        )
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        mine = QPushButton(self.tr("全部保留数据库"))
        theirs = QPushButton(self.tr("全部采用文件"))
        mine.clicked.connect(lambda: self.set_all(xlsx_import.MINE))
        theirs.clicked.connect(lambda: self.set_all(xlsx_import.THEIRS))
        row.addWidget(mine)
        row.addWidget(theirs)
        row.addStretch(1)
        layout.addLayout(row)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:
        plan = self.wiz.plan
        assert plan is not None
        conflicts = plan.conflicts
        _fill(
            self.table,
            [
                [
                    c.sheet,
                    c.row,
                    c.project_code,
                    c.period or "",
                    c.label,
                    c.mine if c.mine is not None else self.tr("（空）"),
                    c.theirs if c.theirs is not None else self.tr("（空）"),
                    c.base if c.base is not None else self.tr("（未知）"),
                    f"{c.changed_by or ''} {c.changed_at or ''}".strip(),
                    "",
                ]
                for c in conflicts
            ],
        )
        self.combos = []
        for r, conflict in enumerate(conflicts):
            combo = QComboBox()
            for value, label in self.CHOICES:
                combo.addItem(self.tr(label), value)
            chosen = self.wiz.resolutions.get(conflict.key)
            combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen else 0)
            combo.currentIndexChanged.connect(lambda _i, key=conflict.key, box=combo: self._chosen(key, box))
            self.table.setCellWidget(r, self.table.columnCount() - 1, combo)
            self.combos.append(combo)
        self.table.setColumnWidth(self.table.columnCount() - 1, 160)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("导入"))

    def _chosen(self, key: str, box: QComboBox) -> None:
        value = box.currentData()
        if value is None:
            self.wiz.resolutions.pop(key, None)
        else:
            self.wiz.resolutions[key] = value
        self.completeChanged.emit()

    def set_all(self, value: str) -> None:
        for combo in self.combos:
            combo.setCurrentIndex(combo.findData(value))

    def isComplete(self) -> bool:
        plan = self.wiz.plan
        return (
            plan is not None
            and not self.wiz.busy
            and all(self.wiz.resolutions.get(c.key) in (xlsx_import.MINE, xlsx_import.THEIRS) for c in plan.conflicts)
        )

    def nextId(self) -> int:
        return PAGE_RESULT

    def validatePage(self) -> bool:
        return self.wiz.start_apply(self)


class ResultPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("导入结果"))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = _table(
            [
                self.tr("工作表"),
                self.tr("行"),
                self.tr("项目编号"),
                self.tr("报告期"),
                self.tr("字段"),
                self.tr("原值"),
                self.tr("新值"),
                self.tr("备注"),
            ]
        )
        layout.addWidget(self.table, 1)
        self.setFinalPage(True)

    def initializePage(self) -> None:
        outcome = self.wiz.outcome
        assert outcome is not None
        self.summary.setText(outcome.message)
        _fill(
            self.table,
            [
                [
                    c.sheet,
                    c.row,
                    c.project_code,
                    c.period or "",
                    c.label,
                    c.old if c.old is not None else self.tr("（空）"),
                    c.new if c.new is not None else self.tr("（空）"),
                    c.note or "",
                ]
                for c in outcome.applied
            ],
        )

    def nextId(self) -> int:
        return -1


class ImportWizard(QWizard):
    """The import wizard; service calls happen on a worker thread. A successful import announces what it
    changed on the bus, so every open view redraws."""

    def __init__(self, ws: Workspace, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.bus = bus
        self.last_failure: str | None = None
        self.path: str | None = None
        self.plan: xlsx_import.ImportPlan | None = None
        self.outcome: exchange.ImportOutcome | None = None
        self.resolutions: dict[str, str] = {}
        self.busy = False
        self._applied = False
        self._tasks: list[Any] = []
        self.setWindowTitle(self.tr("导入 Excel / CSV"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("上一步"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.file_page = FilePage(self)
        self.preview_page = PreviewPage(self)
        self.conflict_page = ConflictPage(self)
        self.result_page = ResultPage(self)
        self.setPage(PAGE_FILE, self.file_page)
        self.setPage(PAGE_PREVIEW, self.preview_page)
        self.setPage(PAGE_CONFLICTS, self.conflict_page)
        self.setPage(PAGE_RESULT, self.result_page)
        self.resize(980, 640)

    @property
    def applied(self) -> bool:
        """True once data were written (the caller refreshes its views)."""
        return self._applied

    def keep(self, task: Any) -> None:
        """Hold each background task's context for the wizard's lifetime, so its Qt signal object is released
        on the GUI thread, never as the worker thread's last reference (PySide6 can deadlock destroying a
        connected QObject on a worker while the GUI thread closes the progress dialog)."""
        self._tasks.append(task)

    def set_file(self, path: str | Path) -> None:
        self.file_page.path_edit.setText(str(path))

    def start_apply(self, page: QWizardPage) -> bool:
        """Called by the page before the result page: apply in the background, then move on."""
        if self.outcome is not None and self.outcome.ok:
            return True
        if self.busy or self.path is None or self.plan is None:
            return False
        self.busy = True
        page.completeChanged.emit()
        ws, path, plan = self.ws, self.path, self.plan
        resolutions = dict(self.resolutions)

        def work(ctx):
            return exchange.apply_import(
                ws,
                path,
                resolutions=resolutions,
                expected_sha256=plan.sha256,
                progress=lambda d, t, m: ctx.report(d, t, m),
            )

        def done(outcome: exchange.ImportOutcome) -> None:
            self.busy = False
            self.outcome = outcome
            if outcome.ok:
                self._applied = outcome.status == exchange.APPLIED
                if self._applied:
                    self.bus.announce(imported_changes(outcome))
                self.next()
            else:
                # Rejected at apply time (file changed, a lock, a concurrent edit): show why, stay here.
                self.plan = outcome.plan
                self.outcome = None
                if page is self.preview_page:
                    self.preview_page.initializePage()
                self._show_failure(outcome)
            page.completeChanged.emit()

        def failed(exc: BaseException, _tb: str) -> None:
            self.busy = False
            page.completeChanged.emit()
            self._show_failure(None, write_error_text(exc) or str(exc))

        self.keep(run_in_background(self, self.tr("正在导入…"), work, done, failed, cancellable=False))
        return False

    def _show_failure(self, outcome: exchange.ImportOutcome | None, text: str | None = None) -> None:
        from PySide6.QtWidgets import QMessageBox

        if outcome is not None:
            lines = [outcome.message] + [i.line() for i in outcome.plan.errors[:20]]
            text = "\n".join(lines)
        if self.isVisible():
            QMessageBox.warning(self, self.tr("未导入"), text or "")
        self.last_failure = text


def imported_changes(outcome: exchange.ImportOutcome) -> Changes:
    """What an applied import changed, by entity, for the change bus."""
    entities = {c.entity for c in outcome.applied}
    return Changes(
        projects="project" in entities,
        progress="progress" in entities,
        milestones="milestone" in entities,
        reference=True,  # an import can raise or settle review findings
        project_ids=frozenset(c.project_id for c in outcome.applied),
    )
