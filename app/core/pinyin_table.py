"""The toneless pinyin reading of each CJK character, from a table shipped with the program.

resources/pinyin/readings.txt is generated from pypinyin (resources/pinyin/make_table.py) and checked against it
by tests/test_pinyin_table.py. Reading the table takes a few milliseconds; importing pypinyin's dictionary held
the interpreter lock for 0.1-0.3 s, during which the window could not react (it was imported while the
portfolio loaded).
"""

from __future__ import annotations

from app.paths import resource_path

RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF))  # CJK ext. A + unified ideographs; compatibility ideographs

_readings: dict[int, str] | None = None


def readings() -> dict[int, str]:
    """Code point -> lower-case toneless reading ("" when the character has none)."""
    global _readings
    if _readings is None:
        lines = resource_path("pinyin", "readings.txt").read_text(encoding="utf-8").split("\n")[1:]
        codes = [code for start, end in RANGES for code in range(start, end + 1)]
        if len(lines) < len(codes):
            raise RuntimeError("resources/pinyin/readings.txt is incomplete: rebuild it (make_table.py)")
        _readings = dict(zip(codes, lines, strict=False))
    return _readings


def loaded() -> bool:
    return _readings is not None
