"""Write a `FeedCatalog` into the store: create, update and remove products of one feed of one tenant.

The caller owns the transaction and commits it (the CLI runs the import inside `engine.begin()`),
so an import that raises changes nothing. Rules:

- Matching: a product matches the stored product of the same account, mode and feed with the
  same `source_key` (the feed's product key). A variant matches the variant of that product with
  the same key. Matched rows keep their ids, and new rows get new ids.
- Change detection: `products.content_hash` is the SHA-256 of the product's canonical form (every
  field the store keeps: variants, prices, stock, media, translations; see `_canonical`). An equal
  hash leaves the product and its variants untouched, so importing the same file twice changes
  nothing the second time. Within a changed product, only variants whose canonical form or
  position changed are rewritten.
- Prices: the variant's primary price (the first one that applies from one unit, normally
  `prices[0]`) goes into the variant row; the others go to `variant_prices`.
- Warehouses: those the catalog defines are created or updated; a warehouse that stock names
  but nobody defines is created in `default_country`, and without one the import fails
  (`MissingWarehouseCountryError`). Brands and categories are created as needed and never deleted,
  because other feeds may use them.
- Removal: with `remove_missing`, stored products of the feed that the catalog no longer lists are
  deleted with their variants, prices, stock, categories and translations (explicit deletes, so
  the result does not depend on SQLite's foreign key setting).
- Change records: each import adds `catalog_changes` rows in this order. First the removals:
  `deleted` for each variant of a removed product, then for the product. Then, for each updated
  product, its variants' `created`, `updated` or `deleted` rows followed by the product's
  `updated` row. Last, one `created` row per new product. The variants of a new product get no
  row of their own, because reading the product returns them. A removed product's variants do,
  because nothing can be read back afterwards to learn their ids.
- Rejections: values the store cannot keep and SKUs that another variant keeps (SKUs are unique
  per account and mode) are reported as `FeedIssue` errors, and the stored version of that
  variant or product is kept; see `_apply_plan` for the exact SKU rule.
- Nothing to import: when no product of the catalog can be stored, the import raises
  `NothingToImportError` rather than removing every product of the feed.

Every import writes one `imports` row with its summary. Time is spent mostly in bulk inserts
(`_bulk`), so an import into an empty store is bounded by the database's insert rate.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from opendrop_kit.feeds._apply_plan import Plan, Scope, make_plan
from opendrop_kit.feeds._apply_write import InvalidWarehouseError, MissingWarehouseCountryError, PlanWriter
from opendrop_kit.feeds._checks import MAX_FEED
from opendrop_kit.feeds._gc import cycle_collector_paused
from opendrop_kit.feeds.errors import FeedError
from opendrop_kit.feeds.model import FeedCatalog, FeedIssue
from opendrop_kit.store.ids import new_id
from opendrop_kit.store.tables import accounts, imports

__all__ = [
    "ImportSummary",
    "InvalidWarehouseError",
    "MissingWarehouseCountryError",
    "NothingToImportError",
    "UnknownAccountError",
    "apply_catalog",
]

logger = logging.getLogger(__name__)

#: Issues kept in the `imports` row; the full list is in the returned summary.
STORED_ISSUES_LIMIT = 1_000


class UnknownAccountError(FeedError):
    """The account to import into does not exist."""


class NothingToImportError(FeedError):
    """No product of the catalog could be stored, so the import was not applied."""

    def __init__(self, message: str, issues: list[FeedIssue]) -> None:
        super().__init__(message)
        #: The catalog's issues and the import's own rejections, which explain why.
        self.issues = issues


@dataclass(slots=True)
class ImportSummary:
    """Counts of one import's changes, with the rejected rows and warnings in `issues`."""

    import_id: str
    feed: str
    format: str
    files: list[str]
    products_created: int = 0
    products_updated: int = 0
    products_unchanged: int = 0
    products_removed: int = 0
    variants_created: int = 0
    variants_updated: int = 0
    variants_unchanged: int = 0
    variants_removed: int = 0
    rows_read: int = 0
    issues: list[FeedIssue] = field(default_factory=list)
    duration_seconds: float = 0.0

    @property
    def errors(self) -> int:
        return sum(1 for issue in self.issues if issue.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for issue in self.issues if issue.severity == "warning")

    @property
    def changed(self) -> bool:
        """True when the import created, updated or removed anything."""
        counts = self.counts()
        return any(value for name, value in counts.items() if not name.endswith("_unchanged"))

    def counts(self) -> dict[str, int]:
        return {
            "products_created": self.products_created,
            "products_updated": self.products_updated,
            "products_unchanged": self.products_unchanged,
            "products_removed": self.products_removed,
            "variants_created": self.variants_created,
            "variants_updated": self.variants_updated,
            "variants_unchanged": self.variants_unchanged,
            "variants_removed": self.variants_removed,
        }

    def as_dict(self, *, issue_limit: int | None = None) -> dict[str, Any]:
        """Return the summary as JSON-ready data, with at most `issue_limit` issues when given."""
        shown = self.issues if issue_limit is None else self.issues[:issue_limit]
        return {
            "import_id": self.import_id,
            "feed": self.feed,
            "format": self.format,
            "files": self.files,
            **self.counts(),
            "rows_read": self.rows_read,
            "errors": self.errors,
            "warnings": self.warnings,
            "duration_seconds": round(self.duration_seconds, 3),
            "issues": [asdict(issue) for issue in shown],
            "issues_omitted": len(self.issues) - len(shown),
        }


