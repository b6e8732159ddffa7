from __future__ import annotations

import copy

from opendrop_kit.feeds.model import FeedCatalog, FeedMedia, FeedPrice, FeedProduct, FeedVariant
from opendrop_kit.feeds.normalize import normalize, slugify


def variant(
    key: str, sku: str | None, line: int, options: list[tuple[str, str]] | None = None, price: int = 1000
) -> FeedVariant:
    return FeedVariant(key=key, sku=sku, option_values=options or [], prices=[FeedPrice("USD", price)], line=line)


def product(key: str, line: int, *variants: FeedVariant, options: list[str] | None = None) -> FeedProduct:
    return FeedProduct(key=key, title=key.title(), line=line, options=options or [], variants=list(variants))


def catalog(*products: FeedProduct) -> FeedCatalog:
    return FeedCatalog(format="test", files=["feed.csv"], products=list(products))


def codes(result: FeedCatalog) -> list[str]:
    return [issue.code for issue in result.issues]


def skus(result: FeedCatalog) -> list[str | None]:
    return [item.sku for entry in result.products for item in entry.variants]


def test_sku_whitespace_and_invisible_characters_trimmed() -> None:
    result = catalog(
        product("a", 2, variant("1", "\u00a0AB-1 ", 2)),
        product("b", 3, variant("1", "\u200bAB-2\u200b", 3)),
        product("c", 4, variant("1", "\tAB-3\n", 4)),
        product("d", 5, variant("1", "AB-4", 5)),
    )

    normalize(result)

    assert skus(result) == ["AB-1", "AB-2", "AB-3", "AB-4"]
    assert codes(result) == ["sku_trimmed"] * 3
    assert result.issues[0].value == "\u00a0AB-1 "
    assert result.issues[0].line == 2


def test_blank_sku_counts_as_missing() -> None:
    result = catalog(product("shirt", 2, variant("1", " \u00a0 ", 2)))

    normalize(result)

    assert skus(result) == ["shirt"]
    assert result.products[0].variants[0].sku_generated


def test_empty_skus_generated_from_key_and_options() -> None:
    result = catalog(
        product(
            "classic-varsity-top",
            2,
            variant("s", None, 2, [("Size", "Small")]),
            variant("m", "", 3, [("Size", "Medium")]),
            options=["Size"],
        ),
        product("Ocean Blue Shirt", 4, variant("default", None, 4)),
        product("Größe", 5, variant("1", None, 5, [("Farbe", "Weiß"), ("Größe", "XL")])),
    )

    normalize(result)

    assert skus(result) == [
        "classic-varsity-top-small",
        "classic-varsity-top-medium",
        "ocean-blue-shirt",
        "grosse-weiss-xl",
    ]
    assert all(item.sku_generated for entry in result.products for item in entry.variants)
    assert codes(result) == ["sku_generated"] * 4


def test_generated_skus_avoid_later_real_skus() -> None:
    result = catalog(
        product("shirt", 2, variant("red", None, 2, [("Color", "Red")]), variant("blue", None, 3, [("Color", "Blue")])),
        product("other", 4, variant("1", "shirt-red", 4)),
        product("third", 5, variant("1", "shirt-blue-2", 5)),
    )

    normalize(result)

    assert skus(result) == ["shirt-red-2", "shirt-blue", "shirt-red", "shirt-blue-2"]
    assert len(set(skus(result))) == 4


def test_generated_skus_without_options_do_not_collide() -> None:
    result = catalog(
        product("mug", 2, variant("a", None, 2), variant("b", None, 3)),
        product("mug!", 4, variant("x", None, 4)),
    )

    normalize(result)

    assert skus(result) == ["mug-a", "mug-b", "mug"]


def test_generated_skus_stable_on_second_read() -> None:
    source = catalog(
        product("shirt", 2, variant("1", None, 2, [("Size", "S")]), variant("2", None, 3, [("Size", "S")])),
        product("shirt-s", 4, variant("1", None, 4)),
        product("hat", 5, variant("1", "shirt-s", 5)),
    )
    first, second = copy.deepcopy(source), copy.deepcopy(source)

    normalize(first)
    normalize(second)

    assert skus(first) == skus(second)
    assert len(set(skus(first))) == len(skus(first))


