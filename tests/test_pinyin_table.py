"""The shipped pinyin table (resources/pinyin/readings.txt) says what pypinyin says, for every character."""

from __future__ import annotations

import os

from app.core import pinyin_table, portfolio


def test_the_table_matches_pypinyin_for_every_character():
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import Style, pinyin

    codes = [code for start, end in pinyin_table.RANGES for code in range(start, end + 1)]
    expected = pinyin([chr(c) for c in codes], style=Style.NORMAL, heteronym=False, errors=lambda r: [""] * len(r))
    table = pinyin_table.readings()
    wrong = [
        (hex(code), table.get(code), (full[0] if full else "").lower())
        for code, full in zip(codes, expected, strict=True)
        if table.get(code) != (full[0] if full else "").lower()
    ]
    assert not wrong, f"rebuild resources/pinyin/readings.txt (python resources/pinyin/make_table.py): {wrong[:5]}"
    assert len(table) == len(codes) == 28_160


def test_initials_and_collation_come_from_the_table():
    assert portfolio.pinyin_initials("大同市御河湿地") == "dtsyhsd"
    assert portfolio.pinyin_initials("灵丘县\u3402河") == "lqxh"  # U+3402 has no reading: no initial
    names = ["重庆", "大同", "阿城", "灵丘"]
    assert sorted(names, key=portfolio.collation_key) == ["阿城", "大同", "灵丘", "重庆"]  # 重: zhong
