"""Read the product CSV that Shopify's admin exports ("Export products"), both header generations.

The older export has 46 columns. The current one adds `Status`, `Option1 Linked To`, `Product
Category` and one column per metafield. A metafield header is a label in the admin's language
followed by the stable key in parentheses: `Färg (product.metafields.shopify.color-pattern)`. Columns are
found by name, so either generation (and files edited in a spreadsheet) work.

Rows belong to the product named in `Handle`. The row with a `Title` starts the product. The
following rows of the same handle are further variants, or image-only rows with only `Image Src`
and `Image Position` filled. Several files are read as one catalog. Among them, Shopify's
inventory export (`_shopify_inventory`) gives the stock of the variants that the product files
list. The column mapping is in docs/feeds.md.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from opendrop_kit.feeds import _common
from opendrop_kit.feeds._shopify_inventory import InventoryRow, LocationCodes, is_inventory_export, read_rows
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
from opendrop_kit.feeds.textio import open_csv, read_text
from opendrop_kit.feeds.values import split_list, to_grams, to_int

logger = logging.getLogger(__name__)

FORMAT = "shopify-csv"

#: Shopify gives single-variant products this option, which is not a real option.
PLACEHOLDER_OPTION = ("Title", "Default Title")

_STATUSES: dict[str, ProductStatus] = {"active": "active", "draft": "draft", "archived": "archived"}
_POLICIES: dict[str, InventoryPolicy] = {"deny": "deny", "continue": "continue"}
_METAFIELD = re.compile(r"\(\s*product\.metafields\.([^()\s]+)\s*\)\s*$")
_VARIANT_COLUMNS = ("Option1 Value", "Variant SKU", "Variant Price", "Variant Barcode")
_ATTRIBUTE_COLUMNS = {
    "Product Category": "product_category",
    "Google Shopping / MPN": "mpn",
    "Google Shopping / Condition": "condition",
}


def read(paths: list[Path], options: ReadOptions) -> FeedCatalog:
    """Read Shopify product CSV files into one catalog."""
    currency = _common.require_currency(options, "Shopify product CSV")
    catalog = FeedCatalog(format=FORMAT, files=[str(path) for path in paths])
    reader = _ShopifyCsvReader(catalog, options, currency)
    for path in paths:
        reader.read_file(path)
    reader.apply_inventory()
    return catalog


def variant_key(option_values: list[tuple[str, str]]) -> str:
    """Key of a Shopify variant without id: its option values as Shopify titles it ('S / Red')."""
    return " / ".join(value for _, value in option_values) or "default"


def is_placeholder(name: str, value: str) -> bool:
    """Tell whether an option is the 'Title: Default Title' stand-in of a single-variant product."""
    return (name, value) == PLACEHOLDER_OPTION


class _ShopifyCsvReader:
    def __init__(self, catalog: FeedCatalog, options: ReadOptions, currency: str) -> None:
        self.catalog = catalog
        self.options = options
        self.currency = currency
        # The latest product of each handle, for the rows that continue it.
        self.current: dict[str, FeedProduct] = {}
        self.option_names: dict[str, list[str]] = {}
        self.file = ""
        self.metafields: list[tuple[str, str]] = []
        self.has_quantity = False
        self.has_status = False
        # Rows of inventory exports with their file, applied once every product file is read.
        self.inventory: list[tuple[str, InventoryRow]] = []
        self.location_codes = LocationCodes()
        self.product_files = 0

    def read_file(self, path: Path) -> None:
        self.file = str(path)
        decoded = read_text(path)
        table = open_csv(decoded, delimiter=",")
        if "Handle" not in table.header:
            raise FeedFormatError(
                f"{path} has no 'Handle' column, so it is not a Shopify product export; "
                f"its header starts with {table.header[:4]}."
            )

        _common.record_decoding(self.catalog, decoded, self.file)
        if is_inventory_export(table.header):
            rows = read_rows(self.catalog, table, self.file, self.location_codes)
            self.inventory.extend((self.file, row) for row in rows)
            _common.record_table_issues(self.catalog, table, self.file)
            return

        self.product_files += 1
        self.metafields = _metafield_columns(table.header)
        self.has_quantity = "Variant Inventory Qty" in table.header
        self.has_status = "Status" in table.header

        rows_before = self.catalog.rows_read
        for line, row in table.rows:
            self.catalog.rows_read += 1
            self._read_row(line, row)
        _common.record_table_issues(self.catalog, table, self.file)
        logger.info("Read %d rows from %s.", self.catalog.rows_read - rows_before, path)

    def apply_inventory(self) -> None:
        """Give the variants of the product files the stock that the inventory exports list."""
        if not self.inventory:
            return
        if not self.product_files:
            raise FeedFormatError(
                "An inventory export lists stock but no products; import it together with the product "
                "export, as in: opendrop-kit import products_export.csv inventory_export.csv"
            )

        variants = self._variants_by_key()
        levels: dict[tuple[str, str], list[FeedStock]] = {}
        for file, row in self.inventory:
            key = (row.handle, variant_key([pair for pair in row.option_values if not is_placeholder(*pair)]))
            found = variants.get(key)
            if found is None:
                self._unknown_inventory_row(file, row, key[1])
            elif not any(level.on_hand is None for level in found.stock):
                # An untracked variant is sellable without limit, whatever the inventory counted.
                self._add_level(levels.setdefault(key, []), file, row)

        for key, stock in levels.items():
            variants[key].stock = stock

    def _variants_by_key(self) -> dict[tuple[str, str], FeedVariant]:
        # Where a handle or a variant repeats, normalizing keeps the first one, so it gets the stock.
        variants: dict[tuple[str, str], FeedVariant] = {}
        for product in self.catalog.products:
            for variant in product.variants:
                variants.setdefault((product.key, variant.key), variant)
        return variants

    def _add_level(self, stock: list[FeedStock], file: str, row: InventoryRow) -> None:
        if any(level.warehouse == row.warehouse for level in stock):
            self.catalog.warning(
                "duplicate_inventory_row",
                f"Variant '{row.handle}' is listed twice for location '{row.warehouse}'; the first row was kept.",
                file=file,
                line=row.line,
                field="Location",
                value=row.warehouse,
            )
            return
        on_hand = _common.non_negative(self.catalog, row.on_hand, file, row.line)
        stock.append(FeedStock(row.warehouse, on_hand, row.reserved, row.incoming))

    def _unknown_inventory_row(self, file: str, row: InventoryRow, key: str) -> None:
        self.catalog.warning(
            "unknown_inventory_row",
            f"The inventory row for variant '{key}' of '{row.handle}' matches no variant of the product "
            "files (by handle and option values); it was ignored. Export products and inventory together.",
            file=file,
            line=row.line,
            field="Handle",
            value=row.handle,
        )

    def _read_row(self, line: int, row: dict[str, str]) -> None:
        handle = row["Handle"].strip()
        if not handle:
            self.catalog.error(
                "missing_field",
                "The row has no Handle, so it belongs to no product; it was skipped.",
                file=self.file,
                line=line,
                field="Handle",
            )
            return

        product = self._product_for(handle, line, row)
        if product is None:
            return
        if row.get("Image Src", "").strip():
            _common.add_media(product, row["Image Src"], row.get("Image Alt Text", "").strip())
        if any(row.get(column, "").strip() for column in _VARIANT_COLUMNS):
            self._read_variant(product, line, row)

    def _product_for(self, handle: str, line: int, row: dict[str, str]) -> FeedProduct | None:
        title = row.get("Title", "").strip()
        if title:
            started = self._start_product(handle, title, line, row)
            self.current[handle] = started
            self.catalog.products.append(started)
            return started

        product = self.current.get(handle)
        if product is None:
            self.catalog.error(
                "missing_product_row",
                f"The row continues product '{handle}', but no earlier row starts that product "
                "(the first row of a product carries its Title); the row was skipped.",
                file=self.file,
                line=line,
                field="Title",
                value=handle,
            )
        return product

    def _start_product(self, handle: str, title: str, line: int, row: dict[str, str]) -> FeedProduct:
        product = FeedProduct(key=handle, title=title, line=line, file=self.file, locale=self.options.locale)
        product.description_html = row.get("Body (HTML)") or None
        product.brand = row.get("Vendor", "").strip() or None
        product.tags = split_list(row.get("Tags", ""))
        product.status = self._status(row, line)

        # `Type` is the merchant's own classification, like Google's product_type, so it is the
        # category. `Product Category` names a node of Shopify's standard taxonomy, like Google's
        # google_product_category, so it is kept as an attribute.
        category = [part.strip() for part in row.get("Type", "").split(">") if part.strip()]
        if category:
            product.categories = [category]
        for column, name in _ATTRIBUTE_COLUMNS.items():
            if row.get(column, "").strip():
                product.attributes[name] = row[column].strip()
        for column, name in self.metafields:
            if row[column].strip():
                product.attributes[name] = row[column].strip()

        names = [row.get(f"Option{index} Name", "").strip() for index in (1, 2, 3)]
        self.option_names[handle] = names
        product.options = [name for name in names if name and name != PLACEHOLDER_OPTION[0]]
        return product

    def _status(self, row: dict[str, str], line: int) -> ProductStatus:
        if not self.has_status:
            published = row.get("Published", "").strip().lower()
            return "draft" if published == "false" else "active"

        status = row["Status"].strip().lower()
        if status in _STATUSES:
            return _STATUSES[status]
        self.catalog.warning(
            "invalid_status",
            f"Status '{row['Status']}' is not active, draft or archived; the product was imported as draft.",
            file=self.file,
            line=line,
            field="Status",
            value=row["Status"],
        )
        return "draft"

    def _read_variant(self, product: FeedProduct, line: int, row: dict[str, str]) -> None:
        option_values = self._option_values(product, row)
        key = variant_key(option_values)
        price = _common.read_price(
            self.catalog,
            row.get("Variant Price", ""),
            self.currency,
            file=self.file,
            line=line,
            field="Variant Price",
            label=f"Variant '{key}' of product '{product.key}'",
        )
        if price is None:
            return

        variant = FeedVariant(key=key, sku=row.get("Variant SKU") or None, option_values=option_values, line=line)
        variant.file = self.file
        compare_at = _common.read_optional_price(
            self.catalog,
            row.get("Variant Compare At Price", ""),
            self.currency,
            file=self.file,
            line=line,
            field="Variant Compare At Price",
            label=f"Compare-at price of variant '{key}'",
        )
        variant.prices = [FeedPrice(self.currency, price[0], compare_at)]
        variant.barcode = row.get("Variant Barcode", "").strip().lstrip("'").strip() or None
        variant.weight_grams = self._weight(row, line)
        variant.stock = self._stock(row, line)
        variant.inventory_policy = self._policy(row, line)

        image = row.get("Variant Image", "").strip()
        if image:
            variant.image_url = image
            _common.add_media(product, image, variant_key=key)
        product.variants.append(variant)

    def _option_values(self, product: FeedProduct, row: dict[str, str]) -> list[tuple[str, str]]:
        names = self.option_names[product.key]
        pairs = []
        for index, name in enumerate(names, start=1):
            value = row.get(f"Option{index} Value", "").strip()
            if not value or is_placeholder(name, value):
                continue
            pairs.append((name or f"Option{index}", value))
        return pairs

    def _weight(self, row: dict[str, str], line: int) -> int | None:
        # `Variant Grams` is always grams, and `Variant Weight Unit` only sets how the shop displays it.
        # Exports from some tools carry `Variant Weight` in that unit instead.
        column, text = "Variant Grams", row.get("Variant Grams", "").strip()
        unit = "g"
        if not text and row.get("Variant Weight", "").strip():
            column, text = "Variant Weight", row["Variant Weight"].strip()
            unit = row.get("Variant Weight Unit", "").strip() or "kg"
        if not text:
            return None

        try:
            # Shopify writes 0 for "no weight entered".
            return to_grams(text, unit) or None
        except ValueError as error:
            self.catalog.warning(
                "invalid_weight",
                f"{error} The weight was left empty.",
                file=self.file,
                line=line,
                field=column,
                value=text,
            )
            return None

    def _stock(self, row: dict[str, str], line: int) -> list[FeedStock]:
        if not row.get("Variant Inventory Tracker", "").strip():
            return _common.stock(self.options, None)
        if not self.has_quantity:
            # The current export moved quantities to the separate inventory export.
            return []

        text = row.get("Variant Inventory Qty", "").strip()
        if not text:
            return []
        try:
            quantity = to_int(text)
        except ValueError as error:
            self.catalog.warning(
                "invalid_quantity",
                f"{error} The stock was left uncounted.",
                file=self.file,
                line=line,
                field="Variant Inventory Qty",
                value=text,
            )
            return []
        return _common.stock(self.options, _common.non_negative(self.catalog, quantity, self.file, line))

    def _policy(self, row: dict[str, str], line: int) -> InventoryPolicy:
        text = row.get("Variant Inventory Policy", "").strip().lower()
        if not text or text in _POLICIES:
            return _POLICIES.get(text, "deny")
        self.catalog.warning(
            "invalid_inventory_policy",
            f"Variant Inventory Policy '{text}' is neither deny nor continue; deny was used.",
            file=self.file,
            line=line,
            field="Variant Inventory Policy",
            value=text,
        )
        return "deny"


def _metafield_columns(header: list[str]) -> list[tuple[str, str]]:
    columns = []
    for name in header:
        match = _METAFIELD.search(name)
        if match is not None:
            columns.append((name, match.group(1)))
    return columns
