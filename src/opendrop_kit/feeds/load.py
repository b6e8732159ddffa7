"""Read a tenant's catalog back from the store as a `FeedCatalog`, for export and for re-imports.

Products come in id order, which is the order in which imports created them (each import's ids
count up in feed order). Within a product, variants keep their stored position, and everything the
store keeps as unordered rows comes back in the order of the canonical form (`_canonical`):
categories and extra prices sorted, stock sorted by warehouse code. A product read back therefore
hashes to the `content_hash` it was stored with, so exporting a feed and importing the file into
the same feed reports no change, as long as the export format carries every field.

Products are read a batch at a time with a few queries per batch (`iter_stored_products`), so an
export of a large store does not hold every row in memory at once.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from sqlalchemy import Connection, Row, select

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
from opendrop_kit.store.tables import (
    brands,
    categories,
    inventory_levels,
    product_categories,
    product_translations,
    products,
    variant_prices,
    variants,
    warehouse_ship_countries,
    warehouses,
)

__all__ = ["STORE_FORMAT", "StoredProduct", "iter_stored_products", "load_catalog", "load_stored_products"]

logger = logging.getLogger(__name__)

_Row: TypeAlias = Row[*tuple[Any, ...]]

#: `FeedCatalog.format` of a catalog read from the store.
STORE_FORMAT = "store"
#: Products per batch of queries.
PRODUCT_BATCH = 500

# Timestamps of the rows are left out: the feed model has no place for them, and converting
# them is a large part of the cost of reading rows back.
_PRODUCT_COLUMNS = [column for column in products.c if column.name not in ("created_at", "updated_at")]
_VARIANT_COLUMNS = [column for column in variants.c if column.name not in ("created_at", "updated_at")]
_LEVEL_COLUMNS = [column for column in inventory_levels.c if column.name != "updated_at"]


@dataclass(slots=True)
class StoredProduct:
    """A product as stored, with the ids and positions of its variants by key."""

    id: str
    feed: str
    content_hash: str
    product: FeedProduct
    variant_ids: dict[str, str] = field(default_factory=dict)
    variant_positions: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class _TenantLookups:
    """Brands, categories and warehouses of the tenant, loaded once per read."""

    brand_names: dict[str, str]
    category_paths: dict[str, tuple[str, ...]]
    warehouse_codes: dict[str, str]


def load_catalog(connection: Connection, *, account_id: str, livemode: bool, feed: str | None) -> FeedCatalog:
    """Read the products of one feed (all feeds when `feed` is None) of one account and mode.

    Products of different feeds may share a key. With `feed` None, a key that an earlier feed
    already used is written as `feed:key`, and the catalog gets a warning about it.
    """
    catalog = FeedCatalog(format=STORE_FORMAT)
    seen_keys: set[str] = set()
    for stored in iter_stored_products(connection, account_id=account_id, livemode=livemode, feed=feed):
        _add_unique(catalog, stored, seen_keys)

    catalog.warehouses = _used_warehouses(connection, account_id, livemode, catalog.products)
    logger.info(
        "Loaded %d products with %d variants from the store.",
        len(catalog.products),
        catalog.variant_count,
        extra={"account_id": account_id, "livemode": livemode, "feed": feed},
    )
    return catalog


def iter_stored_products(
    connection: Connection, *, account_id: str, livemode: bool, feed: str | None
) -> Iterator[StoredProduct]:
    """Yield the tenant's products (of one feed, or all when `feed` is None) in id order."""
    lookups = _tenant_lookups(connection, account_id, livemode)
    after: str | None = None
    while True:
        query = select(*_PRODUCT_COLUMNS).where(products.c.account_id == account_id, products.c.livemode == livemode)
        if feed is not None:
            query = query.where(products.c.feed == feed)
        if after is not None:
            query = query.where(products.c.id > after)

        rows = connection.execute(query.order_by(products.c.id).limit(PRODUCT_BATCH)).all()
        if not rows:
            return
        yield from _build_products(connection, lookups, rows)
        after = rows[-1].id


def load_stored_products(
    connection: Connection, *, account_id: str, livemode: bool, product_ids: Sequence[str]
) -> dict[str, StoredProduct]:
    """Read the given products of the tenant, by id; ids of other tenants are left out."""
    lookups = _tenant_lookups(connection, account_id, livemode)
    loaded: dict[str, StoredProduct] = {}
    for start in range(0, len(product_ids), PRODUCT_BATCH):
        chunk = list(product_ids[start : start + PRODUCT_BATCH])
        query = select(*_PRODUCT_COLUMNS).where(
            products.c.account_id == account_id, products.c.livemode == livemode, products.c.id.in_(chunk)
        )
        rows = connection.execute(query).all()
        for stored in _build_products(connection, lookups, rows):
            loaded[stored.id] = stored
    return loaded


