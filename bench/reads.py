"""Read benchmarks: list pages and SKU lookups over HTTP, the snapshot stream, and their baselines.

The kit is measured as a client sees it: a real server process on loopback, one keep-alive
connection, requests one after another, the whole body read. Each baseline runs in this process
on a plain DB-API connection to the same store, so it pays no HTTP, framework or SQLAlchemy cost.
"""

from __future__ import annotations

import hashlib
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import plain_catalog
import plain_inventory
from server_process import RunningServer, memory_kib
from stores import Store

from opendrop_kit.server.pagination import next_cursor, page_request

#: Untimed requests on each side before the timed ones, to fill caches and open connections.
WARMUP_REQUESTS = 3
#: Country of the filtered list page and the lookups; the generated catalog ships it from one warehouse.
SHIP_TO = "US"


@dataclass(frozen=True, slots=True)
class Scenario:
    """One kind of request, as the kit's HTTP request and as the baseline's function call."""

    name: str
    description: str
    kit: Callable[[httpx.Client, int], httpx.Response]
    plain: Callable[[Any, int], bytes]


def latency_scenarios(store: Store, tenant: tuple[str, bool], lookup_skus: int, requests: int) -> list[Scenario]:
    """Build the list-page and lookup scenarios on the data in `store`."""
    connection = store.connect()
    try:
        deep_id = _deep_product_id(connection, store, tenant)
        sku_sets = _random_sku_sets(connection, store, tenant, lookup_skus, requests + WARMUP_REQUESTS)
    finally:
        connection.close()

    unfiltered = page_request(None, None, {}).filters_hash
    filtered = page_request(None, None, {"ship_to": SHIP_TO, "in_stock": True}).filters_hash
    deep_cursor = _cursor_after(deep_id)
    base = plain_catalog.PageQuery(tenant[0], tenant[1], limit=50, filters_hash=unfiltered)
    deep = plain_catalog.PageQuery(tenant[0], tenant[1], limit=50, after=deep_id, filters_hash=unfiltered)
    stock = plain_catalog.PageQuery(
        tenant[0], tenant[1], limit=50, ship_to=SHIP_TO, in_stock=True, filters_hash=filtered
    )

    def lookup_body(index: int) -> dict[str, Any]:
        return {"skus": sku_sets[index], "ship_to": SHIP_TO}

    return [
        Scenario(
            "list_first_page",
            "GET /v1/products?limit=50",
            lambda client, _: client.get("/v1/products", params={"limit": 50}),
            lambda connection, _: plain_catalog.product_page(connection, store, base),
        ),
        Scenario(
            "list_deep_page",
            "GET /v1/products?limit=50&cursor=… (after 90 % of the products)",
            lambda client, _: client.get("/v1/products", params={"limit": 50, "cursor": deep_cursor}),
            lambda connection, _: plain_catalog.product_page(connection, store, deep),
        ),
        Scenario(
            "list_ship_to_in_stock",
            f"GET /v1/products?limit=50&ship_to={SHIP_TO}&in_stock=true",
            lambda client, _: client.get("/v1/products", params={"limit": 50, "ship_to": SHIP_TO, "in_stock": "true"}),
            lambda connection, _: plain_catalog.product_page(connection, store, stock),
        ),
        Scenario(
            "lookup",
            f"POST /v1/inventory/lookup with {lookup_skus} random SKUs and ship_to={SHIP_TO}",
            lambda client, index: client.post("/v1/inventory/lookup", json=lookup_body(index)),
            lambda connection, index: plain_inventory.lookup(connection, store, tenant, sku_sets[index], SHIP_TO),
        ),
    ]


def measure_latency(
    scenario: Scenario, server: RunningServer, api_key: str, store: Store, requests: int
) -> dict[str, Any]:
    """Time `requests` kit requests and as many baseline calls; return both distributions."""
    headers = {"Authorization": f"Bearer {api_key}"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=120.0) as client:
        kit_bodies, kit_times = _timed(lambda index: _body(scenario.kit(client, index)), requests)

    connection = store.connect()
    try:
        plain_bodies, plain_times = _timed(lambda index: scenario.plain(connection, index), requests)
    finally:
        connection.close()

    kit = {**_distribution(kit_times), "bytes": len(kit_bodies[0])}
    baseline = {**_distribution(plain_times), "bytes": len(plain_bodies[0])}
    return {
        "name": scenario.name,
        "description": scenario.description,
        "unit": "ms per request",
        "kit": kit,
        "baseline": baseline,
        "ratio": kit["p50_ms"] / baseline["p50_ms"],
        "identical": kit_bodies == plain_bodies,
    }


