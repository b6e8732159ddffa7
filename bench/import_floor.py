"""The minimum work that any import of the NDJSON catalog does before it writes, timed on its own.

Two steps are timed over the same file as the import benchmark. `decode` reads every line and
parses it with orjson. `decode_and_model` also builds the kit's feed model from each product
record (products, variants, prices, stock levels) with no checks, no money conversion and no
normalization. Added to the plain-SQL insert baseline, they give the import rate that a
single-threaded import reaches if every check, rule, content hash and change record cost nothing.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Any

import orjson

from opendrop_kit.feeds.model import FeedPrice, FeedProduct, FeedStock, FeedVariant


def measure(path: Path) -> dict[str, float]:
    """Time the two steps over the NDJSON file at `path`; return their seconds."""
    return {"decode_seconds": _timed(path, build=False), "decode_and_model_seconds": _timed(path, build=True)}


def _timed(path: Path, *, build: bool) -> float:
    products: list[FeedProduct] = []
    gc.collect()
    gc.disable()
    try:
        started = time.perf_counter()
        with path.open("rb") as lines:
            for line in lines:
                record = orjson.loads(line)
                if build and record.get("type") == "product":
                    products.append(_product(record))
        return time.perf_counter() - started
    finally:
        gc.enable()


def _product(record: dict[str, Any]) -> FeedProduct:
    product = FeedProduct(record["key"], record["title"], record.get("description_html"))
    product.variants = [_variant(data) for data in record["variants"]]
    return product


def _variant(data: dict[str, Any]) -> FeedVariant:
    return FeedVariant(
        data["key"],
        data.get("sku"),
        [(item["option"], item["value"]) for item in data.get("options", [])],
        [FeedPrice(price["currency"], 0) for price in data.get("prices", [])],
        [FeedStock(level["warehouse"], level.get("on_hand")) for level in data.get("stock", [])],
    )
