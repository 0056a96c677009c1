"""Python's cyclic garbage collector, run only on the GUI thread and only between events.

Why: CPython starts a collection wherever an allocation crosses the threshold: on a background loading
thread, or in the middle of a table's paint when the model's ``data()`` allocates. If that collection
finalises the last reference to a Qt wrapper (a closed dialog, a replaced model), the C++ object is deleted
from the wrong thread or while Qt is still using it, and the process dies with a segmentation fault. The
test suite hit exactly that (a dialog closed in one test, the portfolio of the next test painting; 4 crashes
in 6 runs), and the application runs the same code on the officer's desktop.

So the automatic collector is switched off and a timer on the GUI thread runs the collector with the same
generation thresholds, at a moment when no event is being handled. Objects without reference cycles are
still freed at once by reference counting; only cyclic garbage waits up to one timer interval. This is the
well-known Qt-for-Python recipe (Erik Janssens; also used by Spyder and OpenCue).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from app.core import bulk_build

INTERVAL_MS = 1000


class GuiThreadGarbageCollector(QObject):
    """Owns the collector while it lives: automatic collection off, a GUI-thread timer doing it instead."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()
        self.destroyed.connect(_restore_automatic if self._was_enabled else _keep_disabled)

    def collect_due(self) -> int:
        """Collect the generations whose count passed their threshold, as the automatic collector would have;
        returns how many unreachable objects were found."""
        if bulk_build.in_progress():  # its objects are long-lived and acyclic, and frozen when it ends
            return 0
        count0, count1, count2 = gc.get_count()
        threshold0, threshold1, threshold2 = self._thresholds
        if count0 <= threshold0:
            return 0
        generation = 0
        if count1 > threshold1:
            generation = 2 if count2 > threshold2 else 1
        return gc.collect(generation)

    def stop(self) -> None:
        """Give collection back to CPython (used when the application is shutting down)."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()


def collect_before_bulk_load() -> int:
    """Collect the young generations right before a bulk load that will end frozen (bulk_build.bulk_objects), on
    the GUI thread; returns how many unreachable objects were found.

    Why: the load's ``gc.freeze()`` also freezes whatever cyclic garbage is waiting for the collector at that
    moment, and a frozen cycle is never freed. The reload after every saved edit found the save's garbage there
    (SQLAlchemy's statements of the write and of the project's relationships, a few hundred objects a save), kept
    for the rest of the session. That garbage was made since this timer's last pass, so it is young: the young
    generations are collected (about 1 ms), not all of them (3-12 ms). Only once something has been frozen:
    before that, the first freeze takes the start-up's garbage, once."""
    if not bulk_build.has_frozen() or bulk_build.in_progress():
        return 0
    return gc.collect(1)


def _restore_automatic() -> None:
    gc.enable()


def _keep_disabled() -> None:
    """The collector was already off before this object took it over: leave it as it was."""


def install(parent: QObject) -> GuiThreadGarbageCollector:
    """Switch the automatic collector off for as long as ``parent`` (the QApplication) lives; installing twice
    on the same application keeps the first."""
    existing = parent.findChild(GuiThreadGarbageCollector)
    return existing if existing is not None else GuiThreadGarbageCollector(parent)
