"""The background task runner: results, errors, cancellation and progress arrive on the GUI thread, and many
tasks with progress dialogs in a row never deadlock."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtWidgets import QWidget

from app.ui.tasks import Cancelled, run_in_background, wait_for_all


@pytest.fixture
def parent(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    return w


def test_success_runs_on_worker_and_delivers_on_gui_thread(qtbot, parent):
    seen = {}

    def work(ctx):
        seen["worker"] = threading.current_thread()
        ctx.report(1, 2, "一半")
        return 42

    def done(value):
        seen["value"] = value
        seen["gui"] = threading.current_thread()

    run_in_background(parent, "测试", work, done)
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen["value"] == 42
    assert seen["worker"] is not threading.main_thread()
    assert seen["gui"] is threading.main_thread()


def test_errors_reach_on_error_with_traceback(qtbot, parent):
    got = {}

    def work(_ctx):
        raise ValueError("坏数据")

    run_in_background(
        parent, "测试", work, lambda v: got.setdefault("ok", v), lambda exc, tb: got.update(exc=exc, tb=tb)
    )
    qtbot.waitUntil(lambda: "exc" in got, timeout=5000)
    assert isinstance(got["exc"], ValueError) and "坏数据" in got["tb"] and "ok" not in got


def test_cancel_stops_the_worker_and_calls_on_cancel(qtbot, parent):
    got = {}
    started = threading.Event()

    def work(ctx):
        started.set()
        for _ in range(500):
            ctx.check()
            time.sleep(0.01)
        return "finished"

    ctx = run_in_background(
        parent, "测试", work, lambda v: got.setdefault("ok", v), on_cancel=lambda: got.setdefault("cancelled", True)
    )
    assert started.wait(5)
    ctx.cancel()
    qtbot.waitUntil(lambda: "cancelled" in got, timeout=5000)
    assert "ok" not in got
    with pytest.raises(Cancelled):
        ctx.check()


def test_many_tasks_with_progress_dialogs_do_not_deadlock(qtbot, parent):
    results = []

    def work(ctx):
        for i in range(5):
            ctx.report(i, 5, f"{i}")
        return 1

    for _ in range(60):
        run_in_background(parent, "批量", work, results.append)
    assert wait_for_all(30)
    assert results == [1] * 60


def test_callbacks_are_skipped_when_the_parent_is_gone(qtbot):
    w = QWidget()
    got = []
    gate = threading.Event()
    run_in_background(w, "测试", lambda _c: gate.wait(5), got.append)
    w.deleteLater()
    qtbot.wait(50)
    gate.set()
    assert wait_for_all(5)
    assert got == []
