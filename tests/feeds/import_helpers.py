"""Catalogs built by hand and store helpers shared by the import, load and CLI tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select

from opendrop_kit.feeds.model import (
    FeedCatalog,
    FeedMedia,
    FeedPrice,
    FeedProduct,
    FeedStock,
    FeedTranslation,
    FeedVariant,
    FeedWarehouse,
)
from opendrop_kit.store.ids import new_id
from opendrop_kit.store.tables import accounts, catalog_changes, metadata, products, variants

CEST = timezone(timedelta(hours=2))


def add_account(engine: Engine, name: str = "Test supplier") -> str:
    account_id = new_id("acct")
    with engine.begin() as connection:
        connection.execute(insert(accounts).values(id=account_id, name=name, created_at=datetime.now(UTC)))
    return account_id


def variant(key: str, sku: str, amount: int = 1999, **fields: Any) -> FeedVariant:
    """A variant with one EUR price and stock in the 'eu' warehouse, unless `fields` sets them."""
    fields.setdefault("prices", [FeedPrice("EUR", amount)])
    fields.setdefault("stock", [FeedStock("eu", 5)])
    return FeedVariant(key, sku, **fields)


def product(key: str, *variants: FeedVariant, **fields: Any) -> FeedProduct:
    fields.setdefault("title", f"Product {key}")
    return FeedProduct(key, variants=list(variants), **fields)


def simple_catalog(*products: FeedProduct, warehouses: list[FeedWarehouse] | None = None) -> FeedCatalog:
    catalog = FeedCatalog(format="ndjson", files=["catalog.ndjson"], products=list(products))
    catalog.warehouses = warehouses if warehouses is not None else [FeedWarehouse("eu", "DE", "EU hub", ["DE", "FR"])]
    catalog.rows_read = len(products)
    return catalog


def rich_catalog() -> FeedCatalog:
    """Three products that use every field the store keeps."""
    hoodie = FeedProduct(
        key="hoodie",
        title="Organic hoodie",
        description_html="<p>Warm <b>organic</b> cotton.</p>",
        description_text="Warm organic cotton.",
        brand="Northwind",
        categories=[["Apparel", "Tops", "Hoodies"], ["Apparel", "Sale"]],
        tags=["organic", "winter"],
        options=["Color", "Size"],
        attributes={"material": "cotton", "fit": "regular"},
        locale="en",
        source_url="https://shop.example/hoodie",
        line=2,
        variants=[
            FeedVariant(
                key="hoodie-black-m",
                sku="HOOD-BLK-M",
                option_values=[("Color", "Black"), ("Size", "M")],
                prices=[FeedPrice("EUR", 4990, 5990), FeedPrice("USD", 5490), FeedPrice("EUR", 4490, None, 10)],
                stock=[
                    FeedStock("us", 3, 1, 20, datetime(2026, 5, 1, 9, 30, tzinfo=CEST)),
                    FeedStock("eu", 12, 2),
                ],
                title="Black / M",
                barcode="4006381333931",
                weight_grams=540,
                length_mm=300,
                width_mm=250,
                height_mm=40,
                inventory_policy="continue",
                min_order_quantity=2,
                processing_days=3,
                origin_country="PT",
                hs_code="6110.20",
                image_url="https://img.example/hoodie-black.jpg",
                line=2,
            ),
            FeedVariant(
                key="hoodie-black-l",
                sku="HOOD-BLK-L",
                option_values=[("Color", "Black"), ("Size", "L")],
                prices=[FeedPrice("EUR", 4990)],
                stock=[FeedStock("eu", None)],
                line=3,
            ),
        ],
        media=[
            FeedMedia("https://img.example/hoodie.jpg", "Hoodie, front"),
            FeedMedia("https://img.example/hoodie-black.jpg", None, ["hoodie-black-m", "hoodie-black-l"]),
        ],
        translations={
            "de": FeedTranslation(
                "Bio-Kapuzenpullover",
                "<p>Warme Bio-Baumwolle.</p>",
                {"Color": "Farbe", "Size": "Größe"},
                {"Color": {"Black": "Schwarz"}},
                "a" * 64,
            ),
            "fr": FeedTranslation("Sweat à capuche bio"),
        },
    )
    mug = FeedProduct(
        key="mug",
        title="Enamel mug",
        brand="Northwind",
        categories=[["Home", "Kitchen"]],
        line=4,
        variants=[variant("mug", "MUG-1", 899, line=4)],
    )
    poster = FeedProduct(
        key="poster",
        title="Poster",
        status="draft",
        locale="de",
        line=5,
        variants=[variant("poster-a2", "POST-A2", 1500, stock=[], line=5)],
    )
    catalog = simple_catalog(hoodie, mug, poster)
    catalog.warehouses = [FeedWarehouse("eu", "DE", "EU hub", ["DE", "FR", "NL"]), FeedWarehouse("us", "US")]
    catalog.rows_read = 5
    return catalog


def count(connection: Connection, table: Any, *conditions: Any) -> int:
    return int(connection.execute(select(func.count()).select_from(table).where(*conditions)).scalar_one())


def change_rows(connection: Connection, account_id: str) -> list[tuple[str, str, str]]:
    query = (
        select(catalog_changes.c.resource_type, catalog_changes.c.resource_id, catalog_changes.c.action)
        .where(catalog_changes.c.account_id == account_id)
        .order_by(catalog_changes.c.id)
    )
    return [(row.resource_type, row.resource_id, row.action) for row in connection.execute(query)]


def product_ids(connection: Connection, account_id: str, feed: str | None = None) -> dict[str, str]:
    query = select(products.c.source_key, products.c.id).where(products.c.account_id == account_id)
    if feed is not None:
        query = query.where(products.c.feed == feed)
    return {row.source_key: row.id for row in connection.execute(query)}


def variant_ids(connection: Connection, product_id: str) -> dict[str, str]:
    query = select(variants.c.source_key, variants.c.id).where(variants.c.product_id == product_id)
    return {row.source_key: row.id for row in connection.execute(query)}


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted, to compare the whole store before and after."""
    with engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for table in metadata.sorted_tables
        }
