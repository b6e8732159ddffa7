"""Small parsers for cell values that several feed formats share: weights, lengths, flags, lists.

Each parser raises `ValueError` with a message that names the value and the accepted forms. The
readers turn it into a warning and leave the field empty, because a bad weight should not cost
the supplier the whole product.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from opendrop_kit.feeds.textio import INVISIBLE_CHARACTERS

#: Grams per unit, by the unit names feeds use (Shopify: g/kg/lb/oz, Google: also lbs).
GRAMS_PER_UNIT: dict[str, Decimal] = {
    "g": Decimal(1),
    "gr": Decimal(1),
    "gram": Decimal(1),
    "grams": Decimal(1),
    "kg": Decimal(1000),
    "kgs": Decimal(1000),
    "lb": Decimal("453.59237"),
    "lbs": Decimal("453.59237"),
    "oz": Decimal("28.349523125"),
}

#: Millimetres per unit of length.
MILLIMETRES_PER_UNIT: dict[str, Decimal] = {
    "mm": Decimal(1),
    "cm": Decimal(10),
    "m": Decimal(1000),
    "in": Decimal("25.4"),
    "ft": Decimal("304.8"),
}

_QUANTITY = re.compile(r"^\s*([0-9]*[.,]?[0-9]+)\s*([A-Za-z]*)\s*$")
_TRUE = frozenset({"1", "true", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "no", "n", "off", ""})
_INVISIBLE_TABLE = str.maketrans("", "", INVISIBLE_CHARACTERS)

# WooCommerce and spreadsheet tools put an apostrophe before cells that start with these
# characters, so that a spreadsheet does not run them as formulas.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def to_grams(text: str, default_unit: str = "g") -> int:
    """Convert a weight such as '1.13 lb', '.5' (in `default_unit`) or '12000.0' to whole grams.

    An empty `default_unit` makes the unit required.
    """
    amount, unit = _split_quantity(text, default_unit)
    if not unit:
        raise ValueError(f"'{text}' has no unit; write it like '1.5 kg' (g, kg, lb or oz).")
    factor = GRAMS_PER_UNIT.get(unit)
    if factor is None:
        raise ValueError(f"'{text}' has an unknown weight unit '{unit}'; use g, kg, lb or oz.")
    return _round_whole(amount * factor)


def to_millimetres(text: str, default_unit: str = "mm") -> int:
    """Convert a length such as '10.5' (in `default_unit`) or '4 in' to whole millimetres.

    An empty `default_unit` makes the unit required.
    """
    amount, unit = _split_quantity(text, default_unit)
    if not unit:
        raise ValueError(f"'{text}' has no unit; write it like '20 cm' (mm, cm, m or in).")
    factor = MILLIMETRES_PER_UNIT.get(unit)
    if factor is None:
        raise ValueError(f"'{text}' has an unknown length unit '{unit}'; use mm, cm, m or in.")
    return _round_whole(amount * factor)


def to_int(text: str) -> int:
    """Parse a whole number, accepting a '.0' that spreadsheets add ('12.0' -> 12)."""
    value = text.strip()
    try:
        number = Decimal(value)
    except InvalidOperation as error:
        raise ValueError(f"'{text}' is not a whole number.") from error
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(f"'{text}' is not a whole number.")
    return int(number)


def to_bool(text: str) -> bool:
    """Parse a yes/no cell: 1/0, true/false, yes/no (any case); empty is False."""
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"'{text}' is not a yes/no value; use 1 or 0.")


def split_list(text: str, separator: str = ",") -> list[str]:
    """Split a list cell and drop empty items: 'a, b,,c' -> ['a', 'b', 'c']."""
    return [item.strip() for item in text.split(separator) if item.strip()]


def remove_formula_guard(text: str) -> str:
    """Remove the apostrophe spreadsheets and WooCommerce put before '-1', '=x', '+1' and '@x'."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def clean_identifier(text: str) -> str:
    """Trim an identifier (SKU, barcode): outer whitespace including no-break spaces, and every
    invisible character such as zero-width spaces, wherever it sits."""
    if text.isascii():
        # Every invisible character is outside ASCII, and `isascii` costs nothing in CPython.
        return text.strip()
    return text.translate(_INVISIBLE_TABLE).strip()


def _split_quantity(text: str, default_unit: str) -> tuple[Decimal, str]:
    match = _QUANTITY.match(text)
    if match is None:
        raise ValueError(f"'{text}' is not a number with an optional unit, such as '1.5 kg'.")

    number, unit = match.groups()
    return Decimal(number.replace(",", ".")), (unit or default_unit).lower()


def _round_whole(value: Decimal) -> int:
    # Sub-unit precision of a weight or length is conversion residue (0.5 lb is 226.796185 g),
    # so whole units are exact enough. Money never goes through here.
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
