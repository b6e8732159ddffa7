"""The canonical form of a feed product: what the store keeps of it, in an order the store can restore.

`product_hash` digests that form; `apply` stores the digest in `products.content_hash` and skips a
product whose digest did not change. `load` rebuilds products from the store in this same order,
so a product read back from the store hashes to the digest it was stored with.

Left out of the form, because the store does not keep them or they do not describe the product:
line numbers, and `FeedVariant.sku_generated` (an exported generated SKU comes back as a plain
SKU, and that alone must not count as a change). Put in a fixed order, because the store keeps
them as unordered rows: categories (sorted, duplicates dropped), prices after the primary one
(sorted by currency and minimum quantity) and stock (sorted by warehouse code). Timestamps are
converted to UTC, as the store returns them.
"""

from __future__ import annotations

import hashlib
from datetime import UTC
from typing import Any

import orjson

from opendrop_kit.feeds.model import FeedPrice, FeedProduct, FeedStock, FeedVariant

_SORT_KEYS = orjson.OPT_SORT_KEYS


def product_hash(product: FeedProduct) -> str:
    """Return the SHA-256 hex digest of the product's canonical form."""
    return hashlib.sha256(product_bytes(product)).hexdigest()


def product_bytes(product: FeedProduct) -> bytes:
    """Serialize the product's canonical form: JSON with sorted object keys."""
    return orjson.dumps(_product_form(product), option=_SORT_KEYS)


def variant_bytes(variant: FeedVariant) -> bytes:
    """Serialize one variant's canonical form, to tell which variants of a changed product changed."""
    return orjson.dumps(_variant_form(variant), option=_SORT_KEYS)


def primary_price_index(prices: list[FeedPrice]) -> int | None:
    """Return the index of the variant's primary price: the first one that applies from one unit."""
    for index, price in enumerate(prices):
        if price.min_quantity == 1:
            return index
    return None


def ordered_prices(prices: list[FeedPrice]) -> list[FeedPrice]:
    """Return the primary price first, then the others sorted by currency and minimum quantity."""
    if len(prices) == 1:
        return prices

    primary = primary_price_index(prices)
    if primary is None:
        return sorted(prices, key=_price_order)
    others = prices[:primary] + prices[primary + 1 :]
    return [prices[primary], *sorted(others, key=_price_order)]


def ordered_stock(stock: list[FeedStock]) -> list[FeedStock]:
    """Return the stock entries sorted by warehouse code."""
    if len(stock) < 2:
        return stock
    return sorted(stock, key=_stock_order)


def canonical_categories(categories: list[list[str]]) -> list[tuple[str, ...]]:
    """Return the distinct category paths, sorted."""
    return sorted({tuple(path) for path in categories})


def _product_form(product: FeedProduct) -> tuple[Any, ...]:
    return (
        product.key,
        product.title,
        product.description_html,
        product.description_text,
        product.brand,
        canonical_categories(product.categories) if product.categories else (),
        product.tags,
        product.status,
        product.options,
        [_variant_form(variant) for variant in product.variants],
        product.media,
        product.attributes,
        product.locale,
        product.translations,
        product.source_url,
    )


def _variant_form(variant: FeedVariant) -> tuple[Any, ...]:
    prices = variant.prices
    stock = variant.stock
    return (
        variant.key,
        variant.sku,
        variant.option_values,
        prices if len(prices) == 1 else ordered_prices(prices),
        stock if len(stock) < 2 and not _has_expected_at(stock) else _stock_forms(stock),
        variant.title,
        variant.barcode,
        variant.weight_grams,
        variant.length_mm,
        variant.width_mm,
        variant.height_mm,
        variant.inventory_policy,
        variant.min_order_quantity,
        variant.processing_days,
        variant.origin_country,
        variant.hs_code,
        variant.image_url,
    )


def _has_expected_at(stock: list[FeedStock]) -> bool:
    return bool(stock) and stock[0].incoming_expected_at is not None


def _stock_forms(stock: list[FeedStock]) -> list[FeedStock | tuple[Any, ...]]:
    return [_stock_form(level) for level in ordered_stock(stock)]


def _stock_form(level: FeedStock) -> FeedStock | tuple[Any, ...]:
    expected_at = level.incoming_expected_at
    if expected_at is None:
        return level

    # The store returns UTC; an aware time in another offset is the same instant.
    utc = expected_at.astimezone(UTC) if expected_at.tzinfo is not None else expected_at
    return (level.warehouse, level.on_hand, level.reserved, level.incoming, utc.isoformat())


def _price_order(price: FeedPrice) -> tuple[str, int]:
    return (price.currency, price.min_quantity)


def _stock_order(level: FeedStock) -> str:
    return level.warehouse
