"""Tables of the OpenDrop store, as SQLAlchemy Core objects shared by SQLite and PostgreSQL.

Every catalog row carries `account_id` and `livemode`: test and live data of one account live side
by side and every query filters on both, so one key can never read another account's or mode's
rows. Money is stored as integer minor units next to its ISO 4217 currency.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so that migrations name the same objects on SQLite and PostgreSQL.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, whatever the database returns."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; attach a timezone first")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        parsed: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)


def _id(prefix_comment: str) -> Column[str]:
    return Column("id", String(40), primary_key=True, comment=prefix_comment)


def _tenant() -> list[Column[Any]]:
    return [
        Column("account_id", String(40), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        Column("livemode", Boolean, nullable=False),
    ]


accounts = Table(
    "accounts",
    metadata,
    _id("acct_"),
    Column("name", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    _id("key_"),
    *_tenant(),
    Column("name", String(200), nullable=False),
    # The first characters of the secret, shown in listings so a person can tell keys apart.
    Column("display_prefix", String(24), nullable=False),
    # SHA-256 of the whole secret; the secret itself is never stored.
    Column("secret_hash", String(64), nullable=False, unique=True),
    Column("scopes", JSON, nullable=False),
    Column("api_version", String(10), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime),
    Column("revoked_at", UTCDateTime),
)

brands = Table(
    "brands",
    metadata,
    _id("brand_"),
    *_tenant(),
    Column("name", String(300), nullable=False),
    UniqueConstraint("account_id", "livemode", "name"),
)

categories = Table(
    "categories",
    metadata,
    _id("cat_"),
    *_tenant(),
    Column("name", String(300), nullable=False),
    Column("parent_id", String(40), ForeignKey("categories.id", ondelete="CASCADE")),
    # The names from the root down, joined with ' > ': the natural key of a category.
    Column("path", String(1000), nullable=False),
    UniqueConstraint("account_id", "livemode", "path"),
)

products = Table(
    "products",
    metadata,
    _id("prod_"),
    *_tenant(),
    # The feed that listed the product and its key there; a later import of the same feed
    # removes the products it no longer lists.
    Column("feed", String(100), nullable=False),
    Column("source_key", String(500), nullable=False),
    Column("title", Text, nullable=False),
    Column("description_html", Text),
    Column("description_text", Text),
    Column("brand_id", String(40), ForeignKey("brands.id", ondelete="SET NULL")),
    Column("status", String(20), nullable=False),
    Column("locale", String(35), nullable=False),
    Column("options", JSON, nullable=False),
    Column("media", JSON, nullable=False),
    Column("tags", JSON, nullable=False),
    Column("attributes", JSON, nullable=False),
    Column("source_url", Text),
    # SHA-256 of the product's imported content; a re-import with an equal hash changes nothing.
    Column("content_hash", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("account_id", "livemode", "feed", "source_key"),
    # Lists walk a tenant's products in id order; without this index every page sorts them all.
    Index("ix_products_tenant_id", "account_id", "livemode", "id"),
    Index("ix_products_tenant_updated", "account_id", "livemode", "updated_at"),
)

product_categories = Table(
    "product_categories",
    metadata,
    Column("product_id", String(40), ForeignKey("products.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", String(40), ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_product_categories_category", "category_id"),
)

product_translations = Table(
    "product_translations",
    metadata,
    Column("product_id", String(40), ForeignKey("products.id", ondelete="CASCADE"), primary_key=True),
    Column("locale", String(35), primary_key=True),
    Column("title", Text, nullable=False),
    Column("description_html", Text),
    Column("description_text", Text),
    Column("option_names", JSON, nullable=False),
    Column("option_values", JSON, nullable=False),
    # Hash of the source-language text this translation was made from.
    Column("source_hash", String(64)),
)

variants = Table(
    "variants",
    metadata,
    _id("var_"),
    *_tenant(),
    Column("product_id", String(40), ForeignKey("products.id", ondelete="CASCADE"), nullable=False),
    Column("source_key", String(500), nullable=False),
    Column("position", Integer, nullable=False),
    Column("sku", String(255), nullable=False),
    Column("sku_generated", Boolean, nullable=False),
    Column("title", Text),
    Column("option_values", JSON, nullable=False),
    Column("barcode", String(64)),
    Column("weight_grams", Integer),
    Column("length_mm", Integer),
    Column("width_mm", Integer),
    Column("height_mm", Integer),
    Column("currency", String(3), nullable=False),
    Column("price_minor", BigInteger, nullable=False),
    Column("compare_at_minor", BigInteger),
    Column("inventory_policy", String(10), nullable=False),
    Column("min_order_quantity", Integer, nullable=False),
    Column("processing_days", Integer),
    Column("origin_country", String(2)),
    Column("hs_code", String(20)),
    Column("image_url", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("account_id", "livemode", "sku"),
    # Also the index of a product's variants; pages sort those few rows by position.
    UniqueConstraint("product_id", "source_key"),
)

# Prices beyond the variant's primary one: other currencies and quantity tiers.
variant_prices = Table(
    "variant_prices",
    metadata,
    Column("variant_id", String(40), ForeignKey("variants.id", ondelete="CASCADE"), primary_key=True),
    Column("currency", String(3), primary_key=True),
    Column("min_quantity", Integer, primary_key=True),
    Column("amount_minor", BigInteger, nullable=False),
    Column("compare_at_minor", BigInteger),
    # Stored in primary key order on SQLite: one B-tree per row instead of two.
    sqlite_with_rowid=False,
)

warehouses = Table(
    "warehouses",
    metadata,
    _id("wh_"),
    *_tenant(),
    Column("code", String(100), nullable=False),
    Column("name", String(300), nullable=False),
    Column("country", String(2), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("account_id", "livemode", "code"),
)

warehouse_ship_countries = Table(
    "warehouse_ship_countries",
    metadata,
    Column("warehouse_id", String(40), ForeignKey("warehouses.id", ondelete="CASCADE"), primary_key=True),
    Column("country", String(2), primary_key=True),
    Index("ix_warehouse_ship_countries_country", "country"),
)

inventory_levels = Table(
    "inventory_levels",
    metadata,
    Column("variant_id", String(40), ForeignKey("variants.id", ondelete="CASCADE"), primary_key=True),
    Column("warehouse_id", String(40), ForeignKey("warehouses.id", ondelete="CASCADE"), primary_key=True),
    # NULL: the supplier does not count this stock, so it is sellable without a limit.
    Column("on_hand", Integer),
    Column("reserved", Integer, nullable=False),
    Column("incoming", Integer, nullable=False),
    Column("incoming_expected_at", UTCDateTime),
    Column("updated_at", UTCDateTime, nullable=False),
    # Stock is always read by variant, through the primary key, so there is no index by warehouse.
    sqlite_with_rowid=False,
)

# Every create, update and delete of a catalog resource, in commit order per tenant: the record
# that the change feed serves, with tombstones for removed products and variants.
catalog_changes = Table(
    "catalog_changes",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    *_tenant(),
    Column("resource_type", String(20), nullable=False),
    Column("resource_id", String(40), nullable=False),
    Column("action", String(10), nullable=False),
    Column("import_id", String(40)),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_catalog_changes_tenant", "account_id", "livemode", "id"),
)

imports = Table(
    "imports",
    metadata,
    _id("imp_"),
    *_tenant(),
    Column("feed", String(100), nullable=False),
    Column("format", String(40), nullable=False),
    Column("files", JSON, nullable=False),
    Column("summary", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)
