"""Read WooCommerce product exports: the native CSV exporter and REST-style product/variation files.

Native export (Products > Export): one row per product or variation, and the `Type` column gives the kind. A
variation names its parent in `Parent`, by the parent's SKU or as `id:123`. Headers may be
localized by the WordPress admin's language (see `_woocommerce_headers`). Cells that start with
`-`, `=`, `+` or `@` carry a defusing apostrophe (`'-1`), which is removed.

REST-style export (lowercase headers such as `id,name,sku,type,status,price,regular_price`): the
variations are in a separate file with `parent_id,parent_sku,id,sku,price,attributes`, where
`attributes` reads like `Boja: Plava; Veličina: 8`. Given several files, the reader reads every
product file before any variation file, so variations find their parents whatever the order of
the paths.

Product keys are the product's SKU, or `id:<ID>` when it has none (the same convention as the
exporter's `Parent` column). Variant keys are `id:<ID>` of the variation, or its SKU, because
variations often repeat their parent's SKU. Prices need `--currency`. The full column mapping
and the rules for missing values are in docs/feeds.md.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from opendrop_kit.feeds import _common
from opendrop_kit.feeds._woocommerce_headers import canonical_header
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
from opendrop_kit.feeds.prices import show_money
from opendrop_kit.feeds.sale_period import evaluation_time, period
from opendrop_kit.feeds.textio import CsvTable, DecodedText, open_csv, read_text
from opendrop_kit.feeds.values import remove_formula_guard, split_list, to_grams, to_int, to_millimetres

logger = logging.getLogger(__name__)

FORMAT = "woocommerce-csv"

_PUBLISHED: dict[str, ProductStatus] = {"1": "active", "0": "draft", "-1": "draft"}
_REST_STATUSES: dict[str, ProductStatus] = {
    "publish": "active",
    "draft": "draft",
    "pending": "draft",
    "private": "draft",
    "future": "draft",
    "trash": "archived",
}
_PRODUCT_TYPES = frozenset({"simple", "variable"})
_SKIPPED_TYPES = frozenset({"grouped", "external"})
_TYPE_FLAGS = frozenset({"downloadable", "virtual"})
_UNESCAPED_COMMA = re.compile(r"(?<!\\),")
_DIMENSIONS = (("Length", "length_mm"), ("Width", "width_mm"), ("Height", "height_mm"))


@dataclass(slots=True)
class _Parent:
    """Values that variations inherit from their parent product when their own cell is empty."""

    product: FeedProduct
    price: FeedPrice | None = None
    weight_grams: int | None = None
    dimensions: dict[str, int | None] = field(default_factory=dict)
    attribute_order: list[str] = field(default_factory=list)
    attribute_values: dict[str, str] = field(default_factory=dict)


def read(paths: list[Path], options: ReadOptions) -> FeedCatalog:
    """Read WooCommerce CSV files (native, or REST-style products plus variations) into one catalog."""
    currency = _common.require_currency(options, "WooCommerce CSV")
    catalog = FeedCatalog(format=FORMAT, files=[str(path) for path in paths])
    reader = _WooReader(catalog, options, currency)

    opened = [_open(path) for path in paths]
    for kind in ("native", "rest-products", "rest-variations"):
        for path, decoded, table, file_kind in opened:
            if file_kind == kind:
                _common.record_decoding(catalog, decoded, str(path))
                reader.read_table(path, table, kind)
    reader.finish()
    return catalog


def file_kind(header: list[str]) -> str | None:
    """Tell a header's export flavor: 'native', 'rest-products', 'rest-variations' or None."""
    names = set(header)
    if {"parent_id", "attributes"} <= names:
        return "rest-variations"
    if {"id", "type", "name"} <= names:
        return "rest-products"
    if "Type" in {canonical_header(name)[0] for name in header}:
        return "native"
    return None


