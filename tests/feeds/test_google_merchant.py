from __future__ import annotations

from pathlib import Path

import pytest

from opendrop_kit.feeds import google_merchant
from opendrop_kit.feeds.errors import FeedFormatError
from opendrop_kit.feeds.model import FeedCatalog, ReadOptions
from opendrop_kit.feeds.readers import read_catalog

RSS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:g="http://base.google.com/ns/1.0" version="2.0">\n<channel>\n'
)
RSS_TAIL = "</channel>\n</rss>\n"


def write_rss(tmp_path: Path, items: str, name: str = "feed.xml") -> Path:
    path = tmp_path / name
    path.write_text(RSS_HEAD + items + RSS_TAIL, encoding="utf-8")
    return path


def read(paths: list[Path], format_name: str = "google-merchant") -> FeedCatalog:
    return read_catalog(paths, format_name, ReadOptions())


def hoodie(size: str, color: str = "Black", availability: str = "in_stock") -> str:
    return f"""<item>
<g:id>hoodie-001-{size.lower()}</g:id>
<title>Human Beings - Hoodie</title>
<description>Heavyweight &lt;b&gt;fleece&lt;/b&gt;</description>
<link>https://hrdlf.example/products/hoodie</link>
<g:availability>{availability}</g:availability>
<g:price>75.00 USD</g:price>
<g:brand>Hardlife</g:brand>
<g:product_type>Apparel &gt; Hoodies</g:product_type>
<g:shipping_weight>1.13 lb</g:shipping_weight>
<g:color>{color}</g:color>
<g:size>{size}</g:size>
<g:gender>unisex</g:gender>
<g:item_group_id>hoodie-001</g:item_group_id>
<g:shipping><g:country>US</g:country><g:service>Standard</g:service><g:price>4.99 USD</g:price></g:shipping>
<g:image_link>https://cdn.example/hoodie-{size.lower()}.jpg</g:image_link>
</item>
"""


def test_grouped_items_with_plain_rss_elements(tmp_path: Path) -> None:
    path = write_rss(tmp_path, hoodie("S") + hoodie("M") + hoodie("XL", availability="out of stock"))

    result = read([path])

    assert result.rows_read == 3
    assert len(result.products) == 1
    entry = result.products[0]
    assert entry.key == "hoodie-001"
    assert entry.title == "Human Beings - Hoodie"
    assert entry.description_html == "Heavyweight <b>fleece</b>"
    assert entry.description_text == "Heavyweight fleece"
    assert entry.source_url == "https://hrdlf.example/products/hoodie"
    assert entry.brand == "Hardlife"
    assert entry.categories == [["Apparel", "Hoodies"]]
    assert entry.options == ["Size"]
    assert entry.attributes == {"color": "Black", "gender": "unisex"}
    assert [media.variant_keys for media in entry.media] == [["hoodie-001-s"], ["hoodie-001-m"], ["hoodie-001-xl"]]

    small, medium, extra_large = entry.variants
    assert small.sku == "hoodie-001-s"
    assert small.option_values == [("Size", "S")]
    assert small.prices[0].amount_minor == 7500
    assert small.prices[0].currency == "USD"
    assert small.weight_grams == 513
    assert small.stock[0].on_hand is None
    assert extra_large.stock[0].on_hand == 0
    assert small.line == 4
    assert medium.line == 21
    assert [(house.country, house.ships_to) for house in result.warehouses] == [("US", ["US"])]
    assert result.issues == []


def test_options_only_for_values_that_vary(tmp_path: Path) -> None:
    path = write_rss(tmp_path, hoodie("S", "Black") + hoodie("M", "Red"))

    result = read([path])

    entry = result.products[0]
    assert entry.options == ["Color", "Size"]
    assert entry.variants[1].option_values == [("Color", "Red"), ("Size", "M")]
    assert "color" not in entry.attributes


def test_variant_option_and_group_title(tmp_path: Path) -> None:
    def laptop(item_id: str, memory: str, color: str) -> str:
        return (
            f"<item><g:id>{item_id}</g:id><g:title>Laptop {memory}</g:title><g:price>900.00 EUR</g:price>"
            "<g:item_group_id>laptop</g:item_group_id><g:item_group_title>Laptop 14</g:item_group_title>"
            f"<g:color>{color}</g:color>"
            f"<g:variant_option><g:name>Memory</g:name><g:value>{memory}</g:value></g:variant_option>"
            f"<g:variant_option><g:name>Color</g:name><g:value>{color}</g:value></g:variant_option></item>\n"
        )

    path = write_rss(tmp_path, laptop("l-8", "8 GB", "Grey") + laptop("l-16", "16 GB", "Silver"))

    result = read([path])

    entry = result.products[0]
    assert entry.title == "Laptop 14"
    assert entry.options == ["Memory", "Color"]
    assert [item.option_values for item in entry.variants] == [
        [("Memory", "8 GB"), ("Color", "Grey")],
        [("Memory", "16 GB"), ("Color", "Silver")],
    ]
    assert [item.title for item in entry.variants] == ["Laptop 8 GB", "Laptop 16 GB"]


