from __future__ import annotations

from pathlib import Path

import pytest

from opendrop_kit.feeds import woocommerce
from opendrop_kit.feeds._woocommerce_headers import ENGLISH_HEADERS, LOCALIZED_HEADERS, fold_label
from opendrop_kit.feeds.errors import FeedFormatError, MissingCurrencyError
from opendrop_kit.feeds.model import FeedCatalog, ReadOptions
from opendrop_kit.feeds.readers import read_catalog

NATIVE_HEADER = (
    "ID,Type,SKU,Name,Published,Short description,Description,In stock?,Stock,Backorders allowed?,"
    '"Weight (kg)","Length (cm)",Sale price,Regular price,Categories,Tags,Images,Parent,'
    '"Attribute 1 name","Attribute 1 value(s)","Attribute 2 name","Attribute 2 value(s)"\n'
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read(paths: list[Path], currency: str = "USD") -> FeedCatalog:
    return read_catalog(paths, "woocommerce-csv", ReadOptions(currency=currency))


def test_native_variable_and_simple(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "products.csv",
        NATIVE_HEADER
        # A variation before its parent: the reader links it after reading the whole file.
        + '900,variation,tee-red,"T-Shirt - Red",1,,,1,,0,,,,25,,,https://cdn.example/red.png,id:741,Color,Red,Size,\n'
        + '741,variable,tee,T-Shirt,1,Short,"<p>Long</p>",1,,0,.5,10.5,,,"Clothing > Tshirts, Sale",'
        + '"a, b",https://cdn.example/tee.png,,Color,"Blue, Red",Size,"S, M"\n'
        + "901,variation,tee-blue,T-Shirt - Blue,1,,,1,3,notify,,,18,25,,,,tee,Color,Blue,Size,\n"
        + '745,"simple, downloadable, virtual",album,Album,\'-1,,Music,0,,0,,,,15,Music,,,,Format,MP3,,\n',
    )

    result = read([path])

    tee, album = result.products
    assert tee.key == "tee"
    assert tee.title == "T-Shirt"
    assert tee.description_html == "<p>Long</p>"
    assert tee.categories == [["Clothing", "Tshirts"], ["Sale"]]
    assert tee.tags == ["a", "b"]
    assert tee.options == ["Color"]
    assert tee.attributes == {"Size": "S, M"}

    red, blue = tee.variants
    assert red.key == "id:900"
    assert red.sku == "tee-red"
    assert red.option_values == [("Color", "Red")]
    assert red.prices[0].amount_minor == 2500
    assert red.title == "T-Shirt - Red"
    assert red.weight_grams == 500
    assert red.length_mm == 105
    assert red.image_url == "https://cdn.example/red.png"
    assert (blue.prices[0].amount_minor, blue.prices[0].compare_at_minor) == (1800, 2500)
    assert blue.stock[0].on_hand == 3
    assert blue.inventory_policy == "continue"

    assert album.key == "album"
    assert album.status == "draft"
    assert album.attributes == {"downloadable": "yes", "virtual": "yes", "Format": "MP3"}
    assert album.variants[0].stock[0].on_hand == 0
    assert album.variants[0].prices[0].amount_minor == 1500


def test_variation_price_from_parent_or_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "products.csv",
        NATIVE_HEADER
        + '1,variable,priced,Priced,1,,,1,,0,,,,30,,,,,Size,"S, M",,\n'
        + "2,variation,priced-s,Priced S,1,,,1,,0,,,,,,,,priced,Size,S,,\n"
        + "3,variable,unpriced,Unpriced,1,,,1,,0,,,,,,,,,Size,S,,\n"
        + "4,variation,unpriced-s,Unpriced S,1,,,1,,0,,,,,,,,unpriced,Size,S,,\n"
        + "5,variation,orphan,Orphan,1,,,1,,0,,,,9,,,,missing-parent,Size,S,,\n",
    )

    result = read([path])

    assert [entry.key for entry in result.products] == ["priced"]
    assert result.products[0].variants[0].prices[0].amount_minor == 3000
    codes = [(issue.severity, issue.code, issue.line) for issue in result.issues]
    assert ("warning", "price_from_parent", 3) in codes
    assert ("error", "missing_price", 5) in codes
    assert ("error", "unknown_parent", 6) in codes
    assert ("error", "product_without_variants", 4) in codes


