"""Build resources/fonts/hanazono-fallback.ttf: the characters the main report font lacks, nothing else.

The report font (WenQuanYi Micro Hei) covers the everyday Chinese character set. Names of people and places
in project data sometimes use characters outside it (䶮, 鿏, 𠮷, 𠀀) or an emoji pasted into a text field.
HanaMinA (GlyphWiki's 花園明朝A, TrueType outlines, so reportlab can embed it) covers those; the whole font is
22 MB, so this script keeps only the glyphs WenQuanYi Micro Hei does not have (about 9,700, a few MB).

Licence: the Hanazono fonts are offered under the Hanazono Font License or the SIL OFL 1.1. This subset is
distributed under the Hanazono Font License (unlimited use, copying and distribution, with or without
modification), see LICENSE-hanazono.txt. Nothing here runs in the application; run it once when updating:

    pip install fonttools
    python resources/fonts/build_fallback_font.py /usr/share/fonts/truetype/hanazono/HanaMinA.ttf

(HanaMinA.ttf from the Debian package fonts-hanazono 20170904, or from https://glyphwiki.org/hanazono/).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

HERE = Path(__file__).resolve().parent
MAIN_FONT = HERE / "wqy-microhei.ttc"
OUTPUT = HERE / "hanazono-fallback.ttf"
FAMILY = "Hanazono Fallback"
# What Chinese project data may plausibly contain: Han characters of every extension, CJK symbols and kana,
# general symbols and emoji. Private-use and Hangul ranges stay out (size).
RANGES = [
    (0x2000, 0x2BFF),  # punctuation, letterlike, arrows, math, technical, dingbats, misc symbols
    (0x2E80, 0x33FF),  # CJK radicals, symbols and punctuation, kana, bopomofo, enclosed CJK, compatibility
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A (䶮)
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs, including the later additions (鿏)
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0x1F000, 0x1FAFF),  # mahjong, enclosed alphanumerics, emoji and pictographs
    (0x20000, 0x3134F),  # CJK Extensions B-G (𠀀, 𠮷): the part HanaMinA has
]


def main(source: str) -> None:
    main_cmap = set(TTCollection(str(MAIN_FONT)).fonts[0].getBestCmap())
    source_cmap = set(TTFont(source).getBestCmap())
    wanted = sorted(c for c in source_cmap - main_cmap if any(lo <= c <= hi for lo, hi in RANGES))
    options = subset.Options()
    options.layout_features = []  # no shaping tables: reportlab draws glyph by glyph
    options.hinting = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.notdef_outline = True
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    for record in font["name"].names:  # a modified font gets its own name
        if record.nameID in (1, 4):
            record.string = FAMILY
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "")
    font.save(str(OUTPUT))
    print(f"{OUTPUT.name}: {len(wanted)} characters, {OUTPUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(sys.argv[1])
