"""Chinese typesetting without a database: line-breaking rules (禁则), number formats, fonts, charts."""

from __future__ import annotations

import io
import itertools
import subprocess
from decimal import Decimal

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from app.core import number_format
from app.reports.cjk import (
    CANNOT_END,
    CHINESE_CANNOT_START,
    CJKParagraph,
    can_break_between,
    wrap_plain,
)
from app.reports.fonts import (
    FALLBACK_FONT,
    FONT,
    markup,
    missing_glyphs,
    printable,
    register_fonts,
    runs,
    unprintable,
)

TEXT = (
    "项目前期工作滞后，用地手续尚未办结；资金到位不足：需协调！是否可行？总投资1.4868亿元，"
    "《大同市水污染防治条例》要求“达标”。工期（含冬季停工）延长——约两个月……"
)


def _style(size: float = 10) -> ParagraphStyle:
    register_fonts()
    return ParagraphStyle("t", fontName=FONT, fontSize=size, leading=size * 1.3, wordWrap="CJK")


def _lines(p: Paragraph) -> list[str]:
    out = []
    for line in p.blPara.lines:
        out.append("".join(w.text for w in line.words) if hasattr(line, "words") else "".join(line[1]))
    return out


def _violations(lines: list[str]) -> list[str]:
    bad = [li for li in lines[1:] if li[:1] in CHINESE_CANNOT_START]
    bad += [li for li in lines[:-1] if li[-1:] and li[-1] in CANNOT_END]
    bad += [a + "|" + b for a, b in itertools.pairwise(lines) if a[-1:] == b[:1] and a[-1:] in "—…"]
    return bad


def test_reportlab_alone_lets_chinese_punctuation_start_a_line():
    """The reason cjk.py exists: reportlab's list lacks ，；：！？ (DESIGN.md §4)."""
    style = _style()
    offenders = 0
    for width in range(60, 320, 2):
        p = Paragraph(TEXT, style)
        p.wrap(width, 10_000)
        offenders += bool(_violations(_lines(p)))
    assert offenders > 0


@pytest.mark.parametrize("markup", [False, True])
def test_no_forbidden_line_starts_or_ends_at_any_width(markup):
    style = _style()
    source = TEXT.replace("用地", "<b>用地</b>") if markup else TEXT
    for width in range(40, 420):
        p = CJKParagraph(source, style)
        p.wrap(width, 10_000)
        lines = _lines(p)
        assert not _violations(lines), (width, lines)
        assert "".join(lines) == TEXT  # nothing lost, nothing duplicated
        assert "1.4868" in "\n".join(lines) or width < 60  # a number is not cut (unless the column is tiny)


def test_plain_and_markup_paths_and_wrap_plain_agree():
    style = _style(9)
    for width in range(50, 300, 7):
        plain = CJKParagraph(TEXT, style)
        plain.wrap(width, 10_000)
        marked = CJKParagraph(TEXT.replace("资金", "<font color='red'>资金</font>"), style)
        marked.wrap(width, 10_000)
        assert _lines(plain) == _lines(marked) == wrap_plain(TEXT, FONT, 9, width)


def test_break_rules():
    assert not can_break_between("滞", "，")
    assert not can_break_between("《", "大")
    assert not can_break_between("—", "—") and not can_break_between("…", "…")
    assert not can_break_between("4", "8") and not can_break_between("1", ".")
    assert can_break_between("，", "用") and can_break_between("元", "《")


def test_paragraph_split_across_pages_keeps_text():
    style = _style()
    story = [CJKParagraph(TEXT * 40, style)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, initialFontName=FONT).build(story)
    from pypdf import PdfReader

    reader = PdfReader(buf)
    assert len(reader.pages) >= 2
    text = "".join(p.extract_text() for p in reader.pages).replace("\n", "")
    assert text.count("《大同市水污染防治条例》") == 40