def test_grouped_and_external_skipped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "products.csv",
        NATIVE_HEADER
        + "1,grouped,set,Logo Collection,1,,,1,,0,,,,,,,,,,,,\n"
        + "2,external,donation,Donation,1,,,1,,0,,,,30,,,,,,,,\n"
        + "3,simple,cap,Cap,1,,,1,,0,,,16,18,,,,,,,,\n"
        + "4,bundle,odd,Odd,1,,,1,,0,,,,5,,,,,,,,\n",
    )

    result = read([path])

    assert [entry.key for entry in result.products] == ["cap"]
    assert [issue.code for issue in result.issues] == [
        "skipped_product_type",
        "skipped_product_type",
        "invalid_product_type",
    ]


def test_russian_headers_with_bom_after_whitespace(tmp_path: Path) -> None:
    header = (
        'ID,Тип,Артикул,Имя,Опубликован,рекомендуемый?,"Видимость в каталоге","Короткое описание",Описание,'
        '"В наличии?","Базовая цена",Категории,Изображения,"Вес (кг)","Название атрибута 1","Значения атрибутов 1"\n'
    )
    body = (
        "40,simple,,Комбинезон,1,1,visible,,Комбинезон с отделкой,1,240,Женская одежда,http://shop.example/1.jpg,"
        "1.2,Цвет,Белый\n"
        "140,simple,,Товар 3 (Копировать),'-1,0,visible,,Это пример товара,1,200,Женская одежда,,,,\n"
    )
    path = tmp_path / "wc-product-export.csv"
    path.write_bytes(b"\n\t\xef\xbb\xbf" + (header + body).encode())

    result = read([path], "RUB")

    first, copy = result.products
    assert first.key == "id:40"
    assert first.title == "Комбинезон"
    assert first.status == "active"
    assert first.variants[0].sku == "id-40"
    assert first.variants[0].prices[0].amount_minor == 24000
    assert first.variants[0].weight_grams == 1200
    assert first.attributes == {"Цвет": "Белый"}
    assert first.variants[0].line == 3
    assert copy.status == "draft"
    assert [issue.code for issue in result.issues] == ["encoding", "sku_generated", "sku_generated"]


# The same export header as written by a German, a French and a Spanish WordPress admin, in the
# order of the English NATIVE_HEADER. The French labels carry the no-break space before "?" that
# French typography puts there.
LOCALIZED_NATIVE_HEADERS = {
    "de": (
        "ID,Typ,Artikelnummer,Name,Veröffentlicht,Kurzbeschreibung,Beschreibung,Vorrätig?,Bestand,"
        '"Lieferrückstände erlaubt?","Gewicht (kg)","Länge (cm)",Angebotspreis,"Regulärer Preis",Kategorien,'
        'Schlagwörter,Bilder,"Übergeordnetes Produkt","Attribut 1 Name","Attribut 1 Wert(e)","Attribut 2 Name",'
        '"Attribut 2 Wert(e)"\n'
    ),
    "fr": (
        "ID,Type,UGS,Nom,Publié,Description courte,Description,En stock\u00a0?,Stock,"
        '"Autoriser les commandes de produits en rupture\u00a0?","Poids (kg)","Longueur (cm)",Tarif promo,'
        'Tarif régulier,Catégories,Étiquettes,Images,Parent,"Nom de l’attribut 1","Valeur(s) de l’attribut 1",'
        '"Nom de l’attribut 2","Valeur(s) de l’attribut 2"\n'
    ),
    "es": (
        "ID,Tipo,SKU,Nombre,Publicado,Descripción corta,Descripción,¿Existencias?,Inventario,"
        '"¿Permitir reservas de productos agotados?","Peso (kg)","Longitud (cm)",Precio rebajado,Precio normal,'
        'Categorías,Etiquetas,Imágenes,Superior,"Nombre del atributo 1","Valor(es) del atributo 1",'
        '"Nombre del atributo 2","Valor(es) del atributo 2"\n'
    ),
}


