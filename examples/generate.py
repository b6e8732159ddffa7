"""Record a real request and response for every endpoint of the reference server into examples/.

Run from the repository root with `python examples/generate.py`. The script starts the server app
in-process over a fresh SQLite database and seeds it as `opendrop-kit serve` seeds its sandbox,
with the demo catalog, the sandbox account and a test key. It sends each request through
Starlette's test client and writes one JSON file per exchange, which `tests/test_examples.py`
validates against openapi/opendrop-v1.json.

Reruns change only ids, cursors, timestamps, request ids and ETags: the demo catalog is the same on
every run, ids sort in creation order while it is imported (see `IncreasingRandomBytes`), and the
rate limiter is cleared before every request so that the `RateLimit` header reads the same.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from opendrop_kit.demo.catalog import demo_catalog
from opendrop_kit.feeds.apply import apply_catalog
from opendrop_kit.feeds.normalize import normalize
from opendrop_kit.server.accounts import service
from opendrop_kit.server.app import create_app
from opendrop_kit.server.settings import Settings
from opendrop_kit.store import migrate
from opendrop_kit.store.engine import make_engine

EXAMPLES = Path(__file__).resolve().parent
#: The default address of `opendrop-kit serve`, which appears in `Link` headers.
BASE_URL = "http://127.0.0.1:8000"
#: The placeholder that recorded requests show instead of a real secret.
KEY_PLACEHOLDER = "od_test_…"
#: Response headers a client acts on. Content-Length, Date and the like are left out.
RECORDED_HEADERS = (
    "content-type",
    "content-language",
    "vary",
    "etag",
    "link",
    "allow",
    "www-authenticate",
    "retry-after",
    "request-id",
    "opendrop-version",
    "ratelimit-policy",
    "ratelimit",
)


class IncreasingRandomBytes:
    """A stand-in for `os.urandom` whose values only grow, used while the sandbox is seeded.

    Ids are a millisecond followed by random bits, so warehouses that one import creates within
    the same millisecond would list in a different order on every run. With growing "random"
    bits, ids sort in creation order and every run lists the same order.
    """

    def __init__(self) -> None:
        # A fixed, random-looking start keeps the ids from being mostly zeros.
        self._value = 0x5EED_0DD5_A11C_E0BB_C0DE

    def __call__(self, size: int) -> bytes:
        # A large step survives callers that drop low bits, as the import's id sequence does.
        self._value += 1 << 24
        return (self._value % (1 << (8 * size))).to_bytes(size, "big")


@dataclass
class Sandbox:
    """The seeded store and the keys the examples use."""

    engine: Engine
    app: FastAPI
    full_key: str
    inventory_only_key: str
    revoked_key: str


def create_sandbox(database_url: str) -> Sandbox:
    """Migrate the store and seed it as `opendrop-kit serve` does, plus two keys for error examples."""
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    catalog = demo_catalog()
    normalize(catalog)

    with engine.begin() as connection, mock.patch("os.urandom", IncreasingRandomBytes()):
        account_id = service.create_account(connection, service.SANDBOX_ACCOUNT_NAME)
        full_key = service.create_key(connection, account_id, mode="test", name="sandbox key")
        inventory_only = service.create_key(
            connection, account_id, mode="test", scopes=["inventory:read"], name="stock sync"
        )
        revoked = service.create_key(connection, account_id, mode="test", name="old key")
        apply_catalog(connection, catalog, account_id=account_id, livemode=False, feed="demo")
        service.revoke_key(connection, revoked.id)

    app = create_app(Settings(database_url=database_url), engine=engine)
    return Sandbox(engine, app, full_key.secret, inventory_only.secret, revoked.secret)


class Recorder:
    """Sends requests to the app and writes each exchange as examples/<group>/<name>.json."""

    def __init__(self, sandbox: Sandbox, client: TestClient) -> None:
        self.sandbox = sandbox
        self.client = client
        self.secrets = (sandbox.full_key, sandbox.inventory_only_key, sandbox.revoked_key)
        self.written: list[Path] = []

    def send(
        self,
        method: str,
        path: str,
        *,
        key: str | None = None,
        query: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        body: Any = None,
        content: bytes | None = None,
    ) -> Any:
        """Send one request with the full key unless `key` is given. An empty `key` sends none."""
        sent_headers = dict(headers or {})
        key = self.sandbox.full_key if key is None else key
        if key:
            sent_headers["Authorization"] = f"Bearer {key}"

        # Each exchange starts a fresh rate-limit window, so `RateLimit` reads the same on every run.
        self.sandbox.app.state.rate_limiter.limiter.storage.reset()
        if content is None and body is not None:
            content = json.dumps(body).encode()
            sent_headers.setdefault("Content-Type", "application/json")
        return self.client.request(method, path, params=query, headers=sent_headers, content=content)

    def record(self, name: str, description: str, method: str, path: str, **request: Any) -> Any:
        """Send a request, write the exchange to examples/`name`.json and return the response."""
        response = self.send(method, path, **request)
        exchange = {
            "description": description,
            "request": self._request_record(method, path, request),
            "response": _response_record(response),
        }
        self.write(name, exchange)
        return response

    def write(self, name: str, exchange: dict[str, Any]) -> None:
        target = EXAMPLES / f"{name}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(exchange, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.written.append(target)

    def _request_record(self, method: str, path: str, request: dict[str, Any]) -> dict[str, Any]:
        headers = dict(request.get("headers") or {})
        key = request.get("key")
        if key is None or key:
            headers["Authorization"] = f"Bearer {KEY_PLACEHOLDER}"
        body = request.get("body")
        if body is not None:
            headers.setdefault("Content-Type", "application/json")
        if request.get("content") is not None:
            body = request["content"].decode()
        record = {"method": method, "path": path, "query": request.get("query") or {}, "headers": headers, "body": body}
        self._check_no_secret(record)
        return record

    def _check_no_secret(self, record: dict[str, Any]) -> None:
        text = json.dumps(record)
        if any(secret in text for secret in self.secrets):
            raise RuntimeError(
                f"Stopped before writing a real API key into the example of {record['method']} {record['path']}."
            )


def _response_record(response: Any) -> dict[str, Any]:
    headers = {name: response.headers[name] for name in RECORDED_HEADERS if name in response.headers}
    media_type = response.headers.get("content-type", "").split(";")[0]
    record: dict[str, Any] = {"status": response.status_code, "headers": headers}
    if response.status_code == 304:
        return record
    if media_type == "application/x-ndjson":
        # One item per line of the body, each line parsed.
        record["body"] = [json.loads(line) for line in response.text.splitlines()]
    else:
        record["body"] = response.json()
    return record


def record_core(recorder: Recorder) -> None:
    recorder.record(
        "core/get-conformance",
        "The specification version, conformance classes and API versions; no key needed.",
        "GET",
        "/v1/conformance",
        key="",
    )
    recorder.record(
        "core/list-problems",
        "Every problem code the server can send, with its status and title; no key needed.",
        "GET",
        "/v1/problems",
        key="",
    )
    recorder.record("core/get-me", "The account, mode and key behind the API key.", "GET", "/v1/me")
    _record_openapi(recorder)


def _record_openapi(recorder: Recorder) -> None:
    response = recorder.send("GET", "/v1/openapi.json", key="")
    committed = json.loads((EXAMPLES.parent / "openapi" / "opendrop-v1.json").read_text(encoding="utf-8"))
    if response.json() != committed:
        raise RuntimeError(
            "The server's OpenAPI document differs from openapi/opendrop-v1.json; regenerate that first."
        )

    # The body is 100 kB that the repository already holds, so the example only points at it.
    recorded = _response_record(response)
    del recorded["body"]
    recorded["note"] = "The body is the document committed as openapi/opendrop-v1.json."
    exchange = {
        "description": "The OpenAPI 3.1 document of the server; no key needed.",
        "request": {"method": "GET", "path": "/v1/openapi.json", "query": {}, "headers": {}, "body": None},
        "response": recorded,
    }
    recorder.write("core/get-openapi", exchange)


def record_catalog(recorder: Recorder) -> None:
    categories = recorder.record(
        "catalog/list-categories", "The category tree, one page.", "GET", "/v1/categories"
    ).json()["data"]
    recorder.record("catalog/list-brands", "Brands, two per page.", "GET", "/v1/brands", query={"limit": "2"})
    computers = _category_id(categories, ["Electronics", "Computers"])
    laptops = _category_id(categories, ["Electronics", "Computers", "Laptops"])

    filters = {"category": computers, "status": "active"}
    first = recorder.record(
        "catalog/list-products",
        "Active products in the Computers category and below, one per page; `Link` and `next_cursor` lead on.",
        "GET",
        "/v1/products",
        query={**filters, "limit": "1"},
    ).json()
    recorder.record(
        "catalog/list-products-next-page",
        "The second page of the same list: the same filters with the `next_cursor` of the first page.",
        "GET",
        "/v1/products",
        query={**filters, "limit": "1", "cursor": first["next_cursor"]},
    )
    recorder.record(
        "catalog/list-products-german",
        "Laptops in German: the product has a German translation, so `Content-Language` is `de`.",
        "GET",
        "/v1/products",
        query={"category": laptops},
        headers={"Accept-Language": "de-DE, de;q=0.9, en;q=0.5"},
    )
    record_single_items(recorder)
    recorder.record(
        "errors/cursor-mismatch",
        "A cursor sent with other filters than the page that issued it.",
        "GET",
        "/v1/products",
        query={"category": laptops, "cursor": first["next_cursor"]},
    )


def record_single_items(recorder: Recorder) -> None:
    cable = _variant_by_sku(recorder, "VO-CBL-1M-BLACK")
    recorder.record(
        "catalog/get-product",
        "A product with two options (Length and Color) and four variants.",
        "GET",
        f"/v1/products/{cable['product_id']}",
    )
    board = _variant_by_sku(recorder, "VO-SBC-8GB-64GB")
    recorder.record("catalog/get-variant", "A variant by its id.", "GET", f"/v1/variants/{board['id']}")
    recorder.record(
        "catalog/get-variant-by-sku",
        "A variant by its SKU, which is compared exactly and case-sensitively.",
        "GET",
        "/v1/skus/HC-MUG",
    )


def record_inventory(recorder: Recorder) -> None:
    warehouses = recorder.record("inventory/list-warehouses", "Every warehouse.", "GET", "/v1/warehouses")
    laptop = _variant_by_sku(recorder, "VO-A14-16GB-512GB")
    recorder.record(
        "inventory/get-variant-inventory",
        "A laptop's stock per warehouse, counting only warehouses that ship to Germany.",
        "GET",
        f"/v1/variants/{laptop['id']}/inventory",
        query={"ship_to": "DE"},
    )
    recorder.record(
        "inventory/lookup-inventory",
        "The stock of a cart bound for Germany; the last SKU does not exist.",
        "POST",
        "/v1/inventory/lookup",
        body={"skus": ["VO-A14-16GB-512GB", "HC-MUG", "KU-EAR-PEARL", "KU-EAR-ORANGE"], "ship_to": "DE"},
    )
    recorder.record(
        "inventory/get-snapshot",
        "Every variant's availability and price for Germany as NDJSON; `body` lists the lines, parsed.",
        "GET",
        "/v1/inventory/snapshot",
        query={"ship_to": "DE"},
        headers={"Accept": "application/x-ndjson"},
    )
    recorder.record(
        "errors/not-modified",
        "The warehouse list again with the ETag of the earlier answer: 304 and no body.",
        "GET",
        "/v1/warehouses",
        headers={"If-None-Match": warehouses.headers["etag"]},
    )


def record_errors(recorder: Recorder) -> None:
    recorder.record("errors/authentication-required", "A request without a key.", "GET", "/v1/me", key="")
    recorder.record(
        "errors/invalid-api-key",
        "A request with a revoked key (shown as a placeholder).",
        "GET",
        "/v1/me",
        key=recorder.sandbox.revoked_key,
    )
    recorder.record(
        "errors/insufficient-scope",
        "A key with only `inventory:read` asks for products.",
        "GET",
        "/v1/products",
        key=recorder.sandbox.inventory_only_key,
    )
    recorder.record(
        "errors/not-found",
        "A product id that this account and mode does not have.",
        "GET",
        "/v1/products/prod_01KZZZZZZZZZZZZZZZZZZZZZZZ",
    )
    recorder.record(
        "errors/unknown-parameter",
        "A misspelt filter is rejected instead of silently ignored.",
        "GET",
        "/v1/products",
        query={"colour": "red"},
    )
    recorder.record(
        "errors/not-acceptable",
        "The snapshot is NDJSON, which `Accept: application/json` does not allow.",
        "GET",
        "/v1/inventory/snapshot",
        headers={"Accept": "application/json"},
    )
    recorder.record(
        "errors/unsupported-media-type",
        "A lookup whose body is not declared as JSON.",
        "POST",
        "/v1/inventory/lookup",
        headers={"Content-Type": "text/plain"},
        content=b'{"skus": ["HC-MUG"]}',
    )
    recorder.record(
        "errors/validation-failed",
        "A lookup with an empty SKU list and a country code that does not exist; both are reported.",
        "POST",
        "/v1/inventory/lookup",
        body={"skus": [], "ship_to": "UK"},
    )


def _category_id(categories: list[dict[str, Any]], path: list[str]) -> str:
    return str(next(category["id"] for category in categories if category["path"] == path))


def _variant_by_sku(recorder: Recorder, sku: str) -> dict[str, Any]:
    response = recorder.send("GET", f"/v1/skus/{sku}")
    if response.status_code != 200:
        raise RuntimeError(f"The demo catalog has no variant {sku}; pick another SKU in examples/generate.py.")
    return dict(response.json())


def generate(folder: Path) -> list[Path]:
    """Record every example over a database in `folder`, and return the files written."""
    sandbox = create_sandbox(f"sqlite:///{folder / 'examples.sqlite3'}")
    with TestClient(sandbox.app, base_url=BASE_URL) as client:
        recorder = Recorder(sandbox, client)
        record_core(recorder)
        record_catalog(recorder)
        record_inventory(recorder)
        record_errors(recorder)
    sandbox.engine.dispose()
    return recorder.written


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="opendrop-examples-"))
    try:
        written = generate(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"Wrote {len(written)} examples under {EXAMPLES}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
