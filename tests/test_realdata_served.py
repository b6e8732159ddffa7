"""Import each real catalog file with `opendrop-kit import`, then count what the API serves.

The expected numbers follow the rules in docs/feeds.md: Shopify image-only rows are not variants,
a repeated Google Merchant id is rejected, WooCommerce grouped and external products are skipped,
and a SKU shared by several variants keeps every variant under derived SKUs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from opendrop_kit.cli.main import _register_commands, app
from opendrop_kit.server.accounts import service
from opendrop_kit.server.app import create_app
from opendrop_kit.server.settings import Settings

CASES = [
    # (files under realdata, extra CLI options, products, variants)
    (["shopify-csv-hair-wigs/products_export_1.csv"], ["--currency", "USD", "--warehouse-country", "US"], 84, 445),
    (["shopify-csv-hair-wigs/apparel.csv"], ["--currency", "USD", "--warehouse-country", "US"], 20, 22),
    (["shopify-csv-velofant-se/products_export_1.csv"], ["--currency", "SEK", "--warehouse-country", "SE"], 14, 19),
    (["shopify-json-irish-farm/products.json"], ["--currency", "EUR", "--warehouse-country", "IE"], 17, 17),
    (["gmc-feed-dropship-daily-snapshots/google_feed_2026-07-07.xml"], [], 26, 26),
    (["gmc-feed-hardlife-apparel/google-merchant-feed.xml"], [], 73, 317),
    (["gmc-feed-importpc-cz/google_feed.xml"], [], 1254, 1254),
    (
        ["woocommerce-export-ru-localized/wc-product-export.csv"],
        ["--currency", "RUB", "--warehouse-country", "RU"],
        9,
        9,
    ),
    (
        [
            "woocommerce-rs-kids-apparel/woocommerce_products.csv",
            "woocommerce-rs-kids-apparel/woocommerce_variations.csv",
        ],
        ["--currency", "RSD", "--warehouse-country", "RS"],
        96,
        581,
    ),
    (["woocommerce-sample-data/sample_products.csv"], ["--currency", "USD", "--warehouse-country", "US"], 13, 20),
]


def run_import(database_url: str, paths: list[Path], options: list[str]) -> None:
    _register_commands()
    arguments = ["import", *map(str, paths), *options, "--database-url", database_url]

    result = CliRunner().invoke(app, arguments)

    assert result.exit_code == 0, result.output


def served_counts(client: TestClient) -> tuple[int, int]:
    products = variants = 0
    params: dict[str, str | int] = {"limit": 200}
    while True:
        page = client.get("/v1/products", params=params).json()
        products += len(page["data"])
        variants += sum(len(product["variants"]) for product in page["data"])
        if not page["has_more"]:
            return products, variants
        params = {"limit": 200, "cursor": page["next_cursor"]}


@pytest.mark.parametrize(("files", "options", "products", "variants"), CASES, ids=[case[0][0] for case in CASES])
def test_served_counts_match_file(
    realdata: Path,
    database_url: str,
    engine: Engine,
    files: list[str],
    options: list[str],
    products: int,
    variants: int,
) -> None:
    run_import(database_url, [realdata / name for name in files], options)
    with engine.begin() as connection:
        account_id = service.resolve_account(connection, None)
        key = service.create_key(connection, account_id, mode="test").secret
    app_under_test = create_app(Settings(database_url=database_url, rate_limit_requests=10_000), engine=engine)

    with TestClient(app_under_test, headers={"Authorization": f"Bearer {key}"}) as client:
        served = served_counts(client)

    assert served == (products, variants)


def test_daily_snapshots_remove_vanished_products(realdata: Path, database_url: str, engine: Engine) -> None:
    folder = realdata / "gmc-feed-dropship-daily-snapshots"
    counts = []
    for day in ["2026-07-07", "2026-08-02", "2026-08-03"]:
        run_import(database_url, [folder / f"google_feed_{day}.xml"], [])
        with engine.begin() as connection:
            account_id = service.resolve_account(connection, None)
            key = service.create_key(connection, account_id, mode="test").secret
        app_under_test = create_app(Settings(database_url=database_url, rate_limit_requests=10_000), engine=engine)
        with TestClient(app_under_test, headers={"Authorization": f"Bearer {key}"}) as client:
            counts.append(served_counts(client))

    assert counts == [(26, 26), (4, 4), (2, 2)]
