"""The OpenDrop NDJSON feed: lossless round trips, and bad lines reported with their place."""

from __future__ import annotations

import dataclasses
import gzip
import io
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson
import pytest

from opendrop_kit.demo.catalog import demo_catalog
from opendrop_kit.feeds import ndjson
from opendrop_kit.feeds.errors import FeedFormatError
from opendrop_kit.feeds.hashing import content_hash
from opendrop_kit.feeds.model import (
    FeedCatalog,
    FeedIssue,
    FeedMedia,
    FeedPrice,
    FeedProduct,
    FeedStock,
    FeedTranslation,
    FeedVariant,
    FeedWarehouse,
    ReadOptions,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "ndjson-format.md"
WAREHOUSE = {"type": "warehouse", "code": "de-ber", "country": "DE", "ships_to": ["DE", "AT"]}


def product_record(key: str = "tee", **changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "type": "product",
        "key": key,
        "title": "Tee",
        "options": ["Size"],
        "variants": [
            {
                "key": "s",
                "sku": f"{key}-S",
                "options": [{"option": "Size", "value": "S"}],
                "prices": [{"amount": "19.99", "currency": "EUR"}],
                "stock": [{"warehouse": "de-ber", "on_hand": 4}],
            }
        ],
    }
    record.update(changes)
    return record


def variant_with(**changes: Any) -> list[dict[str, Any]]:
    variant = product_record()["variants"][0]
    variant.update(changes)
    return [variant]


def write_lines(path: Path, lines: list[Any]) -> Path:
    encoded = [line if isinstance(line, bytes) else orjson.dumps(line) for line in lines]
    path.write_bytes(b"\n".join(encoded) + b"\n")
    return path


def read_lines(tmp_path: Path, lines: list[Any], options: ReadOptions | None = None) -> FeedCatalog:
    path = write_lines(tmp_path / "catalog.ndjson", lines)
    return ndjson.read([path], options or ReadOptions())


def round_trip(catalog: FeedCatalog, tmp_path: Path) -> FeedCatalog:
    buffer = io.BytesIO()
    ndjson.write(catalog, buffer)
    path = tmp_path / "round-trip.ndjson"
    path.write_bytes(buffer.getvalue())
    return ndjson.read([path], ReadOptions())


def without_lines(products: list[FeedProduct]) -> list[FeedProduct]:
    """Copy products with `line` cleared: the reader sets it, the format does not carry it."""
    copies = []
    for product in products:
        variants = [dataclasses.replace(variant, line=None) for variant in product.variants]
        copies.append(dataclasses.replace(product, line=None, variants=variants))
    return copies


def errors(catalog: FeedCatalog) -> list[FeedIssue]:
    return [issue for issue in catalog.issues if issue.severity == "error"]


def full_catalog() -> FeedCatalog:
    """A catalog in which every field of every model class differs from its default."""
    berlin = FeedWarehouse("de-ber", "DE", "Berlin", ["DE", "AT"])
    restock = datetime(2027, 3, 1, 8, 30, 15, 250000, tzinfo=timezone(timedelta(hours=2)))
    variant = FeedVariant(
        key="m-red",
        sku="TEE-M-RED",
        option_values=[("Size", "M"), ("Color", "Red")],
        prices=[
            FeedPrice("EUR", 1999, compare_at_minor=2499),
            FeedPrice("EUR", 1799, min_quantity=10),
            FeedPrice("JPY", 3200),
            FeedPrice("KWD", 6550),
        ],
        stock=[FeedStock("de-ber", on_hand=-2, reserved=1, incoming=40, incoming_expected_at=restock)],
        title="M / Red",
        barcode="4006381333931",
        weight_grams=180,
        length_mm=300,
        width_mm=250,
        height_mm=20,
        inventory_policy="continue",
        min_order_quantity=3,
        processing_days=0,
        origin_country="PT",
        hs_code="610910",
        image_url="https://cdn.example.com/red.jpg",
        line=None,
        sku_generated=True,
    )
    product = FeedProduct(
        key="tee",
        title="Tee",
        description_html="<p>Soft.</p>",
        description_text="Soft.",
        brand="Nordlicht",
        categories=[["Apparel", "Tops"], ["Sale"]],
        tags=["organic", "tee"],
        status="archived",
        options=["Size", "Color"],
        variants=[variant],
        media=[FeedMedia("https://cdn.example.com/red.jpg", "Red tee", ["m-red"])],
        attributes={"material": "cotton", "a/b~c": "escaped in pointers"},
        locale="pt-BR",
        translations={
            "de": FeedTranslation(
                "T-Shirt",
                "<p>Weich.</p>",
                {"Color": "Farbe"},
                {"Color": {"Red": "Rot"}},
                content_hash("Tee", "<p>Soft.</p>"),
            )
        },
        line=None,
        source_url="https://shop.example.com/tee",
    )
    return FeedCatalog(format="test", products=[product], warehouses=[berlin])


def test_demo_catalog_round_trips_exactly(tmp_path: Path) -> None:
    catalog = demo_catalog()

    read = round_trip(catalog, tmp_path)

    assert read.issues == []
    assert read.warehouses == catalog.warehouses
    assert without_lines(read.products) == catalog.products


def test_every_model_field_round_trips(tmp_path: Path) -> None:
    catalog = full_catalog()

    read = round_trip(catalog, tmp_path)

    assert read.issues == []
    assert read.warehouses == catalog.warehouses
    assert without_lines(read.products) == catalog.products
    restock = read.products[0].variants[0].stock[0].incoming_expected_at
    assert restock is not None
    assert restock.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    ("instance", "skipped"),
    [
        (full_catalog().products[0], {"line", "file"}),
        (full_catalog().products[0].variants[0], {"line", "file"}),
        (full_catalog().products[0].variants[0].prices[0], {"min_quantity"}),
        (full_catalog().products[0].variants[0].prices[1], {"compare_at_minor"}),
        (full_catalog().products[0].variants[0].stock[0], set()),
        (full_catalog().products[0].media[0], set()),
        (full_catalog().products[0].translations["de"], set()),
        (full_catalog().warehouses[0], set()),
    ],
    ids=lambda value: type(value).__name__ if dataclasses.is_dataclass(value) else "",
)
def test_full_catalog_sets_every_field(instance: Any, skipped: set[str]) -> None:
    # Guards the round-trip test above: a field added to the model must get a non-default value
    # there, so that the round trip fails when the format omits the field.
    for field in dataclasses.fields(instance):
        if field.name in skipped:
            continue
        if field.default is not dataclasses.MISSING:
            assert getattr(instance, field.name) != field.default, field.name
        elif field.default_factory is not dataclasses.MISSING:
            assert getattr(instance, field.name) != field.default_factory(), field.name


