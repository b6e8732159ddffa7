"""Write a catalog as a Google Merchant Center product feed: RSS 2.0 with the `g:` namespace.

Every variant becomes one `<item>` whose `g:id` is the SKU and whose `g:item_group_id` is the
product key, also for products with a single variant, so that a reader gets the product key back.
A product with several variants gets its title in `g:item_group_title`, and each item gets a
title of its own: the variant title, or the product title followed by the option values.
`<description>` is the plain text of the description.

Options. Google has six attributes that tell variants apart: color, size, material, pattern,
gender and age_group. An option whose name is one of them, ignoring case ('Colour' counts as
color), is written to that attribute. Google also accepts the generic `g:variant_option` group
of `g:name` and `g:value`, up to 30 per item (https://support.google.com/merchants/answer/17085214).
Every option is written there too, in the product's option order, so names such as 'Storage' and
'RAM' are kept. A reader that ignores `g:variant_option` still gets the six attributes.

Prices. `g:price` is the regular price and `g:sale_price` the price paid, so a variant with a
compare-at price above its price gets `g:price` = compare-at and `g:sale_price` = price. Amounts
are written with the currency's minor-unit digits, as '19.99 EUR' or '3180 JPY'.

Availability is summed over warehouses, by the rule the API serves. A variant is in_stock when any
warehouse does not count its stock, or when on hand minus reserved is above zero. Otherwise,
including a variant with no stock entries, it is backorder when it accepts orders at zero stock,
with `g:availability_date` set to the earliest restock date, and out_of_stock when it does not.

`g:ships_from_country` is written when all of a variant's warehouses are in one country.

Not carried: stock quantities, quantity tiers, prices in other currencies, MOQ, origin and HS
code. Warehouses and the countries they ship to are not carried either, because `g:shipping` needs
a shipping price, which the catalog does not have. Translations are left out too, since Google
takes one feed per language.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO
from xml.sax.saxutils import escape

from opendrop_kit.feeds._export_common import (
    base_price,
    missing_price_issue,
    pick_currency,
    plain_description,
)
from opendrop_kit.feeds._ndjson_encode import format_timestamp
from opendrop_kit.feeds.localize import LocalizedProduct, check_locale, localized_product
from opendrop_kit.feeds.model import (
    ExportResult,
    FeedCatalog,
    FeedIssue,
    FeedPrice,
    FeedProduct,
    FeedStock,
    FeedVariant,
)
from opendrop_kit.schema.money import format_minor_units

__all__ = ["GOOGLE_NAMESPACE", "OPTION_ATTRIBUTES", "write"]

logger = logging.getLogger(__name__)

GOOGLE_NAMESPACE = "http://base.google.com/ns/1.0"

#: Lower-case option name -> the Google attribute that distinguishes variants by it.
OPTION_ATTRIBUTES = {
    "color": "color",
    "colour": "color",
    "size": "size",
    "material": "material",
    "pattern": "pattern",
    "gender": "gender",
    "age group": "age_group",
    "age_group": "age_group",
}

# Product attributes written as Google attributes of the same name, as the Google reader stores them.
_COPIED_ATTRIBUTES = ("google_product_category", "mpn")
# Google accepts at most this many additional images per item.
_MAX_ADDITIONAL_IMAGES = 10
_GTIN = re.compile(r"^(?:[0-9]{8}|[0-9]{12,14})$")
# Characters that XML 1.0 cannot contain at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def write(
    catalog: FeedCatalog,
    out: BinaryIO,
    *,
    currency: str | None = None,
    title: str = "OpenDrop catalog",
    link: str | None = None,
    locale: str | None = None,
) -> ExportResult:
    """Write `catalog` as a Google Merchant RSS 2.0 feed (UTF-8); return what was written, with warnings.

    `currency` is the currency of the prices. By default it is the one in which most variants have
    a price. `title` and `link` describe the feed's channel, and `link` defaults to the site of the
    first product page. Raises `ValueError` for a `currency` that is not an active ISO 4217 code.
    """
    chosen = pick_currency(catalog, currency)
    countries = {warehouse.code: warehouse.country for warehouse in catalog.warehouses}
    tag = check_locale(locale) if locale is not None else None
    result = ExportResult(chosen)
    out.write(_channel_start(title, link or _site_of(catalog)).encode())

    for source in catalog.products:
        view = localized_product(source, tag) if tag is not None else LocalizedProduct(source)
        if view.issue is not None:
            result.issues.append(view.issue)
        items_before = result.variants
        for item in _product_items(view, chosen, countries, result.issues):
            out.write(item.encode())
            result.variants += 1
        result.products += result.variants > items_before

    out.write(b"</channel>\n</rss>\n")
    logger.info("Wrote %d Google Merchant items in %s (%d warnings).", result.variants, chosen, len(result.issues))
    return result


def _channel_start(title: str, link: str | None) -> str:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<rss version="2.0" xmlns:g="{GOOGLE_NAMESPACE}">\n<channel>\n',
        f"<title>{_text(title)}</title>\n",
    ]
    if link:
        parts.append(f"<link>{_text(link)}</link>\n")
    parts.append(f"<description>{_text(title)}</description>\n")
    return "".join(parts)


def _site_of(catalog: FeedCatalog) -> str | None:
    for product in catalog.products:
        if product.source_url:
            scheme, _, rest = product.source_url.partition("://")
            return f"{scheme}://{rest.split('/', 1)[0]}/"
    return None


def _product_items(
    view: LocalizedProduct, currency: str, countries: dict[str, str], issues: list[FeedIssue]
) -> Iterator[str]:
    product = view.product
    skipped = [variant for variant in product.variants if base_price(variant, currency) is None]
    if skipped:
        issues.append(missing_price_issue(product, skipped, currency))

    writer = _ItemWriter(product, countries, issues, view.source_option_names)
    shared = writer.shared_elements()
    for variant in product.variants:
        price = base_price(variant, currency)
        if price is not None:
            yield writer.item(variant, price, shared)


class _ItemWriter:
    """Writes the items of one product and reports what could not be written as warnings."""

    def __init__(
        self,
        product: FeedProduct,
        countries: dict[str, str],
        issues: list[FeedIssue],
        source_option_names: dict[str, str],
    ) -> None:
        self.product = product
        #: Translated option name -> source name; Google's attributes are chosen by the source name.
        self.source_option_names = source_option_names
        #: Warehouse code -> country of the warehouse.
        self.countries = countries
        self.issues = issues

    def shared_elements(self) -> list[str]:
        """Return the elements that every item of the product repeats."""
        product = self.product
        elements = [
            self.element("g:item_group_id", product.key),
            self.element("description", plain_description(product)),
            self.element("g:condition", product.attributes.get("condition", "new")),
        ]
        if len(product.variants) > 1:
            elements.append(self.element("g:item_group_title", product.title))
        if product.source_url:
            elements.append(self.element("link", product.source_url))
        if product.brand:
            elements.append(self.element("g:brand", product.brand))
        for path in product.categories:
            elements.append(self.element("g:product_type", " > ".join(path)))
        for name in _COPIED_ATTRIBUTES:
            if product.attributes.get(name):
                elements.append(self.element(f"g:{name}", product.attributes[name]))
        elements.extend(self.element(f"g:{name}", value) for name, value in self._product_wide_attributes())
        return elements

    def _product_wide_attributes(self) -> list[tuple[str, str]]:
        """Return product attributes named like a variant attribute (material, gender…) that no option sets."""
        product = self.product
        from_options = {self.attribute_of(name) for name in product.options}
        found: dict[str, str] = {}
        for name, value in product.attributes.items():
            attribute = OPTION_ATTRIBUTES.get(name.strip().lower())
            if attribute is not None and attribute not in from_options and value:
                found.setdefault(attribute, value)
        return list(found.items())

    def attribute_of(self, option: str) -> str | None:
        """Return the Google attribute for an option (`Color` gives `color`), also when it is translated."""
        source = self.source_option_names.get(option, option)
        return OPTION_ATTRIBUTES.get(source.strip().lower())

    def title(self, variant: FeedVariant) -> str:
        """Return the item title: the variant's own, or the product title with the option values.

        Google recommends a title per variant that differs from `g:item_group_title`.
        """
        if variant.title:
            return variant.title
        values = " / ".join(value for _, value in variant.option_values)
        if len(self.product.variants) > 1 and values:
            return f"{self.product.title} - {values}"
        return self.product.title

    def item(self, variant: FeedVariant, price: FeedPrice, shared: list[str]) -> str:
        lines = ["<item>", self.element("g:id", self._item_id(variant)), self.element("title", self.title(variant))]
        lines.extend(shared)
        lines.extend(self._price_elements(variant, price))
        lines.extend(self._availability_elements(variant))
        lines.extend(self.element(name, url) for name, url in _image_links(self.product, variant))
        lines.extend(self._option_elements(variant))
        lines.extend(self.element(name, value) for name, value in _shipping_values(variant))
        lines.extend(self._gtin_elements(variant))
        origin = self._ships_from(variant)
        if origin is not None:
            lines.append(self.element("g:ships_from_country", origin))
        lines.append("</item>\n")
        return "\n".join(lines)

    def element(self, name: str, value: str) -> str:
        if _NOT_XML.search(value):
            # XML 1.0 cannot represent control characters other than tab and line breaks, not even
            # escaped, so they are removed and the removal is reported.
            self.warn(
                "invalid_xml_character",
                f"{name} contains control characters that XML cannot represent; they were removed.",
                name,
                value[:80],
            )
            value = _NOT_XML.sub("", value)
        return f"<{name}>{escape(value)}</{name}>"

    def warn(self, code: str, message: str, field: str, value: str | None) -> None:
        self.issues.append(
            FeedIssue(
                "warning",
                code,
                f"Product '{self.product.key}': {message}",
                line=self.product.line,
                field=field,
                value=value,
            )
        )

    def _item_id(self, variant: FeedVariant) -> str:
        if variant.sku:
            return variant.sku

        fallback = f"{self.product.key}-{variant.key}"
        self.warn(
            "missing_sku", f"variant '{variant.key}' has no SKU; g:id '{fallback}' was used instead.", "sku", fallback
        )
        return fallback

    def _price_elements(self, variant: FeedVariant, price: FeedPrice) -> list[str]:
        amount = _money(price.amount_minor, price.currency)
        compare_at = price.compare_at_minor
        if compare_at is None:
            return [self.element("g:price", amount)]
        if compare_at <= price.amount_minor:
            self.warn(
                "compare_at_not_higher",
                f"variant '{variant.sku or variant.key}' has a compare-at price that is not above its price, "
                "so no sale price was written.",
                "prices",
                _money(compare_at, price.currency),
            )
            return [self.element("g:price", amount)]
        return [self.element("g:price", _money(compare_at, price.currency)), self.element("g:sale_price", amount)]

    def _availability_elements(self, variant: FeedVariant) -> list[str]:
        if _is_available(variant.stock):
            return [self.element("g:availability", "in_stock")]
        if variant.inventory_policy != "continue":
            return [self.element("g:availability", "out_of_stock")]

        elements = [self.element("g:availability", "backorder")]
        restock = _earliest_restock(variant.stock)
        if restock is not None:
            elements.append(self.element("g:availability_date", format_timestamp(restock)))
        else:
            self.warn(
                "missing_availability_date",
                f"variant '{variant.sku or variant.key}' is sold on backorder without an expected restock date; "
                "Google requires g:availability_date for backorder items.",
                "stock",
                None,
            )
        return elements

    def _option_elements(self, variant: FeedVariant) -> list[str]:
        elements = []
        used: set[str] = set()
        for name, value in variant.option_values:
            attribute = self.attribute_of(name)
            if attribute is not None and attribute not in used:
                used.add(attribute)
                elements.append(self.element(f"g:{attribute}", value))

        for name, value in variant.option_values:
            pair = self.element("g:name", name) + self.element("g:value", value)
            elements.append(f"<g:variant_option>{pair}</g:variant_option>")
        return elements

    def _ships_from(self, variant: FeedVariant) -> str | None:
        """Return the country of the variant's warehouses when they are all in one country."""
        found = {self.countries.get(level.warehouse) for level in variant.stock}
        if len(found) == 1:
            return found.pop()
        return None

    def _gtin_elements(self, variant: FeedVariant) -> list[str]:
        barcode = variant.barcode
        if not barcode:
            return []
        if _GTIN.match(barcode):
            return [self.element("g:gtin", barcode)]

        self.warn(
            "invalid_gtin",
            f"barcode '{barcode}' is not a GTIN of 8, 12, 13 or 14 digits, so it was left out.",
            "barcode",
            barcode,
        )
        return []


