"""Schemathesis against the reference server, in-process over ASGI, on SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

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

MAX_EXAMPLES = 40


@dataclass
class Server:
    app: FastAPI
    api_key: str


@pytest.fixture
def server(database_url: str, engine: Engine) -> Server:
    with engine.begin() as connection:
        account_id = service.create_account(connection, "Schemathesis supplier")
        api_key = service.create_key(connection, account_id, mode="test").secret
        catalog = demo_catalog()
        normalize(catalog)
        apply_catalog(connection, catalog, account_id=account_id, livemode=False, feed="demo")

    app = create_app(Settings(database_url=database_url, rate_limit_requests=1_000_000), engine=engine)
    return Server(app, api_key)


@pytest.fixture
def api_schema(server: Server) -> Any:
    config = schemathesis.Config.from_dict(
        {
            "seed": 20261201,
            "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
            "auth": {"openapi": {"bearerAuth": {"bearer": server.api_key}}},
        }
    )
    return schemathesis.openapi.from_asgi("/v1/openapi.json", server.app, config=config)


@pytest.fixture
def api_client(server: Server) -> Iterator[TestClient]:
    with TestClient(server.app, headers={"Authorization": f"Bearer {server.api_key}"}) as client:
        yield client


def use_issued_cursor(case: schemathesis.Case, client: TestClient) -> None:
    """Replace a generated cursor in a schema-valid case with one the server issued for the same filters.

    A cursor is valid only when this server issued it for the request's filters, which no JSON
    Schema can express; a random string gets 400 `invalid_cursor` by design. Negative cases keep
    their generated cursor, so the server's rejection of damaged cursors is still exercised.
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
