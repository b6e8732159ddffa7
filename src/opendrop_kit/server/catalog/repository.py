"""Catalog queries. Every function takes the tenant and filters on it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, exists, func, not_, or_, select

from opendrop_kit.server.tenancy import Tenant
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

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ProductFilters:
    q: str | None = None
    category: str | None = None
    brand: str | None = None
    sku: str | None = None
    status: str | None = None
    updated_since: datetime | None = None
    ship_to: str | None = None
    in_stock: bool | None = None


@dataclass(slots=True)
class ProductBundle:
    """A product row with everything its representation needs, loaded in a few batched queries."""

    product: Row
    brand: Row | None
    categories: list[Row]
    translations: dict[str, Row]
    variants: list[Row]
    prices: dict[str, list[Row]]
    levels: dict[str, list[Row]]


def list_product_ids(
    connection: Connection, tenant: Tenant, filters: ProductFilters, after: str | None, limit: int
) -> list[str]:
    if not all(_storable(value) for value in (filters.q, filters.category, filters.brand, filters.sku)):
        return []

    query = select(products.c.id).where(*_tenant_of(products, tenant), *_product_clauses(connection, tenant, filters))
    if after is not None:
        query = query.where(products.c.id > after)
    query = query.order_by(products.c.id).limit(limit)
    return list(connection.execute(query).scalars())


def load_products(connection: Connection, tenant: Tenant, product_ids: Sequence[str]) -> list[ProductBundle]:
    """Load products by id, in the given order, skipping ids outside the tenant."""
    product_ids = [product_id for product_id in product_ids if _storable(product_id)]
    if not product_ids:
        return []

    rows = _rows(connection, select(products).where(*_tenant_of(products, tenant), products.c.id.in_(product_ids)))
    by_id = {row["id"]: row for row in rows}
    variant_rows = _rows(
        connection,
        select(variants).where(variants.c.product_id.in_(list(by_id))).order_by(variants.c.position, variants.c.id),
    )
    variant_ids = [row["id"] for row in variant_rows]

    brand_rows = _brands(connection, {row["brand_id"] for row in rows if row["brand_id"]})
    category_rows = _categories_by_product(connection, list(by_id))
    translation_rows = _translations_by_product(connection, list(by_id))
    price_rows = _group(_prices(connection, variant_ids), "variant_id")
    level_rows = _group(levels_for_variants(connection, variant_ids), "variant_id")
    variants_by_product = _group(variant_rows, "product_id")

    return [
        ProductBundle(
            product=by_id[product_id],
            brand=brand_rows.get(by_id[product_id]["brand_id"]),
            categories=category_rows.get(product_id, []),
            translations=translation_rows.get(product_id, {}),
            variants=variants_by_product.get(product_id, []),
            prices=price_rows,
            levels=level_rows,
        )
        for product_id in product_ids
        if product_id in by_id
    ]


def find_variant(
    connection: Connection, tenant: Tenant, *, variant_id: str | None = None, sku: str | None = None
) -> Row | None:
    if not (_storable(variant_id) and _storable(sku)):
        return None

    query = select(variants).where(*_tenant_of(variants, tenant))
    if variant_id is not None:
        query = query.where(variants.c.id == variant_id)
    if sku is not None:
        query = query.where(variants.c.sku == sku)
    rows = _rows(connection, query.limit(1))
    return rows[0] if rows else None


def find_variants_by_sku(connection: Connection, tenant: Tenant, skus: Iterable[str]) -> list[Row]:
    """Return the id, SKU and inventory policy of the variants with these SKUs."""
    candidates = [sku for sku in skus if _storable(sku)]
    columns = (variants.c.id, variants.c.sku, variants.c.inventory_policy)
    query = select(*columns).where(*_tenant_of(variants, tenant), variants.c.sku.in_(candidates))
    return _rows(connection, query)


def prices_for_variants(connection: Connection, variant_ids: Sequence[str]) -> dict[str, list[Row]]:
    return _group(_prices(connection, variant_ids), "variant_id")


def levels_for_variants(connection: Connection, variant_ids: Sequence[str]) -> list[Row]:
    """Inventory levels of the variants, each with its warehouse's code and country."""
    if not variant_ids:
        return []

    query = (
        select(inventory_levels, warehouses.c.code.label("warehouse_code"), warehouses.c.country)
        .join(warehouses, warehouses.c.id == inventory_levels.c.warehouse_id)
        .where(inventory_levels.c.variant_id.in_(list(variant_ids)))
        .order_by(inventory_levels.c.variant_id, inventory_levels.c.warehouse_id)
    )
    return _rows(connection, query)


def list_categories(connection: Connection, tenant: Tenant, after: str | None, limit: int) -> list[Row]:
    query = select(categories).where(*_tenant_of(categories, tenant))
    if after is not None:
        query = query.where(categories.c.id > after)
    return _rows(connection, query.order_by(categories.c.id).limit(limit))


