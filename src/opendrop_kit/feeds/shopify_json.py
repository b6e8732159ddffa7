"""Read Shopify `products.json`: the storefront's public `/products.json` and Admin API responses.

Accepted shapes: `{"products": [...]}` (storefront and Admin REST list), `{"product": {...}}`
(Admin REST single product) and a bare list of products. Stock comes from the Admin fields
`inventory_management` and `inventory_quantity` when present, otherwise from the storefront's
`available` boolean: available means sellable but not counted (`on_hand` None), unavailable
means 0. Prices need `--currency`, because neither shape names the currency they are in.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import orjson

from opendrop_kit.feeds import _common
from opendrop_kit.feeds.errors import FeedFormatError
from opendrop_kit.feeds.model import (
    FeedCatalog,
    FeedPrice,
    FeedProduct,
    FeedStock,
    FeedVariant,
    InventoryPolicy,
    ProductStatus,
    ReadOptions,
)
from opendrop_kit.feeds.shopify_csv import is_placeholder
from opendrop_kit.feeds.textio import find_content_start
from opendrop_kit.feeds.values import split_list, to_grams, to_int

logger = logging.getLogger(__name__)

FORMAT = "shopify-json"

_STATUSES: dict[str, ProductStatus] = {"active": "active", "draft": "draft", "archived": "archived"}


def read(paths: list[Path], options: ReadOptions) -> FeedCatalog:
    """Read Shopify products.json files into one catalog."""
    currency = _common.require_currency(options, "Shopify products.json")
    catalog = FeedCatalog(format=FORMAT, files=[str(path) for path in paths])
    for path in paths:
        _read_file(catalog, path, options, currency)
    return catalog


def _read_file(catalog: FeedCatalog, path: Path, options: ReadOptions, currency: str) -> None:
    products = _load_products(path)
    reader = _ProductReader(catalog, options, currency, str(path))
    for index, raw in enumerate(products, start=1):
        catalog.rows_read += 1
        if not isinstance(raw, dict):
            catalog.error("invalid_product", f"Product #{index} is not a JSON object; it was skipped.", file=str(path))
            continue
        reader.read_product(index, raw)
    logger.info("Read %d products from %s.", len(products), path)


def _load_products(path: Path) -> list[Any]:
    start = find_content_start(path.read_bytes())
    try:
        document = orjson.loads(start.data)
    except orjson.JSONDecodeError as error:
        raise FeedFormatError(f"{path} is not valid JSON: {error}. Export it again from Shopify.") from error

    if isinstance(document, dict) and isinstance(document.get("products"), list):
        return list(document["products"])
    if isinstance(document, dict) and isinstance(document.get("product"), dict):
        return [document["product"]]
    if isinstance(document, list):
        return document
    raise FeedFormatError(
        f'{path} is JSON but not Shopify products: expected {{"products": [...]}} or {{"product": {{...}}}}.'
    )


class _ProductReader:
    def __init__(self, catalog: FeedCatalog, options: ReadOptions, currency: str, file: str) -> None:
        self.catalog = catalog
        self.options = options
        self.currency = currency
        self.file = file

    def read_product(self, index: int, raw: dict[str, Any]) -> None:
        key = _text(raw.get("handle")) or _text(raw.get("id"))
        title = _text(raw.get("title"))
        if not key or not title:
            missing = "handle" if not key else "title"
            self.catalog.error(
                "missing_field",
                f"Product #{index} has no {missing}; it was skipped.",
                file=self.file,
                field=missing,
                value=key or None,
            )
            return

        product = self._product(key, title, raw)
        option_names = [_text(option.get("name")) for option in _list(raw.get("options")) if isinstance(option, dict)]
        product.options = [name for name in option_names if name and name != "Title"]
        for raw_variant in _list(raw.get("variants")):
            if isinstance(raw_variant, dict):
                self._read_variant(product, option_names, raw_variant)
        self._read_images(product, raw)
        self.catalog.products.append(product)

    def _product(self, key: str, title: str, raw: dict[str, Any]) -> FeedProduct:
        product = FeedProduct(key=key, title=title, file=self.file, locale=self.options.locale)
        product.description_html = _text(raw.get("body_html")) or None
        product.brand = _text(raw.get("vendor")) or None
        product.tags = _tags(raw.get("tags"))
        product.status = _STATUSES.get(_text(raw.get("status")).lower(), "active")
        # Like `Type` in the CSV export: the merchant's own classification, read as the category.
        category = [part.strip() for part in _text(raw.get("product_type")).split(">") if part.strip()]
        if category:
            product.categories = [category]
        return product

    def _read_variant(self, product: FeedProduct, option_names: list[str], raw: dict[str, Any]) -> None:
        option_values = _option_values(option_names, raw)
        key = _text(raw.get("id")) or " / ".join(value for _, value in option_values) or "default"
        price = _common.read_price(
            self.catalog,
            _text(raw.get("price")),
            self.currency,
            file=self.file,
            line=None,
            field="price",
            label=f"Variant '{key}' of product '{product.key}'",
        )
        if price is None:
            return

        compare_at = _common.read_optional_price(
            self.catalog,
            _text(raw.get("compare_at_price")),
            self.currency,
            file=self.file,
            line=None,
            field="compare_at_price",
            label=f"Compare-at price of variant '{key}'",
        )
        variant = FeedVariant(key=key, sku=_text(raw.get("sku")) or None, option_values=option_values)
        variant.title = _text(raw.get("title")) or None
        variant.prices = [FeedPrice(self.currency, price[0], compare_at)]
        variant.barcode = _text(raw.get("barcode")).lstrip("'") or None
        variant.weight_grams = self._weight(raw)
        variant.stock = self._stock(raw)
        variant.inventory_policy = _policy(raw)
        variant.image_url = _image_src(raw.get("featured_image"))
        product.variants.append(variant)

    def _read_images(self, product: FeedProduct, raw: dict[str, Any]) -> None:
        for image in _list(raw.get("images")):
            if not isinstance(image, dict) or not _text(image.get("src")):
                continue
            _common.add_media(product, _text(image["src"]), _text(image.get("alt")) or None)
            for variant_id in _list(image.get("variant_ids")):
                _common.add_media(product, _text(image["src"]), variant_key=_text(variant_id))

        for variant in product.variants:
            if variant.image_url:
                _common.add_media(product, variant.image_url, variant_key=variant.key)

    def _weight(self, raw: dict[str, Any]) -> int | None:
        try:
            if raw.get("grams"):
                return to_grams(_text(raw["grams"]), "g")
            if raw.get("weight"):
                return to_grams(_text(raw["weight"]), _text(raw.get("weight_unit")) or "kg")
        except ValueError as error:
            self.catalog.warning(
                "invalid_weight", f"{error} The weight was left empty.", file=self.file, field="weight"
            )
        return None

    def _stock(self, raw: dict[str, Any]) -> list[FeedStock]:
        if "inventory_management" in raw:
            if not raw["inventory_management"]:
                return _common.stock(self.options, None)
            try:
                quantity = to_int(_text(raw.get("inventory_quantity")) or "0")
            except ValueError:
                return []
            return _common.stock(self.options, _common.non_negative(self.catalog, quantity, self.file, None))

        if "available" in raw:
            return _common.stock(self.options, None if raw["available"] else 0)
        return []


def _option_values(option_names: list[str], raw: dict[str, Any]) -> list[tuple[str, str]]:
    pairs = []
    for index, name in enumerate(option_names[:3], start=1):
        value = _text(raw.get(f"option{index}"))
        if value and not is_placeholder(name, value):
            pairs.append((name or f"Option{index}", value))
    return pairs


def _policy(raw: dict[str, Any]) -> InventoryPolicy:
    return "continue" if _text(raw.get("inventory_policy")).lower() == "continue" else "deny"


def _image_src(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("src")) or None
    return None


def _tags(value: Any) -> list[str]:
    # The storefront sends a list, the Admin API a comma-separated string.
    if isinstance(value, list):
        return [_text(tag) for tag in value if _text(tag)]
    return split_list(_text(value))


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()
