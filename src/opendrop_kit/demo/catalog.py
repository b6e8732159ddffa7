"""The demo supplier catalog that `opendrop-kit serve` loads on first start.

`demo_catalog()` builds about forty products of a fictional supplier from the tables below, with
no external data. The catalog contains the cases that real feeds contain:

- apparel with Size × Color, single-variant home goods and a product with three options;
- electronics where the value "16GB" appears under two option names;
- warehouses in four countries, with stock that is reserved, incoming, zero, uncounted or on
  backorder;
- prices in EUR, USD, JPY (no decimals) and KWD (three decimals), with quantity tiers and
  compare-at prices;
- translations, one of them outdated;
- descriptions pasted from Word or a chatbot, which `normalize()` has to sanitize.

The structure (products, variants, SKUs, prices, translations) is fixed; the seed varies only the
stock figures, so every seed keeps the special cases. Dates are fixed too, so the same seed always
gives an equal catalog.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import UTC, datetime

from opendrop_kit.demo._texts import DESCRIPTIONS, PLAIN_TEXTS, TRANSLATIONS
from opendrop_kit.demo.generated import generated_products, generated_warehouses, write_generated_ndjson
from opendrop_kit.feeds.hashing import content_hash
from opendrop_kit.feeds.model import (
    FeedCatalog,
    FeedMedia,
    FeedPrice,
    FeedProduct,
    FeedStock,
    FeedTranslation,
    FeedVariant,
    FeedWarehouse,
)
from opendrop_kit.schema.countries import COUNTRY_CODES

__all__ = [
    "DEMO_FORMAT",
    "demo_catalog",
    "demo_warehouses",
    "generated_products",
    "generated_warehouses",
    "write_generated_ndjson",
]

#: Value of `FeedCatalog.format` for the demo catalog.
DEMO_FORMAT = "demo"

_MEDIA_BASE = "https://cdn.opendrop.example/demo"
_SHOP_BASE = "https://shop.opendrop.example/products"

#: Member states of the European Union, the Berlin warehouse's delivery area.
EU_COUNTRIES = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip
# Uninhabited territories and destinations under trade embargoes are left out of "worldwide".
_NOT_SERVED = frozenset(("AQ", "BV", "GS", "HM", "TF", "UM", "CU", "IR", "KP", "SY"))

# Restock dates of the incoming stock; fixed so that a seed always yields an equal catalog.
_RESTOCK_SOON = datetime(2027, 1, 15, 9, 0, tzinfo=UTC)
_RESTOCK_LATER = datetime(2027, 2, 26, 9, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class _Spec:
    """One demo product: the table row from which its variants, prices and stock are built."""

    key: str
    title: str
    sku: str
    brand: str
    category: tuple[str, ...]
    #: Price of the cheapest variant in euro cents.
    euro_cents: int
    options: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Extra euro cents for an (option, value) pair.
    surcharges: tuple[tuple[tuple[str, str], int], ...] = ()
    currencies: tuple[str, ...] = ("USD",)
    warehouses: tuple[str, ...] = ("de-ber",)
    weight_grams: int = 300
    size_mm: tuple[int, int, int] = (200, 150, 50)
    origin: str = "CN"
    hs_code: str = "392490"
    tags: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()
    processing_days: int = 1
    min_order_quantity: int = 1
    #: Option whose values get their own image, shown by the variants that have the value.
    image_option: str | None = None


_APPAREL = ("Apparel",)
_ELECTRONICS = ("Electronics",)
_HOME = ("Home & Kitchen",)
_OUTDOOR = ("Sports & Outdoors",)
_SIZES = ("XS", "S", "M", "L", "XL")

# fmt: off
_SPECS: tuple[_Spec, ...] = (
    # --- apparel: Size × Color ---
    _Spec("organic-cotton-tee", "Organic Cotton T-Shirt", "NL-TEE", "Nordlicht Apparel",
          (*_APPAREL, "Tops", "T-Shirts"), 1990,
          options=(("Size", _SIZES), ("Color", ("White", "Black", "Navy"))),
          surcharges=((("Size", "XL"), 200),),
          currencies=("USD", "JPY"), warehouses=("de-ber", "us-nj", "jp-osa"),
          weight_grams=180, size_mm=(300, 250, 20), origin="PT", hs_code="610910",
          tags=("organic", "bestseller", "unisex"),
          attributes=(("material", "100% organic cotton"), ("care", "Machine wash at 30 °C"),
                      ("certification", "GOTS")),
          image_option="Color"),
    _Spec("merino-crew-sweater", "Merino Crew-Neck Sweater", "NL-MER", "Nordlicht Apparel",
          (*_APPAREL, "Knitwear"), 8900,
          options=(("Size", ("S", "M", "L", "XL")), ("Color", ("Charcoal", "Oatmeal"))),
          warehouses=("de-ber", "us-nj"), weight_grams=420, size_mm=(320, 280, 60), origin="IT",
          hs_code="611011", tags=("wool", "winter"),
          attributes=(("material", "100% extra-fine merino wool"),)),
    _Spec("rain-shell-jacket", "Packable Rain Shell Jacket", "TH-RSJ", "Trailhead",
          (*_APPAREL, "Outerwear"), 12900,
          options=(("Size", _SIZES), ("Color", ("Moss", "Signal Orange"))),
          currencies=("USD", "JPY"), warehouses=("de-ber", "us-nj"),
          weight_grams=310, size_mm=(250, 200, 60), origin="VN", hs_code="620193",
          tags=("waterproof", "outdoor"), attributes=(("waterproof rating", "20,000 mm"),)),
    _Spec("everyday-hoodie", "Everyday Zip Hoodie", "NL-HOD", "Nordlicht Apparel",
          (*_APPAREL, "Tops", "Hoodies"), 5990,
          options=(("Size", _SIZES), ("Color", ("Heather Grey", "Forest"))),
          currencies=("USD", "KWD"), warehouses=("de-ber", "us-nj"),
          weight_grams=560, size_mm=(350, 300, 80), origin="PT", hs_code="611020", tags=("unisex",)),
    _Spec("linen-shirt", "Washed Linen Shirt", "NL-LIN", "Nordlicht Apparel",
          (*_APPAREL, "Tops", "Shirts"), 6900,
          options=(("Size", ("S", "M", "L", "XL")), ("Color", ("Sand", "Sky Blue"))),
          weight_grams=240, size_mm=(300, 250, 30), origin="LT", hs_code="620520", tags=("summer",)),
    _Spec("running-shorts", "Lightweight Running Shorts", "TH-RUN", "Trailhead",
          (*_APPAREL, "Sportswear"), 3490,
          options=(("Size", ("S", "M", "L")), ("Color", ("Black", "Cobalt"))),
          currencies=("USD", "JPY"), warehouses=("de-ber", "us-nj"),
          weight_grams=120, size_mm=(250, 200, 20), origin="VN", hs_code="621143", tags=("running",)),
    _Spec("wool-beanie", "Ribbed Wool Beanie", "NL-BEA", "Nordlicht Apparel",
          (*_APPAREL, "Accessories"), 2490,
          options=(("Color", ("Charcoal", "Mustard", "Navy")),),
          currencies=("USD", "KWD"), warehouses=("de-ber", "us-nj"),
          weight_grams=90, size_mm=(220, 200, 30), origin="DE", hs_code="650500", tags=("winter",)),
    _Spec("canvas-sneakers", "Canvas Low-Top Sneakers", "TH-SNK", "Trailhead",
          (*_APPAREL, "Shoes"), 7900,
          options=(("Size", ("EU 39", "EU 40", "EU 41", "EU 42", "EU 43")), ("Color", ("Chalk", "Black")),
                   ("Width", ("Regular", "Wide"))),
          surcharges=((("Width", "Wide"), 500),), warehouses=("de-ber", "us-nj"),
          weight_grams=820, size_mm=(330, 210, 120), origin="PT", hs_code="640411", tags=("vegan",),
          attributes=(("upper", "Organic cotton canvas"), ("sole", "Natural rubber")),
          image_option="Color"),
    _Spec("leather-belt", "Full-Grain Leather Belt", "NL-BLT", "Nordlicht Apparel",
          (*_APPAREL, "Accessories"), 4500,
          options=(("Size", ("85 cm", "95 cm", "105 cm")), ("Color", ("Cognac", "Black"))),
          weight_grams=210, size_mm=(300, 120, 40), origin="IT", hs_code="420330"),
    _Spec("silk-scarf", "Printed Silk Scarf", "NL-SLK", "Nordlicht Apparel",
          (*_APPAREL, "Accessories"), 5900,
          options=(("Pattern", ("Paisley", "Botanical", "Stripe")),),
          currencies=("USD", "JPY", "KWD"),
          weight_grams=60, size_mm=(250, 180, 10), origin="IT", hs_code="621410"),
    # --- electronics: "16GB" is a value of both RAM and Storage on the board kit ---
    _Spec("dev-board-kit", "Single-Board Computer Starter Kit", "VO-SBC", "Voltra",
          (*_ELECTRONICS, "Computers", "Single-Board Computers"), 8900,
          options=(("RAM", ("4GB", "8GB", "16GB")), ("Storage", ("16GB", "32GB", "64GB"))),
          surcharges=((("RAM", "8GB"), 2000), (("RAM", "16GB"), 5500), (("Storage", "32GB"), 400),
                      (("Storage", "64GB"), 1000)),
          currencies=("USD", "JPY"), warehouses=("cn-sz", "us-nj"),
          weight_grams=240, size_mm=(160, 120, 60), origin="GB", hs_code="847150",
          tags=("maker", "education")),
    _Spec("aero-laptop-14", "Aero 14 Ultrabook", "VO-A14", "Voltra",
          (*_ELECTRONICS, "Computers", "Laptops"), 99900,
          options=(("RAM", ("16GB", "32GB")), ("Storage", ("512GB", "1TB"))),
          surcharges=((("RAM", "32GB"), 20000), (("Storage", "1TB"), 12000)),
          currencies=("USD", "JPY", "KWD"), warehouses=("cn-sz", "us-nj", "de-ber"),
          weight_grams=1290, size_mm=(313, 221, 16), origin="CN", hs_code="847130", tags=("laptop",),
          attributes=(("display", '14" 2880×1800 OLED'), ("battery", "70 Wh")), processing_days=2),
    _Spec("usb-c-flash-drive", "USB-C Flash Drive", "VO-USB", "Voltra",
          (*_ELECTRONICS, "Storage"), 990,
          options=(("Storage", ("16GB", "64GB", "128GB")),),
          surcharges=((("Storage", "64GB"), 600), (("Storage", "128GB"), 1400)), warehouses=("cn-sz",),
          weight_grams=12, size_mm=(40, 15, 8), origin="CN", hs_code="852351"),
    _Spec("wireless-earbuds", "Kumo Wireless Earbuds", "KU-EAR", "Kumo",
          (*_ELECTRONICS, "Audio"), 7900,
          options=(("Color", ("Graphite", "Pearl")),),
          currencies=("USD", "JPY", "KWD"), warehouses=("cn-sz", "us-nj"),
          weight_grams=60, size_mm=(90, 70, 40), origin="CN", hs_code="851830", tags=("audio",),
          image_option="Color"),
    _Spec("smartwatch", "Kumo Fit Smartwatch", "KU-FIT", "Kumo",
          (*_ELECTRONICS, "Wearables"), 14900,
          options=(("Case Size", ("41 mm", "45 mm")), ("Band Color", ("Black", "Sage"))),
          surcharges=((("Case Size", "45 mm"), 3000),), currencies=("USD", "JPY"),
          warehouses=("cn-sz", "us-nj"), weight_grams=45, size_mm=(110, 90, 70), origin="CN",
          hs_code="851762"),
    _Spec("power-bank", "Slim Power Bank", "VO-PWR", "Voltra",
          (*_ELECTRONICS, "Phone Accessories"), 2990,
          options=(("Capacity", ("10000 mAh", "20000 mAh")),),
          surcharges=((("Capacity", "20000 mAh"), 1500),), warehouses=("cn-sz",),
          weight_grams=210, size_mm=(140, 70, 16), origin="CN", hs_code="850760"),
    _Spec("usb-c-cable", "Braided USB-C Cable", "VO-CBL", "Voltra",
          (*_ELECTRONICS, "Phone Accessories"), 890,
          options=(("Length", ("1 m", "2 m")), ("Color", ("Black", "White"))),
          surcharges=((("Length", "2 m"), 300),), warehouses=("cn-sz", "de-ber"),
          weight_grams=40, size_mm=(120, 80, 20), origin="CN", hs_code="854442"),
    _Spec("mechanical-keyboard", "Low-Profile Mechanical Keyboard", "KU-KBD", "Kumo",
          (*_ELECTRONICS, "Computer Accessories"), 11900,
          options=(("Layout", ("US ANSI", "DE ISO", "JIS")), ("Switch", ("Red", "Brown"))),
          currencies=("USD", "JPY"), warehouses=("cn-sz", "jp-osa"),
          weight_grams=690, size_mm=(360, 130, 30), origin="CN", hs_code="847160"),
    _Spec("phone-case", "Recycled Phone Case", "KU-CAS", "Kumo",
          (*_ELECTRONICS, "Phone Accessories"), 1990,
          options=(("Model", ("Phone 15", "Phone 16")), ("Color", ("Clear", "Smoke"))),
          warehouses=("cn-sz",), weight_grams=35, size_mm=(170, 90, 15), origin="CN", hs_code="392690"),
    _Spec("led-desk-lamp", "Dimmable LED Desk Lamp", "VO-LMP", "Voltra",
          (*_ELECTRONICS, "Lighting"), 4990, warehouses=("cn-sz", "de-ber"),
          weight_grams=980, size_mm=(420, 160, 160), origin="CN", hs_code="940520"),
    # --- home goods: one variant each ---
    _Spec("ceramic-pour-over", "Ceramic Pour-Over Dripper", "HC-POD", "Hearth & Co.",
          (*_HOME, "Coffee & Tea"), 2900, currencies=("USD", "JPY"),
          weight_grams=420, size_mm=(140, 140, 110), origin="JP", hs_code="691200", tags=("coffee",),
          attributes=(("material", "Stoneware"),)),
    _Spec("cast-iron-skillet", "Pre-Seasoned Cast Iron Skillet 26 cm", "HC-SKL", "Hearth & Co.",
          (*_HOME, "Cookware"), 4490, currencies=("USD", "JPY"), warehouses=("de-ber", "us-nj"),
          weight_grams=2600, size_mm=(450, 270, 60), origin="DE", hs_code="732391", tags=("cookware",)),
    _Spec("bamboo-cutting-board", "Bamboo Cutting Board", "HC-BCB", "Hearth & Co.",
          (*_HOME, "Kitchen Tools"), 2490,
          weight_grams=950, size_mm=(400, 280, 20), origin="CN", hs_code="441990"),
    _Spec("glass-storage-jars", "Glass Storage Jars, Set of 3", "HC-JAR", "Hearth & Co.",
          (*_HOME, "Storage"), 3490,
          weight_grams=1400, size_mm=(300, 110, 180), origin="PL", hs_code="701349", min_order_quantity=2),
    _Spec("linen-tea-towels", "Linen Tea Towels, Set of 2", "HC-TEA", "Hearth & Co.",
          (*_HOME, "Textiles"), 1990,
          weight_grams=160, size_mm=(250, 200, 20), origin="LT", hs_code="630291"),
    _Spec("wool-throw-blanket", "Wool Throw Blanket", "HC-THR", "Hearth & Co.",
          (*_HOME, "Textiles"), 8900, currencies=("USD", "KWD"),
          weight_grams=1300, size_mm=(400, 300, 100), origin="GB", hs_code="630120"),
    _Spec("scented-candle", "Cedar & Fig Scented Candle", "HC-CND", "Hearth & Co.",
          (*_HOME, "Decor"), 2400,
          weight_grams=380, size_mm=(90, 90, 100), origin="DE", hs_code="340600", processing_days=5),
    _Spec("french-press", "Double-Wall French Press", "HC-FRP", "Hearth & Co.",
          (*_HOME, "Coffee & Tea"), 3900, warehouses=("de-ber", "us-nj"),
          weight_grams=900, size_mm=(200, 150, 230), origin="CN", hs_code="732393"),
    _Spec("enamel-mug", "Enamel Camp Mug", "HC-MUG", "Hearth & Co.",
          (*_HOME, "Coffee & Tea"), 1490,
          weight_grams=180, size_mm=(120, 90, 90), origin="PL", hs_code="732394"),
    _Spec("cotton-bath-towel", "Organic Cotton Bath Towel", "HC-TWL", "Hearth & Co.",
          (*_HOME, "Textiles"), 2990,
          weight_grams=650, size_mm=(300, 250, 80), origin="PT", hs_code="630260"),
    _Spec("terracotta-plant-pot", "Terracotta Plant Pot 18 cm", "HC-POT", "Hearth & Co.",
          (*_HOME, "Garden"), 1690,
          weight_grams=1100, size_mm=(190, 190, 170), origin="IT", hs_code="691490"),
    _Spec("oak-wall-clock", "Oak Wall Clock", "HC-CLK", "Hearth & Co.",
          (*_HOME, "Decor"), 5400,
          weight_grams=700, size_mm=(310, 310, 50), origin="DE", hs_code="910521"),
    # --- sports, outdoor, beauty, toys ---
    _Spec("yoga-mat", "Natural Rubber Yoga Mat", "TH-YOG", "Trailhead",
          (*_OUTDOOR, "Yoga"), 6900,
          options=(("Color", ("Clay", "Slate")), ("Thickness", ("4 mm", "6 mm"))),
          surcharges=((("Thickness", "6 mm"), 1000),), currencies=("USD", "JPY"),
          warehouses=("de-ber", "us-nj"), weight_grams=2300, size_mm=(620, 150, 150), origin="IN",
          hs_code="401699"),
    _Spec("steel-water-bottle", "Insulated Steel Water Bottle", "TH-BTL", "Trailhead",
          (*_OUTDOOR, "Hydration"), 2990,
          options=(("Size", ("500 ml", "750 ml")), ("Color", ("Glacier", "Ember", "Black"))),
          surcharges=((("Size", "750 ml"), 500),), currencies=("USD", "KWD"),
          warehouses=("cn-sz", "de-ber", "us-nj"), weight_grams=380, size_mm=(270, 75, 75), origin="CN",
          hs_code="961700"),
    _Spec("resistance-bands", "Resistance Bands, Set of 5", "TH-BND", "Trailhead",
          (*_OUTDOOR, "Fitness"), 1990, warehouses=("cn-sz",),
          weight_grams=320, size_mm=(200, 150, 60), origin="CN", hs_code="950691"),
    _Spec("camping-lantern", "Rechargeable Camping Lantern", "TH-LAN", "Trailhead",
          (*_OUTDOOR, "Camping"), 3990, warehouses=("cn-sz", "us-nj"),
          weight_grams=410, size_mm=(180, 110, 110), origin="CN", hs_code="851340"),
    _Spec("travel-backpack", "Travel Backpack 30 L", "TH-BPK", "Trailhead",
          (*_OUTDOOR, "Bags"), 11900,
          options=(("Color", ("Black", "Olive")), ("Material", ("Recycled Nylon", "Waxed Canvas"))),
          surcharges=((("Material", "Waxed Canvas"), 2000),), currencies=("USD", "JPY"),
          warehouses=("de-ber", "us-nj"), weight_grams=1200, size_mm=(520, 330, 200), origin="VN",
          hs_code="420292"),
    _Spec("wooden-puzzle", "Wooden World Map Puzzle", "HC-PZL", "Hearth & Co.",
          ("Toys & Games", "Puzzles"), 2490,
          weight_grams=600, size_mm=(300, 300, 40), origin="DE", hs_code="950300",
          attributes=(("age group", "kids"), ("pieces", "120"))),
    _Spec("face-serum", "Hyaluronic Face Serum 30 ml", "KU-SER", "Kumo",
          ("Beauty", "Skin Care"), 2490, currencies=("USD", "JPY"), warehouses=("jp-osa",),
          weight_grams=90, size_mm=(120, 40, 40), origin="JP", hs_code="330499"),
    _Spec("bamboo-toothbrush", "Bamboo Toothbrush, Pack of 4", "HC-TBR", "Hearth & Co.",
          ("Beauty", "Oral Care"), 890,
          weight_grams=60, size_mm=(200, 80, 20), origin="CN", hs_code="960321", min_order_quantity=10),
)
# fmt: on


def demo_warehouses() -> list[FeedWarehouse]:
    """Return the demo supplier's warehouses, each with the countries it ships to."""
    worldwide = sorted(COUNTRY_CODES - _NOT_SERVED)
    return [
        FeedWarehouse("de-ber", "DE", "Berlin fulfilment centre", list(EU_COUNTRIES)),
        FeedWarehouse("us-nj", "US", "New Jersey warehouse", ["US", "CA"]),
        FeedWarehouse("cn-sz", "CN", "Shenzhen warehouse", worldwide),
        FeedWarehouse("jp-osa", "JP", "Osaka warehouse", ["JP"]),
    ]


