"""Turn Google Merchant items, read from XML or TSV, into products with variants."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from opendrop_kit.feeds import _common
from opendrop_kit.feeds.model import (
    FeedCatalog,
    FeedPrice,
    FeedProduct,
    FeedStock,
    FeedVariant,
    FeedWarehouse,
    InventoryPolicy,
    ReadOptions,
)
from opendrop_kit.feeds.sale_period import evaluation_time, parse_interval
from opendrop_kit.feeds.values import to_grams, to_millimetres
from opendrop_kit.schema.countries import is_country_code

#: Item attributes that tell the variants of a group apart, with the option names they get.
OPTION_ATTRIBUTES = (
    ("color", "Color"),
    ("size", "Size"),
    ("material", "Material"),
    ("pattern", "Pattern"),
    ("gender", "Gender"),
    ("age_group", "Age group"),
)

# availability value (lower case, spaces and hyphens as underscores) -> (on_hand, policy)
_AVAILABILITY: dict[str, tuple[int | None, InventoryPolicy]] = {
    "in_stock": (None, "deny"),
    "out_of_stock": (0, "deny"),
    "preorder": (0, "continue"),
    "pre_order": (0, "continue"),
    "backorder": (0, "continue"),
    "available_for_order": (None, "deny"),
}
_DIMENSIONS = (("shipping_length", "length_mm"), ("shipping_width", "width_mm"), ("shipping_height", "height_mm"))
_COPIED_ATTRIBUTES = ("google_product_category", "condition", "mpn")

# `to_grams` or `to_millimetres`: (text, default unit) -> whole units.
_Converter = Callable[[str, str], int]


@dataclass(slots=True)
class Item:
    """One `<item>` or TSV row: attribute name (without `g:`) -> values in file order."""

    file: str
    line: int | None
    position: int
    fields: dict[str, list[str]] = field(default_factory=dict)
    shipping: list[dict[str, str]] = field(default_factory=list)
    #: `g:variant_option` (name, value) pairs, in file order.
    variant_options: list[tuple[str, str]] = field(default_factory=list)

    def add(self, name: str, value: str) -> None:
        """Append a value of attribute `name`."""
        self.fields.setdefault(name, []).append(value)

    def add_variant_option(self, name: str, value: str) -> None:
        """Append a `g:variant_option` pair, ignoring one without name or value."""
        if name.strip() and value.strip():
            self.variant_options.append((name.strip(), value.strip()))

    def first(self, *names: str) -> str:
        """Return the first value of the first attribute in `names` that has one, else ''."""
        for name in names:
            values = self.fields.get(name)
            if values:
                return values[0]
        return ""

    @property
    def where(self) -> str:
        return f"item {self.position}" + (f" (line {self.line})" if self.line is not None else "")


class ItemBuilder:
    """Collect items by group as they are read, then build the products in file order."""

    def __init__(self, catalog: FeedCatalog, options: ReadOptions) -> None:
        self.catalog = catalog
        self.options = options
        self.as_of = evaluation_time(options.as_of)
        self.groups: dict[str, list[Item]] = {}
        self.first_by_id: dict[tuple[str, str], Item] = {}
        self.ship_to: set[str] = set()
        self.ship_from: set[str] = set()

    def add(self, item: Item) -> None:
        """Take one item; items without a group id each form a product of their own."""
        self.catalog.rows_read += 1
        item_id = item.first("id")
        if not item_id:
            self._reject(item, "id", "it has no id")
            return
        if not item.first("title"):
            self._reject(item, "title", f"item '{item_id}' has no title")
            return

        group = item.first("item_group_id")
        if self._is_repeated(item, item_id, group):
            return

        self._collect_shipping(item)
        bucket_key = f"group:{group}" if group else f"item:{item_id}"
        self.groups.setdefault(bucket_key, []).append(item)

    def finish(self) -> None:
        """Build every product, and the warehouse that the shipping attributes describe."""
        for bucket_key, items in self.groups.items():
            key = items[0].first("item_group_id") if bucket_key.startswith("group:") else items[0].first("id")
            self.catalog.products.append(self._product(key, items))
        self._add_warehouse()

    def _is_repeated(self, item: Item, item_id: str, group: str) -> bool:
        # Checked here rather than left to `normalize`, because only the reader knows item
        # positions, and every item of a minified feed is on the same line.
        first = self.first_by_id.setdefault((group, item_id), item)
        if first is item:
            return False

        code = "duplicate_variant_key" if group else "duplicate_product"
        self.catalog.error(
            code,
            f"The {item.where} repeats the id '{item_id}' of the {first.where}; the repetition was "
            "rejected. Give every item its own g:id.",
            file=item.file,
            line=item.line,
            field="id",
            value=item_id,
        )
        return True

    def _reject(self, item: Item, field_name: str, reason: str) -> None:
        self.catalog.error(
            "missing_field",
            f"The {item.where} was rejected: {reason}, which Google Merchant requires.",
            file=item.file,
            line=item.line,
            field=field_name,
        )

    def _product(self, key: str, items: list[Item]) -> FeedProduct:
        first = items[0]
        title = first.first("item_group_title", "title")
        product = FeedProduct(key=key, title=title, line=first.line, file=first.file, locale=self.options.locale)
        product.description_html = first.first("description", "summary", "content") or None
        product.brand = first.first("brand") or None
        product.source_url = first.first("link") or None
        product.categories = _categories(first.fields.get("product_type", []))
        for name in _COPIED_ATTRIBUTES:
            if _same_value(items, name):
                product.attributes[name] = first.first(name)

        options = self._options(product, items)
        grouped = len(items) > 1
        for item in items:
            variant = self._variant(item, options)
            if variant is not None:
                product.variants.append(variant)
            self._add_images(product, item, item.first("id") if grouped else None)
        return product

    def _options(self, product: FeedProduct, items: list[Item]) -> list[tuple[str, str]]:
        # An attribute becomes an option when it differs between the items of a group. When all
        # items share one value, it describes the whole product and becomes a product attribute.
        # Explicit `g:variant_option` pairs replace the attribute-derived options.
        explicit = any(item.variant_options for item in items)
        for item in items:
            for name, _ in item.variant_options:
                if name not in product.options:
                    product.options.append(name)

        options = []
        for attribute, option_name in OPTION_ATTRIBUTES:
            values = {item.first(attribute) for item in items}
            if len(values) > 1 and not explicit:
                options.append((attribute, option_name))
                product.options.append(option_name)
            elif len(values) == 1 and values != {""}:
                product.attributes[attribute] = values.pop()
        return options

    def _variant(self, item: Item, options: list[tuple[str, str]]) -> FeedVariant | None:
        item_id = item.first("id")
        price = self._price(item)
        if price is None:
            return None

        values = item.variant_options or [
            (name, item.first(attribute)) for attribute, name in options if item.first(attribute)
        ]
        variant = FeedVariant(key=item_id, sku=item_id, option_values=values, line=item.line, file=item.file)
        variant.title = item.first("title")
        variant.prices = [price]
        variant.barcode = item.first("gtin") or None
        variant.image_url = item.first("image_link") or None
        variant.weight_grams = self._measure(item, "shipping_weight", to_grams)
        for attribute, target in _DIMENSIONS:
            setattr(variant, target, self._measure(item, attribute, to_millimetres))
        self._stock(item, variant)
        return variant

    def _price(self, item: Item) -> FeedPrice | None:
        label = f"The {item.where} ('{item.first('id')}')"
        parsed = _common.read_price(
            self.catalog,
            item.first("price"),
            self.options.currency,
            file=item.file,
            line=item.line,
            field="price",
            label=label,
        )
        if parsed is None:
            return None

        amount, currency = parsed
        sale = _common.read_optional_price(
            self.catalog,
            item.first("sale_price"),
            currency,
            file=item.file,
            line=item.line,
            field="sale_price",
            label=f"{label} sale price",
        )
        if sale is None or not self._sale_in_effect(item, label):
            return FeedPrice(currency, amount)
        return FeedPrice(currency, sale, compare_at_minor=amount)

    def _sale_in_effect(self, item: Item, label: str) -> bool:
        text = item.first("sale_price_effective_date")
        return _common.sale_applies(
            self.catalog,
            lambda: parse_interval(text),
            self.as_of,
            file=item.file,
            line=item.line,
            field="sale_price_effective_date",
            value=text,
            label=f"{label} sale price",
        )

    def _measure(self, item: Item, attribute: str, convert: _Converter) -> int | None:
        text = item.first(attribute)
        if not text:
            return None
        try:
            return convert(text, "")
        except ValueError as error:
            self.catalog.warning(
                "invalid_value",
                f"{attribute} of {item.where}: {error} The value was ignored.",
                file=item.file,
                line=item.line,
                field=attribute,
                value=text,
            )
            return None

    def _stock(self, item: Item, variant: FeedVariant) -> None:
        text = item.first("availability")
        normalized = text.strip().lower().replace(" ", "_").replace("-", "_")
        if not normalized:
            return

        known = _AVAILABILITY.get(normalized)
        if known is None:
            self.catalog.warning(
                "invalid_value",
                f"availability '{text}' of {item.where} is not in_stock, out_of_stock, preorder or "
                "backorder; no stock was recorded.",
                file=item.file,
                line=item.line,
                field="availability",
                value=text,
            )
            return

        on_hand, variant.inventory_policy = known
        variant.stock = [FeedStock(self.options.warehouse, on_hand, incoming_expected_at=self._available_at(item))]

    def _available_at(self, item: Item) -> datetime | None:
        text = item.first("availability_date")
        if not text:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            self.catalog.warning(
                "invalid_value",
                f"availability_date '{text}' of {item.where} is not an ISO 8601 time with an offset; ignored.",
                file=item.file,
                line=item.line,
                field="availability_date",
                value=text,
            )
            return None
        return moment

    def _add_images(self, product: FeedProduct, item: Item, variant_key: str | None) -> None:
        _common.add_media(product, item.first("image_link"), variant_key=variant_key)
        for url in item.fields.get("additional_image_link", []):
            _common.add_media(product, url, variant_key=variant_key)

    def _collect_shipping(self, item: Item) -> None:
        for entry in item.shipping:
            country = entry.get("country", "").strip().upper()
            if country:
                self.ship_to.add(country)
        origin = item.first("ships_from_country").strip().upper()
        if origin:
            self.ship_from.add(origin)

    def _add_warehouse(self) -> None:
        destinations = sorted(country for country in self.ship_to if is_country_code(country))
        origins = sorted(country for country in self.ship_from if is_country_code(country))
        origin = None
        if len(origins) == 1:
            origin = origins[0]
        elif len(destinations) == 1:
            # A shop that ships to a single country and names no origin ships from there.
            origin = destinations[0]
        if origin is not None:
            self.catalog.warehouses.append(FeedWarehouse(self.options.warehouse, origin, ships_to=destinations))
        elif destinations:
            self.catalog.warning(
                "warehouse_country_unknown",
                f"The feed ships to {', '.join(destinations)} but names no ships_from_country; no "
                "warehouse country was recorded. Add g:ships_from_country to the items.",
                field="ships_from_country",
            )


def _categories(product_types: list[str]) -> list[list[str]]:
    categories = []
    for text in product_types:
        path = [part.strip() for part in text.split(">") if part.strip()]
        if path and path not in categories:
            categories.append(path)
    return categories


def _same_value(items: list[Item], name: str) -> bool:
    value = items[0].first(name)
    return bool(value) and all(item.first(name) == value for item in items)