def _add_unique(catalog: FeedCatalog, stored: StoredProduct, seen_keys: set[str]) -> None:
    product = stored.product
    if product.key in seen_keys:
        renamed = f"{stored.feed}:{product.key}"
        catalog.warning(
            "duplicate_product_key",
            f"Product key '{product.key}' is used by more than one feed; product {stored.id} of feed "
            f"'{stored.feed}' is written with the key '{renamed}'. Export one feed at a time to keep keys.",
            field="key",
            value=product.key,
        )
        product.key = renamed

    seen_keys.add(product.key)
    catalog.products.append(product)


def _tenant_lookups(connection: Connection, account_id: str, livemode: bool) -> _TenantLookups:
    brand_rows = connection.execute(
        select(brands.c.id, brands.c.name).where(brands.c.account_id == account_id, brands.c.livemode == livemode)
    ).all()
    category_rows = connection.execute(
        select(categories.c.id, categories.c.name, categories.c.parent_id).where(
            categories.c.account_id == account_id, categories.c.livemode == livemode
        )
    ).all()
    warehouse_rows = connection.execute(
        select(warehouses.c.id, warehouses.c.code).where(
            warehouses.c.account_id == account_id, warehouses.c.livemode == livemode
        )
    ).all()

    return _TenantLookups(
        brand_names={row.id: row.name for row in brand_rows},
        category_paths=_category_paths(category_rows),
        warehouse_codes={row.id: row.code for row in warehouse_rows},
    )


def _category_paths(rows: Sequence[_Row]) -> dict[str, tuple[str, ...]]:
    """Map each category id to its names from the root down, following `parent_id`."""
    by_id = {row.id: (row.name, row.parent_id) for row in rows}
    paths: dict[str, tuple[str, ...]] = {}

    def path_of(category_id: str) -> tuple[str, ...]:
        known = paths.get(category_id)
        if known is not None:
            return known
        name, parent_id = by_id[category_id]
        path = (*path_of(parent_id), name) if parent_id in by_id else (name,)
        paths[category_id] = path
        return path

    for category_id in by_id:
        path_of(category_id)
    return paths


def _build_products(connection: Connection, lookups: _TenantLookups, rows: Sequence[_Row]) -> Iterator[StoredProduct]:
    product_ids = [row.id for row in rows]
    variant_rows = _variants_of(connection, product_ids)
    prices = _prices_of(connection, product_ids)
    stock = _stock_of(connection, product_ids, lookups)
    category_ids = _categories_of(connection, product_ids)
    translations = _translations_of(connection, product_ids)

    for row in rows:
        stored = StoredProduct(row.id, row.feed, row.content_hash, _product_of(row, lookups))
        product = stored.product
        for variant_row in variant_rows.get(row.id, ()):
            variant = _variant_of(variant_row, prices.get(variant_row.id, []), stock.get(variant_row.id, []))
            product.variants.append(variant)
            stored.variant_ids[variant.key] = variant_row.id
            stored.variant_positions[variant.key] = variant_row.position

        product.media = _media_of(row.media, stored.variant_ids)
        product.categories = _category_names(category_ids.get(row.id, []), lookups)
        product.translations = translations.get(row.id, {})
        yield stored


def _product_of(row: _Row, lookups: _TenantLookups) -> FeedProduct:
    return FeedProduct(
        key=row.source_key,
        title=row.title,
        description_html=row.description_html,
        description_text=row.description_text,
        brand=lookups.brand_names.get(row.brand_id) if row.brand_id is not None else None,
        tags=list(row.tags),
        status=row.status,
        options=[option["name"] for option in row.options],
        attributes=dict(row.attributes),
        locale=row.locale,
        source_url=row.source_url,
    )


def _variant_of(row: _Row, extra_prices: list[FeedPrice], stock: list[FeedStock]) -> FeedVariant:
    primary = FeedPrice(row.currency, row.price_minor, row.compare_at_minor, 1)
    return FeedVariant(
        key=row.source_key,
        sku=row.sku,
        option_values=[(name, value) for name, value in row.option_values],
        prices=[primary, *extra_prices],
        stock=stock,
        title=row.title,
        barcode=row.barcode,
        weight_grams=row.weight_grams,
        length_mm=row.length_mm,
        width_mm=row.width_mm,
        height_mm=row.height_mm,
        inventory_policy=row.inventory_policy,
        min_order_quantity=row.min_order_quantity,
        processing_days=row.processing_days,
        origin_country=row.origin_country,
        hs_code=row.hs_code,
        image_url=row.image_url,
        sku_generated=row.sku_generated,
    )


