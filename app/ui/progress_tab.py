"""Project editor tab: quarterly progress (any quarter of the plan, the reported fields, the derived cumulative
investment, completion rate and RAG rating with its reasons; locked quarters are read-only).

Amounts are sent as typed to the core, which reads them with its one parser (app.core.parsing): "1,5" is
refused with the reason under the field and nothing is saved. The RAG panel is judged on the day the core
judges the quarter on (shown under it), the same day the overdue milestones are counted to; it is redrawn
whenever milestones, issues or progress of the project change anywhere (the change bus).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core import number_format, period_service, periods, progress, tracking_service
from app.core import reference as ref
from app.core.changes import Changes
from app.core.records import ProgressRecord, ProjectTracking
from app.core.workspace import Workspace
from app.ui import status_style
from app.ui.change_bus import ChangeBus
from app.ui.list_models import ListTableModel
from app.ui.models import rag_word
from app.ui.tracking_tab import TrackingTab
from app.ui.widgets import line_height, record_table

AMOUNTS = progress.AMOUNT_FIELDS
TEXTS = progress.TEXT_FIELDS


def amount_text(value: Decimal | None) -> str:
    """An amount as the entry box shows it (blank when not reported)."""
    return "" if value is None else number_format.amount_short(value)


class ProgressTab(TrackingTab):
    def __init__(self, ws: Workspace, project_id: str, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(ws, project_id, bus, parent)
        self.record: ProgressRecord | None = None
        self.tracking: ProjectTracking | None = None
        self.locked = False

        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("报告期")))
        self.period = QComboBox()
        self.period.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period.setMaxVisibleItems(16)
        self.period.currentIndexChanged.connect(lambda _i: self.show_period())
        top.addWidget(self.period)
        self.state_label = QLabel()
        top.addWidget(self.state_label)
        top.addStretch(1)
        lay.addLayout(top)
        self.lock_banner = QLabel(
            self.tr("该报告期已锁定，数据只读。如需修改，请在主窗口“季度”菜单中重新打开该季度（需写明理由）。")
        )
        self.lock_banner.setWordWrap(True)
        self.lock_banner.setStyleSheet(status_style.BANNER_WARNING)
        self.lock_banner.hide()
        lay.addWidget(self.lock_banner)

        splitter = QSplitter(Qt.Orientation.Vertical)
        upper = QWidget()
        up = QHBoxLayout(upper)
        up.setContentsMargins(0, 0, 0, 0)

        entry = QGroupBox(self.tr("本季度填报"))
        form = QFormLayout(entry)
        self.fields: dict[str, QWidget] = {}
        for key, label in (("invested", self.tr("本季度完成投资")), ("annual_plan", self.tr("年度计划投资"))):
            edit = QLineEdit()
            edit.setPlaceholderText(self.tr("亿元；可填“500万元”，留空表示未报"))
            holder = QWidget()
            h = QHBoxLayout(holder)
            h.setContentsMargins(0, 0, 0, 0)
            h.addWidget(edit, 1)
            h.addWidget(QLabel(self.tr("亿元")))
            self.add_field_row(form, key, label, holder)
            self.fields[key] = edit
        status = QComboBox()
        status.addItem(self.tr("（不变）"), "")
        for s in ref.STATUSES:
            status.addItem(s, s)
        self.add_field_row(form, "status", self.tr("状态"), status)
        self.fields["status"] = status
        for key, label in (
            ("physical_progress", self.tr("形象进度")),
            ("problems", self.tr("存在问题")),
            ("next_steps", self.tr("下步计划")),
        ):
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setFixedHeight(line_height(self, 3.2))
            text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.add_field_row(form, key, label, text)
            self.fields[key] = text
        buttons = QHBoxLayout()
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(f"color: {status_style.BROWN};")
        self.save_button = QPushButton(self.tr("保存本季度进展"))
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.warnings, 1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        up.addWidget(entry, 3)

        derived = QGroupBox(self.tr("自动计算（只读）"))
        dform = QFormLayout(derived)
        self.cumulative = QLabel()
        self.rate = QLabel()
        self.rag = QLabel()
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.elapsed = QLabel()
        self.overdue = QLabel()
        self.overdue.setWordWrap(True)
        self.as_of = QLabel()
        self.as_of.setStyleSheet("color: palette(placeholder-text);")
        dform.addRow(self.tr("累计完成投资"), self.cumulative)
        dform.addRow(self.tr("完成率"), self.rate)
        dform.addRow(self.tr("序时进度"), self.elapsed)
        dform.addRow(self.tr("RAG 评级"), self.rag)
        dform.addRow(self.tr("评级理由"), self.reasons)
        dform.addRow(self.tr("逾期节点"), self.overdue)
        dform.addRow(self.tr("判定日期"), self.as_of)
        up.addWidget(derived, 2)
        splitter.addWidget(upper)

        self.history = ListTableModel(
            [
                (self.tr("报告期"), lambda r: r.period),
                (self.tr("本季度完成（亿元）"), lambda r: amount_text(r.invested)),
                (self.tr("累计完成（亿元）"), lambda r: amount_text(r.cumulative)),
                (self.tr("完成率"), lambda r: number_format.rate(r.completion_rate)),
                (self.tr("年度计划（亿元）"), lambda r: amount_text(r.annual_plan)),
                (self.tr("状态"), lambda r: r.status or ""),
                (self.tr("形象进度"), lambda r: r.physical_progress or ""),
                (self.tr("填报人"), lambda r: r.updated_by or ""),
            ],
            self,
        )
        self.history_view = record_table(self, self.history, (5, 9, 9, 5, 9, 4, 16, 5))
        self.history_view.doubleClicked.connect(self._pick_history_period)
        splitter.addWidget(self.history_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([line_height(self, 20), line_height(self, 10)])
        self.splitter = splitter
        lay.addWidget(splitter, 1)
        self.reload()

    # ------------------------------------------------------------------ periods
    def reload(self) -> None:
        """Read the quarters, this project's reports and the selected quarter again."""
        states = period_service.period_states(self.ws)
        history = tracking_service.progress_history(self.ws, self.project_id)
        # first time: the quarter this project last reported (what the officer usually continues), else now
        current = self.period.currentData() or (history[-1].period if history else period_service.current_quarter())
        self.period.blockSignals(True)
        self.period.clear()
        for code in reversed(period_service.choosable_quarters(self.ws)):  # newest first
            label = code + (f"（{states[code]}）" if code in states else "")
            self.period.addItem(label, code)
        self.period.setCurrentIndex(max(self.period.findData(current), 0))
        self.period.blockSignals(False)
        self.history.set_items(list(reversed(history)))
        self.show_period()

    def selected_period(self) -> str:
        return str(self.period.currentData() or "")

    def set_period(self, code: str) -> None:
        code = period_service.canonical(code)
        index = self.period.findData(code)
        if index < 0:  # a quarter outside the plan period that nobody has used yet
            self.period.addItem(code, code)
            index = self.period.count() - 1
        self.period.setCurrentIndex(index)

    def _pick_history_period(self, index: QModelIndex) -> None:
        row = self.history.item_at(index.row())
        if row is not None:
            self.set_period(row.period)

    # ------------------------------------------------------------------ showing a quarter
    def show_period(self) -> None:
        code = self.selected_period()
        if not code:
            return
        state = period_service.period_state(self.ws, code)
        self.locked = state == periods.LOCKED
        self.state_label.setText(self.tr("状态：%1").replace("%1", periods.STATE_LABELS.get(state, state)))
        self.lock_banner.setVisible(self.locked)
        self.record = tracking_service.get_progress(self.ws, self.project_id, code)
        self._fill_form()
        for widget in self.fields.values():
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.setReadOnly(self.locked)
            else:
                widget.setEnabled(not self.locked)
        self.save_button.setEnabled(not self.locked and self.writable)
        self.clear_errors()
        self.warnings.clear()
        self.show_derived()

    def _fill_form(self) -> None:
        r = self.record
        self._line("invested").setText(amount_text(r.invested if r else None))
        self._line("annual_plan").setText(amount_text(r.annual_plan if r else None))
        status = self._combo("status")
        status.setCurrentIndex(max(status.findData((r.status if r else None) or ""), 0))
        for key in TEXTS:
            self._text(key).setPlainText((getattr(r, key) if r else None) or "")

    def show_derived(self) -> None:
        """The figures the core derives for the selected quarter (cumulative, rate, RAG and why)."""
        code = self.selected_period()
        if not code:
            return
        self.tracking = tracking = tracking_service.project_tracking(self.ws, self.project_id, code)
        st = tracking.status
        unknown = self.tr("未知")
        self.as_of.setText(
            self.tr("%1（逾期天数、序时进度按这一天计算）").replace("%1", number_format.date(tracking.as_of))
        )
        if st is None:
            for label in (self.cumulative, self.rate, self.rag, self.reasons, self.elapsed, self.overdue):
                label.setText(unknown)
            return
        self.cumulative.setText(
            unknown
            if st.cumulative is None
            else self.tr("%1 亿元").replace("%1", number_format.amount_short(st.cumulative))
        )
        self.rate.setText(number_format.rate(st.completion_rate, unknown=unknown))
        self.elapsed.setText(number_format.rate(st.elapsed_share, unknown=unknown))
        color = status_style.RAG_COLORS.get(st.rag, status_style.GREY)
        self.rag.setText(f"<span style='color:{color}; font-size:large;'>●</span> <b>{rag_word(st.rag)}</b>")
        self.reasons.setText("\n".join(st.rag_reasons) or "—")
        late = [
            self.tr("%1（逾期 %2 天）").replace("%1", m.title).replace("%2", str(m.overdue_days))
            for m in tracking.overdue_milestones
        ]
        self.overdue.setText("、".join(late) if late else self.tr("无"))

    def on_changes(self, changes: Changes) -> None:
        if not changes.touches_project(self.project_id):
            return
        if changes.any("periods"):
            if self.has_unsaved():
                self.show_derived()
            else:
                self.reload()
        elif changes.any("progress"):
            self.history.set_items(list(reversed(tracking_service.progress_history(self.ws, self.project_id))))
            if self.has_unsaved():
                self.show_derived()
            else:
                self.show_period()
        elif changes.any("milestones", "issues", "projects"):
            self.show_derived()

    # ------------------------------------------------------------------ saving
    def _line(self, key: str) -> QLineEdit:
        widget = self.fields[key]
        assert isinstance(widget, QLineEdit)
        return widget

    def _text(self, key: str) -> QPlainTextEdit:
        widget = self.fields[key]
        assert isinstance(widget, QPlainTextEdit)
        return widget

    def _combo(self, key: str) -> QComboBox:
        widget = self.fields[key]
        assert isinstance(widget, QComboBox)
        return widget

    def changes(self) -> dict[str, Any]:
        """The fields the person changed, as typed (the core parses and checks them)."""
        r = self.record
        out: dict[str, Any] = {}
        for key in AMOUNTS:
            text = self._line(key).text().strip()
            if text != amount_text(getattr(r, key) if r else None):
                out[key] = text or None
        status = self._combo("status").currentData() or None
        if status != ((r.status if r else None) or None):
            out["status"] = status
        for key in TEXTS:
            text = self._text(key).toPlainText().strip()
            if text != ((getattr(r, key) if r else None) or ""):
                out[key] = text or None
        return out

    def has_unsaved(self) -> bool:
        return not self.locked and bool(self.changes())

    def unsaved_description(self) -> str:
        return self.tr("%1 季度进展").replace("%1", self.selected_period()) if self.has_unsaved() else ""

    def save_unsaved(self) -> bool:
        return self.save()

    def save(self) -> bool:
        """Write the quarter's changed fields (one transaction); False with the reasons shown when refused."""
        self.clear_errors()
        changes = self.changes()
        if not changes:
            return True
        code = self.selected_period()
        first_report = self.record is None
        version = self.record.version if self.record else 0
        try:
            result = tracking_service.set_progress(self.ws, self.project_id, code, expected_version=version, **changes)
        except tracking_service.USER_ERRORS as exc:
            self.show_failure(exc, self.tr("未保存"))
            return False
        self.reload()
        self.set_period(code)
        self.warnings.setText("\n".join(result.warnings))
        # a quarter's status can move the project's status; a first report can create the quarter
        self.announce(progress=True, projects="status" in changes, periods=first_report)
        return True
