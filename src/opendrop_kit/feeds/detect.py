"""Tell the format of feed files from their content, not from their names.

Only the first 64 KiB of each file are read. A gzip-compressed file can only be NDJSON, the one
reader that decompresses. The checks, in order:

- XML whose root is `<rss>` or `<feed>` and that declares the Google namespace
  `http://base.google.com/ns/1.0`: ``google-merchant``.
- JSON that starts with `{"products":` or `{"product":`: ``shopify-json``. Any other text whose
  first non-blank line is a JSON object: ``ndjson``.
- A header row with `Handle` and `Title`, `Option1 Name` or `Variant SKU`: ``shopify-csv``.
- A header with the WooCommerce exporter's `Type` column (also localized), or the REST columns
  `id,type,name` or `parent_id,attributes`: ``woocommerce-csv``.
- A tab-separated header with `id` and `title` or `price`, with or without `g:`:
  ``google-merchant-tsv``.

All files of one import must be of one format.
"""

from __future__ import annotations

import csv
import gzip
import re
from pathlib import Path

import orjson

from opendrop_kit.feeds.errors import FeedFormatError
from opendrop_kit.feeds.textio import clean_header, find_content_start, sniff_delimiter
from opendrop_kit.feeds.woocommerce import file_kind

#: Every format name that `read_catalog` accepts.
FORMATS = ("shopify-csv", "shopify-json", "google-merchant", "google-merchant-tsv", "woocommerce-csv", "ndjson")

_HEAD_BYTES = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SHOPIFY_JSON = re.compile(rb'^[\[\s]*\{\s*"products?"\s*:')
_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(rss|feed)[\s>]")
_GOOGLE_NAMESPACE = b"http://base.google.com/ns/1.0"
_SHOPIFY_MARKERS = frozenset({"Title", "Option1 Name", "Variant SKU"})


def detect_format(paths: list[Path]) -> str:
    """Return the one format of `paths`, or raise `FeedFormatError` saying which file is unknown."""
    if not paths:
        raise FeedFormatError("No feed files were given.")

    found = {path: detect_file_format(path) for path in paths}
    unknown = [str(path) for path, name in found.items() if name is None]
    if unknown:
        raise FeedFormatError(
            f"Could not tell the feed format of {', '.join(unknown)} from its content. Accepted "
            f"formats: {', '.join(FORMATS)}; pass --format to choose one."
        )

    names = {name for name in found.values() if name is not None}
    if len(names) > 1:
        listing = "; ".join(f"{path}: {name}" for path, name in found.items())
        raise FeedFormatError(f"The files are in different formats ({listing}); import each format separately.")
    return names.pop()


def detect_file_format(path: Path) -> str | None:
    """Return the format name of one file, or None when its content matches no accepted format."""
    with path.open("rb") as stream:
        compressed = stream.read(len(_GZIP_MAGIC)) == _GZIP_MAGIC
    if compressed:
        # Only the NDJSON reader reads gzip-compressed files.
        with gzip.open(path, "rb") as stream:
            head = stream.read(_HEAD_BYTES)
        content = find_content_start(head).data
        return "ndjson" if content.startswith(b"{") and _json_format(content) == "ndjson" else None

    with path.open("rb") as stream:
        head = stream.read(_HEAD_BYTES)
    if head.startswith(_UTF16_BOMS):
        return _tabular_format(head.decode("utf-16", errors="ignore").lstrip())

    content = find_content_start(head).data
    if content.startswith(b"<"):
        return "google-merchant" if _XML_ROOT.search(content) and _GOOGLE_NAMESPACE in content else None
    if content.startswith((b"{", b"[")):
        return _json_format(content)
    return _tabular_format(content.decode("utf-8", errors="replace"))


def _json_format(content: bytes) -> str | None:
    if _SHOPIFY_JSON.match(content):
        return "shopify-json"

    first_line = content.split(b"\n", 1)[0].strip()
    try:
        record = orjson.loads(first_line)
    except orjson.JSONDecodeError:
        return None
    return "ndjson" if isinstance(record, dict) else None


def _tabular_format(text: str) -> str | None:
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line)
    rows = list(csv.reader([first_line], delimiter=delimiter))
    header = [clean_header(cell) for cell in rows[0]] if rows else []

    if "Handle" in header and _SHOPIFY_MARKERS & set(header):
        return "shopify-csv"
    if file_kind(header) is not None:
        return "woocommerce-csv"
    if delimiter == "\t" and _is_google_tsv(header):
        return "google-merchant-tsv"
    return None


def _is_google_tsv(header: list[str]) -> bool:
    names = {cell.lower().removeprefix("g:").strip().replace(" ", "_").partition("(")[0] for cell in header}
    return "id" in names and bool({"title", "price"} & names)
