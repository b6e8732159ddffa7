"""Helpers that the feed readers share: currency checks, price cells, media and issue reporting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from opendrop_kit.feeds.errors import FeedError, MissingCurrencyError
from opendrop_kit.feeds.model import FeedCatalog, FeedMedia, FeedProduct, FeedStock, ReadOptions
from opendrop_kit.feeds.prices import PriceError, parse_price
from opendrop_kit.feeds.sale_period import SalePeriod, SalePeriodError
from opendrop_kit.feeds.textio import CsvTable, DecodedText
from opendrop_kit.schema.money import MoneyError, currency_digits


def require_currency(options: ReadOptions, format_label: str) -> str:
    """Return the currency given for a format whose files carry none, or raise a clear error."""
    if options.currency is None:
        raise MissingCurrencyError(
            f"{format_label} files do not say which currency their prices are in; pass the shop's "
            "currency as an ISO 4217 code with --currency (for example --currency USD)."
        )
    return check_currency(options.currency)


def check_currency(currency: str) -> str:
    """Return `currency` if it is an active ISO 4217 code, else raise `FeedError`."""
    try:
        currency_digits(currency)
    except MoneyError as error:
        raise FeedError(f"--currency {currency}: {error}") from error
    return currency


def record_decoding(catalog: FeedCatalog, decoded: DecodedText, file: str) -> None:
    """Turn what decoding noticed (a detected legacy encoding, a misplaced BOM) into warnings."""
    for message in decoded.warnings:
        catalog.warning("encoding", message, file=file, line=decoded.first_line)


def record_table_issues(catalog: FeedCatalog, table: CsvTable, file: str) -> None:
    """Turn malformed-row notes of a CSV table into warnings."""
    for line, message in table.issues:
        catalog.warning("malformed_row", message, file=file, line=line)


def read_price(
    catalog: FeedCatalog,
    text: str,
    currency: str | None,
    *,
    file: str,
    line: int | None,
    field: str,
    label: str,
) -> tuple[int, str] | None:
    """Parse a required price cell; record an error naming `label` and return None if it is bad."""
    try:
        parsed = parse_price(text, currency)
    except PriceError as error:
        catalog.error(error.code, f"{label} was rejected: {error}", file=file, line=line, field=field, value=text)
        return None
    return parsed.amount_minor, parsed.currency


def read_optional_price(
    catalog: FeedCatalog,
    text: str,
    currency: str | None,
    *,
    file: str,
    line: int | None,
    field: str,
    label: str,
) -> int | None:
    """Parse an optional price cell (compare-at, sale); a bad one is a warning and is ignored."""
    if not text.strip():
        return None
    try:
        return parse_price(text, currency).amount_minor
    except PriceError as error:
        catalog.warning(
            error.code, f"{label}: {error} The value was ignored.", file=file, line=line, field=field, value=text
        )
        return None


def sale_applies(
    catalog: FeedCatalog,
    read_period: Callable[[], SalePeriod],
    as_of: datetime,
    *,
    file: str,
    line: int | None,
    field: str,
    value: str,
    label: str,
) -> bool:
    """Tell whether a sale price applies at `as_of`; warn whenever the period changes the price imported.

    `read_period` parses the feed's sale period, whose text is `value`. A sale outside its period is
    left out and the regular price is imported. A period that cannot be read is reported and
    ignored, so the sale price is imported as if the feed gave no period.
    """
    try:
        period = read_period()
    except SalePeriodError as error:
        message = f"{label}: {error} The sale price was imported as if the feed gave no period."
        catalog.warning("invalid_sale_period", message, file=file, line=line, field=field, value=value)
        return True

    if period.covers(as_of):
        return True

    if period.starts is not None and as_of < period.starts:
        outcome = "has not started yet, so the regular price was imported; import the feed again once it has"
    else:
        outcome = "is over, so the regular price was imported; remove the sale price or give it a new period"
    message = f"{label}: the sale ({period.describe()}) {outcome}."
    catalog.warning("sale_not_in_effect", message, file=file, line=line, field=field, value=value)
    return False


def add_media(product: FeedProduct, url: str, alt: str | None = None, variant_key: str | None = None) -> None:
    """Add an image to a product once, remembering which variants show it."""
    url = url.strip()
    if not url:
        return

    for media in product.media:
        if media.url == url:
            if variant_key is not None and variant_key not in media.variant_keys:
                media.variant_keys.append(variant_key)
            if media.alt is None and alt:
                media.alt = alt
            return
    product.media.append(FeedMedia(url, alt or None, [variant_key] if variant_key is not None else []))


def stock(options: ReadOptions, on_hand: int | None) -> list[FeedStock]:
    """Build the stock entry of the import's warehouse; `on_hand` None means not counted."""
    return [FeedStock(warehouse=options.warehouse, on_hand=on_hand)]


def non_negative(catalog: FeedCatalog, quantity: int, file: str | None, line: int | None) -> int:
    """Return a stock quantity, counting an oversold (negative) quantity as 0 with a warning."""
    if quantity >= 0:
        return quantity
    catalog.warning(
        "negative_stock",
        f"The stock quantity {quantity} is negative (oversold); it was imported as 0.",
        file=file,
        line=line,
        field="stock",
        value=str(quantity),
    )
    return 0
