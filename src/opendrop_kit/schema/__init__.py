"""Wire models of the OpenDrop v1 API, usable without the server's dependencies."""

from opendrop_kit.schema.accounts import Conformance, KeyInfo, Me, ProblemRegistry, ProblemType
from opendrop_kit.schema.catalog import (
    Availability,
    Brand,
    BrandRef,
    Category,
    CategoryRef,
    Dimensions,
    Media,
    OptionValue,
    PriceTier,
    Product,
    ProductOption,
    TranslationState,
    Variant,
)
from opendrop_kit.schema.common import FieldError, Money, Page, Problem
from opendrop_kit.schema.inventory import (
    Incoming,
    Inventory,
    InventoryLevel,
    InventoryLookup,
    InventoryLookupRequest,
    Warehouse,
)
from opendrop_kit.schema.money import MoneyError, format_minor_units, to_minor_units

__all__ = [
    "Availability",
    "Brand",
    "BrandRef",
    "Category",
    "CategoryRef",
    "Conformance",
    "Dimensions",
    "FieldError",
    "Incoming",
    "Inventory",
    "InventoryLevel",
    "InventoryLookup",
    "InventoryLookupRequest",
    "KeyInfo",
    "Me",
    "Media",
    "Money",
    "MoneyError",
    "OptionValue",
    "Page",
    "PriceTier",
    "Problem",
    "ProblemRegistry",
    "ProblemType",
    "Product",
    "ProductOption",
    "TranslationState",
    "Variant",
    "Warehouse",
    "format_minor_units",
    "to_minor_units",
]