def test_minified_namespaced_items(tmp_path: Path) -> None:
    items = (
        "<item><g:id>a-1</g:id><g:title>Charger</g:title><g:price>599 CZK</g:price>"
        "<g:availability>in_stock</g:availability><g:gtin>5902687180165</g:gtin><g:mpn>LA90</g:mpn>"
        "<g:shipping><g:country>CZ</g:country><g:price>79 CZK</g:price></g:shipping></item>"
        "<item><g:id>a-2</g:id><g:title>Battery</g:title><g:price>1159 CZK</g:price>"
        "<g:sale_price>999 CZK</g:sale_price><g:availability>preorder</g:availability>"
        "<g:availability_date>2026-09-01T10:00:00+02:00</g:availability_date></item>"
        "<item><g:id>a-1</g:id><g:title>Charger again</g:title><g:price>599 CZK</g:price></item>"
    )
    path = tmp_path / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?><rss xmlns:g="http://base.google.com/ns/1.0"><channel>' + items + "</channel></rss>",
        encoding="utf-8",
    )

    result = read([path])

    charger, battery = result.products
    assert charger.variants[0].barcode == "5902687180165"
    assert charger.attributes == {"mpn": "LA90"}
    assert charger.variants[0].prices[0].amount_minor == 59900
    assert (battery.variants[0].prices[0].amount_minor, battery.variants[0].prices[0].compare_at_minor) == (
        99900,
        115900,
    )
    assert battery.variants[0].inventory_policy == "continue"
    assert battery.variants[0].stock[0].on_hand == 0
    assert battery.variants[0].stock[0].incoming_expected_at is not None
    duplicate = [issue for issue in result.issues if issue.code == "duplicate_product"]
    assert len(duplicate) == 1
    assert "item 3" in duplicate[0].message
    assert "item 1" in duplicate[0].message


def test_rejected_items(tmp_path: Path) -> None:
    items = (
        "<item><g:title>No id</g:title><g:price>1.00 USD</g:price></item>\n"
        "<item><g:id>no-title</g:id><g:price>1.00 USD</g:price></item>\n"
        "<item><g:id>range</g:id><g:title>Range</g:title><g:price>1.26 -- 8.35 USD</g:price></item>\n"
        "<item><g:id>text</g:id><g:title>Text</g:title><g:price>call us</g:price></item>\n"
        "<item><g:id>ok</g:id><g:title>Ok</g:title><g:price>2.50 USD</g:price>"
        "<g:shipping_weight>3</g:shipping_weight><g:availability>sometimes</g:availability></item>\n"
    )
    path = write_rss(tmp_path, items)

    result = read([path])

    assert [entry.key for entry in result.products] == ["ok"]
    errors = [(issue.code, issue.line) for issue in result.issues if issue.severity == "error"]
    assert errors == [
        ("missing_field", 4),
        ("missing_field", 5),
        ("price_range", 6),
        ("invalid_price", 7),
        # The products of the two rejected items end up without variants.
        ("product_without_variants", 6),
        ("product_without_variants", 7),
    ]
    warnings = [issue.field for issue in result.issues if issue.severity == "warning"]
    assert warnings == ["shipping_weight", "availability"]


def test_atom_feed(tmp_path: Path) -> None:
    path = tmp_path / "atom.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xmlns:g="http://base.google.com/ns/1.0">\n'
        '<entry><g:id>x1</g:id><title>Atom shirt</title><link href="https://shop.example/x1"/>'
        "<summary>Soft shirt</summary><g:price>10 EUR</g:price></entry>\n</feed>\n",
        encoding="utf-8",
    )

    result = read([path])

    entry = result.products[0]
    assert entry.title == "Atom shirt"
    assert entry.source_url == "https://shop.example/x1"
    assert entry.description_text == "Soft shirt"
    assert entry.variants[0].prices[0].amount_minor == 1000


def test_entities_and_doctype_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">]>'
        '<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>&a;</g:id></item></channel></rss>',
        encoding="utf-8",
    )

    with pytest.raises(FeedFormatError, match="DTD or entity"):
        google_merchant.read([path], ReadOptions())


def test_malformed_xml(tmp_path: Path) -> None:
    path = write_rss(tmp_path, "<item><g:id>1</g:id>\n<title>Broken</item>")

    with pytest.raises(FeedFormatError, match="not well-formed") as raised:
        google_merchant.read([path], ReadOptions())

    assert str(raised.value).count("line ") == 1
    assert "(line 5, column" in str(raised.value)


