"""Inventory reads: per-variant stock, batch lookups by SKU and the streamed snapshot."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from sqlalchemy import Connection, Engine

from opendrop_kit.schema.money import format_minor_units
from opendrop_kit.server.catalog import repository as catalog_repository
from opendrop_kit.server.errors import not_found
from opendrop_kit.server.inventory import repository
from opendrop_kit.server.inventory.availability import level_available, summarize
from opendrop_kit.server.pagination import PageRequest, next_cursor
from opendrop_kit.server.tenancy import Tenant

#: The snapshot is sent in chunks of about this many bytes.
SNAPSHOT_CHUNK_BYTES = 64 * 1024


def list_warehouses(connection: Connection, tenant: Tenant, page: PageRequest) -> dict[str, Any]:
    rows = repository.list_warehouses(connection, tenant, page.after, page.limit + 1)
    data = [_warehouse_dict(row) for row in rows[: page.limit]]
    has_more = len(rows) > page.limit
    cursor = next_cursor(page, data[-1]["id"]) if has_more and data else None
    return {"object": "list", "data": data, "has_more": has_more, "next_cursor": cursor}


def variant_inventory(connection: Connection, tenant: Tenant, variant_id: str, ship_to: str | None) -> dict[str, Any]:
    row = catalog_repository.find_variant(connection, tenant, variant_id=variant_id)
    if row is None:
        raise not_found(f"No variant {variant_id} exists for this account and mode.")
    return _inventories(connection, tenant, [row], ship_to)[0]


def lookup(connection: Connection, tenant: Tenant, skus: list[str], ship_to: str | None) -> dict[str, Any]:
    """Inventory of up to 1,000 SKUs at once, in request order, with the SKUs that match nothing."""
    requested = list(dict.fromkeys(skus))
    rows = {row["sku"]: row for row in catalog_repository.find_variants_by_sku(connection, tenant, requested)}
    found = [rows[sku] for sku in requested if sku in rows]
    return {
        "object": "list",
        "data": _inventories(connection, tenant, found, ship_to),
        "not_found": [sku for sku in requested if sku not in rows],
    }


def snapshot_chunks(engine: Engine, tenant: Tenant, ship_to: str | None) -> Iterator[bytes]:
    """Yield the NDJSON availability snapshot in chunks, reading rows in batches on its own connection."""
    with engine.connect() as connection:
        buffer = bytearray()
        for line in _snapshot_lines(repository.stream_snapshot_rows(connection, tenant, ship_to)):
            buffer += line
            if len(buffer) >= SNAPSHOT_CHUNK_BYTES:
                yield bytes(buffer)
                buffer.clear()
        if buffer:
            yield bytes(buffer)


def _snapshot_lines(rows: Iterator[tuple[Any, ...]]) -> Iterator[bytes]:
    current: tuple[Any, ...] | None = None
    levels: list[dict[str, Any]] = []
    for row in rows:
        if current is None or row[0] != current[0]:
            if current is not None:
                yield _snapshot_line(current, levels)
            current, levels = row, []
        if row[4] is not None:
            levels.append(
                {
                    "warehouse_id": row[4],
                    "on_hand": row[5],
                    "reserved": row[6],
                    "available": level_available(row[5], row[6]),
                }
            )
    if current is not None:
        yield _snapshot_line(current, levels)


def _snapshot_line(row: tuple[Any, ...], levels: list[dict[str, Any]]) -> bytes:
    summary = summarize(levels)
    record = {
        "variant_id": row[0],
        "sku": row[1],
        "available": summary["available"],
        "in_stock": summary["in_stock"],
        "tracked": summary["tracked"],
        "price": {"amount": format_minor_units(row[3], row[2]), "currency": row[2]},
        "levels": levels,
    }
    return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE | orjson.OPT_UTC_Z)


def _inventories(
    connection: Connection, tenant: Tenant, rows: list[dict[str, Any]], ship_to: str | None
) -> list[dict[str, Any]]:
    levels = catalog_repository.levels_for_variants(connection, [row["id"] for row in rows])
    serving = repository.warehouses_serving(connection, tenant, ship_to) if ship_to else None
    by_variant: dict[str, list[dict[str, Any]]] = {}
    for level in levels:
        if serving is None or level["warehouse_id"] in serving:
            by_variant.setdefault(level["variant_id"], []).append(level)
    return [_inventory_dict(row, by_variant.get(row["id"], []), ship_to) for row in rows]


def _inventory_dict(row: dict[str, Any], levels: list[dict[str, Any]], ship_to: str | None) -> dict[str, Any]:
    return {
        "object": "inventory",
        "variant_id": row["id"],
        "sku": row["sku"],
        "ship_to": ship_to,
        **summarize(levels),
        "inventory_policy": row["inventory_policy"],
        "levels": [_level_dict(level) for level in levels],
    }


def _level_dict(level: dict[str, Any]) -> dict[str, Any]:
    incoming = None
    if level["incoming"]:
        incoming = {"quantity": level["incoming"], "expected_at": level["incoming_expected_at"]}
    return {
        "warehouse_id": level["warehouse_id"],
        "warehouse_code": level["warehouse_code"],
        "country": level["country"],
        "on_hand": level["on_hand"],
        "reserved": level["reserved"],
        "available": level_available(level["on_hand"], level["reserved"]),
        "incoming": incoming,
    }


def _warehouse_dict(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "object": "warehouse",
        "id": row["id"],
        "code": row["code"],
        "name": row["name"],
        "country": row["country"],
        "ships_to": row["ships_to"],
    }
