"""Portfolio timeline (Gantt-like): every listed project's milestones on a shared time axis, with a today
line, zoom by quarter or year, and the same filters as the portfolio table (the main window passes the
portfolio's visible rows). Drawn with QPainter; only the rows in view are painted, so it scales."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import cast

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app.core import milestones, portfolio, project_service, timeline
from app.core.bulk_build import bulk_objects
from app.core.changes import Changes
from app.core.workspace import Workspace
from app.ui import status_style
from app.ui.change_bus import ChangeBus
from app.ui.tasks import TaskContext, run_in_background


def _status_color(status: str | None) -> QColor:
    return QColor(
        status_style.MILESTONE_COLORS.get(status or "", status_style.MILESTONE_COLORS[milestones.NOT_STARTED])
    )


_ROW_ID = attrgetter("id")
_LINE = itemgetter(1)  # of a (row, line) pair
_FIRST = attrgetter("first")
_LAST = attrgetter("last")
Details = Callable[[list[str]], dict[str, tuple[timeline.TimelineMilestone, ...]]]
TimelineRow = tuple[portfolio.PortfolioRow, timeline.ProjectTimeline]
Span = tuple[dt.date | None, dt.date | None]  # the earliest and latest date of the rows' lines


def _pairs(loaded: timeline.PortfolioTimeline, rows: Sequence[portfolio.PortfolioRow]) -> list[TimelineRow]:
    """The rows that have milestones (a line exists only for those), each with its line. In C (map, zip, filter),
    with no Python step per project: ~100,000 rows on every filter change."""
    with bulk_objects():  # 100k pairs: no collector pass over them while they are built
        found = map(loaded.projects.get, map(_ROW_ID, rows))
        return cast(list[TimelineRow], list(filter(_LINE, zip(rows, found, strict=True))))


def _span(pairs: Sequence[TimelineRow]) -> Span:
    lines = list(map(_LINE, pairs))
    return min(filter(None, map(_FIRST, lines)), default=None), max(filter(None, map(_LAST, lines)), default=None)


@dataclass(frozen=True)
class _Prepared:
    """What the loading thread computed for the rows the view had when the load started: laid out as it is
    when those are still the view's rows, so the GUI thread does not redo the pairing."""

    loaded: timeline.PortfolioTimeline
    rows: list[portfolio.PortfolioRow]
    pairs: list[TimelineRow]
    span: Span


def _prepare(loaded: timeline.PortfolioTimeline, rows: list[portfolio.PortfolioRow]) -> _Prepared:
    pairs = _pairs(loaded, rows)
    return _Prepared(loaded, rows, pairs, _span(pairs))


def _quarter_start(d: dt.date) -> dt.date:
    return dt.date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def _next_quarter(d: dt.date) -> dt.date:
    return dt.date(d.year + 1, 1, 1) if d.month >= 10 else dt.date(d.year, d.month + 3, 1)


