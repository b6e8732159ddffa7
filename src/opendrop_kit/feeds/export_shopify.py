"""Write a catalog as a Shopify product CSV, in the column layout of Shopify's current admin export.

Each product takes one row per variant. The first row carries the product's columns (Title, Body,
Vendor, Type, Tags, option names, Status) and the following rows leave them empty, as Shopify
does. Images are listed one per row in `Image Src` with their position. Images beyond the number
of variants get rows of their own, which carry only the handle and the image.

The format has limits, so some of a catalog is not exported (docs/exports.md lists them all):

- one currency without a currency column: the shop's currency is given when importing. Each
  variant's price for one unit in the chosen currency is written; quantity tiers are not.
- one location: `Variant Inventory Qty` is the available stock (on hand minus reserved) summed
  over all warehouses, and a variant whose stock is not counted has no inventory tracker.
- at most three options; a product with more is left out with a warning.
- categories: `Product Category` accepts only Shopify's own taxonomy, so the first category path
  is written to `Type` (free text) as 'Apparel > Tops'. `Product Category` is filled only from
  the attribute `product_category`, which contains a taxonomy value read from a Shopify file.
- translations, dimensions, MOQ, processing days, origin and HS code have no column in the
  product CSV, and neither have product attributes except Shopify's own: `product_category`,
  `mpn`, `condition` and metafields named `namespace.key`, which get a metafield column each.

`write` returns warnings about what was left out; it raises nothing for catalog content.
"""

from __future__ import annotations

import csv
import logging
import re
from typing import TextIO

from opendrop_kit.feeds._export_common import (
    base_price,
    missing_price_issue,
    pick_currency,
    safe_description_html,
)
from opendrop_kit.feeds.localize import localized
from opendrop_kit.feeds.model import (
    ExportResult,
    FeedCatalog,
    FeedIssue,
    FeedMedia,
    FeedProduct,
    FeedStock,
    FeedVariant,
)
from opendrop_kit.schema.money import format_minor_units

__all__ = ["COLUMNS", "write"]

logger = logging.getLogger(__name__)

#: Header of the written file, in Shopify's order. Metafield columns are not written.
COLUMNS = (
    "Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
    "Option1 Name", "Option1 Value", "Option1 Linked To",
    "Option2 Name", "Option2 Value", "Option2 Linked To",
    "Option3 Name", "Option3 Value", "Option3 Linked To",
    "Variant SKU", "Variant Grams", "Variant Inventory Tracker", "Variant Inventory Qty",
    "Variant Inventory Policy", "Variant Fulfillment Service", "Variant Price", "Variant Compare At Price",
    "Variant Requires Shipping", "Variant Taxable", "Variant Barcode",
    "Image Src", "Image Position", "Image Alt Text", "Gift Card", "SEO Title", "SEO Description",
    "Google Shopping / Google Product Category", "Google Shopping / Gender", "Google Shopping / Age Group",
    "Google Shopping / MPN", "Google Shopping / Condition", "Google Shopping / Custom Product",
    "Variant Image", "Variant Weight Unit", "Variant Tax Code", "Cost per item", "Status",
)  # fmt: skip

# Columns filled from the product attributes under which the Shopify reader stores them.
_ATTRIBUTE_COLUMNS = {
    "Product Category": "product_category",
    "Google Shopping / MPN": "mpn",
    "Google Shopping / Condition": "condition",
}
# A product attribute named like a Shopify metafield, `namespace.key`, as the Shopify reader names
# the metafield columns it reads (`shopify.color-pattern`).
_METAFIELD_KEY = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+$")
_MAX_OPTIONS = 3
# Shopify's stand-in option of a product without options.
_PLACEHOLDER_OPTION = ("Title", "Default Title")


def write(catalog: FeedCatalog, out: TextIO, *, currency: str | None = None, locale: str | None = None) -> ExportResult:
    """Write `catalog` as a Shopify product CSV to `out`; return what was written, with warnings about the rest.

    `out` must be opened with `newline=""`, as the csv module requires. `currency` is the shop's
    currency. By default it is the one in which most variants have a price. Raises `ValueError` for a
    `currency` that is not an active ISO 4217 code.
    """
    chosen = pick_currency(catalog, currency)
    localized_issues: list[FeedIssue] = []
    if locale is not None:
        catalog, localized_issues = localized(catalog, locale)
    columns = _columns(catalog)
    writer = csv.writer(out)
    writer.writerow(columns)

    result = ExportResult(chosen, issues=localized_issues)
    for product in catalog.products:
        rows = _product_rows(product, chosen, result.issues)
        writer.writerows([row.get(column, "") for column in columns] for row in rows)
        result.products += bool(rows)
        # Image rows that follow the variants carry no price.
        result.variants += sum(1 for row in rows if "Variant Price" in row)

    logger.info("Wrote %d products as Shopify CSV in %s (%d warnings).", result.products, chosen, len(result.issues))
    return result


def _columns(catalog: FeedCatalog) -> list[str]:
    """Return the header: `COLUMNS`, with a column for each metafield attribute where Shopify puts them."""
    keys = sorted({name for product in catalog.products for name in product.attributes if _METAFIELD_KEY.match(name)})
    position = COLUMNS.index("Variant Image")
    return [*COLUMNS[:position], *(_metafield_column(key) for key in keys), *COLUMNS[position:]]


