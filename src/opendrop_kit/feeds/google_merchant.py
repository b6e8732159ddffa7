"""Read Google Merchant Center product feeds: RSS 2.0 or Atom XML, and the tab-separated flavor.

XML is parsed with defusedxml (no DTDs, entities or external references) and streamed item by
item. Attributes are read by local name from the Google namespace `http://base.google.com/ns/1.0`,
without namespace, or from the Atom namespace, so `<title>` and `<g:title>` both work. Minified
single-line files report line 1 for every item; messages also give the item's position.

TSV files have a header of attribute names, with or without the `g:` prefix, with spaces or
underscores (`item group id`, `item_group_id`), and `shipping(country:price)`-style headers that
give the order of sub-attributes. Multi-value cells (`additional_image_link`, `shipping`) are
comma-separated.

Items sharing `g:item_group_id` become one product with one variant per item; items without a
group are single-variant products. The options of a group come from `g:variant_option` when its
items have any, otherwise from the six attributes Google uses to tell variants apart (color, size,
material, pattern, gender, age_group). How the attributes map is in docs/feeds.md.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from opendrop_kit.feeds import _common
from opendrop_kit.feeds._gmc_build import Item, ItemBuilder
from opendrop_kit.feeds.errors import FeedFormatError
from opendrop_kit.feeds.model import FeedCatalog, ReadOptions
from opendrop_kit.feeds.textio import find_content_start, open_csv, read_text

logger = logging.getLogger(__name__)

FORMAT = "google-merchant"
FORMAT_TSV = "google-merchant-tsv"

GOOGLE_NAMESPACE = "http://base.google.com/ns/1.0"
_ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
_READ_NAMESPACES = frozenset({"", GOOGLE_NAMESPACE, _ATOM_NAMESPACE})
_ITEM_ELEMENTS = frozenset({"item", "entry"})
_NESTED_ELEMENTS = frozenset({"shipping", "variant_option", "tax", "installment", "loyalty_points", "product_detail"})
_LIST_COLUMNS = frozenset({"additional_image_link", "shipping", "lifestyle_image_link"})
_DEFAULT_SHIPPING_ORDER = ("country", "region", "service", "price")
_EXPAT_POSITION = re.compile(r":? line \d+, column \d+$")
_CHUNK_SIZE = 1 << 20


def read(paths: list[Path], options: ReadOptions) -> FeedCatalog:
    """Read Google Merchant XML feeds (RSS 2.0 or Atom) into one catalog."""
    catalog = FeedCatalog(format=FORMAT, files=[str(path) for path in paths])
    builder = ItemBuilder(catalog, options)
    for path in paths:
        _read_xml(path, builder)
    builder.finish()
    return catalog


def read_tsv(paths: list[Path], options: ReadOptions) -> FeedCatalog:
    """Read Google Merchant tab-separated feeds into one catalog."""
    catalog = FeedCatalog(format=FORMAT_TSV, files=[str(path) for path in paths])
    builder = ItemBuilder(catalog, options)
    for path in paths:
        _read_tsv(path, builder)
    builder.finish()
    return catalog


def _read_xml(path: Path, builder: ItemBuilder) -> None:
    start = find_content_start(path.read_bytes())
    collector = _ItemCollector(builder, str(path), start.first_line - 1)
    parser = DefusedXMLParser(target=collector)
    collector.parser = parser

    try:
        for offset in range(0, len(start.data), _CHUNK_SIZE):
            parser.feed(start.data[offset : offset + _CHUNK_SIZE])
        parser.close()
    except ParseError as error:
        line, column = error.position
        # expat ends its message with the position, which is given below with the skipped lines counted.
        reason = _EXPAT_POSITION.sub("", str(error.msg))
        raise FeedFormatError(
            f"{path} is not well-formed XML: {reason} (line {line + start.first_line - 1}, "
            f"column {column}). Fix the file or export it again."
        ) from error
    except DefusedXmlException as error:
        raise FeedFormatError(
            f"{path} uses a DTD or entity declaration ({error}); product feeds need neither, and "
            "they are refused because they can expand to huge documents."
        ) from error

    if not collector.saw_root:
        raise FeedFormatError(f"{path} has no XML root element.")
    logger.info("Read %d items from %s.", collector.items, path)


class _ItemCollector:
    """An XML parser target that turns each `<item>`/`<entry>` into an `Item` as soon as it ends."""

    def __init__(self, builder: ItemBuilder, file: str, line_offset: int) -> None:
        self.builder = builder
        self.file = file
        self.line_offset = line_offset
        self.parser: DefusedXMLParser | None = None
        self.depth = 0
        self.item_depth = 0
        self.item: Item | None = None
        self.items = 0
        self.saw_root = False
        self.field: str | None = None
        self.chunks: list[str] = []
        self.nested: dict[str, str] | None = None

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        self.saw_root = True
        namespace, name = _split_tag(tag)
        if self.item is None:
            if name in _ITEM_ELEMENTS:
                self.items += 1
                self.item = Item(self.file, self._line(), self.items)
                self.item_depth = self.depth
            return

        level = self.depth - self.item_depth
        if level == 1:
            self.chunks = []
            self.field = name if namespace in _READ_NAMESPACES else None
            self.nested = {} if self.field in _NESTED_ELEMENTS else None
            if self.field == "link" and attributes.get("href"):
                self.item.add("link", attributes["href"])
        elif level == 2 and self.nested is not None:
            self.chunks = []

    def end(self, tag: str) -> None:
        level = self.depth - self.item_depth
        self.depth -= 1
        if self.item is None:
            return
        if level == 0:
            self.builder.add(self.item)
            self.item = None
            return

        # Deeper elements (markup inside a description) only contribute their text.
        if level == 2 and self.nested is not None:
            self.nested[_split_tag(tag)[1]] = "".join(self.chunks).strip()
            self.chunks = []
        elif level == 1:
            self._end_field("".join(self.chunks).strip())
            self.chunks = []

    def data(self, text: str) -> None:
        if self.item is not None:
            self.chunks.append(text)

    def close(self) -> None:
        return None

    def _end_field(self, text: str) -> None:
        assert self.item is not None
        name = self.field
        if name is None:
            return
        if self.nested is not None:
            if name == "shipping":
                self.item.shipping.append(self.nested)
            elif name == "variant_option":
                self.item.add_variant_option(self.nested.get("name", ""), self.nested.get("value", ""))
            self.nested = None
        elif text:
            self.item.add(name, text)
        self.field = None

    def _line(self) -> int | None:
        if self.parser is None:
            return None
        return int(self.parser.parser.CurrentLineNumber) + self.line_offset


def _split_tag(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _read_tsv(path: Path, builder: ItemBuilder) -> None:
    decoded = read_text(path)
    table = open_csv(decoded, delimiter="\t")
    columns = [_tsv_column(name) for name in table.header]
    names = [name for name, _ in columns]
    if "id" not in names:
        raise FeedFormatError(
            f"{path} has no 'id' column, so it is not a Google Merchant TSV feed; its header starts "
            f"with {table.header[:4]}."
        )

    _common.record_decoding(builder.catalog, decoded, str(path))
    count = 0
    for line, row in table.rows:
        count += 1
        builder.add(_tsv_item(str(path), line, count, table.header, columns, row))
    _common.record_table_issues(builder.catalog, table, str(path))
    logger.info("Read %d rows from %s.", count, path)


def _tsv_column(header: str) -> tuple[str, tuple[str, ...]]:
    # 'g:item group id' -> 'item_group_id'; 'shipping(country:price)' -> ('shipping', order).
    name, _, rest = header.partition("(")
    name = name.strip().lower().removeprefix("g:").strip().replace(" ", "_")
    order = tuple(part.strip().lower() for part in rest.rstrip(")").split(":") if part.strip())
    return name, order or _DEFAULT_SHIPPING_ORDER


def _tsv_item(
    file: str,
    line: int,
    position: int,
    header: list[str],
    columns: list[tuple[str, tuple[str, ...]]],
    row: dict[str, str],
) -> Item:
    item = Item(file, line, position)
    for raw_name, (name, order) in zip(header, columns, strict=True):
        cell = row.get(raw_name, "").strip()
        if not cell:
            continue
        if name == "shipping":
            item.shipping.extend(_tsv_shipping(cell, order))
        elif name == "variant_option":
            # 'shoe width:narrow,size:8'
            for pair in cell.split(","):
                option_name, _, value = pair.partition(":")
                item.add_variant_option(option_name, value)
        elif name in _LIST_COLUMNS:
            for value in cell.split(","):
                item.add(name, value.strip())
        else:
            item.add(name, cell)
    return item


def _tsv_shipping(cell: str, order: tuple[str, ...]) -> list[dict[str, str]]:
    entries = []
    for entry in cell.split(","):
        parts = entry.strip().split(":")
        entries.append({name: part.strip() for name, part in zip(order, parts, strict=False)})
    return entries
