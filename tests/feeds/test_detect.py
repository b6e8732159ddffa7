from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from opendrop_kit.feeds import ndjson
from opendrop_kit.feeds.detect import FORMATS, detect_file_format, detect_format
from opendrop_kit.feeds.errors import FeedError, FeedFormatError
from opendrop_kit.feeds.model import FeedCatalog, FeedPrice, FeedProduct, FeedVariant, ReadOptions
from opendrop_kit.feeds.readers import READERS, read_catalog

SAMPLES = {
    "shopify-csv": b"Handle,Title,Body (HTML),Variant SKU,Variant Price\nshirt,Shirt,,S-1,10.00\n",
    "shopify-json": b'{"products":[{"id":1,"handle":"a","title":"A","variants":[]}]}',
    "google-merchant": (
        b'<?xml version="1.0"?>\n<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel>'
        b"<item><g:id>1</g:id></item></channel></rss>"
    ),
    "google-merchant-tsv": b"g:id\tg:title\tg:price\n1\tShirt\t10.00 USD\n",
    "woocommerce-csv": b"\n\t\xef\xbb\xbfID,\xd0\xa2\xd0\xb8\xd0\xbf,Name\n1,simple,Shirt\n",
    "ndjson": b'{"type": "opendrop.catalog", "version": 1}\n{"type": "product"}\n',
}


@pytest.mark.parametrize(("expected", "content"), SAMPLES.items())
def test_detected_by_content_not_extension(tmp_path: Path, expected: str, content: bytes) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(content)

    assert detect_file_format(path) == expected


def test_rest_variations_file_detected(tmp_path: Path) -> None:
    path = tmp_path / "variations.csv"
    path.write_text("parent_id,parent_name,parent_sku,id,sku,price,attributes,image\n", encoding="utf-8")

    assert detect_file_format(path) == "woocommerce-csv"


def test_gzip_ndjson_detected(tmp_path: Path) -> None:
    path = tmp_path / "catalog.ndjson.gz"
    path.write_bytes(gzip.compress(SAMPLES["ndjson"]))

    assert detect_file_format(path) == "ndjson"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"just some words\n",
        b"<products><product><id>1</id></product></products>",
        b'{\n  "code": 200\n}\n',
        b"ID,Name\n1,A\n",
        b"\x00\x01\x02binary",
    ],
)
def test_unknown_content(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "feed.csv"
    path.write_bytes(content)

    assert detect_file_format(path) is None
    with pytest.raises(FeedFormatError) as raised:
        detect_format([path])
    for name in FORMATS:
        assert name in str(raised.value)


def test_mixed_formats_rejected(tmp_path: Path) -> None:
    shopify = tmp_path / "a.csv"
    shopify.write_bytes(SAMPLES["shopify-csv"])
    google = tmp_path / "b.xml"
    google.write_bytes(SAMPLES["google-merchant"])

    with pytest.raises(FeedFormatError, match="different formats"):
        detect_format([shopify, google])


def test_read_catalog_rejects_unknown_format_name(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(SAMPLES["shopify-csv"])

    with pytest.raises(FeedFormatError) as raised:
        read_catalog([path], "magento", ReadOptions())

    assert "shopify-csv" in str(raised.value)


def test_read_catalog_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FeedError, match="does not exist"):
        read_catalog([tmp_path / "nope.csv"], None, ReadOptions())


def test_readers_cover_every_format() -> None:
    assert tuple(READERS) == FORMATS


def test_read_catalog_detects_and_normalizes(tmp_path: Path) -> None:
    path = tmp_path / "export"
    path.write_bytes(SAMPLES["shopify-csv"].replace(b"S-1", b" S-1\xc2\xa0"))

    result = read_catalog([path], None, ReadOptions(currency="USD"))

    assert result.format == "shopify-csv"
    assert result.products[0].variants[0].sku == "S-1"
    assert [issue.code for issue in result.issues] == ["sku_trimmed"]


def test_read_catalog_dispatches_ndjson(tmp_path: Path) -> None:
    source = FeedCatalog(format="ndjson")
    product = FeedProduct(key="mug", title="Mug", description_html="<p>Big<script>x()</script></p>")
    product.variants.append(FeedVariant(key="default", sku=None, prices=[FeedPrice("EUR", 850)]))
    source.products.append(product)
    path = tmp_path / "catalog.ndjson"
    with path.open("wb") as out:
        ndjson.write(source, out)

    result = read_catalog([path], None, ReadOptions())

    assert result.format == "ndjson"
    assert result.products[0].variants[0].sku == "mug"
    assert result.products[0].description_html == "<p>Big</p>"


REAL_FILES = {
    "shopify-csv-hair-wigs/products_export_1.csv": "shopify-csv",
    "shopify-csv-hair-wigs/apparel.csv": "shopify-csv",
    "shopify-csv-velofant-se/products_export_1.csv": "shopify-csv",
    "shopify-csv-velofant-se/velofant_prisjakt_feed.xml": None,
    "shopify-json-irish-farm/products.json": "shopify-json",
    "gmc-feed-dropship-daily-snapshots/google_feed_2026-07-07.xml": "google-merchant",
    "gmc-feed-hardlife-apparel/google-merchant-feed.xml": "google-merchant",
    "gmc-feed-importpc-cz/google_feed.xml": "google-merchant",
    "woocommerce-export-ru-localized/wc-product-export.csv": "woocommerce-csv",
    "woocommerce-rs-kids-apparel/woocommerce_products.csv": "woocommerce-csv",
    "woocommerce-rs-kids-apparel/woocommerce_variations.csv": "woocommerce-csv",
    "woocommerce-sample-data/sample_products.csv": "woocommerce-csv",
}


@pytest.mark.parametrize(("name", "expected"), REAL_FILES.items())
def test_real_files_detected(realdata: Path, name: str, expected: str | None) -> None:
    assert detect_file_format(realdata / name) == expected


def test_gzip_of_other_format_unknown(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml.gz"
    path.write_bytes(gzip.compress(SAMPLES["google-merchant"]))

    assert detect_file_format(path) is None