@pytest.mark.parametrize("language", sorted(LOCALIZED_NATIVE_HEADERS))
def test_localized_headers_read_like_english_ones(tmp_path: Path, language: str) -> None:
    body = (
        '741,variable,tee,T-Shirt,1,Short,"<p>Long</p>",1,,0,.5,10.5,,,"Clothing > Tshirts",'
        '"a, b",https://cdn.example/tee.png,,Color,"Blue, Red",Size,"S, M"\n'
        "901,variation,tee-blue,T-Shirt - Blue,1,,,1,3,notify,,,18,25,,,,tee,Color,Blue,Size,\n"
    )
    english = read([write(tmp_path, "en.csv", NATIVE_HEADER + body)])
    localized = read([write(tmp_path, f"{language}.csv", LOCALIZED_NATIVE_HEADERS[language] + body)])

    assert localized.products == english.products
    assert english.issues == []
    assert localized.issues == []
    blue = localized.products[0].variants[0]
    assert (blue.sku, blue.option_values, blue.stock[0].on_hand) == ("tee-blue", [("Color", "Blue")], 3)
    assert (blue.prices[0].amount_minor, blue.prices[0].compare_at_minor, blue.inventory_policy) == (
        1800,
        2500,
        "continue",
    )
    assert localized.products[0].variants[0].weight_grams == 500


def test_translated_labels_name_english_headers() -> None:
    english = {fold_label(name): name for name in ENGLISH_HEADERS}

    assert set(LOCALIZED_HEADERS.values()) <= set(ENGLISH_HEADERS)
    # A translated label spelled like an English header must mean that header.
    assert all(english.get(label, name) == name for label, name in LOCALIZED_HEADERS.items())


def test_rest_pair_in_any_order(tmp_path: Path) -> None:
    products = write(
        tmp_path,
        "woocommerce_products.csv",
        "id,name,sku,type,status,price,regular_price,sale_price,stock_quantity,main_image,all_images,"
        "categories,tags,description,short_description,permalink\n"
        "10,Set,SET1,variable,publish,2890,,,,https://cdn.example/set.webp,https://cdn.example/set.webp; "
        'https://cdn.example/set2.webp,Dečaci; Setovi,,"<p>Set</p>",,https://shop.example/set\n'
        "20,Cap,CAP1,simple,draft,1490,1490,990,4,,,Kape,summer; sale,,Cap,https://shop.example/cap\n"
        "30,Bag,BAG1,variable,publish,,,,,,,,,,,\n",
    )
    variations = write(
        tmp_path,
        "woocommerce_variations.csv",
        "parent_id,parent_name,parent_sku,id,sku,price,attributes,image\n"
        "10,Set,SET1,11,SET1,,Boja: Plava; Veličina: 24m,https://cdn.example/blue.webp\n"
        "10,Set,SET1,12,SET1,3190,Boja: Plava; Veličina: 18m,\n"
        "10,Set,SET1,13,SET1-X,3190,Boja: Crna; Veličina: 18m,\n"
        "30,Bag,BAG1,31,BAG1,,Boja: Crna,\n"
        "99,Ghost,GHOST,91,GHOST,100,Boja: Crna,\n",
    )

    result = read([variations, products], "RSD")

    set_product, cap = result.products
    assert set_product.key == "SET1"
    assert set_product.options == ["Boja", "Veličina"]
    assert set_product.categories == [["Dečaci"], ["Setovi"]]
    assert set_product.source_url == "https://shop.example/set"
    assert [item.sku for item in set_product.variants] == ["SET1-plava-24m", "SET1-plava-18m", "SET1-X"]
    assert [item.prices[0].amount_minor for item in set_product.variants] == [289000, 319000, 319000]
    assert [item.line for item in set_product.variants] == [2, 3, 4]
    assert set_product.variants[0].image_url == "https://cdn.example/blue.webp"
    assert cap.status == "draft"
    assert cap.tags == ["summer", "sale"]
    assert (cap.variants[0].prices[0].amount_minor, cap.variants[0].prices[0].compare_at_minor) == (99000, 149000)
    assert cap.variants[0].stock[0].on_hand == 4
    codes = [(issue.severity, issue.code) for issue in result.issues]
    assert codes.count(("warning", "price_from_parent")) == 1
    assert ("error", "missing_price") in codes
    assert ("error", "unknown_parent") in codes
    assert ("warning", "sku_reuses_product_sku") in codes


