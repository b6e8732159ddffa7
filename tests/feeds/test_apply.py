from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, Table, select

from opendrop_kit.feeds._bulk import IdSequence
from opendrop_kit.feeds.apply import (
    ImportSummary,
    MissingWarehouseCountryError,
    NothingToImportError,
    UnknownAccountError,
    apply_catalog,
)
from opendrop_kit.feeds.model import FeedCatalog, FeedPrice, FeedStock, ReadOptions
from opendrop_kit.feeds.normalize import normalize
from opendrop_kit.feeds.readers import read_catalog
from opendrop_kit.store.ids import new_id
from opendrop_kit.store.tables import (
    brands,
    catalog_changes,
    categories,
    imports,
    inventory_levels,
    product_categories,
    product_translations,
    products,
    variant_prices,
    variants,
    warehouse_ship_countries,
    warehouses,
)
from tests.feeds.import_helpers import (
    add_account,
    change_rows,
    count,
    product,
    product_ids,
    rich_catalog,
    simple_catalog,
    snapshot,
    variant,
    variant_ids,
)


def run_import(engine: Engine, catalog: FeedCatalog, account_id: str, **options: object) -> ImportSummary:
    options.setdefault("livemode", False)
    options.setdefault("feed", "main")
    with engine.begin() as connection:
        return apply_catalog(connection, catalog, account_id=account_id, **options)  # type: ignore[arg-type]


def counts(summary: ImportSummary) -> tuple[int, ...]:
    return tuple(summary.counts().values())


def test_first_import_creates_every_row(engine: Engine) -> None:
    account_id = add_account(engine)

    summary = run_import(engine, rich_catalog(), account_id)

    assert counts(summary) == (3, 0, 0, 0, 4, 0, 0, 0)
    assert summary.issues == []
    with engine.connect() as connection:
        assert count(connection, products) == 3
        assert count(connection, variants) == 4
        assert count(connection, variant_prices) == 2
        assert count(connection, inventory_levels) == 4
        assert count(connection, product_translations) == 2
        assert count(connection, brands) == 1
        assert count(connection, product_categories) == 3
        assert count(connection, warehouses) == 2
        assert count(connection, warehouse_ship_countries) == 3
        assert count(connection, imports, imports.c.id == summary.import_id) == 1


def test_primary_price_goes_to_variant_row(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, rich_catalog(), account_id)

    with engine.connect() as connection:
        row = connection.execute(select(variants).where(variants.c.sku == "HOOD-BLK-M")).one()
        extra = connection.execute(
            select(variant_prices.c.currency, variant_prices.c.min_quantity, variant_prices.c.amount_minor)
            .where(variant_prices.c.variant_id == row.id)
            .order_by(variant_prices.c.currency, variant_prices.c.min_quantity)
        ).all()

    assert (row.currency, row.price_minor, row.compare_at_minor) == ("EUR", 4990, 5990)
    assert [tuple(price) for price in extra] == [("EUR", 10, 4490), ("USD", 1, 5490)]
    assert row.option_values == [["Color", "Black"], ["Size", "M"]]
    assert row.position == 1


def test_stock_stored_by_warehouse_code(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, rich_catalog(), account_id)

    with engine.connect() as connection:
        rows = connection.execute(
            select(warehouses.c.code, inventory_levels.c.on_hand, inventory_levels.c.incoming_expected_at)
            .join(warehouses, warehouses.c.id == inventory_levels.c.warehouse_id)
            .join(variants, variants.c.id == inventory_levels.c.variant_id)
            .where(variants.c.sku == "HOOD-BLK-M")
            .order_by(warehouses.c.code)
        ).all()
        us_country = connection.execute(select(warehouses.c.country).where(warehouses.c.code == "us")).scalar_one()

    assert [(row.code, row.on_hand) for row in rows] == [("eu", 12), ("us", 3)]
    assert rows[1].incoming_expected_at == datetime(2026, 5, 1, 7, 30, tzinfo=UTC)
    assert us_country == "US"


