"""Import benchmark: the kit's NDJSON import against plain `executemany` inserts of the same rows.

The kit side does what `opendrop-kit import FILE --format ndjson` does after opening the store:
read and normalize the file, then resolve the account and apply the catalog in one transaction.
Before the clock starts, the baseline reads back the rows that the kit wrote to products,
variants, extra prices and inventory levels as tuples. It then inserts them into an empty store of
the same schema, with one `executemany` per table and one commit. So both sides write identical rows into identical
tables and indexes; the baseline does no parsing, no validation and no change records.
The baseline leaves out the columns that are NULL in every row of a table, as the kit does for
each batch of 20,000 rows. Binding a NULL costs `sqlite3` several times more than binding a
number, so keeping those columns would slow the baseline down with work the kit does not do.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Table
from stores import Store

from opendrop_kit.feeds.apply import apply_catalog
from opendrop_kit.feeds.model import ReadOptions
from opendrop_kit.feeds.readers import read_catalog
from opendrop_kit.server.accounts.service import create_key, resolve_account
from opendrop_kit.store.engine import make_engine
from opendrop_kit.store.tables import (
    accounts,
    brands,
    categories,
    inventory_levels,
    products,
    variant_prices,
    variants,
    warehouse_ship_countries,
    warehouses,
)

#: Feed name of the import; the CLI defaults to the format name.
FEED = "ndjson"
#: Rows the foreign keys of the timed tables need; copied before the clock starts.
REFERENCE_TABLES = (accounts, brands, categories, warehouses, warehouse_ship_countries)
#: Tables whose rows the baseline inserts while timed.
TIMED_TABLES = (products, variants, variant_prices, inventory_levels)


def import_with_kit(store: Store, path: Path, expected_variants: int) -> dict[str, Any]:
    """Import the NDJSON file into the empty store and return timings, the account and a test key."""
    engine = make_engine(store.url)
    try:
        gc.collect()
        started = time.perf_counter()
        catalog = read_catalog([path], "ndjson", ReadOptions())
        read_done = time.perf_counter()
        with engine.begin() as connection:
            account_id = resolve_account(connection, None)
            summary = apply_catalog(connection, catalog, account_id=account_id, livemode=False, feed=FEED)
        finished = time.perf_counter()
        del catalog

        with engine.begin() as connection:
            key = create_key(connection, account_id, mode="test", name="benchmark").secret
    finally:
        engine.dispose()

    _check_summary(summary.variants_created, summary.errors, expected_variants)
    seconds = finished - started
    return {
        "seconds": seconds,
        "read_seconds": read_done - started,
        "apply_seconds": finished - read_done,
        "variants": summary.variants_created,
        "variants_per_second": summary.variants_created / seconds,
        "account_id": account_id,
        "api_key": key,
    }


def import_with_plain_sql(source: Store, target: Store) -> dict[str, Any]:
    """Insert the rows the kit wrote into `target` with plain `executemany`; return the timing."""
    reader = source.connect()
    writer = target.connect()
    try:
        _copy_untimed(reader, source, writer, target, REFERENCE_TABLES)
        prebuilt = [
            (table, *_without_empty_columns(table, _read_rows(reader, source, table))) for table in TIMED_TABLES
        ]

        gc.collect()
        started = time.perf_counter()
        cursor = writer.cursor()
        for table, names, rows in prebuilt:
            cursor.executemany(target.sql(_insert_sql(table, names)), rows)
        writer.commit()
        seconds = time.perf_counter() - started
    finally:
        reader.close()
        writer.close()

    counts = {table.name: len(rows) for table, _, rows in prebuilt}
    return {
        "seconds": seconds,
        "rows": counts,
        "variants": counts["variants"],
        "variants_per_second": counts["variants"] / seconds,
    }


def _check_summary(created: int, errors: int, expected: int) -> None:
    if created != expected or errors:
        raise RuntimeError(
            f"The kit imported {created} variants with {errors} errors, expected {expected} and none; "
            "the generated catalog or the import is broken, so the timing would mean nothing."
        )


def _copy_untimed(reader: Any, source: Store, writer: Any, target: Store, tables: tuple[Table, ...]) -> None:
    cursor = writer.cursor()
    for table in tables:
        cursor.executemany(target.sql(_insert_sql(table)), _read_rows(reader, source, table))
    writer.commit()


def _read_rows(connection: Any, store: Store, table: Table) -> list[tuple[Any, ...]]:
    """Read every row of `table` as tuples that the driver can insert again unchanged."""
    columns = []
    for column in table.columns:
        # psycopg parses json into Python objects, which it cannot bind back without a wrapper.
        as_text = store.backend == "postgresql" and isinstance(column.type, JSON)
        columns.append(f'"{column.name}"::text' if as_text else f'"{column.name}"')
    order = ", ".join(f'"{column.name}"' for column in table.primary_key.columns)
    cursor = connection.cursor()
    cursor.execute(f'SELECT {", ".join(columns)} FROM "{table.name}" ORDER BY {order}')
    return [tuple(row) for row in cursor.fetchall()]


def _without_empty_columns(table: Table, rows: list[tuple[Any, ...]]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Drop the columns that are NULL in every row; return the remaining names and the narrowed rows."""
    names = [column.name for column in table.columns]
    filled = [index for index in range(len(names)) if any(row[index] is not None for row in rows)]
    if len(filled) == len(names):
        return names, rows
    return [names[index] for index in filled], [tuple(row[index] for index in filled) for row in rows]


def _insert_sql(table: Table, names: list[str] | None = None) -> str:
    chosen = names if names is not None else [column.name for column in table.columns]
    columns = ", ".join(f'"{name}"' for name in chosen)
    marks = ", ".join("?" for _ in chosen)
    return f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'
