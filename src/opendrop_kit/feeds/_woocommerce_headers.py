"""Column names of WooCommerce's CSV exporter, in English and as non-English WordPress admins write them.

WooCommerce translates the headers of its product CSV export into the admin's language. The
reader maps every header to the English name before reading, so one code path reads them all.
Russian, German, French and Spanish are mapped; another language needs its labels added below.
Labels are compared after case folding, with no-break spaces as spaces and typographic
apostrophes as plain ones, because translations of different releases differ in exactly that.
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

# Labels of the exporter's headers per language. Several WooCommerce releases translated a column
# differently, so a column may have more than one label.
_RUSSIAN = {
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

_GERMAN = {
    "Typ": "Type",
    "Artikelnummer": "SKU",
    "Art.-Nr.": "SKU",
    "GTIN, UPC, EAN oder ISBN": "GTIN, UPC, EAN, or ISBN",
    "Veröffentlicht": "Published",
    "Ist hervorgehoben?": "Is featured?",
    "Hervorgehoben?": "Is featured?",
    "Sichtbarkeit im Katalog": "Visibility in catalog",
    "Katalogsichtbarkeit": "Visibility in catalog",
    "Kurzbeschreibung": "Short description",
    "Beschreibung": "Description",
    "Datum, an dem der Angebotspreis beginnt": "Date sale price starts",
    "Datum, an dem Angebotspreis beginnt": "Date sale price starts",
    "Angebotspreis gültig ab": "Date sale price starts",
    "Datum, an dem der Angebotspreis endet": "Date sale price ends",
    "Datum, an dem Angebotspreis endet": "Date sale price ends",
    "Angebotspreis gültig bis": "Date sale price ends",
    "Steuerstatus": "Tax status",
    "Steuerklasse": "Tax class",
    "Vorrätig?": "In stock?",
    "Auf Lager?": "In stock?",
    "Lagerstatus": "In stock?",
    "Lager": "Stock",
    "Bestand": "Stock",
    "Lagerbestand": "Stock",
    "Geringe Lagermenge": "Low stock amount",
    "Geringer Lagerbestand": "Low stock amount",
    "Lieferrückstände erlaubt?": "Backorders allowed?",
    "Rückstände erlaubt?": "Backorders allowed?",
    "Nur einzeln verkaufen?": "Sold individually?",
    "Einzeln verkauft?": "Sold individually?",
    "Kundenbewertungen erlauben?": "Allow customer reviews?",
    "Kundenrezensionen erlauben?": "Allow customer reviews?",
    "Hinweis zum Kauf": "Purchase note",
    "Kaufhinweis": "Purchase note",
    "Angebotspreis": "Sale price",
    "Regulärer Preis": "Regular price",
    "Normaler Preis": "Regular price",
    "Kategorien": "Categories",
    "Schlagwörter": "Tags",
    "Versandklasse": "Shipping class",
    "Bilder": "Images",
    "Download-Limit": "Download limit",
    "Downloadlimit": "Download limit",
    "Ablauftage des Downloads": "Download expiry days",
    "Download-Ablauf (Tage)": "Download expiry days",
    "Übergeordnetes Produkt": "Parent",
    "Eltern": "Parent",
    "Gruppierte Produkte": "Grouped products",
    "Zusatzverkäufe": "Upsells",
    "Cross-Sells (Querverkäufe)": "Cross-sells",
    "Externe URL": "External URL",
    "Button-Text": "Button text",
    "Marken": "Brands",
}

_FRENCH = {
    "UGS": "SKU",
    "Référence": "SKU",
    "GTIN, UPC, EAN ou ISBN": "GTIN, UPC, EAN, or ISBN",
    "Nom": "Name",
    "Publié": "Published",
    "Mis en avant ?": "Is featured?",
    "Visibilité dans le catalogue": "Visibility in catalog",
    "Description courte": "Short description",
    "Date de début de promo": "Date sale price starts",
    "Date de fin de promo": "Date sale price ends",
    "État de la TVA": "Tax status",
    "Statut fiscal": "Tax status",
    "Classe de TVA": "Tax class",
    "Classe TVA": "Tax class",
    "En stock ?": "In stock?",
    "En inventaire ?": "In stock?",
    "Inventaire": "Stock",
    "Montant de stock faible": "Low stock amount",
    "Autoriser les commandes de produits en rupture ?": "Backorders allowed?",
    "Vendre individuellement ?": "Sold individually?",
    "Autoriser les avis clients ?": "Allow customer reviews?",
    "Note de commande": "Purchase note",
    "Note de l'achat": "Purchase note",
    "Tarif promo": "Sale price",
    "Prix promo": "Sale price",
    "Prix de vente": "Sale price",
    "Tarif régulier": "Regular price",
    "Prix régulier": "Regular price",
    "Prix de base": "Regular price",
    "Catégories": "Categories",
    "Étiquettes": "Tags",
    "Classe d'expédition": "Shipping class",
    "Classe de livraison": "Shipping class",
    "Limite de téléchargement": "Download limit",
    "Jours d'expiration du téléchargement": "Download expiry days",
    "Groupes de produits": "Grouped products",
    "Produits groupés": "Grouped products",
    "Produits suggérés": "Upsells",
    "Montée en gamme": "Upsells",
    "Ventes croisées": "Cross-sells",
    "URL externe": "External URL",
    "Libellé du bouton": "Button text",
    "Texte du bouton": "Button text",
    "Marques": "Brands",
}

_SPANISH = {
    "Tipo": "Type",
    "GTIN, UPC, EAN o ISBN": "GTIN, UPC, EAN, or ISBN",
    "Nombre": "Name",
    "Publicado": "Published",
    "¿Está destacado?": "Is featured?",
    "Destacado": "Is featured?",
    "Visibilidad en el catálogo": "Visibility in catalog",
    "Descripción corta": "Short description",
    "Descripción": "Description",
    "Día en que empieza el precio rebajado": "Date sale price starts",
    "Día en que termina el precio rebajado": "Date sale price ends",
    "Estado del impuesto": "Tax status",
    "Clase de impuesto": "Tax class",
    "¿Existencias?": "In stock?",
    "¿En inventario?": "In stock?",
    "En inventario": "In stock?",
    "Inventario": "Stock",
    "Cantidad de bajo inventario": "Low stock amount",
    "¿Permitir reservas de productos agotados?": "Backorders allowed?",
    "¿Vendido individualmente?": "Sold individually?",
    "¿Permitir valoraciones de clientes?": "Allow customer reviews?",
    "Nota de compra": "Purchase note",
    "Precio rebajado": "Sale price",
    "Precio normal": "Regular price",
    "Precio regular": "Regular price",
    "Categorías": "Categories",
    "Etiquetas": "Tags",
    "Clase de envío": "Shipping class",
    "Imágenes": "Images",
    "Límite de descargas": "Download limit",
    "Días de caducidad de la descarga": "Download expiry days",
    "Superior": "Parent",
    "Productos agrupados": "Grouped products",
    "Ventas dirigidas": "Upsells",
    "Ventas cruzadas": "Cross-sells",
    "URL externa": "External URL",
    "Texto del botón": "Button text",
    "Posición": "Position",
    "Marcas": "Brands",
}

_MEASURE_NAMES = {
    "Weight": ("weight", "вес", "gewicht", "poids", "peso"),
    "Length": ("length", "длина", "länge", "longueur", "longitud"),
    "Width": ("width", "ширина", "breite", "largeur", "anchura", "ancho"),
    "Height": ("height", "высота", "höhe", "hauteur", "altura"),
}
_UNIT_NAMES = {
    "kg": ("kg", "кг"),
    "g": ("g", "г"),
    "lb": ("lbs", "lb", "фунт", "фунты", "livre", "livres", "libra", "libras"),
    "oz": ("oz", "унция", "унции", "once", "onces", "onza", "onzas"),
    "cm": ("cm", "см"),
    "mm": ("mm", "мм"),
    "m": ("m", "м"),
    "in": ("in", "дюйм", "дюймы", "pouce", "pouces", "pulgada", "pulgadas"),
}
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
    (re.compile(r"^attribut (\d+) name$"), "name"),
    (re.compile(r"^attribut (\d+) wert\(e\)$"), "value(s)"),
    (re.compile(r"^attribut (\d+) (?:sichtbar|visible)$"), "visible"),
    (re.compile(r"^attribut (\d+) global$"), "global"),
    (re.compile(r"^attribut (\d+) (?:standard|par défaut)$"), "default"),
    (re.compile(r"^nom de l'attribut (\d+)$"), "name"),
    (re.compile(r"^valeur\(s\) de l'attribut (\d+)$"), "value(s)"),
    (re.compile(r"^nombre del atributo (\d+)$"), "name"),
    (re.compile(r"^valor\(es\) del atributo (\d+)$"), "value(s)"),
    (re.compile(r"^atributo (?:visible (\d+)|(\d+) visible)$"), "visible"),
    (re.compile(r"^atributo (?:global (\d+)|(\d+) global)$"), "global"),
    (re.compile(r"^atributo (\d+) por defecto$"), "default"),
)
_META = re.compile(r"^(?:meta|méta|мета)\s*:\s*(.+)$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def fold_label(text: str) -> str:
    """Reduce a header to the form labels are compared in: case folded, one plain space, plain apostrophes."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")
    return _SPACES.sub(" ", text).strip().casefold()


