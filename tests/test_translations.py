"""Every string the desktop UI marks for translation has an English translation in app_en.ts, under the context
Qt looks it up in at run time.

The strings are collected the way the translation update collects them: resources/translations/
update_translations.py runs pyside6-lupdate over every module of app/ui, here into a scratch file. Each
(context, source) lupdate finds must be translated in the committed app_en.ts. A second reading of the source
with ast makes sure lupdate sees every marked string: `other.tr("…")` on an object that is not `self` is looked
up under that object's class at run time and lupdate does not collect it at all, so it must not be used.
"""

from __future__ import annotations

import ast
import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent
UI = REPO / "app" / "ui"
TS = REPO / "resources" / "translations" / "app_en.ts"
QM = TS.with_suffix(".qm")


def _update_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("update_translations", TS.parent / "update_translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _messages(ts: Path) -> dict[tuple[str, str], str]:
    """(context, source) -> the finished English text ("" when unfinished, obsolete or empty)."""
    found: dict[tuple[str, str], str] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") in ("unfinished", "obsolete", "vanished"):
                text = ""
            else:
                forms = [f.text or "" for f in translation.iter("numerusform")]
                text = " | ".join(forms) if forms else (translation.text or "")
            found[(name, source)] = text.strip()
    return found


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> dict[tuple[str, str], str]:
    """What lupdate finds in app/ui today, through the update script's own collection step."""
    scratch = tmp_path_factory.mktemp("lupdate") / "collected.ts"
    _update_script().collect(scratch, quiet=True)
    return _messages(scratch)


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class _Collector(ast.NodeVisitor):
    """Every translatable literal: (file:line, the context Qt looks it up in, or None when unknowable, source)."""

    def __init__(self, path: Path):
        self.path = path
        self.classes: list[str] = []
        self.found: list[tuple[str, str | None, str]] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        where = f"{self.path.name}:{node.lineno}"
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name in ("translate", "QT_TRANSLATE_NOOP") and len(node.args) >= 2:
            context, source = _literal(node.args[0]), _literal(node.args[1])
            if context is not None and source is not None:
                self.found.append((where, context, source))
        elif name == "tr" and node.args and (source := _literal(node.args[0])) is not None:
            on_self = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self"
            self.found.append((where, self.classes[-1] if on_self and self.classes else None, source))
        self.generic_visit(node)


def _ui_strings() -> list[tuple[str, str | None, str]]:
    found: list[tuple[str, str | None, str]] = []
    for path in sorted(UI.glob("*.py")):
        collector = _Collector(path)
        collector.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        found += collector.found
    return found


def test_the_update_script_collects_every_ui_module():
    collected = {path.name for path in _update_script().ui_sources()}
    assert {"export_dialog.py", "import_wizard.py", "report_dialog.py", "main_window.py"} <= collected
    assert collected == {path.name for path in UI.glob("*.py")}


def test_every_string_lupdate_collects_has_english_under_its_context(collected):
    committed = _messages(TS)
    assert len(collected) > 500  # lupdate found the UI's strings at all
    missing = [
        f"[{context}] {source}" for (context, source) in sorted(collected) if not committed.get((context, source))
    ]
    assert not missing, (
        "not translated in app_en.ts (run resources/translations/update_translations.py, then translate):\n"
        + "\n".join(missing)
    )


def test_lupdate_sees_every_marked_string_under_the_context_used_at_run_time(collected):
    strings = _ui_strings()
    assert len(strings) > 500
    unknowable = [f"{where} {source}" for where, context, source in strings if context is None]
    assert not unknowable, (
        "tr() on an object other than self: Qt looks it up under that object's class and lupdate never collects"
        " it; use self.tr() in a QObject or QCoreApplication.translate('Context', ...):\n" + "\n".join(unknowable)
    )
    unseen = [
        f"{where} [{context}] {source}" for where, context, source in strings if (context, source) not in collected
    ]
    assert not unseen, "marked for translation but not collected by lupdate:\n" + "\n".join(unseen)


def test_the_help_menu_is_english_in_the_english_interface(qapp):
    """The 帮助 menu's entries were written as window.tr(…): looked up under MainWindow, never collected."""
    from PySide6.QtCore import QCoreApplication, QTranslator
    from PySide6.QtWidgets import QMenu, QWidget

    from app.ui.help_menu import HelpActions

    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    try:
        window, menu = QWidget(), QMenu()
        actions = HelpActions(window, menu)
        shown = [action.text() for action in menu.actions() if not action.isSeparator()]
    finally:
        QCoreApplication.removeTranslator(translator)
    assert actions.guide_action.text() == "&User guide"
    assert shown == ["&User guide", "Keyboard shortcuts", "Open the data folder", "Open the log folder", "&About"]


@pytest.mark.parametrize("source", ["%1年第%2季度", "当前筛选：无（显示全部项目）"])
def test_translations_keep_their_placeholders(source):
    english = {src: text for (_context, src), text in _messages(TS).items() if text}
    assert source.count("%1") == english[source].count("%1")
    assert source.count("%2") == english[source].count("%2")
