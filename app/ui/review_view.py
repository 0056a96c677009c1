"""The review queue: data-quality findings from the seed (and imports), resolved with a note or left open."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import portfolio, project_service
from app.core.changes import Changes
from app.core.projects import ValidationError
from app.core.records import ReviewItem
from app.core.workspace import Workspace
from app.ui.change_bus import ChangeBus
from app.ui.list_models import ReviewTableModel
from app.ui.models import OBJECT_ROLE, SORT_ROLE
from app.ui.settings import UiState
from app.ui.user_errors import write_error_text
from app.ui.widgets import ErrorLabel, em, line_height

# beginFilterChange()/endFilterChange() arrived in Qt 6.9; older versions only have invalidateFilter().
_HAS_FILTER_CHANGE = hasattr(QSortFilterProxyModel, "beginFilterChange")


class ReviewFilterProxy(QSortFilterProxyModel):
    def __init__(self, source: ReviewTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.state: str | None = "open"
        self.text = ""
        self.setSortRole(SORT_ROLE)
        self.setSourceModel(source)

    def set_state(self, state: str | None) -> None:
        self._begin_filter_change()
        self.state = state
        self._end_filter_change()

    def set_text(self, text: str) -> None:
        self._begin_filter_change()
        self.text = portfolio.normalize_text(text.strip())
        self._end_filter_change()

    def _begin_filter_change(self) -> None:
        if _HAS_FILTER_CHANGE:
            self.beginFilterChange()

    def _end_filter_change(self) -> None:
        if _HAS_FILTER_CHANGE:
            self.endFilterChange()
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        item = self.source.item_at(source_row)
        if item is None:
            return False
        if self.state and item.state != self.state:
            return False
        if self.text:
            hay = portfolio.normalize_text(
                " ".join(
                    text or ""
                    for text in (item.subject, item.subject_name, item.message, item.resolution_note, item.field)
                )
            )
            return self.text in hay
        return True


class ReviewQueueView(QWidget):
    """The findings; resolving one announces a reference-data change (counts in the portfolio and dashboard)."""

    openProject = Signal(str)

    def __init__(self, ws: Workspace, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.bus = bus
        self.model = ReviewTableModel(self)
        self.proxy = ReviewFilterProxy(self.model, self)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(em(self, 0.4), em(self, 0.4), em(self, 0.4), em(self, 0.4))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("显示")))
        self.state_combo = QComboBox()
        self.state_combo.addItem(self.tr("待处理"), "open")
        self.state_combo.addItem(self.tr("已处理"), "resolved")
        self.state_combo.addItem(self.tr("全部"), "")
        self.state_combo.currentIndexChanged.connect(self._state_changed)
        bar.addWidget(self.state_combo)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索编号、名称、问题说明…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._text_changed)
        bar.addWidget(self.search, 1)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        lay.addLayout(bar)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ReviewTableModel.SUBJECT, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(line_height(self, 1.6))
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        widths = (6, 14, 7, 3, 36, 4, 14, 5, 9)
        for col, w in enumerate(widths):
            header.resizeSection(col, em(self, w))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.splitter.addWidget(self.table)

        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, em(self, 0.4), 0, 0)
        self.detail_title = QLabel()
        self.detail_title.setWordWrap(True)
        font = self.detail_title.font()
        font.setBold(True)
        self.detail_title.setFont(font)
        self.detail_message = QLabel()
        self.detail_message.setWordWrap(True)
        self.detail_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dl.addWidget(self.detail_title)
        dl.addWidget(self.detail_message)
        dl.addWidget(QLabel(self.tr("处理说明（标记为已处理时必填）")))
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("例如：已与县区核实，原表数值正确"))
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(line_height(self, 3))
        dl.addWidget(self.note, 1)
        self.note_error = ErrorLabel()
        dl.addWidget(self.note_error)
        buttons = QHBoxLayout()
        self.resolve_button = QPushButton(self.tr("标记为已处理"))
        self.resolve_button.clicked.connect(self.resolve_current)
        self.reopen_button = QPushButton(self.tr("重新打开"))
        self.reopen_button.clicked.connect(self.reopen_current)
        self.open_button = QPushButton(self.tr("打开项目"))
        self.open_button.clicked.connect(lambda: self._double_clicked(self.table.currentIndex()))
        buttons.addWidget(self.resolve_button)
        buttons.addWidget(self.reopen_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        dl.addLayout(buttons)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([line_height(self, 24), line_height(self, 9)])
        lay.addWidget(self.splitter, 1)
        self.reload()
        bus.changed.connect(self.on_changes)

    # ------------------------------------------------------------------ data
    def on_changes(self, changes: Changes) -> None:
        if changes.any("reference", "projects"):  # an import or an edit can raise or settle findings
            self.reload()

    def reload(self) -> None:
        current = self.current_item()
        self.model.set_items(project_service.review_queue(self.ws))
        self._update_count()
        if current:
            self.select_flag(current.id)
        self._show_current()

    def _update_count(self) -> None:
        items = [self.model.item_at(i) for i in range(self.model.rowCount())]
        open_n = sum(1 for i in items if i.is_open)
        self.count_label.setText(
            self.tr("待处理 %1 条，已处理 %2 条").replace("%1", str(open_n)).replace("%2", str(len(items) - open_n))
        )

    def open_count(self) -> int:
        return sum(1 for i in range(self.model.rowCount()) if self.model.item_at(i).is_open)

    def set_state_filter(self, state: str | None) -> None:
        index = self.state_combo.findData(state or "")
        self.state_combo.setCurrentIndex(index)

    def _state_changed(self, _index: int) -> None:
        self.proxy.set_state(self.state_combo.currentData() or None)
        self._ensure_current()

    def _text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._ensure_current()

    def _ensure_current(self) -> None:
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._show_current()

    def current_item(self) -> ReviewItem | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        item: ReviewItem | None = self.proxy.data(index, OBJECT_ROLE)
        return item

    def select_flag(self, flag_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, OBJECT_ROLE).id == flag_id:
                self.table.setCurrentIndex(index)
                return True
        return False

    def _show_current(self) -> None:
        item = self.current_item()
        self.note_error.show_error(None)
        writable = item is not None and not self.ws.read_only
        for w in (self.resolve_button, self.reopen_button, self.note):
            w.setEnabled(writable)
        self.open_button.setEnabled(bool(item is not None and item.project_id))
        if item is None:
            self.detail_title.setText(self.tr("选择一条核查事项查看详情"))
            self.detail_message.clear()
            self.note.clear()
            return
        self.detail_title.setText(f"{item.subject}  {item.subject_name or ''}")
        state = self.tr("待处理") if item.state == "open" else self.tr("已处理")
        state_label = self.tr("状态")  # outside the f-string: lupdate does not look inside f-strings
        text = f"{item.message}\n\n{state_label}：{state}"
        if item.resolved_by:
            text += f"（{item.resolved_by}）"
        self.detail_message.setText(text)
        self.note.setPlainText(item.resolution_note or "")
        self.resolve_button.setText(self.tr("更新处理说明") if item.state == "resolved" else self.tr("标记为已处理"))
        self.reopen_button.setEnabled(writable and item.state == "resolved")
        if self.ws.read_only:
            self.note_error.show_error(self.ws.read_only_reason)

    # ------------------------------------------------------------------ actions
    def _apply(self, resolved: bool) -> bool:
        item = self.current_item()
        if item is None:
            return False
        try:
            project_service.set_flag_state(self.ws, item.id, resolved=resolved, note=self.note.toPlainText())
        except ValidationError as exc:
            self.note_error.show_error("；".join(exc.errors.values()))
            self.note.setFocus()
            return False
        except Exception as exc:
            message = write_error_text(exc)
            if message is None:
                raise
            QMessageBox.warning(self, self.tr("未保存"), message)
            return False
        flag_id = item.id
        project_ids = frozenset({item.project_id}) if item.project_id else frozenset()
        self.bus.announce(Changes(reference=True, project_ids=project_ids))  # reloads this view too
        if not self.select_flag(flag_id) and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        return True

    def resolve_current(self) -> bool:
        return self._apply(True)

    def reopen_current(self) -> bool:
        return self._apply(False)

    def _double_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        item = self.proxy.data(index, OBJECT_ROLE)
        if item and item.project_id:
            self.openProject.emit(item.project_id)
        elif item:
            QMessageBox.information(
                self,
                self.tr("规划指标"),
                self.tr("这条核查事项属于规划指标（%1），请在“规划指标”页查看。").replace("%1", item.subject),
            )

    # ------------------------------------------------------------------ persistence
    def save_state(self, ui: UiState) -> None:
        ui.save_header("review", self.table.horizontalHeader(), "review-v1-9")
        ui.save_splitter("review", self.splitter)

    def restore_state(self, ui: UiState) -> None:
        ui.restore_header("review", self.table.horizontalHeader(), "review-v1-9")
        ui.restore_splitter("review", self.splitter)
