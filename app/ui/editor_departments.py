"""The lead-department box of the project editor: several departments in order, picked from the known list;
adding a department nobody has used before is an explicit step (新建部门…)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core import portfolio, project_service
from app.ui.widgets import ErrorLabel, line_height, user_error_text


class DepartmentListEditor(QWidget):
    """Several lead departments in order: pick from the known list; adding a new department is explicit."""

    changed = Signal()

    def __init__(self, add_department: Callable[[str], str], parent: QWidget | None = None):
        super().__init__(parent)
        self._add_department = add_department
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setFixedHeight(line_height(self, 3.8))
        row.addWidget(self.list, 1)
        side = QVBoxLayout()
        self.up = QToolButton()
        self.up.setText("↑")
        self.up.setToolTip(self.tr("上移"))
        self.down = QToolButton()
        self.down.setText("↓")
        self.down.setToolTip(self.tr("下移"))
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setToolTip(self.tr("移除所选部门"))
        for b in (self.up, self.down, self.remove):
            side.addWidget(b)
        side.addStretch(1)
        row.addLayout(side)
        lay.addLayout(row)
        pick = QHBoxLayout()
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo_edit = self.combo.lineEdit()  # exists: the combo box is editable
        assert self.combo_edit is not None
        self.combo_edit.setPlaceholderText(self.tr("输入或选择部门"))
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        self.add_button = QPushButton(self.tr("添加"))
        self.new_button = QPushButton(self.tr("新建部门…"))
        pick.addWidget(self.combo, 1)
        pick.addWidget(self.add_button)
        pick.addWidget(self.new_button)
        lay.addLayout(pick)
        self.error = ErrorLabel()  # for the pick row ("不是已知部门")
        lay.addWidget(self.error)
        self.add_button.clicked.connect(self._add_picked)
        self.combo_edit.returnPressed.connect(self._add_picked)
        self.new_button.clicked.connect(self._new_department)
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        self.remove.clicked.connect(self._remove)
        self._known: list[str] = []

    def set_known(self, names: list[str]) -> None:
        self._known = list(names)
        text = self.combo.currentText()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItems(self._known)
        self.combo.setCurrentIndex(-1)
        self.combo.setEditText(text)
        self.combo.blockSignals(False)
        completer = QCompleter(self._known, self.combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.combo.setCompleter(completer)

    def value(self) -> tuple[str, ...]:
        return tuple(self.list.item(i).text() for i in range(self.list.count()))

    def set_value(self, names: Iterable[str] | None) -> None:
        self.list.clear()
        self.list.addItems(list(names or ()))

    def add(self, name: str) -> bool:
        name = name.strip()
        if not name:
            return False
        if name not in self._known:
            self.error.show_error(self.tr("“%1”不是已知部门：请从列表中选择，或点“新建部门…”添加").replace("%1", name))
            return False
        self.error.show_error(None)
        if name in self.value():
            return False
        self.list.addItem(name)
        self.combo.setEditText("")
        self.changed.emit()
        return True

    def _add_picked(self) -> None:
        self.add(self.combo.currentText())

    def _new_department(self) -> None:
        name, ok = QInputDialog.getText(
            self,
            self.tr("新建部门"),
            self.tr("新部门的全称（将加入所有项目可选的部门列表）："),
            text=self.combo.currentText().strip(),
        )
        if not ok or not name.strip():
            return
        try:
            created = self._add_department(name.strip())
        except project_service.USER_ERRORS as exc:
            self.error.show_error(user_error_text(exc))
            return
        if created not in self._known:
            self.set_known(sorted(self._known + [created], key=portfolio.collation_key))
        self.add(created)

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.changed.emit()

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()
