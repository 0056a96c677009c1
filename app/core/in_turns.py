"""Large containers sorted and freed in pieces, so that other threads get the interpreter between the pieces.

Why: the interpreter lock passes to a waiting thread only between Python steps (every
``sys.getswitchinterval()``). One C call over 100,000 items never takes such a step: ``sorted()`` of 100,000
strings holds the lock for about 70 ms, and dropping the last reference to a dict of 100,000 statuses frees them
all in one cascade of C calls (0.1-0.2 s). On a loading thread, that is how long the window's GUI thread waits for
the lock: a frozen window. Done in pieces of PIECE items, each hold lasts a few milliseconds.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, MutableMapping, MutableSequence
from typing import Any, TypeVar

T = TypeVar("T")

PIECE = 5_000


def sorted_in_turns(items: Iterable[T], key: Callable[[T], Any]) -> list[T]:
    """sorted(items, key=key): each piece sorted in C, the pieces merged in Python (a stable merge, so equal keys
    keep their order as sorted() does)."""
    listed = list(items)
    if len(listed) <= PIECE:
        return sorted(listed, key=key)
    pieces = [sorted(listed[start : start + PIECE], key=key) for start in range(0, len(listed), PIECE)]
    return list(heapq.merge(*pieces, key=key))


def let_go(*containers: MutableMapping[Any, Any] | MutableSequence[Any]) -> None:
    """Empty each container a piece at a time (the caller drops its last reference to it afterwards): what only
    it referenced is freed piece by piece instead of in one cascade."""
    for container in containers:
        if isinstance(container, MutableMapping):
            pop = container.popitem
            for _ in range(len(container)):
                pop()
        else:
            while container:
                del container[-PIECE:]