def test_categories_stored_as_tree(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, rich_catalog(), account_id)

    with engine.connect() as connection:
        rows = connection.execute(select(categories.c.id, categories.c.path, categories.c.parent_id)).all()

    by_path = {row.path: row for row in rows}
    assert set(by_path) == {
        "Apparel",
        "Apparel > Tops",
        "Apparel > Tops > Hoodies",
        "Apparel > Sale",
        "Home",
        "Home > Kitchen",
    }
    assert by_path["Apparel"].parent_id is None
    assert by_path["Apparel > Tops > Hoodies"].parent_id == by_path["Apparel > Tops"].id
    assert by_path["Apparel > Sale"].parent_id == by_path["Apparel"].id


def test_media_refers_to_variant_ids(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, rich_catalog(), account_id)

    with engine.connect() as connection:
        hoodie_id = product_ids(connection, account_id)["hoodie"]
        media = connection.execute(select(products.c.media).where(products.c.id == hoodie_id)).scalar_one()
        ids = variant_ids(connection, hoodie_id)

    assert media[0] == {
        "url": "https://img.example/hoodie.jpg",
        "alt": "Hoodie, front",
        "position": 1,
        "variant_ids": [],
    }
    assert media[1]["variant_ids"] == [ids["hoodie-black-m"], ids["hoodie-black-l"]]


def test_products_listed_in_feed_order(engine: Engine) -> None:
    account_id = add_account(engine)
    catalog = simple_catalog(*(product(f"p{index}", variant("v", f"SKU-{index}")) for index in (5, 1, 9, 3)))

    run_import(engine, catalog, account_id)

    with engine.connect() as connection:
        keys = connection.execute(select(products.c.source_key).order_by(products.c.id)).scalars().all()
    assert keys == ["p5", "p1", "p9", "p3"]


def test_same_import_twice_changes_nothing(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, rich_catalog(), account_id)
    before = snapshot(engine)

    summary = run_import(engine, rich_catalog(), account_id)

    assert counts(summary) == (0, 0, 3, 0, 0, 0, 4, 0)
    assert not summary.changed
    after = snapshot(engine)
    assert len(after.pop("imports")) == len(before.pop("imports")) + 1
    for table in before:
        assert after[table] == before[table], table


def test_changed_product_rewrites_changed_variants_only(engine: Engine) -> None:
    account_id = add_account(engine)
    catalog = simple_catalog(
        product("shirt", variant("s", "SHIRT-S"), variant("m", "SHIRT-M"), variant("l", "SHIRT-L")),
        product("cap", variant("one", "CAP-1")),
    )
    run_import(engine, catalog, account_id)
    with engine.connect() as connection:
        shirt_id = product_ids(connection, account_id)["shirt"]
        before_ids = variant_ids(connection, shirt_id)
        before_rows = {row.id: row for row in connection.execute(select(variants))}
        first_changes = len(change_rows(connection, account_id))

    changed = simple_catalog(
        product("shirt", variant("s", "SHIRT-S"), variant("m", "SHIRT-M", 2499), variant("xl", "SHIRT-XL")),
        product("cap", variant("one", "CAP-1")),
    )
    summary = run_import(engine, changed, account_id)

    assert counts(summary) == (0, 1, 1, 0, 1, 1, 2, 1)
    with engine.connect() as connection:
        after_ids = variant_ids(connection, shirt_id)
        after_rows = {row.id: row for row in connection.execute(select(variants))}
        changes = change_rows(connection, account_id)[first_changes:]

    assert after_ids["s"] == before_ids["s"]
    assert after_ids["m"] == before_ids["m"]
    assert "l" not in after_ids
    assert after_rows[before_ids["s"]].updated_at == before_rows[before_ids["s"]].updated_at
    assert after_rows[before_ids["m"]].price_minor == 2499
    assert after_rows[before_ids["m"]].updated_at > before_rows[before_ids["m"]].updated_at
    assert sorted(changes) == sorted(
        [
            ("variant", before_ids["l"], "deleted"),
            ("variant", before_ids["m"], "updated"),
            ("variant", after_ids["xl"], "created"),
            ("product", shirt_id, "updated"),
        ]
    )


