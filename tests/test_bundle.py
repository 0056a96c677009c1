"""The PyInstaller spec bundles every file the program opens at run time.

The list of files is not written here by hand: it is read from the program's own lookups. Every call of
app.paths' resource helpers in app/ (`resource_path("fonts", FALLBACK_FILE)`, `bundle_root() / "seed" / ...`)
and every folder a module finds beside itself (`Path(__file__).resolve().parent / "migrations"`) is found in
the source with `ast`, and the files it names must be in the spec's `datas` at the same place in the bundle.
A new lookup added to the program without a line in the spec fails here (and the bundle's --self-test fails
in .ci/build_bundle.sh).
"""

from __future__ import annotations

import ast
import sys
import types
from pathlib import Path, PurePosixPath

import pytest

from tests.conftest import REPO

SPEC = REPO / "build_installer.spec"
APP = REPO / "app"
IGNORED = ("__pycache__", ".pyc")


# ------------------------------------------------------------------------------- what the spec bundles


class _Recorder:
    """Stands in for PyInstaller's Analysis/PYZ/EXE/COLLECT: records the arguments, builds nothing."""

    calls: list[tuple[str, tuple, dict]] = []

    def __init__(self, *args, **kwargs):
        self.calls.append((type(self).__name__, args, kwargs))
        self.scripts = [("pyi_rth_example", "", "PYSOURCE"), ("__main__", "", "PYSOURCE"), ("cli", "", "PYSOURCE")]
        self.pure = self.binaries = self.datas = []


def run_spec(monkeypatch) -> dict[str, list]:
    """Execute build_installer.spec with recording stand-ins; returns the keyword arguments of each call."""
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.copy_metadata = lambda name: []  # the package metadata is not a file the program opens by path
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, sys.modules.get(name) or types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    _Recorder.calls = []
    kinds = {kind: type(kind, (_Recorder,), {}) for kind in ("Analysis", "PYZ", "EXE", "COLLECT")}
    namespace = {"SPECPATH": str(REPO), "__name__": "__spec__", **kinds}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    calls: dict[str, list] = {}
    for kind, args, kwargs in _Recorder.calls:
        calls.setdefault(kind, []).append((args, kwargs))
    return calls


def bundled_files(datas: list[tuple[str, str]]) -> dict[PurePosixPath, Path]:
    """Place in the bundle -> source file, for every (source, destination folder) entry of `datas`."""
    placed: dict[PurePosixPath, Path] = {}
    for source, destination in datas:
        src = Path(source)
        assert src.exists(), f"the spec bundles a file that does not exist: {src}"
        files = [p for p in src.rglob("*") if p.is_file()] if src.is_dir() else [src]
        for file in files:
            relative = file.relative_to(src) if src.is_dir() else PurePosixPath(file.name)
            placed[PurePosixPath(destination) / PurePosixPath(*Path(relative).parts)] = file
    return placed


# ------------------------------------------------------------------------ what the program opens at run time


def _module_constants(tree: ast.Module) -> dict[str, str]:
    return {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _text(node: ast.expr, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _path_parts(node: ast.expr) -> tuple[ast.expr, list[ast.expr]]:
    """`base / "a" / "b"` -> (base, ["a", "b"] as nodes); `base.joinpath("a", "b")` likewise."""
    parts: list[ast.expr] = []
    while True:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            parts.insert(0, node.right)
            node = node.left
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "joinpath":
            parts[:0] = node.args
            node = node.func.value
        else:
            return node, parts


def _is_call_of(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Name) and node.func.id == name)
        or (isinstance(node.func, ast.Attribute) and node.func.attr == name)
    )


def _is_module_folder(node: ast.expr) -> bool:
    """Path(__file__)[.resolve()].parent: the folder of the module itself."""
    if not (isinstance(node, ast.Attribute) and node.attr == "parent"):
        return False
    inner = node.value
    if _is_call_of(inner, "resolve"):
        inner = inner.func.value  # type: ignore[union-attr]
    return (
        _is_call_of(inner, "Path")
        and bool(inner.args)  # type: ignore[union-attr]
        and isinstance(inner.args[0], ast.Name)  # type: ignore[union-attr]
        and inner.args[0].id == "__file__"  # type: ignore[union-attr]
    )


def runtime_lookups() -> dict[PurePosixPath, str]:
    """Place in the bundle -> where in app/ the program looks it up, for every lookup found in the source."""
    found: dict[PurePosixPath, str] = {}
    for module in sorted(APP.rglob("*.py")):
        if "migrations" in module.parts:
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        constants = _module_constants(tree)
        where = str(module.relative_to(REPO))
        # `a / "b" / "c"` nests `a / "b"` inside: only the whole expression names what is opened
        inner = {id(n.left) for n in ast.walk(tree) if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div)}
        for node in ast.walk(tree):
            if _is_call_of(node, "resource_path") and not (
                isinstance(node.func, ast.Name) and module.name == "paths.py" and not node.args
            ):
                parts = [_text(arg, constants) for arg in node.args]
                if node.args and all(parts):
                    found[PurePosixPath("resources", *parts)] = f"{where}:{node.lineno}"
            if isinstance(node, ast.BinOp) and id(node) not in inner:
                base, nodes = _path_parts(node)
                parts = [_text(part, constants) for part in nodes]
                if not nodes or not all(parts):
                    continue
                if _is_call_of(base, "bundle_root"):
                    found[PurePosixPath(*parts)] = f"{where}:{node.lineno}"
                elif _is_module_folder(base):
                    package = module.parent.relative_to(REPO)
                    found[PurePosixPath(*package.parts, *parts)] = f"{where}:{node.lineno}"
    return found


