"""Schemathesis against the reference server, in-process over ASGI, on SQLite or PostgreSQL.

Every phase runs: the examples, coverage and fuzzing phases through `test_api`, one subtest per
operation, and the stateful phase through `test_stateful`, which follows the links that
schemathesis infers between operations (a product's variant ids lead to the variant endpoints).
Every check runs, `ignored_auth` included: the config gives schemathesis a real test key, and it
sends each authenticated operation again without a key and with an invalid one. Generation is
derandomized with a fixed seed, so CI sends the same cases on every run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import hypothesis
import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from schemathesis import GenerationMode
from sqlalchemy import Engine

from opendrop_kit.demo.catalog import demo_catalog
from opendrop_kit.feeds.apply import apply_catalog
from opendrop_kit.feeds.normalize import normalize
from opendrop_kit.server.accounts import service
from opendrop_kit.server.app import create_app
from opendrop_kit.server.settings import Settings

#: Fuzzing cases per operation. The coverage phase adds its own cases on top of these.
MAX_EXAMPLES = 40
#: Stateful scenarios, each a chain of up to `STATEFUL_STEPS` linked calls.
STATEFUL_SCENARIOS = 30
STATEFUL_STEPS = 6
SEED = 20261201


@dataclass
class Server:
    app: FastAPI
    api_key: str


@pytest.fixture
def server(database_url: str, engine: Engine) -> Server:
    """The app over a migrated store with the demo catalog and a test key with every scope."""
    with engine.begin() as connection:
        account_id = service.create_account(connection, "Schemathesis supplier")
        api_key = service.create_key(connection, account_id, mode="test").secret
        catalog = demo_catalog()
        normalize(catalog)
        apply_catalog(connection, catalog, account_id=account_id, livemode=False, feed="demo")

    # Thousands of requests in a few seconds would otherwise trip the per-key rate limit.
    app = create_app(Settings(database_url=database_url, rate_limit_requests=1_000_000), engine=engine)
    return Server(app, api_key)


@pytest.fixture
def api_schema(server: Server) -> Any:
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
            # The specification rejects a repeated query parameter (400), so let the coverage
            # phase send some.
            "phases": {"coverage": {"generate-duplicate-query-parameters": True}},
            "auth": {"openapi": {"bearerAuth": {"bearer": server.api_key}}},
        }
    )
    return schemathesis.openapi.from_asgi("/v1/openapi.json", server.app, config=config)


@pytest.fixture
def api_client(server: Server) -> Iterator[TestClient]:
    with TestClient(server.app, headers={"Authorization": f"Bearer {server.api_key}"}) as client:
        yield client


def use_issued_cursor(case: schemathesis.Case, client: TestClient) -> None:
    """Replace a generated cursor in a schema-valid case by one the server issued for the same filters.

    A cursor is valid only when this server issued it for the request's filters, which no JSON
    Schema can express, so a random string gets 400 `invalid_cursor` by design. Negative cases
    keep their generated cursor, and the server's rejection of it is still checked.
    """
    if case.meta is None or case.meta.generation.mode is not GenerationMode.POSITIVE or "cursor" not in case.query:
        return

    first_page_query = {name: value for name, value in case.query.items() if name not in ("cursor", "limit")}
    response = client.get(case.formatted_path, params={**first_page_query, "limit": 1})
    issued = response.json().get("next_cursor") if response.status_code == 200 else None
    if issued is None:
        del case.query["cursor"]
    else:
        case.query["cursor"] = issued


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.slow
@schema.parametrize()
def test_api(case: schemathesis.Case, api_client: TestClient) -> None:
    use_issued_cursor(case, api_client)
    case.call_and_validate()


@pytest.mark.slow
def test_stateful(api_schema: Any, api_client: TestClient) -> None:
    inferred = api_schema.as_state_machine()
    assert inferred.bundles, "schemathesis inferred no links between operations, so no scenario would chain calls"

    class Workflow(inferred):  # type: ignore[misc,valid-type]
        def before_call(self, case: schemathesis.Case) -> None:
            use_issued_cursor(case, api_client)

    settings = hypothesis.settings(
        max_examples=STATEFUL_SCENARIOS,
        stateful_step_count=STATEFUL_STEPS,
        deadline=None,
        derandomize=True,
        database=None,
    )
    Workflow.run(settings=settings)


#: Requests that schemathesis once found mishandled, replayed on every run: (method, path, options
#: for the test client, expected status, expected problem code or None for a success).
FOUND_REQUESTS = [
    ("GET", "/v1/products?updated_since=0.5", {}, 400, "invalid_parameter"),
    ("GET", "/v1/products?updated_since=2026-12-03T09:14:07", {}, 400, "invalid_parameter"),
    ("GET", "/v1/products?q=%00", {}, 200, None),
    ("GET", "/v1/products/prod_%00", {}, 404, "not_found"),
    ("GET", "/v1/skus/SKU%00", {}, 404, "not_found"),
    ("GET", "/v1/variants/var_%00/inventory", {}, 404, "not_found"),
    ("POST", "/v1/inventory/lookup", {"json": {"skus": ["SKU\u0000"]}}, 200, None),
    ("POST", "/v1/inventory/lookup", {"json": {"skus": ["HC-MUG"], "ship_to": "AA"}}, 422, "validation_failed"),
    ("POST", "/v1/inventory/lookup", {"content": b"\xff", "headers": {"Content-Type": "application/json"}}, 400, "malformed_json"),
    ("POST", "/v1/inventory/lookup", {"content": b'\xef\xbb\xbf{"skus": ["HC-MUG"]}', "headers": {"Content-Type": "application/json"}}, 400, "malformed_json"),
    ("POST", "/v1/inventory/lookup", {"content": b'{"skus": ["\\ud800"]}', "headers": {"Content-Type": "application/json"}}, 400, "malformed_json"),
    ("POST", "/v1/inventory/lookup", {"content": b'{"skus": ["HC-MUG"], "ship_to": NaN}', "headers": {"Content-Type": "application/json"}}, 400, "malformed_json"),
    ("POST", "/v1/inventory/lookup", {}, 415, "unsupported_media_type"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "options", "status", "code"), FOUND_REQUESTS)
def test_found_request(
    api_client: TestClient, method: str, path: str, options: dict[str, Any], status: int, code: str | None
) -> None:
    response = api_client.request(method, path, **options)

    assert response.status_code == status
    assert response.json().get("code") == code