def test_unchanged_product_keeps_updated_at(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, simple_catalog(product("a", variant("v", "A")), product("b", variant("v", "B"))), account_id)
    with engine.connect() as connection:
        before = dict(connection.execute(select(products.c.source_key, products.c.updated_at)).all())

    run_import(engine, simple_catalog(product("a", variant("v", "A")), product("b", variant("v", "B", 1))), account_id)

    with engine.connect() as connection:
        after = dict(connection.execute(select(products.c.source_key, products.c.updated_at)).all())
    assert after["a"] == before["a"]
    assert after["b"] > before["b"]


def test_vanished_products_removed_with_tombstones(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, rich_catalog(), account_id)
    with engine.connect() as connection:
        hoodie_id = product_ids(connection, account_id)["hoodie"]
        hoodie_variants = set(variant_ids(connection, hoodie_id).values())

    catalog = rich_catalog()
    catalog.products = [item for item in catalog.products if item.key != "hoodie"]
    summary = run_import(engine, catalog, account_id)

    assert counts(summary) == (0, 0, 2, 1, 0, 0, 2, 2)
    with engine.connect() as connection:
        assert count(connection, products, products.c.id == hoodie_id) == 0
        assert count(connection, variants, variants.c.product_id == hoodie_id) == 0
        assert count(connection, variant_prices, variant_prices.c.variant_id.in_(hoodie_variants)) == 0
        assert count(connection, inventory_levels, inventory_levels.c.variant_id.in_(hoodie_variants)) == 0
        assert count(connection, product_categories, product_categories.c.product_id == hoodie_id) == 0
        assert count(connection, product_translations, product_translations.c.product_id == hoodie_id) == 0
        deleted = [row for row in change_rows(connection, account_id) if row[2] == "deleted"]

    assert {row[1] for row in deleted if row[0] == "variant"} == hoodie_variants
    assert [row[1] for row in deleted if row[0] == "product"] == [hoodie_id]


def test_product_rejected_while_reading_is_kept(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, rich_catalog(), account_id)
    catalog = rich_catalog()
    hoodie = next(item for item in catalog.products if item.key == "hoodie")
    hoodie.variants = []  # as when a variable product's variations file is missing
    normalize(catalog)

    summary = run_import(engine, catalog, account_id)

    assert summary.products_removed == 0
    with engine.connect() as connection:
        assert "hoodie" in product_ids(connection, account_id)


def test_tombstones_carry_the_import_id(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, simple_catalog(product("a", variant("v", "A")), product("b", variant("v", "B"))), account_id)

    summary = run_import(engine, simple_catalog(product("a", variant("v", "A"))), account_id)

    with engine.connect() as connection:
        import_ids = (
            connection.execute(select(catalog_changes.c.import_id).where(catalog_changes.c.action == "deleted"))
            .scalars()
            .all()
        )
    assert import_ids == [summary.import_id, summary.import_id]


def test_keep_missing_leaves_vanished_products(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, simple_catalog(product("a", variant("v", "A")), product("b", variant("v", "B"))), account_id)

    summary = run_import(engine, simple_catalog(product("a", variant("v", "A"))), account_id, remove_missing=False)

    assert summary.products_removed == 0
    with engine.connect() as connection:
        assert set(product_ids(connection, account_id)) == {"a", "b"}