def test_shared_sku_first_keeps_it() -> None:
    result = catalog(
        product(
            "routeins",
            2,
            variant("0.98", "ROUTEINS", 2, [("Title", "0.98")]),
            variant("1.15", "ROUTEINS", 3, [("Title", "1.15")]),
            options=["Title"],
        ),
        product("other", 7, variant("default", "ROUTEINS", 7)),
    )

    normalize(result)

    assert skus(result) == ["ROUTEINS", "ROUTEINS-1-15", "ROUTEINS-other"]
    shared = [issue for issue in result.issues if issue.code == "duplicate_sku"]
    assert [issue.line for issue in shared] == [3, 7]
    assert "line 3" in shared[0].message
    assert "line 2" in shared[0].message
    assert "line 7" in shared[1].message
    assert "line 2" in shared[1].message
    assert [item.sku_generated for entry in result.products for item in entry.variants] == [False, True, True]


def test_variants_reusing_product_sku_all_derived() -> None:
    result = catalog(
        product(
            "C9991RB1",
            2,
            variant("id:994271", "C9991RB1", 2, [("Veličina", "24m")]),
            variant("id:994270", "C9991RB1", 3, [("Veličina", "18m")]),
        ),
        product("SOLO", 4, variant("id:1", "SOLO", 4, [("Size", "M")])),
    )

    normalize(result)

    assert skus(result) == ["C9991RB1-24m", "C9991RB1-18m", "SOLO"]
    assert codes(result) == ["sku_reuses_product_sku"]


def test_skus_differing_only_by_case_kept() -> None:
    result = catalog(
        product("a", 2, variant("1", "woo-beanie-logo", 2)),
        product("b", 3, variant("1", "Woo-beanie-logo", 3)),
    )

    normalize(result)

    assert skus(result) == ["woo-beanie-logo", "Woo-beanie-logo"]
    assert codes(result) == ["sku_case_conflict"]
    assert result.issues[0].severity == "warning"
    assert result.issues[0].line == 3


def test_duplicate_variant_key_rejected() -> None:
    result = catalog(
        product("shirt", 2, variant("S", "A", 2, [("Size", "S")]), variant("S", "B", 3, [("Size", "S")])),
    )

    normalize(result)

    assert skus(result) == ["A"]
    assert codes(result) == ["duplicate_variant_key"]
    assert result.issues[0].severity == "error"
    assert result.issues[0].line == 3


def test_same_value_under_different_option_names() -> None:
    result = catalog(
        product(
            "jacket",
            2,
            variant("1", None, 2, [("Color", "Black"), ("Trim", "Red")]),
            variant("2", None, 3, [("Color", "Red"), ("Trim", "Black")]),
            variant("3", None, 4, [("Color", "Black"), ("Trim", "Black")]),
            options=["Color", "Trim"],
        ),
    )

    normalize(result)

    values = [item.option_values for item in result.products[0].variants]
    assert values == [[("Color", "Black"), ("Trim", "Red")], [("Color", "Red"), ("Trim", "Black")],
                      [("Color", "Black"), ("Trim", "Black")]]  # fmt: skip
    assert "duplicate_option_values" not in codes(result)
    assert len(set(skus(result))) == 3


def test_equal_option_values_warned() -> None:
    result = catalog(
        product("set", 2, variant("id:1", "A", 2, [("Boja", "Plava")]), variant("id:2", "B", 3, [("Boja", "Plava")])),
    )

    normalize(result)

    assert skus(result) == ["A", "B"]
    assert codes(result) == ["duplicate_option_values"]


def test_option_names_differ_per_product() -> None:
    result = catalog(
        product("a", 2, variant("1", "A1", 2, [("Length", "14")]), variant("2", "A2", 3, [("Length", "16")]),
                options=["Length"]),
        product("b", 4, variant("1", "B1", 4, [("Färg", "Svart")]), variant("2", "B2", 5, [("Färg", "Vit")]),
                options=["Färg"]),
    )  # fmt: skip

    normalize(result)

    assert [entry.options for entry in result.products] == [["Length"], ["Färg"]]
    assert result.issues == []


