"""HTTP endpoints of the inventory conformance class."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from starlette.responses import Response, StreamingResponse

from opendrop_kit.schema.common import Page
from opendrop_kit.schema.inventory import Inventory, InventoryLookup, InventoryLookupRequest, Warehouse
from opendrop_kit.server.accounts.scopes import INVENTORY_READ
from opendrop_kit.server.accounts.service import Principal
from opendrop_kit.server.dependencies import Db, authorize
from opendrop_kit.server.http import JSON_MEDIA_TYPE, dumps, json_response, page_response
from opendrop_kit.server.inventory import service
from opendrop_kit.server.openapi_docs import (
    AUTHENTICATED_ERRORS,
    BODY_ERRORS,
    NOT_FOUND,
    NOT_MODIFIED,
    Country,
)
from opendrop_kit.server.pagination import page_request
from opendrop_kit.server.tenancy import Tenant

router = APIRouter(tags=["inventory"], responses=AUTHENTICATED_ERRORS)

InventoryReader = Annotated[Principal, Depends(authorize(INVENTORY_READ))]
ShipTo = Annotated[Country | None, Query(description="Count only stock in warehouses that ship to this country.")]

NDJSON_MEDIA_TYPE = "application/x-ndjson"


@router.get("/warehouses", response_model=Page[Warehouse], responses=NOT_MODIFIED, summary="List warehouses")
def list_warehouses(
    request: Request,
    principal: InventoryReader,
    connection: Db,
    limit: Annotated[
        int | None, Query(ge=1, description="Items per page; default 50, values above 200 count as 200.")
    ] = None,
    cursor: Annotated[str | None, Query(max_length=1000, description="next_cursor of the previous page.")] = None,
) -> Response:
    """Warehouses with their country and the countries they ship to."""
    page = page_request(cursor, limit, {"list": "warehouses"})
    return page_response(request, service.list_warehouses(connection, Tenant.of(principal), page))


@router.get(
    "/variants/{variant_id}/inventory",
    response_model=Inventory,
    responses={**NOT_FOUND, **NOT_MODIFIED},
    summary="Get a variant's inventory",
)
def get_variant_inventory(
    request: Request,
    principal: InventoryReader,
    connection: Db,
    variant_id: Annotated[str, Path(min_length=1, max_length=100)],
    ship_to: ShipTo = None,
) -> Response:
    """Stock of one variant per warehouse; with ship_to, only what can reach that country."""
    country = ship_to.value if ship_to else None
    return json_response(request, service.variant_inventory(connection, Tenant.of(principal), variant_id, country))


@router.post(
    "/inventory/lookup",
    response_model=InventoryLookup,
    responses=BODY_ERRORS,
    summary="Look up inventory by SKU",
)
def lookup_inventory(
    principal: InventoryReader, connection: Db, body: Annotated[InventoryLookupRequest, Body()]
) -> Response:
    """Inventory of up to 1,000 SKUs in one request. It only reads, so it needs no Idempotency-Key."""
    payload = service.lookup(connection, Tenant.of(principal), body.skus, body.ship_to)
    return Response(dumps(payload), media_type=JSON_MEDIA_TYPE)


@router.get(
    "/inventory/snapshot",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {
                NDJSON_MEDIA_TYPE: {
                    "schema": {"type": "string"},
                    # OpenAPI 3.1 has no schema for each line of a sequence (3.2 adds `itemSchema`).
                    "x-item-schema": {"$ref": "#/components/schemas/SnapshotRecord"},
                }
            },
            "description": "One JSON object per line, one line per variant.",
        }
    },
    summary="Stream the availability snapshot",
)
def inventory_snapshot(request: Request, principal: InventoryReader, ship_to: ShipTo = None) -> StreamingResponse:
    """Availability and price of every variant as NDJSON, streamed with constant memory."""
    country = ship_to.value if ship_to else None
    chunks = service.snapshot_chunks(request.app.state.engine, Tenant.of(principal), country)
    return StreamingResponse(chunks, media_type=NDJSON_MEDIA_TYPE)
