"""Column names of WooCommerce's CSV exporter, in English and as a Russian WordPress admin writes them.

WooCommerce translates the headers of its product CSV export into the admin's language. The
reader maps every header to the English name before reading, so one code path reads both. Only
Russian is mapped so far; another language needs its labels added to `LOCALIZED_HEADERS`.
"""

from __future__ import annotations

import re

#: The English headers of the native exporter, as written by WooCommerce 3.x to 9.x.
ENGLISH_HEADERS = (
    "ID", "Type", "SKU", "GTIN, UPC, EAN, or ISBN", "Name", "Published", "Is featured?",
    "Visibility in catalog", "Short description", "Description", "Date sale price starts",
    "Date sale price ends", "Tax status", "Tax class", "In stock?", "Stock", "Low stock amount",
    "Backorders allowed?", "Sold individually?", "Allow customer reviews?", "Purchase note",
    "Sale price", "Regular price", "Categories", "Tags", "Shipping class", "Images",
    "Download limit", "Download expiry days", "Parent", "Grouped products", "Upsells",
    "Cross-sells", "External URL", "Button text", "Position", "Brands",
)  # fmt: skip

#: Russian labels (lower case) of the exporter's headers. Several WooCommerce releases translated
#: a column differently, so a column may have more than one label.
LOCALIZED_HEADERS: dict[str, str] = {
    "тип": "Type",
    "артикул": "SKU",
    "gtin, upc, ean или isbn": "GTIN, UPC, EAN, or ISBN",
    "имя": "Name",
    "название": "Name",
    "опубликован": "Published",
    "рекомендуемый?": "Is featured?",
    "видимость в каталоге": "Visibility in catalog",
    "короткое описание": "Short description",
    "краткое описание": "Short description",
    "описание": "Description",
    "дата начала действия скидки": "Date sale price starts",
    "дата начала действия продажной цены": "Date sale price starts",
    "дата окончания действия скидки": "Date sale price ends",
    "дата окончания действия продажной цены": "Date sale price ends",
    "статус налога": "Tax status",
    "налоговый класс": "Tax class",
    "в наличии?": "In stock?",
    "наличие": "In stock?",
    "запасы": "Stock",
    "величина малых запасов": "Low stock amount",
    "возможен ли предзаказ?": "Backorders allowed?",
    "продано индивидуально?": "Sold individually?",
    "разрешить отзывы от клиентов?": "Allow customer reviews?",
    "примечание к покупке": "Purchase note",
    "акционная цена": "Sale price",
    "цена распродажи": "Sale price",
    "базовая цена": "Regular price",
    "обычная цена": "Regular price",
    "категории": "Categories",
    "метки": "Tags",
    "класс доставки": "Shipping class",
    "изображения": "Images",
    "лимит скачивания": "Download limit",
    "дней срока скачивания": "Download expiry days",
    "родительский": "Parent",
    "родитель": "Parent",
    "сгруппированные товары": "Grouped products",
    "апсэлы": "Upsells",
    "кросселы": "Cross-sells",
    "внешний url": "External URL",
    "текст кнопки": "Button text",
    "позиция": "Position",
    "бренды": "Brands",
}

_ENGLISH_BY_FOLDED = {name.casefold(): name for name in ENGLISH_HEADERS}
_MEASURES = {"weight": "Weight", "вес": "Weight", "length": "Length", "длина": "Length",
             "width": "Width", "ширина": "Width", "height": "Height", "высота": "Height"}  # fmt: skip
_UNITS = {"kg": "kg", "кг": "kg", "g": "g", "г": "g", "lbs": "lb", "lb": "lb", "фунт": "lb", "фунты": "lb",
          "oz": "oz", "унция": "oz", "унции": "oz", "cm": "cm", "см": "cm", "mm": "mm", "мм": "mm",
          "m": "m", "м": "m", "in": "in", "дюйм": "in", "дюймы": "in"}  # fmt: skip
_MEASURE = re.compile(r"^(\w+)\s*\(\s*([^()]+?)\s*\)$")
_ATTRIBUTE_PARTS = (
    (re.compile(r"^attribute (\d+) name$"), "name"),
    (re.compile(r"^attribute (\d+) value\(s\)$"), "value(s)"),
    (re.compile(r"^attribute (\d+) visible$"), "visible"),
    (re.compile(r"^attribute (\d+) global$"), "global"),
    (re.compile(r"^attribute (\d+) default$"), "default"),
    (re.compile(r"^название атрибута (\d+)$"), "name"),
    (re.compile(r"^значени[ея] атрибут(?:а|ов) (\d+)$"), "value(s)"),
    (re.compile(r"^видимость атрибута (\d+)$"), "visible"),
    (re.compile(r"^глобальный атрибут (\d+)$"), "global"),
)
_META = re.compile(r"^(?:meta|мета):\s*(.+)$", re.IGNORECASE)


def canonical_header(header: str) -> tuple[str, str | None]:
    """Map a header to (English name, unit); the unit is set for weight and dimension columns.

    Unknown headers are returned unchanged, so `Meta: ...` and plugin columns stay readable.
    """
    folded = header.strip().casefold()
    known = _ENGLISH_BY_FOLDED.get(folded) or LOCALIZED_HEADERS.get(folded)
    if known is not None:
        return known, None

    measure = _MEASURE.match(folded)
    if measure is not None and measure.group(1) in _MEASURES:
        return _MEASURES[measure.group(1)], _UNITS.get(measure.group(2), measure.group(2))

    for pattern, part in _ATTRIBUTE_PARTS:
        match = pattern.match(folded)
        if match is not None:
            return f"Attribute {match.group(1)} {part}", None

    meta = _META.match(header.strip())
    if meta is not None:
        return f"Meta: {meta.group(1)}", None
    return header, None
