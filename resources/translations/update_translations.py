"""Refresh the UI translation files.

    python resources/translations/update_translations.py

1. pyside6-lupdate collects every self.tr("中文") / QCoreApplication.translate(...) / QT_TRANSLATE_NOOP(...)
   string of every module in app/ui (found by listing the folder, not by a hand-kept list) into app_en.ts
   (source language Chinese, target English). Existing translations are kept. tests/test_translations.py runs
   the same collection into a scratch file and fails on any string without English in app_en.ts.
2. Translate new entries in Qt Linguist (pyside6-linguist app_en.ts) or by editing the XML.
3. pyside6-lrelease compiles app_en.ts into app_en.qm, which the app loads when the language is English.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


def ui_sources() -> list[Path]:
    """Every module of the desktop UI: a new dialog is translated without anyone remembering to list it."""
    return sorted((REPO / "app" / "ui").glob("*.py"))


def tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}")
    if not found:
        sys.exit(f"pyside6-{name} not found: install PySide6 (it ships lupdate/lrelease)")
    return found


def collect(ts: Path, *, quiet: bool = False) -> None:
    """Run lupdate over every UI module into `ts`: new strings are added (untranslated), the translations of
    strings still in the source are kept, strings no longer in the source are dropped."""
    sources = [str(path) for path in ui_sources()]
    subprocess.run(
        [
            tool("lupdate"),
            *sources,
            "-source-language",
            "zh_CN",
            "-target-language",
            "en",
            "-no-obsolete",
            *(["-silent"] if quiet else []),
            "-ts",
            str(ts),
        ],
        check=True,
    )


def compile_qm(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), str(ts), "-qm", str(qm)], check=True)


def main() -> int:
    ts = HERE / "app_en.ts"
    collect(ts)
    compile_qm(ts, HERE / "app_en.qm")
    return 0


if __name__ == "__main__":
    sys.exit(main())
