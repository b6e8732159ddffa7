"""Decide what an import changes, before it writes anything: the plan behind `apply_catalog`.

Each product of the catalog is unchanged (its canonical hash equals the stored one), created,
updated or rejected. Stored products of the feed that the catalog no longer lists are removed.

What the store already contains wins over a rejected row:

- A product with a product-level problem keeps its stored version (or is not created).
- A variant with a problem, or whose SKU another variant keeps, keeps its stored version (or is
  left out when new); its product is still updated with the rest of the feed's data.
- A product left with no variant is treated like a product-level problem.

SKUs are unique per account and mode. A SKU stays with the variant that holds it in the store
unless that variant is deleted or changes its SKU in this same import; a variant of this feed
may take a SKU that is freed that way. Among variants of the catalog competing for a free SKU,
the one that already holds it wins, then the first in feed order. Because a variant that keeps
its stored version also keeps its stored SKU, the claims are repeated until no more SKUs are
taken back (`_SkuClaims.resolve`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from sqlalchemy import Connection, select

from opendrop_kit.feeds._canonical import product_bytes, product_hash
from opendrop_kit.feeds._checks import Problem, product_problem, variant_problem
from opendrop_kit.feeds.load import StoredProduct, load_stored_products
from opendrop_kit.feeds.model import FeedCatalog, FeedIssue, FeedProduct, FeedVariant, file_of
from opendrop_kit.store.tables import products, variants

#: Unchanged products counted between two progress reports while hashing.
PROGRESS_STEP = 1_000


class StoredVariant(NamedTuple):
    """A variant row of the tenant, with the feed and key of its product for messages."""

    id: str
    product_id: str
    key: str
    sku: str
    feed: str
    product_key: str


@dataclass(slots=True)
class Candidate:
    """A product of the catalog whose hash differs from the stored one, or that is new."""

    product: FeedProduct
    digest: str
    stored_id: str | None
    stored: StoredProduct | None = None
    #: Product-level rejection; the stored version (if any) is kept.
    problem: FeedIssue | None = None
    #: The feed's variants, without repeated keys.
    variants: list[FeedVariant] = field(default_factory=list)
    #: Rejected variants by key; each keeps its stored version (if any).
    rejected: dict[str, FeedIssue] = field(default_factory=dict)
    #: Variants left out because their key repeats an earlier variant's.
    dropped: list[FeedIssue] = field(default_factory=list)
    #: What the import writes: the feed's product with the rejections applied.
    effective: FeedProduct | None = None


@dataclass(slots=True)
class Plan:
    created: list[Candidate] = field(default_factory=list)
    updated: list[Candidate] = field(default_factory=list)
    #: Stored products to delete, with the ids of their variants.
    removed: dict[str, list[str]] = field(default_factory=dict)
    unchanged_products: int = 0
    unchanged_variants: int = 0
    issues: list[FeedIssue] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Scope:
    """The target of an import: one feed of one account in one mode."""

    account_id: str
    livemode: bool
    feed: str


def make_plan(
    connection: Connection,
    scope: Scope,
    catalog: FeedCatalog,
    *,
    remove_missing: bool,
    progress: Callable[[int], None],
) -> Plan:
    """Classify every product of the catalog and find the stored products to remove."""
    plan = Plan()
    stored = _stored_hashes(connection, scope)
    file = catalog.files[0] if len(catalog.files) == 1 else None
    candidates, listed = _screen(catalog, stored, plan, file, progress)

    # A product the feed lists but that was rejected while reading keeps its stored version.
    listed = listed | catalog.rejected_product_keys
    missing = {product_id for key, (product_id, _) in stored.items() if key not in listed}
    if not candidates and not missing:
        return plan

    tenant_variants = _tenant_variants(connection, scope)
    _load_stored_versions(connection, scope, candidates)
    _check_variants(candidates, file)
    _SkuClaims(candidates, tenant_variants, missing if remove_missing else set(), file).resolve()

    _classify(candidates, stored, plan)
    if remove_missing:
        plan.removed = _removed_variants(missing, tenant_variants)
    return plan


def _stored_hashes(connection: Connection, scope: Scope) -> dict[str, tuple[str, str]]:
    query = select(products.c.source_key, products.c.id, products.c.content_hash).where(
        products.c.account_id == scope.account_id,
        products.c.livemode == scope.livemode,
        products.c.feed == scope.feed,
    )
    return {row.source_key: (row.id, row.content_hash) for row in connection.execute(query)}


def _screen(
    catalog: FeedCatalog,
    stored: dict[str, tuple[str, str]],
    plan: Plan,
    file: str | None,
    progress: Callable[[int], None],
) -> tuple[list[Candidate], set[str]]:
    """Hash every product; keep the changed and new ones as candidates, checked at product level."""
    candidates: list[Candidate] = []
    listed: set[str] = set()
    unchanged_since_report = 0
    for product in catalog.products:
        if product.key in listed:
            plan.issues.append(_duplicate_key_issue(product, file))
            continue
        listed.add(product.key)

        serialized = product_bytes(product)
        digest = hashlib.sha256(serialized).hexdigest()
        existing = stored.get(product.key)
        if existing is not None and existing[1] == digest:
            plan.unchanged_products += 1
            plan.unchanged_variants += len(product.variants)
            unchanged_since_report += 1
            if unchanged_since_report == PROGRESS_STEP:
                progress(unchanged_since_report)
                unchanged_since_report = 0
            continue

        candidate = Candidate(product, digest, existing[0] if existing is not None else None)
        problem = product_problem(product, serialized)
        if problem is not None:
            candidate.problem = _issue(problem, product, None, file, candidate.stored_id is not None)
        candidates.append(candidate)

    progress(unchanged_since_report)
    return candidates, listed


def _tenant_variants(connection: Connection, scope: Scope) -> list[StoredVariant]:
    query = (
        select(
            variants.c.id,
            variants.c.product_id,
            variants.c.source_key,
            variants.c.sku,
            products.c.feed,
            products.c.source_key.label("product_key"),
        )
        .join(products, products.c.id == variants.c.product_id)
        .where(variants.c.account_id == scope.account_id, variants.c.livemode == scope.livemode)
    )
    return [StoredVariant(*row) for row in connection.execute(query)]


def _load_stored_versions(connection: Connection, scope: Scope, candidates: list[Candidate]) -> None:
    stored_ids = [candidate.stored_id for candidate in candidates if candidate.stored_id is not None]
    loaded = load_stored_products(
        connection, account_id=scope.account_id, livemode=scope.livemode, product_ids=stored_ids
    )
    for candidate in candidates:
        if candidate.stored_id is not None:
            candidate.stored = loaded[candidate.stored_id]


def _check_variants(candidates: list[Candidate], file: str | None) -> None:
    for candidate in candidates:
        candidate.variants = _unique_variants(candidate, file)
        if candidate.problem is not None:
            continue

        exists = candidate.stored.variant_ids if candidate.stored is not None else {}
        for variant in candidate.variants:
            problem = variant_problem(variant)
            if problem is not None:
                issue = _issue(problem, candidate.product, variant, file, variant.key in exists)
                candidate.rejected[variant.key] = issue


def _unique_variants(candidate: Candidate, file: str | None) -> list[FeedVariant]:
    unique: dict[str, FeedVariant] = {}
    for variant in candidate.product.variants:
        if variant.key not in unique:
            unique[variant.key] = variant
            continue

        problem = Problem(
            "duplicate_variant_key",
            "variants.key",
            variant.key,
            f"Variant key '{variant.key}' appears twice in this product; only the first is imported.",
        )
        candidate.dropped.append(_issue(problem, candidate.product, variant, file, False))

    if len(unique) == len(candidate.product.variants):
        return candidate.product.variants
    return list(unique.values())


class _SkuClaims:
    """Assigns each SKU of the changed products to one variant, as the module docstring describes."""

    def __init__(
        self,
        candidates: list[Candidate],
        tenant_variants: list[StoredVariant],
        removed_ids: set[str],
        file: str | None,
    ) -> None:
        self.candidates = candidates
        self.file = file
        self.by_sku = {row.sku: row for row in tenant_variants}
        self.by_stored_id = {c.stored_id: c for c in candidates if c.stored_id is not None}
        self.removed_ids = removed_ids

    def resolve(self) -> None:
        """Claim SKUs until no further variant or product falls back to its stored version."""
        while True:
            rejections = {} if self._conflict_free() else self._claim(self._fixed_skus())
            for (index, key), issue in rejections.items():
                self.candidates[index].rejected[key] = issue

            emptied = self._reject_empty_products()
            if not rejections and not emptied:
                break

        for candidate in self.candidates:
            candidate.effective = _effective_product(candidate)

    def _conflict_free(self) -> bool:
        """Tell whether every pending SKU is distinct and unknown to the store: the usual first import."""
        pending = self._pending()
        skus = {variant.sku for _, variant in pending}
        return len(skus) == len(pending) and self.by_sku.keys().isdisjoint(skus)

    def _fixed_skus(self) -> dict[str, str]:
        """Map each stored SKU that stays with its variant to a description of that variant."""
        fixed: dict[str, str] = {}
        for sku, row in self.by_sku.items():
            if row.product_id in self.removed_ids:
                continue
            candidate = self.by_stored_id.get(row.product_id)
            # A changing product's variant either takes the feed's SKU or is deleted, unless it
            # was rejected and keeps its stored version.
            if candidate is not None and candidate.problem is None and row.key not in candidate.rejected:
                continue
            fixed[sku] = f"variant '{row.key}' of product '{row.product_key}' in feed '{row.feed}'"
        return fixed

    def _claim(self, fixed: dict[str, str]) -> dict[tuple[int, str], FeedIssue]:
        """Give each free SKU to one variant; return the variants that found their SKU taken."""
        pending = self._pending()
        claimed: dict[str, tuple[int, str]] = {}
        for index, variant in pending:
            sku = variant.sku or ""
            holder = self.by_sku.get(sku)
            stored_id = self.candidates[index].stored_id
            if holder is not None and (holder.product_id, holder.key) == (stored_id, variant.key) and sku not in fixed:
                claimed[sku] = (index, variant.key)

        rejections: dict[tuple[int, str], FeedIssue] = {}
        for index, variant in pending:
            sku = variant.sku or ""
            if claimed.get(sku) == (index, variant.key):
                continue

            owner = fixed.get(sku)
            if owner is None and sku in claimed:
                other_index, other_key = claimed[sku]
                other_product = self.candidates[other_index].product.key
                owner = f"variant '{other_key}' of product '{other_product}' earlier in this import"
            if owner is not None:
                rejections[(index, variant.key)] = self._conflict(index, variant, owner)
            else:
                claimed[sku] = (index, variant.key)
        return rejections

    def _pending(self) -> list[tuple[int, FeedVariant]]:
        pending = []
        for index, candidate in enumerate(self.candidates):
            if candidate.problem is not None:
                continue
            for variant in candidate.variants:
                if variant.key not in candidate.rejected:
                    pending.append((index, variant))
        return pending

    def _conflict(self, index: int, variant: FeedVariant, owner: str) -> FeedIssue:
        candidate = self.candidates[index]
        exists = candidate.stored is not None and variant.key in candidate.stored.variant_ids
        problem = Problem(
            "sku_conflict",
            "sku",
            variant.sku,
            f"SKU '{variant.sku}' is already used by {owner}; SKUs are unique per account and mode. "
            "Give this variant another SKU, or change the other variant first.",
        )
        return _issue(problem, candidate.product, variant, self.file, exists)

    def _reject_empty_products(self) -> int:
        emptied = 0
        for candidate in self.candidates:
            if candidate.problem is not None or _effective_variants(candidate):
                continue

            message = "No variant of the product could be imported (see the variant errors)."
            problem = Problem("no_importable_variant", "variants", None, message)
            candidate.problem = _issue(problem, candidate.product, None, self.file, candidate.stored is not None)
            emptied += 1
        return emptied


def _effective_variants(candidate: Candidate) -> list[FeedVariant]:
    """Return the feed's variants, with each rejected one replaced by its stored version or left out."""
    if not candidate.rejected:
        return candidate.variants

    stored_variants = {v.key: v for v in candidate.stored.product.variants} if candidate.stored else {}
    chosen: list[FeedVariant] = []
    for variant in candidate.variants:
        if variant.key not in candidate.rejected:
            chosen.append(variant)
        elif variant.key in stored_variants:
            chosen.append(stored_variants[variant.key])
    return chosen


