"""The demo catalog and the generated benchmark catalog: determinism and the cases they promise."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine

from opendrop_kit.demo.catalog import EU_COUNTRIES, demo_catalog
from opendrop_kit.demo.generated import MAX_VARIANTS_PER_PRODUCT, generated_products, write_generated_ndjson
from opendrop_kit.feeds import ndjson
from opendrop_kit.feeds.apply import apply_catalog
from opendrop_kit.feeds.hashing import content_hash
from opendrop_kit.feeds.html import sanitize_html
from opendrop_kit.feeds.model import FeedCatalog, FeedVariant, ReadOptions
from opendrop_kit.feeds.normalize import normalize
from opendrop_kit.schema.countries import is_country_code
from opendrop_kit.schema.money import CURRENCY_DIGITS, format_minor_units, to_minor_units
from opendrop_kit.server.accounts import service


def all_variants(catalog: FeedCatalog) -> list[FeedVariant]:
    return [variant for product in catalog.products for variant in product.variants]


def test_demo_is_deterministic() -> None:
    assert demo_catalog(7) == demo_catalog(7)
    assert demo_catalog(1) == demo_catalog(1)


def test_seed_changes_only_stock() -> None:
    first, second = demo_catalog(7), demo_catalog(8)

    assert first != second
    assert [variant.sku for variant in all_variants(first)] == [variant.sku for variant in all_variants(second)]
    assert [variant.prices for variant in all_variants(first)] == [variant.prices for variant in all_variants(second)]


def test_demo_size() -> None:
    catalog = demo_catalog()

    assert 35 <= len(catalog.products) <= 45
    assert len({product.key for product in catalog.products}) == len(catalog.products)
    assert len({tuple(product.categories[0][:1]) for product in catalog.products}) >= 4


def test_skus_unique() -> None:
    skus = [variant.sku for variant in all_variants(demo_catalog())]

    assert None not in skus
    assert [sku for sku, count in Counter(skus).items() if count > 1] == []


def test_variant_keys_unique_per_product() -> None:
    for product in demo_catalog().products:
        keys = [variant.key for variant in product.variants]
        assert len(set(keys)) == len(keys), product.key


def test_option_values_match_product_options() -> None:
    for product in demo_catalog().products:
        for variant in product.variants:
            assert [name for name, _ in variant.option_values] == product.options, product.key
        combinations = [tuple(variant.option_values) for variant in product.variants]
        assert len(set(combinations)) == len(combinations), product.key


def test_prices_valid_in_their_currency() -> None:
    currencies = set()
    for variant in all_variants(demo_catalog()):
        assert any(price.currency == "EUR" and price.min_quantity == 1 for price in variant.prices), variant.sku
        for price in variant.prices:
            currencies.add(price.currency)
            assert price.currency in CURRENCY_DIGITS
            assert price.amount_minor > 0
            text = format_minor_units(price.amount_minor, price.currency)
            assert to_minor_units(text, price.currency) == price.amount_minor
            if price.compare_at_minor is not None:
                assert price.compare_at_minor > price.amount_minor

    assert {"EUR", "USD", "JPY", "KWD"} <= currencies


def test_zero_and_three_decimal_currencies_present() -> None:
    prices = [price for variant in all_variants(demo_catalog()) for price in variant.prices]

    yen = [format_minor_units(price.amount_minor, "JPY") for price in prices if price.currency == "JPY"]
    dinar = [format_minor_units(price.amount_minor, "KWD") for price in prices if price.currency == "KWD"]
    assert yen
    assert all("." not in text for text in yen)
    assert dinar
    assert all(len(text.split(".")[1]) == 3 for text in dinar)


def test_tiers_and_compare_at_present() -> None:
    prices = [price for variant in all_variants(demo_catalog()) for price in variant.prices]

    assert any(price.min_quantity > 1 for price in prices)
    assert any(price.compare_at_minor is not None for price in prices)


def test_warehouses_ship_to_valid_countries() -> None:
    warehouses = {warehouse.code: warehouse for warehouse in demo_catalog().warehouses}

    assert len({warehouse.country for warehouse in warehouses.values()}) >= 3
    for warehouse in warehouses.values():
        assert is_country_code(warehouse.country)
        assert warehouse.ships_to
        assert all(is_country_code(country) for country in warehouse.ships_to)
        assert len(set(warehouse.ships_to)) == len(warehouse.ships_to)
    assert warehouses["de-ber"].ships_to == list(EU_COUNTRIES)
    assert warehouses["us-nj"].ships_to == ["US", "CA"]
    assert len(warehouses["cn-sz"].ships_to) > 200


def test_stock_names_declared_warehouses() -> None:
    catalog = demo_catalog()
    codes = {warehouse.code for warehouse in catalog.warehouses}

    for variant in all_variants(catalog):
        assert variant.stock, variant.sku
        assert {level.warehouse for level in variant.stock} <= codes


def test_stock_special_cases_present() -> None:
    variants = all_variants(demo_catalog())
    levels = [level for variant in variants for level in variant.stock]

    assert any(level.reserved > 0 for level in levels)
    assert any(level.on_hand is None for level in levels)
    assert any(level.incoming > 0 and level.incoming_expected_at is not None for level in levels)
    sold_out = [variant for variant in variants if all(level.on_hand == 0 for level in variant.stock)]
    assert any(variant.inventory_policy == "deny" for variant in sold_out)
    assert any(variant.inventory_policy == "continue" for variant in sold_out)
    assert all(level.on_hand is None or level.reserved <= level.on_hand for level in levels)


@pytest.mark.parametrize("seed", [0, 7, 12345])
def test_special_cases_hold_for_every_seed(seed: int) -> None:
    products = {product.key: product for product in demo_catalog(seed).products}

    lantern = products["camping-lantern"].variants[0]
    assert lantern.inventory_policy == "continue"
    assert all(level.on_hand == 0 for level in lantern.stock)
    assert all(level.on_hand is None for level in products["scented-candle"].variants[0].stock)
    assert all(level.on_hand == 0 for variant in products["oak-wall-clock"].variants for level in variant.stock)


def test_option_shapes_present() -> None:
    products = demo_catalog().products

    assert any(len(product.options) == 3 for product in products)
    assert sum(len(product.variants) == 1 and not product.options for product in products) >= 10
    apparel = [product for product in products if product.categories[0][0] == "Apparel"]
    assert any(product.options == ["Size", "Color"] for product in apparel)


def test_same_value_under_two_option_names() -> None:
    shared = []
    for product in demo_catalog().products:
        names_by_value: dict[str, set[str]] = {}
        for variant in product.variants:
            for name, value in variant.option_values:
                names_by_value.setdefault(value, set()).add(name)
        shared += [(product.key, value) for value, names in names_by_value.items() if len(names) > 1]

    assert ("dev-board-kit", "16GB") in shared


def test_translations_cover_three_locales() -> None:
    products = demo_catalog().products
    locales = {locale for product in products for locale in product.translations}

    assert {"de", "fr", "ja"} <= locales
    for product in products:
        for translation in product.translations.values():
            assert set(translation.option_names) <= set(product.options)
            assert set(translation.option_values) <= set(product.options)
            values = {value for variant in product.variants for _, value in variant.option_values}
            for translated in translation.option_values.values():
                assert set(translated) <= values


def test_exactly_one_translation_outdated() -> None:
    outdated = []
    for product in demo_catalog().products:
        current = content_hash(product.title, product.description_html)
        for locale, translation in product.translations.items():
            assert translation.source_hash is not None
            if translation.source_hash != current:
                outdated.append((product.key, locale))

    assert outdated == [("ceramic-pour-over", "fr")]


def test_translated_descriptions_survive_sanitizing() -> None:
    # normalize() sanitizes descriptions; if that changed a translated product's text, every one of
    # its translations would look outdated after import.
    for product in demo_catalog().products:
        if product.translations:
            assert product.description_html is not None
            assert sanitize_html(product.description_html)[0] == product.description_html, product.key


def test_messy_descriptions_sanitized_by_normalize() -> None:
    raw = {product.key: product.description_html or "" for product in demo_catalog().products}
    catalog = demo_catalog()

    normalize(catalog)

    assert "<script" in raw["smartwatch"]
    assert "onerror" in raw["phone-case"]
    assert "mso-" in raw["linen-shirt"]
    assert "data-start" in raw["wireless-earbuds"]
    assert "&amp;" in raw["scented-candle"]
    assert any(ord(character) > 0xFFFF for character in raw["wireless-earbuds"])
    for product in catalog.products:
        html = product.description_html or ""
        for unsafe in ("<script", "onerror", "mso-", "data-start", "style=", "<!--", "<font"):
            assert unsafe not in html, (product.key, unsafe)
    assert [issue for issue in catalog.issues if issue.severity == "error"] == []


def test_plain_text_description_present() -> None:
    products = {product.key: product for product in demo_catalog().products}

    toothbrush = products["bamboo-toothbrush"]
    assert toothbrush.description_html is None
    assert toothbrush.description_text is not None
    assert "<" not in toothbrush.description_text


def test_media_refer_to_variants() -> None:
    for product in demo_catalog().products:
        keys = {variant.key for variant in product.variants}
        urls = {media.url for media in product.media}
        assert product.media, product.key
        for media in product.media:
            assert set(media.variant_keys) <= keys
            assert media.url.startswith("https://")
        for variant in product.variants:
            assert variant.image_url is None or variant.image_url in urls


def test_variant_specific_images_present() -> None:
    products = demo_catalog().products

    assert any(media.variant_keys for product in products for media in product.media)
    assert any(variant.image_url for product in products for variant in product.variants)


def test_logistics_fields_filled() -> None:
    for variant in all_variants(demo_catalog()):
        assert variant.weight_grams is not None and variant.weight_grams > 0
        assert None not in (variant.length_mm, variant.width_mm, variant.height_mm)
        assert variant.origin_country is not None and is_country_code(variant.origin_country)
        assert variant.hs_code is not None and len(variant.hs_code) == 6
        assert variant.min_order_quantity >= 1
        assert variant.barcode is not None and len(variant.barcode) == 13


def test_barcodes_have_valid_check_digit() -> None:
    for variant in all_variants(demo_catalog()):
        assert variant.barcode is not None
        digits = [int(character) for character in variant.barcode]
        total = sum(digit * (3 if index % 2 else 1) for index, digit in enumerate(digits[:12]))
        assert (10 - total % 10) % 10 == digits[12], variant.barcode


def test_content_hash_matches_canonical_json() -> None:
    canonical = '{"description_html":null,"title":"Café \\"Nr. 1\\""}'.encode()

    assert content_hash('Café "Nr. 1"', None) == hashlib.sha256(canonical).hexdigest()
    assert content_hash("A", "<p>x</p>") != content_hash("A", "<p>y</p>")


def test_generated_ndjson_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "generated.ndjson"

    variants = write_generated_ndjson(path, products=300, variants_per_product=10, seed=3)
    catalog = ndjson.read([path], ReadOptions())

    assert variants == 3000
    assert catalog.issues == []
    assert len(catalog.products) == 300
    assert catalog.variant_count == 3000
    assert len({variant.sku for variant in all_variants(catalog)}) == 3000
    assert {warehouse.code for warehouse in catalog.warehouses} == {"de-ber", "us-nj"}


def test_generated_products_reproducible() -> None:
    first = list(generated_products(20, 4, seed=9))

    assert first == list(generated_products(20, 4, seed=9))
    assert first != list(generated_products(20, 4, seed=10))
    assert [len(product.variants) for product in first] == [4] * 20


def test_generated_single_variant_products_have_no_options(tmp_path: Path) -> None:
    path = tmp_path / "single.ndjson"

    write_generated_ndjson(path, products=5, variants_per_product=1, seed=1)
    catalog = ndjson.read([path], ReadOptions())

    assert catalog.issues == []
    assert all(product.options == [] and len(product.variants) == 1 for product in catalog.products)


def test_generated_rejects_too_many_variants() -> None:
    with pytest.raises(ValueError, match=str(MAX_VARIANTS_PER_PRODUCT)):
        list(generated_products(1, MAX_VARIANTS_PER_PRODUCT + 1, seed=1))


def test_demo_imports_into_store(engine: Engine) -> None:
    catalog = demo_catalog()
    normalize(catalog)
    with engine.begin() as connection:
        account_id = service.create_account(connection, "demo")
        first = apply_catalog(connection, catalog, account_id=account_id, livemode=False, feed="demo")

    again = demo_catalog()
    normalize(again)
    with engine.begin() as connection:
        second = apply_catalog(connection, again, account_id=account_id, livemode=False, feed="demo")

    assert first.issues == []
    assert first.products_created == len(catalog.products)
    assert first.variants_created == catalog.variant_count
    assert second.products_unchanged == len(catalog.products)
    assert second.variants_unchanged == catalog.variant_count