class _Progress:
    """Counts the products reported, so the remainder can be reported at the end."""

    def __init__(self, callback: Callable[[int], None] | None) -> None:
        self.callback = callback
        self.reported = 0

    def __call__(self, count: int) -> None:
        if count <= 0:
            return
        self.reported += count
        if self.callback is not None:
            self.callback(count)


def apply_catalog(
    connection: Connection,
    catalog: FeedCatalog,
    *,
    account_id: str,
    livemode: bool,
    feed: str,
    remove_missing: bool = True,
    progress: Callable[[int], None] | None = None,
    default_country: str | None = None,
) -> ImportSummary:
    """Write `catalog` as feed `feed` of the account and mode, inside the caller's transaction.

    `progress`, when given, is called with the number of catalog products handled since its last
    call, so it can advance a progress bar whose total is `len(catalog.products)`.

    Raises `UnknownAccountError`, `NothingToImportError`, `MissingWarehouseCountryError` or
    `InvalidWarehouseError` (all `FeedError`s) before the caller commits anything; the caller rolls
    back. Database errors propagate unchanged.
    """
    started = time.perf_counter()
    _check_feed_name(feed)
    _lock_account(connection, account_id)
    scope = Scope(account_id, livemode, feed)
    report = _Progress(progress)
    now = datetime.now(UTC)
    import_id = _insert_import(connection, scope, catalog, now)

    with cycle_collector_paused():
        plan = make_plan(connection, scope, catalog, remove_missing=remove_missing, progress=report)
        _check_something_to_import(catalog, plan, feed)
        report(len(catalog.products) - report.reported - len(plan.created) - len(plan.updated))

        writer = PlanWriter(connection, scope, import_id, now, report)
        writer.prepare_references(plan, catalog.warehouses, default_country)
        writer.remove(plan.removed)
        writer.update(plan.updated)
        writer.create(plan.created)
        writer.record_changes()

    summary = _summarize(import_id, scope, catalog, plan, writer)
    summary.duration_seconds = time.perf_counter() - started
    _store_summary(connection, summary)
    _log_summary(summary, scope)
    return summary


def _check_feed_name(feed: str) -> None:
    if not feed or len(feed) > MAX_FEED:
        raise ValueError(f"feed name '{feed}' must have 1 to {MAX_FEED} characters; pass a shorter name.")


def _lock_account(connection: Connection, account_id: str) -> None:
    # On PostgreSQL the row lock makes concurrent imports into one account wait for each other;
    # SQLite has one writer at a time anyway.
    query = select(accounts.c.id).where(accounts.c.id == account_id).with_for_update()
    if connection.execute(query).first() is None:
        raise UnknownAccountError(f"No account {account_id} exists; create it first or choose another account.")


def _insert_import(connection: Connection, scope: Scope, catalog: FeedCatalog, now: datetime) -> str:
    # Written first: on SQLite this takes the write lock, so the reads that follow see the data
    # that this transaction then changes.
    import_id = new_id("imp")
    connection.execute(
        insert(imports).values(
            id=import_id,
            account_id=scope.account_id,
            livemode=scope.livemode,
            feed=scope.feed,
            format=catalog.format,
            files=list(catalog.files),
            summary={},
            created_at=now,
        )
    )
    return import_id


def _check_something_to_import(catalog: FeedCatalog, plan: Plan, feed: str) -> None:
    if plan.unchanged_products or plan.created or plan.updated:
        return

    issues = [*catalog.issues, *plan.issues]
    errors = sum(1 for issue in issues if issue.severity == "error")
    if catalog.products:
        reason = f"none of its {len(catalog.products)} products could be stored ({errors} errors)"
    else:
        reason = f"the catalog has no product ({catalog.rows_read} rows read, {errors} errors)"
    raise NothingToImportError(
        f"Nothing was imported into feed '{feed}': {reason}. The store was left as it was; "
        "fix the errors listed in the report and import again.",
        issues,
    )


def _summarize(import_id: str, scope: Scope, catalog: FeedCatalog, plan: Plan, writer: PlanWriter) -> ImportSummary:
    counts = writer.variant_counts
    return ImportSummary(
        import_id=import_id,
        feed=scope.feed,
        format=catalog.format,
        files=list(catalog.files),
        products_created=len(plan.created),
        products_updated=len(plan.updated),
        products_unchanged=plan.unchanged_products,
        products_removed=len(plan.removed),
        variants_created=counts.created,
        variants_updated=counts.updated,
        variants_unchanged=plan.unchanged_variants + counts.unchanged,
        variants_removed=counts.removed,
        rows_read=catalog.rows_read,
        issues=[*catalog.issues, *plan.issues],
    )


def _store_summary(connection: Connection, summary: ImportSummary) -> None:
    stored = summary.as_dict(issue_limit=STORED_ISSUES_LIMIT)
    connection.execute(update(imports).where(imports.c.id == summary.import_id).values(summary=stored))


def _log_summary(summary: ImportSummary, scope: Scope) -> None:
    logger.info(
        "Imported feed %s: %d products created, %d updated, %d unchanged, %d removed; %d errors, %d warnings "
        "in %.1f s.",
        scope.feed,
        summary.products_created,
        summary.products_updated,
        summary.products_unchanged,
        summary.products_removed,
        summary.errors,
        summary.warnings,
        summary.duration_seconds,
        extra={"account_id": scope.account_id, "livemode": scope.livemode, "import_id": summary.import_id},
    )