def _effective_product(candidate: Candidate) -> FeedProduct | None:
    if candidate.problem is not None:
        return None
    if not candidate.rejected and candidate.variants is candidate.product.variants:
        return candidate.product

    chosen = _effective_variants(candidate)
    keys = {variant.key for variant in chosen}
    media = []
    for item in candidate.product.media:
        shown = [key for key in item.variant_keys if key in keys]
        # An image of only left-out variants goes with them; an empty list would mean "all variants".
        if item.variant_keys and not shown:
            continue
        media.append(replace(item, variant_keys=shown))
    return replace(candidate.product, variants=chosen, media=media)


def _classify(candidates: list[Candidate], stored: dict[str, tuple[str, str]], plan: Plan) -> None:
    for candidate in candidates:
        plan.issues.extend(candidate.dropped)
        plan.issues.extend(candidate.rejected.values())
        effective = candidate.effective
        if effective is None:
            assert candidate.problem is not None
            plan.issues.append(candidate.problem)
            continue

        if effective is not candidate.product:
            candidate.digest = product_hash(effective)
        existing = stored.get(effective.key)
        if existing is None:
            plan.created.append(candidate)
        elif existing[1] == candidate.digest:
            plan.unchanged_products += 1
            plan.unchanged_variants += len(effective.variants)
        else:
            plan.updated.append(candidate)


