"""A closed window's Python side freed by reference counting, not left to the cyclic collector; a dialog or a menu
made for one use deleted once it has closed.

Why: a window's Python objects refer to each other in cycles (the editor holds its field bindings, each binding
holds the editor; tabs hold their window). The cyclic collector frees such cycles, but not once they are frozen:
every large portfolio load ends with ``gc.freeze()`` (portfolio.keep_loaded, bulk_build.bulk_objects), which
moves every object alive at that moment out of the collector's reach, and saving a project reloads the
portfolio while its window is open. So each saved edit at 5,000 projects or more kept that window's Python
objects for the rest of the session (about 600 objects, 0.6-1 MB a save). Unfreezing and collecting everything
instead costs 70-90 ms at 10,000 projects and 0.3-0.45 s at 100,000, on the GUI thread.

After the window's C++ object is destroyed, the attributes of the window and of every Python object of its
widget tree are cleared: that breaks the cycles, and reference counting frees the rest at once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QPoint, QTimer
from PySide6.QtWidgets import QDialog, QMenu
from shiboken6 import Shiboken


def release_when_closed(dialog: QDialog) -> None:
    """For a dialog that will be deleted once closed (WA_DeleteOnClose, or run_modal): once it is destroyed, clear
    the attributes of its Python objects. The widget tree is listed when the dialog finishes, while its children
    still exist."""
    held: list[Any] = []

    def list_tree(_result: int) -> None:
        held[:] = [dialog, *dialog.findChildren(QObject)]

    def clear_later(_obj: object = None) -> None:
        # After the destructor has returned: clearing may free Python-owned Qt objects, which must not be
        # deleted from inside another object's destructor.
        QTimer.singleShot(0, lambda: _clear(held))

    dialog.finished.connect(list_tree)
    dialog.destroyed.connect(clear_later)


def run_modal(dialog: QDialog) -> int:
    """exec() a dialog made for this one use, then delete it; returns exec()'s result.

    Why: a dialog made with a parent stays that parent's hidden child after it closes, until the parent is
    deleted. Each 导出到 Excel…, 从 Excel 导入…, 季度报送与锁定… and the like opened from the main window's
    menus was kept, whole, for the rest of the session (about 3-4 MB for the export and the import). The caller may
    still read what the dialog recorded right after (its Python attributes): a deferred deletion only happens once
    control is back in the event loop that asked for it, not in a dialog opened meanwhile."""
    release_when_closed(dialog)  # a reload while it is open (an import) freezes its reference cycles
    try:
        return dialog.exec()
    finally:
        dialog.deleteLater()


def run_menu(menu: QMenu, position: QPoint) -> None:
    """exec() a menu made for one right-click, then delete it: like a dialog, a menu with a parent stays its
    hidden child, with the actions and what they refer to (the row that was clicked), as long as the parent."""
    try:
        menu.exec(position)
    finally:
        menu.deleteLater()


def _clear(held: list[Any]) -> None:
    objects = held[:]
    held.clear()
    for obj in objects:
        if Shiboken.isValid(obj):  # moved out of the window before it was destroyed: still in use
            continue
        attributes = getattr(obj, "__dict__", None)
        if attributes:
            attributes.clear()
