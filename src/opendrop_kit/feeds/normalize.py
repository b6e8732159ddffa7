"""The catalog rules that every feed format goes through after reading, in this order.

Products
  1. A product whose key was already seen (the same handle, group id or parent SKU twice) is
     dropped with the error ``duplicate_product``, which names both lines. The first one stays.

Variants, within each product
  2. SKUs are trimmed: outer whitespace including no-break spaces, and invisible characters
     (zero-width spaces, soft hyphens, stray BOMs) anywhere. A changed SKU gets the warning
     ``sku_trimmed``; a SKU that is empty afterwards counts as missing (rule 9).
  3. A SKU longer than 255 characters is rejected (``sku_too_long``): shortening it would
     make it match nothing in the supplier's systems.
  4. A second variant with the same key in one product is rejected (``duplicate_variant_key``).
  5. A variant without a price is rejected (``missing_price``). A zero price is kept with the
     warning ``zero_price``. A compare-at price that is not above the price is dropped with the
     warning ``compare_at_not_higher``, because shops would show it as a fake discount.
  6. Option values are (option name, value) pairs, so "Black" under "Color" and "Black" under
     "Trim" stay distinct. Option names are per product and may differ between products. An option
     name used by a variant but missing from the product's option list is appended to it. Two
     variants with the same option values get the warning ``duplicate_option_values``; both are
     kept because their keys differ.
  7. Image and page URLs that are not http(s) are dropped with the warning ``invalid_url``.
  8. A product left without variants (the feed listed none, or every variant was rejected) is
     removed with the error ``product_without_variants`` or ``all_variants_rejected``.

SKUs across the catalog, in file order (SKUs compare case-sensitively)
  9. A variant without SKU gets a generated one: the slug of the product key, plus the slug of
     its option values when it has any (``hoodie-black-xl``); ``sku_generated`` is set and the
     warning ``sku_generated`` gives the value.
  10. When several variants of a product carry the product's own key as SKU (WooCommerce
      variations inherit the parent SKU, which the WooCommerce reader uses as product key), none
      keeps it: each gets ``<sku>-<slug of its option values>``, with one ``sku_reuses_product_sku``
      warning per product.
  11. Any other SKU used by several variants is kept by the first one in file order; each later
      one gets ``<sku>-<slug of its option values>`` (or ``<sku>-<slug of the product key>`` for
      a variant without options) and a ``duplicate_sku`` warning naming both lines.
  12. SKUs that differ only by letter case are both kept, with the warning ``sku_case_conflict``,
      since some shop systems treat them as one.
  Generated and derived SKUs never equal any SKU of the feed nor each other: a taken value gets
  ``-2``, ``-3`` and so on. Reading the same files again gives the same SKUs.

Descriptions
  13. Every ``description_html`` (and translated description) is sanitized once per product:
      see `opendrop_kit.feeds.html`. ``description_text`` is derived from the sanitized HTML;
      a product with only ``description_text`` gets HTML made from it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from pathlib import Path

from opendrop_kit.feeds.html import sanitize_html, text_to_html
from opendrop_kit.feeds.model import FeedCatalog, FeedProduct, FeedVariant, file_of
from opendrop_kit.feeds.prices import show_money
from opendrop_kit.feeds.values import clean_identifier

logger = logging.getLogger(__name__)

#: Longest SKU the store accepts (the `variants.sku` column).
SKU_MAX_LENGTH = 255

_NOT_WORD = re.compile(r"[\W_]+")
_HTTP_PREFIXES = ("http://", "https://")


def normalize(catalog: FeedCatalog) -> None:
    """Apply the module's rules to `catalog` in place, recording every change as an issue."""
    products = _drop_duplicate_products(catalog)

    kept = []
    for product in products:
        had_variants = bool(product.variants)
        _check_product(catalog, product)
        if product.variants:
            kept.append(product)
        else:
            _report_empty_product(catalog, product, had_variants)
            catalog.rejected_product_keys.add(product.key)

    SkuAssigner(catalog).assign(kept)
    _sanitize_descriptions(kept)
    catalog.products = kept
    logger.debug("Normalized %d products; the catalog has %d issues.", len(kept), len(catalog.issues))


