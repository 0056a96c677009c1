"""Build resources/pinyin/readings.txt: the toneless pinyin of every CJK character the program sorts and
searches by (U+3400-U+9FFF and U+F900-U+FAFF), one line per code point in order, "" where pypinyin has none.

    python resources/pinyin/make_table.py

Run it again after upgrading pypinyin; tests/test_pinyin_table.py checks the file against the installed pypinyin.
Why a table: importing pypinyin's dictionary is one call that holds the interpreter lock for 0.1-0.3 s (the
window cannot react meanwhile) and costs 40 MB; the program needs one reading per character, ~160 kB.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))


def readings() -> list[str]:
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import Style, pinyin

    from app.core.pinyin_table import RANGES

    chars = [chr(code) for start, end in RANGES for code in range(start, end + 1)]
    fulls = pinyin(chars, style=Style.NORMAL, heteronym=False, errors=lambda run: [""] * len(run))
    return [(full[0] if full else "").lower() for full in fulls]


def main() -> None:
    import pypinyin

    (HERE / "readings.txt").write_text(
        f"# pypinyin {pypinyin.__version__}\n" + "\n".join(readings()) + "\n", encoding="utf-8", newline="\n"
    )


if __name__ == "__main__":
    main()
