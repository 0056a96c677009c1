"""The application's garbage-collection policy (app/ui/garbage_collector.py): cyclic garbage is collected on the
GUI thread when the event loop runs, never by the automatic collector on whichever thread allocates."""

from __future__ import annotations

import gc
import threading


class _Cycle:
    """A reference cycle whose finaliser records the thread that collected it."""

    collected_on: list[str] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.collected_on.append(threading.current_thread().name)


def test_the_application_turns_automatic_collection_off(qapp):
    from app.ui import garbage_collector

    collector = garbage_collector.install(qapp)
    assert not gc.isenabled()
    assert garbage_collector.install(qapp) is collector  # one per application


def test_cycles_made_on_a_worker_are_collected_on_the_gui_thread(qtbot, qapp):
    from app.ui.garbage_collector import GuiThreadGarbageCollector

    gc.collect()
    _Cycle.collected_on.clear()
    collector = GuiThreadGarbageCollector(qapp, interval_ms=20)
    try:

        def make_garbage() -> None:
            for _ in range(5 * gc.get_threshold()[0]):  # well past the automatic collector's threshold
                _Cycle()

        worker = threading.Thread(target=make_garbage, name="loader")
        worker.start()
        worker.join()
        assert _Cycle.collected_on == []  # the worker's allocations started no collection

        qtbot.waitUntil(lambda: len(_Cycle.collected_on) > 0, timeout=5000)
        assert set(_Cycle.collected_on) == {threading.main_thread().name}
    finally:
        collector.stop()
        collector.deleteLater()
    assert not gc.isenabled()  # the application's collector (installed on qapp) still owns collection


def test_the_program_hands_collection_to_the_gui_thread_at_start(db_path, tmp_path):
    """`python -m app` installs the policy itself (not only the tests' qapp fixture): checked in a fresh process
    as soon as the program's event loop first runs."""
    import os
    import subprocess
    import sys

    script = tmp_path / "probe.py"
    script.write_text(
        "import gc, os, sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([sys.argv[0]])\n"
        "def report():\n"
        "    from app.ui.garbage_collector import GuiThreadGarbageCollector\n"
        "    installed = app.findChild(GuiThreadGarbageCollector) is not None\n"
        "    print(f'automatic={gc.isenabled()} installed={installed}', flush=True)\n"
        "    os._exit(0)\n"
        "QTimer.singleShot(0, report)\n"
        "from app.__main__ import main\n"
        "main(['--db', sys.argv[1]])\n",
        encoding="utf-8",
    )
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=repo)
    proc = subprocess.run(
        [sys.executable, str(script), str(db_path)], capture_output=True, text=True, env=env, cwd=repo, timeout=120
    )
    assert proc.stdout.strip() == "automatic=False installed=True", proc.stderr
