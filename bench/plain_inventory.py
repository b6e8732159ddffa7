"""Baselines of the inventory reads: the SKU lookup and the availability snapshot in plain SQL.

Both produce the same bytes as the kit's endpoints, so the benchmark can check that they did the
same work. The snapshot runs the same statement as the kit's `stream_snapshot_rows` (same joins,
same order) and fetches the same number of rows at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from plain_catalog import Row, amount, availability, levels_of_variants, marks, query_rows, query_tuples, timestamp
from stores import Store

from opendrop_kit.schema.money import CURRENCY_DIGITS

#: Rows fetched at a time, as the kit's snapshot does.
SNAPSHOT_BATCH_ROWS = 5000
#: Bytes collected before a chunk is handed on, as the kit's snapshot does.
SNAPSHOT_CHUNK_BYTES = 64 * 1024

SNAPSHOT_SQL = (
    "SELECT variants.id, variants.sku, variants.currency, variants.price_minor, inventory_levels.warehouse_id, "
    "inventory_levels.on_hand, inventory_levels.reserved "
    "FROM variants LEFT OUTER JOIN inventory_levels ON inventory_levels.variant_id = variants.id "
    "WHERE variants.account_id = ? AND variants.livemode = ? "
    "ORDER BY variants.id, inventory_levels.warehouse_id"
)

_LINE_OPTIONS = orjson.OPT_APPEND_NEWLINE | orjson.OPT_UTC_Z


def lookup(connection: Any, store: Store, tenant: tuple[str, bool], skus: list[str], ship_to: str | None) -> bytes:
    """Return the JSON body of an inventory lookup of `skus`, in request order."""
    wanted = list(dict.fromkeys(skus))
    sql = f"SELECT id, sku, inventory_policy FROM variants WHERE account_id = ? AND livemode = ? AND sku IN ({marks(wanted)})"
    by_sku = {row["sku"]: row for row in query_rows(connection, store, sql, [*tenant, *wanted])}
    found = [by_sku[sku] for sku in wanted if sku in by_sku]

    serving = _warehouses_serving(connection, store, tenant, ship_to) if ship_to else None
    by_variant: dict[str, list[Row]] = {}
    for level in levels_of_variants(connection, store, [row["id"] for row in found]):
        if serving is None or level["warehouse_id"] in serving:
            by_variant.setdefault(level["variant_id"], []).append(level)

    payload = {
        "object": "list",
        "data": [_inventory_dict(row, by_variant.get(row["id"], []), ship_to) for row in found],
        "not_found": [sku for sku in wanted if sku not in by_sku],
    }
    return orjson.dumps(payload, option=orjson.OPT_UTC_Z)


def snapshot(connection: Any, store: Store, tenant: tuple[str, bool], emit: Callable[[bytes], None]) -> int:
    """Pass the NDJSON snapshot to `emit` in chunks and return the number of lines."""
    # A named cursor makes psycopg fetch from the server in batches instead of all rows at once.
    cursor = connection.cursor(name="snapshot") if store.backend == "postgresql" else connection.cursor()
    cursor.execute(store.sql(SNAPSHOT_SQL), list(tenant))

    buffer = bytearray()
    lines = 0
    current: tuple[Any, ...] | None = None
    levels: list[Row] = []
    while batch := cursor.fetchmany(SNAPSHOT_BATCH_ROWS):
        for row in batch:
            if current is None or row[0] != current[0]:
                if current is not None:
                    buffer += _snapshot_line(current, levels)
                    lines += 1
                    if len(buffer) >= SNAPSHOT_CHUNK_BYTES:
                        emit(bytes(buffer))
                        buffer.clear()
                current, levels = row, []
            if row[4] is not None:
                available = None if row[5] is None else max(row[5] - row[6], 0)
                levels.append({"warehouse_id": row[4], "on_hand": row[5], "reserved": row[6], "available": available})

    if current is not None:
        buffer += _snapshot_line(current, levels)
        lines += 1
    if buffer:
        emit(bytes(buffer))
    cursor.close()
    return lines


def _snapshot_line(row: tuple[Any, ...], levels: list[Row]) -> bytes:
    summary = availability(levels)
    currency = row[2]
    record = {
        "variant_id": row[0],
        "sku": row[1],
        "available": summary["available"],
        "in_stock": summary["in_stock"],
        "tracked": summary["tracked"],
        "price": {"amount": amount(row[3], CURRENCY_DIGITS[currency]), "currency": currency},
        "levels": levels,
    }
    return orjson.dumps(record, option=_LINE_OPTIONS)


def _warehouses_serving(connection: Any, store: Store, tenant: tuple[str, bool], country: str) -> set[str]:
    sql = (
        "SELECT warehouses.id FROM warehouses "
        "JOIN warehouse_ship_countries ON warehouse_ship_countries.warehouse_id = warehouses.id "
        "WHERE warehouses.account_id = ? AND warehouses.livemode = ? AND warehouse_ship_countries.country = ?"
    )
    return {row[0] for row in query_tuples(connection, store, sql, [*tenant, country])}


def _inventory_dict(row: Row, levels: list[Row], ship_to: str | None) -> dict[str, Any]:
    return {
        "object": "inventory",
        "variant_id": row["id"],
        "sku": row["sku"],
        "ship_to": ship_to,
        **availability(levels),
        "inventory_policy": row["inventory_policy"],
        "levels": [_level_dict(level) for level in levels],
    }


def _level_dict(level: Row) -> dict[str, Any]:
    incoming = None
    if level["incoming"]:
        incoming = {"quantity": level["incoming"], "expected_at": timestamp(level["incoming_expected_at"])}
    on_hand = level["on_hand"]
    return {
        "warehouse_id": level["warehouse_id"],
        "warehouse_code": level["warehouse_code"],
        "country": level["country"],
        "on_hand": on_hand,
        "reserved": level["reserved"],
        "available": None if on_hand is None else max(on_hand - level["reserved"], 0),
        "incoming": incoming,
    }