def test_failing_import_leaves_store_as_before(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, rich_catalog(), account_id)
    before = snapshot(engine)
    changed = rich_catalog()
    changed.products = [
        product("new", variant("n", "NEW-1")),
        replace(changed.products[1], title="Renamed mug"),
    ]
    written: list[int] = []

    def fail_after_writes(advanced: int) -> None:
        # The second call comes after the removals, the update and the first new product were
        # written, so the rollback has real rows to undo.
        written.append(advanced)
        if len(written) == 2:
            raise RuntimeError("the disk is full")

    with pytest.raises(RuntimeError, match="disk is full"):
        run_import(engine, changed, account_id, progress=fail_after_writes)

    assert written == [1, 1]
    assert snapshot(engine) == before


def test_missing_warehouse_country_changes_nothing(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, rich_catalog(), account_id)
    before = snapshot(engine)
    catalog = rich_catalog()
    catalog.products[1].variants[0].stock = [FeedStock("cn-shenzhen", 40)]

    with pytest.raises(MissingWarehouseCountryError, match="cn-shenzhen"):
        run_import(engine, catalog, account_id)

    assert snapshot(engine) == before


def test_default_country_creates_named_warehouse(engine: Engine) -> None:
    account_id = add_account(engine)
    catalog = simple_catalog(product("a", variant("v", "A", stock=[FeedStock("cn-shenzhen", 40)])), warehouses=[])

    run_import(engine, catalog, account_id, default_country="CN")

    with engine.connect() as connection:
        row = connection.execute(select(warehouses.c.code, warehouses.c.country, warehouses.c.name)).one()
    assert tuple(row) == ("cn-shenzhen", "CN", "cn-shenzhen")


def test_sku_of_other_feed_is_rejected(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, simple_catalog(product("tee", variant("v", "SHARED-1"))), account_id, feed="shopify")

    catalog = simple_catalog(product("other", variant("a", "SHARED-1"), variant("b", "OWN-2")))
    summary = run_import(engine, catalog, account_id, feed="gmc")

    assert counts(summary) == (1, 0, 0, 0, 1, 0, 0, 0)
    [issue] = summary.issues
    assert (issue.severity, issue.code, issue.field, issue.value) == ("error", "sku_conflict", "sku", "SHARED-1")
    assert "feed 'shopify'" in issue.message
    with engine.connect() as connection:
        skus = connection.execute(select(variants.c.sku).order_by(variants.c.sku)).scalars().all()
    assert skus == ["OWN-2", "SHARED-1"]


def test_product_with_only_conflicting_skus_is_not_created(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, simple_catalog(product("tee", variant("v", "SHARED-1"))), account_id, feed="shopify")

    catalog = simple_catalog(product("copy", variant("a", "SHARED-1")), product("fine", variant("a", "FINE-1")))
    summary = run_import(engine, catalog, account_id, feed="gmc")

    assert summary.products_created == 1
    assert {issue.code for issue in summary.issues} == {"sku_conflict", "no_importable_variant"}
    with engine.connect() as connection:
        assert set(product_ids(connection, account_id, "gmc")) == {"fine"}


def test_sku_moves_between_products_of_feed(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, simple_catalog(product("a", variant("v", "MOVE")), product("b", variant("v", "B"))), account_id)

    catalog = simple_catalog(product("a", variant("v", "A-NEW")), product("b", variant("v", "B"), variant("w", "MOVE")))
    summary = run_import(engine, catalog, account_id)

    assert summary.issues == []
    assert counts(summary) == (0, 2, 0, 0, 1, 1, 1, 0)
    with engine.connect() as connection:
        owner = connection.execute(
            select(products.c.source_key, variants.c.source_key)
            .join(products, products.c.id == variants.c.product_id)
            .where(variants.c.sku == "MOVE")
        ).one()
    assert tuple(owner) == ("b", "w")


