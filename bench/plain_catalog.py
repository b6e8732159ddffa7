"""Baseline of the product list page: the same rows read with plain SQL and serialized with orjson.

The page is built with the same queries as the kit's catalog repository: the ids of the page
first, then products, variants, brands, categories, translations, extra prices and inventory
levels in batched `IN` lists. It is serialized into the same JSON, so the benchmark can check that
both bodies are equal.
Only the source locale is served, as for a request without `Accept-Language`.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from stores import Store

from opendrop_kit.schema.money import CURRENCY_DIGITS

Row = dict[str, Any]

_IN_STOCK_LEVEL = "(inventory_levels.on_hand IS NULL OR inventory_levels.on_hand - inventory_levels.reserved > 0)"


@dataclass(frozen=True, slots=True)
class PageQuery:
    """The parameters of one list request: the tenant, where the page starts and the stock filters."""

    account_id: str
    livemode: bool
    limit: int
    after: str | None = None
    ship_to: str | None = None
    in_stock: bool | None = None
    #: Hash of the request's filters that the kit puts into cursors; see `pagination.next_cursor`.
    filters_hash: str = ""


def product_page(connection: Any, store: Store, page: PageQuery) -> bytes:
    """Return the JSON body of one page of products."""
    ids = _page_ids(connection, store, page)
    has_more = len(ids) > page.limit
    ids = ids[: page.limit]
    data = _products(connection, store, page, ids)
    cursor = _cursor(ids[-1], page.filters_hash) if has_more and ids else None
    payload = {"object": "list", "data": data, "has_more": has_more, "next_cursor": cursor}
    return orjson.dumps(payload, option=orjson.OPT_UTC_Z)


def _page_ids(connection: Any, store: Store, page: PageQuery) -> list[str]:
    clauses = ["products.account_id = ?", "products.livemode = ?"]
    parameters: list[Any] = [page.account_id, page.livemode]
    if page.after is not None:
        clauses.append("products.id > ?")
        parameters.append(page.after)
    if page.ship_to is not None:
        clauses.append(f"EXISTS ({_levels_of_product(in_stock_only=False)})")
        parameters.append(page.ship_to)
    if page.in_stock is not None:
        # Like the kit, with a ship_to the stock must also be in a warehouse serving that country.
        exists = f"EXISTS ({_levels_of_product(in_stock_only=True, serving=page.ship_to is not None)})"
        clauses.append(exists if page.in_stock else f"NOT {exists}")
        if page.ship_to is not None:
            parameters.append(page.ship_to)

    sql = f"SELECT products.id FROM products WHERE {' AND '.join(clauses)} ORDER BY products.id LIMIT ?"
    parameters.append(page.limit + 1)
    return [row[0] for row in query_tuples(connection, store, sql, parameters)]


def _levels_of_product(*, in_stock_only: bool, serving: bool = True) -> str:
    sql = (
        "SELECT inventory_levels.variant_id FROM inventory_levels "
        "JOIN variants ON variants.id = inventory_levels.variant_id WHERE variants.product_id = products.id"
    )
    if serving:
        sql += (
            " AND inventory_levels.warehouse_id IN "
            "(SELECT warehouse_id FROM warehouse_ship_countries WHERE warehouse_ship_countries.country = ?)"
        )
    if in_stock_only:
        sql += f" AND {_IN_STOCK_LEVEL}"
    return sql


def _products(connection: Any, store: Store, page: PageQuery, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []

    placeholders = marks(ids)
    product_rows = query_rows(
        connection,
        store,
        f"SELECT * FROM products WHERE account_id = ? AND livemode = ? AND id IN ({placeholders})",
        [page.account_id, page.livemode, *ids],
    )
    by_id = {row["id"]: row for row in product_rows}
    variant_rows = query_rows(
        connection, store, f"SELECT * FROM variants WHERE product_id IN ({placeholders}) ORDER BY position, id", ids
    )
    variant_ids = [row["id"] for row in variant_rows]

    related = _Related(
        brands=_brands(connection, store, {row["brand_id"] for row in product_rows if row["brand_id"]}),
        categories=_group(_categories(connection, store, ids), "product_id"),
        locales=_translation_locales(connection, store, ids),
        prices=_group(_prices(connection, store, variant_ids), "variant_id"),
        levels=_group(levels_of_variants(connection, store, variant_ids), "variant_id"),
        variants=_group(variant_rows, "product_id"),
    )
    return [_product_dict(by_id[product_id], related) for product_id in ids if product_id in by_id]


@dataclass(slots=True)
class _Related:
    brands: dict[str, Row]
    categories: dict[str, list[Row]]
    locales: dict[str, list[str]]
    prices: dict[str, list[Row]]
    levels: dict[str, list[Row]]
    variants: dict[str, list[Row]]


def _brands(connection: Any, store: Store, brand_ids: set[str]) -> dict[str, Row]:
    if not brand_ids:
        return {}
    ids = sorted(brand_ids)
    rows = query_rows(connection, store, f"SELECT id, name FROM brands WHERE id IN ({marks(ids)})", ids)
    return {row["id"]: row for row in rows}


def _categories(connection: Any, store: Store, product_ids: list[str]) -> list[Row]:
    sql = (
        "SELECT product_categories.product_id, categories.id, categories.name, categories.path "
        "FROM product_categories JOIN categories ON categories.id = product_categories.category_id "
        f"WHERE product_categories.product_id IN ({marks(product_ids)}) ORDER BY categories.path"
    )
    return query_rows(connection, store, sql, product_ids)


def _translation_locales(connection: Any, store: Store, product_ids: list[str]) -> dict[str, list[str]]:
    sql = f"SELECT product_id, locale FROM product_translations WHERE product_id IN ({marks(product_ids)})"
    locales: dict[str, list[str]] = defaultdict(list)
    for product_id, locale in query_tuples(connection, store, sql, product_ids):
        locales[product_id].append(locale)
    return locales


def _prices(connection: Any, store: Store, variant_ids: list[str]) -> list[Row]:
    if not variant_ids:
        return []
    sql = (
        f"SELECT * FROM variant_prices WHERE variant_id IN ({marks(variant_ids)}) "
        "ORDER BY variant_id, currency, min_quantity"
    )
    return query_rows(connection, store, sql, variant_ids)


def levels_of_variants(connection: Any, store: Store, variant_ids: list[str]) -> list[Row]:
    """Return the levels of the variants with their warehouse's code and country (the lookup uses them too)."""
    if not variant_ids:
        return []
    sql = (
        "SELECT inventory_levels.*, warehouses.code AS warehouse_code, warehouses.country "
        "FROM inventory_levels JOIN warehouses ON warehouses.id = inventory_levels.warehouse_id "
        f"WHERE inventory_levels.variant_id IN ({marks(variant_ids)}) "
        "ORDER BY inventory_levels.variant_id, warehouses.code"
    )
    return query_rows(connection, store, sql, variant_ids)


