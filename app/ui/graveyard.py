"""A replaced portfolio freed a piece at a time on the GUI thread, once nothing else refers to it.

Why: the rows of a load (100,000 PortfolioRow objects and their texts, amounts and dates, about a million
objects) are freed by reference counting when the last list holding them goes, in one cascade of deallocations
that holds the interpreter for 0.1-0.2 s. That happened on the GUI thread, wherever the last reference went (the
table installing the next load, the dashboard taking it): the window froze for that long after every reload
(bench "GUI thread: longest pause", 142-174 ms at 100,000 projects).

So the table hands what it replaces to `bury()`. A timer on the GUI thread (between events) waits until the
graveyard holds the only reference to a buried container (other views may still show the old rows until the
new load reaches them), then empties it PIECE items at a time, for at most BUDGET_S per tick.
An object that is not a container (a table's columns) is taken apart into its containers.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from app.core.in_turns import PIECE

TICK_MS = 10
WAITING_MS = 250  # while everything buried is still referred to elsewhere
BUDGET_S = 0.008  # per tick: a 100,000-project load is freed in about 25 ticks
# What sys.getrefcount says of an object that only the call's argument refers to (1 on CPython 3.11; later
# versions may count no reference for the argument): one more means the graveyard's list alone holds it.
_ARGUMENT_ONLY = sys.getrefcount(object())


class Graveyard(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Any] = []  # each thing once: a second slot would look like another holder
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def bury(self, *items: Any) -> None:
        self._add(items)
        if self._items:
            self._timer.start(TICK_MS)

    def holds(self, ident: int) -> bool:
        """Whether the thing with this id() is buried and not freed yet."""
        return any(id(item) == ident for item in self._items)

    def _add(self, items: Iterable[Any]) -> None:
        held = {id(item) for item in self._items}
        for item in items:
            if item is not None and id(item) not in held:
                held.add(id(item))
                self._items.append(item)

    def _tick(self) -> None:
        """Free pieces of what nothing else refers to any more, for about BUDGET_S of the GUI thread's time."""
        deadline = time.perf_counter() + BUDGET_S
        freed = False
        while time.perf_counter() < deadline and self._free_one_piece():
            freed = True
        if not self._items:
            self._timer.stop()
        else:  # while all of it is still referred to elsewhere, look again now and then, not 100 times a second
            self._timer.setInterval(TICK_MS if freed else WAITING_MS)

    def _free_one_piece(self) -> bool:
        """One piece of the first buried thing nothing else refers to; False when there is none."""
        items = self._items
        index = 0
        while index < len(items):
            if sys.getrefcount(items[index]) > _ARGUMENT_ONLY + 1:  # still shown or used elsewhere
                index += 1
                continue
            item = items[index]
            if isinstance(item, list) and item:
                del item[-PIECE:]
                return True
            if isinstance(item, dict) and item:
                pop = item.popitem
                for _ in range(min(PIECE, len(item))):
                    pop()
                return True
            del items[index]
            if _takes_apart(item):  # one of the program's objects holding containers: buried in its place
                parts = vars(item)
                self._add([part for part in parts.values() if isinstance(part, (list, dict)) or _takes_apart(part)])
                parts.clear()
            del item
            return True
        return False


def _takes_apart(item: Any) -> bool:
    """Whether `item` is one of the program's own objects (a table's columns, their masks), whose containers are
    freed one by one; anything else (a module, a numpy array) is only let go."""
    return type(item).__module__.startswith("app.") and hasattr(item, "__dict__")


def graveyard() -> Graveyard:
    """The application's graveyard (made on first use, on the GUI thread, owned by the QCoreApplication)."""
    app = QCoreApplication.instance()
    existing = app.findChild(Graveyard) if app is not None else None
    return existing if existing is not None else Graveyard(app)


def bury(*items: Any) -> None:
    """Free `items` (containers, or objects holding containers) a piece at a time once nothing else refers to
    them, instead of at once wherever the last reference goes."""
    graveyard().bury(*items)