def test_writer_omits_defaults_and_writes_header(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    catalog = FeedCatalog("test", products=[FeedProduct("a", "A", variants=[FeedVariant("v", None)])])

    ndjson.write(catalog, buffer)

    header, product = (orjson.loads(line) for line in buffer.getvalue().splitlines())
    assert header == {"type": "opendrop.catalog", "version": 1, "product_count": 1}
    assert product == {"type": "product", "key": "a", "title": "A", "locale": "en", "variants": [{"key": "v"}]}


def test_utc_timestamps_written_with_z() -> None:
    level = FeedStock("default", 0, incoming=5, incoming_expected_at=datetime(2027, 1, 15, 9, 0, tzinfo=UTC))
    catalog = FeedCatalog("test", products=[FeedProduct("a", "A", variants=[FeedVariant("v", "A-1", stock=[level])])])
    buffer = io.BytesIO()

    ndjson.write(catalog, buffer)

    assert b'"incoming_expected_at":"2027-01-15T09:00:00Z"' in buffer.getvalue()


def test_write_rejects_naive_timestamp() -> None:
    level = FeedStock("default", 0, incoming=5, incoming_expected_at=datetime(2027, 1, 15, 9, 0))
    catalog = FeedCatalog("test", products=[FeedProduct("a", "A", variants=[FeedVariant("v", "A-1", stock=[level])])])

    with pytest.raises(ValueError, match="no timezone"):
        ndjson.write(catalog, io.BytesIO())


def test_read_sets_line_numbers(tmp_path: Path) -> None:
    catalog = read_lines(
        tmp_path, [{"type": "opendrop.catalog", "version": 1}, WAREHOUSE, product_record("a"), b"", product_record("b")]
    )

    assert [product.line for product in catalog.products] == [3, 5]
    assert [product.variants[0].line for product in catalog.products] == [3, 5]
    assert catalog.rows_read == 3


def test_header_is_optional(tmp_path: Path) -> None:
    catalog = read_lines(tmp_path, [WAREHOUSE, product_record()])

    assert catalog.issues == []
    assert [product.key for product in catalog.products] == ["tee"]
    assert catalog.format == "ndjson"


def test_bad_lines_reported_with_line_numbers(tmp_path: Path) -> None:
    lines = [
        {"type": "opendrop.catalog", "version": 1},
        WAREHOUSE,
        product_record("first"),
        b'{"type": "product", "key": "broken", ',
        product_record("typed", title=42),
        product_record("nowhere", variants=variant_with(stock=[{"warehouse": "us-nj", "on_hand": 1}])),
        b"[1, 2, 3]",
        product_record("last"),
    ]

    catalog = read_lines(tmp_path, lines)

    assert [product.key for product in catalog.products] == ["first", "last"]
    found = [(issue.line, issue.code, issue.field) for issue in errors(catalog)]
    assert found == [
        (4, "invalid_json", None),
        (5, "invalid_value", "/title"),
        (6, "unknown_warehouse", "/variants/0/stock/0/warehouse"),
        (7, "invalid_record", ""),
    ]
    assert all(issue.file == str(tmp_path / "catalog.ndjson") for issue in catalog.issues)
    assert catalog.rows_read == 7


def test_invalid_json_message_shows_line_start(tmp_path: Path) -> None:
    catalog = read_lines(tmp_path, [WAREHOUSE, b'{"type": "product", "key": "x"'])

    (issue,) = catalog.issues
    assert issue.code == "invalid_json"
    assert issue.line == 2
    assert issue.value == '{"type": "product", "key": "x"'
    assert "unexpected end of data, at character" in issue.message


@pytest.mark.parametrize(
    ("amount", "currency", "code", "field"),
    [
        ("19.999", "EUR", "too_many_decimals", "amount"),
        ("100.5", "JPY", "too_many_decimals", "amount"),
        ("1.2345", "KWD", "too_many_decimals", "amount"),
        (19.99, "EUR", "invalid_amount", "amount"),
        ("19,99", "EUR", "invalid_amount", "amount"),
        ("-1.00", "EUR", "negative_amount", "amount"),
        ("19.99", "EURO", "invalid_currency", "currency"),
        ("19.99", None, "invalid_currency", "currency"),
    ],
)
def test_bad_amounts_rejected(tmp_path: Path, amount: Any, currency: Any, code: str, field: str) -> None:
    price = {"amount": amount, "currency": currency}
    catalog = read_lines(tmp_path, [WAREHOUSE, product_record(variants=variant_with(prices=[price]))])

    assert catalog.products == []
    (issue,) = catalog.issues
    assert issue.code == code
    assert issue.line == 2
    assert issue.field == f"/variants/0/prices/0/{field}"


def test_too_many_decimals_message_names_fix(tmp_path: Path) -> None:
    price = {"amount": "19.999", "currency": "EUR"}
    catalog = read_lines(tmp_path, [WAREHOUSE, product_record(variants=variant_with(prices=[price]))])

    (issue,) = catalog.issues
    assert "19.999" in issue.message
    assert "EUR" in issue.message
    assert issue.value == "19.999"


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("1.234", "KWD", 1234),
        ("3180", "JPY", 3180),
        ("19.90", "EUR", 1990),
        ("19.9", "EUR", 1990),
        ("7.000", "EUR", 700),
    ],
)
def test_amounts_converted_exactly(tmp_path: Path, amount: str, currency: str, minor: int) -> None:
    price = {"amount": amount, "currency": currency, "compare_at_amount": amount}
    catalog = read_lines(tmp_path, [WAREHOUSE, product_record(variants=variant_with(prices=[price]))])

    assert catalog.issues == []
    (read,) = catalog.products[0].variants[0].prices
    assert read == FeedPrice(currency, minor, minor)