def test_missing_option_name_added_to_product() -> None:
    result = catalog(product("a", 2, variant("1", "A", 2, [("Size", "S"), ("Color", "Red")]), options=["Size"]))

    normalize(result)

    assert result.products[0].options == ["Size", "Color"]


def test_product_without_variants_rejected() -> None:
    result = catalog(product("empty", 2), product("full", 3, variant("1", "F", 3)))

    normalize(result)

    assert [entry.key for entry in result.products] == ["full"]
    assert codes(result) == ["product_without_variants"]
    assert result.issues[0].severity == "error"
    assert result.issues[0].line == 2


def test_product_whose_variants_all_rejected_removed() -> None:
    broken = variant("1", "X", 2)
    broken.prices = []
    result = catalog(product("broken", 2, broken), product("ok", 3, variant("1", "OK", 3)))

    normalize(result)

    assert [entry.key for entry in result.products] == ["ok"]
    assert codes(result) == ["missing_price", "all_variants_rejected"]


def test_duplicate_product_dropped() -> None:
    result = catalog(
        product("hat", 2, variant("1", "H1", 2)),
        product("hat", 9, variant("1", "H2", 9)),
    )

    normalize(result)

    assert [item.sku for item in result.products[0].variants] == ["H1"]
    assert len(result.products) == 1
    assert codes(result) == ["duplicate_product"]
    assert "line 9" in result.issues[0].message
    assert "line 2" in result.issues[0].message


def test_sku_too_long_rejected() -> None:
    result = catalog(product("a", 2, variant("1", "X" * 256, 2), variant("2", "Y", 3)))

    normalize(result)

    assert skus(result) == ["Y"]
    assert codes(result) == ["sku_too_long"]


def test_price_checks() -> None:
    zero = variant("1", "Z", 2, price=0)
    lower = variant("2", "L", 3, price=500)
    lower.prices[0].compare_at_minor = 400
    higher = variant("3", "H", 4, price=500)
    higher.prices[0].compare_at_minor = 900
    result = catalog(product("a", 2, zero, lower, higher))

    normalize(result)

    assert codes(result) == ["zero_price", "compare_at_not_higher"]
    assert [item.prices[0].compare_at_minor for item in result.products[0].variants] == [None, None, 900]


def test_non_http_urls_dropped() -> None:
    entry = product("a", 2, variant("1", "A", 2))
    entry.media = [FeedMedia("javascript:alert(1)"), FeedMedia("https://cdn.example/a.png")]
    entry.source_url = "ftp://example.com/a"
    entry.variants[0].image_url = "data:image/png;base64,xx"
    result = catalog(entry)

    normalize(result)

    assert [media.url for media in entry.media] == ["https://cdn.example/a.png"]
    assert entry.source_url is None
    assert entry.variants[0].image_url is None
    assert codes(result) == ["invalid_url"] * 3


def test_descriptions_sanitized() -> None:
    html_product = product("a", 2, variant("1", "A", 2))
    html_product.description_html = '<p onclick="x()">Soft&nbsp;cotton</p><script>alert(1)</script>'
    text_product = product("b", 3, variant("1", "B", 3))
    text_product.description_text = "Line one\nLine two"
    result = catalog(html_product, text_product)

    normalize(result)

    assert html_product.description_html == "<p>Soft&nbsp;cotton</p>"
    assert html_product.description_text == "Soft cotton"
    assert text_product.description_html == "<p>Line one<br>Line two</p>"
    assert text_product.description_text == "Line one\nLine two"


def test_slugify() -> None:
    assert slugify("Größe XL") == "grosse-xl"
    assert slugify("  14 Inches / Black ") == "14-inches-black"
    assert slugify("Veličina: 24m") == "velicina-24m"
    assert slugify("Комбинезон") == "комбинезон"
    assert slugify("id:40") == "id-40"