def test_wrap_plain_ellipsis():
    lines = wrap_plain(TEXT, FONT, 8, 60, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…")


def test_number_formats():
    assert number_format.amount(Decimal("35.27"), 4) == "35.2700"
    assert number_format.amount(Decimal("1.48675"), 4) == "1.4868"
    assert number_format.amount(Decimal("1234.5"), 2, unit=True) == "1,234.50 亿元"
    assert number_format.amount(None) == "未知"
    assert number_format.rate(Decimal("0.45349")) == "45.3%" and number_format.rate(None) == "未知"
    assert number_format.amount_decimals([Decimal("35.27"), None, Decimal("10")]) == 2
    assert number_format.amount_decimals([Decimal("35.27"), Decimal("1.4868")]) == 4
    assert number_format.amount_decimals([Decimal("0.123456")]) == 4
    assert number_format.unknown_note(3) == "（未知 3 项）" and number_format.unknown_note(0) == ""
    assert number_format.period_label(2025, 3) == "2025年第三季度"
    assert number_format.shorten("一二三四五六七八九十", 6) == "一二三四五…"


def test_font_covers_the_plan_and_stand_ins_work():
    assert missing_glyphs("大同市“两山七河一流域”μg/m³ 万m² Ⅲ类 ≥ ≤ ℃ ‰ ①") == []
    assert missing_glyphs(printable("a\u00a0b\u200bc")) == []


def test_rare_characters_use_the_fallback_font_and_the_rest_is_named():
    """䶮 𠀀 𠮷 鿏 and 😀 are drawn by the bundled fallback font; what no font has becomes 〓 and is reported."""
    rare = "䶮𠀀𠮷鿏😀"
    assert missing_glyphs(rare) == sorted(rare)  # the main font alone lacks every one of them
    assert printable(f"刘{rare}🦜进度") == f"刘{rare}〓进度"
    assert unprintable(f"刘{rare}🦜进度🦜") == ["🦜"]
    assert runs("刘䶮祠") == [(FONT, "刘"), (FALLBACK_FONT, "䶮"), (FONT, "祠")]
    # control characters never reach the PDF: Word's vertical tab and form feed become line breaks
    assert printable("资金\x0b到位\x07慢\x1b\x0c") == "资金\n到位慢\n"


def test_characters_beyond_the_basic_plane_are_real_text_in_the_pdf():
    """reportlab writes "<20BB7>" into the ToUnicode map; the PDF's text must still read 𠮷, not garbage."""
    register_fonts()
    style = ParagraphStyle("t", fontName=FONT, fontSize=10, leading=13, wordWrap="CJK")
    buf = io.BytesIO()
    SimpleDocTemplate(buf, initialFontName=FONT).build([CJKParagraph(markup("吉田𠮷野家 𠀀 䶮"), style)])
    from pypdf import PdfReader

    assert "吉田𠮷野家 𠀀 䶮" in PdfReader(buf).pages[0].extract_text()


def test_charts_only_use_the_embedded_font(tmp_path):
    from reportlab.graphics import renderPDF

    from app.reports.charts import investment_by_category, status_distribution
    from app.reports.model import GroupRow, Total

    g = GroupRow(
        "附表1 流域生态保护与修复工程",
        3,
        Total(Decimal("12.5"), 2, 1),
        Total(),
        Total(),
        Total(Decimal("4.25"), 2, 1),
        Total(Decimal("12.5"), 2, 0),
        Decimal("4.25"),
    )
    for i, drawing in enumerate(
        [
            investment_by_category([g, g], 480, 4),
            investment_by_category([], 480, 4),
            status_distribution([("在建", 3), ("储备", 0)], [("red", 1), ("green", 2)], 480),
            status_distribution([("在建", 0)], [("red", 0)], 480),
        ]
    ):
        out = tmp_path / f"c{i}.pdf"
        renderPDF.drawToFile(drawing, str(out), initialFontName=FONT)
        fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
        assert "Helvetica" not in fonts, fonts