def _media_of(media: list[dict[str, Any]], variant_ids: dict[str, str]) -> list[FeedMedia]:
    keys_by_id = {variant_id: key for key, variant_id in variant_ids.items()}
    ordered = sorted(media, key=lambda item: item["position"])
    return [
        FeedMedia(
            item["url"],
            item.get("alt"),
            [keys_by_id[variant_id] for variant_id in item.get("variant_ids", ()) if variant_id in keys_by_id],
        )
        for item in ordered
    ]


def _category_names(category_ids: list[str], lookups: _TenantLookups) -> list[list[str]]:
    paths = {lookups.category_paths[category_id] for category_id in category_ids}
    return [list(path) for path in sorted(paths)]


def _variants_of(connection: Connection, product_ids: list[str]) -> dict[str, list[_Row]]:
    query = (
        select(*_VARIANT_COLUMNS)
        .where(variants.c.product_id.in_(product_ids))
        .order_by(variants.c.product_id, variants.c.position, variants.c.id)
    )
    grouped: dict[str, list[_Row]] = defaultdict(list)
    for row in connection.execute(query):
        grouped[row.product_id].append(row)
    return grouped


def _prices_of(connection: Connection, product_ids: list[str]) -> dict[str, list[FeedPrice]]:
    query = (
        select(variant_prices)
        .join(variants, variants.c.id == variant_prices.c.variant_id)
        .where(variants.c.product_id.in_(product_ids))
        .order_by(variant_prices.c.variant_id, variant_prices.c.currency, variant_prices.c.min_quantity)
    )
    grouped: dict[str, list[FeedPrice]] = defaultdict(list)
    for row in connection.execute(query):
        price = FeedPrice(row.currency, row.amount_minor, row.compare_at_minor, row.min_quantity)
        grouped[row.variant_id].append(price)
    return grouped


def _stock_of(connection: Connection, product_ids: list[str], lookups: _TenantLookups) -> dict[str, list[FeedStock]]:
    query = (
        select(*_LEVEL_COLUMNS)
        .join(variants, variants.c.id == inventory_levels.c.variant_id)
        .where(variants.c.product_id.in_(product_ids))
    )
    grouped: dict[str, list[FeedStock]] = defaultdict(list)
    for row in connection.execute(query):
        code = lookups.warehouse_codes[row.warehouse_id]
        level = FeedStock(code, row.on_hand, row.reserved, row.incoming, row.incoming_expected_at)
        grouped[row.variant_id].append(level)

    for levels in grouped.values():
        levels.sort(key=lambda level: level.warehouse)
    return grouped


def _categories_of(connection: Connection, product_ids: list[str]) -> dict[str, list[str]]:
    query = select(product_categories).where(product_categories.c.product_id.in_(product_ids))
    grouped: dict[str, list[str]] = defaultdict(list)
    for row in connection.execute(query):
        grouped[row.product_id].append(row.category_id)
    return grouped


def _translations_of(connection: Connection, product_ids: list[str]) -> dict[str, dict[str, FeedTranslation]]:
    query = (
        select(product_translations)
        .where(product_translations.c.product_id.in_(product_ids))
        .order_by(product_translations.c.product_id, product_translations.c.locale)
    )
    grouped: dict[str, dict[str, FeedTranslation]] = defaultdict(dict)
    for row in connection.execute(query):
        grouped[row.product_id][row.locale] = FeedTranslation(
            title=row.title,
            description_html=row.description_html,
            option_names=dict(row.option_names),
            option_values={name: dict(values) for name, values in row.option_values.items()},
            source_hash=row.source_hash,
        )
    return grouped


def _used_warehouses(
    connection: Connection, account_id: str, livemode: bool, loaded: list[FeedProduct]
) -> list[FeedWarehouse]:
    codes = {level.warehouse for product in loaded for variant in product.variants for level in variant.stock}
    if not codes:
        return []

    rows = connection.execute(
        select(warehouses.c.id, warehouses.c.code, warehouses.c.name, warehouses.c.country)
        .where(warehouses.c.account_id == account_id, warehouses.c.livemode == livemode)
        .where(warehouses.c.code.in_(sorted(codes)))
        .order_by(warehouses.c.code)
    ).all()
    ship_rows = connection.execute(
        select(warehouse_ship_countries).where(warehouse_ship_countries.c.warehouse_id.in_([row.id for row in rows]))
    ).all()

    ships_to: dict[str, list[str]] = defaultdict(list)
    for ship_row in ship_rows:
        ships_to[ship_row.warehouse_id].append(ship_row.country)
    return [FeedWarehouse(row.code, row.country, row.name, sorted(ships_to[row.id])) for row in rows]
