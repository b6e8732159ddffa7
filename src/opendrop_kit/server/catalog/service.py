"""Catalog reads: product lists and lookups in the negotiated locale."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from opendrop_kit.schema.languages import negotiate
from opendrop_kit.server.catalog import repository, serialize
from opendrop_kit.server.catalog.repository import ProductFilters
from opendrop_kit.server.errors import not_found
from opendrop_kit.server.pagination import PageRequest, next_cursor
from opendrop_kit.server.tenancy import Tenant


def list_products(
    connection: Connection, tenant: Tenant, filters: ProductFilters, page: PageRequest, preferences: list[str]
) -> dict[str, Any]:
    ids = repository.list_product_ids(connection, tenant, filters, page.after, page.limit + 1)
    has_more = len(ids) > page.limit
    ids = ids[: page.limit]

    bundles = repository.load_products(connection, tenant, ids)
    data = [serialize.product_dict(bundle, _locale(bundle, preferences)) for bundle in bundles]
    return _page(data, has_more, page)


def get_product(connection: Connection, tenant: Tenant, product_id: str, preferences: list[str]) -> dict[str, Any]:
    bundles = repository.load_products(connection, tenant, [product_id])
    if not bundles:
        raise not_found(f"No product {product_id} exists for this account and mode.")
    return serialize.product_dict(bundles[0], _locale(bundles[0], preferences))


def get_variant(
    connection: Connection,
    tenant: Tenant,
    preferences: list[str],
    *,
    variant_id: str | None = None,
    sku: str | None = None,
) -> tuple[dict[str, Any], str]:
    """Return a variant in the negotiated locale of its product, and that locale."""
    row = repository.find_variant(connection, tenant, variant_id=variant_id, sku=sku)
    if row is None:
        description = f"variant {variant_id}" if variant_id is not None else f"variant with SKU '{sku}'"
        raise not_found(f"No {description} exists for this account and mode.")

    bundle = repository.load_products(connection, tenant, [row["product_id"]])[0]
    product = serialize.product_dict(bundle, _locale(bundle, preferences))
    variant = next(variant for variant in product["variants"] if variant["id"] == row["id"])
    return variant, product["locale"]


def list_categories(connection: Connection, tenant: Tenant, page: PageRequest) -> dict[str, Any]:
    rows = repository.list_categories(connection, tenant, page.after, page.limit + 1)
    data = [serialize.category_dict(row) for row in rows[: page.limit]]
    return _page(data, len(rows) > page.limit, page)


def list_brands(connection: Connection, tenant: Tenant, page: PageRequest) -> dict[str, Any]:
    rows = repository.list_brands(connection, tenant, page.after, page.limit + 1)
    data = [serialize.brand_dict(row) for row in rows[: page.limit]]
    return _page(data, len(rows) > page.limit, page)


def content_language(payload: dict[str, Any]) -> str | None:
    """Return the Content-Language of a product or product list (several languages are comma-joined)."""
    items = payload["data"] if payload.get("object") == "list" else [payload]
    locales = sorted({item["locale"] for item in items})
    return ", ".join(locales) or None


def _page(data: list[dict[str, Any]], has_more: bool, page: PageRequest) -> dict[str, Any]:
    cursor = next_cursor(page, data[-1]["id"]) if has_more and data else None
    return {"object": "list", "data": data, "has_more": has_more, "next_cursor": cursor}


def _locale(bundle: repository.ProductBundle, preferences: list[str]) -> str:
    source = bundle.product["locale"]
    return negotiate(preferences, serialize.available_locales(bundle), source)
