from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opendrop_kit.feeds.model import FeedCatalog, ReadOptions
from opendrop_kit.feeds.readers import read_catalog
from opendrop_kit.feeds.sale_period import SalePeriod, SalePeriodError, parse_interval, period

AS_OF = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)


def test_dates_cover_whole_days_in_utc() -> None:
    sale = period("2026-11-01", "2026-11-15")

    assert sale == SalePeriod(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 16, tzinfo=UTC))
    assert sale.covers(datetime(2026, 11, 15, 23, 59, tzinfo=UTC))
    assert not sale.covers(datetime(2026, 11, 16, tzinfo=UTC))
    assert not sale.covers(datetime(2026, 10, 31, 23, 59, tzinfo=UTC))


def test_google_interval_with_offsets_and_open_sides() -> None:
    sale = parse_interval("2026-11-15T11:07+0100/2026-11-29T23:07+0100")

    assert sale.starts == datetime(2026, 11, 15, 10, 7, tzinfo=UTC)
    assert sale.ends == datetime(2026, 11, 29, 22, 7, tzinfo=UTC)
    assert not sale.covers(datetime(2026, 11, 15, 10, 6, tzinfo=UTC))
    assert parse_interval("") == SalePeriod()
    assert period("", "2026-11-30 18:00:00") == SalePeriod(None, datetime(2026, 11, 30, 18, tzinfo=UTC))


@pytest.mark.parametrize(
    ("starts", "ends", "message"),
    [
        ("next week", "", "'next week' is not an ISO 8601 date"),
        ("2026-11-30", "2026-11-01", "the sale ends (2026-11-01) before it starts (2026-11-30)"),
    ],
)
def test_unreadable_periods_are_explained(starts: str, ends: str, message: str) -> None:
    with pytest.raises(SalePeriodError, match=re.escape(message)):
        period(starts, ends)


def test_compact_dates_cover_whole_days() -> None:
    assert period("20261101", "20261130") == period("2026-11-01", "2026-11-30")


def test_naive_evaluation_time_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="as_of must be timezone-aware"):
        read_catalog(
            [write_feed(tmp_path, google_item("x", ""))], "google-merchant", ReadOptions(as_of=datetime(2026, 11, 15))
        )


def test_google_interval_needs_a_slash() -> None:
    with pytest.raises(SalePeriodError, match="not a start/end interval"):
        parse_interval("2026-11-01")


def google_item(item_id: str, effective: str) -> str:
    return (
        f"<item><g:id>{item_id}</g:id><title>Mug {item_id}</title><g:price>20.00 EUR</g:price>"
        f"<g:sale_price>15.00 EUR</g:sale_price><g:sale_price_effective_date>{effective}</g:sale_price_effective_date>"
        "<g:availability>in stock</g:availability></item>\n"
    )


def write_feed(tmp_path: Path, items: str) -> Path:
    path = tmp_path / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<rss xmlns:g="http://base.google.com/ns/1.0" version="2.0"><channel>\n'
        + items
        + "</channel></rss>\n",
        encoding="utf-8",
    )
    return path


def read_google(tmp_path: Path, items: str) -> FeedCatalog:
    return read_catalog([write_feed(tmp_path, items)], "google-merchant", ReadOptions(as_of=AS_OF))


def test_google_sale_applies_only_within_its_period(tmp_path: Path) -> None:
    catalog = read_google(
        tmp_path,
        google_item("running", "2026-11-01T00:00Z/2026-11-30T00:00Z")
        + google_item("over", "2026-10-01/2026-10-31")
        + google_item("later", "2026-12-01T00:00+01:00/2026-12-24T00:00+01:00")
        + google_item("garbled", "soon/later"),
    )

    prices = {product.key: product.variants[0].prices[0] for product in catalog.products}
    assert (prices["running"].amount_minor, prices["running"].compare_at_minor) == (1500, 2000)
    assert (prices["over"].amount_minor, prices["over"].compare_at_minor) == (2000, None)
    assert (prices["later"].amount_minor, prices["later"].compare_at_minor) == (2000, None)
    assert (prices["garbled"].amount_minor, prices["garbled"].compare_at_minor) == (1500, 2000)

    issues = [(issue.code, issue.field, issue.value) for issue in catalog.issues]
    assert issues == [
        ("sale_not_in_effect", "sale_price_effective_date", "2026-10-01/2026-10-31"),
        ("sale_not_in_effect", "sale_price_effective_date", "2026-12-01T00:00+01:00/2026-12-24T00:00+01:00"),
        ("invalid_sale_period", "sale_price_effective_date", "soon/later"),
    ]
    over, later, _ = catalog.issues
    assert "is over" in over.message
    assert "until 2026-11-01 00:00 UTC" in over.message
    assert "has not started yet" in later.message
    assert "from 2026-11-30 23:00 UTC" in later.message


WOO_HEADER = "ID,Type,SKU,Name,Published,Date sale price starts,Date sale price ends,Sale price,Regular price,Stock\n"


def test_woocommerce_native_sale_dates(tmp_path: Path) -> None:
    path = tmp_path / "wc-product-export.csv"
    path.write_text(
        WOO_HEADER
        + "1,simple,ON-SALE,Cap,1,2026-11-01,2026-11-15,9.90,14.90,3\n"
        + "2,simple,ENDED,Scarf,1,2026-10-01,2026-10-31,9.90,14.90,3\n"
        + "3,simple,OPEN,Gloves,1,,2026-12-31,9.90,14.90,3\n",
        encoding="utf-8",
    )

    catalog = read_catalog([path], "woocommerce-csv", ReadOptions(currency="EUR", as_of=AS_OF))

    prices = {product.key: product.variants[0].prices[0] for product in catalog.products}
    assert (prices["ON-SALE"].amount_minor, prices["ON-SALE"].compare_at_minor) == (990, 1490)
    assert (prices["ENDED"].amount_minor, prices["ENDED"].compare_at_minor) == (1490, None)
    assert (prices["OPEN"].amount_minor, prices["OPEN"].compare_at_minor) == (990, 1490)
    assert [(issue.code, issue.line, issue.value) for issue in catalog.issues] == [
        ("sale_not_in_effect", 3, "2026-10-01/2026-10-31")
    ]


def test_woocommerce_rest_sale_dates_prefer_utc_columns(tmp_path: Path) -> None:
    path = tmp_path / "woocommerce_products.csv"
    path.write_text(
        "id,name,sku,type,status,regular_price,sale_price,date_on_sale_from,date_on_sale_to,date_on_sale_to_gmt\n"
        "7,Cap,CAP,simple,publish,14.90,9.90,2026-11-01T00:00:00,2026-11-30T23:00:00,2026-11-15T11:00:00\n",
        encoding="utf-8",
    )

    catalog = read_catalog([path], "woocommerce-csv", ReadOptions(currency="EUR", as_of=AS_OF))

    price = catalog.products[0].variants[0].prices[0]
    assert (price.amount_minor, price.compare_at_minor) == (1490, None)
    assert [issue.code for issue in catalog.issues] == ["sale_not_in_effect"]
