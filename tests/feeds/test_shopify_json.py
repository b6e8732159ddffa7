from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from opendrop_kit.feeds import shopify_json
from opendrop_kit.feeds.errors import FeedFormatError, MissingCurrencyError
from opendrop_kit.feeds.model import FeedCatalog, ReadOptions
from opendrop_kit.feeds.readers import read_catalog


def write_json(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def read(path: Path, currency: str = "EUR") -> FeedCatalog:
    return read_catalog([path], "shopify-json", ReadOptions(currency=currency))


def storefront_product(
    handle: str, *variants: dict[str, Any], options: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {
        "id": 1,
        "title": handle.title(),
        "handle": handle,
        "body_html": "<p>Fresh\u00a0eggs</p>",
        "vendor": "Annie's Farm Produce ",
        "product_type": "Eggs",
        "tags": ["organic", "local"],
        "options": options or [{"name": "Title", "position": 1, "values": ["Default Title"]}],
        "variants": list(variants),
        "images": [{"src": "https://cdn.example/eggs.jpg", "variant_ids": []}],
    }


def storefront_variant(variant_id: int, option1: str = "Default Title", **fields: Any) -> dict[str, Any]:
    variant = {"id": variant_id, "title": option1, "option1": option1, "option2": None, "option3": None,
               "sku": "", "available": True, "price": "3.00", "grams": 0, "compare_at_price": None}  # fmt: skip
    variant.update(fields)
    return variant


def test_storefront_shape(tmp_path: Path) -> None:
    document = {
        "products": [
            storefront_product("eggs", storefront_variant(11)),
            storefront_product(
                "box",
                storefront_variant(21, "Small", sku="BOX-S", grams=4000),
                storefront_variant(22, "Large", sku="BOX-L", available=False, price="55.00", compare_at_price="60.00"),
                options=[{"name": "Size", "position": 1, "values": ["Small", "Large"]}],
            ),
        ]
    }
    path = write_json(tmp_path / "products.json", document)

    result = read(path)

    eggs, box = result.products
    assert eggs.brand == "Annie's Farm Produce"
    assert eggs.tags == ["organic", "local"]
    assert eggs.categories == [["Eggs"]]
    assert eggs.options == []
    assert eggs.description_text == "Fresh eggs"
    assert eggs.variants[0].sku == "eggs"
    assert eggs.variants[0].key == "11"
    assert eggs.variants[0].stock[0].on_hand is None
    assert eggs.variants[0].weight_grams is None

    assert box.options == ["Size"]
    small, large = box.variants
    assert small.option_values == [("Size", "Small")]
    assert small.weight_grams == 4000
    assert large.stock[0].on_hand == 0
    assert (large.prices[0].amount_minor, large.prices[0].compare_at_minor) == (5500, 6000)
    assert [issue.code for issue in result.issues] == ["sku_generated"]


def test_admin_shape(tmp_path: Path) -> None:
    variant = storefront_variant(31, "Red", sku="TEE-R", inventory_management="shopify", inventory_quantity=12,
                                 inventory_policy="continue", weight=0.5, weight_unit="lb", grams=None)  # fmt: skip
    del variant["available"]
    untracked = storefront_variant(32, "Blue", sku="TEE-B", inventory_management=None)
    product = storefront_product("tee", variant, untracked, options=[{"name": "Color", "values": ["Red", "Blue"]}])
    product["status"] = "draft"
    product["tags"] = "summer, cotton"
    product["images"] = [{"src": "https://cdn.example/red.jpg", "alt": "Red tee", "variant_ids": [31]}]
    path = write_json(tmp_path / "product.json", {"product": product})

    result = read(path, "USD")

    tee = result.products[0]
    assert tee.status == "draft"
    assert tee.tags == ["summer", "cotton"]
    red, blue = tee.variants
    assert red.stock[0].on_hand == 12
    assert red.inventory_policy == "continue"
    assert red.weight_grams == 227
    assert blue.stock[0].on_hand is None
    assert tee.media[0].alt == "Red tee"
    assert tee.media[0].variant_keys == ["31"]


def test_bad_price_rejects_variant(tmp_path: Path) -> None:
    product = storefront_product("x", storefront_variant(1, "A", sku="A", price="8.13-10.00"),
                                 storefront_variant(2, "B", sku="B"), options=[{"name": "Size"}])  # fmt: skip
    path = write_json(tmp_path / "products.json", {"products": [product]})

    result = read(path)

    assert [item.sku for item in result.products[0].variants] == ["B"]
    assert [issue.code for issue in result.issues] == ["price_range"]


def test_invalid_json(tmp_path: Path) -> None:
    path = tmp_path / "products.json"
    path.write_text('{"products": [', encoding="utf-8")

    with pytest.raises(FeedFormatError, match="not valid JSON"):
        shopify_json.read([path], ReadOptions(currency="EUR"))


def test_currency_required(tmp_path: Path) -> None:
    path = write_json(tmp_path / "products.json", {"products": []})

    with pytest.raises(MissingCurrencyError):
        shopify_json.read([path], ReadOptions())


def test_real_irish_farm_storefront(realdata: Path) -> None:
    # Counted with json.load: 17 products, one variant each, 14 with "sku": "".
    result = read(realdata / "shopify-json-irish-farm" / "products.json")

    assert result.rows_read == 17
    assert len(result.products) == 17
    assert result.variant_count == 17
    assert [issue.code for issue in result.issues] == ["sku_generated"] * 14

    first = result.products[0]
    assert first.title == "Just for 1-2 ( Fruit and Veg)"
    assert first.brand == "Annie's Organic Farm"
    assert first.variants[0].sku == "just-for-1-2"
    assert first.variants[0].prices[0].amount_minor == 3000
    assert first.variants[0].stock[0].on_hand is None

    by_key = {entry.key: entry for entry in result.products}
    juicing = by_key["the-juicing-box-20-including-delivery-in-tipperary-south"]
    assert juicing.options == ["Juicing Box"]
    assert juicing.variants[0].sku == "the-juicing-box-20-including-delivery-in-tipperary-south-juicing-box"
    assert juicing.variants[0].weight_grams == 4000
    assert by_key["fruit-box-tipperary"].variants[0].sku == "8"
    assert by_key["fruit-box-tipperary"].variants[0].prices[0].amount_minor == 2000
    texts = [entry.description_text or "" for entry in result.products]
    assert not [text for text in texts if "\u00a0" in text]
