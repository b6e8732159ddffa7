from __future__ import annotations

import pytest

from opendrop_kit.feeds.prices import ParsedPrice, PriceError, parse_amount, parse_price


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("2890", "RSD", 289000),
        ("2999.0", "SEK", 299900),
        ("2999.00", "SEK", 299900),
        (".5", "USD", 50),
        ("5.", "USD", 500),
        ("0.00", "USD", 0),
        ("19,99", "EUR", 1999),
        ("0,5", "EUR", 50),
        ("1,234.56", "USD", 123456),
        ("1.234,56", "EUR", 123456),
        ("1,234,567", "USD", 123456700),
        ("1.234.567", "EUR", 123456700),
        ("1 234,50", "EUR", 123450),
        ("1\u00a0234,50", "EUR", 123450),
        ("1'234.50", "CHF", 123450),
        ("19.990", "USD", 1999),
        ("  19.99\u00a0", "USD", 1999),
        ("599", "CZK", 59900),
        ("1500", "JPY", 1500),
        ("1.250", "KWD", 1250),
    ],
)
def test_accepted_prices(text: str, currency: str, minor: int) -> None:
    assert parse_amount(text, currency) == minor


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("75.00 USD", ParsedPrice(7500, "USD")),
        ("USD 75.00", ParsedPrice(7500, "USD")),
        ("599 CZK", ParsedPrice(59900, "CZK")),
        ("0.00 usd", ParsedPrice(0, "USD")),
        ("19,99 EUR", ParsedPrice(1999, "EUR")),
    ],
)
def test_currency_in_text(text: str, expected: ParsedPrice) -> None:
    assert parse_price(text, None) == expected


@pytest.mark.parametrize(
    ("text", "currency", "code"),
    [
        ("1.26 -- 8.35", "USD", "price_range"),
        ("8.13-10.00", "USD", "price_range"),
        ("8.13 – 10.00", "USD", "price_range"),
        ("10 to 20", "USD", "price_range"),
        ("call us", "USD", "invalid_price"),
        ("$19.99", "USD", "invalid_price"),
        ("19.99$", "USD", "invalid_price"),
        ("free", "USD", "invalid_price"),
        ("12 34", "USD", "invalid_price"),
        ("1,2,3", "USD", "invalid_price"),
        ("19.999", "USD", "too_many_decimals"),
        ("1.234", "USD", "too_many_decimals"),
        ("0.5", "JPY", "too_many_decimals"),
        ("-5", "USD", "negative_price"),
        ("-0.01", "USD", "negative_price"),
        ("1,234", "USD", "ambiguous_separator"),
        ("", "USD", "missing_price"),
        ("   ", "USD", "missing_price"),
        ("75.00 EUR", "USD", "currency_mismatch"),
        ("19.99", "XYZ", "invalid_currency"),
        ("٣", "USD", "invalid_price"),
    ],
)
def test_rejected_prices(text: str, currency: str, code: str) -> None:
    with pytest.raises(PriceError) as raised:
        parse_price(text, currency)

    assert raised.value.code == code
    if text.strip():
        assert text.strip() in str(raised.value)


def test_missing_currency() -> None:
    with pytest.raises(PriceError) as raised:
        parse_price("19.99", None)

    assert raised.value.code == "missing_currency"


def test_never_rounds() -> None:
    # 0.005 USD is half a cent: rounding either way would invent money.
    with pytest.raises(PriceError):
        parse_amount("0.005", "USD")
