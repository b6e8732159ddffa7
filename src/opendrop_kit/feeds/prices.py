"""Parse the price text of supplier feeds into integer minor units, without ever rounding.

Accepted (`currency` USD unless a code is shown):

===================  =========  ==========================================================
Text                 Minor      Rule
===================  =========  ==========================================================
``2890``             289000     whole number
``2999.0``           299900     dot decimal; trailing zeros beyond the currency's digits
                                are fine because nothing is lost
``.5``               50         missing leading zero
``19,99``            1999       one comma followed by 1, 2 or 4+ digits is a decimal comma
``1,234.56``         123456     both separators: the last one is the decimal separator and
``1.234,56``         123456     the other must group digits by three
``1,234,567``        123456700  repeated commas or dots that group by three: thousands
``1 234,50``         123450     spaces, no-break spaces and apostrophes grouping by three
``75.00 USD``        7500       ISO 4217 code before or after the amount (Google Merchant)
===================  =========  ==========================================================

Rejected, each with a `PriceError.code`:

- ``missing_price``: empty text.
- ``price_range``: two amounts joined by -, --, –, — or "to" (``1.26 -- 8.35``, ``8.13-10.00``).
- ``negative_price``: a leading minus sign.
- ``ambiguous_separator``: a single comma followed by exactly three digits (``1,234`` is 1234 in
  English and 1.234 in German). Write ``1234`` or ``1.234``.
- ``too_many_decimals``: more fractional digits than the currency has (``19.999`` USD), unless
  the extra digits are zeros.
- ``invalid_price``: anything else, such as ``call us`` or ``$19.99`` (currency symbols are not
  accepted: ``$`` alone does not say which dollar).
- ``currency_mismatch``: the text names a currency other than the one expected.
- ``missing_currency``: neither the text nor the caller gives a currency.
- ``invalid_currency``: not an active ISO 4217 code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from opendrop_kit.schema.money import MoneyError, format_minor_units, to_minor_units

_SPACES = " \u00a0\u202f\u2009"
_CURRENCY_CODE = re.compile(r"^(?:([A-Za-z]{3})(?=[\s0-9.,]))?\s*(.*?)\s*(?:(?<=[\s0-9.,])([A-Za-z]{3}))?$", re.DOTALL)
_NUMBER_CHARACTERS = re.compile(r"^[0-9.,' \u00a0\u202f\u2009]+$")
_RANGE = re.compile(r"^[0-9.,' \u00a0\u202f\u2009]*[0-9]\s*(?:-{1,2}|–|—|to)\s*[0-9]")
_PLAIN = re.compile(r"^([0-9]*)(?:\.([0-9]*))?$")
_DIGITS = re.compile(r"^[0-9]*$")
_GROUP_SEPARATORS = re.compile(r"[ \u00a0\u202f\u2009']")
_GROUPED_BY_THREE = re.compile(r"^[0-9]{1,3}(?:X[0-9]{3})+$")


class PriceError(ValueError):
    """A price text that cannot be turned into an exact amount; `code` is stable for reports."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class ParsedPrice:
    """An exact amount in minor units of `currency`."""

    amount_minor: int
    currency: str


# Feeds repeat a few thousand price texts over millions of rows; results are immutable, so they
# are shared. Rejected texts raise and are not cached.
@lru_cache(maxsize=65536)
def parse_price(text: str, currency: str | None) -> ParsedPrice:
    """Parse a price with an optional ISO 4217 code in the text; `currency` is the expected one.

    A code in the text is used when `currency` is None; when both are given they must agree.
    """
    stripped = text.strip(_SPACES + "\t\r\n")
    if not stripped:
        raise PriceError("missing_price", "the price is empty; give the price as a decimal number such as 19.99.")

    match = _CURRENCY_CODE.match(stripped)
    assert match is not None  # every part of the pattern is optional
    leading_code, amount_text, trailing_code = match.groups()
    if leading_code and trailing_code:
        amount_text = stripped  # '5 EUR USD' is no price, so the number check rejects the whole text
    amount = to_decimal_text(amount_text, shown=stripped)
    named = (leading_code or trailing_code or "").upper() or None
    code = _pick_currency(stripped, named, currency)

    try:
        return ParsedPrice(to_minor_units(amount, code), code)
    except MoneyError as error:
        reason = "invalid_price" if error.code == "invalid_amount" else error.code
        raise PriceError(reason, f"'{stripped}': {error}") from error


