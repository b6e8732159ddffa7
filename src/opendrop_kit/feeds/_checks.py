"""Checks that a product fits the store's columns before an import writes anything.

Readers and `normalize` already reject most bad values. These checks catch what would otherwise
fail inside the database halfway through an import: a string longer than its column, an integer
beyond PostgreSQL's 32-bit `integer`, a duplicate primary key, or a NUL character, which PostgreSQL
text cannot contain. So one bad row is reported and skipped instead of failing the whole import.
Each check returns a `Problem` naming the field, the value and the fix, or None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from opendrop_kit.feeds._canonical import primary_price_index
from opendrop_kit.feeds.model import FeedPrice, FeedProduct, FeedStock, FeedVariant
from opendrop_kit.schema.countries import is_country_code
from opendrop_kit.store.tables import (
    brands,
    categories,
    product_translations,
    products,
    variants,
    warehouses,
)

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
#: Separator of the names in a stored category path (`categories.path`).
CATEGORY_SEPARATOR = " > "

PRODUCT_STATUSES = frozenset(("active", "draft", "archived"))
INVENTORY_POLICIES = frozenset(("deny", "continue"))


def _length(column: Any) -> int:
    length = column.type.length
    assert isinstance(length, int)
    return int(length)


MAX_KEY = _length(products.c.source_key)
MAX_FEED = _length(products.c.feed)
MAX_LOCALE = min(_length(products.c.locale), _length(product_translations.c.locale))
MAX_BRAND = _length(brands.c.name)
MAX_CATEGORY_NAME = _length(categories.c.name)
MAX_CATEGORY_PATH = _length(categories.c.path)
MAX_SKU = _length(variants.c.sku)
MAX_BARCODE = _length(variants.c.barcode)
MAX_HS_CODE = _length(variants.c.hs_code)
MAX_WAREHOUSE_CODE = _length(warehouses.c.code)
MAX_WAREHOUSE_NAME = _length(warehouses.c.name)

_VARIANT_MEASURES = ("weight_grams", "length_mm", "width_mm", "height_mm", "processing_days")


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a product or variant cannot be stored: a stable code, the field, its value, the fix."""

    code: str
    field: str
    value: Any
    message: str


def product_problem(product: FeedProduct, serialized: bytes) -> Problem | None:
    """Check the product's own fields; `serialized` is its canonical form (`product_bytes`)."""
    problem = _product_text_problem(product) or _category_problem(product.categories)
    if problem is not None:
        return problem

    problem = _translation_problem(product) or _media_problem(product)
    if problem is not None:
        return problem

    # orjson writes U+0000 as the escape \u0000, so one search of the bytes finds every NUL.
    if b"\\u0000" in serialized:
        problem = _nul_problem(product)
        if problem is not None:
            return problem
    if not product.variants:
        return Problem("missing_variants", "variants", None, "The product has no variant; give it at least one.")
    return None


def variant_problem(variant: FeedVariant) -> Problem | None:
    """Check one variant: identifiers, measures, prices and stock."""
    # One pass of cheap comparisons clears the usual variant. Only a variant that fails one of
    # them goes through the detailed checks that name the problem.
    if _variant_looks_valid(variant):
        return None

    problem = _variant_identity_problem(variant) or _variant_detail_problem(variant)
    if problem is not None:
        return problem
    return _prices_problem(variant.prices) or _stock_problem(variant.stock)


def _variant_looks_valid(variant: FeedVariant) -> bool:
    key, sku, prices, stock = variant.key, variant.sku, variant.prices, variant.stock
    if not key or len(key) > MAX_KEY or not sku or len(sku) > MAX_SKU:
        return False
    barcode, hs_code, country = variant.barcode, variant.hs_code, variant.origin_country
    if (barcode is not None and len(barcode) > MAX_BARCODE) or (hs_code is not None and len(hs_code) > MAX_HS_CODE):
        return False
    if country is not None and not is_country_code(country):
        return False
    if variant.inventory_policy not in INVENTORY_POLICIES or not 1 <= variant.min_order_quantity <= INT32_MAX:
        return False

    for value in (
        variant.weight_grams,
        variant.length_mm,
        variant.width_mm,
        variant.height_mm,
        variant.processing_days,
    ):
        if value is not None and not 0 <= value <= INT32_MAX:
            return False
    if not 1 <= len(prices) <= 2 or len(stock) > 2 or prices[0].min_quantity != 1:
        return False

    for price in prices:
        if len(price.currency) != 3 or not 0 <= price.amount_minor <= INT64_MAX:
            return False
        if price.compare_at_minor is not None and not 0 <= price.compare_at_minor <= INT64_MAX:
            return False
        if not 1 <= price.min_quantity <= INT32_MAX:
            return False
    if len(prices) == 2 and (prices[0].currency, 1) == (prices[1].currency, prices[1].min_quantity):
        return False

    for level in stock:
        code = level.warehouse
        if not code or len(code) > MAX_WAREHOUSE_CODE or level.incoming_expected_at is not None:
            return False
        if level.on_hand is not None and not -INT32_MAX <= level.on_hand <= INT32_MAX:
            return False
        if not 0 <= level.reserved <= INT32_MAX or not 0 <= level.incoming <= INT32_MAX:
            return False
    return len(stock) < 2 or stock[0].warehouse != stock[1].warehouse


