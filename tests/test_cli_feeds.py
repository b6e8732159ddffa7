from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from sqlalchemy import Engine, select
from typer.testing import CliRunner, Result

from opendrop_kit.cli import feeds
from opendrop_kit.feeds import ndjson
from opendrop_kit.feeds.model import FeedCatalog, FeedStock
from opendrop_kit.store.tables import accounts, products
from tests.feeds.import_helpers import count, product, rich_catalog, simple_catalog, snapshot, variant

app = typer.Typer()
app.command("import")(feeds.import_command)
app.command("export")(feeds.export_command)


def invoke(database_url: str, *args: str | Path) -> Result:
    # A wide console keeps rich from wrapping long paths in the middle.
    runner = CliRunner(env={"COLUMNS": "250"})
    return runner.invoke(app, [*map(str, args), "--database-url", database_url])


def write_ndjson(path: Path, catalog: FeedCatalog) -> Path:
    with path.open("wb") as out:
        ndjson.write(catalog, out)
    return path


def product_keys(engine: Engine, livemode: bool = False) -> set[str]:
    with engine.connect() as connection:
        query = select(products.c.source_key).where(products.c.livemode == livemode)
        return set(connection.execute(query).scalars())


def test_import_creates_products(database_url: str, engine: Engine, tmp_path: Path) -> None:
    feed_file = write_ndjson(tmp_path / "catalog.ndjson", rich_catalog())

    result = invoke(database_url, "import", feed_file)

    assert result.exit_code == 0, result.output
    assert "products │ 3" in result.stdout
    assert product_keys(engine) == {"hoodie", "mug", "poster"}
    with engine.connect() as connection:
        assert count(connection, accounts) == 1


def test_second_import_reports_no_change(database_url: str, tmp_path: Path) -> None:
    feed_file = write_ndjson(tmp_path / "catalog.ndjson", rich_catalog())
    invoke(database_url, "import", feed_file)
    report = tmp_path / "report.json"

    result = invoke(database_url, "import", feed_file, "--report", report)

    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    assert (data["products_created"], data["products_updated"], data["products_removed"]) == (0, 0, 0)
    assert data["products_unchanged"] == 3
    assert data["dry_run"] is False


def test_rejected_rows_listed_with_line(database_url: str, tmp_path: Path) -> None:
    feed_file = write_ndjson(tmp_path / "catalog.ndjson", rich_catalog())
    with feed_file.open("ab") as out:
        out.write(b'{"type": "product", "key": "broken"\n')
    report = tmp_path / "report.json"

    result = invoke(database_url, "import", feed_file, "--report", report)

    assert result.exit_code == 0, result.output
    assert "│ catalog.ndjson │ 7 " in result.stdout
    [issue] = json.loads(report.read_text(encoding="utf-8"))["issues"]
    assert issue["code"] == "invalid_json"
    assert issue["file"] == str(feed_file)
    assert issue["line"] == 7


def test_long_issue_list_truncated_on_screen(database_url: str, tmp_path: Path) -> None:
    catalog = simple_catalog(*(product(f"p{index}", variant("v", f"SKU-{index}")) for index in range(3)))
    feed_file = write_ndjson(tmp_path / "catalog.ndjson", catalog)
    with feed_file.open("ab") as out:
        out.write(b"not json\n" * (feeds.SCREEN_ISSUES + 7))
    report = tmp_path / "report.json"

    result = invoke(database_url, "import", feed_file, "--report", report)

    assert result.exit_code == 0, result.output
    assert f"and 7 more issues, listed in full in {report}" in result.stdout
    assert len(json.loads(report.read_text(encoding="utf-8"))["issues"]) == feeds.SCREEN_ISSUES + 7


def test_dry_run_changes_nothing(database_url: str, engine: Engine, tmp_path: Path) -> None:
    feed_file = write_ndjson(tmp_path / "catalog.ndjson", rich_catalog())
    before = snapshot(engine)

    result = invoke(database_url, "import", feed_file, "--dry-run")

    assert result.exit_code == 0, result.output
    assert "Dry run: nothing was written." in result.stdout
    assert "products │ 3" in result.stdout
    assert snapshot(engine) == before


