"""报送与审核: the quarterly submissions of the offices, as each side sees them.

In the city: every office with its state for the chosen quarter (未报送 / 已报送（待审核） / 已退回 / 已审核),
the date, how many projects it reported; a filter by state; 审核通过 and 退回… (with a reason for the whole
submission and/or per project) for the selected office; 催报名单… prints the offices not reported by a date.
In a county: its own quarter's state, 报送 (the quarter is locked here and the next exchange package carries
it to the city), and, when the city returned it, the reasons in full.

Every state change goes through app.core.submissions (one transaction, audited) and is announced on the
change bus as a change of the quarters; the dialog redraws itself when the bus says the quarters changed
(an imported package, the quarters dialog).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import office, period_service, submissions
from app.core import reference as ref
from app.core.changes import Changes
from app.core.errors import ValidationError
from app.core.periods import PeriodLockedError, PeriodStateError
from app.core.workspace import Workspace
from app.ui import status_style
from app.ui.change_bus import ChangeBus
from app.ui.list_models import ListTableModel
from app.ui.models import OBJECT_ROLE, SORT_ROLE, format_datetime
from app.ui.user_errors import chinese_part
from app.ui.widgets import ErrorLabel, em, record_table, user_error_text

STEP_ERRORS = (ValidationError, PeriodStateError, PeriodLockedError)
_Index = QModelIndex | QPersistentModelIndex
# beginFilterChange()/endFilterChange() arrived in Qt 6.9; older versions only have invalidateFilter().
_HAS_FILTER_CHANGE = hasattr(QSortFilterProxyModel, "beginFilterChange")


def reason_lines(info: submissions.SubmissionInfo) -> str:
    """A return's reasons as one text: the whole submission's, then each project's."""
    parts = [f"整体：{info.reason}"] if info.reason else []
    parts += [f"{code}：{text}" for code, text in info.project_reasons]
    return "；".join(parts)


class SubmissionTableModel(ListTableModel):
    """One row per office (a SubmissionInfo): office, state (coloured), date, projects reported, round, reasons."""

    OFFICE, STATE, DATE, PROJECTS, ROUND, REASONS = range(6)
    COLOR_COLUMN = STATE
    COLOR_KEY = "state"
    COLORS = status_style.SUBMISSION_COLORS

    def __init__(self, parent: QWidget | None = None) -> None:
        not_yet = submissions.NOT_SUBMITTED
        super().__init__(
            [
                (self.tr("单位"), lambda i: i.office),
                (self.tr("状态"), lambda i: i.state_label),
                (self.tr("日期"), lambda i: format_datetime(i.date)),
                (self.tr("报送项目数"), lambda i: None if i.state == not_yet else i.projects_reported),
                (self.tr("报送次数"), lambda i: None if i.state == not_yet else i.round),
                (self.tr("退回理由"), lambda i: reason_lines(i) if i.state == submissions.RETURNED else ""),
            ],
            parent,
        )

    def sort_value(self, item: Any, column: int, value: Any) -> Any:
        if column == self.OFFICE:  # the reference order of the counties, not the order of the characters
            names = ref.COUNTY_NAMES
            return (0, names.index(item.office), "") if item.office in names else (1, 0, item.office)
        if value is None:
            return -1
        return value


