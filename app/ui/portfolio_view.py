"""The portfolio browser: search, combinable filters, the project table and the totals bar.

The view loads the portfolio itself (on a worker thread) and reloads whenever the change bus says that
something it shows changed; nobody needs to refresh it by hand."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import (
    number_format,
    period_service,
    portfolio,
    portfolio_totals,
    project_service,
    reference,
    table_columns,
)
from app.core.bulk_build import bulk_objects
from app.core.changes import Changes
from app.core.workspace import Workspace
from app.ui import status_style, totals_text
from app.ui.after_paint import after_next_paint
from app.ui.change_bus import ChangeBus
from app.ui.garbage_collector import collect_before_bulk_load
from app.ui.graveyard import bury
from app.ui.models import ID_ROLE, ProjectTableModel, rag_word
from app.ui.office_marker import mark_read_only_rows
from app.ui.settings import UiState
from app.ui.tasks import TaskContext, run_in_background
from app.ui.widgets import CheckList, em, line_height
from app.ui.window_release import run_menu

# What the portfolio shows: a change to any of these parts reloads it (or refreshes it: FULL_RELOAD_PARTS).
SHOWN_PARTS = ("projects", "progress", "milestones", "issues", "periods", "reference")
# Changes after which a complete load is read again in full; after the others (a project's data, records,
# milestones, issues) only the projects that changed are (app/core/portfolio_refresh.py).
FULL_RELOAD_PARTS = ("periods", "reference")

# What the loading thread hands over after each step of a load.
# The rows, their filter options' counts and columns, and (when every status came from the store, so that the
# load is complete in one step) the totals of all rows.
_FirstStep = tuple[
    list[portfolio.PortfolioRow],
    portfolio_totals.OptionCounts,
    table_columns.TableColumns,
    portfolio_totals.PortfolioTotals | None,
]
_SecondStep = tuple[portfolio_totals.OptionCounts, portfolio_totals.PortfolioTotals, table_columns.TableColumns]
# A refresh: the rows, their counts, columns and totals; None when a full load is needed.
_Refreshed = _FirstStep | None
# The period a load was for and the day its statuses were judged on.
_Judged = tuple[str | None, dt.date]

NONE_KEY = "__none__"  # QListWidgetItem data cannot hold Python None reliably


def _from_key(key: Any) -> Any:
    return None if key == NONE_KEY else key


def _to_key(value: Any) -> Any:
    return NONE_KEY if value is None else value


class WrappingCheckList(CheckList):
    """A filter's option list whose long labels wrap onto a second line instead of being cut off, so the
    count at the end of "附表1 流域生态保护与修复工程 (12)" stays visible however narrow the panel is."""

    def __init__(self, parent: QWidget | None = None, max_visible_rows: int = 8):
        super().__init__(parent, max_visible_rows)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setResizeMode(CheckList.ResizeMode.Adjust)

    def set_options(self, options: Iterable[tuple[Any, str]], selected: Iterable[Any] = ()) -> None:
        super().set_options(options, selected)
        self.doItemsLayout()
        self.updateGeometry()
        self.scrollToTop()

    def _rows_height(self) -> int:
        shown = [i for i in range(self.count()) if not self.item(i).isHidden()][: self._max_rows]
        if not shown:
            return line_height(self, 1.3)
        self.executeDelayedItemsLayout()  # wrapped row heights are known only after the layout
        return sum(self.visualItemRect(self.item(i)).height() for i in shown)

    def sizeHint(self) -> QSize:
        return QSize(em(self, 10), self._rows_height() + 2 * self.frameWidth() + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.doItemsLayout()  # wrapped heights depend on the width
            self.updateGeometry()
            self.scrollToTop()  # the list shows all its rows: never leave it scrolled after a relayout


class ElidedLabel(QLabel):
    """One line of text that never changes height: too long a text ends in "…" and shows in full as tooltip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._full = ""
        self.setWordWrap(False)
        self.setMinimumWidth(em(self, 4))
        self.setFixedHeight(line_height(self, 1.4))

    def set_full_text(self, text: str) -> None:
        if text == self._full:
            return
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 1)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()


