"""Qt table models. Named *TableModel to keep them apart from the database rows (app.db.models).

Each has named column constants, OBJECT_ROLE (the row object) and SORT_ROLE (a sortable key).

ProjectTableModel filters and sorts in Python over plain rows (app.core.portfolio) instead of behind a
QSortFilterProxyModel: a proxy calls data() through Python for every comparison, which takes seconds at
100,000 projects (bench/bench_portfolio.py measures both). The smaller models sit behind a proxy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from app.core import number_format, portfolio, portfolio_totals, status_rules, table_columns
from app.ui import status_style
from app.ui.graveyard import bury

OBJECT_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

ALIGN_NUM = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ALIGN_TEXT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ALIGN_CENTER = Qt.AlignmentFlag.AlignCenter

_Index = QModelIndex | QPersistentModelIndex
# Plain ints: data() compares the role it is given with these for every painted cell.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_PROJECT_ROLES = frozenset(
    int(role)
    for role in (
        _DISPLAY,
        _FOREGROUND,
        _ALIGNMENT,
        _DECORATION,
        Qt.ItemDataRole.ToolTipRole,
        OBJECT_ROLE,
        SORT_ROLE,
        ID_ROLE,
    )
)
_ICONS: dict[str, QIcon] = {}
# The layout signals' overload that carries a hint (PySide emits the one without arguments by default), and the
# hint that only the rows changed (their order or which are shown), not the columns.
_LAYOUT_SIGNATURE = ("QList<QPersistentModelIndex>", "QAbstractItemModel::LayoutChangeHint")
_ROWS_ONLY = QAbstractItemModel.LayoutChangeHint.VerticalSortHint


def _emit_rows_only(signal: Any) -> None:
    """Emit layoutAboutToBeChanged / layoutChanged saying that only the rows changed."""
    signal[_LAYOUT_SIGNATURE].emit([], _ROWS_ONLY)


# The sort keys that depend on a row's tracking status (set when the statuses arrive after the rows).
_STATUS_SORT_KEYS = frozenset(
    {"rag", "cumulative", "completion_rate", "last_update", "open_issues", "overdue_milestones"}
)


def rag_icon(rag: str) -> QIcon:
    """A round traffic-light dot (cached; created on first use, when a QGuiApplication exists)."""
    icon = _ICONS.get(rag)
    if icon is None:
        pix = QPixmap(32, 32)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(status_style.rag_color(rag))
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


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for pyside6-lupdate (which looks for calls of this name) in `context`; translated when shown.
    Qt's own function of that name is typed as returning object; this one keeps the type."""
    return text


def _project_tr(text: str) -> str:
    return QCoreApplication.translate("ProjectTableModel", text)


# The RAG words of app.core.status_rules, marked for translation in the model's context.
RAG_WORDS = {
    status_rules.GREEN: QT_TRANSLATE_NOOP("ProjectTableModel", "绿"),
    status_rules.AMBER: QT_TRANSLATE_NOOP("ProjectTableModel", "黄"),
    status_rules.RED: QT_TRANSLATE_NOOP("ProjectTableModel", "红"),
    status_rules.UNKNOWN: QT_TRANSLATE_NOOP("ProjectTableModel", "未知"),
}


def rag_word(rag: str) -> str:
    """红 / 黄 / 绿 / 未知, in the interface language."""
    return _project_tr(RAG_WORDS.get(rag, rag))


def _count_text(value: int | None) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class Column:
    """One column of the portfolio table: everything about it in one place.

    `text(row)` gives the shown text, or None when the value is unknown (shown as 未知 in grey, never as 0).
    `title` and `tip` are source strings (Chinese), translated when shown."""

    key: str  # sort key in app.core.portfolio.SORT_KEYS
    title: str
    tip: str
    text: Callable[[portfolio.PortfolioRow], str | None]
    numeric: bool = False
    visible: bool = True  # shown by default
    width_chars: int = 8  # default width in average Chinese characters
    full_text_tip: bool = False  # long text: the tooltip repeats it in full
    unknown_tip: str = ""  # the tooltip of an unknown value

    def is_unknown(self, row: portfolio.PortfolioRow) -> bool:
        return self.text(row) is None


