"""The parts of the main window that need no database: its size on the screen, what it shows while the
database opens, and which menu entries wait for the database.

app.__main__ shows the main window in its opening state before the database layer is imported (SQLAlchemy,
the ORM and the models take longer to import than Qt takes to show a window); app.ui.main_window then builds
the views of the open workspace into that same window. Nothing here imports the database layer.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QMenuBar

DEFAULT_SIZE = QSize(1280, 800)  # on a large screen; smaller screens get what fits
TITLE_BAR_ALLOWANCE = 40  # the window manager's title bar is outside the geometry Qt sets
SCREEN_MARGIN = 16


def default_geometry(available: QRect) -> QRect:
    """A window that fits the screen's free area (a 1366×768 laptop included), centred in it."""
    width = min(DEFAULT_SIZE.width(), available.width() - 2 * SCREEN_MARGIN)
    height = min(DEFAULT_SIZE.height(), available.height() - TITLE_BAR_ALLOWANCE - 2 * SCREEN_MARGIN)
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    rect.moveTop(max(rect.top(), available.top() + TITLE_BAR_ALLOWANCE))
    return rect


def opening_placeholder(text: str) -> QLabel:
    """The central area while the database opens: where the views will be, nothing to click yet."""
    placeholder = QLabel(text)
    placeholder.setObjectName("openingPlaceholder")
    placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
    placeholder.setEnabled(False)  # drawn greyed, as the menu entries that wait for the database are
    return placeholder


def entries_needing_a_workspace(menu_bar: QMenuBar, usable_without: set[QAction]) -> list[QAction]:
    """Every entry of the menu bar's menus (submenus included, as one entry) except `usable_without`; the
    entries of a submenu in `usable_without` are not looked into."""
    found: list[QAction] = []
    for top in menu_bar.actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        for action in menu.actions():
            if not action.isSeparator() and action not in usable_without:
                found.append(action)
    return found
