"""The OpenDrop NDJSON catalog feed: one JSON object per line, read and written losslessly.

docs/ndjson-format.md specifies the format. In short: an optional header record
`{"type": "opendrop.catalog", "version": 1}`, then `warehouse` records, then `product` records
with their variants embedded. Money is a decimal string with an ISO 4217 currency and is never
rounded. A line with an error is rejected whole and reported as a `FeedIssue` with its file, line
number and the JSON Pointer of the field. The reader then goes on with the next line.

Reading is tuned for million-variant files: orjson parses each line, plain type checks replace
a validation library, and a variant costs a handful of dictionary look-ups.
"""

from __future__ import annotations

import gzip
import io
import logging
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from opendrop_kit.feeds._gc import cycle_collector_paused
from opendrop_kit.feeds._ndjson_encode import product_record, warehouse_record
from opendrop_kit.feeds._ndjson_parse import InvalidRecord, Problem, RecordParser, display_value
from opendrop_kit.feeds.errors import FeedFormatError
from opendrop_kit.feeds.model import FeedCatalog, FeedProduct, FeedWarehouse, ReadOptions

__all__ = ["FORMAT", "HEADER_TYPE", "VERSION", "read", "write", "write_stream"]

logger = logging.getLogger(__name__)

#: Value of `FeedCatalog.format` for catalogs read from this format.
FORMAT = "ndjson"
#: `type` of the header record.
HEADER_TYPE = "opendrop.catalog"
#: The format version that this module reads and writes.
VERSION = 1

_BOM = b"\xef\xbb\xbf"
_GZIP_MAGIC = b"\x1f\x8b"
_NEWLINE = orjson.OPT_APPEND_NEWLINE


def read(paths: list[Path], options: ReadOptions) -> FeedCatalog:
    """Read OpenDrop NDJSON files, plain or gzip-compressed, into one catalog.

    The files are read in the given order and share warehouses and product keys, so a catalog may
    be split into several files. A bad line becomes an issue of the returned catalog. Raises
    `FeedFormatError` for a file that is not NDJSON at all (its first line is not a JSON object),
    declares another format version or is damaged gzip, and `OSError` when a file cannot be opened.
    """
    catalog = FeedCatalog(format=FORMAT, files=[str(path) for path in paths])
    reader = _Reader(catalog, options)
    with cycle_collector_paused():
        for path in paths:
            reader.read_file(path)

    reader.report_ignored()
    return catalog


def write(catalog: FeedCatalog, out: BinaryIO) -> None:
    """Write a catalog as OpenDrop NDJSON: header, warehouse records, then one line per product.

    Raises `ValueError` for a value the format cannot carry: a currency that is not an active
    ISO 4217 code (`MoneyError`), or an `incoming_expected_at` without a timezone.
    """
    write_stream(out, catalog.warehouses, catalog.products, product_count=len(catalog.products))


def write_stream(
    out: BinaryIO,
    warehouses: Iterable[FeedWarehouse],
    products: Iterable[FeedProduct],
    *,
    product_count: int | None = None,
) -> int:
    """Write warehouses and products from iterables and return the number of products written.

    Products are encoded one at a time, so a generator can stream a catalog larger than memory.
    `product_count`, when given, goes into the header so that a reader detects a truncated file.
    Raises `ValueError` after writing when the iterable yielded another number of products.
    """
    header: dict[str, Any] = {"type": HEADER_TYPE, "version": VERSION}
    if product_count is not None:
        header["product_count"] = product_count
    out.write(orjson.dumps(header, option=_NEWLINE))

    for warehouse in warehouses:
        out.write(orjson.dumps(warehouse_record(warehouse), option=_NEWLINE))

    written = 0
    for product in products:
        out.write(orjson.dumps(product_record(product), option=_NEWLINE))
        written += 1

    if product_count is not None and written != product_count:
        raise ValueError(
            f"The header announced {product_count} products but {written} were written; pass the "
            "real count as product_count, or None when it is not known in advance."
        )
    return written


