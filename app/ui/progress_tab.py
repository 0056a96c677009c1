"""Project editor tab: quarterly progress (period picker, the reported fields, the derived cumulative
investment, completion rate and RAG rating with its reasons; locked quarters are read-only)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core import number_format, periods
from app.core import reference as ref
from app.core import tracking_service as ts
from app.ui.models import RAG_COLORS, ListTableModel
from app.ui.widgets import ErrorLabel, line_height, record_table, user_error_text

AMOUNTS = ("invested", "annual_plan")
TEXTS = ("physical_progress", "problems", "next_steps")


def _amount_text(value: Any) -> str:
    return "" if value is None else number_format.amount_short(Decimal(str(value)))


def period_choices(known: list[dict[str, Any]], today: dt.date | None = None) -> list[str]:
    """Known periods plus the current quarter and the two before it, newest first."""
    current = periods.period_of(today or dt.date.today())
    codes = {p["code"] for p in known} | {current, periods.shift_period(current, -1), periods.shift_period(current, -2)}
    return sorted(codes, reverse=True)


class ProgressTab(QWidget):
    changed = Signal()

    def __init__(self, ws: Any, project_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.project_id = project_id
        self.record: dict[str, Any] | None = None
        self.locked = False

        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("报告期")))
        self.period = QComboBox()
        self.period.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period.currentIndexChanged.connect(lambda _i: self.show_period())
        top.addWidget(self.period)
        self.state_label = QLabel()
        top.addWidget(self.state_label)
        top.addStretch(1)
        lay.addLayout(top)
        self.lock_banner = QLabel(self.tr("该报告期已锁定，数据只读。如需修改，请由管理员填写理由后解锁。"))
        self.lock_banner.setWordWrap(True)
        self.lock_banner.setStyleSheet("background: #fff4e5; color: #8a4b00; padding: 6px; border-radius: 3px;")
        self.lock_banner.hide()
        lay.addWidget(self.lock_banner)

        splitter = QSplitter(Qt.Orientation.Vertical)
        upper = QWidget()
        up = QHBoxLayout(upper)
        up.setContentsMargins(0, 0, 0, 0)

        entry = QGroupBox(self.tr("本季度填报"))
        form = QFormLayout(entry)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        for key, label in (("invested", self.tr("本季度完成投资")), ("annual_plan", self.tr("年度计划投资"))):
            edit = QLineEdit()
            edit.setPlaceholderText(self.tr("亿元；可填“500万元”，留空表示未报"))
            holder = QWidget()
            h = QHBoxLayout(holder)
            h.setContentsMargins(0, 0, 0, 0)
            h.addWidget(edit, 1)
            h.addWidget(QLabel(self.tr("亿元")))
            self._add(form, key, label, holder, edit)
        status = QComboBox()
        status.addItem(self.tr("（不变）"), "")
        for s in ref.STATUSES:
            status.addItem(s, s)
        self._add(form, "status", self.tr("状态"), status, status)
        for key, label in (
            ("physical_progress", self.tr("形象进度")),
            ("problems", self.tr("存在问题")),
            ("next_steps", self.tr("下步计划")),
        ):
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(line_height(self, 3.2))
            edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self._add(form, key, label, edit, edit)
        buttons = QHBoxLayout()
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a4b00;")
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
        dform.addRow(self.tr("累计完成投资"), self.cumulative)
        dform.addRow(self.tr("完成率"), self.rate)
        dform.addRow(self.tr("序时进度"), self.elapsed)
        dform.addRow(self.tr("RAG 评级"), self.rag)
        dform.addRow(self.tr("评级理由"), self.reasons)
        dform.addRow(self.tr("逾期节点"), self.overdue)
        up.addWidget(derived, 2)
        splitter.addWidget(upper)

        self.history = ListTableModel(
            [
                (self.tr("报告期"), lambda r: r["period"]),
                (self.tr("本季度完成（亿元）"), lambda r: _amount_text(r["invested"])),
                (self.tr("累计完成（亿元）"), lambda r: _amount_text(r["cumulative"])),
                (
                    self.tr("完成率"),
                    lambda r: number_format.rate(
                        None if r["completion_rate"] is None else Decimal(str(r["completion_rate"]))
                    ),
                ),
                (self.tr("年度计划（亿元）"), lambda r: _amount_text(r["annual_plan"])),
                (self.tr("状态"), lambda r: r["status"] or ""),
                (self.tr("形象进度"), lambda r: r["physical_progress"] or ""),
                (self.tr("填报人"), lambda r: r["updated_by"]),
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

    def _add(self, form: QFormLayout, key: str, label: str, widget: QWidget, field: QWidget) -> None:
        host = QWidget()
        v = QVBoxLayout(host)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(2)
        v.addWidget(widget)
        error = ErrorLabel()
        v.addWidget(error)
        form.addRow(label, host)
        self.fields[key] = field
        self.errors[key] = error

    # ------------------------------------------------------------------ data
    def reload(self) -> None:
        known = ts.list_periods(self.ws)
        states = {p["code"]: p["state_label"] for p in known}
        history = ts.progress_history(self.ws, self.project_id)
        # first time: the quarter this project last reported (what the officer usually continues), else now
        current = self.period.currentData() or (history[-1]["period"] if history else ts.current_period())
        self.period.blockSignals(True)
        self.period.clear()
        for code in period_choices(known):
            label = code + (f"（{states[code]}）" if code in states else "")
            self.period.addItem(label, code)
        self.period.setCurrentIndex(max(self.period.findData(current), 0))
        self.period.blockSignals(False)
        self.history.set_items(list(reversed(history)))
        self.show_period()

    def selected_period(self) -> str:
        return self.period.currentData()

    def set_period(self, code: str) -> None:
        index = self.period.findData(code)
        if index < 0:
            self.period.addItem(code, code)
            index = self.period.count() - 1
        self.period.setCurrentIndex(index)

    def _pick_history_period(self, index) -> None:
        row = self.history.item_at(index.row())
        if row:
            self.set_period(row["period"])

    def show_period(self) -> None:
        code = self.selected_period()
        if not code:
            return
        state = ts.period_state(self.ws, code)
        self.locked = state == periods.LOCKED
        self.state_label.setText(self.tr("状态：%1").replace("%1", periods.STATE_LABELS.get(state, state)))
        self.lock_banner.setVisible(self.locked)
        self.record = ts.get_progress(self.ws, self.project_id, code)
        r = self.record or {}
        self.fields["invested"].setText(_amount_text(r.get("invested")))
        self.fields["annual_plan"].setText(_amount_text(r.get("annual_plan")))
        status = self.fields["status"]
        status.setCurrentIndex(max(status.findData(r.get("status") or ""), 0))
        for key in TEXTS:
            self.fields[key].setPlainText(r.get(key) or "")
        for key, w in self.fields.items():
            if isinstance(w, (QLineEdit, QPlainTextEdit)):
                w.setReadOnly(self.locked)
            else:
                w.setEnabled(not self.locked)
        self.save_button.setEnabled(not self.locked)
        for e in self.errors.values():
            e.show_error(None)
        self.warnings.clear()
        self._show_derived(code)

    def _show_derived(self, code: str) -> None:
        tracking = ts.project_tracking(self.ws, self.project_id, code)
        st = tracking["status"]
        unknown = self.tr("未知")
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
        elapsed = getattr(st, "elapsed_share", None)
        self.elapsed.setText(unknown if elapsed is None else number_format.rate(Decimal(str(elapsed))))
        color = RAG_COLORS.get(st.rag, RAG_COLORS["unknown"]).name()
        label = {"green": self.tr("绿"), "amber": self.tr("黄"), "red": self.tr("红")}.get(st.rag, unknown)
        self.rag.setText(f"<span style='color:{color}; font-size:large;'>●</span> <b>{label}</b>")
        self.reasons.setText("\n".join(st.rag_reasons) or "—")
        titles = getattr(st, "overdue_milestone_titles", None) or []
        self.overdue.setText("、".join(titles) if titles else self.tr("无"))

    # ------------------------------------------------------------------ saving
    def changes(self) -> dict[str, Any]:
        r = self.record or {}
        out: dict[str, Any] = {}
        for key in AMOUNTS:
            text = self.fields[key].text().strip()
            old = _amount_text(r.get(key))
            if text != old:
                out[key] = text or None
        status = self.fields["status"].currentData() or None
        if status != (r.get("status") or None):
            out["status"] = status
        for key in TEXTS:
            text = self.fields[key].toPlainText().strip()
            if text != (r.get(key) or ""):
                out[key] = text or None
        return out

    def save(self) -> bool:
        for e in self.errors.values():
            e.show_error(None)
        changes = self.changes()
        if not changes:
            return True
        version = self.record["version"] if self.record else 0
        try:
            result = ts.set_progress(
                self.ws, self.project_id, self.selected_period(), expected_version=version, **changes
            )
        except ts.USER_ERRORS as exc:
            errors = getattr(exc, "errors", None)
            if isinstance(errors, dict) and any(k in self.errors for k in errors):
                for key, message in errors.items():
                    if key in self.errors:
                        self.errors[key].show_error(message)
            else:
                QMessageBox.warning(self, self.tr("未保存"), user_error_text(exc))
            return False
        code = self.selected_period()
        self.reload()
        self.set_period(code)
        self.warnings.setText("\n".join(result.warnings))
        self.changed.emit()
        return True