def _open(path: Path) -> tuple[Path, DecodedText, CsvTable, str]:
    decoded = read_text(path)
    table = open_csv(decoded)
    kind = file_kind(table.header)
    if kind is None:
        raise FeedFormatError(
            f"{path} is not a WooCommerce export: it has neither the exporter's Type column nor the "
            f"REST columns id,type,name or parent_id,attributes; its header starts with {table.header[:4]}."
        )
    return path, decoded, table, kind


class _WooReader:
    def __init__(self, catalog: FeedCatalog, options: ReadOptions, currency: str) -> None:
        self.catalog = catalog
        self.options = options
        self.currency = currency
        self.as_of = evaluation_time(options.as_of)
        self.file = ""
        # Products by '<SKU>' and by 'id:<ID>', the two ways a variation names its parent.
        self.parents: dict[str, _Parent] = {}
        self.variable_parents: list[_Parent] = []
        self.pending_variations: list[tuple[str, int, dict[str, str]]] = []

    def read_table(self, path: Path, table: CsvTable, kind: str) -> None:
        self.file = str(path)
        rows_before = self.catalog.rows_read
        if kind == "native":
            self._read_native(table)
        elif kind == "rest-products":
            self._read_rest_products(table)
        else:
            self._read_rest_variations(table)
        _common.record_table_issues(self.catalog, table, self.file)
        logger.info("Read %d %s rows from %s.", self.catalog.rows_read - rows_before, kind, path)

    def finish(self) -> None:
        """Attach the native variation rows, which may come before their parent in the file, and
        turn the parent attributes that no variation varies into product attributes."""
        for file, line, row in self.pending_variations:
            self.file = file
            self._read_native_variation(line, row)

        for parent in self.variable_parents:
            product = parent.product
            product.options.sort(key=lambda name: _order(parent.attribute_order, name))
            for name, values in parent.attribute_values.items():
                if name not in product.options:
                    product.attributes.setdefault(name, values)

    # Native exporter ---------------------------------------------------------------------------

    def _read_native(self, table: CsvTable) -> None:
        columns = [canonical_header(name) for name in table.header]
        units = {name: unit for name, unit in columns if unit is not None}
        for line, raw in table.rows:
            self.catalog.rows_read += 1
            row = {
                name: remove_formula_guard(raw[header].strip())
                for header, (name, _) in zip(table.header, columns, strict=True)
            }
            row.update({f"{name} unit": unit for name, unit in units.items()})
            self._read_native_row(line, row)

    def _read_native_row(self, line: int, row: dict[str, str]) -> None:
        types = {part.strip().lower() for part in row.get("Type", "").split(",") if part.strip()}
        main = types - _TYPE_FLAGS
        if main == {"variation"}:
            self.pending_variations.append((self.file, line, row))
        elif len(main) == 1 and main <= _PRODUCT_TYPES:
            self._read_native_product(line, row, main.pop(), types & _TYPE_FLAGS)
        elif len(main) == 1 and main <= _SKIPPED_TYPES:
            self.catalog.warning(
                "skipped_product_type",
                f"'{row.get('Name', '')}' is a product of type {main.pop()}, which the supplier does "
                "not sell itself; it was not imported (the products it lists are, when exported).",
                file=self.file,
                line=line,
                field="Type",
                value=row.get("Type"),
            )
        else:
            self.catalog.error(
                "invalid_product_type",
                f"Type '{row.get('Type', '')}' is not simple, variable, variation, grouped or external; "
                "the row was skipped.",
                file=self.file,
                line=line,
                field="Type",
                value=row.get("Type"),
            )

    def _read_native_product(self, line: int, row: dict[str, str], kind: str, flags: set[str]) -> None:
        product = self._new_product(line, row.get("SKU", ""), row.get("ID", ""), row.get("Name", ""))
        if product is None:
            return

        product.description_html = row.get("Description") or row.get("Short description") or None
        product.status = self._published(row, line)
        product.categories = _native_categories(row.get("Categories", ""))
        product.tags = split_list(row.get("Tags", ""))
        brands = split_list(row.get("Brands", ""))
        product.brand = brands[0] if brands else None
        for flag in sorted(flags):
            product.attributes[flag] = "yes"
        for url in split_list(row.get("Images", "")):
            _common.add_media(product, url)

        parent = self._register(product, row.get("SKU", ""), row.get("ID", ""))
        parent.attribute_order, parent.attribute_values = _native_attributes(row)
        parent.weight_grams = self._measure(row, "Weight", line)
        parent.dimensions = {target: self._measure(row, name, line) for name, target in _DIMENSIONS}
        parent.price = self._native_price(row, line, f"Product '{product.key}'", required=kind == "simple")

        if kind == "simple":
            product.attributes.update(parent.attribute_values)
            self._add_simple_variant(parent, line, row)
        else:
            self.variable_parents.append(parent)

    def _add_simple_variant(self, parent: _Parent, line: int, row: dict[str, str]) -> None:
        if parent.price is None:
            return
        variant = FeedVariant(
            key="default", sku=row.get("SKU") or None, line=line, file=self.file, prices=[parent.price]
        )
        variant.barcode = row.get("GTIN, UPC, EAN, or ISBN") or None
        variant.weight_grams = parent.weight_grams
        for target, value in parent.dimensions.items():
            setattr(variant, target, value)
        variant.stock, variant.inventory_policy = self._native_stock(row, line)
        parent.product.variants.append(variant)

    def _read_native_variation(self, line: int, row: dict[str, str]) -> None:
        parent = self._parent_of(row.get("Parent", ""), line, "Parent")
        if parent is None:
            return
        if row.get("Published") in ("0", "-1"):
            self.catalog.warning(
                "disabled_variation",
                f"Variation '{row.get('Name') or row.get('SKU')}' is disabled (Published "
                f"{row['Published']}); it was not imported.",
                file=self.file,
                line=line,
                field="Published",
                value=row["Published"],
            )
            return

        option_values = [(name, value) for name, value in _native_option_values(row) if value]
        key = _variation_key(row.get("ID", ""), row.get("SKU", ""), option_values)
        own_price = self._native_price(row, line, f"Variation '{key}'", required=False)
        price = self._price_or_parent(parent, own_price, key, line)
        if price is None:
            return

        variant = FeedVariant(key=key, sku=row.get("SKU") or None, option_values=option_values, line=line)
        variant.file = self.file
        variant.title = row.get("Name") or None
        variant.prices = [price]
        variant.barcode = row.get("GTIN, UPC, EAN, or ISBN") or None
        variant.weight_grams = self._measure(row, "Weight", line) or parent.weight_grams
        for name, target in _DIMENSIONS:
            setattr(variant, target, self._measure(row, name, line) or parent.dimensions.get(target))
        variant.stock, variant.inventory_policy = self._native_stock(row, line)
        self._add_variant(parent, variant, split_list(row.get("Images", ""))[:1])

    def _native_price(self, row: dict[str, str], line: int, label: str, *, required: bool) -> FeedPrice | None:
        regular, sale = row.get("Regular price", ""), row.get("Sale price", "")
        if not regular and not sale and not required:
            return None
        sale_period = (
            "Date sale price starts",
            row.get("Date sale price starts", ""),
            row.get("Date sale price ends", ""),
        )
        return self._price(regular, sale, line, ("Regular price", "Sale price"), label, sale_period)

    def _native_stock(self, row: dict[str, str], line: int) -> tuple[list[FeedStock], InventoryPolicy]:
        backorders = row.get("Backorders allowed?", "").lower()
        in_stock = row.get("In stock?", "").lower()
        policy: InventoryPolicy = "continue" if backorders in ("1", "notify") or in_stock == "backorder" else "deny"

        if row.get("Stock"):
            quantity = self._quantity(row["Stock"], line, "Stock")
            if quantity is not None:
                return _common.stock(self.options, quantity), policy
        if in_stock in ("1", "yes", "instock"):
            return _common.stock(self.options, None), policy
        if in_stock in ("0", "no", "outofstock", "backorder"):
            return _common.stock(self.options, 0), policy
        return [], policy

    def _published(self, row: dict[str, str], line: int) -> ProductStatus:
        value = row.get("Published", "")
        if not value:
            return "active"
        status = _PUBLISHED.get(value)
        if status is None:
            self.catalog.warning(
                "invalid_value",
                f"Published '{value}' is not 1, 0 or -1; the product was imported as draft.",
                file=self.file,
                line=line,
                field="Published",
                value=value,
            )
            return "draft"
        return status

    # REST-style export -------------------------------------------------------------------------

    def _read_rest_products(self, table: CsvTable) -> None:
        for line, raw in table.rows:
            self.catalog.rows_read += 1
            row = {name: value.strip() for name, value in raw.items()}
            kind = row.get("type", "").lower()
            if kind in _SKIPPED_TYPES or kind not in _PRODUCT_TYPES:
                self._skip_rest_type(line, row, kind)
                continue
            self._read_rest_product(line, row, kind)

    def _skip_rest_type(self, line: int, row: dict[str, str], kind: str) -> None:
        known = kind in _SKIPPED_TYPES
        message = (
            f"'{row.get('name', '')}' is a product of type {kind}, which the supplier does not sell itself; "
            "it was not imported."
            if known
            else f"type '{row.get('type', '')}' is not simple, variable, grouped or external; the row was skipped."
        )
        report = self.catalog.warning if known else self.catalog.error
        report(
            "skipped_product_type" if known else "invalid_product_type",
            message,
            file=self.file,
            line=line,
            field="type",
            value=row.get("type"),
        )

    def _read_rest_product(self, line: int, row: dict[str, str], kind: str) -> None:
        product = self._new_product(line, row.get("sku", ""), row.get("id", ""), row.get("name", ""))
        if product is None:
            return

        product.description_html = row.get("description") or row.get("short_description") or None
        product.status = _REST_STATUSES.get(row.get("status", "").lower(), "draft")
        product.categories = [[name] for name in split_list(row.get("categories", ""), ";")]
        product.tags = split_list(row.get("tags", ""), ";")
        product.source_url = row.get("permalink") or None
        for url in [row.get("main_image", ""), *split_list(row.get("all_images", ""), ";")]:
            _common.add_media(product, url)

        parent = self._register(product, row.get("sku", ""), row.get("id", ""))
        regular = row.get("regular_price") or row.get("price", "")
        parent.price = self._price(
            regular,
            row.get("sale_price", ""),
            line,
            ("regular_price", "sale_price"),
            f"Product '{product.key}'",
            _rest_sale_period(row),
            required=kind == "simple",
        )
        if kind == "variable":
            self.variable_parents.append(parent)
        elif parent.price is not None:
            variant = FeedVariant(
                key="default", sku=row.get("sku") or None, line=line, file=self.file, prices=[parent.price]
            )
            variant.stock = self._rest_stock(row, line)
            product.variants.append(variant)

    def _read_rest_variations(self, table: CsvTable) -> None:
        for line, raw in table.rows:
            self.catalog.rows_read += 1
            row = {name: value.strip() for name, value in raw.items()}
            self._read_rest_variation(line, row)

    def _read_rest_variation(self, line: int, row: dict[str, str]) -> None:
        reference = f"id:{row['parent_id']}" if row.get("parent_id") else row.get("parent_sku", "")
        parent = self._parent_of(reference, line, "parent_id")
        if parent is None:
            return

        option_values = _rest_attributes(row.get("attributes", ""))
        key = _variation_key(row.get("id", ""), row.get("sku", ""), option_values)
        regular = row.get("regular_price") or row.get("price", "")
        own_price = self._price(
            regular,
            row.get("sale_price", ""),
            line,
            ("price", "sale_price"),
            f"Variation '{key}'",
            _rest_sale_period(row),
            required=False,
        )
        price = self._price_or_parent(parent, own_price, key, line)
        if price is None:
            return

        variant = FeedVariant(key=key, sku=row.get("sku") or None, option_values=option_values, line=line)
        variant.file = self.file
        variant.prices = [price]
        variant.stock = self._rest_stock(row, line)
        self._add_variant(parent, variant, [row["image"]] if row.get("image") else [])

    def _rest_stock(self, row: dict[str, str], line: int) -> list[FeedStock]:
        if "stock_quantity" not in row:
            return []
        if not row["stock_quantity"]:
            return _common.stock(self.options, None)
        quantity = self._quantity(row["stock_quantity"], line, "stock_quantity")
        return [] if quantity is None else _common.stock(self.options, quantity)

    # Shared steps ------------------------------------------------------------------------------

    def _new_product(self, line: int, sku: str, product_id: str, name: str) -> FeedProduct | None:
        key = sku or (f"id:{product_id}" if product_id else "")
        if not key or not name:
            missing = "Name" if key else "SKU and ID"
            self.catalog.error(
                "missing_field",
                f"The product row has no {missing}; it was skipped.",
                file=self.file,
                line=line,
                field=missing,
            )
            return None

        product = FeedProduct(key=key, title=name, line=line, file=self.file, locale=self.options.locale)
        self.catalog.products.append(product)
        return product

    def _register(self, product: FeedProduct, sku: str, product_id: str) -> _Parent:
        parent = _Parent(product)
        for reference in (sku, f"id:{product_id}" if product_id else ""):
            if reference:
                self.parents.setdefault(reference, parent)
        return parent

    def _parent_of(self, reference: str, line: int, field_name: str) -> _Parent | None:
        parent = self.parents.get(reference.strip())
        if parent is None:
            self.catalog.error(
                "unknown_parent",
                f"The variation's parent '{reference}' is not a product of this import; the variation "
                "was skipped. Export the parent product together with its variations.",
                file=self.file,
                line=line,
                field=field_name,
                value=reference,
            )
        return parent

    def _add_variant(self, parent: _Parent, variant: FeedVariant, images: list[str]) -> None:
        product = parent.product
        if images:
            variant.image_url = images[0]
            _common.add_media(product, images[0], variant_key=variant.key)
        for name, _ in variant.option_values:
            if name not in product.options:
                product.options.append(name)
        product.variants.append(variant)

    def _price_or_parent(self, parent: _Parent, own: FeedPrice | None, key: str, line: int) -> FeedPrice | None:
        if own is not None:
            return own
        if parent.price is None:
            self.catalog.error(
                "missing_price",
                f"Variation '{key}' of product '{parent.product.key}' has no price, and neither has "
                "its parent; the variation was rejected.",
                file=self.file,
                line=line,
                field="price",
            )
            return None

        self.catalog.warning(
            "price_from_parent",
            f"Variation '{key}' of product '{parent.product.key}' has no price; it was imported with "
            f"its parent's price ({show_money(parent.price.amount_minor, parent.price.currency)}).",
            file=self.file,
            line=line,
            field="price",
        )
        return FeedPrice(parent.price.currency, parent.price.amount_minor, parent.price.compare_at_minor)

    def _price(
        self,
        regular: str,
        sale: str,
        line: int,
        fields: tuple[str, str],
        label: str,
        sale_period: tuple[str, str, str] = ("", "", ""),
        *,
        required: bool = True,
    ) -> FeedPrice | None:
        """Parse a regular and an optional sale price; the sale price becomes the price and the
        regular one its compare-at price, unless `sale_period` excludes the time of the import.

        `sale_period` holds the column to name in a warning, then the start and end cells."""
        regular_field, sale_field = fields
        if not regular and not sale and not required:
            return None
        if not regular and sale:
            regular, sale = sale, ""
        parsed = _common.read_price(
            self.catalog, regular, self.currency, file=self.file, line=line, field=regular_field, label=label
        )
        if parsed is None:
            return None
        sale_minor = _common.read_optional_price(
            self.catalog, sale, self.currency, file=self.file, line=line, field=sale_field, label=f"{label} sale price"
        )
        if sale_minor is None or not self._sale_in_effect(sale_period, line, label):
            return FeedPrice(self.currency, parsed[0])
        return FeedPrice(self.currency, sale_minor, compare_at_minor=parsed[0])

    def _sale_in_effect(self, sale_period: tuple[str, str, str], line: int, label: str) -> bool:
        column, starts, ends = sale_period
        return _common.sale_applies(
            self.catalog,
            lambda: period(starts, ends),
            self.as_of,
            file=self.file,
            line=line,
            field=column,
            value=f"{starts.strip()}/{ends.strip()}",
            label=f"{label} sale price",
        )

    def _measure(self, row: dict[str, str], name: str, line: int) -> int | None:
        text = row.get(name, "")
        if not text:
            return None
        unit = row.get(f"{name} unit") or ("kg" if name == "Weight" else "cm")
        try:
            return (to_grams if name == "Weight" else to_millimetres)(text, unit)
        except ValueError as error:
            self.catalog.warning(
                "invalid_value",
                f"{name}: {error} The value was ignored.",
                file=self.file,
                line=line,
                field=name,
                value=text,
            )
            return None

    def _quantity(self, text: str, line: int, field_name: str) -> int | None:
        try:
            quantity = to_int(text)
        except ValueError as error:
            self.catalog.warning(
                "invalid_value",
                f"{field_name}: {error} No stock was recorded.",
                file=self.file,
                line=line,
                field=field_name,
                value=text,
            )
            return None
        return _common.non_negative(self.catalog, quantity, self.file, line)


