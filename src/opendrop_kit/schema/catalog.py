"""Wire models of the catalog: products, variants, options, media, categories and brands."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from opendrop_kit.schema.common import CountryCode, Money, WireModel


class BrandRef(WireModel):
    id: str
    name: str


class Brand(WireModel):
    object: Literal["brand"] = "brand"
    id: str
    name: str


class Category(WireModel):
    object: Literal["category"] = "category"
    id: str
    name: str
    parent_id: str | None
    path: list[str] = Field(description="Names from the root category down to this one.")


class CategoryRef(WireModel):
    id: str
    name: str
    path: list[str]


class ProductOption(WireModel):
    """An option of a product, with its values in display order."""

    name: str
    values: list[str]


class OptionValue(WireModel):
    """A variant's value for one option; the pair (option, value) identifies it."""

    option: str
    value: str


class Dimensions(WireModel):
    length: int | None = Field(description="Millimetres.")
    width: int | None = Field(description="Millimetres.")
    height: int | None = Field(description="Millimetres.")


class PriceTier(WireModel):
    """A price in one currency from `min_quantity` units up."""

    price: Money
    compare_at_price: Money | None = None
    min_quantity: int = Field(ge=1)


class Availability(WireModel):
    """Stock summary over all warehouses; `available` is null when the supplier does not count stock."""

    tracked: bool
    available: int | None
    in_stock: bool


class Variant(WireModel):
    object: Literal["variant"] = "variant"
    id: str
    product_id: str
    sku: str
    sku_generated: bool = Field(description="True when the supplier's feed had no usable SKU.")
    title: str | None
    options: list[OptionValue]
    barcode: str | None
    weight_grams: int | None
    dimensions_mm: Dimensions | None
    price: Money
    compare_at_price: Money | None
    prices: list[PriceTier]
    min_order_quantity: int
    processing_days: int | None
    origin_country: CountryCode | None
    hs_code: str | None
    inventory_policy: Literal["deny", "continue"]
    image_url: str | None
    availability: Availability
    created_at: datetime
    updated_at: datetime


class Media(WireModel):
    url: str
    alt: str | None
    position: int
    variant_ids: list[str] = Field(description="Variants this image shows; empty means all.")


class TranslationState(WireModel):
    locale: str
    outdated: bool = Field(description="True when the source text changed after it was translated.")


class Product(WireModel):
    object: Literal["product"] = "product"
    id: str
    title: str
    description_html: str | None = Field(description="Sanitized HTML: no scripts, styles or event handlers.")
    description_text: str | None
    brand: BrandRef | None
    categories: list[CategoryRef]
    tags: list[str]
    status: Literal["active", "draft", "archived"]
    options: list[ProductOption]
    variants: list[Variant]
    media: list[Media]
    attributes: dict[str, str]
    locale: str = Field(description="Language of this representation's text (BCP 47).")
    source_locale: str
    available_locales: list[str]
    translation: TranslationState | None
    source_url: str | None
    created_at: datetime
    updated_at: datetime
