from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from opendrop_kit.feeds import shopify_csv
from opendrop_kit.feeds.errors import FeedFormatError, MissingCurrencyError
from opendrop_kit.feeds.model import FeedCatalog, ReadOptions
from opendrop_kit.feeds.readers import read_catalog

CURRENT_HEADER = [
    "Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
    "Option1 Name", "Option1 Value", "Option1 Linked To", "Option2 Name", "Option2 Value",
    "Option2 Linked To", "Option3 Name", "Option3 Value", "Option3 Linked To", "Variant SKU",
    "Variant Grams", "Variant Inventory Tracker", "Variant Inventory Policy", "Variant Fulfillment Service",
    "Variant Price", "Variant Compare At Price", "Variant Requires Shipping", "Variant Taxable",
    "Variant Barcode", "Image Src", "Image Position", "Image Alt Text", "Gift Card",
    "Färg (product.metafields.shopify.color-pattern)", "Variant Image", "Variant Weight Unit",
    "Variant Tax Code", "Cost per item", "Status",
]  # fmt: skip
OLD_HEADER = [
    "Handle", "Title", "Body (HTML)", "Vendor", "Type", "Tags", "Published", "Option1 Name",
    "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value", "Variant SKU",
    "Variant Grams", "Variant Inventory Tracker", "Variant Inventory Qty", "Variant Inventory Policy",
    "Variant Fulfillment Service", "Variant Price", "Variant Compare At Price", "Variant Requires Shipping",
    "Variant Taxable", "Variant Barcode", "Image Src", "Image Position", "Image Alt Text", "Gift Card",
    "Variant Image", "Variant Weight Unit",
]  # fmt: skip


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: row.get(name, "") for name in header})
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def read(paths: list[Path], currency: str = "SEK") -> FeedCatalog:
    return read_catalog(paths, "shopify-csv", ReadOptions(currency=currency))


def first_row(handle: str, title: str, **cells: str) -> dict[str, str]:
    row = {
        "Handle": handle,
        "Title": title,
        "Status": "active",
        "Published": "true",
        "Variant Price": "10.00",
        "Variant SKU": handle.upper(),
    }
    row.update(cells)
    return row


def test_current_export_with_variants_and_images(tmp_path: Path) -> None:
    rows = [
        first_row(
            "cykel", "Nordstjerna, 26\"", **{
                "Body (HTML)": '<p class="MsoNormal">Fin <b>cykel</b><!----></p>',
                "Vendor": "Velofant", "Product Category": "Sporting Goods > Cycling > Bicycles",
                "Type": "Cykel", "Tags": "28\", vintage", "Option1 Name": "Färg", "Option1 Value": "Svart",
                "Variant SKU": " CY-1\u00a0", "Variant Grams": "12000.0", "Variant Inventory Tracker": "shopify",
                "Variant Inventory Policy": "deny", "Variant Price": "2999.00", "Variant Compare At Price": "3499.00",
                "Variant Barcode": "'7350177880121", "Image Src": "https://cdn.example/1.jpg", "Image Position": "1",
                "Färg (product.metafields.shopify.color-pattern)": "black", "Variant Weight Unit": "kg",
            },
        ),
        {"Handle": "cykel", "Option1 Value": "Vit", "Variant SKU": "CY-2", "Variant Grams": "11500",
         "Variant Inventory Tracker": "shopify", "Variant Inventory Policy": "continue", "Variant Price": "2899",
         "Variant Image": "https://cdn.example/vit.jpg"},
        {"Handle": "cykel", "Image Src": "https://cdn.example/2.jpg", "Image Position": "2"},
    ]  # fmt: skip
    path = write_csv(tmp_path / "products_export_1.csv", CURRENT_HEADER, rows)

    result = read([path])

    assert result.rows_read == 3
    assert len(result.products) == 1
    entry = result.products[0]
    assert entry.key == "cykel"
    assert entry.title == 'Nordstjerna, 26"'
    assert entry.description_html == "<p>Fin <b>cykel</b></p>"
    assert entry.brand == "Velofant"
    assert entry.categories == [["Cykel"]]
    assert entry.tags == ['28"', "vintage"]
    assert entry.attributes == {
        "product_category": "Sporting Goods > Cycling > Bicycles",
        "shopify.color-pattern": "black",
    }
    assert entry.options == ["Färg"]
    assert [media.url for media in entry.media] == [
        "https://cdn.example/1.jpg",
        "https://cdn.example/vit.jpg",
        "https://cdn.example/2.jpg",
    ]
    assert entry.media[1].variant_keys == ["Vit"]

    black, white = entry.variants
    assert black.sku == "CY-1"
    assert black.option_values == [("Färg", "Svart")]
    assert (black.prices[0].amount_minor, black.prices[0].compare_at_minor) == (299900, 349900)
    assert black.barcode == "7350177880121"
    assert black.weight_grams == 12000
    assert black.inventory_policy == "deny"
    assert black.line == 2
    assert white.line == 3
    assert white.inventory_policy == "continue"
    assert white.image_url == "https://cdn.example/vit.jpg"
    assert [issue.code for issue in result.issues] == ["sku_trimmed"]


