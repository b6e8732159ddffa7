"""Shopify's inventory export read together with the product export, in each of its layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from opendrop_kit.feeds.detect import detect_format
from opendrop_kit.feeds.errors import FeedFormatError
from opendrop_kit.feeds.model import FeedCatalog, FeedStock, ReadOptions
from opendrop_kit.feeds.readers import read_catalog
from tests.feeds.test_shopify_csv import CURRENT_HEADER, write_csv

LOCATION_HEADER_2024 = [
    "Handle", "Title", "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name",
    "Option3 Value", "SKU", "HS Code", "COO", "Location", "Bin name", "Incoming (not editable)",
    "Unavailable (not editable)", "Committed (not editable)", "Available (not editable)", "On hand (current)",
    "On hand (new)",
]  # fmt: skip
LOCATION_HEADER_2023 = [
    "Handle", "Title", "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name",
    "Option3 Value", "SKU", "Location", "Incoming", "Unavailable", "Committed", "Available", "On hand",
]  # fmt: skip


def products_file(tmp_path: Path) -> Path:
    tracked = {"Variant Inventory Tracker": "shopify", "Variant Inventory Policy": "deny", "Status": "active"}
    rows = [
        {"Handle": "tee", "Title": "Tee", "Option1 Name": "Size", "Option1 Value": "S", "Variant SKU": "TEE-S",
         "Variant Price": "199", **tracked},
        {"Handle": "tee", "Option1 Value": "M", "Variant SKU": "TEE-M", "Variant Price": "199", **tracked},
        {"Handle": "mug", "Title": "Mug", "Option1 Name": "Title", "Option1 Value": "Default Title",
         "Variant SKU": "MUG", "Variant Price": "99", **tracked},
        {"Handle": "print", "Title": "Print", "Option1 Name": "Title", "Option1 Value": "Default Title",
         "Variant SKU": "PRINT", "Variant Price": "49", "Status": "active"},
    ]  # fmt: skip
    return write_csv(tmp_path / "products_export_1.csv", CURRENT_HEADER, rows)


def location_row(handle: str, size: str | None, location: str, **figures: str) -> dict[str, str]:
    options = (
        {"Option1 Name": "Size", "Option1 Value": size}
        if size
        else {"Option1 Name": "Title", "Option1 Value": "Default Title"}
    )
    return {"Handle": handle, "Title": handle.title(), **options, "Location": location, **figures}


def read(paths: list[Path]) -> FeedCatalog:
    return read_catalog(paths, None, ReadOptions(currency="SEK"))


def stock_by_sku(catalog: FeedCatalog) -> dict[str | None, list[FeedStock]]:
    return {variant.sku: variant.stock for product in catalog.products for variant in product.variants}


def test_layout_2024_gives_stock_per_location(tmp_path: Path) -> None:
    figures = {"Committed (not editable)": "1", "Unavailable (not editable)": "2", "Incoming (not editable)": "5"}
    inventory = write_csv(
        tmp_path / "inventory_export_1.csv",
        LOCATION_HEADER_2024,
        [
            location_row(
                "tee", "S", "Main Street 1, Malmö", **{"On hand (current)": "10", "On hand (new)": "99"}, **figures
            ),
            location_row("tee", "S", "Lager Nord", **{"On hand (current)": "3", "Available (not editable)": "3"}),
            location_row("tee", "M", "Lager Nord", **{"On hand (current)": "not stocked"}),
            location_row("mug", None, "Lager Nord", **{"On hand (current)": "-2", "Available (not editable)": "-2"}),
            location_row("print", None, "Lager Nord", **{"On hand (current)": "7"}),
            location_row("ghost", None, "Lager Nord", **{"On hand (current)": "1"}),
        ],
    )

    catalog = read([inventory, products_file(tmp_path)])

    stock = stock_by_sku(catalog)
    assert stock["TEE-S"] == [
        FeedStock("main-street-1-malmo", 10, reserved=3, incoming=5),
        FeedStock("lager-nord", 3),
    ]
    assert stock["TEE-M"] == []
    assert stock["MUG"] == [FeedStock("lager-nord", 0)]
    assert stock["PRINT"] == [FeedStock("default", None)]
    assert [(issue.code, Path(issue.file or "").name, issue.line) for issue in catalog.issues] == [
        ("negative_stock", "inventory_export_1.csv", 5),
        ("unknown_inventory_row", "inventory_export_1.csv", 7),
    ]
    assert catalog.rows_read == 4 + 6


def test_layout_2023_without_on_hand(tmp_path: Path) -> None:
    inventory = write_csv(
        tmp_path / "inventory.csv",
        LOCATION_HEADER_2023,
        [
            location_row("tee", "S", "Lager Nord", Available="4", Committed="1", Unavailable="0", Incoming="2"),
            location_row("tee", "M", "Lager Nord", **{"On hand": "6", "Committed": "2", "Available": "4"}),
        ],
    )

    stock = stock_by_sku(read([products_file(tmp_path), inventory]))

    assert stock["TEE-S"] == [FeedStock("lager-nord", 5, reserved=1, incoming=2)]
    assert stock["TEE-M"] == [FeedStock("lager-nord", 6, reserved=2)]


def test_old_layout_has_a_column_per_location(tmp_path: Path) -> None:
    header = ["Handle", "Title", "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name",
              "Option3 Value", "SKU", "Lager Nord", "Butik"]  # fmt: skip
    rows = [
        {"Handle": "tee", "Title": "Tee", "Option1 Name": "Size", "Option1 Value": "S", "Lager Nord": "6",
         "Butik": "not stocked"},
        {"Handle": "mug", "Title": "Mug", "Option1 Name": "Title", "Option1 Value": "Default Title",
         "Lager Nord": "2", "Butik": "1"},
    ]  # fmt: skip
    inventory = write_csv(tmp_path / "inventory.csv", header, rows)

    stock = stock_by_sku(read([products_file(tmp_path), inventory]))

    assert stock["TEE-S"] == [FeedStock("lager-nord", 6)]
    assert stock["MUG"] == [FeedStock("lager-nord", 2), FeedStock("butik", 1)]


def test_inventory_export_alone_is_refused(tmp_path: Path) -> None:
    inventory = write_csv(
        tmp_path / "inventory.csv", LOCATION_HEADER_2023, [location_row("tee", "S", "Lager Nord", **{"On hand": "1"})]
    )

    assert detect_format([inventory]) == "shopify-csv"
    with pytest.raises(FeedFormatError, match="lists stock but no products; import it together"):
        read([inventory])


def test_location_codes_are_cut_and_never_shared(tmp_path: Path) -> None:
    long_name = "Central European Distribution Warehouse " * 4
    inventory = write_csv(
        tmp_path / "inventory.csv",
        LOCATION_HEADER_2023,
        [
            location_row("tee", "S", long_name, **{"On hand": "4"}),
            location_row("tee", "S", "Lager Nord", **{"On hand": "1"}),
            location_row("tee", "M", "Lager-Nord", **{"On hand": "2"}),
        ],
    )

    catalog = read([products_file(tmp_path), inventory])

    stock = stock_by_sku(catalog)
    codes = [level.warehouse for level in stock["TEE-S"]]
    assert len(codes[0]) <= 100
    assert codes[0].startswith("central-european-distribution-warehouse-")
    assert codes[1] == "lager-nord"
    assert stock["TEE-M"] == []
    conflict = [issue for issue in catalog.issues if issue.code == "location_code_conflict"]
    assert [(issue.line, issue.value) for issue in conflict] == [(4, "Lager-Nord")]


def test_repeated_handle_gets_stock_on_the_kept_product(tmp_path: Path) -> None:
    first = products_file(tmp_path)
    second = write_csv(
        tmp_path / "products_export_2.csv",
        CURRENT_HEADER,
        [
            {
                "Handle": "mug",
                "Title": "Mug again",
                "Option1 Name": "Title",
                "Option1 Value": "Default Title",
                "Variant SKU": "MUG-2",
                "Variant Price": "99",
                "Variant Inventory Tracker": "shopify",
            }
        ],
    )
    inventory = write_csv(
        tmp_path / "inventory.csv", LOCATION_HEADER_2023, [location_row("mug", None, "Lager Nord", **{"On hand": "3"})]
    )

    catalog = read([first, second, inventory])

    (mug,) = [product for product in catalog.products if product.key == "mug"]
    assert mug.title == "Mug"
    assert mug.variants[0].stock == [FeedStock("lager-nord", 3)]
    (repeat,) = [issue for issue in catalog.issues if issue.code == "duplicate_product"]
    assert "repeats the product on line 4 of products_export_1.csv" in repeat.message
    assert Path(repeat.file or "").name == "products_export_2.csv"


def test_empty_product_file_with_inventory(tmp_path: Path) -> None:
    products = write_csv(tmp_path / "products_export_1.csv", CURRENT_HEADER, [])
    inventory = write_csv(
        tmp_path / "inventory.csv", LOCATION_HEADER_2023, [location_row("tee", "S", "Lager Nord", **{"On hand": "1"})]
    )

    catalog = read_catalog([products, inventory], "shopify-csv", ReadOptions(currency="SEK"))

    assert catalog.products == []
    assert [issue.code for issue in catalog.issues] == ["unknown_inventory_row"]