def _removed_variants(missing: set[str], tenant_variants: list[StoredVariant]) -> dict[str, list[str]]:
    removed: dict[str, list[str]] = {product_id: [] for product_id in sorted(missing)}
    for row in tenant_variants:
        if row.product_id in removed:
            removed[row.product_id].append(row.id)
    return removed


def _issue(
    problem: Problem, product: FeedProduct, variant: FeedVariant | None, file: str | None, exists: bool
) -> FeedIssue:
    if variant is None:
        consequence = " The stored product is kept as it was." if exists else " The product was not imported."
        where = f"product '{product.key}'"
    else:
        consequence = " The stored variant is kept as it was." if exists else " The variant was not imported."
        where = f"variant '{variant.key}' of product '{product.key}'"

    line = variant.line if variant is not None and variant.line is not None else product.line
    value = None if problem.value is None else str(problem.value)
    message = f"{where[0].upper()}{where[1:]}: {problem.message}{consequence}"
    return FeedIssue("error", problem.code, message, file_of(product, variant, file), line, problem.field, value)


def _duplicate_key_issue(product: FeedProduct, file: str | None) -> FeedIssue:
    message = (
        f"Product key '{product.key}' appears twice in the catalog; the first one is imported. "
        "Give each product its own key."
    )
    return FeedIssue(
        "error", "duplicate_product_key", message, file_of(product, None, file), product.line, "key", product.key
    )