def _product_dict(product: Row, related: _Related) -> dict[str, Any]:
    brand = related.brands.get(product["brand_id"]) if product["brand_id"] else None
    source = product["locale"]
    return {
        "object": "product",
        "id": product["id"],
        "title": product["title"],
        "description_html": product["description_html"],
        "description_text": product["description_text"],
        "brand": {"id": brand["id"], "name": brand["name"]} if brand else None,
        "categories": [
            {"id": row["id"], "name": row["name"], "path": row["path"].split(" > ")}
            for row in related.categories.get(product["id"], [])
        ],
        "tags": _json(product["tags"]),
        "status": product["status"],
        "options": _json(product["options"]),
        "variants": [
            _variant_dict(row, related.prices.get(row["id"], []), related.levels.get(row["id"], []))
            for row in related.variants.get(product["id"], [])
        ],
        "media": _json(product["media"]),
        "attributes": _json(product["attributes"]),
        "locale": source,
        "source_locale": source,
        "available_locales": [source, *sorted(set(related.locales.get(product["id"], [])) - {source})],
        "translation": None,
        "source_url": product["source_url"],
        "created_at": timestamp(product["created_at"]),
        "updated_at": timestamp(product["updated_at"]),
    }


def _variant_dict(row: Row, prices: list[Row], levels: list[Row]) -> dict[str, Any]:
    currency = row["currency"]
    dimensions = None
    if row["length_mm"] is not None or row["width_mm"] is not None or row["height_mm"] is not None:
        dimensions = {"length": row["length_mm"], "width": row["width_mm"], "height": row["height_mm"]}
    tiers = [_tier(row["price_minor"], row["compare_at_minor"], currency, 1)]
    tiers += [_tier(p["amount_minor"], p["compare_at_minor"], p["currency"], p["min_quantity"]) for p in prices]
    return {
        "object": "variant",
        "id": row["id"],
        "product_id": row["product_id"],
        "sku": row["sku"],
        "sku_generated": bool(row["sku_generated"]),
        "title": row["title"],
        "options": [{"option": name, "value": value} for name, value in _json(row["option_values"])],
        "barcode": row["barcode"],
        "weight_grams": row["weight_grams"],
        "dimensions_mm": dimensions,
        "price": money(row["price_minor"], currency),
        "compare_at_price": money(row["compare_at_minor"], currency),
        "prices": tiers,
        "min_order_quantity": row["min_order_quantity"],
        "processing_days": row["processing_days"],
        "origin_country": row["origin_country"],
        "hs_code": row["hs_code"],
        "inventory_policy": row["inventory_policy"],
        "image_url": row["image_url"],
        "availability": availability(levels),
        "created_at": timestamp(row["created_at"]),
        "updated_at": timestamp(row["updated_at"]),
    }