class TimelineCanvas(QWidget):
    projectActivated = Signal(str)

    QUARTER, YEAR = "quarter", "year"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[TimelineRow] = []
        # The milestones of the rows drawn so far (project id -> milestones), fetched through `details` when a
        # row first comes into view; cleared when the timeline is reloaded.
        self._details: Details = lambda _ids: {}
        self._milestones: dict[str, tuple[timeline.TimelineMilestone, ...]] = {}
        self.scale = self.QUARTER
        self.today = dt.date.today()
        self.start = _quarter_start(self.today)
        self.end = _next_quarter(self.start)
        self.setMouseTracking(True)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)

    # ------------------------------------------------------------------ geometry
    def _fm(self) -> QFontMetrics:
        return QFontMetrics(self.font())

    def label_width(self) -> int:
        return self._fm().horizontalAdvance("中") * 16

    def row_height(self) -> int:
        return int(self._fm().lineSpacing() * 1.8)

    def header_height(self) -> int:
        return int(self._fm().lineSpacing() * 2.2)

    def px_per_day(self) -> float:
        unit = self._fm().horizontalAdvance("中") * 6
        return unit / (91.3 if self.scale == self.QUARTER else 365.25)

    def x_of(self, day: dt.date) -> float:
        margin = self._fm().horizontalAdvance("中")
        return self.label_width() + margin + (day - self.start).days * self.px_per_day()

    def row_top(self, i: int) -> int:
        return self.header_height() + i * self.row_height()

    def row_at(self, y: float) -> int:
        i = int((y - self.header_height()) // self.row_height())
        return i if 0 <= i < len(self.rows) and y >= self.header_height() else -1

    def sizeHint(self) -> QSize:
        width = int(self.x_of(self.end)) + 20
        return QSize(width, self.header_height() + max(len(self.rows), 1) * self.row_height() + 4)

    def set_details(self, details: Details) -> None:
        """Where the milestones of the rows drawn come from (a new load: nothing fetched so far is kept)."""
        self._details = details
        self._milestones = {}

    def milestones(self, i: int) -> tuple[timeline.TimelineMilestone, ...]:
        return self.milestones_of_rows([i]).get(self.rows[i][0].id, ())

    def milestones_of_rows(self, indexes: Sequence[int]) -> dict[str, tuple[timeline.TimelineMilestone, ...]]:
        """The milestones of these rows, fetching those not seen yet in one query."""
        missing = [self.rows[i][0].id for i in indexes if self.rows[i][0].id not in self._milestones]
        if missing:
            fetched = self._details(missing)
            for pid in missing:
                self._milestones[pid] = fetched.get(pid, ())
        return self._milestones

    def set_data(
        self,
        rows: Sequence[TimelineRow],
        scale: str | None = None,
        today: dt.date | None = None,
        span: Span | None = None,
    ) -> None:
        """Lay out these rows; `span`: their lines' earliest and latest date when already known (else computed
        here, in C)."""
        self.rows = list(rows)
        if scale:
            self.scale = scale
        self.today = today or dt.date.today()
        first, last = span if span is not None else _span(self.rows)
        lo, hi = min(first or self.today, self.today), max(last or self.today, self.today)
        if self.scale == self.YEAR:
            self.start, self.end = dt.date(lo.year, 1, 1), dt.date(hi.year + 1, 1, 1)
        else:
            self.start, self.end = _quarter_start(lo), _next_quarter(_quarter_start(hi))
        self.resize(self.sizeHint())
        self.updateGeometry()
        self.update()

    def set_scale(self, scale: str) -> None:
        self.set_data(self.rows, scale, self.today)

    def _ticks(self) -> list[tuple[dt.date, str]]:
        ticks = []
        d = self.start
        while d <= self.end:
            if self.scale == self.YEAR:
                ticks.append((d, f"{d.year}"))
                d = dt.date(d.year + 1, 1, 1)
            else:
                ticks.append((d, f"{d.year}Q{(d.month - 1) // 3 + 1}"))
                d = _next_quarter(d)
        return ticks

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = self._fm()
        visible = self.visibleRegion().boundingRect()
        clip = event.rect().intersected(visible)  # never walk rows that are not on screen
        if clip.isEmpty():
            p.end()
            return
        left = visible.left()  # the label column stays at the left edge while scrolling sideways
        top = visible.top()  # the axis stays at the top while scrolling down
        rh, hh, lw = self.row_height(), self.header_height(), self.label_width()
        text = pal.color(QPalette.ColorRole.Text)
        grid = pal.color(QPalette.ColorRole.Mid)
        grid.setAlpha(90)

        first = max(0, (clip.top() - hh) // rh)
        last = min(len(self.rows) - 1, (clip.bottom() - hh) // rh + 1)
        ticks = self._ticks()
        # alternate row shading + grid
        for i in range(first, last + 1):
            y = self.row_top(i)
            if i % 2:
                p.fillRect(QRect(clip.left(), y, clip.width(), rh), pal.color(QPalette.ColorRole.AlternateBase))
        p.setPen(QPen(grid, 1))
        for day, _label in ticks:
            x = self.x_of(day)
            if clip.left() - 2 <= x <= clip.right() + 2:
                p.drawLine(QPointF(x, clip.top()), QPointF(x, clip.bottom()))
        # milestones (fetched for the rows in view only)
        details = self.milestones_of_rows(range(first, last + 1))
        for i in range(first, last + 1):
            row, line = self.rows[i]
            y_mid = self.row_top(i) + rh / 2
            if line.first is not None and line.last is not None:
                x0, x1 = self.x_of(line.first), self.x_of(line.last)
                p.fillRect(QRectF(x0, y_mid - rh * 0.12, x1 - x0, rh * 0.24), QColor(120, 144, 156, 60))
            for m in details.get(row.id, ()):
                color = _status_color(m.effective_status)
                planned, actual = m.planned_date, m.actual_date
                if planned and actual and planned != actual:
                    p.setPen(QPen(color, 1, Qt.PenStyle.DotLine))
                    p.drawLine(QPointF(self.x_of(planned), y_mid), QPointF(self.x_of(actual), y_mid))
                if planned:
                    x = self.x_of(planned)
                    s = rh * 0.26
                    p.setPen(QPen(color, 1.6))
                    p.setBrush(pal.color(QPalette.ColorRole.Base) if not actual else color.lighter(160))
                    p.drawPolygon(
                        QPolygonF(
                            [QPointF(x, y_mid - s), QPointF(x + s, y_mid), QPointF(x, y_mid + s), QPointF(x - s, y_mid)]
                        )
                    )
                if actual:
                    x = self.x_of(actual)
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(color)
                    p.drawEllipse(QPointF(x, y_mid), rh * 0.17, rh * 0.17)
        # today line
        x_today = self.x_of(self.today)
        p.setPen(QPen(QColor(status_style.TODAY_LINE), 1.5, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(x_today, max(clip.top(), top + hh)), QPointF(x_today, clip.bottom()))
        # pinned label column
        p.fillRect(QRect(left, clip.top(), lw, clip.height()), pal.color(QPalette.ColorRole.Window))
        p.setPen(text)
        for i in range(first, last + 1):
            row, _line = self.rows[i]
            rect = QRect(left + 6, self.row_top(i), lw - 10, rh)
            label = fm.elidedText(f"{row.code}  {row.name}", Qt.TextElideMode.ElideRight, rect.width())
            p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
        p.setPen(QPen(grid, 1))
        p.drawLine(left + lw - 1, clip.top(), left + lw - 1, clip.bottom())
        # pinned axis
        p.fillRect(QRect(clip.left(), top, clip.width(), hh), pal.color(QPalette.ColorRole.Window))
        p.setPen(text)
        for n, (day, label) in enumerate(ticks[:-1]):
            x0, x1 = self.x_of(day), self.x_of(ticks[n + 1][0])
            if x1 < left + lw or x0 > clip.right():
                continue
            p.drawText(QRectF(x0, top, x1 - x0, hh * 0.55), Qt.AlignmentFlag.AlignCenter, label)
        p.setPen(QColor(status_style.TODAY_LINE))
        today_text = self.tr("今天")
        if x_today >= left + lw:
            w = fm.horizontalAdvance(today_text) + 6
            p.drawText(QRectF(x_today - w / 2, top + hh * 0.5, w, hh * 0.5), Qt.AlignmentFlag.AlignCenter, today_text)
        p.fillRect(QRect(left, top, lw, hh), pal.color(QPalette.ColorRole.Window))
        p.setPen(text)
        p.drawText(
            QRect(left + 6, top, lw - 10, hh),
            Qt.AlignmentFlag.AlignVCenter,
            self.tr("项目（%1）").replace("%1", str(len(self.rows))),
        )
        p.setPen(QPen(grid, 1))
        p.drawLine(clip.left(), top + hh - 1, clip.right(), top + hh - 1)
        p.end()

    # ------------------------------------------------------------------ interaction
    def milestone_at(self, pos: QPointF) -> tuple[int, timeline.TimelineMilestone | None]:
        i = self.row_at(pos.y())
        if i < 0:
            return -1, None
        best, best_d = None, self.row_height() * 0.45
        for m in self.milestones(i):
            for d in (m.planned_date, m.actual_date):
                if d and abs(self.x_of(d) - pos.x()) <= best_d:
                    best, best_d = m, abs(self.x_of(d) - pos.x())
        return i, best

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        i, m = self.milestone_at(event.position())
        if m is not None:
            row = self.rows[i][0]
            tip = (
                f"{row.code} {row.name}\n{m.title}（{m.effective_status}）\n"
                + self.tr("计划：%1").replace("%1", m.planned_date.isoformat() if m.planned_date else self.tr("未定"))
                + "\n"
                + self.tr("实际：%1").replace("%1", m.actual_date.isoformat() if m.actual_date else "—")
            )
            if m.overdue_days:
                tip += "\n" + self.tr("逾期 %1 天").replace("%1", str(m.overdue_days))
            QToolTip.showText(event.globalPosition().toPoint(), tip, self)
        elif i >= 0:
            row = self.rows[i][0]
            QToolTip.showText(
                event.globalPosition().toPoint(), f"{row.code} {row.name}\n" + self.tr("双击打开项目"), self
            )
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        i = self.row_at(event.position().y())
        if i >= 0:
            self.projectActivated.emit(self.rows[i][0].id)
        super().mouseDoubleClickEvent(event)


class TimelineView(QWidget):
    """Milestones of the portfolio's listed projects; reloads them when the bus says milestones changed."""

    openProject = Signal(str)

    def __init__(self, ws: Workspace, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self._timeline: timeline.PortfolioTimeline | None = None
        self._rows: list[portfolio.PortfolioRow] = []
        self._stale = True
        self._rows_changed = False  # rows arrived while hidden: laid out when shown
        self._row_source: Callable[[], Sequence[portfolio.PortfolioRow]] | None = None
        self._source_changed = False  # the source's rows changed while hidden: read when shown
        self._loading = False
        self._tasks: list[TaskContext] = []
        bus.changed.connect(self.on_changes)

        self.canvas = TimelineCanvas()
        self.canvas.projectActivated.connect(self.openProject.emit)

        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("时间刻度")))
        self.scale = QComboBox()
        self.scale.addItem(self.tr("按季度"), TimelineCanvas.QUARTER)
        self.scale.addItem(self.tr("按年"), TimelineCanvas.YEAR)
        self.scale.currentIndexChanged.connect(lambda _i: self.canvas.set_scale(self.scale.currentData()))
        bar.addWidget(self.scale)
        self.overdue_only = QCheckBox(self.tr("只看有逾期节点的项目"))
        self.overdue_only.toggled.connect(lambda _on: self._refresh())
        bar.addWidget(self.overdue_only)
        bar.addStretch(1)
        self.info = QLabel()
        self.info.setStyleSheet("color: palette(placeholder-text);")
        bar.addWidget(self.info)
        lay.addLayout(bar)
        legend = QLabel(
            self.tr(
                "◇ 计划日期　● 实际日期　颜色：蓝＝进行中，绿＝已完成，红＝逾期，灰＝未开始；红色虚线＝今天。"
                "筛选条件与“项目总览”相同；双击一行打开项目。"
            )
        )
        legend.setWordWrap(True)
        legend.setStyleSheet("color: palette(placeholder-text);")
        lay.addWidget(legend)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(False)
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.horizontalScrollBar().valueChanged.connect(lambda _v: self.canvas.update())
        self.scroll_area.verticalScrollBar().valueChanged.connect(lambda _v: self.canvas.update())
        lay.addWidget(self.scroll_area, 1)

    def on_changes(self, changes: Changes) -> None:
        if changes.any("milestones", "projects"):
            self.invalidate()

    def invalidate(self) -> None:
        """Milestones may have changed: reload when next shown."""
        self._stale = True
        if self.isVisible():
            self.load()

    def set_rows(self, rows: Sequence[portfolio.PortfolioRow]) -> None:
        """The portfolio's visible rows (its filters apply here too): laid out now when the timeline is on
        screen, else when it is next shown (the portfolio announces every filter change and load)."""
        self._rows = list(rows)
        self._rows_changed = True
        if self.isVisible():
            self._refresh()

    def set_row_source(self, source: Callable[[], Sequence[portfolio.PortfolioRow]]) -> None:
        """Where the listed rows come from (the portfolio's visible rows). They are read when the timeline is
        on screen or next shown, not on every filter change while another tab is open: at 100,000 projects a
        copy of the list per keystroke in the search box is work nobody sees."""
        self._row_source = source
        self.rows_changed()

    def rows_changed(self) -> None:
        """The source's rows changed (a filter change or a load)."""
        if self._row_source is None:
            return
        self._source_changed = True
        if self.isVisible():
            self.set_rows(self._row_source())

    def _take_source_rows(self) -> None:
        if self._source_changed and self._row_source is not None:
            self._source_changed = False
            self._rows = list(self._row_source())
            self._rows_changed = True

    def set_timeline(self, loaded: timeline.PortfolioTimeline, prepared: _Prepared | None = None) -> None:
        ws, as_of = self.ws, loaded.as_of
        self._timeline = loaded
        self._stale = False
        self.canvas.set_details(lambda ids: project_service.timeline_details(ws, ids, as_of))
        self._refresh(prepared)

    def load(self) -> None:
        if self._loading:
            return
        self._loading = True
        self._take_source_rows()
        ws, rows = self.ws, self._rows  # set_rows replaces the list, never changes it: safe to read in the thread

        def work(_ctx: TaskContext) -> _Prepared:
            return _prepare(project_service.timeline_milestones(ws), rows)

        def done(result: _Prepared) -> None:
            self._loading = False
            self.set_timeline(result.loaded, result)

        def failed(exc: BaseException, _tb: str) -> None:
            self._loading = False
            self.info.setText(self.tr("加载失败：%1").replace("%1", str(exc)))

        self.info.setText(self.tr("正在加载里程碑…"))
        self._tasks = [run_in_background(self, self.tr("正在加载里程碑…"), work, done, failed)]

    def is_loading(self) -> bool:
        return self._loading

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.load()
            return
        self._take_source_rows()
        if self._rows_changed:
            self._refresh()

    def _refresh(self, prepared: _Prepared | None = None) -> None:
        """Lay out the rows (called on every filter change while shown): from what the loading thread prepared
        when it was made for the current rows, else paired here."""
        if self._timeline is None:
            return
        self._rows_changed = False
        span: Span | None = None
        if prepared is not None and prepared.rows is self._rows and prepared.loaded is self._timeline:
            with_lines, span = prepared.pairs, prepared.span
        else:
            with_lines = _pairs(self._timeline, self._rows)
        with_ms = len(with_lines)
        shown = with_lines
        if self.overdue_only.isChecked():
            shown, span = [pair for pair in with_lines if pair[1].has_overdue], None
        self.canvas.set_data(shown, self.scale.currentData(), span=span)
        self.info.setText(
            self.tr("显示 %1 个项目（筛选结果 %2 个，其中 %3 个有里程碑节点）")
            .replace("%1", str(len(shown)))
            .replace("%2", str(len(self._rows)))
            .replace("%3", str(with_ms))
        )
        if not shown:
            self.info.setText(self.info.text() + self.tr("。在项目窗口的“里程碑”页可套用标准节点。"))

    def scroll_to_today(self) -> None:
        x = int(self.canvas.x_of(self.canvas.today)) - self.scroll_area.viewport().width() // 2
        self.scroll_area.horizontalScrollBar().setValue(max(x, 0))
