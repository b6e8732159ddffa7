"""Bulk writes for imports: ids made in batches, and multi-row inserts, updates and deletes.

A million-variant import spends most of its time here, so rows are plain tuples in column order
sent straight to the driver (`COPY` on psycopg, `executemany` elsewhere), bypassing SQLAlchemy's
per-row parameter processing. Values must therefore already be what the driver takes: `bind_value`
converts a timestamp once per import with the column type's own processor, and JSON columns
receive text from `json_text`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import Column, Connection, Table, delete

#: Rows per `executemany` call; large enough to amortize the call, small enough to bound memory.
INSERT_BATCH = 20_000
#: Ids per `IN (...)` list; below SQLite's older limit of 999 bound parameters per statement.
DELETE_BATCH = 900

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_BLOCK = 32 * 32
_TAILS = [first + second for first in _CROCKFORD for second in _CROCKFORD]


class IdSequence:
    """Ids in the format of `opendrop_kit.store.ids.new_id`, made thousands at a time.

    All ids of a sequence carry the millisecond at which it was created, and their 80 random bits
    start at a random number and count up, as in ULID's monotonic mode. So ids made later in one
    import sort later, and the store lists products in the order the feed gave them.
    """

    def __init__(self, prefix: str) -> None:
        milliseconds = time.time_ns() // 1_000_000
        self._head = f"{prefix}_{_encode(milliseconds, 10)}"
        # 79 random bits leave room for 2**79 increments before the 80-bit field could overflow.
        self._next = int.from_bytes(os.urandom(10), "big") >> 1

    def take(self, count: int) -> list[str]:
        """Return `count` new ids, each greater than the ones returned before."""
        ids: list[str] = []
        value, end = self._next, self._next + count
        while value < end:
            # The last two characters count through 1024 values; the 14 before them change
            # only when those wrap, so they are encoded once per block.
            high, low = divmod(value, _BLOCK)
            block_end = min(end, (high + 1) * _BLOCK)
            head = self._head + _encode(high, 14)
            ids.extend([head + tail for tail in _TAILS[low : low + block_end - value]])
            value = block_end

        self._next = end
        return ids

    def one(self) -> str:
        return self.take(1)[0]


def bind_value(column: Column[Any], value: Any, connection: Connection) -> Any:
    """Convert `value` the way SQLAlchemy would before passing it to the driver for `column`."""
    dialect = connection.dialect
    processor = column.type.dialect_impl(dialect).bind_processor(dialect)
    return processor(value) if processor is not None else value


def json_text(value: Any) -> str:
    """Serialize a JSON column's value; SQLite stores the text and PostgreSQL casts it to json."""
    return orjson.dumps(value).decode("utf-8")


def insert_rows(connection: Connection, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert `rows`, tuples holding `columns` in order: `COPY` on psycopg, else `executemany` batches."""
    if not rows:
        return

    if connection.dialect.driver == "psycopg":
        _copy_rows(connection, table, columns, rows)
        return

    for start in range(0, len(rows), INSERT_BATCH):
        batch_columns, batch = _without_empty_columns(table, columns, rows[start : start + INSERT_BATCH])
        connection.exec_driver_sql(_insert_sql(connection, table, batch_columns), batch)


def _without_empty_columns(
    table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> tuple[Sequence[str], list[tuple[Any, ...]]]:
    """Leave out nullable columns that are None in every row; the database fills in NULL.

    sqlite3 binds every parameter of every row, and feeds leave many optional columns empty, so
    a narrower statement inserts measurably faster.
    """
    empty = set()
    first = rows[0]
    for index, name in enumerate(columns):
        # A value in the first row settles it, which is the usual case; only then count the column.
        if first[index] is not None or not table.c[name].nullable:
            continue
        if list(map(itemgetter(index), rows)).count(None) == len(rows):
            empty.add(index)
    if not empty:
        return columns, rows

    kept = [index for index in range(len(columns)) if index not in empty]
    if len(kept) == 1:
        return [columns[kept[0]]], [(row[kept[0]],) for row in rows]
    pick = itemgetter(*kept)
    return [columns[index] for index in kept], list(map(pick, rows))


def _copy_rows(connection: Connection, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    # COPY runs on the same driver connection, inside the caller's transaction, and loads rows
    # several times faster than a pipelined executemany of INSERT statements.
    _check_columns(table, columns)
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    driver_connection = connection.connection.driver_connection
    assert driver_connection is not None
    with driver_connection.cursor() as cursor, cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def update_rows(connection: Connection, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Update rows by id. Each tuple contains the new values of `columns`, then the row's id."""
    if not rows:
        return

    _check_columns(table, columns)
    mark = _placeholder(connection)
    quote = connection.dialect.identifier_preparer.quote
    assignments = ", ".join(f"{quote(name)} = {mark}" for name in columns)
    # Identifiers come from the table's metadata and values are bound, so nothing from a feed
    # reaches the SQL text.
    sql = f"UPDATE {quote(table.name)} SET {assignments} WHERE id = {mark}"  # noqa: S608
    for start in range(0, len(rows), INSERT_BATCH):
        connection.exec_driver_sql(sql, rows[start : start + INSERT_BATCH])


def delete_where_in(connection: Connection, column: Column[Any], values: Iterable[str]) -> int:
    """Delete the rows of `column`'s table whose `column` is one of `values`; return the count."""
    pending = list(values)
    deleted = 0
    for start in range(0, len(pending), DELETE_BATCH):
        chunk = pending[start : start + DELETE_BATCH]
        result = connection.execute(delete(column.table).where(column.in_(chunk)))
        deleted += result.rowcount
    return deleted


def _insert_sql(connection: Connection, table: Table, columns: Sequence[str]) -> str:
    _check_columns(table, columns)
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    marks = ", ".join([_placeholder(connection)] * len(columns))
    return f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"  # noqa: S608 - see update_rows


def _check_columns(table: Table, columns: Sequence[str]) -> None:
    for name in columns:
        if name not in table.c:
            raise ValueError(f"table {table.name} has no column {name}")


def _placeholder(connection: Connection) -> str:
    paramstyle = connection.dialect.paramstyle
    if paramstyle == "qmark":
        return "?"
    if paramstyle in ("format", "pyformat"):
        return "%s"
    raise NotImplementedError(
        f"bulk writes support drivers with the qmark, format or pyformat parameter style, "
        f"not {paramstyle}; use sqlite3 or psycopg"
    )


def _encode(value: int, length: int) -> str:
    """Write `value` as `length` Crockford base32 digits, most significant first."""
    chars = []
    for _ in range(length):
        value, index = divmod(value, 32)
        chars.append(_CROCKFORD[index])
    return "".join(reversed(chars))
