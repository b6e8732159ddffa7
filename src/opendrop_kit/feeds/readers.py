"""Read feed files of any accepted format into a normalized `FeedCatalog`.

`read_catalog` is the entry point of imports: it picks the reader (from `format`, or by looking at
the files' content), reads every file into one catalog and applies the shared catalog rules of
`opendrop_kit.feeds.normalize`. Rejected rows and suspicious values are in `catalog.issues`;
files that cannot be read at all raise a `FeedError`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from opendrop_kit.feeds import google_merchant, ndjson, shopify_csv, shopify_json, woocommerce
from opendrop_kit.feeds._gc import cycle_collector_paused
from opendrop_kit.feeds.detect import FORMATS, detect_format
from opendrop_kit.feeds.errors import FeedError, FeedFormatError
from opendrop_kit.feeds.model import FeedCatalog, ReadOptions
from opendrop_kit.feeds.normalize import normalize

logger = logging.getLogger(__name__)

Reader = Callable[[list[Path], ReadOptions], FeedCatalog]

READERS: dict[str, Reader] = {
    "shopify-csv": shopify_csv.read,
    "shopify-json": shopify_json.read,
    "google-merchant": google_merchant.read,
    "google-merchant-tsv": google_merchant.read_tsv,
    "woocommerce-csv": woocommerce.read,
    "ndjson": ndjson.read,
}
assert tuple(READERS) == FORMATS


def read_catalog(paths: list[Path], format: str | None = None, options: ReadOptions | None = None) -> FeedCatalog:
    """Read `paths` as one catalog in `format` (detected from the content when None) and normalize it."""
    for path in paths:
        if not path.is_file():
            raise FeedError(f"{path} does not exist or is not a file.")

    chosen = format or detect_format(paths)
    reader = READERS.get(chosen)
    if reader is None:
        raise FeedFormatError(f"Unknown feed format '{chosen}'; accepted formats: {', '.join(FORMATS)}.")

    with cycle_collector_paused():
        catalog = reader(paths, options or ReadOptions())
        normalize(catalog)
    errors = sum(1 for issue in catalog.issues if issue.severity == "error")
    logger.info(
        "Read %d products with %d variants from %d %s file(s): %d errors, %d warnings.",
        len(catalog.products),
        catalog.variant_count,
        len(paths),
        chosen,
        errors,
        len(catalog.issues) - errors,
    )
    return catalog
