"""Money on the wire: decimal strings with an ISO 4217 currency, stored as integer minor units.

OpenDrop never rounds: an amount with more fractional digits than its currency has minor units is
rejected. JPY has 0 digits, USD 2, KWD 3 and CLF 4, following ISO 4217 list one.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Minor-unit digits of each active ISO 4217 code. Codes absent here (XAU, XXX, withdrawn codes)
# are not accepted as prices.
CURRENCY_DIGITS: dict[str, int] = {
    **dict.fromkeys(
        [
            "AED",
            "AFN",
            "ALL",
            "AMD",
            "ANG",
            "AOA",
            "ARS",
            "AUD",
            "AWG",
            "AZN",
            "BAM",
            "BBD",
            "BDT",
            "BGN",
            "BMD",
            "BND",
            "BOB",
            "BOV",
            "BRL",
            "BSD",
            "BTN",
            "BWP",
            "BYN",
            "BZD",
            "CAD",
            "CDF",
            "CHE",
            "CHF",
            "CHW",
            "CNY",
            "COP",
            "COU",
            "CRC",
            "CUP",
            "CVE",
            "CZK",
            "DKK",
            "DOP",
            "DZD",
            "EGP",
            "ERN",
            "ETB",
            "EUR",
            "FJD",
            "FKP",
            "GBP",
            "GEL",
            "GHS",
            "GIP",
            "GMD",
            "GTQ",
            "GYD",
            "HKD",
            "HNL",
            "HTG",
            "HUF",
            "IDR",
            "ILS",
            "INR",
            "IRR",
            "JMD",
            "KES",
            "KGS",
            "KHR",
            "KPW",
            "KYD",
            "KZT",
            "LAK",
            "LBP",
            "LKR",
            "LRD",
            "LSL",
            "MAD",
            "MDL",
            "MGA",
            "MKD",
            "MMK",
            "MNT",
            "MOP",
            "MRU",
            "MUR",
            "MVR",
            "MWK",
            "MXN",
            "MXV",
            "MYR",
            "MZN",
            "NAD",
            "NGN",
            "NIO",
            "NOK",
            "NPR",
            "NZD",
            "PAB",
            "PEN",
            "PGK",
            "PHP",
            "PKR",
            "PLN",
            "QAR",
            "RON",
            "RSD",
            "RUB",
            "SAR",
            "SBD",
            "SCR",
            "SDG",
            "SEK",
            "SGD",
            "SHP",
            "SLE",
            "SOS",
            "SRD",
            "SSP",
            "STN",
            "SVC",
            "SYP",
            "SZL",
            "THB",
            "TJS",
            "TMT",
            "TOP",
            "TRY",
            "TTD",
            "TWD",
            "TZS",
            "UAH",
            "USD",
            "USN",
            "UYU",
            "UZS",
            "VED",
            "VES",
            "WST",
            "XCD",
            "XCG",
            "YER",
            "ZAR",
            "ZMW",
            "ZWG",
        ],
        2,
    ),
    **dict.fromkeys(
        [
            "BIF",
            "CLP",
            "DJF",
            "GNF",
            "ISK",
            "JPY",
            "KMF",
            "KRW",
            "PYG",
            "RWF",
            "UGX",
            "UYI",
            "VND",
            "VUV",
            "XAF",
            "XOF",
            "XPF",
        ],
        0,
    ),
    **dict.fromkeys(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"], 3),
    **dict.fromkeys(["CLF", "UYW"], 4),
}

AMOUNT_PATTERN = r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$"
_AMOUNT_RE = re.compile(AMOUNT_PATTERN)


class MoneyError(ValueError):
    """An amount or currency that cannot be represented exactly; `code` is a stable problem code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def currency_digits(currency: str) -> int:
    """Return the number of minor-unit digits of an ISO 4217 code, or raise `MoneyError`."""
    digits = CURRENCY_DIGITS.get(currency)
    if digits is None:
        raise MoneyError(
            "invalid_currency",
            f"'{currency}' is not an active ISO 4217 currency code; use an upper-case code such as USD.",
        )
    return digits


def to_minor_units(amount: str | Decimal, currency: str) -> int:
    """Convert a decimal amount to integer minor units, rejecting digits the currency does not have."""
    digits = currency_digits(currency)
    value = _to_decimal(amount)

    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite values only; _to_decimal rejects NaN and infinity
    if -exponent > digits and value != value.quantize(Decimal(1).scaleb(-digits)):
        raise MoneyError(
            "too_many_decimals",
            f"{amount} has more decimals than {currency} allows ({digits}); send the amount rounded by your own rules.",
        )

    return int(value.scaleb(digits))


def format_minor_units(minor: int, currency: str) -> str:
    """Format integer minor units as the decimal string of the wire format ('19.99', '1500')."""
    digits = currency_digits(currency)
    if digits == 0:
        return str(minor)

    sign = "-" if minor < 0 else ""
    whole, fraction = divmod(abs(minor), 10**digits)
    return f"{sign}{whole}.{fraction:0{digits}d}"


def _to_decimal(amount: str | Decimal) -> Decimal:
    if isinstance(amount, Decimal):
        if not amount.is_finite():
            raise MoneyError("invalid_amount", f"{amount} is not a finite amount.")
        return amount

    if not _AMOUNT_RE.match(amount):
        raise MoneyError(
            "invalid_amount",
            f"'{amount}' is not a decimal amount; write it like 19.99, with a dot and no thousands separator.",
        )
    try:
        return Decimal(amount)
    except InvalidOperation as error:  # pragma: no cover - the pattern above already excludes these
        raise MoneyError("invalid_amount", f"'{amount}' is not a decimal amount.") from error