def demo_catalog(seed: int = 7) -> FeedCatalog:
    """Build the demo catalog; equal seeds give equal catalogs, other seeds other stock figures."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not a secret
    catalog = FeedCatalog(format=DEMO_FORMAT, warehouses=demo_warehouses())
    barcodes = _barcodes()
    for spec in _SPECS:
        catalog.products.append(_build_product(spec, rng, barcodes))

    _apply_special_cases({product.key: product for product in catalog.products})
    return catalog


# --- building one product ------------------------------------------------------------------------


def _build_product(spec: _Spec, rng: random.Random, barcodes: itertools.count[int]) -> FeedProduct:
    product = FeedProduct(
        key=spec.key,
        title=spec.title,
        description_html=DESCRIPTIONS.get(spec.key),
        brand=spec.brand,
        categories=[list(spec.category)],
        tags=list(spec.tags),
        options=[name for name, _ in spec.options],
        attributes=dict(spec.attributes),
        source_url=f"{_SHOP_BASE}/{spec.key}",
    )

    product.variants = [_build_variant(spec, values, rng, barcodes) for values in _combinations(spec)]
    product.media = _build_media(spec, product.variants)
    for variant in product.variants:
        variant.image_url = _variant_image(product.media, variant)
    return product


def _combinations(spec: _Spec) -> list[tuple[str, ...]]:
    return list(itertools.product(*(values for _, values in spec.options)))


def _build_variant(
    spec: _Spec, values: tuple[str, ...], rng: random.Random, barcodes: itertools.count[int]
) -> FeedVariant:
    pairs = [(name, value) for (name, _), value in zip(spec.options, values, strict=True)]
    euro_cents = spec.euro_cents + sum(dict(spec.surcharges).get(pair, 0) for pair in pairs)

    return FeedVariant(
        key=_slug(values) if values else "default",
        sku="-".join((spec.sku, *(_sku_code(value) for value in values))),
        option_values=pairs,
        prices=_build_prices(euro_cents, spec.currencies),
        stock=[_random_stock(code, rng) for code in spec.warehouses],
        barcode=_ean13(next(barcodes)),
        weight_grams=spec.weight_grams,
        length_mm=spec.size_mm[0],
        width_mm=spec.size_mm[1],
        height_mm=spec.size_mm[2],
        min_order_quantity=spec.min_order_quantity,
        processing_days=spec.processing_days,
        origin_country=spec.origin,
        hs_code=spec.hs_code,
    )


def _build_prices(euro_cents: int, currencies: tuple[str, ...]) -> list[FeedPrice]:
    prices = [FeedPrice("EUR", euro_cents)]
    for currency in currencies:
        prices.append(FeedPrice(currency, _convert(euro_cents, currency)))
    return prices


def _convert(euro_cents: int, currency: str) -> int:
    """Return a supplier-style list price in another currency, in that currency's minor units."""
    if currency == "USD":
        # About 1.08 USD per EUR, then up to the next .99.
        return (euro_cents * 108 // 100 + 99) // 100 * 100 - 1
    if currency == "JPY":
        # About 160 JPY per EUR, rounded to 10 yen; JPY has no minor unit.
        return (euro_cents * 16 + 50) // 100 * 10
    if currency == "KWD":
        # About 0.33 KWD per EUR, in fils (1/1000 KWD), rounded to 50 fils.
        return (euro_cents * 33 // 10 + 25) // 50 * 50
    raise ValueError(f"the demo has no exchange rate for {currency}; add one to _convert.")


def _random_stock(warehouse: str, rng: random.Random) -> FeedStock:
    on_hand = rng.randint(3, 240)
    reserved = rng.randint(0, min(on_hand, 12))
    return FeedStock(warehouse, on_hand, reserved)


def _build_media(spec: _Spec, variants: list[FeedVariant]) -> list[FeedMedia]:
    media = [FeedMedia(f"{_MEDIA_BASE}/{spec.key}/main.jpg", spec.title)]
    if spec.image_option is not None:
        position = [name for name, _ in spec.options].index(spec.image_option)
        for value in spec.options[position][1]:
            with_value = [variant.key for variant in variants if variant.option_values[position][1] == value]
            url = f"{_MEDIA_BASE}/{spec.key}/{_slug((value,))}.jpg"
            media.append(FeedMedia(url, f"{spec.title} in {value}", with_value))

    media.append(FeedMedia(f"{_MEDIA_BASE}/{spec.key}/detail.jpg", None))
    return media


def _variant_image(media: list[FeedMedia], variant: FeedVariant) -> str | None:
    for item in media:
        if variant.key in item.variant_keys:
            return item.url
    return None


def _slug(values: tuple[str, ...]) -> str:
    text = "-".join(values).lower()
    return "".join(character if character.isalnum() else "-" for character in text).strip("-")


def _sku_code(value: str) -> str:
    return "".join(character for character in value.upper() if character.isalnum())


def _barcodes() -> itertools.count[int]:
    # GS1 prefix 400-440 is Germany; the counter gives each variant its own item reference.
    return itertools.count(400638100001)


def _ean13(body: int) -> str:
    digits = f"{body:012d}"
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


# --- special cases -----------------------------------------------------------------------------


def _apply_special_cases(products: dict[str, FeedProduct]) -> None:
    """Set the fixed cases that the catalog must show whatever the seed."""
    _set_out_of_stock(products)
    _set_incoming_and_backorder(products)
    _set_untracked(products)
    _set_sales_and_tiers(products)
    _set_statuses(products)
    _set_translations(products)

    # Some suppliers send plain text only, without any HTML.
    toothbrush = products["bamboo-toothbrush"]
    toothbrush.description_text = PLAIN_TEXTS[toothbrush.key]
    toothbrush.description_html = None


def _set_out_of_stock(products: dict[str, FeedProduct]) -> None:
    # Every XS of the rain jacket, and the whole wall clock, are sold out.
    for variant in products["rain-shell-jacket"].variants:
        if variant.option_values[0][1] == "XS":
            _empty(variant)
    for variant in products["oak-wall-clock"].variants:
        _empty(variant)


def _empty(variant: FeedVariant) -> None:
    for level in variant.stock:
        level.on_hand = 0
        level.reserved = 0


def _set_incoming_and_backorder(products: dict[str, FeedProduct]) -> None:
    # The oatmeal sweater is sold out in Berlin with a delivery on its way.
    for variant in products["merino-crew-sweater"].variants:
        if variant.option_values[1][1] == "Oatmeal":
            berlin = variant.stock[0]
            berlin.on_hand, berlin.reserved, berlin.incoming = 0, 0, 120
            berlin.incoming_expected_at = _RESTOCK_SOON

    # The lantern sells on backorder: nothing on hand, more coming, orders still accepted.
    lantern = products["camping-lantern"].variants[0]
    lantern.inventory_policy = "continue"
    for level in lantern.stock:
        level.on_hand, level.reserved = 0, 0
    lantern.stock[0].incoming = 500
    lantern.stock[0].incoming_expected_at = _RESTOCK_LATER


def _set_untracked(products: dict[str, FeedProduct]) -> None:
    # Candles are poured to order, and the cable factory does not report its stock.
    for level in products["scented-candle"].variants[0].stock:
        level.on_hand, level.reserved = None, 0
    for variant in products["usb-c-cable"].variants:
        variant.stock[0].on_hand = None
        variant.stock[0].reserved = 0


def _set_sales_and_tiers(products: dict[str, FeedProduct]) -> None:
    # Compare-at prices: the hoodie and the earbuds are on sale in every currency.
    for key in ("everyday-hoodie", "wireless-earbuds"):
        for variant in products[key].variants:
            for price in variant.prices:
                price.compare_at_minor = price.amount_minor
                price.amount_minor = price.amount_minor * 80 // 100

    # Wholesale tiers in EUR for goods bought by the box.
    for key, tiers in (("bamboo-toothbrush", ((50, 90), (200, 80))), ("usb-c-cable", ((10, 90), (100, 75)))):
        for variant in products[key].variants:
            base = variant.prices[0].amount_minor
            for min_quantity, percent in tiers:
                variant.prices.append(FeedPrice("EUR", base * percent // 100, min_quantity=min_quantity))


def _set_statuses(products: dict[str, FeedProduct]) -> None:
    products["resistance-bands"].status = "draft"
    products["phone-case"].status = "archived"


def _set_translations(products: dict[str, FeedProduct]) -> None:
    for key, by_locale in TRANSLATIONS.items():
        product = products[key]
        for locale, text in by_locale.items():
            source_title = text.get("source_title", product.title)
            source_description = text.get("source_description_html", product.description_html)
            product.translations[locale] = FeedTranslation(
                title=text["title"],
                description_html=text.get("description_html"),
                option_names=dict(text.get("option_names", {})),
                option_values={name: dict(values) for name, values in text.get("option_values", {}).items()},
                source_hash=content_hash(source_title, source_description),
            )
