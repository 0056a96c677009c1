"""The dashboard: headline figures and bar charts by appendix category, county, status and RAG.

Clicking a bar asks the main window to show exactly those projects in the portfolio. The dashboard draws
the rows the portfolio loaded (the same period, the same numbers) and counts the open review findings itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core import number_format, portfolio, portfolio_totals, project_service
from app.core.changes import Changes
from app.core.workspace import Workspace
from app.ui import status_style, totals_text
from app.ui.change_bus import ChangeBus
from app.ui.charts import Bar, BarChart
from app.ui.models import rag_word
from app.ui.tasks import run_in_background
from app.ui.widgets import em

_RAG = attrgetter("rag")
# From this many rows the charts' groups are counted on a worker thread (about 0.5 s at 100,000 rows); fewer are
# counted at once, on the GUI thread.
GROUPS_IN_BACKGROUND_FROM = 5_000
CHART_DIMENSIONS = ("category", "county", "status", "rag")
_OVERDUE = attrgetter("overdue_milestones")
_OPEN_ISSUES = attrgetter("open_issues")


class _Card(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet("#card { border: 1px solid palette(mid); border-radius: 4px; background: palette(base); }")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(em(self, 0.8), em(self, 0.5), em(self, 0.8), em(self, 0.5))
        self.title = QLabel(title)
        self.title.setStyleSheet("color: palette(placeholder-text);")
        self.value = QLabel("—")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.value.setFont(font)
        self.note = QLabel("")
        self.note.setStyleSheet("color: palette(placeholder-text);")
        self.note.setWordWrap(True)
        for w in (self.title, self.value, self.note):
            lay.addWidget(w)
        lay.addStretch(1)  # a card whose note wraps is taller: the others keep their figures on the same line

    def set(self, value: str, note: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)
        self.note.setVisible(bool(note))


class DashboardView(QWidget):
    groupClicked = Signal(str, object)  # dimension, key

    METRIC_COUNT, METRIC_INVESTMENT = "count", "investment"

    def __init__(self, ws: Workspace, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self._rows: list[portfolio.PortfolioRow] = []
        self._open_flags = 0
        self._charts_stale = False  # rows arrived while hidden: the charts are drawn when shown
        # The charts' groups of self._rows (None: not counted yet), and the rows a worker is counting them for.
        self._groups: dict[str, list[portfolio_totals.GroupInvestment]] | None = None
        self._counting: list[portfolio.PortfolioRow] | None = None
        self._totals: portfolio_totals.PortfolioTotals | None = None  # of self._rows (None: not counted yet)
        bus.changed.connect(self.on_changes)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        inner = QWidget()
        scroll.setWidget(inner)
        lay = QVBoxLayout(inner)
        lay.setContentsMargins(em(self, 1), em(self, 0.8), em(self, 1), em(self, 0.8))
        lay.setSpacing(em(self, 0.8))

        cards = QHBoxLayout()
        self.card_count = _Card(self.tr("项目总数"))
        self.card_investment = _Card(self.tr("概算总投资（亿元）"))
        self.card_completed = _Card(self.tr("累计完成投资（亿元）"))
        self.card_attention = _Card(self.tr("需要关注"))
        for card in (self.card_count, self.card_investment, self.card_completed, self.card_attention):
            cards.addWidget(card, 1)
        lay.addLayout(cards)

        switch = QHBoxLayout()
        switch.addWidget(QLabel(self.tr("图表显示：")))
        self.metric_count = QRadioButton(self.tr("项目数"))
        self.metric_investment = QRadioButton(self.tr("概算总投资（亿元）"))
        self.metric_count.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.metric_count)
        group.addButton(self.metric_investment)
        self.metric_count.toggled.connect(lambda _on: self._refresh_charts())
        switch.addWidget(self.metric_count)
        switch.addWidget(self.metric_investment)
        switch.addStretch(1)
        hint = QLabel(self.tr("点击图中的条形，可在项目总览中查看对应项目"))
        hint.setStyleSheet("color: palette(placeholder-text);")
        switch.addWidget(hint)
        lay.addLayout(switch)

        grid = QGridLayout()
        grid.setHorizontalSpacing(em(self, 2))
        grid.setVerticalSpacing(em(self, 1))
        self.charts: dict[str, BarChart] = {
            "category": BarChart(self.tr("按附表类别")),
            "county": BarChart(self.tr("按所属县区")),
            "status": BarChart(self.tr("按状态")),
            "rag": BarChart(self.tr("按 RAG 评级")),
        }
        grid.addWidget(self.charts["category"], 0, 0)
        grid.addWidget(self.charts["county"], 0, 1, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.charts["status"], 1, 0)
        grid.addWidget(self.charts["rag"], 2, 0)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        for dimension, chart in self.charts.items():
            chart.barClicked.connect(lambda key, d=dimension: self.groupClicked.emit(d, key))
        lay.addLayout(grid)
        lay.addStretch(1)

    def selected_metric(self) -> str:
        return self.METRIC_COUNT if self.metric_count.isChecked() else self.METRIC_INVESTMENT

    def on_changes(self, changes: Changes) -> None:
        """Rows arrive from the portfolio's reload; a resolved finding changes only the count shown here."""
        if changes.reference:
            self._count_open_flags()
            self._show_cards()

    def _count_open_flags(self) -> None:
        self._open_flags = len(project_service.review_queue(self.ws, "open"))

    def set_rows(
        self, rows: Sequence[portfolio.PortfolioRow], totals: portfolio_totals.PortfolioTotals | None = None
    ) -> None:
        """New rows after every load: the cards at once; the charts (a grouping pass per dimension, about 0.5 s at
        100,000 rows, counted on a worker thread from GROUPS_IN_BACKGROUND_FROM rows) when the dashboard is on
        screen or next shown. `totals` are portfolio_totals.totals(rows) when the caller has them (the portfolio's
        loader counts them on its worker thread: 0.26 s at 100,000 rows)."""
        self._rows = list(rows)
        self._groups = None
        self._totals = None
        self._count_open_flags()
        self._show_cards(totals)
        self._charts_stale = True
        if self.isVisible():
            self._refresh_charts()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._charts_stale:
            self._refresh_charts()

    def _show_cards(self, totals: portfolio_totals.PortfolioTotals | None = None) -> None:
        if totals is None and self._totals is None:
            totals = portfolio_totals.totals(self._rows)
        if totals is not None:
            self._totals = totals
        t = self._totals
        assert t is not None
        self.card_count.set(str(t.count))
        self.card_investment.set(
            number_format.total(t.investment),
            self.tr("其中 %n 项投资未知，未计入", "", t.investment_unknown) if t.investment_unknown else "",
        )
        if t.count and t.completed_unknown == t.count:
            self.card_completed.set(self.tr("未知"), self.tr("尚无季度进展数据"))
        else:
            rate = totals_text.completion_rate(t)
            unknown = self.tr("%n 项无进度数据", "", t.completed_unknown) if t.completed_unknown else ""
            self.card_completed.set(number_format.total(t.completed), "；".join(p for p in (rate, unknown) if p))
        # Projects, not milestones or issues: the same projects the filter pane's 有逾期里程碑 / 有未解决问题 select.
        # Counted in C (map + attrgetter): the dashboard redraws after every load, on the GUI thread.
        red = list(map(_RAG, self._rows)).count("red")
        overdue = sum(map(bool, map(_OVERDUE, self._rows)))
        problems = sum(map(bool, map(_OPEN_ISSUES, self._rows)))
        self.card_attention.set(
            self.tr("红灯 %1 项").replace("%1", str(red)),
            self.tr("有逾期里程碑的项目 %1 个；有未解决问题的项目 %2 个；待核查数据 %3 条")
            .replace("%1", str(overdue))
            .replace("%2", str(problems))
            .replace("%3", str(self._open_flags)),
        )

    def _count_groups_in_background(self) -> None:
        rows = self._rows
        if self._counting is rows:
            return
        self._counting = rows
        for chart in self.charts.values():
            chart.set_note(self.tr("正在统计…"))

        def done(groups: dict[str, list[portfolio_totals.GroupInvestment]]) -> None:
            if self._counting is rows:
                self._counting = None
            if self._rows is rows:  # (not replaced by a newer load meanwhile)
                self._groups = groups
                self._charts_stale = True
                if self.isVisible():
                    self._refresh_charts()

        def failed(exc: BaseException, _tb: str) -> None:
            if self._counting is rows:
                self._counting = None
            for chart in self.charts.values():
                chart.set_note(self.tr("统计失败：%1").replace("%1", str(exc)))

        run_in_background(
            self,
            self.tr("正在统计…"),
            lambda _ctx: _groups_of(rows),
            done,
            failed,
            cancellable=False,
            show_progress=False,
        )

    def _refresh_charts(self, *, wait: bool = False) -> None:
        """Draw the charts from the groups of the current rows; counted first (on a worker thread for a large
        portfolio, unless `wait`), drawn when they arrive."""
        if self._groups is None:
            if len(self._rows) >= GROUPS_IN_BACKGROUND_FROM and not wait:
                self._count_groups_in_background()
                return
            self._groups = _groups_of(self._rows)
        self._charts_stale = False
        by_investment = self.selected_metric() == self.METRIC_INVESTMENT
        for dimension, chart in self.charts.items():
            groups = self._groups[dimension]
            bars = []
            unknown_total = 0
            for g in groups:
                t = g  # count, investment, investment_unknown: what a bar and its tooltip show
                label = rag_word(g.key) if dimension == "rag" else g.label
                tip = (
                    self.tr("%1\n项目 %2 个\n概算总投资 %3 亿元")
                    .replace("%1", label)
                    .replace("%2", str(t.count))
                    .replace("%3", number_format.total(t.investment))
                )
                if t.investment_unknown:
                    tip += "\n" + self.tr("其中 %n 项投资未知", "", t.investment_unknown)
                tip += "\n" + self.tr("点击查看这些项目")
                if by_investment:
                    value = float(t.investment)
                    text = number_format.total(t.investment)
                    if t.investment_unknown:
                        text += self.tr("（%n 项未知）", "", t.investment_unknown)
                    unknown_total += t.investment_unknown
                else:
                    value = float(t.count)
                    text = str(t.count)
                color = status_style.RAG_COLORS.get(g.key) if dimension == "rag" else None
                bars.append(Bar(key=g.key, label=label, value=value, text=text, tooltip=tip, color=color))
            chart.set_bars(bars)
            chart.set_note(
                self.tr("另有 %n 个项目投资未知，未计入条形长度", "", unknown_total)
                if by_investment and unknown_total
                else ""
            )

    def chart(self, dimension: str) -> BarChart:
        if self._charts_stale:
            self._refresh_charts(wait=True)
        return self.charts[dimension]

    def bar_index(self, dimension: str, key: Any) -> int:
        if self._charts_stale:
            self._refresh_charts(wait=True)
        return next(i for i, b in enumerate(self.charts[dimension].bars()) if b.key == key)


def _groups_of(rows: Sequence[portfolio.PortfolioRow]) -> dict[str, list[portfolio_totals.GroupInvestment]]:
    """Each chart's groups (RAG without its empty grades: the other charts list every group, even empty)."""
    return {
        dimension: portfolio_totals.group_investments(rows, dimension, include_empty=dimension != "rag")
        for dimension in CHART_DIMENSIONS
    }