PROJECT_COLUMNS: tuple[Column, ...] = (
    Column("code", QT_TRANSLATE_NOOP("ProjectTableModel", "编号"),
           QT_TRANSLATE_NOOP("ProjectTableModel", "项目编号（附表-行号）"), lambda r: r.code, width_chars=5),
    Column("name", QT_TRANSLATE_NOOP("ProjectTableModel", "项目名称"),
           QT_TRANSLATE_NOOP("ProjectTableModel", "项目名称"), lambda r: r.name, width_chars=19, full_text_tip=True),
    Column("category", QT_TRANSLATE_NOOP("ProjectTableModel", "附表类别"),
           QT_TRANSLATE_NOOP("ProjectTableModel", "规划附表类别"), lambda r: r.appendix_category,
           width_chars=9, full_text_tip=True),
    Column("county", QT_TRANSLATE_NOOP("ProjectTableModel", "县区"),
           QT_TRANSLATE_NOOP("ProjectTableModel", "所属县区"), lambda r: r.county, width_chars=5),
    Column("leads", QT_TRANSLATE_NOOP("ProjectTableModel", "牵头部门"),
           QT_TRANSLATE_NOOP("ProjectTableModel", "建议牵头责任部门"), lambda r: r.leads_text,
           width_chars=10, full_text_tip=True),
    Column("investment_total", QT_TRANSLATE_NOOP("ProjectTableModel", "总投资(亿元)"),
           QT_TRANSLATE_NOOP("ProjectTableModel", "概算总投资（亿元）；未知不计为 0"),
           lambda r: None if r.investment_total is None else number_format.amount_short(r.investment_total),
           numeric=True, width_chars=5, unknown_tip=QT_TRANSLATE_NOOP("ProjectTableModel", "概算总投资未知：不计入合计")),
    Column("new_land_mu", QT_TRANSLATE_NOOP("ProjectTableModel", "新增用地(亩)"),
           QT_TRANSLATE_NOOP("ProjectTableModel", "拟新增建设用地规模（亩）"),
           lambda r: None if r.new_land_mu is None else number_format.amount_short(r.new_land_mu, 3),
           numeric=True, width_chars=5),
    Column("status", QT_TRANSLATE_NOOP("ProjectTableModel", "状态"),
           QT_TRANSLATE_NOOP("ProjectTableModel", "项目状态"), lambda r: r.status, width_chars=3),
    Column("rag", QT_TRANSLATE_NOOP("ProjectTableModel", "RAG"),
           QT_TRANSLATE_NOOP("ProjectTableModel", "按规则评定的进度评级：红/黄/绿/未知；鼠标停留可看理由"),
           lambda r: None if r.rag == status_rules.UNKNOWN else rag_word(r.rag),
           width_chars=4),
    Column("cumulative", QT_TRANSLATE_NOOP("ProjectTableModel", "累计完成(亿元)"),
           QT_TRANSLATE_NOOP("ProjectTableModel", "累计完成投资（亿元），截至所选报告期"),
           lambda r: None if r.cumulative is None else number_format.amount_short(r.cumulative),
           numeric=True, width_chars=5, unknown_tip=QT_TRANSLATE_NOOP("ProjectTableModel", "尚无进度数据：不计入合计")),
    Column("completion_rate", QT_TRANSLATE_NOOP("ProjectTableModel", "完成率"),
           QT_TRANSLATE_NOOP("ProjectTableModel", "累计完成投资 ÷ 概算总投资"),
           lambda r: None if r.completion_rate is None else number_format.rate(r.completion_rate),
           numeric=True, width_chars=4),
    Column("last_update", QT_TRANSLATE_NOOP("ProjectTableModel", "最近更新"),
           QT_TRANSLATE_NOOP("ProjectTableModel", "项目或进度数据的最近修改时间"),
           lambda r: format_datetime(r.last_update), width_chars=8),
    Column("entities", QT_TRANSLATE_NOOP("ProjectTableModel", "建设主体"),
           QT_TRANSLATE_NOOP("ProjectTableModel", "项目建设主体"), lambda r: r.entities_text,
           visible=False, width_chars=14, full_text_tip=True),
    Column("location", QT_TRANSLATE_NOOP("ProjectTableModel", "建设地点"),
           QT_TRANSLATE_NOOP("ProjectTableModel", "项目建设地点"), lambda r: r.location,
           visible=False, width_chars=14, full_text_tip=True),
    Column("open_issues", QT_TRANSLATE_NOOP("ProjectTableModel", "未解决问题"),
           QT_TRANSLATE_NOOP("ProjectTableModel", "未办结的问题协调事项数"), lambda r: _count_text(r.open_issues),
           numeric=True, visible=False, width_chars=5),
    Column("overdue_milestones", QT_TRANSLATE_NOOP("ProjectTableModel", "逾期节点"),
           QT_TRANSLATE_NOOP("ProjectTableModel", "逾期未完成的里程碑节点数"),
           lambda r: _count_text(r.overdue_milestones), numeric=True, visible=False, width_chars=5),
    Column("open_flags", QT_TRANSLATE_NOOP("ProjectTableModel", "待核查"),
           QT_TRANSLATE_NOOP("ProjectTableModel", "待处理的数据核查事项数"), lambda r: str(r.open_flags),
           numeric=True, visible=False, width_chars=5),
)  # fmt: skip


