"""Helpers of the Shopify CSV and Google Merchant exporters: currency choice, prices, descriptions.

Both formats carry one price per variant in one currency, so an export picks a currency and uses
each variant's base price in it (the price from quantity 1). A variant without such a price cannot
be exported. It is left out with a warning, never converted from another currency.
"""

from __future__ import annotations

from collections import Counter

from opendrop_kit.feeds.html import sanitize_html, text_to_html
from opendrop_kit.feeds.model import FeedCatalog, FeedIssue, FeedPrice, FeedProduct, FeedVariant
from opendrop_kit.schema.money import currency_digits


def pick_currency(catalog: FeedCatalog, requested: str | None) -> str:
    """Return `requested`, or the currency in which most variants have a base price.

    Raises `ValueError` for a requested code that is not an active ISO 4217 currency, and for a
    catalog without any price when no currency is requested.
    """
    if requested is not None:
        currency_digits(requested)
        return requested

    counts: Counter[str] = Counter()
    for product in catalog.products:
        for variant in product.variants:
            # dict.fromkeys counts a currency once per variant and keeps the order of the prices.
            counts.update(list(dict.fromkeys(price.currency for price in variant.prices if price.min_quantity == 1)))
    if not counts:
        raise ValueError("The catalog has no prices, so no currency can be chosen; pass currency= explicitly.")
    # Counter.most_common keeps first-seen order among equal counts, so the choice is stable.
    return counts.most_common(1)[0][0]


def base_price(variant: FeedVariant, currency: str) -> FeedPrice | None:
    """Return the variant's price for one unit in `currency`, if it has one."""
    for price in variant.prices:
        if price.currency == currency and price.min_quantity == 1:
            return price
    return None


def missing_price_issue(product: FeedProduct, skipped: list[FeedVariant], currency: str) -> FeedIssue:
    """Describe the variants of a product that were left out because they have no price in `currency`."""
    names = ", ".join(variant.sku or variant.key for variant in skipped)
    return FeedIssue(
        "warning",
        "missing_price_in_currency",
        f"Product '{product.key}': {len(skipped)} variants ({names}) have no price for one unit in {currency}, "
        "so they were left out of the export. Add prices in that currency, or export in another one.",
        line=product.line,
        field="prices",
        value=currency,
    )


def safe_description_html(product: FeedProduct) -> str | None:
    """Return the product's description as sanitized HTML, made from the plain text if there is no HTML.

    Shops and ad platforms display exported descriptions, so the HTML is sanitized here even when
    `normalize()` already did it. Sanitizing sanitized HTML changes nothing.
    """
    if product.description_html:
        return sanitize_html(product.description_html)[0] or None
    if product.description_text:
        return text_to_html(product.description_text)
    return None


def plain_description(product: FeedProduct) -> str:
    """Return the product's description as plain text, derived from the HTML when needed."""
    if product.description_text:
        return product.description_text
    if product.description_html:
        return sanitize_html(product.description_html)[1]
    return ""