def _native_categories(text: str) -> list[list[str]]:
    # Categories are comma-separated paths such as 'Clothing > Tshirts'; a comma inside a name is
    # escaped as '\,'.
    paths = []
    for entry in _UNESCAPED_COMMA.split(text):
        path = [part.strip().replace("\\,", ",") for part in entry.split(">") if part.strip()]
        if path:
            paths.append(path)
    return paths


def _native_attributes(row: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    order, values = [], {}
    for name, value in _native_option_values(row):
        order.append(name)
        if value:
            values[name] = value
    return order, values


def _native_option_values(row: dict[str, str]) -> list[tuple[str, str]]:
    pairs = []
    number = 1
    while f"Attribute {number} name" in row:
        name = row[f"Attribute {number} name"]
        if name:
            pairs.append((name, row.get(f"Attribute {number} value(s)", "")))
        number += 1
    return pairs


def _rest_attributes(text: str) -> list[tuple[str, str]]:
    pairs = []
    for part in text.split(";"):
        name, separator, value = part.partition(":")
        if separator and name.strip() and value.strip():
            pairs.append((name.strip(), value.strip()))
    return pairs


def _variation_key(variation_id: str, sku: str, option_values: list[tuple[str, str]]) -> str:
    if variation_id:
        return f"id:{variation_id}"
    return sku or " / ".join(value for _, value in option_values) or "default"


def _order(attribute_order: list[str], name: str) -> int:
    return attribute_order.index(name) if name in attribute_order else len(attribute_order)


def _rest_sale_period(row: dict[str, str]) -> tuple[str, str, str]:
    """Return the sale period of a REST export row, preferring the UTC columns when both are there."""
    # NOTE: the columns without `_gmt`, like the native export's dates, are in the shop's time zone.
    # The file does not state that zone, so they are read as UTC.
    starts = row.get("date_on_sale_from_gmt") or row.get("date_on_sale_from", "")
    ends = row.get("date_on_sale_to_gmt") or row.get("date_on_sale_to", "")
    return "date_on_sale_from", starts, ends
