"""导出交换包 / 导入交换包: the exchange packages between a county office and the city, in the GUI.

Export: a county's package goes to the city (optionally with its submission, 报送, of one quarter); in the
city, the return package names the office it is for. Import: the chosen file is checked and previewed first
(who sent it to whom, which quarter, how many changes of which kind, and, from a dry run, what is new and
what this database already has); only the 导入 button writes. A refused package (damaged, altered, from a
newer program, for another office, outside the sender's scope) shows the core's Chinese message and nothing
is written: app.exchange.packages checks before it writes, in one transaction.

The work runs through app.ui.tasks.run_in_background; no SQLAlchemy session here.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import office, period_service, project_service, submissions
from app.core.errors import NotFoundError, ValidationError
from app.core.output_files import OutputFileError
from app.core.workspace import DatabaseError, Workspace
from app.exchange import package_format, packages
from app.exchange.package_format import PackageError
from app.ui.change_bus import ChangeBus
from app.ui.models import format_datetime
from app.ui.settings import AppSettings, UiState
from app.ui.tasks import TaskContext, run_in_background
from app.ui.user_errors import chinese_part, write_error_text
from app.ui.widgets import em, user_error_text
from app.ui.window_release import release_when_closed

log = logging.getLogger(__name__)

PACKAGE_SUFFIX = ".zip"
MAX_CODES_SHOWN = 20
_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\s]+')


def refusal_text(exc: BaseException, tb: str = "") -> str:
    """The Chinese sentence for a package, file or database refusal; a program error only names its type
    (the details go to the log)."""
    if isinstance(exc, (PackageError, OutputFileError, NotFoundError)):
        return chinese_part(str(exc))
    if isinstance(exc, ValidationError):
        return chinese_part(user_error_text(exc))
    written = write_error_text(exc)
    if written is not None:
        return written
    if isinstance(exc, DatabaseError):
        return chinese_part(str(exc))
    if isinstance(exc, OSError):
        return f"无法读写文件：{exc.filename or exc}（{exc.strerror or exc}）"
    log.error("exchange package step failed:\n%s", tb)
    return f"程序错误（{type(exc).__name__}），详情见日志"


def safe_file_name(text: str) -> str:
    return _UNSAFE_IN_NAME.sub("_", text).strip("_") or "交换包"


def _kind_label(entity_type: str) -> str:
    labels = {"project": "项目", "progress": "季度进展", "milestone": "里程碑", "milestone_order": "里程碑顺序"}
    return labels.get(entity_type, entity_type)


def _kinds_text(counts: tuple[tuple[str, int], ...] | list[tuple[str, int]]) -> str:
    return "，".join(f"{_kind_label(kind)} {count} 条" for kind, count in counts)


def _sequence_text(manifest: package_format.Manifest) -> str:
    if manifest.first_seq is None:
        return "无本单位的修改"
    return f"第 {manifest.first_seq}–{manifest.last_seq} 号"


def _package_kind_text(manifest: package_format.Manifest) -> str:
    if manifest.kind == package_format.RETURN_KIND:
        return "审核结果/回传数据包（市级发给县区或部门）"
    return "报送数据包（县区或部门发给市级）"


def _decision_lines(decisions: tuple[submissions.Decision, ...]) -> list[str]:
    lines = []
    for decision in decisions:
        state = submissions.STATE_LABELS.get(decision.state, decision.state)
        lines.append(f"  {decision.office} {decision.period}（第 {decision.round} 次报送）：{state}")
        if decision.reason:
            lines.append(f"    理由：{decision.reason}")
        lines += [f"    {code}：{reason}" for code, reason in decision.project_reasons]
    return lines


class _RememberedDialog(QDialog):
    """A dialog whose size and place are remembered between runs (ui-state.ini, like the project editor)."""

    STATE_KEY = ""

    def __init__(self, parent: QWidget | None, ui_state: UiState | None, width_em: float, height_em: float):
        super().__init__(parent)
        self.ui_state = ui_state if ui_state is not None else UiState()
        self._default_size = (width_em, height_em)

    def restore_size(self) -> None:
        if not self.ui_state.restore_geometry(self.STATE_KEY, self):
            self.resize(em(self, self._default_size[0]), em(self, self._default_size[1]))

    def done(self, result: int) -> None:
        """关闭, Esc, the close box and accept() all end here."""
        self.ui_state.save_geometry(self.STATE_KEY, self)
        self.ui_state.sync()
        super().done(result)


class _PackageDialog(_RememberedDialog):
    """What the export and import dialogs share: the workspace, the bus, the settings, the background work
    under way, and the message line under the buttons (`_show`)."""

    message: QLabel

    def __init__(
        self,
        ws: Workspace,
        bus: ChangeBus,
        parent: QWidget | None,
        settings: AppSettings | None,
        ui_state: UiState | None,
        width_em: float,
        height_em: float,
    ):
        super().__init__(parent, ui_state, width_em, height_em)
        self.ws = ws
        self.bus = bus
        self.settings = settings if settings is not None else AppSettings()
        self._running = False
        self._tasks: list[TaskContext] = []

    def _show(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #c62828;" if error else "")
        self.message.setText(text)


# --------------------------------------------------------------------------------------------------- export


@dataclass(frozen=True)
class ExportOutcome:
    result: packages.ExportResult
    changes_by_kind: tuple[tuple[str, int], ...]


class PackageExportDialog(_PackageDialog):
    """In a county: its package for the city (with the submission of a quarter, or only its changes). In the
    city: the return package for one office. Exporting writes no data the views show, so nothing is
    announced on the bus (the package is remembered so the next one carries only newer changes)."""

    STATE_KEY = "package_export"

    def __init__(
        self,
        ws: Workspace,
        bus: ChangeBus,
        parent: QWidget | None = None,
        *,
        settings: AppSettings | None = None,
        ui_state: UiState | None = None,
    ):
        super().__init__(ws, bus, parent, settings, ui_state, 40, 24)
        self.me = office.load_office(ws)
        self.outcome: ExportOutcome | None = None
        self._path_edited = False
        self.setWindowTitle(self.tr("导出交换包"))

        layout = QVBoxLayout(self)
        self.office_label = QLabel()
        self.office_label.setWordWrap(True)
        layout.addWidget(self.office_label)

        form = QFormLayout()
        self.period_combo = QComboBox()  # a county: the submission sent with the package
        self.addressee_combo = QComboBox()  # the city: the office the return package is for
        self.everything_check = QCheckBox(self.tr("重发全部修改（对方丢失了以前的交换包时）"))
        form.addRow(self.tr("随包报送："), self.period_combo)
        form.addRow(self.tr("发给："), self.addressee_combo)
        form.addRow("", self.everything_check)
        layout.addLayout(form)
        self.form = form

        file_row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("交换包保存位置（.zip）"))
        self.path_edit.textEdited.connect(self._mark_path_edited)
        self.browse_button = QPushButton(self.tr("浏览…"))
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self.browse)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        layout.addWidget(QLabel(self.tr("保存到：")))
        layout.addLayout(file_row)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message, 1, Qt.AlignmentFlag.AlignTop)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.export_button = QPushButton(self.tr("导出"))
        self.export_button.setDefault(True)  # Enter exports; Esc closes
        self.export_button.clicked.connect(self.export)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self._fill_choices()
        self.period_combo.currentIndexChanged.connect(lambda *_: self._suggest_path())
        self.addressee_combo.currentIndexChanged.connect(lambda *_: self._suggest_path())
        self._suggest_path()
        self.restore_size()

    # ------------------------------------------------------------------ choices
    def _fill_choices(self) -> None:
        me = self.me
        if me is None:
            self.office_label.setText(
                self.tr("本库尚未设置所属单位，不能导出交换包。请先在“设置”中选择本库属于市级还是哪个县区。")
            )
            self.office_label.setStyleSheet("color: #c62828;")
            for widget in (self.period_combo, self.addressee_combo, self.everything_check):
                self.form.setRowVisible(widget, False)
            self.export_button.setEnabled(False)
            return
        if me.is_city:
            self.office_label.setText(
                self.tr(
                    "本库：%1。导出给一个县区或部门的回传数据包：审核结果（审核通过/退回及理由）和对方还没有的修改。"
                ).replace("%1", me.label)
            )
            self.form.setRowVisible(self.period_combo, False)
            current = period_service.current_quarter()
            for info in submissions.list_submissions(self.ws, current):
                self.addressee_combo.addItem(f"{info.office}（{current} {info.state_label}）", info.office)
            listed = {self.addressee_combo.itemData(i) for i in range(self.addressee_combo.count())}
            departments = [name for name in project_service.known_departments(self.ws) if name not in listed]
            if departments:
                self.addressee_combo.insertSeparator(self.addressee_combo.count())
                for name in departments:
                    self.addressee_combo.addItem(self.tr("%1（牵头部门）").replace("%1", name), name)
            return
        self.office_label.setText(
            self.tr("本库：%1。导出发给市级的交换包：本单位上次导出以来的修改，可同时附上一个季度的报送。").replace(
                "%1", me.label
            )
        )
        self.form.setRowVisible(self.addressee_combo, False)
        self.period_combo.addItem(self.tr("不附报送（只发送修改）"), None)
        default = 0
        for quarter in period_service.list_periods(self.ws):  # newest first
            state = submissions.submission_of(self.ws, me.name, quarter.code)
            self.period_combo.addItem(f"{quarter.code}（{state.state_label}）", quarter.code)
            if default == 0 and state.state == submissions.SUBMITTED:
                default = self.period_combo.count() - 1
        self.period_combo.setCurrentIndex(default)

    def chosen_period(self) -> str | None:
        if self.me is None or self.me.is_city:
            return None
        code: str | None = self.period_combo.currentData()
        return code

    def chosen_addressee(self) -> str | None:
        if self.me is None or not self.me.is_city:
            return None
        name: str | None = self.addressee_combo.currentData()
        return name

    # ------------------------------------------------------------------ file
    def _mark_path_edited(self, *_: Any) -> None:
        self._path_edited = True

    def suggested_name(self) -> str:
        """阳高县-2025Q3-交换包.zip; without a quarter the date; the city's names the addressee."""
        if self.me is None:
            return "交换包.zip"
        when = self.chosen_period() or f"{dt.date.today():%Y%m%d}"
        parts = [self.me.name]
        addressee = self.chosen_addressee()
        if addressee:
            parts.append(f"发{addressee}")
        return safe_file_name("-".join([*parts, when, "交换包"])) + PACKAGE_SUFFIX

    def _suggest_path(self) -> None:
        if self._path_edited:
            return
        typed = self.path_edit.text().strip()
        folder = Path(typed).parent if typed else self.settings.export_folder()
        self.path_edit.setText(str(folder / self.suggested_name()))

    def browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("交换包保存为"), self.path_edit.text(), self.tr("交换包 (*.zip)")
        )
        if path:
            if not path.lower().endswith(PACKAGE_SUFFIX):
                path += PACKAGE_SUFFIX
            self.path_edit.setText(path)
            self._path_edited = True

    def _confirm_replace(self, target: Path) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("文件已存在"),
            self.tr("%1 已存在。替换它吗？").replace("%1", str(target)),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        replace = box.addButton(self.tr("替换"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)  # a stray Enter never replaces a file
        box.exec()
        return box.clickedButton() is replace

    # ------------------------------------------------------------------ export
    def export(self) -> None:
        if self._running or self.me is None:
            return
        text = self.path_edit.text().strip()
        if not text:
            self._show(self.tr("请选择交换包的保存位置。"), error=True)
            return
        target = Path(text if text.lower().endswith(PACKAGE_SUFFIX) else text + PACKAGE_SUFFIX).expanduser()
        force = False
        if target.exists() and not target.is_dir():
            if not self._confirm_replace(target):
                self._show(self.tr("未导出：文件已存在，未替换。"))
                return
            force = True
        ws, period, addressee = self.ws, self.chosen_period(), self.chosen_addressee()
        everything = self.everything_check.isChecked()

        def work(_ctx: TaskContext) -> ExportOutcome:
            result = packages.export_package(
                ws, target, period=period, for_office=addressee, force=force, everything=everything
            )
            written = package_format.read_package(result.path)  # read back: what the file really holds
            kinds = Counter(change.entity_type for change in written.content.changes)
            return ExportOutcome(result, tuple(sorted(kinds.items())))

        self._running = True
        self.export_button.setEnabled(False)
        self._show(self.tr("正在导出…"))
        self._tasks.append(
            run_in_background(self, self.tr("正在导出交换包…"), work, self._exported, self._failed, cancellable=False)
        )

    def _exported(self, outcome: ExportOutcome) -> None:
        self._running = False
        self.outcome = outcome
        result, manifest = outcome.result, outcome.result.manifest
        lines = [
            self.tr("已导出：%1").replace("%1", str(result.path)),
            self.tr("%1 → %2，修改 %3 条")
            .replace("%1", manifest.sender)
            .replace("%2", manifest.addressee)
            .replace("%3", str(manifest.change_count))
            + (f"（{_kinds_text(outcome.changes_by_kind)}）" if outcome.changes_by_kind else ""),
            self.tr("本单位修改序号：%1").replace("%1", _sequence_text(manifest)),
        ]
        if result.submission is not None:
            lines.append(
                self.tr("附报送：%1 第 %2 次报送，%3 个项目填报")
                .replace("%1", result.submission.period)
                .replace("%2", str(result.submission.round))
                .replace("%3", str(result.submission.projects_reported))
            )
        if manifest.kind == package_format.RETURN_KIND:
            lines.append(self.tr("审核结果 %1 项").replace("%1", str(result.decisions)))
        if manifest.change_count == 0 and result.submission is None and not result.decisions:
            lines.append(self.tr("没有新的修改：对方导入这个包不会有变化。"))
        self._show("\n".join(lines))
        self.close_button.setDefault(True)  # Enter now closes
        self.close_button.setFocus()

    def _failed(self, exc: BaseException, tb: str) -> None:
        self._running = False
        self.export_button.setEnabled(True)
        self._show(self.tr("未导出：%1").replace("%1", refusal_text(exc, tb)), error=True)


# --------------------------------------------------------------------------------------------------- import


@dataclass(frozen=True)
class PackageCheck:
    """What the preview shows: the package's content, and what a dry run found it would do here."""

    path: Path
    preview: packages.PackagePreview
    trial: packages.ImportResult | None  # None when the package was imported before


class PackageImportDialog(_PackageDialog):
    """Choose a package, see what it holds, then import it. After the import the views hear what changed;
    conflicts held for a person open in 冲突处理."""

    STATE_KEY = "package_import"

    def __init__(
        self,
        ws: Workspace,
        bus: ChangeBus,
        parent: QWidget | None = None,
        *,
        settings: AppSettings | None = None,
        ui_state: UiState | None = None,
    ):
        super().__init__(ws, bus, parent, settings, ui_state, 46, 32)
        self.check: PackageCheck | None = None
        self.import_result: packages.ImportResult | None = None
        self.conflicts_dialog: QDialog | None = None
        self.setWindowTitle(self.tr("导入交换包"))

        layout = QVBoxLayout(self)
        me = office.load_office(ws)
        intro = QLabel(
            self.tr("本库：%1。选择对方发来的交换包，先查看包中的内容；点“导入”后才写入数据库。").replace(
                "%1", me.label if me is not None else self.tr("（未设置所属单位）")
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        file_row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.tr("尚未选择交换包"))
        self.choose_button = QPushButton(self.tr("选择文件…"))
        self.choose_button.clicked.connect(self.choose_file)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        layout.addLayout(file_row)

        self.details = QPlainTextEdit()  # the preview, then the result
        self.details.setReadOnly(True)
        layout.addWidget(self.details, 1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        self.conflicts_button = QPushButton(self.tr("处理冲突…"))
        self.conflicts_button.setAutoDefault(False)
        self.conflicts_button.clicked.connect(self.open_conflicts)
        self.conflicts_button.hide()
        buttons.addWidget(self.conflicts_button)
        buttons.addStretch(1)
        self.import_button = QPushButton(self.tr("导入"))
        self.import_button.setEnabled(False)
        self.import_button.setAutoDefault(False)
        self.import_button.clicked.connect(self.import_package)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self._make_default(self.choose_button)  # Enter chooses a file first; Esc closes
        self.restore_size()

    def _make_default(self, button: QPushButton) -> None:
        for other in (self.choose_button, self.import_button, self.close_button, self.conflicts_button):
            other.setDefault(other is button)
        button.setFocus()

    # ------------------------------------------------------------------ preview
    def choose_file(self) -> None:
        if self._running:
            return
        start = self.path_edit.text() or str(self.settings.export_folder())
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择交换包"), start, self.tr("交换包 (*.zip);;所有文件 (*)")
        )
        if path:
            self.load_preview(Path(path))

    def load_preview(self, path: Path) -> None:
        """Check the package and show what it holds (a dry run says what is new here); writes nothing."""
        ws = self.ws
        self.check = None
        self.import_result = None
        self.path_edit.setText(str(path))
        self.details.clear()
        self.import_button.setEnabled(False)
        self.conflicts_button.hide()
        self._show(self.tr("正在检查交换包…"))

        def work(_ctx: TaskContext) -> PackageCheck:
            preview = packages.preview_package(ws, path)
            trial = None if preview.already_imported else packages.import_package(ws, path, dry_run=True)
            return PackageCheck(path, preview, trial)

        self._running = True
        self._tasks.append(
            run_in_background(self, self.tr("正在检查交换包…"), work, self._previewed, self._refused, cancellable=False)
        )

    def _previewed(self, check: PackageCheck) -> None:
        self._running = False
        self.check = check
        self.details.setPlainText("\n".join(self.preview_lines(check)))
        if check.preview.already_imported:
            self._show(self.tr("这个交换包已经导入过，再次导入不会改变任何数据。"))
            self._make_default(self.close_button)
            return
        self.import_button.setEnabled(True)
        self._show(self.tr("以上是交换包的内容，尚未写入。确认无误后点“导入”。"))
        self._make_default(self.import_button)

    def preview_lines(self, check: PackageCheck) -> list[str]:
        preview, manifest = check.preview, check.preview.manifest
        lines = [
            self.tr("发送单位：%1　接收单位：%2").replace("%1", manifest.sender).replace("%2", manifest.addressee),
            self.tr("类型：%1").replace("%1", _package_kind_text(manifest)),
            self.tr("季度：%1").replace("%1", manifest.period or "—"),
            self.tr("生成时间：%1（%2）")
            .replace("%1", format_datetime(manifest.created_at))
            .replace("%2", manifest.created_by),
            self.tr("程序版本：%1；数据结构版本：%2")
            .replace("%1", manifest.app_version)
            .replace("%2", manifest.schema_revision),
            self.tr("修改：共 %1 条%2；发送单位修改序号：%3")
            .replace("%1", str(manifest.change_count))
            .replace("%2", f"（{_kinds_text(preview.changes_by_kind)}）" if preview.changes_by_kind else "")
            .replace("%3", _sequence_text(manifest)),
        ]
        if preview.project_codes:
            codes = "、".join(preview.project_codes[:MAX_CODES_SHOWN])
            if len(preview.project_codes) > MAX_CODES_SHOWN:
                codes += self.tr(" 等 %1 个").replace("%1", str(len(preview.project_codes)))
            lines.append(self.tr("涉及项目：%1").replace("%1", codes))
        if preview.submission is not None:
            sub = preview.submission
            lines.append(
                self.tr("报送：%1 %2 第 %3 次报送（%4，%5），%6 个项目填报")
                .replace("%1", sub.office)
                .replace("%2", sub.period)
                .replace("%3", str(sub.round))
                .replace("%4", format_datetime(sub.submitted_at))
                .replace("%5", sub.submitted_by)
                .replace("%6", str(sub.projects_reported))
            )
        if preview.decisions:
            lines.append(self.tr("审核结果："))
            lines += _decision_lines(preview.decisions)
        lines.append("")
        trial = check.trial
        if trial is None:
            lines.append(self.tr("这个交换包已经导入过：再次导入不会改变任何数据。"))
        else:
            lines.append(
                self.tr("导入后：新的修改 %1 条；本库已有 %2 条（跳过）；冲突 %3 条（保留本库的值，待处理）")
                .replace("%1", str(trial.applied))
                .replace("%2", str(trial.same + trial.seen))
                .replace("%3", str(trial.conflicts))
            )
            if trial.missing:
                lines.append(self.tr("本库没有的记录 %1 条（跳过）").replace("%1", str(trial.missing)))
            lines += [f"  {line}" for line in trial.conflict_lines]
        return lines

    def _refused(self, exc: BaseException, tb: str) -> None:
        self._running = False
        self.details.clear()
        self._show(self.tr("不能导入：%1").replace("%1", refusal_text(exc, tb)), error=True)
        self._make_default(self.choose_button)

    # ------------------------------------------------------------------ import
    def import_package(self) -> None:
        check = self.check
        if self._running or check is None or check.preview.already_imported:
            return
        ws, path = self.ws, check.path
        self._running = True
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self._show(self.tr("正在导入…"))

        def work(_ctx: TaskContext) -> packages.ImportResult:
            return packages.import_package(ws, path)

        self._tasks.append(
            run_in_background(
                self, self.tr("正在导入交换包…"), work, self._imported, self._import_failed, cancellable=False
            )
        )

    def _imported(self, result: packages.ImportResult) -> None:
        self._running = False
        self.import_result = result
        self.check = None
        self.choose_button.setEnabled(True)
        changed = result.changes
        if any(getattr(changed, part) for part in ("projects", "progress", "milestones", "periods", "reference")):
            self.bus.announce(changed)
        self.details.setPlainText("\n".join(self.result_lines(result)))
        if result.already_imported:
            self._show(self.tr("这个交换包以前已经导入过，没有新的内容，数据库未改动。"))
        else:
            self._show(self.tr("导入完成。"))
        if result.conflicts:
            self.conflicts_button.show()
            self._make_default(self.conflicts_button)
        else:
            self._make_default(self.close_button)

    def result_lines(self, result: packages.ImportResult) -> list[str]:
        manifest = result.manifest
        if result.already_imported:
            return [
                self.tr("这个交换包（%1 %2 生成）以前已经导入过：没有新的内容，数据库未改动。")
                .replace("%1", manifest.sender)
                .replace("%2", format_datetime(manifest.created_at))
            ]
        lines = [
            self.tr("已导入 %1 的交换包（修改 %2 条）：")
            .replace("%1", manifest.sender)
            .replace("%2", str(manifest.change_count)),
            self.tr("  写入新的修改 %1 条").replace("%1", str(result.applied)),
            self.tr("  本库已有、跳过 %1 条").replace("%1", str(result.same + result.seen)),
            self.tr("  冲突 %1 条（保留本库的值，待处理）").replace("%1", str(result.conflicts)),
        ]
        if result.missing:
            lines.append(self.tr("  本库没有的记录 %1 条（跳过）").replace("%1", str(result.missing)))
        lines += [f"    {line}" for line in result.conflict_lines]
        if result.submission_recorded and manifest.period:
            lines.append(
                self.tr("已记录报送：%1 %2 已报送（待审核）")
                .replace("%1", manifest.sender)
                .replace("%2", manifest.period)
            )
        if result.decisions_applied:
            lines.append(self.tr("收到审核结果："))
            lines += _decision_lines(result.decisions_applied)
        if result.departments_added:
            lines.append(self.tr("新增部门：%1").replace("%1", "、".join(result.departments_added)))
        if result.backup is not None:
            lines.append(self.tr("导入前的数据已备份：%1").replace("%1", str(result.backup)))
        if result.conflicts:
            lines += ["", self.tr("有冲突待处理：点“处理冲突…”逐项决定采用对方的值还是保留本库的值。")]
        return lines

    def _import_failed(self, exc: BaseException, tb: str) -> None:
        self._running = False
        self.choose_button.setEnabled(True)
        nothing = self.tr("未导入任何内容。") if isinstance(exc, PackageError) else ""
        self._show(self.tr("导入失败：%1").replace("%1", refusal_text(exc, tb)) + nothing, error=True)
        self._make_default(self.close_button)

    def open_conflicts(self) -> None:
        """冲突处理, window-modal over this dialog (no nested event loop)."""
        from app.ui.conflicts_dialog import ConflictsDialog

        dialog = ConflictsDialog(self.ws, self.bus, self, ui_state=self.ui_state)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        release_when_closed(dialog)  # resolving reloads the portfolio, whose freeze would keep it
        dialog.destroyed.connect(self._conflicts_closed)
        self.conflicts_dialog = dialog
        dialog.open()

    def _conflicts_closed(self, *_: Any) -> None:
        self.conflicts_dialog = None
