"""Tab pages whose views are built after the window has painted, one per turn of the event loop.

Why: the main window's five views, built in one go when the database had opened, held the GUI thread for
90-130 ms at 10,000 projects (bench "GUI thread's longest pause from the first paint to the portfolio loaded"),
and only the first tab is on screen then. The others are built afterwards, each in its own turn (5-25 ms),
so the window answers between them.

Nothing ever sees a view missing: showing a page builds its view at once, and so does asking for it
(`view(key)`), which is how the main window's `dashboard`, `review`... attributes read.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget


class DeferredTabs(QObject):
    """The pages of one QTabWidget, by key. Owned by the tab widget; deleting it cancels the builds not run."""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self._pages: dict[str, QWidget] = {}  # key -> the widget in the tab (the view, or the page that will hold it)
        self._views: dict[str, QWidget] = {}
        self._builders: dict[str, Callable[[], QWidget]] = {}
        self._then: Callable[[], object] | None = None
        tabs.currentChanged.connect(self._page_shown)

    def add(self, key: str, title: str, view: QWidget) -> None:
        """A page whose view exists already."""
        self._pages[key] = self._views[key] = view
        self.tabs.addTab(view, title)

    def add_deferred(self, key: str, title: str, build: Callable[[], QWidget]) -> None:
        """A page whose view `build` makes when it is first shown, asked for, or its turn comes (build_rest)."""
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self._pages[key] = page
        self._builders[key] = build
        self.tabs.addTab(page, title)

    def view(self, key: str) -> QWidget:
        """The page's view, built now if it was not yet."""
        view = self._views.get(key)
        if view is None:
            view = self._builders[key]()  # (one that raises stays to build: asked again, it raises again)
            del self._builders[key]
            self._views[key] = view
            layout = self._pages[key].layout()
            assert layout is not None
            layout.addWidget(view)
            view.show()  # now, on a page on screen (a layout would show it only in the next turn)
        return view

    def built(self, key: str) -> QWidget | None:
        return self._views.get(key)

    def pending(self) -> list[str]:
        return list(self._builders)

    def build_rest(self, then: Callable[[], object] | None = None) -> None:
        """Build the views not built yet, one per turn of the event loop, then call `then`."""
        self._then = then
        QTimer.singleShot(0, self, self._build_next)

    def _build_next(self) -> None:
        if self._builders:
            self.view(next(iter(self._builders)))
        if self._builders:
            QTimer.singleShot(0, self, self._build_next)
            return
        then, self._then = self._then, None
        if then is not None:
            then()

    def _page_shown(self, index: int) -> None:
        page = self.tabs.widget(index)
        for key, widget in self._pages.items():
            if widget is page and key in self._builders:
                self.view(key)