def test_cached_amount_checked_per_currency(tmp_path: Path) -> None:
    # "1.5" is valid in EUR and must still be rejected in JPY after the EUR conversion is cached.
    first = product_record("a", variants=variant_with(prices=[{"amount": "1.5", "currency": "EUR"}]))
    second = product_record("b", variants=variant_with(prices=[{"amount": "1.5", "currency": "JPY"}]))

    catalog = read_lines(tmp_path, [WAREHOUSE, first, second])

    assert [product.key for product in catalog.products] == ["a"]
    assert [(issue.line, issue.code) for issue in catalog.issues] == [(3, "too_many_decimals")]


@pytest.mark.parametrize(
    ("variant", "field"),
    [
        ({"sku": 12}, "/variants/0/sku"),
        ({"key": ""}, "/variants/0/key"),
        ({"weight_grams": 1.5}, "/variants/0/weight_grams"),
        ({"weight_grams": -1}, "/variants/0/weight_grams"),
        ({"min_order_quantity": 0}, "/variants/0/min_order_quantity"),
        ({"inventory_policy": "oversell"}, "/variants/0/inventory_policy"),
        ({"origin_country": "de"}, "/variants/0/origin_country"),
        ({"image_url": "javascript:alert(1)"}, "/variants/0/image_url"),
        ({"sku_generated": "yes"}, "/variants/0/sku_generated"),
        ({"prices": [{"amount": "1.00", "currency": "EUR", "min_quantity": 0}]}, "/variants/0/prices/0/min_quantity"),
        ({"stock": [{"warehouse": "de-ber", "on_hand": "4"}]}, "/variants/0/stock/0/on_hand"),
        ({"stock": [{"warehouse": "de-ber", "on_hand": 4, "reserved": -1}]}, "/variants/0/stock/0/reserved"),
        (
            {
                "stock": [
                    {"warehouse": "de-ber", "on_hand": 0, "incoming": 5, "incoming_expected_at": "2027-01-15T09:00:00"}
                ]
            },
            "/variants/0/stock/0/incoming_expected_at",
        ),
        (
            {"stock": [{"on_hand": 1, "warehouse": "de-ber"}, {"warehouse": "de-ber", "on_hand": 2}]},
            "/variants/0/stock",
        ),
        ({"options": [{"option": "Size", "value": ""}]}, "/variants/0/options/0"),
        ({"options": [{"option": "Colour", "value": "Red"}]}, "/variants/0/options"),
        (
            {"prices": [{"amount": "1.00", "currency": "EUR"}, {"amount": "2.00", "currency": "EUR"}]},
            "/variants/0/prices",
        ),
    ],
)
def test_invalid_variant_fields_named(tmp_path: Path, variant: dict[str, Any], field: str) -> None:
    catalog = read_lines(tmp_path, [WAREHOUSE, product_record(variants=variant_with(**variant))])

    assert catalog.products == []
    assert [(issue.line, issue.field) for issue in errors(catalog)] == [(2, field)]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"key": None}, "/key"),
        ({"status": "hidden"}, "/status"),
        ({"locale": "english language"}, "/locale"),
        ({"categories": [["Apparel", ""]]}, "/categories/0/1"),
        ({"categories": [[]]}, "/categories/0"),
        ({"tags": ["ok", 3]}, "/tags/1"),
        ({"attributes": {"a/b": 1}}, "/attributes/a~1b"),
        ({"options": ["Size", "Size"]}, "/options"),
        ({"variants": []}, "/variants"),
        ({"media": [{"url": "https://cdn.example.com/x.jpg", "variant_keys": ["xl"]}]}, "/media/0/variant_keys/0"),
        ({"media": [{"alt": "no url"}]}, "/media/0/url"),
        (
            {"translations": {"de": {"title": "T", "option_names": {"Colour": "Farbe"}}}},
            "/translations/de/option_names/Colour",
        ),
        ({"translations": {"de": {"title": "T", "source_hash": "abc"}}}, "/translations/de/source_hash"),
        ({"translations": {"not a locale": {"title": "T"}}}, "/translations/not a locale"),
    ],
)
def test_invalid_product_fields_named(tmp_path: Path, changes: dict[str, Any], field: str) -> None:
    catalog = read_lines(tmp_path, [WAREHOUSE, product_record(**changes)])

    assert catalog.products == []
    assert [(issue.line, issue.field) for issue in errors(catalog)] == [(2, field)]


