"""Inventory queries: warehouses, the warehouses serving a country, and the snapshot stream."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, and_, select

from opendrop_kit.server.tenancy import Tenant
from opendrop_kit.store.tables import inventory_levels, variants, warehouse_ship_countries, warehouses

#: Rows fetched from the database at a time while streaming the snapshot.
SNAPSHOT_BATCH_ROWS = 5000


def list_warehouses(connection: Connection, tenant: Tenant, after: str | None, limit: int) -> list[dict[str, Any]]:
    query = select(warehouses).where(
        warehouses.c.account_id == tenant.account_id, warehouses.c.livemode == tenant.livemode
    )
    if after is not None:
        query = query.where(warehouses.c.id > after)
    rows = [dict(row) for row in connection.execute(query.order_by(warehouses.c.id).limit(limit)).mappings()]
    countries = ship_countries(connection, [row["id"] for row in rows])
    for row in rows:
        row["ships_to"] = countries.get(row["id"], [])
    return rows


def ship_countries(connection: Connection, warehouse_ids: list[str]) -> dict[str, list[str]]:
    if not warehouse_ids:
        return {}
    query = (
        select(warehouse_ship_countries)
        .where(warehouse_ship_countries.c.warehouse_id.in_(warehouse_ids))
        .order_by(warehouse_ship_countries.c.country)
    )
    countries: dict[str, list[str]] = {}
    for warehouse_id, country in connection.execute(query):
        countries.setdefault(warehouse_id, []).append(country)
    return countries


def warehouses_serving(connection: Connection, tenant: Tenant, country: str) -> set[str]:
    """Ids of the tenant's warehouses that ship to `country`."""
    query = (
        select(warehouses.c.id)
        .join(warehouse_ship_countries, warehouse_ship_countries.c.warehouse_id == warehouses.c.id)
        .where(
            warehouses.c.account_id == tenant.account_id,
            warehouses.c.livemode == tenant.livemode,
            warehouse_ship_countries.c.country == country,
        )
    )
    return set(connection.execute(query).scalars())


def stream_snapshot_rows(connection: Connection, tenant: Tenant, country: str | None) -> Iterator[tuple[Any, ...]]:
    """Yield (variant id, sku, currency, price, warehouse id, on_hand, reserved) ordered by variant.

    A variant without levels (in warehouses serving `country`, when given) yields one row with a
    NULL warehouse. Rows are fetched in batches, so memory stays flat for any catalog size.
    """
    join_on = inventory_levels.c.variant_id == variants.c.id
    if country is not None:
        serving = select(warehouse_ship_countries.c.warehouse_id).where(warehouse_ship_countries.c.country == country)
        join_on = and_(join_on, inventory_levels.c.warehouse_id.in_(serving))

    query = (
        select(
            variants.c.id,
            variants.c.sku,
            variants.c.currency,
            variants.c.price_minor,
            inventory_levels.c.warehouse_id,
            inventory_levels.c.on_hand,
            inventory_levels.c.reserved,
        )
        .select_from(variants.outerjoin(inventory_levels, join_on))
        .where(variants.c.account_id == tenant.account_id, variants.c.livemode == tenant.livemode)
        .order_by(variants.c.id, inventory_levels.c.warehouse_id)
    )
    result = connection.execution_options(stream_results=True, yield_per=SNAPSHOT_BATCH_ROWS).execute(query)
    for partition in result.partitions():
        yield from partition
