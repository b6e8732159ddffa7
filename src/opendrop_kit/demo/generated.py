"""Large synthetic catalogs for benchmarks: realistic in shape and fast to produce.

Each product has Size × Color variants with one or two prices, stock in one or two warehouses,
a barcode, a weight and a short HTML description, which is about what a supplier feed line
carries. Products are generated one at a time, so a million-variant file never sits in memory.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from opendrop_kit.feeds import ndjson
from opendrop_kit.feeds.model import FeedPrice, FeedProduct, FeedStock, FeedVariant, FeedWarehouse

__all__ = ["MAX_VARIANTS_PER_PRODUCT", "generated_products", "generated_warehouses", "write_generated_ndjson"]

_SIZES = ("XS", "S", "M", "L", "XL", "XXL")
_COLORS = (
    "Black", "White", "Navy", "Grey", "Red", "Olive", "Sand", "Sky", "Forest", "Burgundy",
    "Mustard", "Teal", "Coral", "Lilac", "Charcoal", "Ivory", "Rust", "Mint", "Plum", "Denim",
)  # fmt: skip
#: Size × Color combinations available to one product.
MAX_VARIANTS_PER_PRODUCT = len(_SIZES) * len(_COLORS)

_NOUNS = ("T-Shirt", "Hoodie", "Polo", "Sweatshirt", "Tank Top", "Jogger", "Cardigan", "Vest")
_ADJECTIVES = ("Classic", "Relaxed", "Organic", "Heavyweight", "Slim", "Vintage", "Essential", "Cropped")
_BRANDS = ("Nordlicht Apparel", "Trailhead", "Kumo Basics", "Urban Loom", "Fieldnote")
_CATEGORIES = (
    ["Apparel", "Tops", "T-Shirts"],
    ["Apparel", "Tops", "Hoodies"],
    ["Apparel", "Bottoms"],
    ["Apparel", "Knitwear"],
)
# Typical supplier price points in euro cents; prices repeat across a catalog, as in real feeds.
_EURO_PRICES = tuple(cents for euros in range(5, 120) for cents in (euros * 100 - 1, euros * 100 + 49))


def generated_warehouses() -> list[FeedWarehouse]:
    """Return the two warehouses that generated products are stocked in."""
    eu = ["AT", "BE", "DE", "DK", "ES", "FI", "FR", "IE", "IT", "LU", "NL", "PL", "PT", "SE"]
    return [
        FeedWarehouse("de-ber", "DE", "Berlin fulfilment centre", eu),
        FeedWarehouse("us-nj", "US", "New Jersey warehouse", ["US", "CA"]),
    ]


def generated_products(products: int, variants_per_product: int, seed: int) -> Iterator[FeedProduct]:
    """Yield `products` synthetic products of `variants_per_product` variants each, reproducibly."""
    if not 1 <= variants_per_product <= MAX_VARIANTS_PER_PRODUCT:
        raise ValueError(
            f"variants_per_product must be between 1 and {MAX_VARIANTS_PER_PRODUCT}, got {variants_per_product}."
        )

    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not a secret
    for number in range(1, products + 1):
        yield _product(number, variants_per_product, rng)


def write_generated_ndjson(path: Path, products: int, variants_per_product: int, seed: int) -> int:
    """Write a synthetic catalog as OpenDrop NDJSON to `path` and return its number of variants."""
    with path.open("wb") as out:
        stream = generated_products(products, variants_per_product, seed)
        ndjson.write_stream(out, generated_warehouses(), stream, product_count=products)
    return products * variants_per_product


def _product(number: int, variant_count: int, rng: random.Random) -> FeedProduct:
    noun = _NOUNS[number % len(_NOUNS)]
    title = f"{_ADJECTIVES[rng.randrange(len(_ADJECTIVES))]} {noun} No. {number}"
    product = FeedProduct(
        key=f"gen-{number:06d}",
        title=title,
        description_html=(
            f"<p>{title}: a soft, durable everyday piece in combed cotton jersey.</p>"
            f"<ul><li>Regular fit</li><li>Machine washable at 30 °C</li><li>Style {number:06d}</li></ul>"
        ),
        brand=_BRANDS[number % len(_BRANDS)],
        categories=[_CATEGORIES[number % len(_CATEGORIES)]],
        tags=["generated", noun.lower()],
        options=["Size", "Color"] if variant_count > 1 else [],
        source_url=f"https://shop.opendrop.example/products/gen-{number:06d}",
    )

    euro_cents = _EURO_PRICES[rng.randrange(len(_EURO_PRICES))]
    warehouses = ("de-ber", "us-nj") if number % 2 else ("de-ber",)
    product.variants = [
        _variant(number, index, variant_count, euro_cents, warehouses, rng) for index in range(variant_count)
    ]
    return product


def _variant(
    number: int, index: int, variant_count: int, euro_cents: int, warehouses: tuple[str, ...], rng: random.Random
) -> FeedVariant:
    size = _SIZES[index % len(_SIZES)]
    color = _COLORS[index // len(_SIZES)]
    prices = [FeedPrice("EUR", euro_cents)]
    if number % 2:
        prices.append(FeedPrice("USD", euro_cents + 100))

    stock = []
    for warehouse in warehouses:
        on_hand = rng.randrange(0, 300)
        stock.append(FeedStock(warehouse, on_hand, min(on_hand, rng.randrange(0, 5))))

    return FeedVariant(
        key=f"{size}-{color}".lower() if variant_count > 1 else "default",
        sku=f"GEN{number:06d}-{index:03d}",
        option_values=[("Size", size), ("Color", color)] if variant_count > 1 else [],
        prices=prices,
        stock=stock,
        barcode=f"20{number:07d}{index:03d}0",
        weight_grams=150 + 10 * (index % len(_SIZES)),
    )