def test_vanished_products_removed_unless_kept(database_url: str, engine: Engine, tmp_path: Path) -> None:
    invoke(database_url, "import", write_ndjson(tmp_path / "full.ndjson", rich_catalog()))
    smaller = rich_catalog()
    smaller.products = smaller.products[1:]
    smaller_file = write_ndjson(tmp_path / "smaller.ndjson", smaller)

    kept = invoke(database_url, "import", smaller_file, "--keep-missing")
    assert kept.exit_code == 0, kept.output
    assert product_keys(engine) == {"hoodie", "mug", "poster"}

    removed = invoke(database_url, "import", smaller_file)
    assert removed.exit_code == 0, removed.output
    assert product_keys(engine) == {"mug", "poster"}


def test_live_mode_writes_live_catalog(database_url: str, engine: Engine, tmp_path: Path) -> None:
    feed_file = write_ndjson(tmp_path / "catalog.ndjson", rich_catalog())

    result = invoke(database_url, "import", feed_file, "--mode", "live")

    assert result.exit_code == 0, result.output
    assert product_keys(engine, livemode=True) == {"hoodie", "mug", "poster"}
    assert product_keys(engine, livemode=False) == set()


def test_unknown_format_is_usage_error(database_url: str, tmp_path: Path) -> None:
    feed_file = write_ndjson(tmp_path / "catalog.ndjson", rich_catalog())

    result = invoke(database_url, "import", feed_file, "--format", "excel")

    assert result.exit_code == 2
    assert result.stderr.startswith("error: Unknown format 'excel'")
    assert "Traceback" not in result.output


def test_missing_currency_is_usage_error(database_url: str, realdata: Path) -> None:
    result = invoke(database_url, "import", realdata / "shopify-csv-velofant-se" / "products_export_1.csv")

    assert result.exit_code == 2
    assert "currency" in result.stderr.lower()
    assert len(result.stderr.strip().splitlines()) == 1


def test_shopify_csv_with_currency_imports(database_url: str, engine: Engine, realdata: Path) -> None:
    source = realdata / "shopify-csv-velofant-se" / "products_export_1.csv"

    result = invoke(database_url, "import", source, "--currency", "SEK", "--warehouse-country", "SE")

    assert result.exit_code == 0, result.output
    assert len(product_keys(engine)) == 14


def test_unknown_account_is_usage_error(database_url: str, tmp_path: Path) -> None:
    feed_file = write_ndjson(tmp_path / "catalog.ndjson", rich_catalog())

    result = invoke(database_url, "import", feed_file, "--account", "acct_nobody")

    assert result.exit_code == 2
    assert "acct_nobody" in result.stderr


def test_missing_warehouse_country_is_usage_error(database_url: str, engine: Engine, tmp_path: Path) -> None:
    catalog = simple_catalog(product("p", variant("v", "SKU-1", stock=[FeedStock("default", 4)])), warehouses=[])
    feed_file = write_ndjson(tmp_path / "catalog.ndjson", catalog)

    refused = invoke(database_url, "import", feed_file)
    accepted = invoke(database_url, "import", feed_file, "--warehouse-country", "PL")

    assert refused.exit_code == 2
    assert "--warehouse-country" in refused.stderr
    assert accepted.exit_code == 0, accepted.output
    assert product_keys(engine) == {"p"}


def test_other_warehouse_country_is_noted(database_url: str, tmp_path: Path) -> None:
    catalog = simple_catalog(product("p", variant("v", "SKU-1", stock=[FeedStock("default", 4)])), warehouses=[])
    feed_file = write_ndjson(tmp_path / "catalog.ndjson", catalog)
    invoke(database_url, "import", feed_file, "--warehouse-country", "PL")

    result = invoke(database_url, "import", feed_file, "--warehouse-country", "DE")

    assert result.exit_code == 0, result.output
    assert "warehouse 'default' already exists in PL" in result.output


def test_variants_without_stock_are_noted(database_url: str, realdata: Path) -> None:
    source = realdata / "shopify-csv-velofant-se" / "products_export_1.csv"

    result = invoke(database_url, "import", source, "--currency", "SEK", "--warehouse-country", "SE")

    assert result.exit_code == 0, result.output
    assert "variants have no stock figure" in result.output


