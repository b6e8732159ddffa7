"""Schemathesis against the reference server, in-process over ASGI, on SQLite or PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from sqlalchemy import Engine

from opendrop_kit.demo.catalog import demo_catalog
from opendrop_kit.feeds.apply import apply_catalog
from opendrop_kit.feeds.normalize import normalize
from opendrop_kit.server.accounts import service
from opendrop_kit.server.app import create_app
from opendrop_kit.server.settings import Settings

MAX_EXAMPLES = 40


def schemathesis_config(api_key: str) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "seed": 20261201,
            "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
            "auth": {"openapi": {"bearerAuth": {"bearer": api_key}}},
        }
    )


@pytest.fixture
def api_schema(database_url: str, engine: Engine) -> Any:
    with engine.begin() as connection:
        account_id = service.create_account(connection, "Schemathesis supplier")
        api_key = service.create_key(connection, account_id, mode="test").secret
        catalog = demo_catalog()
        normalize(catalog)
        apply_catalog(connection, catalog, account_id=account_id, livemode=False, feed="demo")

    app = create_app(Settings(database_url=database_url, rate_limit_requests=1_000_000), engine=engine)
    return schemathesis.openapi.from_asgi("/v1/openapi.json", app, config=schemathesis_config(api_key))


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.slow
@schema.parametrize()
def test_api(case: schemathesis.Case) -> None:
    case.call_and_validate()
