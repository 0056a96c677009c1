"""Small read-only tables over lists of records (ListTableModel) and the two the main window and the project window
share: the review queue (ReviewTableModel) and a project's change history (HistoryTableModel). The portfolio's
own table is app/ui/models.py's ProjectTableModel."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.core import audit_service, number_format, portfolio
from app.core.records import ReviewItem
from app.ui import status_style
from app.ui.models import ALIGN_NUM, ID_ROLE, OBJECT_ROLE, SORT_ROLE, format_datetime

_Index = QModelIndex | QPersistentModelIndex


class ListTableModel(QAbstractTableModel):
    """A small read-only table over a list of dicts/objects: columns given as (title, getter).

    Subclasses may colour one column's text by a status word of the item (COLOR_COLUMN, COLOR_KEY and COLORS,
    a mapping from app.ui.status_style), and refine the tooltip, sort key and text colour per cell."""

    COLOR_COLUMN: int | None = None
    COLOR_KEY = ""
    COLORS: dict[str, str] = {}
    TOOLTIP_MIN_CHARS = 15  # shorter texts are fully visible in the cell: no tooltip

    def __init__(self, columns: Sequence[tuple[str, Callable[[Any], Any]]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._items: list[Any] = []

    def set_items(self, items: Sequence[Any]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item_at(self, row: int) -> Any:
        return self._items[row] if 0 <= row < len(self._items) else None

    def items(self) -> list[Any]:
        return self._items

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default argument
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default argument
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section][0]
        return None

    # Hooks for subclasses -------------------------------------------------------------------------------
    def value(self, item: Any, column: int) -> Any:
        return self._columns[column][1](item)

    def display(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return number_format.amount_short(value)
        if isinstance(value, float):
            return number_format.amount_short(Decimal(str(value)))
        return str(value)

    def tooltip(self, item: Any, column: int, text: str) -> str | None:
        return text if len(text) > self.TOOLTIP_MIN_CHARS else None

    def sort_value(self, item: Any, column: int, value: Any) -> Any:
        return value

    def foreground(self, item: Any, column: int) -> QBrush | None:
        if column != self.COLOR_COLUMN:
            return None
        key = item.get(self.COLOR_KEY) if isinstance(item, dict) else getattr(item, self.COLOR_KEY, None)
        return status_style.brush_for(self.COLORS, key)

    # ----------------------------------------------------------------------------------------------------
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(item, column)
        if role == OBJECT_ROLE:
            return item
        value = self.value(item, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(item, column, "" if value is None else str(value))
        if role == SORT_ROLE:
            return self.sort_value(item, column, value)
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and isinstance(value, (int, float, Decimal))
            and not isinstance(value, bool)
        ):
            return ALIGN_NUM
        return None


# ---------------------------------------------------------------------------------------------- review queue


def subject_sort_key(subject: str) -> str:
    """附表1-02 before 附表1-10, 指标6 before 指标10; projects (附表) before indicators (指标)."""
    natural = re.sub(r"\d+", lambda m: m.group(0).zfill(6), subject)
    return ("0" if subject.startswith("附表") else "1") + natural


class ReviewTableModel(ListTableModel):
    """The data-quality findings (app.core.records.ReviewItem, from project_service.review_queue)."""

    SUBJECT, NAME, FIELD, SEVERITY, MESSAGE, STATE, NOTE, RESOLVED_BY, RESOLVED_AT = range(9)
    COLOR_COLUMN = STATE
    COLOR_KEY = "state"
    COLORS = status_style.REVIEW_FLAG_COLORS
    TOOLTIP_MIN_CHARS = 20

    def __init__(self, parent: QObject | None = None) -> None:
        from app.core.projects import FIELD_LABELS

        states = {"open": self.tr("待处理"), "resolved": self.tr("已处理")}
        severities = {"warning": self.tr("警告"), "info": self.tr("提示")}

        def field_label(item: ReviewItem) -> str:
            field = item.field or ""
            return FIELD_LABELS.get(field, field)

        super().__init__(
            [
                (self.tr("对象"), lambda i: i.subject),
                (self.tr("名称"), lambda i: i.subject_name or ""),
                (self.tr("字段"), field_label),
                (self.tr("级别"), lambda i: severities.get(i.severity, i.severity)),
                (self.tr("问题说明"), lambda i: i.message),
                (self.tr("状态"), lambda i: states.get(i.state, i.state)),
                (self.tr("处理说明"), lambda i: i.resolution_note or ""),
                (self.tr("处理人"), lambda i: i.resolved_by or ""),
                (self.tr("处理时间"), lambda i: format_datetime(i.resolved_at)),
            ],
            parent,
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == ID_ROLE and index.isValid():
            return self._items[index.row()].id
        return super().data(index, role)

    def sort_value(self, item: Any, column: int, value: Any) -> Any:
        if column == self.SUBJECT:
            return subject_sort_key(item.subject)
        if column == self.RESOLVED_AT:
            return value
        return portfolio.collation_key(value)


# ---------------------------------------------------------------------------------------------- history


def audit_value_text(value: str | None) -> str:
    """Audit values are text; lists are JSON. Show them the way the editor shows them."""
    empty = QCoreApplication.translate("HistoryTableModel", "（空）")
    if value is None:
        return empty
    if value.startswith("[") and value.endswith("]"):
        try:
            items = json.loads(value)
        except ValueError:
            return value
        if isinstance(items, list):
            return "、".join(str(i) for i in items) or empty
    return value


class HistoryTableModel(ListTableModel):
    """A project's change history (app.core.project_service.project_history)."""

    AT, USER, FIELD, OLD, NEW, SOURCE = range(6)
    TOOLTIP_MIN_CHARS = 0  # audit values are often cut off: always offer the full text

    def __init__(self, parent: QObject | None = None) -> None:
        entities = {
            "project": "",
            "review_flag": self.tr("核查事项"),
            "milestone": self.tr("里程碑"),
            "progress": self.tr("季度进展"),
            "issue": self.tr("问题协调"),
            "coordination_issue": self.tr("问题协调"),
            "period": self.tr("报告期"),
        }

        def field(h: Any) -> str:
            prefix = entities.get(h.entity_type, h.entity_type)
            label = h.field_label or ""
            return f"{prefix}·{label}" if prefix else label

        super().__init__(
            [
                (self.tr("时间"), lambda h: h.at.strftime("%Y-%m-%d %H:%M:%S")),
                (self.tr("修改人"), lambda h: h.user),
                (self.tr("字段"), field),
                (self.tr("原值"), lambda h: audit_value_text(h.old_value)),
                (self.tr("新值"), lambda h: audit_value_text(h.new_value)),
                (self.tr("来源"), lambda h: audit_service.source_label(h.source)),
            ],
            parent,
        )

    def tooltip(self, item: Any, column: int, text: str) -> str | None:
        if column == self.SOURCE and item.source_detail:
            return f"{text}（{item.source_detail}）"
        return text or None

    def sort_value(self, item: Any, column: int, value: Any) -> Any:
        return item.at if column == self.AT else str(value)

    def foreground(self, item: Any, column: int) -> QBrush | None:
        if column in (self.OLD, self.NEW):
            raw = item.old_value if column == self.OLD else item.new_value
            return QBrush(QColor(status_style.UNKNOWN_TEXT)) if raw is None else None
        return None