def _metafield_column(key: str) -> str:
    # Shopify labels the column with the metafield's display name, which the catalog does not keep.
    # Importers read the key in parentheses, so the key serves as the label too.
    return f"{key} (product.metafields.{key})"


def _product_rows(product: FeedProduct, currency: str, issues: list[FeedIssue]) -> list[dict[str, str]]:
    if len(product.options) > _MAX_OPTIONS:
        issues.append(_too_many_options(product))
        return []

    variants = [variant for variant in product.variants if base_price(variant, currency) is not None]
    skipped = [variant for variant in product.variants if base_price(variant, currency) is None]
    if skipped:
        issues.append(missing_price_issue(product, skipped, currency))
    if not variants:
        return []

    _warn_about_tags(product, issues)
    rows = [_variant_row(product, variant, currency) for variant in variants]
    _fill_product_columns(rows[0], product)
    _add_images(rows, product)
    return rows


def _fill_product_columns(row: dict[str, str], product: FeedProduct) -> None:
    row["Title"] = product.title
    row["Body (HTML)"] = safe_description_html(product) or ""
    row["Vendor"] = product.brand or ""
    row["Type"] = " > ".join(product.categories[0]) if product.categories else ""
    for column, attribute in _ATTRIBUTE_COLUMNS.items():
        row[column] = product.attributes.get(attribute, "")
    for name, value in product.attributes.items():
        if _METAFIELD_KEY.match(name):
            row[_metafield_column(name)] = value
    row["Tags"] = ", ".join(product.tags)
    row["Published"] = "true" if product.status == "active" else "false"
    row["Gift Card"] = "false"
    row["Status"] = product.status

    names = product.options or [_PLACEHOLDER_OPTION[0]]
    for number, name in enumerate(names, start=1):
        row[f"Option{number} Name"] = name


def _variant_row(product: FeedProduct, variant: FeedVariant, currency: str) -> dict[str, str]:
    price = base_price(variant, currency)
    assert price is not None  # the caller keeps only variants that have one
    row = {
        "Handle": product.key,
        "Variant SKU": variant.sku or "",
        "Variant Grams": "" if variant.weight_grams is None else str(variant.weight_grams),
        "Variant Inventory Policy": variant.inventory_policy,
        "Variant Fulfillment Service": "manual",
        "Variant Price": format_minor_units(price.amount_minor, currency),
        "Variant Requires Shipping": "true",
        "Variant Taxable": "true",
        "Variant Barcode": variant.barcode or "",
        "Variant Image": variant.image_url or "",
    }
    if price.compare_at_minor is not None:
        row["Variant Compare At Price"] = format_minor_units(price.compare_at_minor, currency)
    if variant.weight_grams is not None:
        row["Variant Weight Unit"] = "kg" if variant.weight_grams >= 1000 else "g"

    values = [value for _, value in variant.option_values] or [_PLACEHOLDER_OPTION[1]]
    for number, value in enumerate(values, start=1):
        row[f"Option{number} Value"] = value
    _fill_inventory(row, variant.stock)
    return row


def _fill_inventory(row: dict[str, str], stock: list[FeedStock]) -> None:
    # Shopify tracks a variant's quantity either fully or not at all. Stock that one warehouse does
    # not count makes the variant sellable without limit, so such a variant is exported as untracked.
    if any(level.on_hand is None for level in stock):
        return

    row["Variant Inventory Tracker"] = "shopify"
    # Without any stock entry the quantity is unknown: Shopify's current export also writes a
    # tracker without quantity, because it lists quantities in a separate inventory export.
    if stock:
        row["Variant Inventory Qty"] = str(sum((level.on_hand or 0) - level.reserved for level in stock))


def _add_images(rows: list[dict[str, str]], product: FeedProduct) -> None:
    for position, media in enumerate(product.media, start=1):
        if position <= len(rows):
            row = rows[position - 1]
        else:
            row = {"Handle": product.key}
            rows.append(row)
        _fill_image(row, media, position)


def _fill_image(row: dict[str, str], media: FeedMedia, position: int) -> None:
    row["Image Src"] = media.url
    row["Image Position"] = str(position)
    row["Image Alt Text"] = media.alt or ""


def _warn_about_tags(product: FeedProduct, issues: list[FeedIssue]) -> None:
    with_commas = [tag for tag in product.tags if "," in tag]
    if with_commas:
        issues.append(
            FeedIssue(
                "warning",
                "tag_contains_comma",
                f"Product '{product.key}': Shopify separates tags with commas, so the tags "
                f"{with_commas} will be split into several tags on import.",
                line=product.line,
                field="tags",
                value=", ".join(with_commas),
            )
        )


def _too_many_options(product: FeedProduct) -> FeedIssue:
    return FeedIssue(
        "warning",
        "too_many_options",
        f"Product '{product.key}' has {len(product.options)} options ({', '.join(product.options)}), but "
        f"Shopify allows {_MAX_OPTIONS}; the product was left out of the export.",
        line=product.line,
        field="options",
        value=", ".join(product.options),
    )
