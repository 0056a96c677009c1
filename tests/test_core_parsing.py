"""The one parser for numbers people type: a comma is a thousands separator only where it is one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core import number_format
from app.core.parsing import NumberTextError, parse_amount_yi, parse_decimal, parse_land_mu, parse_number

COMMA_NOTE = "中的逗号不是千位分隔符：小数请用小数点"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,234.5", "1234.5"), ("12,345", "12345"), ("1,234,567.89", "1234567.89"), ("-1,234", "-1234"), ("３５", "35")],
)
def test_real_thousands_separators_are_read(text: str, expected: str) -> None:
    assert parse_number(text).value == Decimal(expected)
    assert parse_amount_yi(text).value == Decimal(expected)
    assert parse_land_mu(text).value == Decimal(expected)


@pytest.mark.parametrize("text", ["0,35", "1,5", "1，5", "0,350", "1234,567", "12,34", "1,234,5"])
def test_a_comma_that_is_not_a_thousands_separator_is_an_error_with_the_reason(text: str) -> None:
    for parser in (parse_number, parse_amount_yi, parse_land_mu):
        parsed = parser(text)
        assert parsed.status == "invalid" and parsed.value is None
        assert f"“{text}”{COMMA_NOTE}" in parsed.note


def test_a_comma_inside_an_amount_with_a_unit_follows_the_same_rule() -> None:
    assert parse_amount_yi("1，5亿").status == "invalid"
    assert COMMA_NOTE in parse_amount_yi("0,35 万元").note
    assert parse_amount_yi("1,500万元").value == Decimal("0.15")
    assert parse_land_mu("12,000亩").value == Decimal(12000)


@pytest.mark.parametrize("text", ["1e3", "1E3", "2.5e-2", "１ｅ３"])
def test_scientific_notation_is_refused_not_multiplied(text: str) -> None:
    for parser in (parse_number, parse_amount_yi, parse_land_mu):
        parsed = parser(text)
        assert parsed.status == "invalid" and "科学计数法" in parsed.note


def test_digits_separated_by_a_space_are_not_joined() -> None:
    # The old amount parser removed every space: "1 5" became 15.
    assert parse_amount_yi("1 5").status == "invalid"
    assert parse_amount_yi("1.5 亿元").value == Decimal("1.5")


def test_parse_decimal_raises_with_the_note() -> None:
    assert parse_decimal("1,234.5") == Decimal("1234.5")
    with pytest.raises(NumberTextError, match=COMMA_NOTE):
        parse_decimal("0,35")
    with pytest.raises(NumberTextError, match="请输入数字"):
        parse_decimal("  ")


amounts = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=4, allow_nan=False)


@given(amounts)
def test_formatted_amounts_read_back_as_the_same_value(value: Decimal) -> None:
    for text in (
        number_format.amount(value),
        number_format.amount_short(value),
        number_format.amount(value, unit=True),
    ):
        assert parse_amount_yi(text).value == value, text
    assert parse_number(number_format.total(value, places=4)).value == value


@given(
    st.integers(min_value=0, max_value=999_999),
    st.text(alphabet="0123456789", min_size=1, max_size=6).filter(lambda f: len(f) != 3),
    st.sampled_from([",", "，"]),
)
def test_a_decimal_comma_is_never_read_as_a_bigger_number(whole: int, fraction: str, comma: str) -> None:
    # "0,35" / "1,5" / "2,0001" are a decimal comma from another locale: never ×10, ×100, ×1000…
    text = f"{whole}{comma}{fraction}"
    for parser in (parse_number, parse_amount_yi, parse_land_mu):
        parsed = parser(text)
        assert parsed.status == "invalid" and COMMA_NOTE in parsed.note


@given(st.text(max_size=30))
def test_any_text_is_either_a_number_blank_or_explained(text: str) -> None:
    for parser in (parse_number, parse_amount_yi, parse_land_mu):
        parsed = parser(text)
        assert parsed.status in {"ok", "blank", "invalid"}
        assert (parsed.value is not None) == (parsed.status == "ok")
        if parsed.status == "invalid":
            assert parsed.note