def _tier(minor: int, compare_at: int | None, currency: str, min_quantity: int) -> dict[str, Any]:
    return {
        "price": money(minor, currency),
        "compare_at_price": money(compare_at, currency),
        "min_quantity": min_quantity,
    }


def money(minor: int | None, currency: str) -> dict[str, str] | None:
    if minor is None:
        return None
    return {"amount": amount(minor, CURRENCY_DIGITS[currency]), "currency": currency}


def amount(minor: int, digits: int) -> str:
    """Format minor units as the wire format's decimal string, as `format_minor_units` does."""
    if digits == 0:
        return str(minor)
    sign = "-" if minor < 0 else ""
    whole, fraction = divmod(abs(minor), 10**digits)
    return f"{sign}{whole}.{fraction:0{digits}d}"


def availability(levels: list[Row]) -> dict[str, Any]:
    """Return `{tracked, available, in_stock}`. A level with NULL on_hand makes the variant untracked."""
    total = 0
    for level in levels:
        if level["on_hand"] is None:
            return {"tracked": False, "available": None, "in_stock": True}
        total += max(level["on_hand"] - level["reserved"], 0)
    return {"tracked": True, "available": total, "in_stock": total > 0}


def timestamp(value: Any) -> datetime | None:
    """Return a stored timestamp as an aware UTC datetime (SQLite keeps naive UTC text)."""
    if value is None:
        return None
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    aware: datetime = value
    return aware.astimezone(UTC)


def _json(value: Any) -> Any:
    # SQLite returns JSON columns as text, but psycopg has already parsed them.
    return orjson.loads(value) if isinstance(value, str) else value


def _cursor(last_id: str, filters_hash: str) -> str:
    raw = orjson.dumps({"a": last_id, "f": filters_hash})
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _group(rows: list[Row], key: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def marks(values: list[Any]) -> str:
    return ", ".join("?" for _ in values)


def query_tuples(connection: Any, store: Store, sql: str, parameters: list[Any]) -> list[tuple[Any, ...]]:
    cursor = connection.cursor()
    cursor.execute(store.sql(sql), parameters)
    rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def query_rows(connection: Any, store: Store, sql: str, parameters: list[Any]) -> list[Row]:
    cursor = connection.cursor()
    cursor.execute(store.sql(sql), parameters)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
