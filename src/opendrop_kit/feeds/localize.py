"""A catalog in one language, for the feed formats that carry one language per file.

A Shopify product CSV or a Google Merchant feed has one title and one description per product, so
an export writes either the catalog's source text or one of its translations. `localized` returns
a copy of the catalog whose products carry their translation into the requested locale: title,
description, option names and option values. Locales match as `Accept-Language` does in the API
(`de-CH` falls back to `de`). A product without such a translation keeps its source text with a
warning, because a feed with a few untranslated products is more useful than no feed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from opendrop_kit.feeds.hashing import content_hash
from opendrop_kit.feeds.html import html_to_text
from opendrop_kit.feeds.model import FeedCatalog, FeedIssue, FeedProduct, FeedTranslation
from opendrop_kit.schema.languages import is_language_tag, negotiate


@dataclass(slots=True)
class LocalizedProduct:
    """A product in one language, with the source name of each translated option and any warning."""

    product: FeedProduct
    #: Translated option name -> the source option name, for formats that key on the source name.
    source_option_names: dict[str, str] = field(default_factory=dict)
    issue: FeedIssue | None = None


def check_locale(locale: str) -> str:
    """Return `locale` in lower case; raise `ValueError` when it is not a BCP 47 language tag."""
    if not is_language_tag(locale):
        raise ValueError(f"'{locale}' is not a BCP 47 language tag; use one such as de, fr-CA or pt-BR.")
    return locale.lower()


def localized(catalog: FeedCatalog, locale: str) -> tuple[FeedCatalog, list[FeedIssue]]:
    """Return the catalog with each product's text in `locale` where it has it, and the warnings.

    Raises `ValueError` when `locale` is not a BCP 47 language tag.
    """
    tag = check_locale(locale)
    views = [localized_product(product, tag) for product in catalog.products]
    issues = [view.issue for view in views if view.issue is not None]
    return replace(catalog, products=[view.product for view in views], issues=list(catalog.issues)), issues


def localized_product(product: FeedProduct, locale: str) -> LocalizedProduct:
    """Return the product in `locale` (a lower-case tag that `check_locale` accepted)."""
    chosen = negotiate([locale], [product.locale, *product.translations], "")
    if chosen == product.locale:
        return LocalizedProduct(replace(product, translations={}))

    translation = product.translations.get(chosen)
    if translation is None:
        return LocalizedProduct(replace(product, translations={}), issue=_untranslated(product, locale))

    sources = {translated: source for source, translated in translation.option_names.items()}
    view = LocalizedProduct(_translated(product, chosen, translation), sources)
    if translation.source_hash != content_hash(product.title, product.description_html):
        view.issue = _outdated(product, chosen)
    return view


def _translated(product: FeedProduct, locale: str, translation: FeedTranslation) -> FeedProduct:
    names, values = translation.option_names, translation.option_values
    variants = [
        # A variant title is source text that translations do not carry; without it, exporters
        # build the title from the translated product title and option values.
        replace(
            variant,
            title=None,
            option_values=[
                (names.get(name, name), values.get(name, {}).get(value, value)) for name, value in variant.option_values
            ],
        )
        for variant in product.variants
    ]
    description_html = translation.description_html or product.description_html
    return replace(
        product,
        title=translation.title,
        description_html=description_html,
        description_text=html_to_text(description_html) or None if description_html else None,
        options=[names.get(name, name) for name in product.options],
        variants=variants,
        locale=locale,
        translations={},
    )


def _untranslated(product: FeedProduct, locale: str) -> FeedIssue:
    message = (
        f"Product '{product.key}' has no translation into {locale}; it was written in its source "
        f"language ({product.locale}). Import a translation for it, or leave it out of this feed."
    )
    return FeedIssue("warning", "translation_missing", message, None, None, "translations", locale)


def _outdated(product: FeedProduct, locale: str) -> FeedIssue:
    # The API's `outdated` flag follows the same rule: a translation without a hash of its source
    # text cannot be shown to be current.
    message = (
        f"The {locale} translation of product '{product.key}' may be outdated: it was made from another "
        "version of the source text, or does not record which. It was written as it is; update the "
        "translation and export again."
    )
    return FeedIssue("warning", "translation_outdated", message, None, None, "translations", locale)