class StateFilterProxy(QSortFilterProxyModel):
    """Shows the offices in one state (None: all)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state: str | None = None
        self.setSortRole(SORT_ROLE)

    def set_state(self, state: str | None) -> None:
        if _HAS_FILTER_CHANGE:
            self.beginFilterChange()
        self._state = state
        if _HAS_FILTER_CHANGE:
            self.endFilterChange()
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if self._state is None:
            return True
        item = self.sourceModel().index(source_row, 0, source_parent).data(OBJECT_ROLE)
        return item is not None and item.state == self._state


class ReturnDialog(QDialog):
    """退回: a reason for the whole submission and/or per project; at least one is needed. `decide(reason,
    project_reasons)` is called on 退回 and may raise the core's ValidationError: the message is shown here
    and the dialog stays open with what was typed."""

    CODE, NAME, REPORTED, REASON = range(4)

    def __init__(
        self,
        office_name: str,
        period: str,
        projects: list[submissions.OfficeProject],
        decide: Callable[[str, dict[str, str]], object],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._decide = decide
        self.setWindowTitle(self.tr("退回 %1 %2 的报送").replace("%1", office_name).replace("%2", period))
        lay = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "请写明退回理由：可以是对整个报送的理由，也可以在下表中逐个项目填写，至少填写一处。"
                "理由随市级交换包发给%1，该季度在%1重新打开，修改后可重新报送。"
            ).replace("%1", office_name)
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        lay.addWidget(QLabel(self.tr("整体退回理由：")))
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setPlaceholderText(self.tr("例如：本季度完成投资数据不完整，请补充后重报"))
        self.reason_edit.setMaximumHeight(em(self, 6))
        lay.addWidget(self.reason_edit)
        lay.addWidget(QLabel(self.tr("逐个项目的退回理由（可选，双击“退回理由”一栏填写）：")))
        self.project_table = QTableWidget(len(projects), 4)
        self.project_table.setHorizontalHeaderLabels(
            [self.tr("编号"), self.tr("项目名称"), self.tr("本季度进度"), self.tr("退回理由")]
        )
        self.project_table.verticalHeader().setVisible(False)
        self.project_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.project_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        read_only = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        for row, project in enumerate(projects):
            cells = (project.code, project.name, self.tr("已填报") if project.reported else self.tr("未填报"))
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setFlags(read_only)
                item.setToolTip(value)
                self.project_table.setItem(row, column, item)
            self.project_table.setItem(row, self.REASON, QTableWidgetItem(""))
        header = self.project_table.horizontalHeader()
        for column, width in ((self.CODE, 5), (self.NAME, 16), (self.REPORTED, 5)):
            header.resizeSection(column, em(self, width))
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        lay.addWidget(self.project_table, 1)
        self.error = ErrorLabel()
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("退回"))
        self.ok_button.setAutoDefault(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.resize(em(self, 46), em(self, 32))

    def whole_reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def project_reasons(self) -> dict[str, str]:
        """code -> reason, for the rows with a reason typed."""
        reasons = {}
        for row in range(self.project_table.rowCount()):
            code_item, reason_item = self.project_table.item(row, self.CODE), self.project_table.item(row, self.REASON)
            text = reason_item.text().strip() if reason_item is not None else ""
            if code_item is not None and text:
                reasons[code_item.text()] = text
        return reasons

    def accept(self) -> None:
        editor = QApplication.focusWidget()
        if editor is not None and self.project_table.isAncestorOf(editor):  # keep the cell still being typed
            self.project_table.commitData(editor)
            self.project_table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        whole, per_project = self.whole_reason(), self.project_reasons()
        if not whole and not per_project:
            self.error.show_error(self.tr("退回理由不能为空：请填写整体退回理由，或至少一个项目的退回理由。"))
            self.reason_edit.setFocus()
            return
        try:
            self._decide(whole, per_project)
        except STEP_ERRORS as exc:
            self.error.show_error(chinese_part(user_error_text(exc)))
            return
        except Exception as exc:
            if not self.error.show_write_error(exc):
                raise
            return
        super().accept()


class SubmissionsDialog(QDialog):
    """报送与审核 (see the module docstring): the city's review screen or a county's own submission."""

    def __init__(self, ws: Workspace, bus: ChangeBus, parent: QWidget | None = None, *, period: str | None = None):
        super().__init__(parent)
        self.ws = ws
        self.bus = bus
        self.office = office.load_office(ws)
        self.setWindowTitle(self.tr("报送与审核"))
        lay = QVBoxLayout(self)
        self.notice = QLabel()
        self.notice.setObjectName("submissionNotice")
        self.notice.setWordWrap(True)
        lay.addWidget(self.notice)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("季度：")))
        self.period_combo = QComboBox()
        wanted = submissions.canonical_period(period) if period else submissions.default_period(ws)
        codes = set(period_service.choosable_quarters(ws)) | {wanted}
        for code in sorted(codes, reverse=True):
            self.period_combo.addItem(code, code)
        self.period_combo.setCurrentIndex(max(self.period_combo.findData(wanted), 0))
        top.addWidget(self.period_combo)
        self.filter_combo = QComboBox()
        top.addStretch(1)
        lay.addLayout(top)
        self.error = ErrorLabel()
        buttons = QHBoxLayout()
        self.accept_button = QPushButton(self.tr("审核通过"))
        self.return_button = QPushButton(self.tr("退回…"))
        self.chase_button = QPushButton(self.tr("催报名单…"))
        self.submit_button = QPushButton(self.tr("报送"))
        self.accept_button.clicked.connect(self.accept_current)
        self.return_button.clicked.connect(self.return_current)
        self.chase_button.clicked.connect(self.open_chase_list)
        self.submit_button.clicked.connect(self.submit_own)
        close = QPushButton(self.tr("关闭"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        self.model = SubmissionTableModel(self)
        self.proxy = StateFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        if self.office is None:
            self.notice.setText(
                self.tr(
                    "本库尚未设置所属单位。请先在“设置”中设置本库属于市级还是哪个县区（或用命令 office set），"
                    "之后才能报送或审核。"
                )
            )
            self.period_combo.setEnabled(False)
        elif self.office.is_city:
            self._build_city(lay, top, buttons)
        else:
            self._build_county(lay, buttons)
        lay.addWidget(self.error)
        buttons.addStretch(1)
        buttons.addWidget(close)
        lay.addLayout(buttons)
        self.period_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.reload()
        self.resize(em(self, 52), em(self, 34))
        bus.changed.connect(self.on_changes)

    # ------------------------------------------------------------------ layout
    def _build_city(self, lay: QVBoxLayout, top: QHBoxLayout, buttons: QHBoxLayout) -> None:
        self.notice.setText(
            self.tr(
                "市级审核各单位的季度报送。单位的报送随其交换包导入后显示为“已报送（待审核）”；审核通过或退回后，"
                "请导出发给该单位的交换包，它才能看到结果。退回须写明理由。"
            )
        )
        top.insertWidget(top.count() - 1, QLabel(self.tr("状态：")))
        self.filter_combo.addItem(self.tr("全部"), None)
        for state, label in submissions.STATE_LABELS.items():
            self.filter_combo.addItem(label, state)
        self.filter_combo.currentIndexChanged.connect(lambda _i: self._apply_filter())
        top.insertWidget(top.count() - 1, self.filter_combo)
        self.counts_label = QLabel()
        lay.addWidget(self.counts_label)
        self.table = record_table(self, self.proxy, (7, 8, 9, 6, 5, 12), single=True, word_wrap=False)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_city())
        lay.addWidget(self.table, 1)
        self.detail = QLabel()
        self.detail.setObjectName("submissionDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.detail)
        for button in (self.accept_button, self.return_button, self.chase_button):
            buttons.addWidget(button)

    def _build_county(self, lay: QVBoxLayout, buttons: QHBoxLayout) -> None:
        assert self.office is not None
        self.notice.setText(
            self.tr(
                "本库属于%1。报送后，该季度的进度数据在本库锁定，请再用“导出交换包”把报送发给市级；"
                "只有被市级退回的报送才能修改后重新报送。"
            ).replace("%1", self.office.name)
        )
        self.state_label = QLabel()
        self.state_label.setObjectName("submissionState")
        font = self.state_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.state_label.setFont(font)
        lay.addWidget(self.state_label)
        self.detail = QLabel()
        self.detail.setObjectName("submissionDetail")
        self.detail.setWordWrap(True)
        lay.addWidget(self.detail)
        self.returned_box = QGroupBox(self.tr("市级退回理由"))
        self.returned_box.setObjectName("returnedBox")
        self.returned_box.setStyleSheet(
            f"QGroupBox#returnedBox {{ border: 2px solid {status_style.RED}; margin-top: 1.2em; padding: 0.4em; }}"
            f"QGroupBox#returnedBox::title {{ color: {status_style.RED}; subcontrol-origin: margin; left: 0.6em; }}"
        )
        box = QVBoxLayout(self.returned_box)
        self.whole_reason_label = QLabel()
        self.whole_reason_label.setObjectName("wholeReason")
        self.whole_reason_label.setWordWrap(True)
        self.whole_reason_label.setStyleSheet(f"color: {status_style.RED}; font-weight: bold;")
        self.whole_reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.whole_reason_label)
        self.reasons_model = ListTableModel(
            [(self.tr("项目编号"), lambda r: r[0]), (self.tr("退回理由"), lambda r: r[1])]
        )
        self.reasons_table = record_table(self, self.reasons_model, (7, 30))
        box.addWidget(self.reasons_table, 1)
        lay.addWidget(self.returned_box, 1)
        self.returned_box.hide()
        lay.addStretch(0)
        buttons.addWidget(self.submit_button)

    # ------------------------------------------------------------------ data
    def period(self) -> str:
        return str(self.period_combo.currentData())

    def on_changes(self, changes: Changes) -> None:
        if changes.any("periods", "progress"):
            self.reload()

    def reload(self) -> None:
        if self.office is None:
            self._set_buttons()
            return
        current = self.current()
        infos = submissions.list_submissions(self.ws, self.period())
        self.model.set_items(infos)
        if self.office.is_city:
            self._show_counts(infos)
            if current is not None:
                self.select(current.office)
            self._update_city()
        else:
            self._update_county(infos[0] if infos else None)

    def _show_counts(self, infos: list[submissions.SubmissionInfo]) -> None:
        counts = {state: sum(1 for i in infos if i.state == state) for state in submissions.STATE_LABELS}
        parts = [f"{label} {counts[state]}" for state, label in submissions.STATE_LABELS.items()]
        self.counts_label.setText(self.tr("应报送 %1 个单位：").replace("%1", str(len(infos))) + "，".join(parts))

    def _apply_filter(self) -> None:
        self.proxy.set_state(self.filter_combo.currentData())
        self._update_city()

    def select(self, office_name: str) -> bool:
        """Select the office's row (when the filter shows it)."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(OBJECT_ROLE).office == office_name:
                self.table.setCurrentIndex(index)
                return True
        return False

    def current(self) -> submissions.SubmissionInfo | None:
        if self.office is None or not self.office.is_city:
            return self.model.item_at(0) if self.office is not None else None
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        item: submissions.SubmissionInfo | None = self.proxy.index(index.row(), 0).data(OBJECT_ROLE)
        return item

    def _set_buttons(self, *, accept: bool = False, give_back: bool = False, submit: bool = False) -> None:
        writable = not self.ws.read_only
        self.accept_button.setEnabled(writable and accept)
        self.return_button.setEnabled(writable and give_back)
        self.submit_button.setEnabled(writable and submit)
        self.chase_button.setEnabled(self.office is not None)
        if self.ws.read_only:
            self.error.show_error(self.ws.read_only_reason)

    def _update_city(self) -> None:
        info = self.current()
        pending = info is not None and info.state == submissions.SUBMITTED
        self._set_buttons(accept=pending, give_back=pending)
        self.detail.setText(self._describe(info) if info is not None else self.tr("选中一个单位查看报送情况。"))

    def _update_county(self, info: submissions.SubmissionInfo | None) -> None:
        state = info.state if info is not None else submissions.NOT_SUBMITTED
        label = submissions.STATE_LABELS[state]
        color = status_style.SUBMISSION_COLORS.get(state, status_style.SLATE)
        self.state_label.setText(self.tr("%1 报送状态：%2").replace("%1", self.period()).replace("%2", label))
        self.state_label.setStyleSheet(f"color: {color};")
        self.detail.setText(self._describe(info) if info is not None else "")
        returned = info is not None and state == submissions.RETURNED
        self.returned_box.setVisible(returned)
        if returned and info is not None:
            self.whole_reason_label.setText(
                self.tr("整体理由：%1").replace("%1", info.reason)
                if info.reason
                else self.tr("（无整体理由，见逐个项目的理由）")
            )
            self.reasons_model.set_items(list(info.project_reasons))
            self.reasons_table.setVisible(bool(info.project_reasons))
        else:
            self.reasons_model.set_items([])
        self._set_buttons(submit=state in (submissions.NOT_SUBMITTED, submissions.RETURNED))

    def _describe(self, info: submissions.SubmissionInfo) -> str:
        if info.state == submissions.NOT_SUBMITTED:
            return self.tr("%1 尚未报送 %2。").replace("%1", info.office).replace("%2", info.period)
        lines = [
            self.tr("%1 第 %2 次报送：%3 由 %4 报送，报送项目 %5 个。")
            .replace("%1", info.office)
            .replace("%2", str(info.round))
            .replace("%3", format_datetime(info.submitted_at))
            .replace("%4", info.submitted_by or "")
            .replace("%5", str(info.projects_reported))
        ]
        if info.decided_at is not None:
            decided = (
                self.tr("%1 由 %2 审核通过。") if info.state == submissions.ACCEPTED else self.tr("%1 由 %2 退回。")
            )
            lines.append(decided.replace("%1", format_datetime(info.decided_at)).replace("%2", info.decided_by or ""))
        if info.state == submissions.RETURNED and self.office is not None and self.office.is_city:
            lines.append(self.tr("退回理由：%1").replace("%1", reason_lines(info)))
        return "\n".join(lines)

    # ------------------------------------------------------------------ actions
    def _run(self, step: Callable[[], object]) -> bool:
        try:
            step()
        except STEP_ERRORS as exc:
            self.error.show_error(chinese_part(user_error_text(exc)))
            return False
        except Exception as exc:
            if not self.error.show_write_error(exc):
                raise
            return False
        self.error.show_error(None)
        self.bus.announce(Changes(periods=True))
        return True

    def _confirm(self, name: str, title: str, text: str, yes: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self
        )
        box.setObjectName(name)
        box.button(QMessageBox.StandardButton.Yes).setText(yes)
        box.button(QMessageBox.StandardButton.No).setText(self.tr("取消"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def accept_current(self) -> bool:
        info = self.current()
        if info is None or info.state != submissions.SUBMITTED:
            return False
        if not self._confirm(
            "confirmAcceptBox",
            self.tr("审核通过"),
            self.tr("确定审核通过 %1 %2 的报送吗？审核通过后该报送不能再退回。")
            .replace("%1", info.office)
            .replace("%2", info.period),
            self.tr("审核通过"),
        ):
            return False
        return self._run(lambda: submissions.accept(self.ws, info.office, info.period))

    def return_current(self) -> bool:
        info = self.current()
        if info is None or info.state != submissions.SUBMITTED:
            return False
        projects = submissions.office_projects(self.ws, info.office, info.period)

        def decide(reason: str, project_reasons: Mapping[str, str]) -> None:
            submissions.return_submission(
                self.ws, info.office, info.period, reason=reason or None, project_reasons=project_reasons
            )

        dialog = ReturnDialog(info.office, info.period, projects, decide, self)
        dialog.setObjectName("returnDialog")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.error.show_error(None)
        self.bus.announce(Changes(periods=True))
        return True

    def submit_own(self) -> bool:
        if self.office is None or self.office.is_city:
            return False
        code = self.period()
        if not confirm_submission(self, self.office.name, code):
            return False
        return self._run(lambda: submissions.submit(self.ws, code))

    def open_chase_list(self) -> None:
        from app.ui.chase_list_dialog import ChaseListDialog

        dialog = ChaseListDialog(self.ws, self.period(), self)
        dialog.setObjectName("chaseListDialog")
        dialog.exec()


def confirm_submission(parent: QWidget, office_name: str, period: str) -> bool:
    """The one question before a county's 报送 (asked by this dialog and by the quarters dialog)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("SubmissionsDialog", "报送"),
        QCoreApplication.translate(
            "SubmissionsDialog",
            "确定以%1的名义报送 %2 吗？\n\n报送后，该季度的进度数据在本库锁定、不能再修改；"
            "请再用“导出交换包”把报送发给市级。只有被市级退回后才能修改并重新报送。",
        )
        .replace("%1", office_name)
        .replace("%2", period),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setObjectName("confirmSubmitBox")
    box.button(QMessageBox.StandardButton.Yes).setText(QCoreApplication.translate("SubmissionsDialog", "报送"))
    box.button(QMessageBox.StandardButton.No).setText(QCoreApplication.translate("SubmissionsDialog", "取消"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
