"""Bar charts drawn with QPainter (no QtCharts: PySide6-Essentials only). Chinese labels use the app font.

Horizontal bars, because category names are long Chinese phrases that do not fit under vertical bars.
Clicking a bar emits barClicked(key) so the dashboard can filter the portfolio.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

PALETTE = ["#3b78b5", "#4c9a6a", "#d08a2c", "#8a5fb0", "#c0504d", "#2f9fa8", "#7f7f3f", "#b55a8a"]


@dataclass(frozen=True)
class Bar:
    key: Any  # what barClicked emits
    label: str
    value: float  # drawn length
    text: str  # the value as shown at the end of the bar
    tooltip: str = ""
    color: str | None = None


class BarChart(QWidget):
    barClicked = Signal(object)

    def __init__(self, title: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._title = title
        self._bars: list[Bar] = []
        self._hover = -1
        self._note = ""
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._focus_index = 0

    # ------------------------------------------------------------------ data
    def set_title(self, title: str) -> None:
        self._title = title
        self.update()

    def title(self) -> str:
        return self._title

    def set_note(self, note: str) -> None:
        """A small grey line under the chart (e.g. "3 个项目投资未知，未计入")."""
        self._note = note
        self.updateGeometry()
        self.update()

    def note(self) -> str:
        return self._note

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self._bars = list(bars)
        self._hover = -1
        self.updateGeometry()
        self.update()

    def bars(self) -> list[Bar]:
        return self._bars

    # ------------------------------------------------------------------ geometry
    def _metrics(self) -> QFontMetrics:
        return QFontMetrics(self.font())

    def _row_height(self) -> int:
        return int(self._metrics().lineSpacing() * 1.7)

    def _title_height(self) -> int:
        return int(self._metrics().lineSpacing() * 1.8) if self._title else 0

    def _note_height(self) -> int:
        return int(self._metrics().lineSpacing() * 1.4) if self._note else 0

    def _label_width(self) -> int:
        fm = self._metrics()
        widest = max((fm.horizontalAdvance(b.label) for b in self._bars), default=0)
        cap = max(int(self.width() * 0.42), fm.horizontalAdvance("中") * 6)
        return min(widest, cap) + fm.horizontalAdvance("中")

    def _value_width(self) -> int:
        fm = self._metrics()
        return max((fm.horizontalAdvance(b.text) for b in self._bars), default=0) + fm.horizontalAdvance("中")

    def bar_rect(self, i: int) -> QRectF:
        """The clickable row of bar i (label + bar), in widget coordinates."""
        top = self._title_height() + i * self._row_height()
        return QRectF(0, top, self.width(), self._row_height())

    def _bar_geometry(self, i: int) -> QRectF:
        label_w, value_w = self._label_width(), self._value_width()
        area = max(self.width() - label_w - value_w - 8, 10)
        peak = max((b.value for b in self._bars), default=0) or 1
        row = self.bar_rect(i)
        h = row.height() * 0.62
        length = area * (self._bars[i].value / peak) if self._bars[i].value > 0 else 0
        if self._bars[i].value > 0:
            length = max(length, 2)
        return QRectF(label_w + 4, row.top() + (row.height() - h) / 2, length, h)

    def index_at(self, y: float) -> int:
        top = self._title_height()
        if y < top:
            return -1
        i = int((y - top) // self._row_height())
        return i if 0 <= i < len(self._bars) else -1

    def sizeHint(self) -> QSize:
        fm = self._metrics()
        h = self._title_height() + max(len(self._bars), 1) * self._row_height() + self._note_height() + 4
        return QSize(fm.horizontalAdvance("中") * 30, h)

    def minimumSizeHint(self) -> QSize:
        return QSize(self._metrics().horizontalAdvance("中") * 16, self.sizeHint().height())

    # ------------------------------------------------------------------ painting
    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = self._metrics()
        text_color = pal.color(QPalette.ColorRole.WindowText)
        if self._title:
            font = self.font()
            font.setBold(True)
            p.setFont(font)
            p.setPen(text_color)
            p.drawText(
                QRectF(0, 0, self.width(), self._title_height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self._title,
            )
            p.setFont(self.font())
        label_w = self._label_width()
        for i, bar in enumerate(self._bars):
            row = self.bar_rect(i)
            if i == self._hover or (self.hasFocus() and i == self._focus_index):
                p.fillRect(row, pal.color(QPalette.ColorRole.Highlight).lighter(185))
            p.setPen(text_color)
            label = fm.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_w - fm.horizontalAdvance("中") // 2)
            p.drawText(
                QRectF(0, row.top(), label_w - 4, row.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            geo = self._bar_geometry(i)
            color = QColor(bar.color or PALETTE[i % len(PALETTE)])
            if i == self._hover:
                color = color.darker(115)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            if geo.width() > 0:
                p.drawRoundedRect(geo, 2, 2)
            p.setPen(text_color)
            p.drawText(
                QRectF(geo.right() + 6, row.top(), self.width() - geo.right() - 6, row.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                bar.text,
            )
        # axis line
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        top = self._title_height()
        bottom = top + len(self._bars) * self._row_height()
        p.drawLine(QPointF(label_w + 3.5, top), QPointF(label_w + 3.5, bottom))
        if self._note:
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(
                QRectF(0, bottom, self.width(), self._note_height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self._note,
            )
        p.end()

    # ------------------------------------------------------------------ interaction
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        i = self.index_at(event.position().y())
        if i != self._hover:
            self._hover = i
            self.setCursor(Qt.CursorShape.PointingHandCursor if i >= 0 else Qt.CursorShape.ArrowCursor)
            self.update()
        if i >= 0:
            bar = self._bars[i]
            QToolTip.showText(event.globalPosition().toPoint(), bar.tooltip or f"{bar.label}：{bar.text}", self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = -1
        self.update()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            i = self.index_at(event.position().y())
            if i >= 0:
                self._focus_index = i
                self.barClicked.emit(self._bars[i].key)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._bars:
            super().keyPressEvent(event)
            return
        if event.key() == Qt.Key.Key_Down:
            self._focus_index = min(self._focus_index + 1, len(self._bars) - 1)
            self.update()
        elif event.key() == Qt.Key.Key_Up:
            self._focus_index = max(self._focus_index - 1, 0)
            self.update()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.barClicked.emit(self._bars[self._focus_index].key)
        else:
            super().keyPressEvent(event)


def dec(value: Decimal | float | int | None) -> float:
    return 0.0 if value is None else float(value)