class FilterPanel(QWidget):
    """The filter pane left of the table. Emits changed() whenever a choice changes.

    The current choices are kept as a PortfolioFilter, updated from the lists' and boxes' change signals, so
    current() reads no widget: every filter change asks for it, and at a filter change per keystroke or click
    reading every check box through PySide was what made filtering slow."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._current = portfolio.PortfolioFilter()
        self.counts = portfolio_totals.OptionCounts(Counter(), Counter(), Counter(), Counter(), Counter())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        inner = QWidget()
        scroll.setWidget(inner)
        lay = QVBoxLayout(inner)
        lay.setContentsMargins(em(self, 0.4), em(self, 0.4), em(self, 0.4), em(self, 0.4))
        lay.setSpacing(em(self, 0.5))

        self.clear_button = QPushButton(self.tr("清除全部筛选"))
        self.clear_button.clicked.connect(self.clear)
        lay.addWidget(self.clear_button)

        self.open_problems = QCheckBox(self.tr("有未解决问题"))
        self.open_problems.setToolTip(self.tr("有尚未关闭的问题协调事项"))
        self.overdue = QCheckBox(self.tr("有逾期里程碑"))
        for check_box in (self.open_problems, self.overdue):
            check_box.toggled.connect(self._choice_changed)
            lay.addWidget(check_box)

        self.tables = WrappingCheckList(max_visible_rows=8)
        self.counties = WrappingCheckList(max_visible_rows=12)
        self.statuses = WrappingCheckList(max_visible_rows=6)
        self.rags = WrappingCheckList(max_visible_rows=4)
        self.dept_search = QLineEdit()
        self.dept_search.setPlaceholderText(self.tr("查找部门…"))
        self.dept_search.setClearButtonEnabled(True)
        self.dept_search.textChanged.connect(self._filter_departments)
        self.departments = WrappingCheckList(max_visible_rows=8)
        self.groups: dict[str, QGroupBox] = {}
        for key, title, widget in (
            ("tables", self.tr("附表类别"), self.tables),
            ("counties", self.tr("所属县区"), self.counties),
            ("statuses", self.tr("状态"), self.statuses),
            ("rags", self.tr("RAG 评级"), self.rags),
            ("departments", self.tr("牵头部门"), self.departments),
        ):
            box = QGroupBox(title)
            box_lay = QVBoxLayout(box)
            box_lay.setContentsMargins(em(self, 0.3), em(self, 0.3), em(self, 0.3), em(self, 0.3))
            if key == "departments":
                box_lay.addWidget(self.dept_search)
            box_lay.addWidget(widget)
            widget.checkedChanged.connect(self._choice_changed)
            lay.addWidget(box)
            self.groups[key] = box
        lay.addStretch(1)
        self.set_options([])

    def set_options(
        self, rows: list[portfolio.PortfolioRow], counts: portfolio_totals.OptionCounts | None = None
    ) -> None:
        """Fill the lists from reference data plus what the rows contain, with counts (given when the loading
        thread counted them already); keep the choices."""
        keep = self.current()
        if counts is None:
            counts = portfolio_totals.option_counts(rows, by_pinyin=True)
        self.counts = counts  # (a refresh counts from these)
        table_counts, county_counts, status_counts = counts.tables, counts.counties, counts.statuses
        rag_counts, dept_counts = counts.rags, counts.departments

        def label(text: str, n: int) -> str:
            return f"{text} ({n})"

        tables = list(reference.APPENDIX_TABLES) + ([None] if None in table_counts else [])
        self.tables.set_options(
            ((_to_key(t), label(reference.appendix_label(t), table_counts.get(t, 0))) for t in tables),
            {_to_key(t) for t in keep.tables},
        )
        counties = list(reference.COUNTY_NAMES) + sorted(c for c in county_counts if c not in reference.COUNTY_NAMES)
        self.counties.set_options(((c, label(c, county_counts.get(c, 0))) for c in counties), keep.counties)
        statuses = list(reference.STATUSES) + sorted(s for s in status_counts if s not in reference.STATUSES)
        self.statuses.set_options(((s, label(s, status_counts.get(s, 0))) for s in statuses), keep.statuses)
        self.rags.set_options(
            ((k, label(rag_word(k), rag_counts.get(k, 0))) for k in ("red", "amber", "green", "unknown")),
            keep.rags,
        )
        depts = counts.department_order  # by pinyin (counted and ordered on the loading thread)
        self.departments.set_options(((d, label(d, dept_counts[d])) for d in depts), keep.departments)
        self._current = self._read_choices()  # a choice no longer offered is dropped
        self._filter_departments(self.dept_search.text())

    def _filter_departments(self, text: str) -> None:
        needle = portfolio.normalize_text(text.strip())
        for i in range(self.departments.count()):
            item = self.departments.item(i)
            name = str(item.data(Qt.ItemDataRole.UserRole))
            hidden = (
                bool(needle)
                and needle not in portfolio.normalize_text(name)
                and not (needle.isascii() and needle in portfolio.pinyin_initials(name).replace(" ", ""))
            )
            item.setHidden(hidden)

    def current(self) -> portfolio.PortfolioFilter:
        """The choices shown (kept up to date by the change signals; no widget is read here)."""
        return self._current

    def _read_choices(self) -> portfolio.PortfolioFilter:
        # The lists keep their checked keys in Python: only the two check boxes are asked.
        return portfolio.PortfolioFilter(
            tables=frozenset(_from_key(k) for k in self.tables.selected()),
            counties=self.counties.selected(),
            departments=self.departments.selected(),
            statuses=self.statuses.selected(),
            rags=self.rags.selected(),
            open_problems=self.open_problems.isChecked(),
            overdue=self.overdue.isChecked(),
        )

    def _choice_changed(self, *_signal_args: object) -> None:
        self._current = self._read_choices()
        self.changed.emit()

    def set_current(self, flt: portfolio.PortfolioFilter) -> None:
        """Show `flt` in the controls without emitting changed()."""
        self.blockSignals(True)
        try:
            self.tables.set_selected({_to_key(t) for t in flt.tables})
            self.counties.set_selected(flt.counties)
            self.departments.set_selected(flt.departments)
            self.statuses.set_selected(flt.statuses)
            self.rags.set_selected(flt.rags)
            for box, on in ((self.open_problems, flt.open_problems), (self.overdue, flt.overdue)):
                box.blockSignals(True)
                box.setChecked(on)
                box.blockSignals(False)
        finally:
            self._current = self._read_choices()  # what the controls could show (an unknown county is dropped)
            self.blockSignals(False)

    def clear(self) -> None:
        self.set_current(portfolio.PortfolioFilter())
        self.changed.emit()


class PortfolioView(QWidget):
    """Search box + filter pane + project table + totals bar."""

    openProject = Signal(str)  # project id
    # Every load delivers the rows (the dashboard draws the same rows). Signal(object): a `list` signal converts
    # the 100,000 rows to a QVariantList and back on every emit (45 ms on the GUI thread).
    rowsLoaded = Signal(object)
    filterChanged = Signal()

    def __init__(self, ws: Workspace, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.bus = bus
        self.model = ProjectTableModel(self)
        self.model.filterChanged.connect(self._update_totals)
        self._loading = False
        self._reload_again = False
        self._refresh_again = False
        self._judging: _Judged | None = None  # the load or refresh running
        self._complete: _Judged | None = None  # the rows shown are a complete load of this (else None)
        self._error: str | None = None
        self._tasks: list[TaskContext] = []
        self._shown_load: list[portfolio.PortfolioRow] | None = None

        lay = QVBoxLayout(self)
        lay.setContentsMargins(em(self, 0.4), em(self, 0.4), em(self, 0.4), 0)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("搜索项目名称、建设主体、地点、建设内容（支持拼音首字母，如 yh = 御河）   Ctrl+F")
        )
        self.search.setMinimumWidth(em(self, 20))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._apply_filter)
        bar.addWidget(QLabel(self.tr("搜索")))
        bar.addWidget(self.search, 1)
        bar.addSpacing(em(self, 1))
        bar.addWidget(QLabel(self.tr("报告期")))
        self.period = QComboBox()
        self.period.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period.addItem(self.tr("最新（截至今天）"), "")
        self.period.currentIndexChanged.connect(lambda _i: self.reload())
        bar.addWidget(self.period)
        self.columns_button = QPushButton(self.tr("显示列…"))
        self.columns_button.clicked.connect(
            lambda: run_menu(
                self._column_menu(), self.columns_button.mapToGlobal(QPoint(0, self.columns_button.height()))
            )
        )
        bar.addWidget(self.columns_button)
        lay.addLayout(bar)

        # Always present and one line high: a line that appeared only when a filter was set moved every
        # check box under the mouse. Too long a description ends in "…" and shows in full as a tooltip.
        self.active_filters = ElidedLabel()
        self.active_filters.setStyleSheet(f"color: {status_style.FILTER_TEXT};")
        lay.addWidget(self.active_filters)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.filters = FilterPanel()
        self.filters.changed.connect(self._apply_filter)
        self.splitter.addWidget(self.filters)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: no per-row measuring at 100k
        vh.setDefaultSectionSize(line_height(self, 1.6))
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda pos: run_menu(self._column_menu(), header.mapToGlobal(pos)))
        self.table.doubleClicked.connect(self._open_index)
        self.read_only_marks = mark_read_only_rows(ws, bus, self.model)  # a county office: others' projects grey
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)
        open_action = QAction(self.tr("打开项目"), self.table)
        open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_action.triggered.connect(lambda: self._open_index(self.table.currentIndex()))
        self.table.addAction(open_action)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([em(self, 19), em(self, 80)])
        lay.addWidget(self.splitter, 1)

        self.totals_label = QLabel()
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.totals_label.setWordWrap(True)
        self.totals_label.setContentsMargins(em(self, 0.3), em(self, 0.3), em(self, 0.3), em(self, 0.3))
        self.totals_label.setObjectName("totalsBar")
        self.totals_label.setStyleSheet("#totalsBar { border-top: 1px solid palette(mid); }")
        lay.addWidget(self.totals_label)
        self.reset_columns()
        self._show_filter_description(portfolio.PortfolioFilter())
        self._update_totals()
        self.fill_periods()
        bus.changed.connect(self.on_changes)

    # ------------------------------------------------------------------ loading
    def on_changes(self, changes: Changes) -> None:
        if changes.periods:
            self.fill_periods()
        if changes.any(*FULL_RELOAD_PARTS):
            self.reload()
        elif changes.any(*SHOWN_PARTS):
            self.refresh()

    def reload(self) -> None:
        """Load the portfolio for the chosen period on a worker thread, in two steps: the rows first (the table
        fills and can be searched, filtered and sorted), then the tracking status of every project (RAG,
        completed investment, overdue milestones), which needs every quarterly record and milestone and takes
        several times longer. One step when every status and search key came from the store, current. The
        step after the rows waits for the table to paint them. is_loading() holds until all arrived; rowsLoaded
        is emitted once, complete."""
        if self._loading:
            self._reload_again = True
            return
        self.set_loading(True)
        # Started from the event loop, not from whatever handler asked (a save, a key): the collection before
        # it may finalise Qt objects, which must not happen inside another object's event (garbage_collector).
        QTimer.singleShot(0, self, self._start_load)

    def refresh(self) -> None:
        """After a write: read again only the projects whose data changed since the rows shown were read
        (app/core/portfolio_refresh.py), on a worker thread, in one step; a full reload() when the rows shown are
        not a complete load of the period chosen, judged today, or when the refresh finds that projects were
        added, removed or moved."""
        if self._loading:
            self._refresh_again = True
            return
        judged = self._complete
        if judged is None or judged != (self.selected_period(), dt.date.today()):
            self.reload()
            return
        self.set_loading(True)
        self._judging = judged
        QTimer.singleShot(0, self, self._start_refresh)  # (from the event loop, as a reload starts)

    def _start_refresh(self) -> None:
        collect_before_bulk_load()
        assert self._judging is not None
        ws, (period, day) = self.ws, self._judging
        rows, columns, counts = self.model.all_rows(), self.model.all_columns(), self.filters.counts

        def work(_ctx: TaskContext) -> _Refreshed:
            with bulk_objects():  # (as a load's steps)
                refreshed = project_service.refresh_portfolio(
                    ws, rows, period=period, judged_on=day, identity=columns.identity()
                )
                if refreshed is None:
                    return None
                new_rows, changed = refreshed
                new_columns = columns.with_rows(new_rows, changed)
                new_counts = portfolio_totals.counts_replacing(
                    counts, [rows[p] for p in changed], [new_rows[p] for p in changed]
                )
                portfolio.keep_loaded(new_rows)
            return new_rows, new_counts, new_columns, new_columns.totals()

        self._tasks = [
            run_in_background(
                self,
                self.tr("正在更新项目…"),
                work,
                self._refreshed,
                self._load_failed,
                cancellable=False,
                show_progress=False,
            )
        ]

    def _refreshed(self, refreshed: _Refreshed) -> None:
        if refreshed is None:  # projects added, removed or moved: read them all
            self.set_loading(False)
            self._reload_again = self._refresh_again = False
            self.reload()
            return
        rows, counts, columns, totals = refreshed
        self.set_rows(rows, counts, totals, columns)
        self._shown_load = rows
        self._finish_load(rows)

    def _start_load(self) -> None:
        collect_before_bulk_load()
        ws, period = self.ws, self.selected_period()
        self._judging = (period, dt.date.today())

        def work(ctx: TaskContext) -> _FirstStep:
            def progress(done: int, total: int, message: str) -> None:
                ctx.check()  # a cancel stops the load between steps
                ctx.report(done, total, message)

            # One bulk build (app/core/bulk_build.py): the GUI thread's collector waits, and what was built is
            # frozen out of its generations at the end. Even a young-generation pass walks every list of 100,000
            # values the columns hold: 55 ms of frozen window when it ran meanwhile.
            with bulk_objects():
                rows = project_service.load_portfolio(ws, period=period, progress=progress, with_status=False)
                # Counted, and the table's columns taken, here rather than on the GUI thread when the rows are
                # installed (~0.1 s and ~0.3 s at 100,000 rows).
                counts, columns = portfolio_totals.option_counts(rows), table_columns.TableColumns(rows)
                if project_service.needs_completion(rows):
                    loaded: _FirstStep = (rows, counts, columns, None)
                else:  # every status and search key came from the store: the load is complete in this one step
                    loaded = (rows, portfolio_totals.in_pinyin_order(counts), columns, columns.totals())
                # Frozen whatever the collector's count says: the columns are a few lists, each of 100,000 values.
                portfolio.keep_loaded(rows)
            return loaded

        self._tasks = [run_in_background(self, self.tr("正在加载项目…"), work, self._loaded, self._load_failed)]

    def _loaded(self, loaded: _FirstStep) -> None:
        rows, counts, columns, totals = loaded
        self.set_rows(rows, counts, totals, columns)
        self._shown_load = rows  # the statuses that arrive next are set on these rows
        self.set_loading(True)  # until the rows have painted, and the statuses are in (when still to come)
        # The second step (or the announcement that the rows are loaded, which sets the dashboard to work) waits
        # for the table's paint of these rows: a worker beside that paint made it twice as long (after_paint).
        after_next_paint(self.table.viewport(), lambda: self._after_rows_painted(rows, counts, columns, totals))

    def _after_rows_painted(
        self,
        rows: list[portfolio.PortfolioRow],
        first_counts: portfolio_totals.OptionCounts,
        first_columns: table_columns.TableColumns,
        totals: portfolio_totals.PortfolioTotals | None,
    ) -> None:
        if self._shown_load is not rows:  # replaced by set_rows meanwhile
            return
        if self._reload_again or totals is not None:  # the data changed meanwhile, or nothing is left to load
            self._finish_load(rows)
            return
        ws, period = self.ws, self.selected_period()

        def work(_ctx: TaskContext) -> _SecondStep:
            with bulk_objects():  # (as in the first step)
                if not project_service.complete_portfolio(ws, rows, period=period):
                    # Every status came with the rows (stored): the first step's columns still hold; rebuilding
                    # them held the interpreter for ~0.7 s at 100,000 rows, a frozen window meanwhile.
                    return portfolio_totals.in_pinyin_order(first_counts), first_columns.totals(), first_columns
                columns = table_columns.TableColumns(rows)
                completed = (portfolio_totals.option_counts(rows, by_pinyin=True), columns.totals(), columns)
                portfolio.keep_loaded(rows)
            return completed

        def done(result: _SecondStep) -> None:
            self._statuses_loaded(rows, *result)

        # No progress dialog: the table is usable meanwhile; the totals bar says the load is not finished.
        self._tasks = [
            run_in_background(
                self, self.tr("正在加载项目…"), work, done, self._load_failed, cancellable=False, show_progress=False
            )
        ]

    def _statuses_loaded(
        self,
        rows: list[portfolio.PortfolioRow],
        counts: portfolio_totals.OptionCounts,
        totals: portfolio_totals.PortfolioTotals,
        columns: table_columns.TableColumns,
    ) -> None:
        if self._shown_load is rows:  # not replaced by set_rows meanwhile
            self.filters.set_options(rows, counts)  # RAG counts; a choice is kept
            self.model.statuses_changed(totals, columns)
        self._finish_load(rows)

    def _finish_load(self, rows: list[portfolio.PortfolioRow]) -> None:
        """The load (or refresh) ends: start again if the data changed meanwhile, else announce the rows."""
        self.set_loading(False)
        if self._reload_again:
            self._reload_again = self._refresh_again = False
            self.reload()
            return
        if rows is self._shown_load:  # (not replaced meanwhile): the rows shown are this complete load
            self._complete = self._judging
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()
            return
        self.rowsLoaded.emit(rows)

    def _load_failed(self, exc: BaseException, _tb: str) -> None:
        self._reload_again = self._refresh_again = False
        self._complete = None  # the next change reads everything again
        self.set_loading(False, str(exc))
        self.rowsLoaded.emit(self.model.all_rows())

    def is_loading(self) -> bool:
        return self._loading

    def fill_periods(self) -> None:
        """Every quarter of the plan (and any other the database holds), newest first, with its state."""
        states = period_service.period_states(self.ws)
        codes = period_service.choosable_quarters(self.ws)
        self.set_periods([(code, f"{code}（{states[code]}）" if code in states else code) for code in reversed(codes)])

    # ------------------------------------------------------------------ data
    def set_rows(
        self,
        rows: list[portfolio.PortfolioRow],
        counts: portfolio_totals.OptionCounts | None = None,
        totals: portfolio_totals.PortfolioTotals | None = None,
        columns: table_columns.TableColumns | None = None,
    ) -> None:
        self._loading = False
        self._error = None
        self._complete = None  # until the load that brought these rows says it is complete (_finish_load)
        bury(self._shown_load)  # (freed once the other views have taken the new rows too)
        self._shown_load = None
        self.filters.set_options(rows, counts)
        current = self.model.row_at(self.table.currentIndex().row()) if self.table.currentIndex().isValid() else None
        header = self.table.horizontalHeader()
        column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        self.model.set_rows(rows, totals, columns)
        if 0 <= column < self.model.columnCount():
            self.model.sort(column, order)
        if current is not None:
            self.select_project(current.id)

    def set_loading(self, loading: bool, error: str | None = None) -> None:
        self._loading = loading
        self._error = error
        self._update_totals()

    def set_periods(self, periods: list[tuple[str, str]]) -> None:
        """(code, label) pairs for the period picker; the first entry ("latest") stays."""
        current = self.period.currentData()
        self.period.blockSignals(True)
        while self.period.count() > 1:
            self.period.removeItem(1)
        for code, label in periods:
            self.period.addItem(label, code)
        index = self.period.findData(current)
        self.period.setCurrentIndex(max(index, 0))
        self.period.blockSignals(False)

    def selected_period(self) -> str | None:
        return self.period.currentData() or None

    def replace_row(self, row: portfolio.PortfolioRow) -> None:
        self.model.replace_row(row)

    # ------------------------------------------------------------------ filters
    def current_filter(self) -> portfolio.PortfolioFilter:
        return self.filters.current().replace(text=self.search.text())

    def set_filter(self, flt: portfolio.PortfolioFilter) -> None:
        self.filters.set_current(flt)
        self.search.blockSignals(True)
        self.search.setText(flt.text)
        self.search.blockSignals(False)
        self._apply_filter()

    def apply_group_filter(self, dimension: str, key: Any) -> None:
        """A dashboard bar was clicked: show exactly that group (other filters cleared)."""
        self.set_filter(portfolio_totals.filter_for_group(dimension, key))

    def _apply_filter(self) -> None:
        self._search_timer.stop()
        flt = self.current_filter()
        if flt == self.model.current_filter():
            return  # Return pressed again, a choice ticked and unticked before the search pause: nothing to do
        self.model.set_filter(flt)
        self._show_filter_description(flt)
        self.filterChanged.emit()

    def _show_filter_description(self, flt: portfolio.PortfolioFilter) -> None:
        parts = flt.describe()
        if parts:
            self.active_filters.set_full_text(self.tr("当前筛选：") + "；".join(parts))
        else:
            self.active_filters.set_full_text(self.tr("当前筛选：无（显示全部项目）"))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ------------------------------------------------------------------ totals
    def totals_text(self) -> str:
        t = self.model.totals()
        all_count = len(self.model.all_rows())
        if t.count == all_count:
            head = self.tr("全部 %n 个项目", "", t.count)
        else:
            head = self.tr("筛选结果 %1 / %2 个项目").replace("%1", str(t.count)).replace("%2", str(all_count))
        inv = self.tr("概算总投资 %1 亿元").replace("%1", number_format.total(t.investment))
        if t.investment_unknown:
            inv += self.tr("（其中 %n 项投资未知，未计入）", "", t.investment_unknown)
        if t.count and t.completed_unknown == t.count:
            done = self.tr("累计完成投资 未知（均无进度数据）")
        else:
            done = self.tr("累计完成投资 %1 亿元").replace("%1", number_format.total(t.completed))
            if t.completed_unknown:
                done += self.tr("（其中 %n 项未知）", "", t.completed_unknown)
        rate = totals_text.completion_rate(t)
        return "   ·   ".join(p for p in (head, inv, done, rate) if p)

    def _update_totals(self) -> None:
        if self._error:
            self.totals_label.setText(self.tr("加载失败：") + self._error)
            return
        text = self.totals_text()
        if self._loading:
            text = self.tr("正在加载…") + "   " + (text if self.model.all_rows() else "")
        self.totals_label.setText(text)

    # ------------------------------------------------------------------ table
    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            project_id = self.model.data(index, ID_ROLE)
            if project_id:
                self.openProject.emit(project_id)

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [row.id for r in rows if (row := self.model.row_at(r)) is not None]

    def select_project(self, project_id: str) -> bool:
        row = self.model.row_of(project_id)
        if row < 0:
            return False
        index = self.model.index(row, ProjectTableModel.NAME)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def _row_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        menu.addAction(self.tr("打开项目"), lambda: self._open_index(index))
        row = self.model.row_at(index.row())
        if row is not None:
            menu.addSeparator()
            menu.addAction(
                self.tr("只看县区：%1").replace("%1", row.county),
                lambda: self.set_filter(self.current_filter().replace(counties={row.county})),
            )
            menu.addAction(
                self.tr("只看此附表类别"),
                lambda: self.set_filter(self.current_filter().replace(tables={row.appendix_table})),
            )
        run_menu(menu, self.table.viewport().mapToGlobal(pos))

    def _column_menu(self) -> QMenu:
        menu = QMenu(self)
        header = self.table.horizontalHeader()
        for logical in range(self.model.columnCount()):
            title = self.model.headerData(logical, Qt.Orientation.Horizontal)
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(logical))
            action.setEnabled(logical != ProjectTableModel.NAME)  # the name column always stays
            action.toggled.connect(lambda on, c=logical: self.set_column_visible(c, on))
        menu.addSeparator()
        menu.addAction(self.tr("恢复默认列"), self.reset_columns)
        return menu

    def set_column_visible(self, column: int, visible: bool) -> None:
        header = self.table.horizontalHeader()
        header.setSectionHidden(column, not visible)
        if visible and header.sectionSize(column) < em(self, 2):
            header.resizeSection(column, em(self, ProjectTableModel.COLUMNS[column].width_chars))

    def visible_columns(self) -> list[int]:
        header = self.table.horizontalHeader()
        return [
            header.logicalIndex(v) for v in range(header.count()) if not header.isSectionHidden(header.logicalIndex(v))
        ]

    def reset_columns(self) -> None:
        header = self.table.horizontalHeader()
        for logical, col in enumerate(ProjectTableModel.COLUMNS):
            visual = header.visualIndex(logical)
            if visual != logical:
                header.moveSection(visual, logical)
            header.setSectionHidden(logical, not col.visible)
            title = self.model.headerData(logical, Qt.Orientation.Horizontal)
            text_w = self.table.fontMetrics().horizontalAdvance(title) + em(self, 2)  # room for the sort arrow
            header.resizeSection(logical, max(em(self, col.width_chars) + em(self, 1), text_w))

    # ------------------------------------------------------------------ persistence
    def save_state(self, ui: UiState) -> None:
        ui.save_header("portfolio", self.table.horizontalHeader(), ProjectTableModel.LAYOUT_VERSION)
        ui.save_splitter("portfolio", self.splitter)

    def restore_state(self, ui: UiState) -> None:
        ui.restore_header("portfolio", self.table.horizontalHeader(), ProjectTableModel.LAYOUT_VERSION)
        ui.restore_splitter("portfolio", self.splitter)
        header = self.table.horizontalHeader()
        header.setSectionHidden(ProjectTableModel.NAME, False)