def test_every_bad_variant_reported(tmp_path: Path) -> None:
    good = product_record()["variants"][0]
    variants = [
        dict(good, key="a", sku=1),
        dict(good, key="b"),
        dict(good, key="c", weight_grams="x"),
        dict(good, key="b"),
    ]

    catalog = read_lines(tmp_path, [WAREHOUSE, product_record(variants=variants)])

    assert catalog.products == []
    assert [issue.field for issue in catalog.issues] == [
        "/variants/0/sku",
        "/variants/2/weight_grams",
        "/variants/3/key",
    ]


def test_option_values_put_in_product_order(tmp_path: Path) -> None:
    options = [{"option": "Color", "value": "Red"}, {"option": "Size", "value": "M"}]
    record = product_record(options=["Size", "Color"], variants=variant_with(options=options))

    catalog = read_lines(tmp_path, [WAREHOUSE, record])

    assert catalog.issues == []
    assert catalog.products[0].variants[0].option_values == [("Size", "M"), ("Color", "Red")]


def test_defaults_from_read_options(tmp_path: Path) -> None:
    record = product_record(variants=variant_with(stock=[{"on_hand": 3}]))

    catalog = read_lines(tmp_path, [record], ReadOptions(locale="fr", warehouse="main"))

    assert catalog.issues == []
    assert catalog.products[0].locale == "fr"
    assert catalog.products[0].variants[0].stock == [FeedStock("main", 3)]


