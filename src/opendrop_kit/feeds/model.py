"""The format-neutral catalog that every feed reader produces and every writer consumes.

Readers turn a file into a `FeedCatalog` and record what they could not take as `FeedIssue`s;
`normalize` then applies the catalog rules shared by all formats (SKU trimming and de-duplication,
HTML sanitizing); `apply` writes the result to the store in one transaction; exporters write a
`FeedCatalog` back to a file. Plain slotted dataclasses keep a million-variant import fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Severity = Literal["error", "warning"]
ProductStatus = Literal["active", "draft", "archived"]
InventoryPolicy = Literal["deny", "continue"]

#: Warehouse code used when a feed gives stock without naming a warehouse.
DEFAULT_WAREHOUSE = "default"


@dataclass(slots=True)
class FeedIssue:
    """A rejected row (severity `error`) or a suspicious value that was imported (`warning`)."""

    severity: Severity
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    value: str | None = None


@dataclass(slots=True)
class FeedPrice:
    """One price point: minor units of an ISO 4217 currency, from `min_quantity` units up."""

    currency: str
    amount_minor: int
    compare_at_minor: int | None = None
    min_quantity: int = 1


@dataclass(slots=True)
class FeedStock:
    """Stock of one variant in one warehouse; `on_hand` None means the supplier does not count it."""

    warehouse: str = DEFAULT_WAREHOUSE
    on_hand: int | None = None
    reserved: int = 0
    incoming: int = 0
    incoming_expected_at: datetime | None = None


@dataclass(slots=True)
class FeedMedia:
    """An image of the product; `variant_keys` names the variants it shows (empty: all)."""

    url: str
    alt: str | None = None
    variant_keys: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FeedTranslation:
    """Translated content of a product in one locale (BCP 47 tag such as 'de' or 'pt-BR').

    `option_names` maps a source option name to its translation, `option_values` maps
    'option name' -> {source value: translated value}. `source_hash` is the `content_hash()` of the
    source text the translation was made from, so a changed source marks it outdated.
    """

    title: str
    description_html: str | None = None
    option_names: dict[str, str] = field(default_factory=dict)
    option_values: dict[str, dict[str, str]] = field(default_factory=dict)
    source_hash: str | None = None


@dataclass(slots=True)
class FeedVariant:
    """A purchasable variant. `key` identifies it within its product across imports."""

    key: str
    sku: str | None
    option_values: list[tuple[str, str]] = field(default_factory=list)
    prices: list[FeedPrice] = field(default_factory=list)
    stock: list[FeedStock] = field(default_factory=list)
    title: str | None = None
    barcode: str | None = None
    weight_grams: int | None = None
    length_mm: int | None = None
    width_mm: int | None = None
    height_mm: int | None = None
    inventory_policy: InventoryPolicy = "deny"
    min_order_quantity: int = 1
    processing_days: int | None = None
    origin_country: str | None = None
    hs_code: str | None = None
    image_url: str | None = None
    line: int | None = None
    #: The file the variant was read from, when that differs from its product's (a variations file).
    file: str | None = field(default=None, compare=False)
    #: True when `sku` was generated because the feed gave none (or an unusable one).
    sku_generated: bool = False


@dataclass(slots=True)
class FeedProduct:
    """A product with its variants. `key` is the feed's natural key (handle, group id, parent id)."""

    key: str
    title: str
    description_html: str | None = None
    description_text: str | None = None
    brand: str | None = None
    categories: list[list[str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    status: ProductStatus = "active"
    options: list[str] = field(default_factory=list)
    variants: list[FeedVariant] = field(default_factory=list)
    media: list[FeedMedia] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    locale: str = "en"
    translations: dict[str, FeedTranslation] = field(default_factory=dict)
    line: int | None = None
    #: The file the product was read from; with `line`, where the import's issues point.
    file: str | None = field(default=None, compare=False)
    #: The product page on the supplier's shop, when the feed has one.
    source_url: str | None = None


@dataclass(slots=True)
class ExportResult:
    """The outcome of an export: its currency, the products and variants written, and warnings about the rest."""

    currency: str
    products: int = 0
    variants: int = 0
    issues: list[FeedIssue] = field(default_factory=list)


def file_of(product: FeedProduct, variant: FeedVariant | None = None, default: str | None = None) -> str | None:
    """Return the file that `variant`, else `product`, was read from; `default` when neither records one."""
    if variant is not None and variant.file is not None:
        return variant.file
    return product.file if product.file is not None else default


@dataclass(slots=True)
class FeedWarehouse:
    """A warehouse named by a feed: its country and the countries it ships to (ISO 3166-1 alpha-2)."""

    code: str
    country: str
    name: str | None = None
    ships_to: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ReadOptions:
    """Reader settings beyond the files: values the format itself does not carry."""

    #: ISO 4217 currency for formats whose prices carry none (Shopify, WooCommerce).
    currency: str | None = None
    #: Language of the feed's text (BCP 47), for formats that do not state it.
    locale: str = "en"
    #: Warehouse that receives the feed's stock figures.
    warehouse: str = DEFAULT_WAREHOUSE
    #: The moment at which sale periods are evaluated; None means the time of reading.
    as_of: datetime | None = None


@dataclass(slots=True)
class FeedCatalog:
    """The result of reading one import's files: products in file order, the issues found, the file names."""

    format: str
    files: list[str] = field(default_factory=list)
    products: list[FeedProduct] = field(default_factory=list)
    warehouses: list[FeedWarehouse] = field(default_factory=list)
    issues: list[FeedIssue] = field(default_factory=list)
    #: Rows read from the files (data rows, not header or blank lines), for the import report.
    rows_read: int = 0
    #: Keys of products the files list but that were rejected. An import keeps their stored
    #: versions instead of removing them as vanished from the feed.
    rejected_product_keys: set[str] = field(default_factory=set)

    def error(
        self,
        code: str,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        value: str | None = None,
    ) -> None:
        """Record a rejected row or value."""
        self.issues.append(FeedIssue("error", code, message, file, line, field, value))

    def warning(
        self,
        code: str,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        value: str | None = None,
    ) -> None:
        """Record a suspicious value that was imported as described in `message`."""
        self.issues.append(FeedIssue("warning", code, message, file, line, field, value))

    @property
    def variant_count(self) -> int:
        return sum(len(product.variants) for product in self.products)