def test_nothing_importable_fails_and_changes_nothing(database_url: str, engine: Engine, tmp_path: Path) -> None:
    feed_file = tmp_path / "broken.ndjson"
    feed_file.write_bytes(b'{"type": "product", "key": "a"}\n{"type": "product"}\n')
    report = tmp_path / "report.json"
    before = snapshot(engine)

    result = invoke(database_url, "import", feed_file, "--report", report)

    assert result.exit_code == 1
    assert result.stderr.startswith("error: Nothing was imported")
    assert snapshot(engine) == before
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["imported"] is False
    assert data["errors"] == 2


def test_export_then_import_changes_nothing(database_url: str, tmp_path: Path) -> None:
    invoke(database_url, "import", write_ndjson(tmp_path / "catalog.ndjson", rich_catalog()), "--feed", "shop")
    exported = tmp_path / "export.ndjson"

    export = invoke(database_url, "export", "--feed", "shop", "--output", exported)
    report = tmp_path / "report.json"
    again = invoke(database_url, "import", exported, "--feed", "shop", "--report", report)

    assert export.exit_code == 0, export.output
    assert again.exit_code == 0, again.output
    data = json.loads(report.read_text(encoding="utf-8"))
    assert (data["products_unchanged"], data["products_created"], data["products_updated"]) == (3, 0, 0)


@pytest.mark.parametrize(
    ("format", "option"),
    [
        ("google-merchant", "<g:name>Farbe</g:name>"),
        # Google's attribute follows the source option name, Color, whatever its translation.
        ("google-merchant", "<g:color>Schwarz</g:color>"),
        ("shopify-csv", "Farbe"),
    ],
)
def test_export_in_a_translation(database_url: str, tmp_path: Path, format: str, option: str) -> None:
    invoke(database_url, "import", write_ndjson(tmp_path / "catalog.ndjson", rich_catalog()))

    result = invoke(database_url, "export", "--format", format, "--locale", "de")

    assert result.exit_code == 0, result.output
    assert "Bio-Kapuzenpullover" in result.stdout
    assert "Organic hoodie" not in result.stdout
    assert option in result.stdout
    assert "Enamel mug" in result.stdout
    assert "Product 'mug' has no translation into de" in result.stderr


def test_export_counts_what_it_left_out(database_url: str, tmp_path: Path) -> None:
    invoke(database_url, "import", write_ndjson(tmp_path / "catalog.ndjson", rich_catalog()))
    report = tmp_path / "export-report.json"

    result = invoke(database_url, "export", "--format", "google-merchant", "--currency", "USD", "--report", report)

    assert result.exit_code == 0, result.output
    assert "Exported 1 of 3 products and 1 of 4 variants in USD to standard output" in result.stderr
    assert "Warnings: 3 missing_price_in_currency." in result.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert (data["products"], data["variants"], data["products_in_store"], data["variants_in_store"]) == (1, 1, 3, 4)
    assert data["currency"] == "USD"
    assert [issue["code"] for issue in data["issues"]] == ["missing_price_in_currency"] * 3


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("export", "--format", "ndjson", "--locale", "de"), "an NDJSON export carries every translation already"),
        (("export", "--format", "google-merchant", "--locale", "de_DE"), "--locale de_DE is not a BCP 47 language tag"),
        (("export", "--format", "shopify-csv", "--currency", "sek"), "codes are upper case; use --currency SEK"),
        (("import", "README.md", "--locale", "english"), "--locale english is not a BCP 47 language tag"),
        (("import", "README.md", "--currency", "Eur"), "codes are upper case; use --currency EUR"),
    ],
)
def test_feed_option_usage_errors(database_url: str, arguments: tuple[str, ...], message: str) -> None:
    result = invoke(database_url, *arguments)

    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize(("format", "start"), [("shopify-csv", "Handle,Title"), ("google-merchant", "<?xml")])
def test_export_writes_to_stdout(database_url: str, tmp_path: Path, format: str, start: str) -> None:
    invoke(database_url, "import", write_ndjson(tmp_path / "catalog.ndjson", rich_catalog()))

    result = invoke(database_url, "export", "--format", format)

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(start)
    assert "Exported 3 products with 4 variants" in result.stderr
