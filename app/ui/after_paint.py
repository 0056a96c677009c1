"""Run something once a widget has painted: for the first time (start-up work the first window does not need),
or next (the second step of a load, after the rows it was given are on screen).

Why: a worker thread started while a large table paints its new rows shares the interpreter with that paint.
Qt calls the model's ``data()`` through Python for every role of every visible cell, and each call has to take
the interpreter lock back from the worker (up to ``sys.getswitchinterval()`` each). At 100,000 projects the rows'
first paint went from about 40 ms to over 100 ms when the second step of the load started beside it. Waiting
for the paint costs the worker a few milliseconds and keeps the window's first look of the rows in one piece.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# A window that is covered or minimised may not paint at all: the follow-up then runs after this long anyway.
PAINT_TIMEOUT_MS = 250


class _AfterPaint(QObject):
    """Runs `then` once, in the turn after `widget`'s next paint (or after `timeout_ms`, when given)."""

    def __init__(self, widget: QWidget, then: Callable[[], object], timeout_ms: int | None) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then: Callable[[], object] | None = then
        widget.installEventFilter(self)
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.timeout.connect(self._run)
        if timeout_ms is not None:
            self._timeout.start(timeout_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            # After this paint has been delivered, not inside it.
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is None:
            return
        self._timeout.stop()
        self._widget.removeEventFilter(self)
        self.deleteLater()
        then()


def after_first_paint(widget: QWidget, action: Callable[[], object]) -> None:
    """Run `action` on the GUI thread once `widget` is on screen: what is not needed to show the main window
    (the first-run welcome, warming caches) must not delay it. Never, if the widget is never shown."""
    _AfterPaint(widget, action, None)


def after_next_paint(widget: QWidget, then: Callable[[], object], timeout_ms: int = PAINT_TIMEOUT_MS) -> None:
    """Call `then` once `widget` has painted next (in the following turn of the event loop), or in the next turn
    if it is not on screen, or after `timeout_ms` if no paint comes. Called once; never if `widget` is deleted
    first."""
    if not widget.isVisible():
        QTimer.singleShot(0, widget, then)
        return
    _AfterPaint(widget, then, timeout_ms)
