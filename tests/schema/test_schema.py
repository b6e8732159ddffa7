import subprocess
import sys
from decimal import Decimal

import pytest
from pydantic import ValidationError

import opendrop_kit.schema as schema
from opendrop_kit.schema.money import MoneyError, format_minor_units, to_minor_units

PUBLIC_NAMES = {
    "Availability", "Brand", "BrandRef", "Category", "CategoryRef", "Conformance", "Dimensions", "FieldError",
    "Incoming", "Inventory", "InventoryLevel", "InventoryLookup", "InventoryLookupRequest", "KeyInfo", "Me",
    "Media", "Money", "MoneyError", "OptionValue", "Page", "PriceTier", "Problem", "ProblemRegistry",
    "ProblemType", "Product", "ProductOption", "TranslationState", "Variant", "Warehouse",
    "format_minor_units", "to_minor_units",
}  # fmt: skip


def test_public_surface_is_deliberate() -> None:
    assert set(schema.__all__) == PUBLIC_NAMES


def test_schema_imports_without_server_dependencies() -> None:
    code = "import sys, opendrop_kit.schema; print(sorted({'fastapi', 'sqlalchemy', 'starlette'} & set(sys.modules)))"

    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout

    assert output.strip() == "[]"


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [("19.99", "USD", 1999), ("19.9", "USD", 1990), ("1500", "JPY", 1500), ("1.250", "KWD", 1250), ("0", "EUR", 0)],
)
def test_amounts_convert_exactly(amount: str, currency: str, minor: int) -> None:
    assert to_minor_units(amount, currency) == minor


@pytest.mark.parametrize(
    ("amount", "currency", "code"),
    [
        ("19.999", "USD", "too_many_decimals"),
        ("1.5", "JPY", "too_many_decimals"),
        ("1.2345", "KWD", "too_many_decimals"),
        ("1,50", "EUR", "invalid_amount"),
        ("1e3", "EUR", "invalid_amount"),
        ("12.00", "usd", "invalid_currency"),
        ("12.00", "XYZ", "invalid_currency"),
    ],
)
def test_inexact_amounts_are_rejected(amount: str, currency: str, code: str) -> None:
    with pytest.raises(MoneyError) as raised:
        to_minor_units(amount, currency)

    assert raised.value.code == code


def test_decimal_input_is_not_rounded() -> None:
    with pytest.raises(MoneyError):
        to_minor_units(Decimal("0.001"), "EUR")


@pytest.mark.parametrize(
    ("minor", "currency", "text"),
    [(1999, "USD", "19.99"), (5, "USD", "0.05"), (1500, "JPY", "1500"), (1250, "KWD", "1.250"), (-5, "EUR", "-0.05")],
)
def test_amounts_format_with_currency_digits(minor: int, currency: str, text: str) -> None:
    assert format_minor_units(minor, currency) == text


def test_money_model_rejects_unknown_currency() -> None:
    with pytest.raises(ValidationError):
        schema.Money(amount="1.00", currency="ABC")

    assert schema.Money(amount="1.00", currency="EUR").minor_units() == 100