def test_duplicate_product_key_rejected(tmp_path: Path) -> None:
    catalog = read_lines(tmp_path, [WAREHOUSE, product_record("a"), product_record("a")])

    assert len(catalog.products) == 1
    (issue,) = catalog.issues
    assert (issue.code, issue.line) == ("duplicate_product_key", 3)
    assert "line 2" in issue.message


def test_duplicate_warehouse_rejected(tmp_path: Path) -> None:
    catalog = read_lines(tmp_path, [WAREHOUSE, dict(WAREHOUSE, country="AT")])

    assert [warehouse.country for warehouse in catalog.warehouses] == ["DE"]
    assert [(issue.code, issue.line) for issue in catalog.issues] == [("duplicate_warehouse", 2)]


@pytest.mark.parametrize(
    ("warehouse", "field"),
    [
        ({"country": "Germany"}, "/country"),
        ({"country": None}, "/country"),
        ({"ships_to": ["DE", "XX"]}, "/ships_to/1"),
        ({"ships_to": ["DE", "DE"]}, "/ships_to"),
        ({"code": ""}, "/code"),
    ],
)
def test_invalid_warehouse_named(tmp_path: Path, warehouse: dict[str, Any], field: str) -> None:
    catalog = read_lines(tmp_path, [dict(WAREHOUSE, **warehouse)])

    assert catalog.warehouses == []
    assert [(issue.line, issue.field) for issue in catalog.issues] == [(1, field)]


def test_unknown_fields_warned_once_with_count(tmp_path: Path) -> None:
    records = [WAREHOUSE, product_record("a", colour="red"), product_record("b", colour="blue"), {"type": "collection"}]

    catalog = read_lines(tmp_path, records)

    assert [product.key for product in catalog.products] == ["a", "b"]
    warnings = [(issue.code, issue.line, issue.field, issue.value) for issue in catalog.issues]
    assert warnings == [("ignored_field", 2, "/colour", "colour"), ("ignored_record", 4, "/type", "collection")]
    assert "2 times" in catalog.issues[0].message


def test_missing_type_rejected(tmp_path: Path) -> None:
    catalog = read_lines(tmp_path, [WAREHOUSE, {"key": "a", "title": "A"}])

    assert [(issue.code, issue.line, issue.field) for issue in catalog.issues] == [("missing_type", 2, "/type")]


