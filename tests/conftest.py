"""Shared fixtures. Qt runs offscreen; every test gets its own data folder and database file.

Speed without sharing state: migrating and seeding a database costs seconds, so it happens once per test
session (per xdist worker) into a template file, and each test gets its own copy of that file. The CLI runs
in-process by default (`app.cli.main(argv)`, output and exit code captured as a subprocess would see them);
tests/test_cli_smoke.py keeps real subprocess runs of the installed entry point.
"""

from __future__ import annotations

import gc
import io
import logging
import os
import sqlite3
import sys
import traceback
from contextlib import closing, redirect_stderr, redirect_stdout
from pathlib import Path

# Configuration, not test code: must be set before any Qt import anywhere in the session.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DATONG_USER", "测试员")

import pytest

# Fixtures several test modules share (a fixture defined in a test module takes precedence over these).
pytest_plugins = [
    "tests.fixtures.gui_fixtures",
    "tests.fixtures.office_fixtures",
    "tests.fixtures.pg_fixtures",
    "tests.fixtures.report_fixtures",
]

REPO = Path(__file__).resolve().parent.parent
PLAN_TEXT = REPO.parent / "shared" / "plan" / "datong-14th-fyp-ecology-plan.txt"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist, hand out the soak session (minutes on its own) first: one worker runs it while the
    others share the rest, instead of one worker starting it near the end (test_soak.py sorts late) and the
    whole run waiting on it. A serial run keeps the file order."""
    if hasattr(config, "workerinput"):  # set on xdist workers, whose collection order the scheduler follows
        items.sort(key=lambda item: item.get_closest_marker("soak") is None)  # stable: the rest keep their order


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """Backups and default databases go to a temporary folder, never the real user profile."""
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("DATONG_DATA_DIR", str(data))
    return data


@pytest.fixture(scope="session")
def qapp(qapp):
    """pytest-qt's QApplication with the application's own garbage-collection policy (app/ui/garbage_collector.py):
    the cyclic collector runs on the GUI thread between events, never in the middle of a paint or on a worker."""
    from app.ui import garbage_collector

    garbage_collector.install(qapp)
    return qapp


@pytest.fixture(autouse=True)
def _collect_qt_garbage_between_tests():
    """After each test, delete the widgets it closed and collect its Python garbage, at a quiet moment.

    Why: the application collects only on the GUI thread between events (app/ui/garbage_collector.py, installed
    on `qapp` above), but a test processes events only while it waits, so a test's garbage is collected here
    instead, before the next test builds its windows. Without the GUI-thread policy the automatic collector freed
    one test's Qt wrappers in the middle of a later test's table paint and the process crashed
    (tests/test_gui_submissions.py then tests/test_gui_office.py, PySide6 6.11.3)."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database through the backup API (a plain file copy could miss pages
    still in the write-ahead log)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    """One database created, migrated and seeded exactly as `open_workspace` does for a new file, built
    once per session. Tests never open it: they get copies (`db_path`)."""
    from app.core.workspace import open_workspace

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATONG_DATA_DIR", str(tmp_path_factory.mktemp("template-userdata")))
        open_workspace(path).close()
    with closing(sqlite3.connect(path)) as con:  # fold the WAL into the main file; the template is read-only now
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def db_path(seeded_template, tmp_path) -> Path:
    """This test's own seeded SQLite file (a copy of the session's template)."""
    path = tmp_path / "portfolio.sqlite3"
    copy_database(seeded_template, path)
    return path


@pytest.fixture
def new_db_path(tmp_path) -> Path:
    """A database path where no file exists yet: for tests of creating, migrating and seeding."""
    return tmp_path / "new.sqlite3"


@pytest.fixture
def workspace(db_path):
    """The test's own seeded SQLite database, opened the way the app opens it (migration check included)."""
    from app.core.workspace import open_workspace

    ws = open_workspace(db_path)
    yield ws
    ws.close()


@pytest.fixture
def plan_text() -> Path:
    if not PLAN_TEXT.is_file():
        pytest.skip(f"plan text not found at {PLAN_TEXT}: the seed-fidelity checks need ../shared/plan")
    return PLAN_TEXT


def cli_argv(*args: str, db: Path | str | None = None) -> list[str]:
    return (["--db", str(db)] if db is not None else []) + list(args)


def run_cli(*args: str, db: Path | str | None = None) -> tuple[int, str, str]:
    """Run the CLI in this process, as `python -m app.cli` would run it: (exit code, stdout, stderr).

    Matches the subprocess: UTF-8 text streams, the repository as working directory, argparse's SystemExit
    turned into the exit code, logging set up afresh by main() onto the captured stderr, and an uncaught
    exception printed as a traceback with exit code 1."""
    from app import cli

    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", write_through=True)
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    saved_cwd = os.getcwd()
    root.handlers = []  # a fresh process has none, so main()'s logging.basicConfig writes to our stderr
    os.chdir(REPO)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = cli.main(cli_argv(*args, db=db))
            except SystemExit as exc:
                if exc.code is None or isinstance(exc.code, int):
                    code = exc.code or 0
                else:
                    print(exc.code, file=sys.stderr)
                    code = 1
            except KeyboardInterrupt:
                raise
            except Exception:
                traceback.print_exc()
                code = 1
    finally:
        os.chdir(saved_cwd)
        root.handlers, root.level = saved_handlers, saved_level
    for stream in (out, err):
        stream.flush()
    return code, _as_text(out_bytes), _as_text(err_bytes)


def _as_text(buffer: io.BytesIO) -> str:
    # subprocess.run(text=True) reads with universal newlines
    return buffer.getvalue().decode("utf-8").replace("\r\n", "\n")


def run_cli_subprocess(*args: str, db: Path | str | None = None) -> tuple[int, str, str]:
    """Run the real CLI in a subprocess, as an officer's script would (slow: a fresh interpreter imports
    everything; used by the smoke tests)."""
    import subprocess

    cmd = [sys.executable, "-m", "app.cli", *cli_argv(*args, db=db)]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=REPO, env=env, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def no_modal_dialogs(monkeypatch):
    """A modal dialog would block an offscreen test run forever: record it and carry on instead, and fail
    the test if one appeared that the test did not ask for."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    shown: list[str] = []

    def static(kind):
        def show(*args, **_kwargs):
            shown.append(f"{kind}: {' / '.join(str(a) for a in args[1:3])}")
            return QMessageBox.StandardButton.No if kind == "question" else QMessageBox.StandardButton.Ok

        return show

    for kind in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(static(kind)))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(f"box: {self.text()}") or 0)
    monkeypatch.setattr(QDialog, "exec", lambda self: shown.append(f"dialog: {self.windowTitle()}") or 0)
    yield shown
    assert not shown, f"unexpected modal dialog(s): {shown}"
