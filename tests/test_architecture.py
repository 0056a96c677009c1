"""The layer rules of DESIGN.md §1, checked statically on the source (every import statement, including the
ones inside functions, plus module names given to importlib as strings):

    cli, GUI launcher (app/__main__.py)  ->  ui  ->  commands  ->  reports / exchange  ->  core  ->  db

A module may import its own package and the packages below it, never one above or beside it. Qt (PySide6)
belongs to app/ui and the GUI launcher only; app/ui calls services and never opens a database session itself.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app"

# The packages each package may import (besides its own). "base" is app/__init__.py and app/paths.py:
# version and file locations, importable by everyone, importing nothing of the app.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "gui_launcher": frozenset({"ui", "reports", "exchange", "core", "db", "base"}),
    "cli": frozenset({"commands", "reports", "exchange", "core", "db", "base"}),
    "ui": frozenset({"reports", "exchange", "core", "db", "base"}),
    "commands": frozenset({"reports", "exchange", "core", "db", "base"}),
    "reports": frozenset({"core", "db", "base"}),
    "exchange": frozenset({"core", "db", "base"}),
    "core": frozenset({"db", "base"}),
    "db": frozenset({"base"}),
    "base": frozenset(),
}
QT_PACKAGES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")
QT_ALLOWED = frozenset({"ui", "gui_launcher"})
# Database access the UI must leave to the services: the ORM and its rows.
UI_FORBIDDEN_MODULES = ("sqlalchemy.orm", "app.db.models")
# Calls that open a unit of work: Workspace.session(), Database.session(), session_factory(), Session(), sessionmaker().
SESSION_OPENERS = frozenset({"session", "session_factory", "Session", "sessionmaker", "scoped_session"})


def package_of(module: str) -> str:
    """The layer a dotted module name of the app belongs to."""
    if module in ("app", "app.paths"):
        return "base"
    if module == "app.cli":
        return "cli"
    if module in ("app.__main__", "app.selftest"):  # the self-test is run by the launcher (--self-test)
        return "gui_launcher"
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in MAY_IMPORT:
        return parts[1]
    raise ValueError(f"{module} is in no layer: add it to MAY_IMPORT in tests/test_architecture.py")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(APP.rglob("*.py"))}


@dataclass(frozen=True)
class Import:
    target: str  # dotted module name (or "package.attribute" when the attribute is not a module)
    line: int
    how: str  # "import" or "string" (a module name handed to importlib)


def imports_in(source: str, module: str, is_package: bool, known_modules: set[str]) -> list[Import]:
    """Every import in the source, wherever it is (module level, functions, TYPE_CHECKING blocks)."""
    found: list[Import] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, node.lineno, "import") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, base] if base else package)
            for alias in node.names:
                # `from app.core import projects` imports the module app.core.projects
                candidate = f"{base}.{alias.name}"
                watched = candidate in known_modules or candidate in UI_FORBIDDEN_MODULES  # from sqlalchemy import orm
                found.append(Import(candidate if watched else base, node.lineno, "import"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in known_modules:
            found.append(Import(node.value, node.lineno, "string"))
    return found


def session_calls_in(source: str) -> list[tuple[int, str]]:
    calls = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
            if name in SESSION_OPENERS:
                calls.append((node.lineno, name))
    return calls


def layer_violations(module: str, source: str, path: str, known_modules: set[str], is_package: bool) -> list[str]:
    """The rule breaks in one module's source, one readable line each."""
    problems: list[str] = []
    own = package_of(module)
    allowed = MAY_IMPORT[own]
    for imp in dict.fromkeys(imports_in(source, module, is_package, known_modules)):  # one line per import
        target = imp.target
        where = f"{path}:{imp.line}"
        if target == "app" or target.startswith("app."):
            other = package_of(target)
            if other != own and other not in allowed:
                via = "names in a string" if imp.how == "string" else "imports"
                problems.append(f"{where} ({own}) {via} {target} ({other}): {own} may import only {sorted(allowed)}")
        if target.split(".")[0] in QT_PACKAGES and own not in QT_ALLOWED:
            problems.append(f"{where} ({own}) imports Qt ({target}): Qt belongs to app/ui and app/__main__.py")
        if own == "ui" and any(target == m or target.startswith(m + ".") for m in UI_FORBIDDEN_MODULES):
            problems.append(f"{where} (ui) imports {target}: the UI calls services, it does not touch the ORM")
    if own == "ui":
        for line, name in session_calls_in(source):
            problems.append(f"{path}:{line} (ui) calls {name}(): the UI never opens a database session")
    return problems


