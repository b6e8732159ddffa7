"""Wire models of inventory: warehouses, stock per warehouse and bulk lookups."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, field_validator

from opendrop_kit.schema.common import CountryCode, Money, RequestModel, WireModel
from opendrop_kit.schema.countries import COUNTRY_CODES, COUNTRY_PATTERN, is_country_code

MAX_LOOKUP_SKUS = 1000

# The enum lists the assigned codes for clients and generated tests, because the pattern alone
# would document "AA" as valid although the server rejects it.
AssignedCountryCode = Annotated[
    str,
    Field(
        pattern=COUNTRY_PATTERN,
        description="Assigned ISO 3166-1 alpha-2 country code.",
        json_schema_extra={"enum": sorted(COUNTRY_CODES)},
    ),
]


class Warehouse(WireModel):
    object: Literal["warehouse"] = "warehouse"
    id: str
    code: str
    name: str
    country: CountryCode
    ships_to: list[CountryCode]


class Incoming(WireModel):
    quantity: int
    expected_at: datetime | None


class InventoryLevel(WireModel):
    warehouse_id: str
    warehouse_code: str
    country: CountryCode
    on_hand: int | None = Field(description="Null when the supplier does not count this stock.")
    reserved: int
    available: int | None = Field(description="on_hand minus reserved, never below 0; null when untracked.")
    incoming: Incoming | None


class Inventory(WireModel):
    object: Literal["inventory"] = "inventory"
    variant_id: str
    sku: str
    ship_to: CountryCode | None
    tracked: bool
    available: int | None = Field(
        description="Sum over the levels (of warehouses shipping to ship_to when given); null when untracked."
    )
    in_stock: bool
    inventory_policy: Literal["deny", "continue"]
    levels: list[InventoryLevel]


class SnapshotLevel(WireModel):
    """A warehouse's stock of one variant in a snapshot record."""

    warehouse_id: str
    on_hand: int | None = Field(description="Null when the supplier does not count this stock.")
    reserved: int
    available: int | None = Field(description="on_hand minus reserved, never below 0; null when untracked.")


class SnapshotRecord(WireModel):
    """One line of the availability snapshot: the stock and primary price of one variant."""

    variant_id: str
    sku: str
    available: int | None
    in_stock: bool
    tracked: bool
    price: Money
    levels: list[SnapshotLevel]


class InventoryLookupRequest(RequestModel):
    """Body of POST /v1/inventory/lookup."""

    # An empty string is a SKU that matches no variant, so it is listed in `not_found`.
    skus: list[Annotated[str, Field(max_length=255)]] = Field(min_length=1, max_length=MAX_LOOKUP_SKUS)
    ship_to: AssignedCountryCode | None = None

    @field_validator("ship_to")
    @classmethod
    def _assigned_country(cls, value: str | None) -> str | None:
        if value is not None and not is_country_code(value):
            raise ValueError(f"{value} is not an assigned ISO 3166-1 alpha-2 country code")
        return value


class InventoryLookup(WireModel):
    object: Literal["list"] = "list"
    data: list[Inventory]
    not_found: list[str] = Field(description="Requested SKUs that match no variant.")