def slugify(text: str) -> str:
    """Lower-case `text`, drop accents and join its words with hyphens ('Größe XL' -> 'grosse-xl')."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    bare = "".join(character for character in decomposed if not unicodedata.combining(character))
    return _NOT_WORD.sub("-", bare.lower()).strip("-")


def _where(catalog: FeedCatalog, product: FeedProduct, variant: FeedVariant | None = None) -> str | None:
    """Name the file that an issue about `product` (or its `variant`) points into."""
    return file_of(product, variant, catalog.files[0] if len(catalog.files) == 1 else None)


def _on_line(line: int | None) -> str:
    return f" on line {line}" if line is not None else ""


def _drop_duplicate_products(catalog: FeedCatalog) -> list[FeedProduct]:
    first_by_key: dict[str, FeedProduct] = {}
    kept = []
    for product in catalog.products:
        first = first_by_key.setdefault(product.key, product)
        if first is product:
            kept.append(product)
            continue
        first_at = _on_line(first.line)
        if first.file is not None and first.file != product.file:
            first_at += f" of {Path(first.file).name}"
        catalog.error(
            "duplicate_product",
            f"Product '{product.key}'{_on_line(product.line)} repeats the product{first_at}; "
            "the repetition was dropped. Give each product its own key (handle, id or SKU).",
            file=_where(catalog, product),
            line=product.line,
            field="key",
            value=product.key,
        )
    return kept


def _report_empty_product(catalog: FeedCatalog, product: FeedProduct, had_variants: bool) -> None:
    if had_variants:
        code = "all_variants_rejected"
        reason = "every variant was rejected (see the errors on its variants)"
    else:
        code = "product_without_variants"
        reason = "the feed lists no variant for it, or the reader rejected every variant row"
    catalog.error(
        code,
        f"Product '{product.key}'{_on_line(product.line)} was not imported: {reason}.",
        file=_where(catalog, product),
        line=product.line,
        field="variants",
        value=product.key,
    )


def _check_product(catalog: FeedCatalog, product: FeedProduct) -> None:
    seen_keys: dict[str, FeedVariant] = {}
    seen_options: dict[tuple[tuple[str, str], ...], FeedVariant] = {}
    known_options = set(product.options)
    several = len(product.variants) > 1

    kept = []
    for variant in product.variants:
        if not _accept_variant(catalog, product, variant, seen_keys if several else None):
            continue
        kept.append(variant)
        _add_missing_option_names(product, variant, known_options)
        if several:
            _check_option_values(catalog, product, variant, seen_options)
        _check_prices(catalog, product, variant)
        if variant.image_url is not None and not _is_http_url(variant.image_url):
            _warn_url(catalog, product, variant.line, "image_url", variant.image_url)
            variant.image_url = None
    product.variants = kept

    _check_product_urls(catalog, product)


def _accept_variant(
    catalog: FeedCatalog, product: FeedProduct, variant: FeedVariant, seen_keys: dict[str, FeedVariant] | None
) -> bool:
    _trim_sku(catalog, product, variant)
    line = variant.line or product.line

    if variant.sku is not None and len(variant.sku) > SKU_MAX_LENGTH:
        catalog.error(
            "sku_too_long",
            f"SKU of variant '{variant.key}' of product '{product.key}' has {len(variant.sku)} "
            f"characters; the maximum is {SKU_MAX_LENGTH}. Shorten it in the feed.",
            file=_where(catalog, product, variant),
            line=line,
            field="sku",
            value=variant.sku,
        )
        return False

    first = variant if seen_keys is None else seen_keys.setdefault(variant.key, variant)
    if first is not variant:
        catalog.error(
            "duplicate_variant_key",
            f"Variant '{variant.key}' of product '{product.key}'{_on_line(line)} repeats the "
            f"variant{_on_line(first.line)}; the repetition was rejected. Give each variant "
            "distinct option values or its own id.",
            file=_where(catalog, product, variant),
            line=line,
            field="key",
            value=variant.key,
        )
        return False

    if not variant.prices:
        catalog.error(
            "missing_price",
            f"Variant '{variant.key}' of product '{product.key}' has no price and was rejected.",
            file=_where(catalog, product, variant),
            line=line,
            field="price",
        )
        return False
    return True


def _trim_sku(catalog: FeedCatalog, product: FeedProduct, variant: FeedVariant) -> None:
    if variant.sku is None:
        return

    trimmed = clean_identifier(variant.sku)
    if trimmed != variant.sku and trimmed:
        catalog.warning(
            "sku_trimmed",
            f"SKU {variant.sku!r} of product '{product.key}' had surrounding whitespace or invisible "
            f"characters; it was imported as '{trimmed}'.",
            file=_where(catalog, product, variant),
            line=variant.line or product.line,
            field="sku",
            value=variant.sku,
        )
    variant.sku = trimmed or None


def _add_missing_option_names(product: FeedProduct, variant: FeedVariant, known: set[str]) -> None:
    for name, _ in variant.option_values:
        if name not in known:
            known.add(name)
            product.options.append(name)


def _check_option_values(
    catalog: FeedCatalog,
    product: FeedProduct,
    variant: FeedVariant,
    seen: dict[tuple[tuple[str, str], ...], FeedVariant],
) -> None:
    if not variant.option_values:
        return

    combination = tuple(variant.option_values)
    first = seen.setdefault(combination, variant)
    if first is not variant:
        shown = ", ".join(f"{name}: {value}" for name, value in combination)
        catalog.warning(
            "duplicate_option_values",
            f"Variants '{first.key}'{_on_line(first.line)} and '{variant.key}'{_on_line(variant.line)} of "
            f"product '{product.key}' have the same options ({shown}); both were imported, but "
            "buyers cannot tell them apart.",
            file=_where(catalog, product, variant),
            line=variant.line,
            field="options",
            value=shown,
        )


def _check_prices(catalog: FeedCatalog, product: FeedProduct, variant: FeedVariant) -> None:
    line = variant.line or product.line
    for price in variant.prices:
        if price.amount_minor == 0:
            catalog.warning(
                "zero_price",
                f"Variant '{variant.key}' of product '{product.key}' costs 0 {price.currency}; it "
                "was imported, check that it is not a placeholder.",
                file=_where(catalog, product, variant),
                line=line,
                field="price",
                value="0",
            )
        if price.compare_at_minor is not None and price.compare_at_minor <= price.amount_minor:
            catalog.warning(
                "compare_at_not_higher",
                f"Variant '{variant.key}' of product '{product.key}' has a compare-at price "
                f"({show_money(price.compare_at_minor, price.currency)}) that is not above its price "
                f"({show_money(price.amount_minor, price.currency)}); the compare-at price was dropped.",
                file=_where(catalog, product, variant),
                line=line,
                field="compare_at_price",
                value=str(price.compare_at_minor),
            )
            price.compare_at_minor = None


def _check_product_urls(catalog: FeedCatalog, product: FeedProduct) -> None:
    kept_media = []
    for media in product.media:
        if _is_http_url(media.url):
            kept_media.append(media)
        else:
            _warn_url(catalog, product, product.line, "image", media.url)
    product.media = kept_media

    if product.source_url is not None and not _is_http_url(product.source_url):
        _warn_url(catalog, product, product.line, "source_url", product.source_url)
        product.source_url = None


def _is_http_url(url: str) -> bool:
    return url[:8].lower().startswith(_HTTP_PREFIXES)


def _warn_url(catalog: FeedCatalog, product: FeedProduct, line: int | None, field: str, url: str) -> None:
    catalog.warning(
        "invalid_url",
        f"{field} of product '{product.key}' is not an http(s) URL and was dropped.",
        file=_where(catalog, product),
        line=line,
        field=field,
        value=url[:200],
    )


class SkuAssigner:
    """Give every variant a SKU that is unique in the catalog (rules 9 to 12 of the module)."""

    def __init__(self, catalog: FeedCatalog) -> None:
        self.catalog = catalog
        self.taken: set[str] = set()
        # Plain references rather than tuples: a million tuples would wake the cycle collector.
        self.owners: dict[str, FeedVariant] = {}
        self.owner_products: dict[str, FeedProduct] = {}
        self.first_by_folded: dict[str, FeedVariant] = {}
        self.next_suffix: dict[str, int] = {}

    def assign(self, products: list[FeedProduct]) -> None:
        """Assign SKUs to the variants of `products`, in file order."""
        # Every SKU of the feed is reserved first, so a generated SKU never takes the SKU that a
        # later row carries.
        self.taken = {variant.sku for product in products for variant in product.variants if variant.sku}

        for product in products:
            reused = self._reused_product_sku(product)
            for variant in product.variants:
                self._assign_one(product, variant, reused)

    def _assign_one(self, product: FeedProduct, variant: FeedVariant, reused: str | None) -> None:
        sku = variant.sku
        if sku is None:
            self._generate(product, variant)
        elif sku == reused:
            variant.sku = self._unique(f"{sku}-{self._variant_part(product, variant) or slugify(product.key)}")
            variant.sku_generated = True
        elif sku in self.owners:
            self._derive_from_duplicate(product, variant, sku)
        else:
            self.owners[sku] = variant
            self.owner_products[sku] = product
            self._check_case(product, variant, sku)

    def _reused_product_sku(self, product: FeedProduct) -> str | None:
        count = sum(1 for variant in product.variants if variant.sku == product.key)
        if count < 2:
            return None

        self.catalog.warning(
            "sku_reuses_product_sku",
            f"{count} variants of product '{product.key}'{_on_line(product.line)} reuse the product's "
            "own SKU; each was given that SKU followed by its option values.",
            file=_where(self.catalog, product),
            line=product.line,
            field="sku",
            value=product.key,
        )
        return product.key

    def _generate(self, product: FeedProduct, variant: FeedVariant) -> None:
        base = slugify(product.key) or "product"
        part = self._variant_part(product, variant)
        variant.sku = self._unique(f"{base}-{part}" if part else base)
        variant.sku_generated = True
        self.catalog.warning(
            "sku_generated",
            f"Variant '{variant.key}' of product '{product.key}' has no SKU; it was given the "
            f"generated SKU '{variant.sku}'.",
            file=_where(self.catalog, product, variant),
            line=variant.line or product.line,
            field="sku",
            value=variant.sku,
        )

    def _derive_from_duplicate(self, product: FeedProduct, variant: FeedVariant, sku: str) -> None:
        owner, owner_product = self.owners[sku], self.owner_products[sku]
        part = self._variant_part(product, variant) or slugify(product.key)
        variant.sku = self._unique(f"{sku}-{part}")
        variant.sku_generated = True
        self.catalog.warning(
            "duplicate_sku",
            f"SKU '{sku}'{_on_line(variant.line or product.line)} (product '{product.key}') is already "
            f"used{_on_line(owner.line or owner_product.line)} (product '{owner_product.key}'); this "
            f"variant was given the SKU '{variant.sku}'.",
            file=_where(self.catalog, product, variant),
            line=variant.line or product.line,
            field="sku",
            value=sku,
        )

    def _check_case(self, product: FeedProduct, variant: FeedVariant, sku: str) -> None:
        first = self.first_by_folded.setdefault(sku.casefold(), variant)
        first_sku = first.sku
        if first_sku == sku:
            return

        self.catalog.warning(
            "sku_case_conflict",
            f"SKU '{sku}'{_on_line(variant.line or product.line)} differs from SKU '{first_sku}'"
            f"{_on_line(first.line)} only by letter case; both were kept because OpenDrop compares SKUs "
            "case-sensitively, but some shop systems treat them as one SKU.",
            file=_where(self.catalog, product, variant),
            line=variant.line or product.line,
            field="sku",
            value=sku,
        )

    @staticmethod
    def _variant_part(product: FeedProduct, variant: FeedVariant) -> str:
        part = slugify(" ".join(value for _, value in variant.option_values))
        if not part and len(product.variants) > 1:
            part = slugify(variant.key)
        return part

    def _unique(self, base: str) -> str:
        if len(base) > SKU_MAX_LENGTH - 12:
            digest = hashlib.sha256(base.encode()).hexdigest()[:10]
            base = f"{base[: SKU_MAX_LENGTH - 24]}-{digest}"

        candidate = base
        suffix = self.next_suffix.get(base, 2)
        while candidate in self.taken:
            candidate = f"{base}-{suffix}"
            suffix += 1
        self.next_suffix[base] = suffix
        self.taken.add(candidate)
        return candidate


# Feeds repeat a description on neighbouring products (one text per brand or per model), so
# recent texts are remembered. The bound keeps a million-product import from holding every raw text.
_CACHE_SIZE = 4096


def _sanitize_descriptions(products: list[FeedProduct]) -> None:
    cache: dict[str, tuple[str, str]] = {}
    for product in products:
        raw = product.description_html
        if raw is None and product.description_text:
            raw = text_to_html(product.description_text)
        if raw is not None:
            safe, text = _sanitize_cached(raw, cache)
            product.description_html = safe or None
            product.description_text = text or None

        for translation in product.translations.values():
            if translation.description_html is not None:
                translation.description_html = _sanitize_cached(translation.description_html, cache)[0] or None


def _sanitize_cached(raw: str, cache: dict[str, tuple[str, str]]) -> tuple[str, str]:
    result = cache.get(raw)
    if result is None:
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        result = sanitize_html(raw)
        cache[raw] = result
    return result