def expected_files() -> dict[PurePosixPath, str]:
    """Every file the bundle must hold: each looked-up file, and every file of each looked-up folder."""
    expected: dict[PurePosixPath, str] = {}
    for place, where in runtime_lookups().items():
        source = REPO / place
        if source.is_file():
            expected[place] = where
        elif source.is_dir():
            for file in source.rglob("*"):
                if file.is_file() and not any(mark in str(file) for mark in IGNORED):
                    expected[PurePosixPath(*file.relative_to(REPO).parts)] = where
        elif place == PurePosixPath("resources", "translations", "qt"):
            # Qt's own translations: not in the repository, copied from PySide6 by the spec;
            # app_setup.install_translators loads qtbase_zh_CN from this folder.
            expected[place / "qtbase_zh_CN.qm"] = where
        else:
            raise AssertionError(f"{where} looks up {place}, which is not in the repository")
    for licence in (REPO / "resources" / "fonts").glob("LICENSE-*"):  # fonts travel with their licences
        expected[PurePosixPath("resources", "fonts", licence.name)] = "licence of a bundled font"
    return expected


# ----------------------------------------------------------------------------------------------- tests


def test_the_source_scan_finds_the_known_lookups():
    """The scan itself works: it finds the lookups the program is known to make (else the test below
    would pass on an empty list)."""
    lookups = runtime_lookups()
    for place in (
        "resources/fonts/wqy-microhei.ttc",
        "resources/fonts/hanazono-fallback.ttf",
        "resources/translations/app_en.qm",
        "resources/translations/qt",
        "seed/appendix_projects.xlsx",
        "app/db/migrations",
        "resources/help/guide_zh.html",
        "resources/icons/app.png",
    ):
        assert PurePosixPath(place) in lookups, place


def test_spec_bundles_every_runtime_file(monkeypatch):
    calls = run_spec(monkeypatch)
    ((args, analysis),) = calls["Analysis"]
    placed = bundled_files(analysis["datas"])
    missing = {str(place): where for place, where in expected_files().items() if place not in placed}
    assert not missing, f"files the program opens but the spec does not bundle: {missing}"
    for place, source in placed.items():  # each at its own name: nothing renamed on the way
        assert place.name == source.name
    assert placed[PurePosixPath("resources/translations/qt/qtbase_zh_CN.qm")].stat().st_size > 10_000
    assert PurePosixPath("app/db/alembic.ini") in placed


def test_spec_builds_both_programs_with_icon_and_leaves_out_unused_qt(monkeypatch):
    calls = run_spec(monkeypatch)
    exes = {kwargs["name"]: kwargs for _args, kwargs in calls["EXE"]}
    assert set(exes) == {"DatongPortfolio", "datong-cli"}
    assert exes["DatongPortfolio"]["console"] is False and exes["datong-cli"]["console"] is True
    for name, kwargs in exes.items():
        assert Path(kwargs["icon"]).is_file(), name
        scripts = [s[0] for s in calls["EXE"][list(exes).index(name)][0][1]]
        assert scripts.count("__main__") + scripts.count("cli") == 1, scripts
    ((_args, analysis),) = calls["Analysis"]
    used = {
        f"PySide6.{node.module.split('.')[1]}"
        for module in APP.rglob("*.py")
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6.")
    }
    assert {"PySide6.QtPrintSupport", "PySide6.QtWidgets"} <= used
    assert not used & set(analysis["excludes"]), "the spec leaves out a Qt module the program imports"
    assert {"PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick"} <= set(analysis["excludes"])
    ((_args, collect),) = calls["COLLECT"]
    import tomllib

    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert collect["name"] == f"DatongPortfolio-{version}"


def built_bundle() -> Path | None:
    """The folder .ci/build_bundle.sh built, once its programs are there."""
    for folder in sorted((REPO / "build" / "bundle" / "dist").glob("DatongPortfolio-*")):
        if any((folder / name).is_file() for name in ("DatongPortfolio", "DatongPortfolio.exe")):
            return folder
    return None


@pytest.mark.skipif(built_bundle() is None, reason="no bundle built here (.ci/build_bundle.sh builds one)")
def test_built_bundle_holds_every_runtime_file():
    """After .ci/build_bundle.sh: the files are really in the built folder (PyInstaller 6 puts them in _internal)."""
    bundle = built_bundle()
    assert bundle is not None
    root = bundle / "_internal" if (bundle / "_internal").is_dir() else bundle
    missing = [str(place) for place in expected_files() if not (root / place).is_file()]
    assert not missing
