"""The first-run welcome (shown once per user, remembered in QSettings): what was loaded, where the data lives
and how it is backed up, and the first three things to do, each with a button that does it.

Every number is counted from the database (app.core.database_overview), never written into the text.

While the database names no office, the welcome offers to name it here (the same choices and rule as 设置:
app.core.office.set_office); leaving it at （未设置） sets nothing, and 设置 can name it later.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core import number_format, office, periods
from app.core.changes import Changes
from app.core.database_overview import DatabaseOverview, database_overview
from app.core.errors import ValidationError
from app.core.workspace import Workspace
from app.ui.change_bus import ChangeBus
from app.ui.settings_dialog import NOT_SET, office_choices
from app.ui.user_errors import write_error_text

# What the person chose to do first (WelcomeDialog.choice), for the main window to carry out.
CHOICE_SETTINGS, CHOICE_REVIEW, CHOICE_QUARTER = "settings", "review", "quarter"


def current_quarter(today: dt.date | None = None) -> str:
    return periods.period_of(today or dt.date.today())


class WelcomeDialog(QDialog):
    def __init__(
        self, ws: Workspace, bus: ChangeBus, parent: QWidget | None = None, overview: DatabaseOverview | None = None
    ):
        super().__init__(parent)
        self.ws = ws
        self.bus = bus  # announces the office when one is chosen here
        self.choice: str | None = None
        # Counted by the caller off the GUI thread where it can (MainWindow.show_welcome): at 100,000 projects the
        # counts take 20 ms warm, 280 ms on a cold file.
        self.overview = overview if overview is not None else database_overview(ws)
        self.quarter = current_quarter()
        self.setWindowTitle(self.tr("欢迎使用"))
        layout = QVBoxLayout(self)
        self.text = QLabel(self.welcome_html(self.overview))
        self.text.setObjectName("welcomeText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        self.office_combo: QComboBox | None = None
        self.message = QLabel()
        self.message.setObjectName("welcomeMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        if not ws.read_only and office.load_office(ws) is None:
            self.office_combo = office_choices(ws, self)
            self.office_combo.setObjectName("welcomeOfficeCombo")
            form = QFormLayout()
            form.addRow(self.tr("本库所属单位（市级，或哪个县区、牵头部门）："), self.office_combo)
            layout.addLayout(form)
            layout.addWidget(self.message)

        steps = QHBoxLayout()
        year, quarter = int(self.quarter[:4]), int(self.quarter[-1])
        self.settings_button = QPushButton(self.tr("① 设置所属单位和编制单位…"))
        self.review_button = QPushButton(self.tr("② 查看待核查的数据问题"))
        self.quarter_button = QPushButton(
            self.tr("③ 打开本季度（%1）").replace("%1", number_format.period_label(year, quarter))
        )
        for button, choice in (
            (self.settings_button, CHOICE_SETTINGS),
            (self.review_button, CHOICE_REVIEW),
            (self.quarter_button, CHOICE_QUARTER),
        ):
            button.clicked.connect(lambda _checked=False, c=choice: self.choose(c))
            steps.addWidget(button)
        layout.addLayout(steps)
        close_row = QHBoxLayout()
        close_row.addStretch(1)
        self.close_button = QPushButton(self.tr("开始使用"))
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        close_row.addWidget(self.close_button)
        layout.addLayout(close_row)
        self.resize(640, self.sizeHint().height())

    def welcome_html(self, o: DatabaseOverview) -> str:
        backups = (
            self.tr(
                "每次启动时，如数据自上次备份后有改动，程序会自动备份到：<br><code>%1</code><br>"
                "（经完整性检查，保留最近的若干份；升级数据库结构前也会先备份）。也可随时用“文件 → 备份数据库”另存一份。"
            ).replace("%1", escape(o.backups))
            if o.backups
            else self.tr("这是服务器上的数据库，请由管理员用 pg_dump 定期备份。")
        )
        return (
            self.tr("<h3>欢迎使用大同市生态保护重点项目管理</h3>")
            + self.tr("<p><b>已载入的数据</b>：规划附表1-7中的 <b>%1</b> 个重点项目，表3-1 的 <b>%2</b> 项规划指标；")
            .replace("%1", str(o.appendix_projects))
            .replace("%2", str(o.indicators))
            + self.tr(
                "导入时发现 <b>%1</b> 处数据需要人工核查（原文有歧义、重复或不完整之处，未作改动）。</p>"
            ).replace("%1", str(o.open_findings))
            + self.tr("<p><b>数据保存在</b>：<code>%1</code><br>").replace("%1", escape(o.database))
            + backups
            + "</p>"
            + self.tr(
                "<p><b>先做三件事</b>：</p><ol>"
                "<li>设置本库所属单位和编制单位（以及报告签发页上的编制人、审核人）；</li>"
                "<li>在“数据核查”页逐条查看待核查的问题，确认或修改；</li>"
                "<li>打开本季度，逐个项目填报投资完成情况和形象进度。</li></ol>"
                "<p>本窗口只显示一次；使用说明随时可从“帮助 → 使用说明”打开。</p>"
            )
        )

    def choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def accept(self) -> None:
        """Every button but Esc: name the office if one was chosen; a refusal is shown and the welcome stays."""
        if self.save_office():
            super().accept()
        else:
            self.choice = None

    def save_office(self) -> bool:
        name = self.office_combo.currentData() if self.office_combo is not None else NOT_SET
        if not name:
            return True
        try:
            result = office.set_office(self.ws, name)
        except ValidationError as exc:
            self.message.setText(str(exc))
        except Exception as exc:  # the database refused the write (read-only file, locked): say so, stay open
            text = write_error_text(exc)
            if text is None:
                raise
            self.message.setText(text)
        else:
            if result.changed:
                self.bus.announce(Changes(reference=True))
            return True
        self.message.show()
        return False