def test_first_line_not_json_is_format_error(tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    path.write_text("Handle,Title\ntee,Tee\n")

    with pytest.raises(FeedFormatError, match="line 1"):
        ndjson.read([path], ReadOptions())


def test_unsupported_version_is_format_error(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "v2.ndjson", [{"type": "opendrop.catalog", "version": 2}, product_record()])

    with pytest.raises(FeedFormatError, match="version 2"):
        ndjson.read([path], ReadOptions())


def test_misplaced_header_reported(tmp_path: Path) -> None:
    catalog = read_lines(tmp_path, [WAREHOUSE, {"type": "opendrop.catalog", "version": 1}])

    assert [(issue.code, issue.line) for issue in catalog.issues] == [("misplaced_header", 2)]


def test_truncated_file_detected(tmp_path: Path) -> None:
    header = {"type": "opendrop.catalog", "version": 1, "product_count": 3}
    catalog = read_lines(tmp_path, [header, WAREHOUSE, product_record("a"), product_record("b")])

    assert len(catalog.products) == 2
    (issue,) = catalog.issues
    assert issue.code == "product_count_mismatch"
    assert issue.severity == "error"


def test_bom_crlf_and_blank_lines_accepted(tmp_path: Path) -> None:
    path = tmp_path / "windows.ndjson"
    body = b"\r\n".join([orjson.dumps(WAREHOUSE), b"", b"   ", orjson.dumps(product_record())])
    path.write_bytes(b"\xef\xbb\xbf" + body + b"\r\n")

    catalog = ndjson.read([path], ReadOptions())

    assert catalog.issues == []
    assert catalog.products[0].line == 4


def test_invalid_utf8_line_reported(tmp_path: Path) -> None:
    catalog = read_lines(
        tmp_path, [WAREHOUSE, b'{"type": "product", "key": "caf\xe9", "title": "x"}', product_record()]
    )

    assert [product.key for product in catalog.products] == ["tee"]
    assert [(issue.code, issue.line) for issue in catalog.issues] == [("invalid_json", 2)]


def test_files_share_warehouses_and_keys(tmp_path: Path) -> None:
    first = write_lines(tmp_path / "warehouses.ndjson", [WAREHOUSE, product_record("a")])
    second = write_lines(tmp_path / "more.ndjson", [product_record("b"), product_record("a")])

    catalog = ndjson.read([first, second], ReadOptions())

    assert [product.key for product in catalog.products] == ["a", "b"]
    (issue,) = catalog.issues
    assert (issue.code, issue.file, issue.line) == ("duplicate_product_key", str(second), 2)


@pytest.mark.parametrize("name", ["catalog.ndjson.gz", "catalog.ndjson"])
def test_gzip_file_read(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    buffer = io.BytesIO()
    ndjson.write(demo_catalog(), buffer)
    path.write_bytes(gzip.compress(buffer.getvalue()))

    catalog = ndjson.read([path], ReadOptions())

    assert catalog.issues == []
    assert without_lines(catalog.products) == demo_catalog().products


def test_truncated_gzip_is_format_error(tmp_path: Path) -> None:
    path = tmp_path / "catalog.ndjson.gz"
    buffer = io.BytesIO()
    ndjson.write(demo_catalog(), buffer)
    path.write_bytes(gzip.compress(buffer.getvalue())[:5000])

    with pytest.raises(FeedFormatError, match="damaged gzip"):
        ndjson.read([path], ReadOptions())


def test_write_stream_checks_announced_count() -> None:
    with pytest.raises(ValueError, match="announced 2 products but 1"):
        ndjson.write_stream(io.BytesIO(), [], [FeedProduct("a", "A")], product_count=2)


def test_documented_example_reads_cleanly(tmp_path: Path) -> None:
    text = DOCS.read_text(encoding="utf-8")
    example = text.split("```ndjson\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.ndjson"
    path.write_text(example, encoding="utf-8")

    catalog = ndjson.read([path], ReadOptions())

    assert catalog.issues == []
    assert [warehouse.code for warehouse in catalog.warehouses] == ["de-ber", "us-nj"]
    tee, mug = catalog.products
    assert tee.variants[0].prices[2] == FeedPrice("JPY", 3180)
    assert tee.variants[0].prices[3] == FeedPrice("KWD", 6550)
    assert tee.translations["de"].source_hash == content_hash(tee.title, tee.description_html)
    assert mug.variants[0].stock == [FeedStock("us-nj", None)]
    buffer = io.BytesIO()
    ndjson.write(catalog, buffer)
    assert buffer.getvalue().decode() == example
