"""Building many long-lived, acyclic objects at once (a portfolio's rows, every project's status, the timeline's
lines) without the cyclic garbage collector scanning them again and again.

Imports nothing but the standard library: the GUI-thread collector (app/ui/garbage_collector.py) asks
`in_progress()` and is installed before the database layer is imported.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# A bulk build that allocated at least this many tracked objects is frozen out of the collector's generations.
FREEZE_AFTER_OBJECTS = 50_000

_lock = threading.Lock()
_active = 0
_froze = False


def freeze() -> None:
    """gc.freeze(), remembered: `has_frozen()` answers without gc.get_freeze_count(), which walks every frozen
    object (25-40 ms at 100,000 projects)."""
    global _froze
    gc.freeze()
    _froze = True


def has_frozen() -> bool:
    """Whether a bulk build or a load was frozen out of the collector's generations in this process."""
    return _froze


def in_progress() -> bool:
    """Whether a bulk build is running (on any thread). The GUI-thread collector then waits: a collection would
    scan every object the build made so far (a million at 100,000 projects: 0.1-0.2 s with the window frozen),
    all of them long-lived and acyclic, and the build moves them out of the collector's way when it ends."""
    return _active > 0


@contextmanager
def bulk_objects() -> Iterator[None]:
    """Build many long-lived, acyclic objects with the cyclic collector paused: its passes would rescan them
    again and again (a quarter of the run time at 100k).

    A pause alone only defers the work: the first collection after it scans every object built meanwhile, at
    once, holding the GIL (~0.5 s at 100,000 projects: a frozen window while a worker thread loads). So after a
    large build everything allocated so far is moved out of the collector's generations (gc.freeze, which
    scans nothing); the objects are still freed by reference counting. Small builds (the 68 seeded projects)
    are left to the collector as usual.

    So what a bulk build makes must hold no reference cycle: a frozen cycle is never freed. One (a table's numpy
    masks pointing back at their columns) kept every earlier load alive, 240 MB a reload at 100,000 projects
    (tests/test_gui_reload_memory.py)."""
    global _active
    with _lock:
        _active += 1
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] >= FREEZE_AFTER_OBJECTS:
            freeze()
        with _lock:
            _active -= 1
        if was_enabled:
            gc.enable()
