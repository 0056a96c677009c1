"""The PySide6/Python pair that aborts a long session (PySide6 6.12 on CPython < 3.12: every call of a Qt method
that returns nothing takes a reference from None, until "Fatal Python error: none_dealloc").

pyproject.toml keeps pip from installing that pair; a hand-made environment or bundle is caught at start (the
program says why and does not open a window) and by the self-test (it fails)."""

from __future__ import annotations

import sys
import tomllib

import pytest
from packaging.requirements import Requirement

from app.ui import app_setup
from tests.conftest import REPO


@pytest.mark.parametrize(
    ("pyside", "python", "refused"),
    [
        ("6.12.0", (3, 11), True),  # the pair that aborts
        ("6.12.1", (3, 11), True),  # not shown to be fixed: refused like pyproject.toml refuses it
        ("6.13.0", (3, 11), True),
        ("6.11.3", (3, 11), False),
        ("6.6.0", (3, 11), False),
        ("6.12.0", (3, 12), False),  # immortal None from 3.12 on
        ("6.12.0", (3, 13), False),
    ],
)
def test_unsupported_qt_binding(pyside, python, refused):
    problem = app_setup.unsupported_qt_binding(pyside, python)
    if not refused:
        assert problem is None
        return
    assert problem is not None
    assert f"PySide6 {pyside} 与 Python {python[0]}.{python[1]}" in problem
    assert "none_dealloc" in problem and app_setup.SUPPORTED_QT_BINDINGS in problem
    assert "PySide6-Essentials<6.12" in problem  # what to do about it


def test_the_running_versions_are_read_when_none_are_given(monkeypatch):
    import PySide6

    monkeypatch.setattr(PySide6, "__version__", "6.12.0")
    monkeypatch.setattr(app_setup, "running_python", lambda: (3, 11))
    assert "PySide6 6.12.0 与 Python 3.11" in (app_setup.unsupported_qt_binding() or "")
    monkeypatch.setattr(app_setup, "running_python", lambda: (3, 12))
    assert app_setup.unsupported_qt_binding() is None
    monkeypatch.setattr(PySide6, "__version__", "6.11.3")
    monkeypatch.setattr(app_setup, "running_python", lambda: (3, 11))
    assert app_setup.unsupported_qt_binding() is None


def test_pyproject_refuses_what_the_guard_refuses():
    """The install-time rule (pyproject.toml) and the run-time guard name the same pairs."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pyside = [Requirement(d) for d in project["dependencies"] if d.startswith("PySide6")]
    assert pyside
    for python in ("3.11", "3.12", "3.13"):
        rules = [r for r in pyside if r.marker is None or r.marker.evaluate({"python_version": python})]
        assert len(rules) == 1, python
        major, minor = (int(part) for part in python.split("."))
        for version in ("6.11.3", "6.12.0", "6.13.0"):
            installable = rules[0].specifier.contains(version)
            assert installable == (app_setup.unsupported_qt_binding(version, (major, minor)) is None), (
                python,
                version,
            )


@pytest.fixture
def broken_pair(monkeypatch):
    import PySide6

    monkeypatch.setattr(PySide6, "__version__", "6.12.0")
    monkeypatch.setattr(app_setup, "running_python", lambda: (3, 11))


def test_the_program_does_not_start_on_the_broken_pair(broken_pair, qapp, qtbot, modal, monkeypatch, tmp_path):
    import app.__main__ as entry

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    target = tmp_path / "portfolio.sqlite3"
    modal.expect("确定")
    assert entry.main(["--db", str(target)]) == 1
    assert modal.texts and modal.texts[0].startswith("PySide6 6.12.0 与 Python 3.11 的组合不受支持")
    assert not target.exists()  # stopped before any database was touched


def test_the_self_test_fails_on_the_broken_pair(broken_pair, qapp):
    from app import selftest

    lines: list[str] = []
    assert selftest.run(out=lines.append) == 1
    assert lines[-1].startswith(
        "自检失败 / SELF-TEST FAILED: Qt: bundled Chinese font and Chinese standard dialogs: "
        "PySide6 6.12.0 与 Python 3.11 的组合不受支持"
    )
