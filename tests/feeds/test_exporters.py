"""Shopify CSV and Google Merchant exports, read back with the kit's own readers of those formats.

A round trip keeps what each format can carry: products, titles, plain-text descriptions, variant
SKUs, option values and the prices in the exported currency. The tests also pin down what each
format cannot carry (warehouses, tiers, other currencies) and how the exporters report it.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest

from opendrop_kit.demo.catalog import demo_catalog
from opendrop_kit.feeds import export_google, export_shopify, google_merchant, shopify_csv
from opendrop_kit.feeds._export_common import plain_description
from opendrop_kit.feeds.html import sanitize_html
from opendrop_kit.feeds.model import (
    DEFAULT_WAREHOUSE,
    FeedCatalog,
    FeedIssue,
    FeedMedia,
    FeedPrice,
    FeedProduct,
    FeedStock,
    FeedVariant,
    InventoryPolicy,
    ReadOptions,
)

G = "{http://base.google.com/ns/1.0}"


def export_shopify_file(catalog: FeedCatalog, path: Path, currency: str | None = None) -> list[FeedIssue]:
    with path.open("w", encoding="utf-8", newline="") as out:
        return export_shopify.write(catalog, out, currency=currency).issues


def export_google_file(catalog: FeedCatalog, path: Path, currency: str | None = None) -> list[FeedIssue]:
    with path.open("wb") as out:
        return export_google.write(catalog, out, currency=currency).issues


def base_euro_price(variant: FeedVariant) -> FeedPrice:
    return next(price for price in variant.prices if price.currency == "EUR" and price.min_quantity == 1)


def by_sku(products: list[FeedProduct]) -> dict[str, FeedVariant]:
    return {variant.sku: variant for product in products for variant in product.variants if variant.sku}


def simple_catalog(*products: FeedProduct) -> FeedCatalog:
    return FeedCatalog("test", products=list(products))


def simple_product(key: str = "mug", **changes: object) -> FeedProduct:
    variant = FeedVariant(
        "default", f"{key.upper()}-1", prices=[FeedPrice("EUR", 1490)], stock=[FeedStock("default", 5)]
    )
    product = FeedProduct(key, "Enamel Mug", description_html="<p>Steel &amp; enamel.</p>", variants=[variant])
    for name, value in changes.items():
        setattr(product, name, value)
    return product


# --- Shopify CSV ---------------------------------------------------------------------------------


def test_shopify_round_trip_keeps_products_and_variants(tmp_path: Path) -> None:
    source = demo_catalog()
    path = tmp_path / "products.csv"

    issues = export_shopify_file(source, path)
    read = shopify_csv.read([path], ReadOptions(currency="EUR"))

    assert issues == []
    assert [issue for issue in read.issues if issue.severity == "error"] == []
    assert [product.key for product in read.products] == [product.key for product in source.products]
    for original, copy in zip(source.products, read.products, strict=True):
        assert copy.title == original.title
        assert copy.brand == original.brand
        assert copy.status == original.status
        assert copy.options == original.options
        assert copy.tags == original.tags
        assert copy.categories == original.categories[:1]
        assert {media.url for media in copy.media} == {media.url for media in original.media}
        assert sanitize_html(copy.description_html or "")[1] == plain_description(original)
        assert [variant.sku for variant in copy.variants] == [variant.sku for variant in original.variants]


def test_shopify_round_trip_keeps_variant_fields(tmp_path: Path) -> None:
    source = demo_catalog()
    path = tmp_path / "products.csv"

    export_shopify_file(source, path)
    read = by_sku(shopify_csv.read([path], ReadOptions(currency="EUR")).products)

    for sku, original in by_sku(source.products).items():
        copy = read[sku]
        price = base_euro_price(original)
        assert copy.option_values == original.option_values, sku
        assert copy.prices == [FeedPrice("EUR", price.amount_minor, price.compare_at_minor)], sku
        assert copy.barcode == original.barcode
        assert copy.weight_grams == original.weight_grams
        assert copy.inventory_policy == original.inventory_policy
        assert copy.image_url == original.image_url


def test_shopify_stock_summed_into_one_location(tmp_path: Path) -> None:
    source = demo_catalog()
    path = tmp_path / "products.csv"

    export_shopify_file(source, path)
    read = by_sku(shopify_csv.read([path], ReadOptions(currency="EUR")).products)

    for sku, original in by_sku(source.products).items():
        if any(level.on_hand is None for level in original.stock):
            expected = FeedStock(DEFAULT_WAREHOUSE, None)
        else:
            expected = FeedStock(
                DEFAULT_WAREHOUSE, sum((level.on_hand or 0) - level.reserved for level in original.stock)
            )
        assert read[sku].stock == [expected], sku


def test_shopify_header_is_current_generation(tmp_path: Path) -> None:
    path = tmp_path / "products.csv"

    export_shopify_file(demo_catalog(), path)
    with path.open(encoding="utf-8", newline="") as file:
        header = next(csv.reader(file))

    assert header == list(export_shopify.COLUMNS)
    for column in (
        "Handle",
        "Body (HTML)",
        "Product Category",
        "Option1 Linked To",
        "Variant Inventory Qty",
        "Variant Compare At Price",
        "Image Position",
        "Variant Image",
        "Variant Weight Unit",
        "Status",
    ):
        assert column in header


def test_shopify_rows_follow_export_layout(tmp_path: Path) -> None:
    path = tmp_path / "products.csv"

    export_shopify_file(demo_catalog(), path)
    with path.open(encoding="utf-8", newline="") as file:
        rows = [row for row in csv.DictReader(file) if row["Handle"] == "organic-cotton-tee"]

    assert rows[0]["Title"] == "Organic Cotton T-Shirt"
    assert rows[0]["Option1 Name"] == "Size"
    assert rows[0]["Option2 Name"] == "Color"
    assert all(row["Title"] == "" and row["Option1 Name"] == "" for row in rows[1:])
    assert [row["Image Position"] for row in rows if row["Image Src"]] == ["1", "2", "3", "4", "5"]
    assert rows[0]["Variant Price"] == "19.90"


def test_shopify_single_variant_uses_default_title(tmp_path: Path) -> None:
    path = tmp_path / "products.csv"

    export_shopify_file(simple_catalog(simple_product()), path)
    with path.open(encoding="utf-8", newline="") as file:
        (row,) = csv.DictReader(file)
    read = shopify_csv.read([path], ReadOptions(currency="EUR"))

    assert (row["Option1 Name"], row["Option1 Value"]) == ("Title", "Default Title")
    assert read.products[0].options == []
    assert read.products[0].variants[0].option_values == []


def test_shopify_exports_chosen_currency_digits(tmp_path: Path) -> None:
    path = tmp_path / "products.csv"

    issues = export_shopify_file(demo_catalog(), path, currency="JPY")
    read = shopify_csv.read([path], ReadOptions(currency="JPY"))

    exported = by_sku(read.products)
    originals = by_sku(demo_catalog().products)
    with_yen = {sku for sku, variant in originals.items() if any(price.currency == "JPY" for price in variant.prices)}
    assert set(exported) == with_yen
    for sku, copy in exported.items():
        (price,) = copy.prices
        yen = next(item for item in originals[sku].prices if item.currency == "JPY")
        assert price.amount_minor == yen.amount_minor
    # Variants without a yen price are reported, not converted.
    assert {issue.code for issue in issues} == {"missing_price_in_currency"}
    for sku in set(originals) - with_yen:
        assert any(sku in issue.message for issue in issues), sku


def test_shopify_skips_product_with_four_options(tmp_path: Path) -> None:
    variant = FeedVariant("v", "X-1", [("A", "1"), ("B", "2"), ("C", "3"), ("D", "4")], [FeedPrice("EUR", 100)])
    wide = FeedProduct("wide", "Wide", options=["A", "B", "C", "D"], variants=[variant])
    path = tmp_path / "products.csv"

    issues = export_shopify_file(simple_catalog(wide, simple_product()), path)
    read = shopify_csv.read([path], ReadOptions(currency="EUR"))

    assert [product.key for product in read.products] == ["mug"]
    assert [issue.code for issue in issues] == ["too_many_options"]


def test_shopify_extra_images_get_own_rows(tmp_path: Path) -> None:
    urls = [f"https://cdn.example.com/mug-{number}.jpg" for number in range(3)]
    product = simple_product(media=[FeedMedia(url, f"view {index}") for index, url in enumerate(urls)])
    path = tmp_path / "products.csv"

    export_shopify_file(simple_catalog(product), path)
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    read = shopify_csv.read([path], ReadOptions(currency="EUR"))

    assert len(rows) == 3
    assert rows[1]["Variant SKU"] == ""
    assert rows[2]["Image Src"] == urls[2]
    assert [media.url for media in read.products[0].media] == urls
    assert len(read.products[0].variants) == 1


def test_shopify_writes_shopify_attributes(tmp_path: Path) -> None:
    attributes = {"product_category": "Home & Garden > Kitchen & Dining", "mpn": "MUG-350", "condition": "new"}
    path = tmp_path / "products.csv"

    export_shopify_file(simple_catalog(simple_product(attributes=attributes)), path)
    (copy,) = shopify_csv.read([path], ReadOptions(currency="EUR")).products

    assert copy.attributes == attributes


def test_shopify_metafield_attributes_round_trip(tmp_path: Path) -> None:
    attributes = {"shopify.color-pattern": "black", "custom.density": "150%", "material": "steel"}
    path = tmp_path / "products.csv"

    export_shopify_file(simple_catalog(simple_product(attributes=attributes), simple_product("cup")), path)
    with path.open(encoding="utf-8", newline="") as file:
        header = next(csv.reader(file))
    first, second = shopify_csv.read([path], ReadOptions(currency="EUR")).products

    assert header.index("custom.density (product.metafields.custom.density)") < header.index("Variant Image")
    assert "shopify.color-pattern (product.metafields.shopify.color-pattern)" in header
    assert first.attributes == {"shopify.color-pattern": "black", "custom.density": "150%"}
    assert second.attributes == {}


def test_shopify_unknown_stock_stays_unknown(tmp_path: Path) -> None:
    product = simple_product()
    product.variants[0].stock = []
    path = tmp_path / "products.csv"

    export_shopify_file(simple_catalog(product), path)
    with path.open(encoding="utf-8", newline="") as file:
        (row,) = csv.DictReader(file)
    (copy,) = shopify_csv.read([path], ReadOptions(currency="EUR")).products

    assert row["Variant Inventory Tracker"] == "shopify"
    assert row["Variant Inventory Qty"] == ""
    assert copy.variants[0].stock == []


def test_shopify_sanitizes_body(tmp_path: Path) -> None:
    product = simple_product(description_html='<p onclick="steal()">Mug</p><script>alert(1)</script>')
    path = tmp_path / "products.csv"

    export_shopify_file(simple_catalog(product), path)

    text = path.read_text(encoding="utf-8")
    assert "<p>Mug</p>" in text
    assert "<script" not in text
    assert "alert" not in text
    assert "onclick" not in text


def test_shopify_warns_about_comma_in_tag(tmp_path: Path) -> None:
    issues = export_shopify_file(simple_catalog(simple_product(tags=["gift", "mugs, cups"])), tmp_path / "p.csv")

    assert [(issue.code, issue.value) for issue in issues] == [("tag_contains_comma", "mugs, cups")]


def test_export_rejects_unknown_currency(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="ISO 4217"):
        export_shopify_file(demo_catalog(), tmp_path / "p.csv", currency="EURO")
    with pytest.raises(ValueError, match="ISO 4217"):
        export_google_file(demo_catalog(), tmp_path / "g.xml", currency="EURO")


# --- Google Merchant -----------------------------------------------------------------------------


def test_google_round_trip_keeps_products_and_prices(tmp_path: Path) -> None:
    source = demo_catalog()
    path = tmp_path / "feed.xml"

    issues = export_google_file(source, path)
    read = google_merchant.read([path], ReadOptions())

    assert issues == []
    assert [issue for issue in read.issues if issue.severity == "error"] == []
    assert [product.key for product in read.products] == [product.key for product in source.products]
    for original, copy in zip(source.products, read.products, strict=True):
        assert copy.title == original.title
        assert copy.brand == original.brand
        assert copy.source_url == original.source_url
        assert copy.categories == original.categories
        assert copy.description_html == plain_description(original)
        assert [variant.sku for variant in copy.variants] == [variant.sku for variant in original.variants]
        for source_variant, variant in zip(original.variants, copy.variants, strict=True):
            price = base_euro_price(source_variant)
            assert variant.prices == [FeedPrice("EUR", price.amount_minor, price.compare_at_minor)]
            assert variant.barcode == source_variant.barcode
            assert variant.weight_grams == source_variant.weight_grams
            assert (variant.length_mm, variant.width_mm, variant.height_mm) == (
                source_variant.length_mm,
                source_variant.width_mm,
                source_variant.height_mm,
            )


def test_google_round_trip_keeps_options(tmp_path: Path) -> None:
    source = demo_catalog()
    path = tmp_path / "feed.xml"

    export_google_file(source, path)
    read = google_merchant.read([path], ReadOptions())

    for original, copy in zip(source.products, read.products, strict=True):
        assert copy.options == original.options, original.key
        for source_variant, variant in zip(original.variants, copy.variants, strict=True):
            assert variant.option_values == source_variant.option_values, source_variant.sku


def test_google_round_trip_keeps_attributes(tmp_path: Path) -> None:
    tee = demo_catalog().products[0]
    tee.attributes["condition"] = "refurbished"
    tee.attributes["mpn"] = "TEE-2026"
    path = tmp_path / "feed.xml"

    export_google_file(simple_catalog(tee), path)
    (copy,) = google_merchant.read([path], ReadOptions()).products

    assert copy.attributes["material"] == "100% organic cotton"
    assert copy.attributes["condition"] == "refurbished"
    assert copy.attributes["mpn"] == "TEE-2026"


def test_google_titles_per_variant(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    catalog = demo_catalog()
    catalog.products[0].variants[1].title = "Tee XS, black"

    export_google_file(catalog, path)
    items = {item.findtext(f"{G}id"): item for item in ElementTree.parse(path).getroot().iter("item")}

    assert items["NL-TEE-XS-WHITE"].findtext("title") == "Organic Cotton T-Shirt - XS / White"
    assert items["NL-TEE-XS-BLACK"].findtext("title") == "Tee XS, black"
    assert items["NL-TEE-XS-WHITE"].findtext(f"{G}item_group_title") == "Organic Cotton T-Shirt"
    assert items["HC-MUG"].findtext("title") == "Enamel Camp Mug"
    assert items["HC-MUG"].find(f"{G}item_group_title") is None


def test_google_writes_every_option_as_variant_option(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"

    export_google_file(demo_catalog(), path)
    items = ElementTree.parse(path).getroot().iter("item")

    by_id = {item.findtext(f"{G}id"): item for item in items}
    board = by_id["VO-SBC-16GB-16GB"]
    pairs = [(option.findtext(f"{G}name"), option.findtext(f"{G}value")) for option in board.iter(f"{G}variant_option")]
    assert pairs == [("RAM", "16GB"), ("Storage", "16GB")]
    assert board.find(f"{G}color") is None
    sneaker = by_id["TH-SNK-EU39-CHALK-WIDE"]
    assert sneaker.findtext(f"{G}size") == "EU 39"
    assert sneaker.findtext(f"{G}color") == "Chalk"
    assert ("Width", "Wide") in [
        (option.findtext(f"{G}name"), option.findtext(f"{G}value")) for option in sneaker.iter(f"{G}variant_option")
    ]


def test_google_availability_round_trip(tmp_path: Path) -> None:
    source = demo_catalog()
    path = tmp_path / "feed.xml"

    export_google_file(source, path)
    read = by_sku(google_merchant.read([path], ReadOptions()).products)
    originals = by_sku(source.products)

    lantern = read["TH-LAN"]
    assert lantern.inventory_policy == "continue"
    assert lantern.stock == [
        FeedStock(DEFAULT_WAREHOUSE, 0, incoming_expected_at=datetime(2027, 2, 26, 9, 0, tzinfo=UTC))
    ]
    assert read["HC-CLK"].stock == [FeedStock(DEFAULT_WAREHOUSE, 0)]
    assert read["HC-CND"].stock == [FeedStock(DEFAULT_WAREHOUSE, None)]
    in_stock = [sku for sku, variant in originals.items() if sum((level.on_hand or 0) for level in variant.stock) > 50]
    assert in_stock
    assert all(read[sku].stock == [FeedStock(DEFAULT_WAREHOUSE, None)] for sku in in_stock)


@pytest.mark.parametrize(("policy", "availability"), [("deny", "out_of_stock"), ("continue", "backorder")])
def test_google_stockless_variant_availability(tmp_path: Path, policy: InventoryPolicy, availability: str) -> None:
    # The API serves a variant without stock entries as out of stock, and the feed must agree.
    variant = FeedVariant("default", "MUG-1", prices=[FeedPrice("EUR", 1490)], inventory_policy=policy)
    path = tmp_path / "feed.xml"

    export_google_file(simple_catalog(simple_product(variants=[variant])), path)
    (item,) = ElementTree.parse(path).getroot().iter("item")

    assert item.findtext(f"{G}availability") == availability


def test_google_xml_shape(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"

    export_google_file(demo_catalog(), path)
    root = ElementTree.parse(path).getroot()

    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    (channel,) = root.findall("channel")
    assert channel.findtext("link") == "https://shop.opendrop.example/"
    items = channel.findall("item")
    assert len(items) == sum(len(product.variants) for product in demo_catalog().products)
    for item in items:
        assert item.findtext(f"{G}item_group_id")
        assert item.findtext(f"{G}availability") in {"in_stock", "out_of_stock", "backorder"}
        price = item.findtext(f"{G}price") or ""
        assert price.split(" ")[1] == "EUR"


def test_google_ships_from_single_country(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"

    export_google_file(demo_catalog(), path)
    items = {item.findtext(f"{G}id"): item for item in ElementTree.parse(path).getroot().iter("item")}

    assert items["HC-CLK"].findtext(f"{G}ships_from_country") == "DE"
    assert items["KU-SER"].findtext(f"{G}ships_from_country") == "JP"
    assert items["NL-TEE-XS-WHITE"].find(f"{G}ships_from_country") is None


def test_google_sale_price_from_compare_at(tmp_path: Path) -> None:
    variant = FeedVariant("default", "MUG-1", prices=[FeedPrice("KWD", 6550, compare_at_minor=8000)])
    path = tmp_path / "feed.xml"

    export_google_file(simple_catalog(simple_product(variants=[variant])), path)
    (item,) = ElementTree.parse(path).getroot().iter("item")

    assert item.findtext(f"{G}price") == "8.000 KWD"
    assert item.findtext(f"{G}sale_price") == "6.550 KWD"


def test_google_reports_what_it_cannot_write(tmp_path: Path) -> None:
    variant = FeedVariant(
        "default",
        "MUG-\x01",
        prices=[FeedPrice("EUR", 1490, compare_at_minor=1000)],
        stock=[FeedStock("default", 0)],
        barcode="ABC-123",
        inventory_policy="continue",
    )
    path = tmp_path / "feed.xml"

    issues = export_google_file(simple_catalog(simple_product(variants=[variant])), path)
    (item,) = ElementTree.parse(path).getroot().iter("item")

    assert sorted(issue.code for issue in issues) == [
        "compare_at_not_higher",
        "invalid_gtin",
        "invalid_xml_character",
        "missing_availability_date",
    ]
    assert item.findtext(f"{G}id") == "MUG-"
    assert item.find(f"{G}sale_price") is None
    assert item.find(f"{G}gtin") is None
    assert item.findtext(f"{G}availability") == "backorder"


def test_google_plain_text_description(tmp_path: Path) -> None:
    product = simple_product(description_html="<p>Steel &amp; enamel.</p><ul><li>350 ml</li></ul><script>x()</script>")
    path = tmp_path / "feed.xml"

    export_google_file(simple_catalog(product), path)
    (item,) = ElementTree.parse(path).getroot().iter("item")

    assert item.findtext("description") == "Steel & enamel.\n\n350 ml"


def test_google_skips_variants_without_price_in_currency(tmp_path: Path) -> None:
    priced = FeedVariant("a", "MUG-A", prices=[FeedPrice("USD", 1600)])
    unpriced = FeedVariant("b", "MUG-B", prices=[FeedPrice("EUR", 1490)])
    path = tmp_path / "feed.xml"

    issues = export_google_file(simple_catalog(simple_product(variants=[priced, unpriced])), path, currency="USD")
    ids = [item.findtext(f"{G}id") for item in ElementTree.parse(path).getroot().iter("item")]

    assert ids == ["MUG-A"]
    assert [(issue.code, issue.value) for issue in issues] == [("missing_price_in_currency", "USD")]
    assert "MUG-B" in issues[0].message


def test_google_default_currency_is_most_common(tmp_path: Path) -> None:
    buffer = io.BytesIO()

    export_google.write(demo_catalog(), buffer)

    assert b"<g:price>19.90 EUR</g:price>" in buffer.getvalue()
