"""Turn catalog rows into wire dictionaries, in the locale chosen for the request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from opendrop_kit.feeds.hashing import content_hash
from opendrop_kit.schema.money import format_minor_units
from opendrop_kit.server.catalog.repository import ProductBundle, Row
from opendrop_kit.server.inventory.availability import summarize


@dataclass(slots=True)
class Localizer:
    """Option names and values of one translation; identity when the source locale is served."""

    option_names: dict[str, str] = field(default_factory=dict)
    option_values: dict[str, dict[str, str]] = field(default_factory=dict)

    def name(self, option: str) -> str:
        return self.option_names.get(option, option)

    def value(self, option: str, value: str) -> str:
        return self.option_values.get(option, {}).get(value, value)


def product_dict(bundle: ProductBundle, locale: str) -> dict[str, Any]:
    """Build the product representation in `locale` (the source locale or a translated one)."""
    product = bundle.product
    translation = bundle.translations.get(locale) if locale != product["locale"] else None
    localizer = _localizer(translation)
    text = translation or product

    return {
        "object": "product",
        "id": product["id"],
        "title": text["title"],
        "description_html": text["description_html"],
        "description_text": text["description_text"],
        "brand": {"id": bundle.brand["id"], "name": bundle.brand["name"]} if bundle.brand else None,
        "categories": [_category_ref(row) for row in bundle.categories],
        "tags": product["tags"],
        "status": product["status"],
        "options": [
            {
                "name": localizer.name(option["name"]),
                "values": [localizer.value(option["name"], v) for v in option["values"]],
            }
            for option in product["options"]
        ],
        "variants": [
            variant_dict(row, bundle.prices.get(row["id"], []), bundle.levels.get(row["id"], []), localizer)
            for row in bundle.variants
        ],
        "media": product["media"],
        "attributes": product["attributes"],
        "locale": locale if translation else product["locale"],
        "source_locale": product["locale"],
        "available_locales": available_locales(bundle),
        "translation": _translation_state(product, translation),
        "source_url": product["source_url"],
        "created_at": product["created_at"],
        "updated_at": product["updated_at"],
    }


def variant_dict(row: Row, prices: list[Row], levels: list[Row], localizer: Localizer | None = None) -> dict[str, Any]:
    localizer = localizer or Localizer()
    currency = row["currency"]
    return {
        "object": "variant",
        "id": row["id"],
        "product_id": row["product_id"],
        "sku": row["sku"],
        "sku_generated": row["sku_generated"],
        "title": row["title"],
        "options": [
            {"option": localizer.name(option), "value": localizer.value(option, value)}
            for option, value in row["option_values"]
        ],
        "barcode": row["barcode"],
        "weight_grams": row["weight_grams"],
        "dimensions_mm": _dimensions(row),
        "price": money(row["price_minor"], currency),
        "compare_at_price": money(row["compare_at_minor"], currency),
        "prices": [_tier(row["price_minor"], row["compare_at_minor"], currency, 1)]
        + [_tier(p["amount_minor"], p["compare_at_minor"], p["currency"], p["min_quantity"]) for p in prices],
        "min_order_quantity": row["min_order_quantity"],
        "processing_days": row["processing_days"],
        "origin_country": row["origin_country"],
        "hs_code": row["hs_code"],
        "inventory_policy": row["inventory_policy"],
        "image_url": row["image_url"],
        "availability": summarize(levels),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def available_locales(bundle: ProductBundle) -> list[str]:
    source = bundle.product["locale"]
    return [source, *sorted(locale for locale in bundle.translations if locale != source)]


def money(minor: int | None, currency: str) -> dict[str, str] | None:
    if minor is None:
        return None
    return {"amount": format_minor_units(minor, currency), "currency": currency}


def category_dict(row: Row) -> dict[str, Any]:
    return {
        "object": "category",
        "id": row["id"],
        "name": row["name"],
        "parent_id": row["parent_id"],
        "path": row["path"].split(" > "),
    }


def brand_dict(row: Row) -> dict[str, Any]:
    return {"object": "brand", "id": row["id"], "name": row["name"]}


def _tier(minor: int, compare_at: int | None, currency: str, min_quantity: int) -> dict[str, Any]:
    return {
        "price": money(minor, currency),
        "compare_at_price": money(compare_at, currency),
        "min_quantity": min_quantity,
    }


def _dimensions(row: Row) -> dict[str, int | None] | None:
    if row["length_mm"] is None and row["width_mm"] is None and row["height_mm"] is None:
        return None
    return {"length": row["length_mm"], "width": row["width_mm"], "height": row["height_mm"]}


def _category_ref(row: Row) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "path": row["path"].split(" > ")}


def _localizer(translation: Row | None) -> Localizer:
    if translation is None:
        return Localizer()
    return Localizer(translation["option_names"] or {}, translation["option_values"] or {})


def _translation_state(product: Row, translation: Row | None) -> dict[str, Any] | None:
    if translation is None:
        return None
    current = content_hash(product["title"], product["description_html"])
    return {"locale": translation["locale"], "outdated": translation["source_hash"] != current}