def test_stock_tracking(tmp_path: Path) -> None:
    rows = [
        first_row("untracked", "Untracked", **{"Variant Inventory Qty": "5"}),
        first_row("tracked", "Tracked", **{"Variant Inventory Tracker": "shopify", "Variant Inventory Qty": "7"}),
        first_row("oversold", "Oversold", **{"Variant Inventory Tracker": "shopify", "Variant Inventory Qty": "-2"}),
    ]
    path = write_csv(tmp_path / "old.csv", OLD_HEADER, rows)

    result = read([path])

    stock = [entry.variants[0].stock[0].on_hand for entry in result.products]
    assert stock == [None, 7, 0]
    assert "negative_stock" in [issue.code for issue in result.issues]


def test_tracked_without_quantity_has_no_stock_figure(tmp_path: Path) -> None:
    tracked = {"Variant Inventory Tracker": "shopify"}
    current = write_csv(tmp_path / "current.csv", CURRENT_HEADER, [first_row("a", "A", **tracked)])
    old = write_csv(tmp_path / "old.csv", OLD_HEADER, [first_row("b", "B", **tracked)])

    result = read([current, old])

    assert [entry.variants[0].stock for entry in result.products] == [[], []]


def test_type_is_category_path(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", CURRENT_HEADER, [first_row("a", "A", Type="Apparel > Tops")])

    result = read([path])

    assert result.products[0].categories == [["Apparel", "Tops"]]
    assert result.products[0].attributes == {}


def test_old_export_published_and_placeholder_option(tmp_path: Path) -> None:
    rows = [
        first_row("shown", "Shown", **{"Option1 Name": "Title", "Option1 Value": "Default Title"}),
        first_row("hidden", "Hidden", **{"Published": "false", "Variant Price": "50"}),
    ]
    path = write_csv(tmp_path / "apparel.csv", OLD_HEADER, rows)

    result = read([path], "USD")

    assert [entry.status for entry in result.products] == ["active", "draft"]
    assert result.products[0].options == []
    assert result.products[0].variants[0].option_values == []
    assert result.products[0].variants[0].key == "default"
    assert result.products[1].variants[0].prices[0].amount_minor == 5000


def test_status_column(tmp_path: Path) -> None:
    rows = [
        first_row("a", "A", Status="draft"),
        first_row("b", "B", Status="archived", Published="false"),
        first_row("c", "C", Status="retired"),
    ]
    path = write_csv(tmp_path / "status.csv", CURRENT_HEADER, rows)

    result = read([path])

    assert [entry.status for entry in result.products] == ["draft", "archived", "draft"]
    assert [issue.code for issue in result.issues] == ["invalid_status"]


def test_weight_units(tmp_path: Path) -> None:
    header = [*CURRENT_HEADER, "Variant Weight"]
    rows = [
        first_row("grams", "G", **{"Variant Grams": "226.796185", "Variant Weight Unit": "lb"}),
        first_row("weight-lb", "W", **{"Variant Weight": "1.5", "Variant Weight Unit": "lb"}),
        first_row("weight-oz", "O", **{"Variant Weight": "8", "Variant Weight Unit": "oz"}),
        first_row("zero", "Z", **{"Variant Grams": "0.0"}),
        first_row("bad", "B", **{"Variant Grams": "heavy"}),
    ]
    path = write_csv(tmp_path / "weights.csv", header, rows)

    result = read([path])

    assert [entry.variants[0].weight_grams for entry in result.products] == [227, 680, 227, None, None]
    assert [issue.code for issue in result.issues] == ["invalid_weight"]


def test_bad_prices_reject_rows(tmp_path: Path) -> None:
    rows = [
        first_row("range", "Range", **{"Variant Price": "1.26 -- 8.35"}),
        first_row("text", "Text", **{"Variant Price": "call us"}),
        first_row("decimals", "Decimals", **{"Variant Price": "19.999"}),
        first_row("missing", "Missing", **{"Variant Price": "", "Variant SKU": "M-1"}),
        first_row("fine", "Fine", **{"Variant Price": "19.99", "Variant Compare At Price": "8.13-10.00"}),
    ]
    path = write_csv(tmp_path / "prices.csv", CURRENT_HEADER, rows)

    result = read([path], "USD")

    assert [entry.key for entry in result.products] == ["fine"]
    errors = [(issue.code, issue.line) for issue in result.issues if issue.severity == "error"]
    assert errors[:4] == [("price_range", 2), ("invalid_price", 3), ("too_many_decimals", 4), ("missing_price", 5)]
    assert [issue.code for issue in result.issues if issue.severity == "warning"] == ["price_range"]
    assert result.products[0].variants[0].prices[0].compare_at_minor is None


def test_continuation_row_without_product(tmp_path: Path) -> None:
    rows = [{"Handle": "ghost", "Option1 Value": "S", "Variant Price": "1.00"}, first_row("real", "Real")]
    path = write_csv(tmp_path / "orphan.csv", CURRENT_HEADER, rows)

    result = read([path])

    assert [entry.key for entry in result.products] == ["real"]
    assert [(issue.code, issue.line) for issue in result.issues] == [("missing_product_row", 2)]


def test_several_files_one_catalog(tmp_path: Path) -> None:
    first = write_csv(tmp_path / "a.csv", OLD_HEADER, [first_row("a", "A", **{"Variant SKU": "SAME"})])
    second = write_csv(tmp_path / "b.csv", CURRENT_HEADER, [first_row("b", "B", **{"Variant SKU": "SAME"})])

    result = read([first, second])

    assert [entry.key for entry in result.products] == ["a", "b"]
    assert [item.sku for entry in result.products for item in entry.variants] == ["SAME", "SAME-b"]
    assert result.files == [str(first), str(second)]


def test_missing_currency_is_a_clear_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", CURRENT_HEADER, [first_row("a", "A")])

    with pytest.raises(MissingCurrencyError, match="--currency"):
        shopify_csv.read([path], ReadOptions())


def test_not_a_shopify_file(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("ID,Name\n1,A\n", encoding="utf-8")

    with pytest.raises(FeedFormatError, match="Handle"):
        shopify_csv.read([path], ReadOptions(currency="USD"))


# Real exports. The expected numbers were counted from the files with Python's csv module:
# products are handles with a Title, variants are rows with a Variant Price.


def test_real_hair_wigs_export(realdata: Path) -> None:
    result = read([realdata / "shopify-csv-hair-wigs" / "products_export_1.csv"], "USD")

    assert result.rows_read == 565
    assert len(result.products) == 84
    assert result.variant_count == 445
    assert not [issue for issue in result.issues if issue.severity == "error"]

    route = result.products[0]
    assert route.title == "Shipping Protection by Route"
    assert len(route.variants) == 76
    assert route.variants[0].sku == "ROUTEINS"
    assert route.variants[1].sku == "ROUTEINS-1-15"
    assert route.variants[1].prices[0].amount_minor == 115

    by_key = {entry.key: entry for entry in result.products}
    crochet = by_key["crochet-braids-human-hair-extensions"].variants[0]
    assert crochet.option_values == [("Length", "14 Inches"), ("Color", "black")]
    assert crochet.sku == "crochet-braids-human-hair-extensions-14-inches-black"
    assert crochet.sku_generated
    closure = by_key["virgin-mongolian-loose-curly-lace-closure"].variants
    assert [item.sku for item in closure] == ["S8p8616ra3", "S8p8616ra3-16-inches", "S8p8616ra3-18-inches"]

    generated = [issue for issue in result.issues if issue.code == "sku_generated"]
    shared = [issue for issue in result.issues if issue.code == "duplicate_sku"]
    assert len(generated) == 356
    assert len(shared) == 75 + 5 + 2 + 1
    assert {entry.status for entry in result.products} == {"active", "draft", "archived"}
    untracked = [item for entry in result.products for item in entry.variants if item.stock]
    assert len(untracked) == 78
    assert all(item.stock[0].on_hand is None for item in untracked)
    continuing = [item for entry in result.products for item in entry.variants if item.inventory_policy == "continue"]
    assert len(continuing) == 77


def test_real_hair_wigs_sample_old_format(realdata: Path) -> None:
    result = read([realdata / "shopify-csv-hair-wigs" / "apparel.csv"], "USD")

    assert len(result.products) == 20
    assert result.variant_count == 22
    assert result.products[0].title == "Ocean Blue Shirt"
    assert result.products[0].variants[0].sku == "ocean-blue-shirt"
    assert result.products[0].variants[0].prices[0].amount_minor == 5000
    varsity = next(entry for entry in result.products if entry.key == "classic-varsity-top")
    assert [item.sku for item in varsity.variants] == [
        "classic-varsity-top-small",
        "classic-varsity-top-medium",
        "classic-varsity-top-large",
    ]


def test_real_hair_wigs_both_files(realdata: Path) -> None:
    folder = realdata / "shopify-csv-hair-wigs"

    result = read([folder / "apparel.csv", folder / "products_export_1.csv"], "USD")

    assert len(result.products) == 20 + 84
    assert result.variant_count == 22 + 445


def test_real_velofant_export(realdata: Path) -> None:
    result = read([realdata / "shopify-csv-velofant-se" / "products_export_1.csv"], "SEK")

    assert result.rows_read == 48
    assert len(result.products) == 14
    assert result.variant_count == 19
    assert [issue.code for issue in result.issues] == ["sku_generated"] * 5

    wheelset = result.products[0]
    assert wheelset.title == "VELOFANT - Wheelset"
    assert wheelset.variants[0].prices[0].amount_minor == 299900
    assert wheelset.description_html is not None
    assert "data-start" not in wheelset.description_html
    assert "MsoNormal" not in (result.products[1].description_html or "")
    assert wheelset.description_text is not None
    assert wheelset.description_text.startswith("Where Design Meets Performance\n\n")

    by_key = {entry.key: entry for entry in result.products}
    assert by_key["nordstjerna-26"].title == 'Nordstjerna, 26"'
    assert by_key["nordstjerna-26"].variants[0].sku == "nordstjerna-26"
    assert by_key["nordstjerna-26"].variants[0].sku_generated
    assert by_key["ken-frontrack-lego"].title == "PIZZA FRONT RACK  🍕"
    assert sum(1 for entry in result.products if entry.status == "archived") == 2
    barcodes = [item.barcode for entry in result.products for item in entry.variants if item.barcode]
    assert barcodes
    assert not [barcode for barcode in barcodes if barcode.startswith("'")]
    assert any("shopify.color-pattern" in entry.attributes for entry in result.products)
