"""季度 (quarters): submit (报送), lock (锁定) and reopen (重新打开, with the reason) from the desktop app.

Every step goes through app.core.period_service (one transaction each, audited) and is announced on the
change bus as a change of the quarters, so the portfolio's period picker, the editors' progress tabs and the
report dialog show the new state without anyone refreshing them.

In a county office 报送 means reporting the quarter to the city: period_service.submit is then the office's
submission (app.core.submissions.submit, the same step and the same question as 交换 → 报送与审核), a column
shows each quarter's state at the city, and a quarter reported to the city is not reopened here (the city's
return reopens it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import office, period_service, periods, submissions
from app.core.changes import Changes
from app.core.errors import ValidationError
from app.core.periods import PeriodLockedError, PeriodStateError
from app.core.workspace import Workspace
from app.ui import status_style
from app.ui.change_bus import ChangeBus
from app.ui.list_models import ListTableModel
from app.ui.models import OBJECT_ROLE, format_datetime
from app.ui.widgets import ErrorLabel, em, ok_cancel_buttons, record_table, user_error_text

PERIOD_ERRORS = (ValidationError, PeriodStateError, PeriodLockedError)


class QuarterTableModel(ListTableModel):
    """One row per quarter: code, state (coloured), progress records, who changed the state and when."""

    STATE_COLUMN = 1
    COLOR_COLUMN = STATE_COLUMN
    COLOR_KEY = "state"
    COLORS = status_style.PERIOD_COLORS


class ReopenDialog(QDialog):
    """Asks why a submitted or locked quarter is reopened; the reason goes into the audit log."""

    def __init__(self, period: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("重新打开 %1").replace("%1", period))
        lay = QVBoxLayout(self)
        text = QLabel(
            self.tr("重新打开后，%1 的进展数据可以再次修改。请写明原因（记入修改记录）：").replace("%1", period)
        )
        text.setWordWrap(True)
        lay.addWidget(text)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("例如：灵丘县补报第三季度投资数据"))
        lay.addWidget(self.reason)
        self.buttons, self.ok_button = ok_cancel_buttons(self, self.tr("重新打开"), self.tr("取消"), self.accept)
        lay.addWidget(self.buttons)
        self.ok_button.setEnabled(False)
        self.reason.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.reason_text())))
        self.resize(em(self, 30), self.sizeHint().height())

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()


class PeriodsDialog(QDialog):
    """The quarters of the plan with their state; 报送 / 锁定 / 重新打开… act on the selected quarter."""

    def __init__(self, ws: Workspace, bus: ChangeBus, parent: QWidget | None = None, *, period: str | None = None):
        super().__init__(parent)
        self.ws = ws
        self.bus = bus
        current_office = office.load_office(ws)
        # A county's 报送 goes to the city (app.core.submissions); None in the city or with no office set.
        self.county = current_office.name if current_office is not None and not current_office.is_city else None
        self.setWindowTitle(self.tr("季度报送与锁定"))
        lay = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "填报中 → 已报送 → 已锁定。锁定后该季度的进展数据在程序、命令行和 Excel 导入中都只读；"
                "需要修改时选中该季度，点击“重新打开…”并写明原因。里程碑不属于季度数据，锁定后仍可修改。"
            )
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        if self.county is not None:
            county_note = QLabel(
                self.tr(
                    "本库属于%1：“报送”即向市级报送该季度（与“报送与审核”中的报送相同），报送后该季度锁定，"
                    "再用“导出交换包”发给市级；已报送市级的季度只有被市级退回后才会重新打开。"
                ).replace("%1", self.county)
            )
            county_note.setObjectName("countySubmissionNote")
            county_note.setWordWrap(True)
            lay.addWidget(county_note)
        columns = [
            (self.tr("季度"), lambda p: p["code"]),
            (self.tr("状态"), lambda p: p["state_label"]),
            (self.tr("进展记录"), lambda p: p["records"]),
            (self.tr("状态修改人"), lambda p: p["changed_by"]),
            (self.tr("修改时间"), lambda p: p["changed_at"]),
        ]
        widths: tuple[float, ...] = (7, 6, 6, 9, 10)
        if self.county is not None:
            columns.insert(2, (self.tr("市级报送"), lambda p: p["submission_label"]))
            widths = (7, 6, 8, 6, 9, 10)
        self.model = QuarterTableModel(columns, self)
        self.table = record_table(self, self.model, widths, single=True, word_wrap=False)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        lay.addWidget(self.table, 1)
        self.error = ErrorLabel()
        lay.addWidget(self.error)
        row = QHBoxLayout()
        self.submit_button = QPushButton(self.tr("报送") if self.county is None else self.tr("报送市级…"))
        self.lock_button = QPushButton(self.tr("锁定"))
        self.reopen_button = QPushButton(self.tr("重新打开…"))
        self.submit_button.clicked.connect(self.submit_current)
        self.lock_button.clicked.connect(self.lock_current)
        self.reopen_button.clicked.connect(self.reopen_current)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        for button in (self.submit_button, self.lock_button, self.reopen_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        lay.addLayout(row)
        self.reload()
        self.select(period or period_service.current_quarter())
        self.resize(em(self, 46), em(self, 30))
        bus.changed.connect(self.on_changes)

    # ------------------------------------------------------------------ data
    def on_changes(self, changes: Changes) -> None:
        if changes.any("periods", "progress"):
            current = self.current()
            self.reload()
            if current is not None:
                self.select(current["code"])

    def reload(self) -> None:
        known = {info.code: info for info in period_service.list_periods(self.ws)}
        rows = []
        for code in reversed(period_service.choosable_quarters(self.ws)):
            info = known.get(code)
            sent = submissions.submission_of(self.ws, self.county, code) if self.county is not None else None
            rows.append(
                {
                    "submission": sent.state if sent is not None else None,
                    "submission_label": sent.state_label if sent is not None else "",
                    "code": code,
                    "state": info.state if info else periods.OPEN,
                    "state_label": info.state_label if info else periods.STATE_LABELS[periods.OPEN],
                    "records": info.records if info else 0,
                    "changed_by": (info.state_changed_by or "") if info else "",
                    "changed_at": format_datetime(info.state_changed_at) if info else "",
                }
            )
        self.model.set_items(rows)
        self._update_buttons()

    def select(self, code: str) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.item_at(row)["code"] == code:
                self.table.setCurrentIndex(self.model.index(row, 0))
                return True
        return False

    def current(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        item: dict[str, Any] | None = (
            self.model.data(self.model.index(index.row(), 0), OBJECT_ROLE) if index.isValid() else None
        )
        return item

    def state_of(self, code: str) -> str | None:
        return next((p["state"] for p in self.model.items() if p["code"] == code), None)

    def _update_buttons(self) -> None:
        item = self.current()
        state = item["state"] if item else None
        writable = item is not None and not self.ws.read_only
        if self.county is not None:  # 报送 to the city; reopened only by the city's return
            sent = item["submission"] if item else None
            at_city = sent in (submissions.SUBMITTED, submissions.ACCEPTED)
            self.submit_button.setEnabled(writable and not at_city)
            self.reopen_button.setEnabled(writable and not at_city and state in (periods.SUBMITTED, periods.LOCKED))
        else:
            self.submit_button.setEnabled(writable and state == periods.OPEN)
            self.reopen_button.setEnabled(writable and state in (periods.SUBMITTED, periods.LOCKED))
        self.lock_button.setEnabled(writable and state in (periods.OPEN, periods.SUBMITTED))
        if self.ws.read_only:
            self.error.show_error(self.ws.read_only_reason)
        else:
            self.error.show_error(None)

    # ------------------------------------------------------------------ actions
    def _run(self, step: Callable[[str], object], code: str) -> bool:
        try:
            step(code)
        except PERIOD_ERRORS as exc:
            self.error.show_error(user_error_text(exc))
            return False
        except Exception as exc:
            if not self.error.show_write_error(exc):
                raise
            return False
        self.bus.announce(Changes(periods=True))
        self.select(code)
        return True

    def submit_current(self) -> bool:
        item = self.current()
        if item is None:
            return False
        if self.county is not None:
            from app.ui.submissions_dialog import confirm_submission

            if not confirm_submission(self, self.county, item["code"]):
                return False
        return self._run(lambda code: period_service.submit(self.ws, code), item["code"])

    def confirm_lock(self, code: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("锁定季度"),
            self.tr("锁定 %1 后，该季度的进展数据将只读（重新打开需写明原因）。确定锁定吗？").replace("%1", code),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("confirmLockBox")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("锁定"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("取消"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def lock_current(self) -> bool:
        item = self.current()
        if item is None or not self.confirm_lock(item["code"]):
            return False
        return self._run(lambda code: period_service.lock(self.ws, code), item["code"])

    def reopen_current(self) -> bool:
        item = self.current()
        if item is None:
            return False
        dialog = ReopenDialog(item["code"], self)
        dialog.setObjectName("reopenDialog")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        reason = dialog.reason_text()
        return self._run(lambda code: period_service.reopen(self.ws, code, reason), item["code"])