class ProjectTableModel(QAbstractTableModel):
    """The portfolio: all loaded rows, the filtered+sorted view of them, and the totals of that view."""

    COLUMNS = PROJECT_COLUMNS
    # Named column numbers, in PROJECT_COLUMNS order.
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
    ) = range(len(PROJECT_COLUMNS))
    LAYOUT_VERSION = "portfolio-v2-17"

    filterChanged = Signal()  # the visible set changed (filter or reload): totals need refreshing

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[portfolio.PortfolioRow] = []
        self._columns: table_columns.TableColumns | None = None  # made when first needed unless given
        self._filter = portfolio.PortfolioFilter()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        # The sorted permutation of _all (None: as loaded), computed once per sort and kept: a filter change
        # only drops positions from it. The sort keys of each column asked for are kept until the rows change.
        self._order: list[int] | None = None
        self._positions: list[int] = []  # where each visible row is in _all (row n of the table: _all[_positions[n]])
        self._rows: list[portfolio.PortfolioRow] | None = []  # the visible rows, made when asked (None: not yet)
        self._where: dict[str, int] | None = None  # project id -> position in _all, made when asked
        self._keys: dict[str, list[Any]] = {}
        self._orders: dict[tuple[str, bool], list[int]] = {}
        self._unknown = _project_tr("未知")
        self._unknown_brush = QBrush(QColor(status_style.UNKNOWN_TEXT))
        self._texts: dict[tuple[str, int], str | None] = {}  # (project id, column) -> shown text (None: unknown)
        self._totals: portfolio_totals.PortfolioTotals | None = None
        self._all_totals: portfolio_totals.PortfolioTotals | None = None  # of every row: what "no filter" shows
        # Rows this office may only read (app/ui/office_marker.py sets the rule): grey text and a tooltip, given
        # through data() so that the table paints with Qt's own delegate.
        self._read_only_rule: Callable[[portfolio.PortfolioRow], bool] | None = None
        self._read_only_note = ""
        self._read_only_brush = QBrush()
        self._read_only: dict[str, bool] = {}  # project id -> the rule's answer, for the rows painted so far

    # ------------------------------------------------------------------ data in
    def set_rows(
        self,
        rows: Sequence[portfolio.PortfolioRow],
        totals: portfolio_totals.PortfolioTotals | None = None,
        columns: table_columns.TableColumns | None = None,
    ) -> None:
        """Install loaded rows; `totals` are those of all of them and `columns` their TableColumns when the
        loading thread made them already."""
        self.beginResetModel()
        replaced, replaced_columns = self._all, self._columns
        self._all = list(rows)
        self._columns = columns if columns is not None and columns.size == len(self._all) else None
        # The previous load is freed a piece at a time (a 100,000-row load freed at once froze the window).
        bury(replaced, replaced_columns if replaced_columns is not self._columns else None)
        self._forget_rows()
        self._all_totals = totals
        self._order = self._sorted_order()
        self._show(self._visible_positions())
        self.endResetModel()
        # The rows live until the next load: move them (and everything loaded with them) out of the cyclic
        # collector's generations, so its full passes stop rescanning ~1M long-lived objects on the GUI thread.
        portfolio.keep_loaded(self._all)
        self.filterChanged.emit()

    def all_rows(self) -> list[portfolio.PortfolioRow]:
        return self._all

    def visible_rows(self) -> list[portfolio.PortfolioRow]:
        if self._rows is None:
            self._rows = list(map(self._all.__getitem__, self._positions))
        return self._rows

    def set_filter(self, flt: portfolio.PortfolioFilter) -> None:
        """Show the rows `flt` selects, in the current order. A layout change, not a reset: the selection stays
        on the selected rows still shown, and the view keeps its header and scroll state."""
        if flt == self._filter:
            return
        self._filter = flt
        self._relayout(self._visible_positions())
        self.filterChanged.emit()

    def current_filter(self) -> portfolio.PortfolioFilter:
        return self._filter

    def all_columns(self) -> table_columns.TableColumns:
        """The columns of all rows (what a refresh copies)."""
        return self._table_columns()

    def _table_columns(self) -> table_columns.TableColumns:
        if self._columns is None:
            self._columns = table_columns.TableColumns(self._all)
        return self._columns

    def _forget_rows(self, *, statuses_only: bool = False) -> None:
        """The rows changed: what was derived from them (sort keys and orders, cell texts) is stale. When only
        their tracking status changed, the orders by the other columns stay valid."""
        self._texts = {}
        self._read_only = {}
        self._where = None
        self._all_totals = None
        if statuses_only:
            self._keys = {k: v for k, v in self._keys.items() if k not in _STATUS_SORT_KEYS}
            self._orders = {k: v for k, v in self._orders.items() if k[0] not in _STATUS_SORT_KEYS}
        else:
            self._keys = {}
            self._orders = {}

    def _sorted_order(self) -> list[int] | None:
        """The permutation of every row for the current sort, computed once per column and direction."""
        if self._sort is None:
            return None
        column, order = self._sort
        key = self.COLUMNS[column].key
        descending = order == Qt.SortOrder.DescendingOrder
        kept = self._orders.get((key, descending))
        if kept is None and self._all:
            kept = self._table_columns().sort_order(key, descending)  # an amount column: from the columns
            if kept is not None:
                self._orders[(key, descending)] = kept
        if kept is None:
            keys = self._keys.get(key)
            if keys is None:
                keys = self._keys[key] = portfolio.sort_keys(self._all, key)
            kept = self._orders[(key, descending)] = portfolio.sort_order(self._all, key, descending, keys=keys)
        return kept

    def _visible_positions(self) -> list[int]:
        """Where in all_rows() the rows the filter selects are, in the kept sort order."""
        if self._filter.is_empty():
            return list(range(len(self._all))) if self._order is None else list(self._order)
        return self._table_columns().filter_positions(self._filter, self._order)

    def _show(self, positions: list[int]) -> None:
        self._positions = positions
        self._rows = None
        self._totals = None

    def _relayout(self, positions: list[int]) -> None:
        """Swap in another set or order of rows, keeping selections and the current cell on their projects.

        The hint says only the rows changed: the column header keeps its sections untouched (without it, it
        saves and restores a persistent index per resized column), and the selection model remembers one index
        per selected row instead of one per selected cell."""
        _emit_rows_only(self.layoutAboutToBeChanged)
        old_persistent = self.persistentIndexList()
        old_positions = self._positions
        self._show(positions)
        if old_persistent:
            # Where each remembered row went: found through its position in all_rows() (no map of every id).
            where: dict[int, int] = {}
            if len(old_persistent) <= 16:  # the current cell, a selection or two: a C-speed scan for each
                for i in old_persistent:
                    if 0 <= i.row() < len(old_positions) and old_positions[i.row()] not in where:
                        with suppress(ValueError):  # filtered out meanwhile
                            where[old_positions[i.row()]] = positions.index(old_positions[i.row()])
            else:
                where = {p: n for n, p in enumerate(positions)}
            new_indexes = []
            for i in old_persistent:
                at = old_positions[i.row()] if 0 <= i.row() < len(old_positions) else None
                row = where.get(at) if at is not None else None
                new_indexes.append(self.index(row, i.column()) if row is not None else QModelIndex())
            self.changePersistentIndexList(old_persistent, new_indexes)
        _emit_rows_only(self.layoutChanged)

    def statuses_changed(
        self, totals: portfolio_totals.PortfolioTotals | None = None, columns: table_columns.TableColumns | None = None
    ) -> None:
        """The rows' tracking status arrived (set on the same rows): redraw, re-sort and re-filter by it, keeping
        the selection; `totals` are those of all rows and `columns` their TableColumns when the loading thread
        made them."""
        self._forget_rows(statuses_only=True)
        replaced_columns = self._columns
        self._columns = columns if columns is not None and columns.size == len(self._all) else None
        bury(replaced_columns if replaced_columns is not self._columns else None)
        self._all_totals = totals
        self._order = self._sorted_order()
        positions = self._visible_positions()
        if positions == self._positions:
            self._show(positions)
            if self._positions:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._positions) - 1, len(self.COLUMNS) - 1))
        else:  # the same rows in another order (sorted by a status column), or a status filter selects others
            self._relayout(positions)
        portfolio.keep_loaded(self._all)  # the statuses and columns made since set_rows: out of the collector too
        self.filterChanged.emit()

    def replace_row(self, row: portfolio.PortfolioRow) -> None:
        """A project changed (saved in the editor): swap in its new row, keep filter and sort."""
        position = self._position_of(row.id)
        if position >= 0:
            self._all[position] = row
        else:
            self._all.append(row)
        columns = self._columns
        self._forget_rows()
        if columns is not None and position >= 0:
            columns.replace(position, row)
        else:
            self._columns = None
        self._order = self._sorted_order()
        self._relayout(self._visible_positions())
        self.filterChanged.emit()

    def all_totals(self) -> portfolio_totals.PortfolioTotals:
        """totals() of every row, whatever the filter selects (the loader counts them on its worker thread)."""
        if self._all_totals is None:
            self._all_totals = self._table_columns().totals()
        return self._all_totals

    def totals(self) -> portfolio_totals.PortfolioTotals:
        if self._totals is None:
            if len(self._positions) == len(self._all):  # no filter selects fewer: the totals of every row
                self._totals = self.all_totals()
            else:
                self._totals = self._table_columns().totals(self._positions)
        return self._totals

    def row_at(self, row: int) -> portfolio.PortfolioRow | None:
        return self._all[self._positions[row]] if 0 <= row < len(self._positions) else None

    def _position_of(self, project_id: str) -> int:
        if self._where is None:
            self._where = {r.id: i for i, r in enumerate(self._all)}
        return self._where.get(project_id, -1)

    def row_of(self, project_id: str) -> int:
        position = self._position_of(project_id)
        if position < 0:
            return -1
        try:
            return self._positions.index(position)
        except ValueError:  # filtered out
            return -1

    def set_read_only_rule(
        self, rule: Callable[[portfolio.PortfolioRow], bool] | None, note: str = "", colour: QColor | None = None
    ) -> None:
        """Grey the text of the rows `rule` says this office may only read (None: every row editable), and let
        hovering any of their cells say `note`. Status colours (unknown values in grey) stay as they are."""
        self._read_only_rule = rule
        self._read_only_note = note
        self._read_only_brush = QBrush(colour) if colour is not None else QBrush()
        self._read_only = {}
        if self._positions:
            roles = [int(Qt.ItemDataRole.ForegroundRole), int(Qt.ItemDataRole.ToolTipRole)]
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._positions) - 1, len(self.COLUMNS) - 1), roles)

    def is_read_only(self, r: portfolio.PortfolioRow) -> bool:
        rule = self._read_only_rule
        if rule is None:
            return False
        answer = self._read_only.get(r.id)
        if answer is None:
            answer = self._read_only[r.id] = bool(rule(r))
        return answer

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(self.COLUMNS) if c.key == key)

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default argument
        return 0 if parent.isValid() else len(self._positions)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default argument
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            column = self.COLUMNS[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return _project_tr(column.title)
            if role == Qt.ItemDataRole.ToolTipRole:
                return _project_tr(column.tip)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return ALIGN_NUM if column.numeric else ALIGN_TEXT
        elif role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            self._sort = None
            return
        if self._sort == (column, order):
            return  # the header re-announcing the current sort: the kept order is already right
        self._sort = (column, order)
        self._order = self._sorted_order()
        self._relayout(self._visible_positions())

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called through Python for every role of every painted cell: unasked roles leave at once (one set
        # look-up, no enum attribute access), and the text of a cell is formatted once per row set.
        if role not in _PROJECT_ROLES or not index.isValid():
            return None
        row, col = index.row(), index.column()
        r = self._all[self._positions[row]]
        if role in (_DISPLAY, _FOREGROUND):
            text = self._cell_text(r, col)
            if role == _DISPLAY:
                return self._unknown if text is None else text
            if text is None:
                return self._unknown_brush
            return self._read_only_brush if self._read_only_rule is not None and self.is_read_only(r) else None
        if role == _ALIGNMENT:
            return ALIGN_NUM if self.COLUMNS[col].numeric else ALIGN_TEXT
        if role == _DECORATION:
            return rag_icon(r.rag) if col == self.RAG else None
        if role == OBJECT_ROLE:
            return r
        if role == ID_ROLE:
            return r.id
        column = self.COLUMNS[col]
        if role == SORT_ROLE:
            return portfolio.SORT_KEYS[column.key](r)
        if self._read_only_rule is not None and self.is_read_only(r):  # ToolTipRole
            return self._read_only_note
        return self._tooltip(r, column)

    def _cell_text(self, r: portfolio.PortfolioRow, col: int) -> str | None:
        key = (r.id, col)
        texts = self._texts
        if key in texts:
            return texts[key]
        if len(texts) > 50_000:  # a cache of what was painted, not of the portfolio
            texts.clear()
        text = texts[key] = self.COLUMNS[col].text(r)
        return text

    def _tooltip(self, r: portfolio.PortfolioRow, column: Column) -> str | None:
        if column.key == "rag":
            if not r.status_known:
                return self.tr("进度状态未知（尚未计算或无进度数据）")
            return "\n".join(r.rag_reasons) or None
        if column.full_text_tip:
            return column.text(r) or None
        if column.unknown_tip and column.is_unknown(r):
            return _project_tr(column.unknown_tip)
        return None