def test_every_app_module_keeps_the_layer_rules():
    modules = app_modules()
    known = set(modules)
    problems: list[str] = []
    for module, path in modules.items():
        source = path.read_text(encoding="utf-8")
        rel = path.relative_to(REPO).as_posix()
        problems += layer_violations(module, source, rel, known, path.name == "__init__.py")
    assert not problems, "imports against the layer order:\n" + "\n".join(problems)


def test_every_app_package_has_a_layer():
    for module in app_modules():
        package_of(module)  # raises for a new top-level package nobody placed in the order


# The checker itself must catch each kind of break, or the test above could never fail.
KNOWN = {
    "app",
    "app.paths",
    "app.core",
    "app.core.projects",
    "app.core.workspace",
    "app.db",
    "app.db.models",
    "app.exchange",
    "app.exchange.seed_loader",
    "app.reports",
    "app.reports.service",
    "app.ui",
    "app.ui.main_window",
    "app.ui.models",
    "app.commands",
    "app.commands.base",
}


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        (
            "app.core.workspace",
            "def load():\n    from app.exchange.seed_loader import seed_database\n",
            "(core) imports app.exchange.seed_loader",
        ),
        ("app.core.workspace", "from ..exchange import seed_loader\n", "(core) imports app.exchange.seed_loader"),
        ("app.db.models", "import app.core.projects\n", "(db) imports app.core.projects"),
        ("app.reports.service", "from app.ui import main_window\n", "(reports) imports app.ui.main_window"),
        ("app.exchange.seed_loader", "from app.reports import service\n", "(exchange) imports app.reports.service"),
        ("app.ui.models", "from app.commands.base import register\n", "(ui) imports app.commands.base"),
        (
            "app.core.projects",
            "import importlib\nimportlib.import_module('app.ui.main_window')\n",
            "names in a string app.ui.main_window",
        ),
        (
            "app.core.projects",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from PySide6.QtGui import QColor\n",
            "imports Qt (PySide6.QtGui)",
        ),
        ("app.reports.service", "def chart():\n    import PySide6.QtCore\n", "imports Qt (PySide6.QtCore)"),
        ("app.ui.models", "from sqlalchemy.orm import Session\n", "(ui) imports sqlalchemy.orm"),
        ("app.ui.models", "from sqlalchemy import orm\n", "(ui) imports sqlalchemy.orm"),
        ("app.ui.models", "from app.db.models import Project\n", "(ui) imports app.db.models"),
        ("app.ui.main_window", "def f(ws):\n    with ws.session() as s:\n        pass\n", "(ui) calls session()"),
        ("app.ui.main_window", "def f(ws):\n    return ws.db.session_factory()\n", "(ui) calls session_factory()"),
    ],
)
def test_the_checker_catches_each_kind_of_break(module, source, expected):
    problems = layer_violations(module, source, "x.py", KNOWN, is_package=False)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("app.ui.main_window", "from PySide6.QtWidgets import QMainWindow\nfrom app.core import projects\n"),
        ("app.__main__", "from PySide6.QtWidgets import QApplication\nfrom app.ui import main_window\n"),
        ("app.cli", "from app.commands import base\nfrom app.core.workspace import open_workspace\n"),
        ("app.commands.base", "from app.reports import service\nfrom app.exchange import seed_loader\n"),
        (
            "app.core.projects",
            "from sqlalchemy.orm import Session\nfrom app.db.models import Project\nfrom app import paths\n",
        ),
        ("app.ui.models", "from app.db.engine import DatabaseError\n"),
    ],
)
def test_the_checker_accepts_imports_that_point_down(module, source):
    known = KNOWN | {"app.db.engine", "app.__main__", "app.cli"}
    assert layer_violations(module, source, "x.py", known, is_package=False) == []