def test_skus_swap_within_product(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, simple_catalog(product("p", variant("x", "SKU-1"), variant("y", "SKU-2"))), account_id)

    summary = run_import(engine, simple_catalog(product("p", variant("x", "SKU-2"), variant("y", "SKU-1"))), account_id)

    assert summary.issues == []
    assert summary.variants_updated == 2
    with engine.connect() as connection:
        pairs = dict(connection.execute(select(variants.c.source_key, variants.c.sku)).all())
    assert pairs == {"x": "SKU-2", "y": "SKU-1"}


def test_sku_of_removed_product_is_reused(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(
        engine, simple_catalog(product("old", variant("v", "REUSED")), product("keep", variant("v", "K"))), account_id
    )

    catalog = simple_catalog(product("keep", variant("v", "K")), product("new", variant("v", "REUSED")))
    summary = run_import(engine, catalog, account_id)

    assert summary.issues == []
    assert (summary.products_created, summary.products_removed) == (1, 1)


def test_sku_of_kept_missing_product_is_rejected(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(
        engine, simple_catalog(product("old", variant("v", "HELD")), product("keep", variant("v", "K"))), account_id
    )

    catalog = simple_catalog(
        product("keep", variant("v", "K")), product("new", variant("v", "HELD"), variant("w", "N"))
    )
    summary = run_import(engine, catalog, account_id, remove_missing=False)

    assert [issue.code for issue in summary.issues] == ["sku_conflict"]
    assert (summary.products_created, summary.variants_created) == (1, 1)


def test_rejected_variant_keeps_stored_version(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, simple_catalog(product("p", variant("a", "A"), variant("b", "B"))), account_id)
    bad = variant("a", "A", 2999, barcode="9" * 80)
    summary = run_import(engine, simple_catalog(product("p", bad, variant("b", "B", 1234))), account_id)

    [issue] = summary.issues
    assert (issue.code, issue.field) == ("value_too_long", "barcode")
    assert "stored variant is kept" in issue.message
    assert (summary.variants_updated, summary.variants_unchanged, summary.variants_removed) == (1, 1, 0)
    with engine.connect() as connection:
        after = dict(connection.execute(select(variants.c.source_key, variants.c.price_minor)).all())
    assert after == {"a": 1999, "b": 1234}

    again = run_import(engine, simple_catalog(product("p", bad, variant("b", "B", 1234))), account_id)
    assert not again.changed


def test_rejected_product_keeps_stored_version(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, simple_catalog(product("p", variant("a", "A")), product("q", variant("a", "Q"))), account_id)

    catalog = simple_catalog(
        product("p", variant("a", "A"), categories=[["Home", ""]]), product("q", variant("a", "Q"))
    )
    summary = run_import(engine, catalog, account_id)

    [issue] = summary.issues
    assert (issue.code, issue.field) == ("missing_value", "categories")
    assert "stored product is kept" in issue.message
    assert (summary.products_removed, summary.products_unchanged) == (0, 1)
    with engine.connect() as connection:
        assert set(product_ids(connection, account_id)) == {"p", "q"}


def test_variant_without_unit_price_is_rejected(engine: Engine) -> None:
    account_id = add_account(engine)
    tiered = variant("bulk", "BULK", prices=[FeedPrice("EUR", 900, None, 10)])
    catalog = simple_catalog(product("p", tiered, variant("one", "ONE")))

    summary = run_import(engine, catalog, account_id)

    assert [issue.code for issue in summary.issues] == ["missing_unit_price"]
    assert summary.variants_created == 1


def test_duplicate_product_key_imports_first(engine: Engine) -> None:
    account_id = add_account(engine)
    catalog = simple_catalog(product("p", variant("a", "A"), title="First"), product("p", variant("a", "B")))

    summary = run_import(engine, catalog, account_id)

    assert [issue.code for issue in summary.issues] == ["duplicate_product_key"]
    with engine.connect() as connection:
        assert connection.execute(select(products.c.title)).scalar_one() == "First"


def test_import_leaves_other_tenants_alone(engine: Engine) -> None:
    first, second = add_account(engine, "First"), add_account(engine, "Second")
    for account_id in (first, second):
        for livemode in (False, True):
            run_import(engine, rich_catalog(), account_id, livemode=livemode)
    before = snapshot(engine)

    catalog = rich_catalog()
    catalog.products = catalog.products[:1]
    catalog.products[0].title = "Changed"
    summary = run_import(engine, catalog, first, livemode=False)

    assert counts(summary) == (0, 1, 0, 2, 0, 0, 2, 2)
    after = snapshot(engine)
    untouched = {(second, False), (second, True), (first, True)}
    for table in (products, variants, catalog_changes, inventory_levels):
        assert tenant_rows(after, table, untouched) == tenant_rows(before, table, untouched), table.name


def tenant_rows(
    rows: dict[str, list[tuple[object, ...]]], table: Table, tenants: set[tuple[str, bool]]
) -> list[object]:
    """Rows of `table` that belong to `tenants`; levels are tied to a tenant through their variant."""
    if table is inventory_levels:
        variant_tenants = {row[0]: (row[1], row[2]) for row in rows["variants"]}
        return [row for row in rows[table.name] if variant_tenants[str(row[0])] in tenants]

    names = [column.name for column in table.c]
    account, mode = names.index("account_id"), names.index("livemode")
    return [row for row in rows[table.name] if (row[account], row[mode]) in tenants]


def test_empty_catalog_is_not_applied(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, rich_catalog(), account_id)
    before = snapshot(engine)
    empty = simple_catalog()
    empty.error("invalid_json", "The line is not valid JSON.", file="catalog.ndjson", line=1)

    with pytest.raises(NothingToImportError, match="no product") as raised:
        run_import(engine, empty, account_id)

    assert [issue.code for issue in raised.value.issues] == ["invalid_json"]
    assert snapshot(engine) == before


def test_unknown_account_is_rejected(engine: Engine) -> None:
    with pytest.raises(UnknownAccountError, match="acct_missing"):
        run_import(engine, rich_catalog(), "acct_missing")


def test_progress_counts_every_product(engine: Engine) -> None:
    account_id = add_account(engine)
    run_import(engine, rich_catalog(), account_id)
    catalog = rich_catalog()
    catalog.products[0].title = "Changed"
    catalog.products.append(product("new", variant("v", "NEW")))
    advanced: list[int] = []

    run_import(engine, catalog, account_id, progress=advanced.append)

    assert sum(advanced) == len(catalog.products)


def test_gmc_daily_snapshots_remove_vanished_products(engine: Engine, realdata: Path) -> None:
    account_id = add_account(engine)
    folder = realdata / "gmc-feed-dropship-daily-snapshots"
    previous: set[str] = set()
    vanished = 0

    for name in ("google_feed_2026-07-07.xml", "google_feed_2026-08-02.xml", "google_feed_2026-08-03.xml"):
        catalog = read_catalog([folder / name], "google-merchant", ReadOptions())
        keys = {item.key for item in catalog.products}
        summary = run_import(engine, catalog, account_id, feed="daiology", default_country="US")

        assert summary.products_removed == len(previous - keys), name
        assert summary.products_created == len(keys - previous), name
        with engine.connect() as connection:
            assert set(product_ids(connection, account_id)) == keys
        vanished += len(previous - keys)
        previous = keys

    with engine.connect() as connection:
        tombstones = [row for row in change_rows(connection, account_id) if row[2] == "deleted"]
    assert vanished > 0
    assert len([row for row in tombstones if row[0] == "product"]) == vanished


def test_bulk_ids_follow_new_id_format() -> None:
    sequence = IdSequence("var")
    made = [*sequence.take(2500), sequence.one()]
    reference = new_id("var")

    assert all(re.fullmatch(r"var_[0-9A-HJKMNP-TV-Z]{26}", value) for value in made)
    assert made == sorted(made)
    assert len(set(made)) == len(made)
    assert made[0][:14] <= reference[:14]
