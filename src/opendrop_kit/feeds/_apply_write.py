"""Write an import plan to the store: reference rows, deletions, updates, creations, change records.

Statements run in an order that never trips a constraint on the way: children are deleted before
their parents, a variant that hands its SKU to another variant gets a temporary SKU first, and
new rows are inserted parents first. All rows of one import share one timestamp.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from opendrop_kit.feeds._apply_plan import Candidate, Plan, Scope
from opendrop_kit.feeds._bulk import IdSequence, bind_value, delete_where_in, insert_rows, json_text, update_rows
from opendrop_kit.feeds._canonical import canonical_categories, ordered_prices, variant_bytes
from opendrop_kit.feeds._checks import CATEGORY_SEPARATOR, warehouse_problem
from opendrop_kit.feeds.errors import FeedError
from opendrop_kit.feeds.html import html_to_text
from opendrop_kit.feeds.model import FeedProduct, FeedVariant, FeedWarehouse
from opendrop_kit.store.tables import (
    brands,
    catalog_changes,
    categories,
    inventory_levels,
    product_categories,
    product_translations,
    products,
    variant_prices,
    variants,
    warehouse_ship_countries,
    warehouses,
)

#: Products written per round of inserts, which bounds the rows held in memory at once.
CREATE_BATCH = 2_000

_PRODUCT_VALUES = (
    "title",
    "description_html",
    "description_text",
    "brand_id",
    "status",
    "locale",
    "options",
    "media",
    "tags",
    "attributes",
    "source_url",
    "content_hash",
    "updated_at",
)
_PRODUCT_COLUMNS = ("id", "account_id", "livemode", "feed", "source_key", *_PRODUCT_VALUES, "created_at")
_VARIANT_VALUES = (
    "position",
    "sku",
    "sku_generated",
    "title",
    "option_values",
    "barcode",
    "weight_grams",
    "length_mm",
    "width_mm",
    "height_mm",
    "currency",
    "price_minor",
    "compare_at_minor",
    "inventory_policy",
    "min_order_quantity",
    "processing_days",
    "origin_country",
    "hs_code",
    "image_url",
    "updated_at",
)
_VARIANT_COLUMNS = ("id", "account_id", "livemode", "product_id", "source_key", *_VARIANT_VALUES, "created_at")
_PRICE_COLUMNS = ("variant_id", "currency", "min_quantity", "amount_minor", "compare_at_minor")
_LEVEL_COLUMNS = (
    "variant_id",
    "warehouse_id",
    "on_hand",
    "reserved",
    "incoming",
    "incoming_expected_at",
    "updated_at",
)
_TRANSLATION_COLUMNS = (
    "product_id",
    "locale",
    "title",
    "description_html",
    "description_text",
    "option_names",
    "option_values",
    "source_hash",
)
_CHANGE_COLUMNS = ("account_id", "livemode", "resource_type", "resource_id", "action", "import_id", "created_at")


class MissingWarehouseCountryError(FeedError):
    """Stock names a warehouse that neither the store nor the feed defines, and no country was given."""


class InvalidWarehouseError(FeedError):
    """A warehouse of the feed has a value the store cannot keep."""


@dataclass(slots=True)
class VariantCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


@dataclass(slots=True)
class _Rows:
    """Rows waiting to be inserted, in the order their foreign keys need."""

    products: list[tuple[Any, ...]] = field(default_factory=list)
    variants: list[tuple[Any, ...]] = field(default_factory=list)
    prices: list[tuple[Any, ...]] = field(default_factory=list)
    levels: list[tuple[Any, ...]] = field(default_factory=list)
    categories: list[tuple[Any, ...]] = field(default_factory=list)
    translations: list[tuple[Any, ...]] = field(default_factory=list)

    def insert(self, connection: Connection) -> None:
        insert_rows(connection, products, _PRODUCT_COLUMNS, self.products)
        insert_rows(connection, variants, _VARIANT_COLUMNS, self.variants)
        insert_rows(connection, variant_prices, _PRICE_COLUMNS, self.prices)
        insert_rows(connection, inventory_levels, _LEVEL_COLUMNS, self.levels)
        insert_rows(connection, product_categories, ("product_id", "category_id"), self.categories)
        insert_rows(connection, product_translations, _TRANSLATION_COLUMNS, self.translations)


@dataclass(slots=True)
class _VariantUpdate:
    id: str
    variant: FeedVariant
    position: int
    sku_changes: bool


class PlanWriter:
    """Writes one plan, and keeps the import's timestamp, id sequences and change records."""

    def __init__(
        self,
        connection: Connection,
        scope: Scope,
        import_id: str,
        now: datetime,
        progress: Callable[[int], None],
    ) -> None:
        self.connection = connection
        self.scope = scope
        self.import_id = import_id
        self.progress = progress
        self.now = bind_value(products.c.updated_at, now, connection)
        column_type = inventory_levels.c.incoming_expected_at.type
        self.time_processor = column_type.dialect_impl(connection.dialect).bind_processor(connection.dialect)
        self.product_ids = IdSequence("prod")
        self.variant_ids = IdSequence("var")
        # One sequence for all warehouses of an import, so they list in the order the feed gives.
        self.warehouse_id_sequence = IdSequence("wh")
        self.brand_ids: dict[str, str] = {}
        self.category_ids: dict[tuple[str, ...], str] = {}
        self.warehouse_ids: dict[str, str] = {}
        self.changes: list[tuple[str, str, str]] = []
        self.variant_counts = VariantCounts()

    # --- reference rows ---

    def prepare_references(self, plan: Plan, declared: list[FeedWarehouse], default_country: str | None) -> None:
        """Create the brands, categories and warehouses that the written products name."""
        written = [c.effective for c in (*plan.created, *plan.updated) if c.effective is not None]
        self._ensure_brands({product.brand for product in written if product.brand})
        self._ensure_categories({path for product in written for path in canonical_categories(product.categories)})

        codes = {level.warehouse for product in written for variant in product.variants for level in variant.stock}
        self._ensure_warehouses(declared, codes, default_country)

    def _ensure_brands(self, names: set[str]) -> None:
        scope = self.scope
        rows = self.connection.execute(
            select(brands.c.name, brands.c.id).where(
                brands.c.account_id == scope.account_id, brands.c.livemode == scope.livemode
            )
        )
        self.brand_ids = {row.name: row.id for row in rows}

        missing = sorted(names - self.brand_ids.keys())
        ids = IdSequence("brand").take(len(missing))
        self.brand_ids.update(zip(missing, ids, strict=True))
        rows_to_insert = [
            (brand_id, scope.account_id, scope.livemode, name) for name, brand_id in zip(missing, ids, strict=True)
        ]
        insert_rows(self.connection, brands, ("id", "account_id", "livemode", "name"), rows_to_insert)

    def _ensure_categories(self, paths: set[tuple[str, ...]]) -> None:
        scope = self.scope
        rows = self.connection.execute(
            select(categories.c.path, categories.c.id).where(
                categories.c.account_id == scope.account_id, categories.c.livemode == scope.livemode
            )
        )
        by_path = {row.path: row.id for row in rows}

        needed = {path[:depth] for path in paths for depth in range(1, len(path) + 1)}
        ids = IdSequence("cat")
        new_rows = []
        # Shorter paths first, so that every parent exists before its children.
        for path in sorted(needed, key=lambda path: (len(path), path)):
            joined = CATEGORY_SEPARATOR.join(path)
            if joined not in by_path:
                by_path[joined] = ids.one()
                parent_id = by_path[CATEGORY_SEPARATOR.join(path[:-1])] if len(path) > 1 else None
                new_rows.append((by_path[joined], scope.account_id, scope.livemode, path[-1], parent_id, joined))
            self.category_ids[path] = by_path[joined]

        columns = ("id", "account_id", "livemode", "name", "parent_id", "path")
        insert_rows(self.connection, categories, columns, new_rows)

    def _ensure_warehouses(self, declared: list[FeedWarehouse], codes: set[str], default_country: str | None) -> None:
        scope = self.scope
        rows = self.connection.execute(
            select(warehouses.c.code, warehouses.c.id, warehouses.c.name, warehouses.c.country).where(
                warehouses.c.account_id == scope.account_id, warehouses.c.livemode == scope.livemode
            )
        ).all()
        existing = {row.code: row for row in rows}
        self.warehouse_ids = {row.code: row.id for row in rows}
        ship_rows = self.connection.execute(
            select(warehouse_ship_countries).where(
                warehouse_ship_countries.c.warehouse_id.in_([row.id for row in rows])
            )
        )
        ships_to: dict[str, set[str]] = {}
        for ship_row in ship_rows:
            ships_to.setdefault(ship_row.warehouse_id, set()).add(ship_row.country)

        for warehouse in declared:
            stored = existing.get(warehouse.code)
            self._declare_warehouse(warehouse, stored, ships_to.get(stored.id, set()) if stored else set())

        unknown = sorted(codes - self.warehouse_ids.keys())
        if unknown and default_country is None:
            raise MissingWarehouseCountryError(
                f"The feed stocks warehouse {', '.join(repr(code) for code in unknown)}, which the store does not "
                "have and the feed does not define. Give the country it ships from as default_country "
                "(--warehouse-country on the command line)."
            )
        for code in unknown:
            assert default_country is not None
            self._declare_warehouse(FeedWarehouse(code, default_country), None, set())

    def _declare_warehouse(self, warehouse: FeedWarehouse, stored: Any, stored_ships_to: set[str]) -> None:
        problem = warehouse_problem(warehouse.code, warehouse.name, warehouse.country, warehouse.ships_to)
        if problem is not None:
            raise InvalidWarehouseError(f"Warehouse '{warehouse.code}': {problem.message}")

        scope = self.scope
        if stored is None:
            warehouse_id = self.warehouse_id_sequence.one()
            name = warehouse.name or warehouse.code
            row = (warehouse_id, scope.account_id, scope.livemode, warehouse.code, name, warehouse.country, self.now)
            columns = ("id", "account_id", "livemode", "code", "name", "country", "created_at")
            insert_rows(self.connection, warehouses, columns, [row])
            self.warehouse_ids[warehouse.code] = warehouse_id
        else:
            warehouse_id = stored.id
            name = warehouse.name or stored.name
            if (name, warehouse.country) != (stored.name, stored.country):
                update_rows(self.connection, warehouses, ("name", "country"), [(name, warehouse.country, warehouse_id)])

        # An empty list means the feed does not tell where the warehouse ships, so stored rows stay.
        if warehouse.ships_to and set(warehouse.ships_to) != stored_ships_to:
            delete_where_in(self.connection, warehouse_ship_countries.c.warehouse_id, [warehouse_id])
            ship_rows = [(warehouse_id, country) for country in sorted(set(warehouse.ships_to))]
            insert_rows(self.connection, warehouse_ship_countries, ("warehouse_id", "country"), ship_rows)

    # --- removals ---

    def remove(self, removed: dict[str, list[str]]) -> None:
        """Delete the stored products that the feed no longer lists, with all of their rows."""
        variant_ids = [variant_id for ids in removed.values() for variant_id in ids]
        self._delete_variants(variant_ids)
        delete_where_in(self.connection, product_categories.c.product_id, removed)
        delete_where_in(self.connection, product_translations.c.product_id, removed)
        delete_where_in(self.connection, products.c.id, removed)

        for product_id, ids in removed.items():
            self.changes.extend(("variant", variant_id, "deleted") for variant_id in ids)
            self.changes.append(("product", product_id, "deleted"))
        self.variant_counts.removed += len(variant_ids)

    def _delete_variants(self, variant_ids: list[str]) -> None:
        delete_where_in(self.connection, variant_prices.c.variant_id, variant_ids)
        delete_where_in(self.connection, inventory_levels.c.variant_id, variant_ids)
        delete_where_in(self.connection, variants.c.id, variant_ids)

    # --- updates ---

    def update(self, updated: list[Candidate]) -> None:
        """Rewrite changed products: their row, changed variants, and their categories and translations."""
        rows = _Rows()
        changed: list[_VariantUpdate] = []
        deleted: list[str] = []
        product_updates = []
        for candidate in updated:
            product, stored = candidate.effective, candidate.stored
            assert product is not None and stored is not None
            variant_ids = self._diff_variants(candidate, rows, changed, deleted)
            product_updates.append((*self._product_values(product, variant_ids, candidate.digest), stored.id))
            self._product_children(stored.id, product, rows)
            self.changes.append(("product", stored.id, "updated"))

        updated_ids = [candidate.stored_id for candidate in updated if candidate.stored_id is not None]
        self._delete_variants(deleted)
        delete_where_in(self.connection, variant_prices.c.variant_id, [change.id for change in changed])
        delete_where_in(self.connection, inventory_levels.c.variant_id, [change.id for change in changed])
        delete_where_in(self.connection, product_categories.c.product_id, updated_ids)
        delete_where_in(self.connection, product_translations.c.product_id, updated_ids)

        self._write_variant_updates(changed, rows)
        update_rows(self.connection, products, _PRODUCT_VALUES, product_updates)
        rows.insert(self.connection)
        self.progress(len(updated))

    def _diff_variants(
        self, candidate: Candidate, rows: _Rows, changed: list[_VariantUpdate], deleted: list[str]
    ) -> dict[str, str]:
        """Sort the product's variants into created, changed and unchanged; return their ids by key."""
        product, stored = candidate.effective, candidate.stored
        assert product is not None and stored is not None
        stored_variants = {variant.key: variant for variant in stored.product.variants}
        listed = {variant.key for variant in product.variants}
        for key, variant_id in stored.variant_ids.items():
            if key not in listed:
                deleted.append(variant_id)
                self.changes.append(("variant", variant_id, "deleted"))
        self.variant_counts.removed += len(stored.variant_ids.keys() - listed)

        ids: dict[str, str] = {}
        new_variants = [variant for variant in product.variants if variant.key not in stored.variant_ids]
        new_ids = iter(self.variant_ids.take(len(new_variants)))
        for position, variant in enumerate(product.variants, 1):
            stored_id = stored.variant_ids.get(variant.key)
            if stored_id is None:
                new_id = next(new_ids)
                ids[variant.key] = new_id
                self._add_variant(stored.id, new_id, variant, position, rows)
                self.changes.append(("variant", new_id, "created"))
                self.variant_counts.created += 1
                continue

            variant_id = stored_id
            ids[variant.key] = variant_id
            before = stored_variants[variant.key]
            same = stored.variant_positions[variant.key] == position and variant_bytes(variant) == variant_bytes(before)
            if same:
                self.variant_counts.unchanged += 1
                continue
            changed.append(_VariantUpdate(variant_id, variant, position, variant.sku != before.sku))
            self.changes.append(("variant", variant_id, "updated"))
            self.variant_counts.updated += 1
        return ids

    def _write_variant_updates(self, changed: list[_VariantUpdate], rows: _Rows) -> None:
        # A SKU may move from one variant to another within the import. Parking the moving
        # variants on a temporary SKU first keeps the unique constraint satisfied in between.
        parked = [(f"{change.id}:moving", change.id) for change in changed if change.sku_changes]
        update_rows(self.connection, variants, ("sku",), parked)

        values = []
        for change in changed:
            values.append((*self._variant_values(change.variant, change.position), change.id))
            self._variant_children(change.id, change.variant, rows)
        update_rows(self.connection, variants, _VARIANT_VALUES, values)

    # --- creations ---

    def create(self, created: list[Candidate]) -> None:
        """Insert new products with everything they carry, a batch of products at a time."""
        scope = self.scope
        for start in range(0, len(created), CREATE_BATCH):
            batch = created[start : start + CREATE_BATCH]
            rows = _Rows()
            for candidate, product_id in zip(batch, self.product_ids.take(len(batch)), strict=True):
                product = candidate.effective
                assert product is not None
                variant_ids = self._add_variants(product_id, product, rows)
                values = self._product_values(product, variant_ids, candidate.digest)
                rows.products.append(
                    (product_id, scope.account_id, scope.livemode, scope.feed, product.key, *values, self.now)
                )
                self._product_children(product_id, product, rows)
                self.changes.append(("product", product_id, "created"))

            rows.insert(self.connection)
            self.progress(len(batch))

    def _add_variants(self, product_id: str, product: FeedProduct, rows: _Rows) -> dict[str, str]:
        ids = self.variant_ids.take(len(product.variants))
        for position, (variant, variant_id) in enumerate(zip(product.variants, ids, strict=True), 1):
            self._add_variant(product_id, variant_id, variant, position, rows)
        self.variant_counts.created += len(ids)
        return {variant.key: variant_id for variant, variant_id in zip(product.variants, ids, strict=True)}

    def _add_variant(self, product_id: str, variant_id: str, variant: FeedVariant, position: int, rows: _Rows) -> None:
        scope = self.scope
        values = self._variant_values(variant, position)
        rows.variants.append((variant_id, scope.account_id, scope.livemode, product_id, variant.key, *values, self.now))
        self._variant_children(variant_id, variant, rows)

    # --- row values ---

    def _product_values(self, product: FeedProduct, variant_ids: dict[str, str], digest: str) -> tuple[Any, ...]:
        media = [
            {
                "url": item.url,
                "alt": item.alt,
                "position": position,
                "variant_ids": [variant_ids[key] for key in item.variant_keys],
            }
            for position, item in enumerate(product.media, 1)
        ]
        return (
            product.title,
            product.description_html,
            product.description_text,
            self.brand_ids[product.brand] if product.brand else None,
            product.status,
            product.locale,
            json_text(_option_values(product)),
            json_text(media),
            json_text(product.tags),
            json_text(product.attributes),
            product.source_url,
            digest,
            self.now,
        )

    def _variant_values(self, variant: FeedVariant, position: int) -> tuple[Any, ...]:
        prices = variant.prices
        price = prices[0] if len(prices) == 1 else ordered_prices(prices)[0]
        return (
            position,
            variant.sku,
            variant.sku_generated,
            variant.title,
            json_text(variant.option_values),
            variant.barcode,
            variant.weight_grams,
            variant.length_mm,
            variant.width_mm,
            variant.height_mm,
            price.currency,
            price.amount_minor,
            price.compare_at_minor,
            variant.inventory_policy,
            variant.min_order_quantity,
            variant.processing_days,
            variant.origin_country,
            variant.hs_code,
            variant.image_url,
            self.now,
        )

    def _variant_children(self, variant_id: str, variant: FeedVariant, rows: _Rows) -> None:
        prices = variant.prices
        if len(prices) > 1:
            for price in ordered_prices(prices)[1:]:
                rows.prices.append(
                    (variant_id, price.currency, price.min_quantity, price.amount_minor, price.compare_at_minor)
                )

        warehouse_ids = self.warehouse_ids
        for level in variant.stock:
            expected_at = level.incoming_expected_at
            if expected_at is not None and self.time_processor is not None:
                expected_at = self.time_processor(expected_at)
            warehouse_id = warehouse_ids[level.warehouse]
            rows.levels.append(
                (variant_id, warehouse_id, level.on_hand, level.reserved, level.incoming, expected_at, self.now)
            )

    def _product_children(self, product_id: str, product: FeedProduct, rows: _Rows) -> None:
        if product.categories:
            for path in canonical_categories(product.categories):
                rows.categories.append((product_id, self.category_ids[path]))

        for locale, translation in product.translations.items():
            rows.translations.append(
                (
                    product_id,
                    locale,
                    translation.title,
                    translation.description_html,
                    html_to_text(translation.description_html) or None if translation.description_html else None,
                    json_text(translation.option_names),
                    json_text(translation.option_values),
                    translation.source_hash,
                )
            )

    # --- change records ---

    def record_changes(self) -> None:
        """Insert one `catalog_changes` row per created, updated or deleted product and variant."""
        scope = self.scope
        rows = [
            (scope.account_id, scope.livemode, resource_type, resource_id, action, self.import_id, self.now)
            for resource_type, resource_id, action in self.changes
        ]
        insert_rows(self.connection, catalog_changes, _CHANGE_COLUMNS, rows)


def _option_values(product: FeedProduct) -> list[dict[str, Any]]:
    """List each option with its values in the order the variants first use them."""
    if not product.options:
        return []

    values: dict[str, dict[str, None]] = {name: {} for name in product.options}
    for variant in product.variants:
        for name, value in variant.option_values:
            known = values.get(name)
            if known is not None:
                known[value] = None
    return [{"name": name, "values": list(values[name])} for name in product.options]