def stream_snapshot(server: RunningServer, api_key: str) -> dict[str, Any]:
    """Read the whole snapshot over HTTP; return its timing, a digest, and the server's memory growth."""
    headers = {"Authorization": f"Bearer {api_key}"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=None) as client:
        # One small authenticated request first, so the growth below belongs to the snapshot.
        client.get("/v1/warehouses").raise_for_status()
        before = memory_kib(server.pid)
        digest, size, lines = hashlib.sha256(), 0, 0
        first_byte = None
        started = time.perf_counter()
        with client.stream("GET", "/v1/inventory/snapshot") as response:
            response.raise_for_status()
            for chunk in response.iter_raw():
                first_byte = first_byte or time.perf_counter()
                digest.update(chunk)
                size += len(chunk)
                lines += chunk.count(b"\n")
        seconds = time.perf_counter() - started
        after = memory_kib(server.pid)

    return {
        **_throughput(seconds, lines, size),
        "first_byte_seconds": (first_byte or started) - started,
        "sha256": digest.hexdigest(),
        "server_rss_before_mib": before["VmRSS"] / 1024,
        "server_peak_rss_increase_mib": (after["VmHWM"] - before["VmHWM"]) / 1024,
    }


def snapshot_with_plain_sql(store: Store, tenant: tuple[str, bool]) -> dict[str, Any]:
    """Time the baseline snapshot, then run it again untimed to compute the digest of its output."""
    size = 0

    def count(chunk: bytes) -> None:
        nonlocal size
        size += len(chunk)

    connection = store.connect()
    try:
        started = time.perf_counter()
        lines = plain_inventory.snapshot(connection, store, tenant, count)
        seconds = time.perf_counter() - started
        connection.commit()
        digest = hashlib.sha256()
        plain_inventory.snapshot(connection, store, tenant, digest.update)
    finally:
        connection.close()

    return {**_throughput(seconds, lines, size), "sha256": digest.hexdigest()}


def _timed(call: Callable[[int], bytes], requests: int) -> tuple[list[bytes], list[float]]:
    bodies = [call(index) for index in range(WARMUP_REQUESTS)]
    times = []
    for index in range(WARMUP_REQUESTS, WARMUP_REQUESTS + requests):
        started = time.perf_counter()
        call(index)
        times.append(time.perf_counter() - started)
    return bodies, times


def _body(response: httpx.Response) -> bytes:
    if response.status_code != 200:
        raise RuntimeError(
            f"{response.request.method} {response.request.url} returned {response.status_code} instead of 200, "
            f"so the benchmark stopped: {response.text[:500]}"
        )
    return response.content


def _distribution(seconds: list[float]) -> dict[str, float]:
    milliseconds = sorted(value * 1000 for value in seconds)
    # The nearest-rank p95 is the slowest request when fewer than 20 were made.
    p95 = milliseconds[max(0, -(-len(milliseconds) * 95 // 100) - 1)]
    return {
        "requests": len(milliseconds),
        "p50_ms": statistics.median(milliseconds),
        "p95_ms": p95,
        "mean_ms": statistics.fmean(milliseconds),
    }


def _throughput(seconds: float, lines: int, size: int) -> dict[str, Any]:
    return {
        "seconds": seconds,
        "lines": lines,
        "bytes": size,
        "lines_per_second": lines / seconds,
        "mib_per_second": size / seconds / 2**20,
    }


def _deep_product_id(connection: Any, store: Store, tenant: tuple[str, bool]) -> str:
    """Return the id after which the deep page starts: the product at 90 % of the id order."""
    count_sql = "SELECT count(*) FROM products WHERE account_id = ? AND livemode = ?"
    count = plain_catalog.query_tuples(connection, store, count_sql, list(tenant))[0][0]
    sql = "SELECT id FROM products WHERE account_id = ? AND livemode = ? ORDER BY id LIMIT 1 OFFSET ?"
    return str(plain_catalog.query_tuples(connection, store, sql, [*tenant, count * 9 // 10])[0][0])


def _cursor_after(product_id: str) -> str:
    """Return the cursor that the kit would hand out with a page ending at `product_id`."""
    return next_cursor(page_request(None, None, {}), product_id)


def _random_sku_sets(connection: Any, store: Store, tenant: tuple[str, bool], size: int, count: int) -> list[list[str]]:
    sql = "SELECT sku FROM variants WHERE account_id = ? AND livemode = ?"
    skus = [row[0] for row in plain_catalog.query_tuples(connection, store, sql, list(tenant))]
    rng = random.Random(20240601)
    return [rng.sample(skus, min(size, len(skus))) for _ in range(count)]