def warehouse_problem(code: str, name: str | None, country: str, ships_to: list[str]) -> Problem | None:
    """Check a warehouse that the import creates or updates."""
    if not code or len(code) > MAX_WAREHOUSE_CODE:
        return _too_long_or_empty("warehouse", code, MAX_WAREHOUSE_CODE)
    if name is not None and len(name) > MAX_WAREHOUSE_NAME:
        return _too_long_or_empty("name", name, MAX_WAREHOUSE_NAME)
    if not is_country_code(country):
        return Problem(
            "invalid_country",
            "country",
            country,
            f"'{country}' is not an ISO 3166-1 alpha-2 country code; use an upper-case code such as US.",
        )
    for destination in ships_to:
        if not is_country_code(destination):
            return Problem(
                "invalid_country",
                "ships_to",
                destination,
                f"'{destination}' is not an ISO 3166-1 alpha-2 country code; use an upper-case code such as DE.",
            )
    return None


def _product_text_problem(product: FeedProduct) -> Problem | None:
    if not product.key or len(product.key) > MAX_KEY:
        return _too_long_or_empty("key", product.key, MAX_KEY)
    if not product.title:
        return Problem("missing_title", "title", product.title, "The product has no title; give it one.")
    if product.status not in PRODUCT_STATUSES:
        return _not_one_of("status", product.status, PRODUCT_STATUSES)
    if not product.locale or len(product.locale) > MAX_LOCALE:
        return _too_long_or_empty("locale", product.locale, MAX_LOCALE)
    if product.brand is not None and (not product.brand or len(product.brand) > MAX_BRAND):
        return _too_long_or_empty("brand", product.brand, MAX_BRAND)
    return None


def _category_problem(paths: list[list[str]]) -> Problem | None:
    for path in paths:
        joined = CATEGORY_SEPARATOR.join(path)
        if not path or len(joined) > MAX_CATEGORY_PATH:
            return _too_long_or_empty("categories", joined, MAX_CATEGORY_PATH)

        for name in path:
            if not name or len(name) > MAX_CATEGORY_NAME:
                return _too_long_or_empty("categories", name, MAX_CATEGORY_NAME)
            if CATEGORY_SEPARATOR in name:
                return Problem(
                    "invalid_category",
                    "categories",
                    name,
                    f"The category name '{name}' contains '{CATEGORY_SEPARATOR.strip()}', which separates "
                    "the levels of a stored category path; give the levels as separate names.",
                )
    return None


def _translation_problem(product: FeedProduct) -> Problem | None:
    for locale, translation in product.translations.items():
        if not locale or len(locale) > MAX_LOCALE:
            return _too_long_or_empty("translations", locale, MAX_LOCALE)
        if not translation.title:
            return Problem(
                "missing_title",
                f"translations.{locale}.title",
                translation.title,
                f"The {locale} translation has no title; give it one or leave the translation out.",
            )
    return None


def _media_problem(product: FeedProduct) -> Problem | None:
    keys = {variant.key for variant in product.variants}
    for position, media in enumerate(product.media):
        if not media.url:
            return Problem("missing_url", f"media.{position}.url", media.url, "A media entry needs a URL.")
        for key in media.variant_keys:
            if key not in keys:
                return Problem(
                    "unknown_variant",
                    f"media.{position}.variant_keys",
                    key,
                    f"No variant of this product has the key '{key}'; name one of its variant keys.",
                )
    return None


def _nul_problem(product: FeedProduct) -> Problem | None:
    form = orjson.loads(orjson.dumps(product))
    path = _find_nul(form, "")
    if path is None:
        # The bytes held a literal backslash followed by 'u0000', which is harmless text.
        return None
    return Problem(
        "invalid_character",
        path.lstrip("."),
        None,
        "The text contains a NUL character (U+0000), which the store cannot hold; remove it.",
    )


