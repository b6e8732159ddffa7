"""Encoding of feed dataclasses as OpenDrop NDJSON records.

Fields that hold their default (None, an empty list, `status` active, `inventory_policy` deny and so
on) are left out, because the reader restores exactly those defaults. `locale` and each stock
entry's `warehouse` are always written, because the reader's defaults for them come from
`ReadOptions` and could differ.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from opendrop_kit.feeds.model import (
    FeedMedia,
    FeedPrice,
    FeedProduct,
    FeedStock,
    FeedTranslation,
    FeedVariant,
    FeedWarehouse,
)
from opendrop_kit.schema.money import format_minor_units

_OPTIONAL_PRODUCT_TEXT = ("description_html", "description_text", "brand", "source_url")
_OPTIONAL_VARIANT_VALUES = (
    "barcode",
    "weight_grams",
    "length_mm",
    "width_mm",
    "height_mm",
)
_LATE_VARIANT_VALUES = ("processing_days", "origin_country", "hs_code", "image_url")


def warehouse_record(warehouse: FeedWarehouse) -> dict[str, Any]:
    record: dict[str, Any] = {"type": "warehouse", "code": warehouse.code, "country": warehouse.country}
    if warehouse.name is not None:
        record["name"] = warehouse.name
    if warehouse.ships_to:
        record["ships_to"] = warehouse.ships_to
    return record


def product_record(product: FeedProduct) -> dict[str, Any]:
    record: dict[str, Any] = {"type": "product", "key": product.key, "title": product.title}
    for name in _OPTIONAL_PRODUCT_TEXT:
        value = getattr(product, name)
        if value is not None:
            record[name] = value

    if product.status != "active":
        record["status"] = product.status
    record["locale"] = product.locale
    _put_if_any(record, "categories", product.categories)
    _put_if_any(record, "tags", product.tags)
    _put_if_any(record, "attributes", product.attributes)
    _put_if_any(record, "options", product.options)

    record["variants"] = [variant_record(variant) for variant in product.variants]
    if product.media:
        record["media"] = [_media_record(media) for media in product.media]
    if product.translations:
        record["translations"] = {
            locale: _translation_record(translation) for locale, translation in product.translations.items()
        }
    return record


def variant_record(variant: FeedVariant) -> dict[str, Any]:
    record: dict[str, Any] = {"key": variant.key}
    if variant.sku is not None:
        record["sku"] = variant.sku
    if variant.sku_generated:
        record["sku_generated"] = True
    if variant.title is not None:
        record["title"] = variant.title
    if variant.option_values:
        record["options"] = [{"option": name, "value": value} for name, value in variant.option_values]
    if variant.prices:
        record["prices"] = [price_record(price) for price in variant.prices]
    if variant.stock:
        record["stock"] = [stock_record(level) for level in variant.stock]

    for name in _OPTIONAL_VARIANT_VALUES:
        value = getattr(variant, name)
        if value is not None:
            record[name] = value
    if variant.inventory_policy != "deny":
        record["inventory_policy"] = variant.inventory_policy
    if variant.min_order_quantity != 1:
        record["min_order_quantity"] = variant.min_order_quantity
    for name in _LATE_VARIANT_VALUES:
        value = getattr(variant, name)
        if value is not None:
            record[name] = value
    return record


def price_record(price: FeedPrice) -> dict[str, Any]:
    record: dict[str, Any] = {
        "amount": format_minor_units(price.amount_minor, price.currency),
        "currency": price.currency,
    }
    if price.compare_at_minor is not None:
        record["compare_at_amount"] = format_minor_units(price.compare_at_minor, price.currency)
    if price.min_quantity != 1:
        record["min_quantity"] = price.min_quantity
    return record


def stock_record(level: FeedStock) -> dict[str, Any]:
    record: dict[str, Any] = {"warehouse": level.warehouse, "on_hand": level.on_hand}
    if level.reserved:
        record["reserved"] = level.reserved
    if level.incoming:
        record["incoming"] = level.incoming
    if level.incoming_expected_at is not None:
        record["incoming_expected_at"] = format_timestamp(level.incoming_expected_at)
    return record


def format_timestamp(value: datetime) -> str:
    """Format an aware datetime as RFC 3339, keeping its offset and writing UTC as `Z`."""
    offset = value.utcoffset()
    if offset is None:
        raise ValueError(
            f"incoming_expected_at {value.isoformat()} has no timezone; attach one (for example UTC) "
            "before writing, because a naive time means a different instant in each warehouse."
        )

    text = value.isoformat()
    if offset == timedelta(0):
        return text.removesuffix("+00:00") + "Z"
    return text


def _media_record(media: FeedMedia) -> dict[str, Any]:
    record: dict[str, Any] = {"url": media.url}
    if media.alt is not None:
        record["alt"] = media.alt
    if media.variant_keys:
        record["variant_keys"] = media.variant_keys
    return record


def _translation_record(translation: FeedTranslation) -> dict[str, Any]:
    record: dict[str, Any] = {"title": translation.title}
    if translation.description_html is not None:
        record["description_html"] = translation.description_html
    _put_if_any(record, "option_names", translation.option_names)
    _put_if_any(record, "option_values", translation.option_values)
    if translation.source_hash is not None:
        record["source_hash"] = translation.source_hash
    return record


def _put_if_any(record: dict[str, Any], name: str, value: list[Any] | dict[str, Any]) -> None:
    if value:
        record[name] = value
