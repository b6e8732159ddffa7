"""HTTP endpoints of the catalog conformance class."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from opendrop_kit.schema.catalog import Brand, Category, Product, Variant
from opendrop_kit.schema.common import Page, Timestamp
from opendrop_kit.server.accounts.scopes import CATALOG_READ
from opendrop_kit.server.accounts.service import Principal
from opendrop_kit.server.catalog import service
from opendrop_kit.server.catalog.locale import parse_accept_language
from opendrop_kit.server.catalog.repository import ProductFilters
from opendrop_kit.server.dependencies import Db, authorize
from opendrop_kit.server.http import add_next_link, json_response, page_response
from opendrop_kit.server.openapi_docs import (
    AUTHENTICATED_ERRORS,
    NOT_FOUND,
    NOT_MODIFIED,
    AcceptLanguage,
    Country,
)
from opendrop_kit.server.pagination import page_request
from opendrop_kit.server.tenancy import Tenant

router = APIRouter(tags=["catalog"], responses={**AUTHENTICATED_ERRORS, **NOT_MODIFIED})

CatalogReader = Annotated[Principal, Depends(authorize(CATALOG_READ))]
Limit = Annotated[int | None, Query(ge=1, description="Items per page; default 50, values above 200 count as 200.")]
Cursor = Annotated[str | None, Query(max_length=1000, description="next_cursor of the previous page.")]
Id = Annotated[str, Path(min_length=1, max_length=100)]

_VARY = "Accept-Language"


@router.get("/products", response_model=Page[Product], summary="List products")
def list_products(
    request: Request,
    principal: CatalogReader,
    connection: Db,
    accept_language: AcceptLanguage = None,
    q: Annotated[
        str | None,
        Query(
            min_length=1, max_length=200, description="Words of the title or of a translated title, or an exact SKU."
        ),
    ] = None,
    category: Annotated[str | None, Query(max_length=100, description="Category id; includes sub-categories.")] = None,
    brand: Annotated[str | None, Query(max_length=100, description="Brand id.")] = None,
    sku: Annotated[
        str | None,
        Query(min_length=1, max_length=255, description="Products with a variant of this exact SKU."),
    ] = None,
    status: Annotated[Literal["active", "draft", "archived"] | None, Query(description="Product status.")] = None,
    updated_since: Annotated[
        Timestamp | None,
        Query(description="RFC 3339 timestamp with an offset; products updated at or after it."),
    ] = None,
    ship_to: Annotated[
        Country | None, Query(description="Products stocked in a warehouse that ships to this country.")
    ] = None,
    in_stock: Annotated[
        bool | None, Query(description="Products with (true) or without (false) sellable stock.")
    ] = None,
    limit: Limit = None,
    cursor: Cursor = None,
) -> Response:
    """Products of the account, oldest first, with their variants, in the best language available."""
    filters = ProductFilters(
        q=q,
        category=category,
        brand=brand,
        sku=sku,
        status=status,
        updated_since=updated_since,
        ship_to=ship_to.value if ship_to else None,
        in_stock=in_stock,
    )
    page = page_request(cursor, limit, _as_dict(filters))
    payload = service.list_products(
        connection, Tenant.of(principal), filters, page, parse_accept_language(accept_language)
    )
    return _localized(request, payload, payload["next_cursor"])


@router.get("/products/{product_id}", response_model=Product, responses=NOT_FOUND, summary="Get a product")
def get_product(
    request: Request,
    principal: CatalogReader,
    connection: Db,
    product_id: Id,
    accept_language: AcceptLanguage = None,
) -> Response:
    """Return a product with its variants, options, media and categories."""
    payload = service.get_product(connection, Tenant.of(principal), product_id, parse_accept_language(accept_language))
    return _localized(request, payload)


@router.get("/variants/{variant_id}", response_model=Variant, responses=NOT_FOUND, summary="Get a variant")
def get_variant(
    request: Request,
    principal: CatalogReader,
    connection: Db,
    variant_id: Id,
    accept_language: AcceptLanguage = None,
) -> Response:
    """Return a variant by its id."""
    variant, locale = service.get_variant(
        connection, Tenant.of(principal), parse_accept_language(accept_language), variant_id=variant_id
    )
    return _in_language(request, variant, locale)


@router.get("/skus/{sku:path}", response_model=Variant, responses=NOT_FOUND, summary="Get a variant by SKU")
def get_variant_by_sku(
    request: Request,
    principal: CatalogReader,
    connection: Db,
    sku: Annotated[str, Path(min_length=1, max_length=255, description="Exact, case-sensitive SKU, URL-encoded.")],
    accept_language: AcceptLanguage = None,
) -> Response:
    """Return the variant whose SKU equals the path segment exactly (case-sensitive)."""
    variant, locale = service.get_variant(
        connection, Tenant.of(principal), parse_accept_language(accept_language), sku=sku
    )
    return _in_language(request, variant, locale)


@router.get("/categories", response_model=Page[Category], summary="List categories")
def list_categories(
    request: Request, principal: CatalogReader, connection: Db, limit: Limit = None, cursor: Cursor = None
) -> Response:
    """Categories of the account; each names its parent and its path from the root."""
    page = page_request(cursor, limit, {"list": "categories"})
    return page_response(request, service.list_categories(connection, Tenant.of(principal), page))


@router.get("/brands", response_model=Page[Brand], summary="List brands")
def list_brands(
    request: Request, principal: CatalogReader, connection: Db, limit: Limit = None, cursor: Cursor = None
) -> Response:
    """Brands of the account's products."""
    page = page_request(cursor, limit, {"list": "brands"})
    return page_response(request, service.list_brands(connection, Tenant.of(principal), page))


def _localized(request: Request, payload: dict[str, Any], next_cursor: object = None) -> Response:
    response = _in_language(request, payload, service.content_language(payload))
    add_next_link(request, response, next_cursor if isinstance(next_cursor, str) else None)
    return response


def _in_language(request: Request, payload: dict[str, Any], language: str | None) -> Response:
    response = json_response(request, payload, vary=_VARY)
    if language:
        response.headers["Content-Language"] = language
    return response


def _as_dict(filters: ProductFilters) -> dict[str, object]:
    return {name: getattr(filters, name) for name in ProductFilters.__dataclass_fields__}