def _by_folded_label(*tables: dict[str, str]) -> dict[str, str]:
    """Merge label tables into one keyed by folded label; raise ValueError for a label with two meanings."""
    merged: dict[str, str] = {}
    for table in tables:
        for label, name in table.items():
            folded = fold_label(label)
            if merged.setdefault(folded, name) != name:
                raise ValueError(f"WooCommerce label '{label}' means both '{merged[folded]}' and '{name}'")
    return merged


#: Every known translated label, folded, with the English header it stands for.
LOCALIZED_HEADERS = _by_folded_label(_RUSSIAN, _GERMAN, _FRENCH, _SPANISH)
_ENGLISH_BY_FOLDED = {fold_label(name): name for name in ENGLISH_HEADERS}
_MEASURES = {word: name for name, words in _MEASURE_NAMES.items() for word in words}
_UNITS = {word: unit for unit, words in _UNIT_NAMES.items() for word in words}


def canonical_header(header: str) -> tuple[str, str | None]:
    """Map a header to (English name, unit); the unit is set for weight and dimension columns.

    Unknown headers are returned unchanged, so `Meta: ...` and plugin columns stay readable.
    """
    folded = fold_label(header)
    known = _ENGLISH_BY_FOLDED.get(folded) or LOCALIZED_HEADERS.get(folded)
    if known is not None:
        return known, None

    measure = _MEASURE.match(folded)
    if measure is not None and measure.group(1) in _MEASURES:
        return _MEASURES[measure.group(1)], _UNITS.get(measure.group(2), measure.group(2))

    for pattern, part in _ATTRIBUTE_PARTS:
        match = pattern.match(folded)
        if match is not None:
            number = next(group for group in match.groups() if group is not None)
            return f"Attribute {number} {part}", None

    meta = _META.match(header.replace("\u00a0", " ").strip())
    if meta is not None:
        return f"Meta: {meta.group(1)}", None
    return header, None