def test_tsv_flavor(tmp_path: Path) -> None:
    path = tmp_path / "feed.tsv"
    path.write_text(
        "id\ttitle\tdescription\tg:price\tavailability\titem group id\tsize\tadditional image link\t"
        "shipping(country:price)\tshipping weight\tvariant option\n"
        "tee-s\tTee\tSoft tee\t19.99 USD\tin stock\ttee\tS\thttps://cdn.example/a.jpg,https://cdn.example/b.jpg\t"
        "US:4.99 USD,CA:9.99 USD\t200 g\t\n"
        "tee-m\tTee\tSoft tee\t19.99 USD\tout_of_stock\ttee\tM\t\t\t\t\n"
        "mug\tMug\t\t8.50 USD\tin_stock\t\t\t\t\t\tcapacity:300 ml,glaze:matte\n",
        encoding="utf-8",
    )

    result = read([path], "google-merchant-tsv")

    tee, mug = result.products
    assert tee.key == "tee"
    assert tee.options == ["Size"]
    assert [item.sku for item in tee.variants] == ["tee-s", "tee-m"]
    assert [item.line for item in tee.variants] == [2, 3]
    assert tee.variants[0].weight_grams == 200
    assert tee.variants[1].stock[0].on_hand == 0
    assert [media.url for media in tee.media] == ["https://cdn.example/a.jpg", "https://cdn.example/b.jpg"]
    assert mug.variants[0].prices[0].amount_minor == 850
    assert mug.options == ["capacity", "glaze"]
    assert mug.variants[0].option_values == [("capacity", "300 ml"), ("glaze", "matte")]
    assert result.warehouses == []
    assert [issue.code for issue in result.issues] == ["warehouse_country_unknown"]


# Real feeds. Item and group counts come from xml.etree over each file. The expected products are
# the distinct g:item_group_id values (or the items, when they have no group) without repeated g:ids.


def test_real_hardlife_apparel(realdata: Path) -> None:
    result = read([realdata / "gmc-feed-hardlife-apparel" / "google-merchant-feed.xml"])

    assert result.rows_read == 317
    assert len(result.products) == 73
    assert result.variant_count == 317
    assert result.issues == []

    first = result.products[0]
    assert first.key == "hoodie-001"
    assert first.title == "Human Beings - Black Hoodie"
    assert first.variants[0].sku == "hoodie-001-s"
    assert first.variants[0].prices[0].amount_minor == 7500
    assert first.variants[0].weight_grams == 513
    # Sizes vary in 61 groups; the 12 one-size groups have a single item and no options.
    assert sum(1 for entry in result.products if entry.options == ["Size"]) == 61
    assert sum(1 for entry in result.products if not entry.options) == 12
    assert [(house.country, house.ships_to) for house in result.warehouses] == [("US", ["US"])]


def test_real_importpc_minified(realdata: Path) -> None:
    result = read([realdata / "gmc-feed-importpc-cz" / "google_feed.xml"])

    assert result.rows_read == 1255
    assert len(result.products) == 1254
    assert result.variant_count == 1254
    assert [(issue.code, issue.value) for issue in result.issues] == [("duplicate_product", "BC-FU-LI3560")]

    first = result.products[0]
    assert first.title == "Nabíječka Movano 19.5V 4.62A (4.5x3.0 PIN) pro Dell"
    assert first.variants[0].prices[0].amount_minor == 59900
    assert first.variants[0].prices[0].currency == "CZK"
    assert first.categories == [["Elektronika", "Počítače", "Příslušenství", "Nabíječky"]]
    out_of_stock = [entry for entry in result.products if entry.variants[0].stock[0].on_hand == 0]
    assert len(out_of_stock) == 9


@pytest.mark.parametrize(
    ("name", "items", "first_title", "first_price"),
    [
        ("google_feed_2026-07-07.xml", 26, "Blackhead Suction Instrument", 2499),
        ("google_feed_2026-08-02.xml", 4, "10ml Teeth Whitening Serum", 1199),
        ("google_feed_2026-08-03.xml", 2, "10ml Teeth Whitening Serum", 1499),
    ],
)
def test_real_dropship_snapshots(realdata: Path, name: str, items: int, first_title: str, first_price: int) -> None:
    result = read([realdata / "gmc-feed-dropship-daily-snapshots" / name])

    assert result.rows_read == items
    assert len(result.products) == items
    assert result.variant_count == items
    assert result.issues == []
    first = result.products[0]
    assert first.title == first_title
    assert first.variants[0].prices[0].amount_minor == first_price
    assert first.variants[0].sku == first.key
    assert first.variants[0].sku.startswith("shopify_US_")
    assert all(entry.variants[0].stock[0].on_hand is None for entry in result.products)
