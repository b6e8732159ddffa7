from __future__ import annotations

import pytest

from opendrop_kit.feeds.localize import localized
from tests.feeds.import_helpers import rich_catalog


def test_translated_text_options_and_values() -> None:
    catalog, _ = localized(rich_catalog(), "de")

    hoodie = catalog.products[0]
    assert hoodie.locale == "de"
    assert hoodie.title == "Bio-Kapuzenpullover"
    assert hoodie.description_html == "<p>Warme Bio-Baumwolle.</p>"
    assert hoodie.description_text == "Warme Bio-Baumwolle."
    assert hoodie.options == ["Farbe", "Größe"]
    assert [variant.option_values for variant in hoodie.variants] == [
        [("Farbe", "Schwarz"), ("Größe", "M")],
        [("Farbe", "Schwarz"), ("Größe", "L")],
    ]
    assert [variant.title for variant in hoodie.variants] == [None, None]
    assert hoodie.translations == {}


def test_missing_and_outdated_translations_are_reported() -> None:
    catalog, issues = localized(rich_catalog(), "de")

    _, mug, poster = catalog.products
    assert (mug.title, mug.locale) == ("Enamel mug", "en")
    assert (poster.title, poster.locale) == ("Poster", "de")
    assert [(issue.code, issue.severity, issue.value) for issue in issues] == [
        ("translation_outdated", "warning", "de"),
        ("translation_missing", "warning", "de"),
    ]
    assert "'hoodie'" in issues[0].message
    assert "'mug'" in issues[1].message


def test_regional_tag_falls_back_to_language() -> None:
    catalog, _ = localized(rich_catalog(), "de-CH")

    assert catalog.products[0].title == "Bio-Kapuzenpullover"


def test_translation_without_description_keeps_source_description() -> None:
    catalog, issues = localized(rich_catalog(), "fr")

    hoodie = catalog.products[0]
    assert hoodie.title == "Sweat à capuche bio"
    assert hoodie.description_html == "<p>Warm <b>organic</b> cotton.</p>"
    assert hoodie.options == ["Color", "Size"]
    # The French translation records no hash of its source text, so it cannot be shown to be current.
    assert [issue.code for issue in issues] == ["translation_outdated", "translation_missing", "translation_missing"]


def test_source_catalog_is_left_unchanged() -> None:
    source = rich_catalog()

    localized(source, "de")

    assert source == rich_catalog()


def test_invalid_tag_is_rejected() -> None:
    with pytest.raises(ValueError, match="'de_DE' is not a BCP 47 language tag"):
        localized(rich_catalog(), "de_DE")
