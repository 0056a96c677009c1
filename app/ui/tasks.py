"""Running long work off the GUI thread, with progress and cancellation.

Every slow operation in the UI (loading a large portfolio, exports, reports, imports) goes through
run_in_background(). The worker function receives a TaskContext; it must not touch widgets.
"""

from __future__ import annotations

import traceback
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


class Cancelled(Exception):
    """Raised by TaskContext.check() when the user pressed 取消."""


class TaskContext:
    def __init__(self, signals: "_Signals"):
        self._signals = signals
        self._cancelled = False

    def report(self, done: int, total: int, message: str = "") -> None:
        self._signals.progress.emit(int(done), int(total), message)

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def check(self) -> None:
        if self._cancelled:
            raise Cancelled()

    def cancel(self) -> None:
        self._cancelled = True


class _Signals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[TaskContext], Any], signals: _Signals, context: TaskContext):
        super().__init__()
        self.fn, self.signals, self.context = fn, signals, context
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(self.context)
        except Cancelled:
            self.signals.cancelled.emit()
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI thread, never swallowed
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            if self.context.cancelled:
                self.signals.cancelled.emit()
            else:
                self.signals.succeeded.emit(result)


_live: set[_Signals] = set()  # keep signal objects alive until their task finishes


def run_in_background(
    parent: QWidget | None,
    title: str,
    fn: Callable[[TaskContext], Any],
    on_success: Callable[[Any], None],
    on_error: Callable[[BaseException, str], None] | None = None,
    *,
    cancellable: bool = True,
    show_progress: bool = True,
    pool: QThreadPool | None = None,
) -> TaskContext:
    """Run fn(context) on a worker thread; on_success/on_error run on the GUI thread afterwards."""
    signals = _Signals()
    context = TaskContext(signals)
    dialog: QProgressDialog | None = None
    if show_progress:
        cancel_text = QCoreApplication.translate("TaskRunner", "取消")
        dialog = QProgressDialog(title, cancel_text if cancellable else None, 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)  # quick tasks finish before a dialog flickers up
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if cancellable:
            dialog.canceled.connect(context.cancel)

    def _progress(done: int, total: int, message: str) -> None:
        if dialog is not None:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)
            if message:
                dialog.setLabelText(message)

    def _finish() -> None:
        _live.discard(signals)
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()

    def _ok(result: Any) -> None:
        _finish()
        on_success(result)

    def _fail(exc: BaseException, tb: str) -> None:
        _finish()
        if on_error is not None:
            on_error(exc, tb)
        else:
            raise exc

    signals.progress.connect(_progress)
    signals.succeeded.connect(_ok)
    signals.failed.connect(_fail)
    signals.cancelled.connect(_finish)
    _live.add(signals)
    (pool or QThreadPool.globalInstance()).start(_Runnable(fn, signals, context))
    return context
