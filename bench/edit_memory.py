"""Memory kept by each saved edit in a long session: the main window on a synthetic portfolio, a project opened,
its investment typed over key by key, saved (which reloads the portfolio) and the window closed, again and again.

    QT_QPA_PLATFORM=offscreen python bench/edit_memory.py --size 10000 --saves 20 [--work DIR]

Prints, after each save: the process's resident memory, the same after glibc's malloc_trim(0) has given the free
memory at the top of each heap back (Linux; what is left is held by live allocations or fragmented), how many
memory blocks Python has allocated (sys.getallocatedblocks(): its objects, whatever the allocator keeps), and how
many objects are frozen out of the collector's generations (gc.get_freeze_count(): what a large load's gc.freeze()
took, and only reference counting can free). The trim also lowers what the next save starts from. The summary is
the growth per save after the first two (the first loads fill caches). Not part of `python -m bench` (it measures
memory over a session, not a time against a baseline); BENCHMARKS.md, rounds eleven to thirteen, has its figures.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:  # Linux: resident pages
        return int(statm.read().split()[1]) * 4096 / 2**20


def _trimmed_rss_mb() -> float | None:
    """Resident memory after malloc_trim(0); None where glibc is not the allocator."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        return None
    return _rss_mb()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "datong-bench")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QEventLoop
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.core.workspace import open_workspace
    from app.ui import garbage_collector, tasks
    from app.ui.main_window import MainWindow
    from app.ui.settings import AppSettings, UiState
    from bench import synthetic

    app = QApplication.instance() or QApplication([])
    tasks.favour_the_gui_thread()  # as app.__main__ does
    garbage_collector.install(app)
    copy = args.work / f"edit-memory-{args.size}.sqlite"  # the saves change it: never the shared synthetic file
    shutil.copy(synthetic.ensure_database(args.work, args.size), copy)
    ws = open_workspace(copy, seed=False, user="bench", create=False)
    window = MainWindow(ws, AppSettings(), UiState(), load=False)
    window.show()

    def spin(ms: float) -> None:
        end = time.perf_counter() + ms / 1000
        while time.perf_counter() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    def until_loaded() -> None:
        spin(50)
        while window.is_loading():
            spin(20)
        spin(300)  # the graveyard frees the replaced load meanwhile

    window.refresh()
    until_loaded()
    project_id = window.portfolio.model.all_rows()[5].id
    print(f"{args.size} projects; after the first load: {_rss_mb():.1f} MB, {gc.get_freeze_count()} frozen objects")
    print("save  RSS MB  trimmed MB  Python blocks  frozen objects")
    figures: list[tuple[float, float | None, int, int]] = []
    for save in range(args.saves):
        editor = window.open_project(project_id)
        spin(100)
        field = editor.widget_for("investment_total")  # typed key by key, as a person does
        field.setFocus()
        field.selectAll()
        QTest.keyClicks(field, str(Decimal("1.5") + save))
        del field
        if not editor.save():
            raise SystemExit("the save was refused")
        until_loaded()
        editor.close()
        del editor
        spin(300)
        rss = _rss_mb()
        figures.append((rss, _trimmed_rss_mb(), sys.getallocatedblocks(), gc.get_freeze_count()))
        trimmed = "" if figures[-1][1] is None else f"{figures[-1][1]:.1f}"
        print(f"{save + 1:4d}  {rss:6.1f}  {trimmed:>10}  {figures[-1][2]:13d}  {figures[-1][3]:14d}")
    if len(figures) > 3:
        (rss0, trim0, blocks0, frozen0), (rss1, trim1, blocks1, frozen1) = figures[1], figures[-1]
        saves = len(figures) - 2
        trim = "" if trim0 is None or trim1 is None else f" ({(trim1 - trim0) / saves:+.2f} MB trimmed)"
        print(
            f"per save after the second: {(rss1 - rss0) / saves:+.2f} MB{trim}, "
            f"{(blocks1 - blocks0) / saves:+.0f} Python blocks, {(frozen1 - frozen0) / saves:+.0f} frozen objects"
        )
    window.close()
    ws.close()
    copy.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
