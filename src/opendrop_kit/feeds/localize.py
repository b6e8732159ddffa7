"""A catalog in one language, for the feed formats that carry one language per file.

A Shopify product CSV or a Google Merchant feed has one title and one description per product, so
an export writes either the catalog's source text or one of its translations. `localized` returns
a copy of the catalog whose products carry their translation into the requested locale: title,
description, option names and option values. Locales match as `Accept-Language` does in the API
(`de-CH` falls back to `de`). A product without such a translation keeps its source text with a
warning, because a feed with a few untranslated products is more useful than no feed.
"""

from __future__ import annotations

from dataclasses import replace

from opendrop_kit.feeds.hashing import content_hash
from opendrop_kit.feeds.html import html_to_text
from opendrop_kit.feeds.model import FeedCatalog, FeedIssue, FeedProduct, FeedTranslation
from opendrop_kit.schema.languages import is_language_tag, negotiate


def localized(catalog: FeedCatalog, locale: str) -> tuple[FeedCatalog, list[FeedIssue]]:
    """Return the catalog with each product's text in `locale` where it has it, and the warnings.

    Raises `ValueError` when `locale` is not a BCP 47 language tag.
    """
    if not is_language_tag(locale):
        raise ValueError(f"'{locale}' is not a BCP 47 language tag; use one such as de, fr-CA or pt-BR.")

    issues: list[FeedIssue] = []
    products = [_localized_product(product, locale.lower(), issues) for product in catalog.products]
    return replace(catalog, products=products, issues=list(catalog.issues)), issues


def _localized_product(product: FeedProduct, locale: str, issues: list[FeedIssue]) -> FeedProduct:
    available = [product.locale, *product.translations]
    chosen = negotiate([locale], available, "")
    if chosen == product.locale:
        return replace(product, translations={})

    translation = product.translations.get(chosen)
    if translation is None:
        issues.append(_untranslated(product, locale))
        return replace(product, translations={})

    if translation.source_hash is not None and translation.source_hash != content_hash(
        product.title, product.description_html
    ):
        issues.append(_outdated(product, chosen))
    return _translated(product, chosen, translation)


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
    message = (
        f"The {locale} translation of product '{product.key}' was made from an older version of its "
        "source text; it was written as it is. Update the translation and export again."
    )
    return FeedIssue("warning", "translation_outdated", message, None, None, "translations", locale)
