"""Shared fixtures. Qt runs offscreen; every test gets its own data folder and database file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Configuration, not test code: must be set before any Qt import anywhere in the session.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DATONG_USER", "测试员")

import pytest

REPO = Path(__file__).resolve().parent.parent
PLAN_TEXT = REPO.parent / "shared" / "plan" / "datong-14th-fyp-ecology-plan.txt"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """Backups and default databases go to a temporary folder, never the real user profile."""
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("DATONG_DATA_DIR", str(data))
    return data


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "portfolio.sqlite3"


@pytest.fixture
def workspace(db_path):
    """A freshly created, migrated and seeded SQLite database file."""
    from app.core.workspace import open_workspace

    ws = open_workspace(db_path)
    yield ws
    ws.close()


@pytest.fixture
def plan_text() -> Path:
    if not PLAN_TEXT.is_file():
        pytest.fail(f"plan text not found at {PLAN_TEXT}: the repository expects ../shared/plan beside it")
    return PLAN_TEXT


def run_cli(*args: str, db: Path | str | None = None) -> tuple[int, str, str]:
    """Run the real CLI in a subprocess, as an officer's script would."""
    import subprocess

    cmd = [sys.executable, "-m", "app.cli"]
    if db is not None:
        cmd += ["--db", str(db)]
    cmd += list(args)
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