def list_brands(connection: Connection, tenant: Tenant, after: str | None, limit: int) -> list[Row]:
    query = select(brands).where(*_tenant_of(brands, tenant))
    if after is not None:
        query = query.where(brands.c.id > after)
    return _rows(connection, query.order_by(brands.c.id).limit(limit))


def _product_clauses(connection: Connection, tenant: Tenant, filters: ProductFilters) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if filters.q:
        clauses.append(_text_match(filters.q))
    if filters.category:
        clauses.append(_in_category(connection, tenant, filters.category))
    if filters.brand:
        clauses.append(products.c.brand_id == filters.brand)
    if filters.sku is not None:
        clauses.append(exists().where(variants.c.product_id == products.c.id, variants.c.sku == filters.sku))
    if filters.status:
        clauses.append(products.c.status == filters.status)
    if filters.updated_since is not None:
        clauses.append(products.c.updated_at >= filters.updated_since)
    if filters.ship_to is not None:
        clauses.append(exists(_levels_of_product(filters.ship_to, only_in_stock=False)))
    if filters.in_stock is not None:
        in_stock = exists(_levels_of_product(filters.ship_to, only_in_stock=True))
        clauses.append(in_stock if filters.in_stock else not_(in_stock))
    return clauses


def _text_match(q: str) -> ColumnElement[bool]:
    escaped = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    title_match = func.lower(products.c.title).like(pattern, escape="\\")
    # A buyer searching in German types German words, whatever language the request negotiates.
    translated_match = exists().where(
        product_translations.c.product_id == products.c.id,
        func.lower(product_translations.c.title).like(pattern, escape="\\"),
    )
    sku_match = exists().where(variants.c.product_id == products.c.id, variants.c.sku == q)
    return or_(title_match, translated_match, sku_match)


def _in_category(connection: Connection, tenant: Tenant, category_id: str) -> ColumnElement[bool]:
    # A category filter includes the products of its sub-categories.
    path = connection.execute(
        select(categories.c.path).where(*_tenant_of(categories, tenant), categories.c.id == category_id)
    ).scalar()
    if path is None:
        return products.c.id.is_(None)  # an unknown category matches nothing

    matching = select(categories.c.id).where(
        *_tenant_of(categories, tenant),
        or_(categories.c.path == path, categories.c.path.startswith(path + " > ")),
    )
    return exists().where(
        product_categories.c.product_id == products.c.id, product_categories.c.category_id.in_(matching)
    )


def _levels_of_product(ship_to: str | None, *, only_in_stock: bool) -> Any:
    query = (
        select(inventory_levels.c.variant_id)
        .join(variants, variants.c.id == inventory_levels.c.variant_id)
        .where(variants.c.product_id == products.c.id)
    )
    if ship_to is not None:
        serving = select(warehouse_ship_countries.c.warehouse_id).where(warehouse_ship_countries.c.country == ship_to)
        query = query.where(inventory_levels.c.warehouse_id.in_(serving))
    if only_in_stock:
        on_hand = inventory_levels.c.on_hand
        query = query.where(or_(on_hand.is_(None), on_hand - inventory_levels.c.reserved > 0))
    return query


def _brands(connection: Connection, brand_ids: set[str]) -> dict[str, Row]:
    if not brand_ids:
        return {}
    return {row["id"]: row for row in _rows(connection, select(brands).where(brands.c.id.in_(brand_ids)))}


def _categories_by_product(connection: Connection, product_ids: list[str]) -> dict[str, list[Row]]:
    query = (
        select(product_categories.c.product_id, categories.c.id, categories.c.name, categories.c.path)
        .join(categories, categories.c.id == product_categories.c.category_id)
        .where(product_categories.c.product_id.in_(product_ids))
        .order_by(categories.c.path)
    )
    return _group(_rows(connection, query), "product_id")


def _translations_by_product(connection: Connection, product_ids: list[str]) -> dict[str, dict[str, Row]]:
    query = select(product_translations).where(product_translations.c.product_id.in_(product_ids))
    grouped: dict[str, dict[str, Row]] = defaultdict(dict)
    for row in _rows(connection, query):
        grouped[row["product_id"]][row["locale"]] = row
    return grouped


def _prices(connection: Connection, variant_ids: Sequence[str]) -> list[Row]:
    if not variant_ids:
        return []
    query = (
        select(variant_prices)
        .where(variant_prices.c.variant_id.in_(list(variant_ids)))
        .order_by(variant_prices.c.variant_id, variant_prices.c.currency, variant_prices.c.min_quantity)
    )
    return _rows(connection, query)


def _tenant_of(table: Any, tenant: Tenant) -> tuple[ColumnElement[bool], ...]:
    return (and_(table.c.account_id == tenant.account_id, table.c.livemode == tenant.livemode),)


def _group(rows: list[Row], key: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def _rows(connection: Connection, query: Any) -> list[Row]:
    return [dict(row) for row in connection.execute(query).mappings()]


def _storable(value: str | None) -> bool:
    # PostgreSQL text cannot hold NUL, so no stored id, SKU or title contains one, and a query
    # parameter with one would fail the whole query instead of matching nothing.
    return value is None or "\x00" not in value