class _FileState:
    """State of the reader within one file."""

    __slots__ = ("announced_products", "name", "product_records", "seen_data")

    def __init__(self, name: str) -> None:
        self.name = name
        self.announced_products: int | None = None
        self.product_records = 0
        self.seen_data = False


class _Reader:
    """Reads lines into a catalog and keeps the state that spans lines and files."""

    def __init__(self, catalog: FeedCatalog, options: ReadOptions) -> None:
        self.catalog = catalog
        self.parser = RecordParser(options, self._ignore)
        self.product_lines: dict[str, tuple[str, int]] = {}
        # (object kind, field name or record type) -> [file, line, pointer, count] of ignored input.
        self.ignored: dict[tuple[str, str], list[Any]] = {}
        self.file = ""
        self.line = 0

    def read_file(self, path: Path) -> None:
        state = _FileState(str(path))
        self.file = state.name
        self.parser.file = state.name
        issues_before = len(self.catalog.issues)
        products_before = len(self.catalog.products)

        try:
            with _open(path) as stream:
                self._read_lines(state, stream)
        except (EOFError, gzip.BadGzipFile, zlib.error) as error:
            raise FeedFormatError(
                f"{path} is a damaged gzip file ({error}) after line {self.line}; download or compress it again."
            ) from error

        self._check_announced_count(state)
        logger.info(
            "Read %d products from %s (%d lines, %d issues).",
            len(self.catalog.products) - products_before,
            state.name,
            self.line,
            len(self.catalog.issues) - issues_before,
        )

    def _read_lines(self, state: _FileState, stream: io.BufferedIOBase) -> None:
        for number, raw in enumerate(stream, 1):
            if not raw or raw.isspace():
                continue

            self.line = number
            try:
                record = orjson.loads(raw if number > 1 else raw.removeprefix(_BOM))
            except orjson.JSONDecodeError as error:
                self._check_first_line(state, f"is not valid JSON ({error.msg})")
                self._count_data_line(state)
                self._invalid_json(error, raw)
                continue

            if type(record) is dict:
                self._dispatch(state, record)
            else:
                self._check_first_line(state, "is not a JSON object")
                self._count_data_line(state)
                self._error("invalid_record", "The line is not a JSON object; write one object per line.", "")

    def _check_first_line(self, state: _FileState, problem: str) -> None:
        # A file whose first line is not a JSON object is another format (a CSV or XML feed given
        # as NDJSON, say): reporting each of its lines would bury the one useful message.
        if not state.seen_data:
            raise FeedFormatError(
                f"{state.name} is not an OpenDrop NDJSON file: line {self.line} {problem}. Each line must "
                "be one JSON object; check that the file and the chosen format match."
            )

    def _dispatch(self, state: _FileState, record: dict[str, Any]) -> None:
        record_type = record.get("type")
        if record_type == HEADER_TYPE:
            self._read_header(state, record)
            return

        self._count_data_line(state)
        if record_type == "product":
            state.product_records += 1
            self._read_product(record)
        elif record_type == "warehouse":
            self._read_warehouse(record)
        elif record_type is None:
            self._error("missing_type", 'The record has no "type"; use "product" or "warehouse".', "/type")
        else:
            self._ignore("record", display_value(record_type) or "", "/type")

    def _count_data_line(self, state: _FileState) -> None:
        state.seen_data = True
        self.catalog.rows_read += 1

    # --- header ---

    def _read_header(self, state: _FileState, record: dict[str, Any]) -> None:
        if state.seen_data:
            self._error(
                "misplaced_header",
                "The header record must be the first line of the file; move it up.",
                "/type",
            )
            return

        version = record.get("version")
        if type(version) is not int or version != VERSION:
            # No field of a file of another version can be trusted to mean what it means in version 1.
            raise FeedFormatError(
                f"{state.name} is OpenDrop NDJSON version {display_value(version)}, but this reader "
                f"supports version {VERSION} only; upgrade opendrop-kit to read it."
            )

        count = record.get("product_count")
        if count is not None and (type(count) is not int or count < 0):
            self._error("invalid_value", "product_count must be an integer of 0 or more.", "/product_count", count)
        else:
            state.announced_products = count

    def _check_announced_count(self, state: _FileState) -> None:
        announced = state.announced_products
        if announced is None or announced == state.product_records:
            return

        self.catalog.error(
            "product_count_mismatch",
            f"The header announces {announced} products but the file has {state.product_records} product "
            "records, so it is probably truncated; download or write it again.",
            file=state.name,
            line=1,
            field="/product_count",
            value=str(announced),
        )

    # --- records ---

    def _read_warehouse(self, record: dict[str, Any]) -> None:
        self.parser.line = self.line
        try:
            warehouse = self.parser.parse_warehouse(record)
        except InvalidRecord as invalid:
            self._report(invalid.problems)
            return

        if warehouse.code in self.parser.warehouses:
            self._error(
                "duplicate_warehouse",
                f"Warehouse '{warehouse.code}' is declared twice; keep one record per warehouse code.",
                "/code",
                warehouse.code,
            )
            return

        self.parser.add_warehouse(warehouse)
        self.catalog.warehouses.append(warehouse)

    def _read_product(self, record: dict[str, Any]) -> None:
        self.parser.line = self.line
        try:
            product = self.parser.parse_product(record)
        except InvalidRecord as invalid:
            self._report(invalid.problems)
            return

        first = self.product_lines.setdefault(product.key, (self.file, self.line))
        if first != (self.file, self.line):
            self._error(
                "duplicate_product_key",
                f"Product key '{product.key}' was already used on line {first[1]} of {first[0]}; each "
                "product needs a unique key.",
                "/key",
                product.key,
            )
            return

        self.catalog.products.append(product)

    # --- issues ---

    def _invalid_json(self, error: orjson.JSONDecodeError, raw: bytes) -> None:
        self._error(
            "invalid_json",
            f"The line is not valid JSON ({error.msg}, at character {error.pos + 1}); write exactly one "
            "JSON object per line, in UTF-8.",
            None,
            raw[:300].decode("utf-8", "replace").rstrip("\r\n"),
        )

    def _error(self, code: str, message: str, field: str | None, value: Any = None) -> None:
        self.catalog.error(code, message, file=self.file, line=self.line, field=field, value=display_value(value))

    def _report(self, problems: list[Problem]) -> None:
        for problem in problems:
            self._error(problem.code, problem.message, problem.pointer, problem.value)

    def _ignore(self, kind: str, name: str, pointer: str) -> None:
        seen = self.ignored.get((kind, name))
        if seen is None:
            self.ignored[(kind, name)] = [self.file, self.line, pointer, 1]
        else:
            seen[3] += 1

    def report_ignored(self) -> None:
        """Add one warning per unknown field or record type, with its first place and its count."""
        for (kind, name), (file, line, pointer, count) in self.ignored.items():
            subject = f"record type '{name}'" if kind == "record" else f"field '{name}' of {kind} objects"
            self.catalog.warning(
                "ignored_record" if kind == "record" else "ignored_field",
                f"Ignored the unknown {subject} ({count} times, first here). Version {VERSION} of the format "
                "does not define it; remove it, or upgrade opendrop-kit if a newer version does.",
                file=file,
                line=line,
                field=pointer,
                value=name,
            )


@contextmanager
def _open(path: Path) -> Iterator[io.BufferedIOBase]:
    # gzip is recognized by content, as the format detection does, so the file needs no .gz name.
    with open(path, "rb") as raw:
        if raw.peek(2)[:2] != _GZIP_MAGIC:
            yield raw
            return
        with gzip.GzipFile(fileobj=raw, mode="rb") as unpacked:
            yield unpacked
