"""Every string the desktop UI marks for translation has an English translation in app_en.ts.

The strings are found in the source itself (every module of app/ui, read with ast): self.tr("…") in a class
(context: the class), QCoreApplication.translate("context", "…") and QT_TRANSLATE_NOOP("context", "…"), and
tr("…") on other objects (any context). A dialog missing from the translation run, or a new string nobody
translated, fails here instead of showing Chinese in the English interface.
"""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
UI = REPO / "app" / "ui"
TS = REPO / "resources" / "translations" / "app_en.ts"


def _translations() -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    by_context: dict[tuple[str, str], str] = {}
    by_source: dict[str, str] = {}
    for context in ET.parse(TS).getroot().iter("context"):
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
            by_context[(name, source)] = text
            if text.strip():
                by_source[source] = text
    return by_context, by_source


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class _Collector(ast.NodeVisitor):
    """(file:line, context or None, source) for every translatable literal."""

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
    import importlib.util

    spec = importlib.util.spec_from_file_location("update_translations", TS.parent / "update_translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    collected = {path.name for path in module.ui_sources()}
    assert {"export_dialog.py", "import_wizard.py", "report_dialog.py", "main_window.py"} <= collected
    assert collected == {path.name for path in UI.glob("*.py")}


def test_every_ui_string_has_an_english_translation():
    by_context, by_source = _translations()
    strings = _ui_strings()
    assert len(strings) > 500  # the collector found the UI's strings at all
    missing = []
    for where, context, source in strings:
        if context is None:
            ok = bool(by_source.get(source, "").strip())
        else:
            ok = bool(by_context.get((context, source), "").strip())
        if not ok:
            missing.append(f"{where} [{context or '*'}] {source}")
    assert not missing, "not translated in app_en.ts (run update_translations.py, then translate):\n" + "\n".join(
        missing
    )


@pytest.mark.parametrize("source", ["%1年第%2季度", "当前筛选：无（显示全部项目）"])
def test_translations_keep_their_placeholders(source):
    _by_context, by_source = _translations()
    assert source.count("%1") == by_source[source].count("%1")
    assert source.count("%2") == by_source[source].count("%2")
