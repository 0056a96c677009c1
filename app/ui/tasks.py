"""Running long work off the GUI thread, with progress and cancellation.

Every slow operation in the UI (loading a large portfolio, exports, reports, imports) goes through
run_in_background(). The worker function receives a TaskContext; it must not touch widgets.

Why a Python thread pool and a polling timer instead of QRunnable + signals: the worker must never hold the
last reference to anything with Qt connections. When a QObject (or a Python slot connected to one) is
released on the worker thread, PySide tears the connection down under Qt's connection lock while waiting for
the GIL, and the GUI thread, holding the GIL while closing the progress dialog, waits for that same lock: a
deadlock seen in practice. Here the worker only touches plain Python objects (a queue and an Event); every Qt
object is created, used and released on the GUI thread.
"""

from __future__ import annotations

import queue
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

POLL_MS = 30
GUI_SWITCH_INTERVAL_S = 0.001  # see favour_the_gui_thread
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="background-task")
_live: set[QTimer] = set()  # running tasks' timers, released on the GUI thread when a task ends


def favour_the_gui_thread() -> None:
    """Make a worker thread running Python hand the interpreter lock over within 1 ms instead of 5.

    While a worker runs Python, the GUI thread waits for the lock at every Python step of an event: a slot, a
    model's data(), and PySide's check for a Python override of each virtual method it calls on our widget
    classes. A thread waiting for the lock gets it only after the switch interval (5 ms by default), and a
    paint or a shown dialog makes dozens of such steps: the window stalled for 60-140 ms at a time during a
    10,000-project load (bench "GUI thread's longest pause"). The worker pays a little more switching."""
    import sys

    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)


class Cancelled(Exception):
    """Raised by TaskContext.check() when the user pressed 取消."""


class TaskContext:
    """What the worker sees: progress reporting and the cancel flag. Plain Python, safe on any thread."""

    def __init__(self) -> None:
        self._events: queue.SimpleQueue[tuple[int, int, str]] = queue.SimpleQueue()
        self._cancel = threading.Event()

    def report(self, done: int, total: int, message: str = "") -> None:
        self._events.put((int(done), int(total), message))

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def cancel(self) -> None:
        self._cancel.set()

    def _drain(self) -> tuple[int, int, str] | None:
        latest = None
        while True:
            try:
                latest = self._events.get_nowait()
            except queue.Empty:
                return latest


def _call(fn: Callable[[TaskContext], Any], ctx: TaskContext) -> tuple[str, Any, str]:
    try:
        result = fn(ctx)
    except Cancelled:
        return "cancelled", None, ""
    except BaseException as exc:
        return "error", exc, traceback.format_exc()
    return ("cancelled", None, "") if ctx.cancelled else ("ok", result, "")


def run_in_background(
    parent: QWidget | None,
    title: str,
    fn: Callable[[TaskContext], Any],
    on_success: Callable[[Any], object],
    on_error: Callable[[BaseException, str], object] | None = None,
    *,
    on_cancel: Callable[[], object] | None = None,
    cancellable: bool = True,
    show_progress: bool = True,
) -> TaskContext:
    """Run fn(context) on a worker thread; on_success / on_error / on_cancel run on the GUI thread afterwards.
    Callbacks are skipped if `parent` was destroyed meanwhile (the window that asked is gone)."""
    ctx = TaskContext()
    dialog: QProgressDialog | None = None
    if show_progress:
        # A None cancel text (a null QString) means no cancel button, as in Qt's C++ API; the stub only says str.
        dialog = QProgressDialog(
            title,
            QCoreApplication.translate("tasks", "取消") if cancellable else None,  # type: ignore[arg-type]
            0,
            0,
            parent,
        )
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)  # quick tasks finish before a dialog flickers up
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if cancellable:
            dialog.canceled.connect(ctx.cancel)

    future: Future[tuple[str, Any, str]] = _executor.submit(_call, fn, ctx)
    timer = QTimer()
    timer.setInterval(POLL_MS)

    def poll() -> None:
        event = ctx._drain()
        if event is not None and dialog is not None and shiboken6.isValid(dialog):
            done, total, message = event
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)
            if message:
                dialog.setLabelText(message)
        if not future.done():
            return
        timer.stop()
        _live.discard(timer)
        timer.deleteLater()
        if dialog is not None and shiboken6.isValid(dialog):  # a dialog dies with its parent window
            if cancellable:
                dialog.canceled.disconnect(ctx.cancel)
            dialog.close()
            dialog.deleteLater()
        if parent is not None and not shiboken6.isValid(parent):
            return
        outcome, value, tb = future.result()
        if outcome == "ok":
            on_success(value)
        elif outcome == "cancelled":
            if on_cancel is not None:
                on_cancel()
        elif on_error is not None:
            on_error(value, tb)
        else:
            raise value

    timer.timeout.connect(poll)
    _live.add(timer)
    timer.start()
    return ctx


def wait_for_all(timeout_s: float = 30.0) -> bool:
    """Block (processing events) until every background task has delivered its result. For shutdown and tests."""
    import time

    app = QCoreApplication.instance()
    deadline = time.monotonic() + timeout_s
    while _live and time.monotonic() < deadline:
        if app is not None:
            app.processEvents()
        time.sleep(0.005)
    return not _live


def wait_serving_events(fn: Callable[[], Any], poll_ms: int = 10) -> Any:
    """fn() on a worker thread while the GUI thread goes on serving events (painting, moving the window, 退出);
    returns its result or raises its exception, here. For a sequence that must stay in order but whose steps are
    slow (opening the database at start-up: importing the database layer, checking and backing up the file).

    The worker must not create or touch Qt objects. If the application is asked to quit meanwhile, the local
    event loop ends with it and this waits for fn without serving events (the window is gone by then)."""
    future: Future[Any] = _executor.submit(fn)
    if not future.done():
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(poll_ms)
        timer.timeout.connect(lambda: loop.quit() if future.done() else None)
        timer.start()
        loop.exec()
        timer.stop()
        timer.timeout.disconnect()
    return future.result()
