"""Qt table models. Named *TableModel to keep them apart from the database rows (app.db.models).

Each has named column constants, OBJECT_ROLE (the row object) and SORT_ROLE (a sortable key).

ProjectTableModel filters and sorts in Python over plain rows (app.core.portfolio) instead of behind a
QSortFilterProxyModel: a proxy calls data() through Python for every comparison, which takes seconds at
100,000 projects (bench/bench_portfolio.py measures both). The smaller models sit behind a proxy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from app.core import number_format, portfolio

OBJECT_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

RAG_COLORS = {
    "green": QColor("#2e7d32"),
    "amber": QColor("#ef8f00"),
    "red": QColor("#c62828"),
    "unknown": QColor("#9e9e9e"),
}
UNKNOWN_FG = QColor("#8a8a8a")

ALIGN_NUM = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ALIGN_TEXT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ALIGN_CENTER = Qt.AlignmentFlag.AlignCenter

_Index = QModelIndex | QPersistentModelIndex
_ICONS: dict[str, QIcon] = {}


def rag_icon(rag: str) -> QIcon:
    """A round traffic-light dot (cached; created on first use, when a QGuiApplication exists)."""
    icon = _ICONS.get(rag)
    if icon is None:
        pix = QPixmap(32, 32)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(RAG_COLORS.get(rag, RAG_COLORS["unknown"]))
        painter.drawEllipse(4, 4, 24, 24)
        painter.end()
        icon = _ICONS[rag] = QIcon(pix)
    return icon


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:  # stored in UTC
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Column:
    key: str  # sort key in app.core.portfolio.SORT_KEYS
    numeric: bool = False
    visible: bool = True  # shown by default
    width_chars: int = 8  # default width in average Chinese characters


class ProjectTableModel(QAbstractTableModel):
    """The portfolio: all loaded rows, the filtered+sorted view of them, and the totals of that view."""

    (
        CODE,
        NAME,
        CATEGORY,
        COUNTY,
        LEADS,
        INVESTMENT,
        LAND,
        STATUS,
        RAG,
        CUMULATIVE,
        RATE,
        LAST_UPDATE,
        ENTITIES,
        LOCATION,
        OPEN_ISSUES,
        OVERDUE,
        OPEN_FLAGS,
    ) = range(17)
    COLUMNS: tuple[Column, ...] = (
        Column("code", width_chars=5),
        Column("name", width_chars=19),
        Column("category", width_chars=9),
        Column("county", width_chars=5),
        Column("leads", width_chars=10),
        Column("investment_total", numeric=True, width_chars=5),
        Column("new_land_mu", numeric=True, width_chars=5),
        Column("status", width_chars=3),
        Column("rag", width_chars=4),
        Column("cumulative", numeric=True, width_chars=5),
        Column("completion_rate", numeric=True, width_chars=4),
        Column("last_update", width_chars=8),
        Column("entities", visible=False, width_chars=14),
        Column("location", visible=False, width_chars=14),
        Column("open_issues", numeric=True, visible=False, width_chars=5),
        Column("overdue_milestones", numeric=True, visible=False, width_chars=5),
        Column("open_flags", numeric=True, visible=False, width_chars=5),
    )
    LAYOUT_VERSION = "portfolio-v2-17"

    filterChanged = Signal()  # the visible set changed (filter or reload): totals need refreshing

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[portfolio.PortfolioRow] = []
        self._rows: list[portfolio.PortfolioRow] = []
        self._filter = portfolio.PortfolioFilter()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._unknown = self.tr("未知")
        self._headers = [
            self.tr("编号"),
            self.tr("项目名称"),
            self.tr("附表类别"),
            self.tr("县区"),
            self.tr("牵头部门"),
            self.tr("总投资(亿元)"),
            self.tr("新增用地(亩)"),
            self.tr("状态"),
            self.tr("RAG"),
            self.tr("累计完成(亿元)"),
            self.tr("完成率"),
            self.tr("最近更新"),
            self.tr("建设主体"),
            self.tr("建设地点"),
            self.tr("未解决问题"),
            self.tr("逾期节点"),
            self.tr("待核查"),
        ]
        self._header_tips = [
            self.tr("项目编号（附表-行号）"),
            self.tr("项目名称"),
            self.tr("规划附表类别"),
            self.tr("所属县区"),
            self.tr("建议牵头责任部门"),
            self.tr("概算总投资（亿元）；未知不计为 0"),
            self.tr("拟新增建设用地规模（亩）"),
            self.tr("项目状态"),
            self.tr("按规则评定的进度评级：红/黄/绿/未知；鼠标停留可看理由"),
            self.tr("累计完成投资（亿元），截至所选报告期"),
            self.tr("累计完成投资 ÷ 概算总投资"),
            self.tr("项目或进度数据的最近修改时间"),
            self.tr("项目建设主体"),
            self.tr("项目建设地点"),
            self.tr("未办结的问题协调事项数"),
            self.tr("逾期未完成的里程碑节点数"),
            self.tr("待处理的数据核查事项数"),
        ]
        self._rag_text = {
            "green": self.tr("绿"),
            "amber": self.tr("黄"),
            "red": self.tr("红"),
            "unknown": self.tr("未知"),
        }
        self._totals: portfolio.PortfolioTotals | None = None

    # ------------------------------------------------------------------ data in
    def set_rows(self, rows: Sequence[portfolio.PortfolioRow]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._rows = self._apply(self._all)
        self._totals = None
        self.endResetModel()
        self.filterChanged.emit()

    def all_rows(self) -> list[portfolio.PortfolioRow]:
        return self._all

    def visible_rows(self) -> list[portfolio.PortfolioRow]:
        return self._rows

    def set_filter(self, flt: portfolio.PortfolioFilter) -> None:
        if flt == self._filter:
            return
        self.beginResetModel()
        self._filter = flt
        self._rows = self._apply(self._all)
        self._totals = None
        self.endResetModel()
        self.filterChanged.emit()

    def current_filter(self) -> portfolio.PortfolioFilter:
        return self._filter

    def _apply(self, rows: Sequence[portfolio.PortfolioRow]) -> list[portfolio.PortfolioRow]:
        out = portfolio.filter_rows(rows, self._filter)
        if self._sort is not None:
            column, order = self._sort
            out = portfolio.sort_rows(out, self.COLUMNS[column].key, order == Qt.SortOrder.DescendingOrder)
        return out

    def replace_row(self, row: portfolio.PortfolioRow) -> None:
        """A project changed (saved in the editor): swap in its new row, keep filter and sort."""
        for i, old in enumerate(self._all):
            if old.id == row.id:
                self._all[i] = row
                break
        else:
            self._all.append(row)
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        ids = [self._rows[i.row()].id if 0 <= i.row() < len(self._rows) else None for i in old_persistent]
        self._rows = self._apply(self._all)
        self._totals = None
        position = {r.id: n for n, r in enumerate(self._rows)}
        self.changePersistentIndexList(
            old_persistent,
            [
                self.index(position[pid], i.column()) if pid in position else QModelIndex()
                for pid, i in zip(ids, old_persistent)
            ],
        )
        self.layoutChanged.emit()
        self.filterChanged.emit()

    def totals(self) -> portfolio.PortfolioTotals:
        if self._totals is None:
            self._totals = portfolio.totals(self._rows)
        return self._totals

    def row_at(self, row: int) -> portfolio.PortfolioRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, project_id: str) -> int:
        for i, r in enumerate(self._rows):
            if r.id == project_id:
                return i
        return -1

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(self.COLUMNS) if c.key == key)

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._header_tips[section]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return ALIGN_NUM if self.COLUMNS[section].numeric else ALIGN_TEXT
        elif role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            self._sort = None
            return
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        ids = [self._rows[i.row()].id if 0 <= i.row() < len(self._rows) else None for i in old_persistent]
        self._sort = (column, order)
        self._rows = portfolio.sort_rows(self._rows, self.COLUMNS[column].key, order == Qt.SortOrder.DescendingOrder)
        if old_persistent:
            position = {r.id: n for n, r in enumerate(self._rows)}
            self.changePersistentIndexList(
                old_persistent,
                [
                    self.index(position[pid], i.column()) if pid in position else QModelIndex()
                    for pid, i in zip(ids, old_persistent)
                ],
            )
        self.layoutChanged.emit()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        c = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, c)
        if role == OBJECT_ROLE:
            return r
        if role == ID_ROLE:
            return r.id
        if role == SORT_ROLE:
            return portfolio.SORT_KEYS[self.COLUMNS[c].key](r)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return ALIGN_NUM if self.COLUMNS[c].numeric else ALIGN_TEXT
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._is_unknown(r, c):
                return QBrush(UNKNOWN_FG)
            return None
        if role == Qt.ItemDataRole.DecorationRole and c == self.RAG:
            return rag_icon(r.rag)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, c)
        return None

    def _is_unknown(self, r: portfolio.PortfolioRow, c: int) -> bool:
        return (
            (c == self.INVESTMENT and r.investment_total is None)
            or (c == self.LAND and r.new_land_mu is None)
            or (c == self.CUMULATIVE and r.cumulative is None)
            or (c == self.RATE and r.completion_rate is None)
            or (c == self.RAG and r.rag == "unknown")
            or (
                c in (self.OPEN_ISSUES, self.OVERDUE)
                and getattr(r, "open_issues" if c == self.OPEN_ISSUES else "overdue_milestones") is None
            )
        )

    def _display(self, r: portfolio.PortfolioRow, c: int) -> str:
        unknown = self._unknown
        if c == self.CODE:
            return r.code
        if c == self.NAME:
            return r.name
        if c == self.CATEGORY:
            return r.appendix_category
        if c == self.COUNTY:
            return r.county
        if c == self.LEADS:
            return r.leads_text
        if c == self.INVESTMENT:
            return number_format.amount_short(r.investment_total, unknown=unknown)
        if c == self.LAND:
            return number_format.amount_short(r.new_land_mu, 3, unknown=unknown)
        if c == self.STATUS:
            return r.status
        if c == self.RAG:
            return self._rag_text.get(r.rag, r.rag)
        if c == self.CUMULATIVE:
            return number_format.amount_short(r.cumulative, unknown=unknown)
        if c == self.RATE:
            return number_format.rate(r.completion_rate, unknown=unknown)
        if c == self.LAST_UPDATE:
            return format_datetime(r.last_update)
        if c == self.ENTITIES:
            return r.entities_text
        if c == self.LOCATION:
            return r.location
        if c == self.OPEN_ISSUES:
            return unknown if r.open_issues is None else str(r.open_issues)
        if c == self.OVERDUE:
            return unknown if r.overdue_milestones is None else str(r.overdue_milestones)
        if c == self.OPEN_FLAGS:
            return str(r.open_flags)
        return ""

    def _tooltip(self, r: portfolio.PortfolioRow, c: int) -> str | None:
        if c == self.RAG:
            reasons = "\n".join(r.rag_reasons) if r.rag_reasons else ""
            if not r.status_known:
                return self.tr("进度状态未知（尚未计算或无进度数据）")
            return reasons or None
        if c in (self.NAME, self.LEADS, self.ENTITIES, self.LOCATION, self.CATEGORY):
            text = self._display(r, c)
            return text or None
        if c == self.INVESTMENT and r.investment_total is None:
            return self.tr("概算总投资未知：不计入合计")
        if c == self.CUMULATIVE and r.cumulative is None:
            return self.tr("尚无进度数据：不计入合计")
        return None


# ---------------------------------------------------------------------------------------------- review queue


class ReviewTableModel(QAbstractTableModel):
    """The data-quality findings (app.core.projects.review_queue as dicts)."""

    SUBJECT, NAME, FIELD, SEVERITY, MESSAGE, STATE, NOTE, RESOLVED_BY, RESOLVED_AT = range(9)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[dict[str, Any]] = []
        self._headers = [
            self.tr("对象"),
            self.tr("名称"),
            self.tr("字段"),
            self.tr("级别"),
            self.tr("问题说明"),
            self.tr("状态"),
            self.tr("处理说明"),
            self.tr("处理人"),
            self.tr("处理时间"),
        ]
        self._state = {"open": self.tr("待处理"), "resolved": self.tr("已处理")}
        self._severity = {"warning": self.tr("警告"), "info": self.tr("提示")}

    def set_items(self, items: Sequence[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item_at(self, row: int) -> dict[str, Any] | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        c = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(item, c)
            return text if role == Qt.ItemDataRole.DisplayRole or len(text) > 20 else None
        if role == OBJECT_ROLE:
            return item
        if role == ID_ROLE:
            return item["id"]
        if role == SORT_ROLE:
            if c == self.RESOLVED_AT:
                return format_datetime(item.get("resolved_at"))
            if c == self.SUBJECT:
                return subject_sort_key(item["subject"])
            return portfolio.collation_key(self._text(item, c))
        if role == Qt.ItemDataRole.ForegroundRole and c == self.STATE:
            return QBrush(QColor("#c62828") if item["state"] == "open" else QColor("#2e7d32"))
        return None

    def _text(self, item: dict[str, Any], c: int) -> str:
        if c == self.SUBJECT:
            return item["subject"]
        if c == self.NAME:
            return item["subject_name"] or ""
        if c == self.FIELD:
            from app.core.projects import FIELD_LABELS

            return FIELD_LABELS.get(item.get("field") or "", item.get("field") or "")
        if c == self.SEVERITY:
            return self._severity.get(item["severity"], item["severity"])
        if c == self.MESSAGE:
            return item["message"]
        if c == self.STATE:
            return self._state.get(item["state"], item["state"])
        if c == self.NOTE:
            return item.get("resolution_note") or ""
        if c == self.RESOLVED_BY:
            return item.get("resolved_by") or ""
        if c == self.RESOLVED_AT:
            return format_datetime(item.get("resolved_at"))
        return ""


def subject_sort_key(subject: str) -> str:
    """附表1-02 before 附表1-10, 指标6 before 指标10; projects (附表) before indicators (指标)."""
    import re

    natural = re.sub(r"\d+", lambda m: m.group(0).zfill(6), subject)
    return ("0" if subject.startswith("附表") else "1") + natural


# ---------------------------------------------------------------------------------------------- history


class HistoryTableModel(QAbstractTableModel):
    """A project's change history (app.core.project_service.project_history)."""

    AT, USER, FIELD, OLD, NEW, SOURCE = range(6)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[Any] = []
        self._headers = [
            self.tr("时间"),
            self.tr("修改人"),
            self.tr("字段"),
            self.tr("原值"),
            self.tr("新值"),
            self.tr("来源"),
        ]
        self._sources = {
            "manual": self.tr("手工修改"),
            "import": self.tr("导入"),
            "seed": self.tr("初始数据"),
            "cli": self.tr("命令行"),
            "county_package": self.tr("县区数据包"),
        }
        self._entities = {
            "project": "",
            "review_flag": self.tr("核查事项"),
            "milestone": self.tr("里程碑"),
            "progress": self.tr("季度进展"),
            "issue": self.tr("问题协调"),
            "coordination_issue": self.tr("问题协调"),
            "period": self.tr("报告期"),
        }

    def set_items(self, items: Sequence[Any]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        h = self._items[index.row()]
        c = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if c == self.AT:
                return h.at.strftime("%Y-%m-%d %H:%M:%S")
            if c == self.USER:
                return h.user
            if c == self.FIELD:
                prefix = self._entities.get(h.entity_type, h.entity_type)
                label = h.field_label or ""
                return f"{prefix}·{label}" if prefix else label
            if c == self.OLD:
                return _value_text(h.old_value)
            if c == self.NEW:
                return _value_text(h.new_value)
            if c == self.SOURCE:
                src = self._sources.get(h.source, h.source)
                return f"{src}（{h.source_detail}）" if h.source_detail and role == Qt.ItemDataRole.ToolTipRole else src
        if role == OBJECT_ROLE:
            return h
        if role == SORT_ROLE:
            return h.at if c == self.AT else str(self.data(index))
        if role == Qt.ItemDataRole.ForegroundRole and c in (self.OLD, self.NEW):
            value = h.old_value if c == self.OLD else h.new_value
            return QBrush(UNKNOWN_FG) if value is None else None
        return None


def _value_text(value: str | None) -> str:
    """Audit values are text; lists are JSON. Show them the way the editor shows them."""
    empty = QCoreApplication.translate("HistoryTableModel", "（空）")
    if value is None:
        return empty
    if value.startswith("[") and value.endswith("]"):
        import json

        try:
            items = json.loads(value)
        except ValueError:
            return value
        if isinstance(items, list):
            return "、".join(str(i) for i in items) or empty
    return value


# ---------------------------------------------------------------------------------------------- generic


class ListTableModel(QAbstractTableModel):
    """A small read-only table over a list of dicts/objects: columns given as (title, getter).
    Subclasses may colour one column's text by a state key of the item (COLOR_COLUMN, COLOR_KEY, COLORS)."""

    COLOR_COLUMN: int | None = None
    COLOR_KEY = ""
    COLORS: dict[str, str] = {}

    def __init__(self, columns: Sequence[tuple[str, Callable[[Any], Any]]], parent=None):
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

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section][0]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole:
            if index.column() != self.COLOR_COLUMN:
                return None
            color = self.COLORS.get(item[self.COLOR_KEY])
            return QBrush(QColor(color)) if color else None
        value = self._columns[index.column()][1](item)
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return ""
            if isinstance(value, Decimal):
                return number_format.amount_short(value)
            if isinstance(value, float):
                return number_format.amount_short(Decimal(str(value)))
            return str(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = "" if value is None else str(value)
            return text if len(text) > 15 else None
        if role == OBJECT_ROLE:
            return item
        if role == SORT_ROLE:
            return value
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and isinstance(value, (int, float, Decimal))
            and not isinstance(value, bool)
        ):
            return ALIGN_NUM
        return None