def _is_available(stock: list[FeedStock]) -> bool:
    # No stock entry means nothing is known to be available, as in the API's `in_stock`.
    if any(level.on_hand is None for level in stock):
        return True
    return sum(max((level.on_hand or 0) - level.reserved, 0) for level in stock) > 0


def _earliest_restock(stock: list[FeedStock]) -> datetime | None:
    dates = [level.incoming_expected_at for level in stock if level.incoming and level.incoming_expected_at]
    return min(dates, default=None)


def _image_links(product: FeedProduct, variant: FeedVariant) -> list[tuple[str, str]]:
    """Return the variant's own image first, then the product's other images that show it."""
    urls: list[str] = []
    if variant.image_url:
        urls.append(variant.image_url)
    for media in product.media:
        shows_variant = not media.variant_keys or variant.key in media.variant_keys
        if shows_variant and media.url not in urls:
            urls.append(media.url)

    if not urls:
        return []
    additional = urls[1 : 1 + _MAX_ADDITIONAL_IMAGES]
    return [("g:image_link", urls[0]), *(("g:additional_image_link", url) for url in additional)]


def _shipping_values(variant: FeedVariant) -> list[tuple[str, str]]:
    values = []
    if variant.weight_grams is not None:
        values.append(("g:shipping_weight", f"{variant.weight_grams} g"))
    for name, millimetres in (
        ("g:shipping_length", variant.length_mm),
        ("g:shipping_width", variant.width_mm),
        ("g:shipping_height", variant.height_mm),
    ):
        if millimetres is not None:
            values.append((name, f"{_centimetres(millimetres)} cm"))
    if variant.processing_days is not None:
        values.append(("g:max_handling_time", str(variant.processing_days)))
    return values


def _centimetres(millimetres: int) -> str:
    # Google takes shipping dimensions in cm or in. One decimal of cm keeps every millimetre.
    whole, tenth = divmod(millimetres, 10)
    return f"{whole}.{tenth}" if tenth else str(whole)


def _money(minor: int, currency: str) -> str:
    return f"{format_minor_units(minor, currency)} {currency}"


def _text(value: str) -> str:
    """Escape channel text, dropping control characters that XML cannot represent."""
    return escape(_NOT_XML.sub("", value))