def test_pair_issues_name_their_file(tmp_path: Path) -> None:
    products = write(
        tmp_path,
        "woocommerce_products.csv",
        "id,name,sku,type,status,price,regular_price,permalink\n10,Set,SET1,variable,publish,2890,,ftp://shop.example/set\n",
    )
    variations = write(
        tmp_path,
        "woocommerce_variations.csv",
        "parent_id,id,sku,price,attributes\n10,11,SET1-A,3190,Boja: Plava\n10,12,SET1-B,3190,Boja: Plava\n",
    )

    result = read([products, variations], "RSD")

    located = {(issue.code, Path(issue.file or "").name, issue.line) for issue in result.issues}
    assert located == {
        ("invalid_url", "woocommerce_products.csv", 2),
        ("duplicate_option_values", "woocommerce_variations.csv", 3),
    }


def test_currency_required(tmp_path: Path) -> None:
    path = write(tmp_path, "products.csv", NATIVE_HEADER)

    with pytest.raises(MissingCurrencyError, match="--currency"):
        woocommerce.read([path], ReadOptions())


def test_not_a_woocommerce_file(tmp_path: Path) -> None:
    path = write(tmp_path, "other.csv", "Handle,Title\na,A\n")

    with pytest.raises(FeedFormatError, match="not a WooCommerce export"):
        woocommerce.read([path], ReadOptions(currency="USD"))


# Real exports, counted with Python's csv module: products are rows of type simple or variable
# (or REST product rows), variants are simple products plus variation rows.


def test_real_russian_localized_export(realdata: Path) -> None:
    result = read([realdata / "woocommerce-export-ru-localized" / "wc-product-export.csv"], "RUB")

    assert result.rows_read == 9
    assert len(result.products) == 9
    assert result.variant_count == 9
    first = result.products[0]
    assert first.title == "КОМБИНЕЗОН С ОSТДЕЛКОЙ ИЗ КРУЖЕВА"
    assert first.variants[0].prices[0].amount_minor == 24000
    assert first.variants[0].sku == "id-40"
    assert first.variants[0].line == 3
    assert [entry.key for entry in result.products if entry.status == "draft"] == ["id:140", "id:141"]
    assert [issue.code for issue in result.issues] == ["encoding"] + ["sku_generated"] * 9


def test_real_serbian_rest_export(realdata: Path) -> None:
    folder = realdata / "woocommerce-rs-kids-apparel"

    result = read([folder / "woocommerce_products.csv", folder / "woocommerce_variations.csv"], "RSD")

    assert result.rows_read == 96 + 577
    assert len(result.products) == 96
    assert result.variant_count == 577 + 4
    codes = [issue.code for issue in result.issues]
    assert codes.count("price_from_parent") == 84
    assert codes.count("sku_reuses_product_sku") == 92
    assert codes.count("duplicate_option_values") == 1
    assert not [issue for issue in result.issues if issue.severity == "error"]

    reebok = result.products[0]
    assert reebok.title == "REEBOK Set majica i šorc za bebe dečake"
    assert [item.sku for item in reebok.variants] == ["C9991RB1-24m", "C9991RB1-18m", "C9991RB1-12m"]
    assert [item.prices[0].amount_minor for item in reebok.variants] == [289000, 289000, 289000]
    all_skus = [item.sku for entry in result.products for item in entry.variants]
    assert len(set(all_skus)) == len(all_skus)
    assert "C112KUN36201-944" in all_skus
    assert not [entry for entry in result.products if "data-message-id" in (entry.description_html or "")]


def test_real_sample_data(realdata: Path) -> None:
    result = read([realdata / "woocommerce-sample-data" / "sample_products.csv"], "USD")

    assert result.rows_read == 24
    assert len(result.products) == 9 + 2 + 2
    assert result.variant_count == 9 + 2 + 9
    assert [issue.code for issue in result.issues] == ["skipped_product_type", "skipped_product_type"]

    by_key = {entry.key: entry for entry in result.products}
    hoodie = by_key["cc-hoodie"]
    assert hoodie.options == ["Color", "Logo"]
    assert len(hoodie.variants) == 6
    red = hoodie.variants[0]
    assert red.sku == "cc-hoodie-red"
    assert (red.prices[0].amount_minor, red.prices[0].compare_at_minor) == (4200, 4500)
    tee = by_key["cc-tee"]
    assert tee.options == ["Color"]
    assert tee.attributes == {"Size": "Large, Medium, Small"}
    assert by_key["cc-album"].attributes == {"downloadable": "yes", "virtual": "yes"}
