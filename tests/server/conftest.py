"""Fixtures for API tests: an app over a migrated store with a small catalog and keys."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from opendrop_kit.feeds.apply import apply_catalog
from opendrop_kit.feeds.hashing import content_hash
from opendrop_kit.feeds.model import (
    FeedCatalog,
    FeedMedia,
    FeedPrice,
    FeedProduct,
    FeedStock,
    FeedTranslation,
    FeedVariant,
    FeedWarehouse,
)
from opendrop_kit.feeds.normalize import normalize
from opendrop_kit.server.accounts import service
from opendrop_kit.server.app import create_app
from opendrop_kit.server.settings import Settings


@dataclass
class Tenant:
    account_id: str
    test_key: str
    live_key: str
    inventory_only_key: str


def small_catalog() -> FeedCatalog:
    """Two warehouses, a two-option product with a German translation, a single-variant product."""
    hoodie = FeedProduct(
        key="hoodie",
        title="Organic Hoodie",
        description_html="<p>Warm <b>organic</b> cotton.</p><script>alert(1)</script>",
        brand="Northwind",
        categories=[["Apparel", "Hoodies"]],
        tags=["organic"],
        options=["Color", "Size"],
        attributes={"material": "cotton"},
        media=[FeedMedia(url="https://img.example/hoodie-red.jpg", alt="Red hoodie", variant_keys=["red-m"])],
        variants=[
            FeedVariant(
                key="red-m",
                sku="HOOD-RED-M",
                option_values=[("Color", "Red"), ("Size", "M")],
                prices=[
                    FeedPrice("EUR", 4990, 5990),
                    FeedPrice("USD", 5490),
                    FeedPrice("EUR", 4490, None, 10),
                ],
                stock=[FeedStock("de-berlin", 12, 2), FeedStock("us-reno", 0)],
                weight_grams=540,
            ),
            FeedVariant(
                key="blue-m",
                sku="HOOD-BLUE-M",
                option_values=[("Color", "Blue"), ("Size", "M")],
                prices=[FeedPrice("EUR", 4990)],
                stock=[FeedStock("us-reno", 7)],
            ),
        ],
    )
    hoodie.translations["de"] = FeedTranslation(
        title="Bio-Kapuzenpullover",
        description_html="<p>Warme Bio-Baumwolle.</p>",
        option_names={"Color": "Farbe", "Size": "Größe"},
        option_values={"Color": {"Red": "Rot", "Blue": "Blau"}},
    )
    mug = FeedProduct(
        key="mug",
        title="Enamel Mug",
        categories=[["Home"]],
        brand="Acme",
        variants=[
            FeedVariant(key="mug", sku="MUG-1", prices=[FeedPrice("JPY", 1500)], stock=[FeedStock("de-berlin", None)])
        ],
    )
    catalog = FeedCatalog(
        format="test",
        products=[hoodie, mug],
        warehouses=[
            FeedWarehouse("de-berlin", "DE", "Berlin", ["DE", "AT", "FR"]),
            FeedWarehouse("us-reno", "US", "Reno", ["US", "CA"]),
        ],
    )
    normalize(catalog)
    # The translation was made from the current source text, so it is not outdated.
    hoodie.translations["de"].source_hash = content_hash(hoodie.title, hoodie.description_html)
    return catalog


@pytest.fixture
def tenant(engine: Engine) -> Tenant:
    with engine.begin() as connection:
        account_id = service.create_account(connection, "Northwind Supply")
        test_key = service.create_key(connection, account_id, mode="test").secret
        live_key = service.create_key(connection, account_id, mode="live").secret
        inventory_only = service.create_key(connection, account_id, mode="test", scopes=["inventory:read"]).secret
        apply_catalog(connection, small_catalog(), account_id=account_id, livemode=False, feed="test")
    return Tenant(account_id, test_key, live_key, inventory_only)


@pytest.fixture
def app_settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, rate_limit_requests=10_000)


@pytest.fixture
def client(app_settings: Settings, engine: Engine, tenant: Tenant) -> Iterator[TestClient]:
    app = create_app(app_settings, engine=engine)
    with TestClient(app, headers={"Authorization": f"Bearer {tenant.test_key}"}) as test_client:
        yield test_client


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)