def show_money(minor: int, currency: str) -> str:
    """Render an amount for a message, as '2890.00 RSD' rather than in minor units."""
    return f"{format_minor_units(minor, currency)} {currency}"


def parse_amount(text: str, currency: str) -> int:
    """Parse a price in a known currency and return its minor units."""
    return parse_price(text, currency).amount_minor


def to_decimal_text(text: str, *, shown: str | None = None) -> str:
    """Rewrite a human-written number as a plain decimal string ('1.234,50' -> '1234.50')."""
    shown = shown or text
    value = text.strip(_SPACES)
    if value.startswith(("-", "\u2212")):
        raise PriceError("negative_price", f"'{shown}' is negative; prices must be zero or more.")
    if _RANGE.match(value):
        raise PriceError(
            "price_range",
            f"'{shown}' is a price range; give one price per variant (split the range into variants).",
        )
    if not _NUMBER_CHARACTERS.match(value):
        raise PriceError("invalid_price", f"'{shown}' is not a price; give a decimal number such as 19.99.")

    value = _remove_group_spaces(value, shown)
    plain = _PLAIN.match(value)
    if plain is not None:
        return _join(plain.group(1), plain.group(2) or "", shown)
    return _with_separators(value, shown)


def _pick_currency(text: str, in_text: str | None, expected: str | None) -> str:
    if in_text is not None and expected is not None and in_text != expected:
        raise PriceError(
            "currency_mismatch",
            f"'{text}' is in {in_text} but the feed's prices are in {expected}; use one currency per feed.",
        )
    chosen = in_text or expected
    if chosen is None:
        raise PriceError(
            "missing_currency",
            f"'{text}' names no currency; add an ISO 4217 code such as '19.99 USD'.",
        )
    return chosen


def _remove_group_spaces(value: str, shown: str) -> str:
    if not _GROUP_SEPARATORS.search(value):
        return value

    whole, separator, fraction = _split_last_decimal(value)
    groups = _GROUP_SEPARATORS.sub("X", whole)
    if not _GROUPED_BY_THREE.match(groups):
        raise PriceError(
            "invalid_price",
            f"'{shown}' is not a price: spaces and apostrophes may only group digits by three.",
        )
    return groups.replace("X", "") + separator + fraction


def _split_last_decimal(value: str) -> tuple[str, str, str]:
    position = max(value.rfind("."), value.rfind(","))
    if position < 0:
        return value, "", ""
    return value[:position], value[position], value[position + 1 :]


def _with_separators(value: str, shown: str) -> str:
    if value.count(",") == 1 and "." not in value:
        whole, fraction = value.split(",")
        if len(fraction) == 3 and whole:
            raise PriceError(
                "ambiguous_separator",
                f"'{shown}' is ambiguous: the comma may separate thousands or decimals; "
                "write 1234 or 1.234 instead of 1,234.",
            )
        return _join(whole, fraction, shown)

    return _with_grouping(value, shown)


def _with_grouping(value: str, shown: str) -> str:
    if "." in value and "," in value:
        last = max(value.rfind("."), value.rfind(","))
        decimal = value[last]
        group = "," if decimal == "." else "."
        whole, fraction = value[:last], value[last + 1 :]
    else:
        # One kind of separator, repeated ("1,234,567"): thousands, no fraction.
        group = "." if "." in value else ","
        whole, fraction, decimal = value, "", ""

    if (decimal and decimal in whole) or not _GROUPED_BY_THREE.match(whole.replace(group, "X")):
        raise PriceError(
            "invalid_price",
            f"'{shown}' is not a price: thousands separators must group digits by three.",
        )
    return _join(whole.replace(group, ""), fraction, shown)


def _join(whole: str, fraction: str, shown: str) -> str:
    digits_only = _DIGITS.match(whole) and _DIGITS.match(fraction)
    if not (whole or fraction) or not digits_only:
        raise PriceError("invalid_price", f"'{shown}' is not a price; give a decimal number such as 19.99.")

    normalized_whole = whole.lstrip("0") or "0"
    return f"{normalized_whole}.{fraction}" if fraction else normalized_whole