def _find_nul(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None

    for name, item in items:
        found = _find_nul(name, f"{path}.{name}") if isinstance(name, str) else None
        found = found or _find_nul(item, f"{path}.{name}")
        if found is not None:
            return found
    return None


def _variant_identity_problem(variant: FeedVariant) -> Problem | None:
    if not variant.key or len(variant.key) > MAX_KEY:
        return _too_long_or_empty("variants.key", variant.key, MAX_KEY)
    sku = variant.sku
    if not sku:
        return Problem(
            "missing_sku", "sku", sku, "The variant has no SKU; give it one (normalize generates missing SKUs)."
        )
    if len(sku) > MAX_SKU:
        return _too_long_or_empty("sku", sku, MAX_SKU)
    if variant.barcode is not None and len(variant.barcode) > MAX_BARCODE:
        return _too_long_or_empty("barcode", variant.barcode, MAX_BARCODE)
    if variant.hs_code is not None and len(variant.hs_code) > MAX_HS_CODE:
        return _too_long_or_empty("hs_code", variant.hs_code, MAX_HS_CODE)
    return None


def _variant_detail_problem(variant: FeedVariant) -> Problem | None:
    if variant.origin_country is not None and not is_country_code(variant.origin_country):
        return Problem(
            "invalid_country",
            "origin_country",
            variant.origin_country,
            f"'{variant.origin_country}' is not an ISO 3166-1 alpha-2 country code; use one such as CN.",
        )
    if variant.inventory_policy not in INVENTORY_POLICIES:
        return _not_one_of("inventory_policy", variant.inventory_policy, INVENTORY_POLICIES)
    if not 1 <= variant.min_order_quantity <= INT32_MAX:
        return _out_of_range("min_order_quantity", variant.min_order_quantity, 1, INT32_MAX)

    for name in _VARIANT_MEASURES:
        value = getattr(variant, name)
        if value is not None and not 0 <= value <= INT32_MAX:
            return _out_of_range(name, value, 0, INT32_MAX)
    return None


def _prices_problem(prices: list[FeedPrice]) -> Problem | None:
    if not prices:
        return Problem("missing_price", "prices", None, "The variant has no price; give it one.")
    if primary_price_index(prices) is None:
        return Problem(
            "missing_unit_price",
            "prices",
            ", ".join(f"{price.currency} from {price.min_quantity}" for price in prices),
            "Every price of the variant starts above one unit; add a price with min_quantity 1, "
            "which becomes the variant's main price.",
        )

    for price in prices:
        problem = _price_problem(price)
        if problem is not None:
            return problem

    if len(prices) > 1 and len({(price.currency, price.min_quantity) for price in prices}) < len(prices):
        return Problem(
            "duplicate_price",
            "prices",
            ", ".join(f"{price.currency} from {price.min_quantity}" for price in prices),
            "Two prices share a currency and a min_quantity; keep one price per currency and quantity.",
        )
    return None


def _price_problem(price: FeedPrice) -> Problem | None:
    if len(price.currency) != 3:
        return Problem(
            "invalid_currency", "prices.currency", price.currency, "Use a three-letter ISO 4217 code such as USD."
        )
    if not 0 <= price.amount_minor <= INT64_MAX:
        return _out_of_range("prices.amount", price.amount_minor, 0, INT64_MAX)
    if price.compare_at_minor is not None and not 0 <= price.compare_at_minor <= INT64_MAX:
        return _out_of_range("prices.compare_at_amount", price.compare_at_minor, 0, INT64_MAX)
    if not 1 <= price.min_quantity <= INT32_MAX:
        return _out_of_range("prices.min_quantity", price.min_quantity, 1, INT32_MAX)
    return None


def _stock_problem(stock: list[FeedStock]) -> Problem | None:
    for level in stock:
        problem = _level_problem(level)
        if problem is not None:
            return problem

    if len(stock) > 1 and len({level.warehouse for level in stock}) < len(stock):
        return Problem(
            "duplicate_warehouse",
            "stock",
            ", ".join(level.warehouse for level in stock),
            "The stock list names a warehouse twice; give one entry per warehouse.",
        )
    return None


def _level_problem(level: FeedStock) -> Problem | None:
    if not level.warehouse or len(level.warehouse) > MAX_WAREHOUSE_CODE:
        return _too_long_or_empty("stock.warehouse", level.warehouse, MAX_WAREHOUSE_CODE)
    if level.on_hand is not None and not -INT32_MAX <= level.on_hand <= INT32_MAX:
        return _out_of_range("stock.on_hand", level.on_hand, -INT32_MAX, INT32_MAX)
    if not 0 <= level.reserved <= INT32_MAX:
        return _out_of_range("stock.reserved", level.reserved, 0, INT32_MAX)
    if not 0 <= level.incoming <= INT32_MAX:
        return _out_of_range("stock.incoming", level.incoming, 0, INT32_MAX)

    expected_at = level.incoming_expected_at
    if expected_at is not None and expected_at.utcoffset() is None:
        return Problem(
            "naive_timestamp",
            "stock.incoming_expected_at",
            expected_at.isoformat(),
            "The time has no UTC offset; give one, for example 2026-05-01T00:00:00Z.",
        )
    return None


def _too_long_or_empty(field: str, value: str | None, maximum: int) -> Problem:
    if not value:
        return Problem("missing_value", field, value, f"{field} is empty; give it a value.")
    return Problem(
        "value_too_long",
        field,
        value,
        f"{field} has {len(value)} characters; the store keeps at most {maximum}. Shorten it.",
    )


def _not_one_of(field: str, value: str, allowed: frozenset[str]) -> Problem:
    choices = ", ".join(sorted(allowed))
    return Problem("invalid_value", field, value, f"{field} '{value}' is not valid; use one of {choices}.")


def _out_of_range(field: str, value: int, minimum: int, maximum: int) -> Problem:
    return Problem(
        "out_of_range",
        field,
        value,
        f"{field} {value} is outside the range the store keeps ({minimum} to {maximum}).",
    )
