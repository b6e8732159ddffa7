"""Parsing of OpenDrop NDJSON records into feed dataclasses, with plain type checks.

An invalid record raises `InvalidRecord`, whose problems name the JSON Pointer of each offending
field. Value checks raise the lighter `BadValue`, and the caller adds the pointer, so that a valid
record never pays for formatting pointers. The variant, price and stock paths are the hot loop of
a million-variant import: they read each field once with `dict.get` and call no helper for the
fields every variant has.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from opendrop_kit.feeds.model import (
    FeedMedia,
    FeedPrice,
    FeedProduct,
    FeedStock,
    FeedTranslation,
    FeedVariant,
    FeedWarehouse,
    ReadOptions,
)
from opendrop_kit.schema.countries import is_country_code
from opendrop_kit.schema.languages import is_language_tag
from opendrop_kit.schema.money import MoneyError, to_minor_units

#: Callback that records an unknown field: object kind, field name, JSON Pointer.
IgnoreField = Callable[[str, str, str], None]

_DISPLAY_LIMIT = 300
_HASH_RE = re.compile(r"^[0-9a-f]{64}$")
# Distinct amounts remembered per currency. Catalogs repeat a few thousand price points, so the
# cache turns most conversions into one dictionary look-up while bounding memory on odd feeds.
_MONEY_CACHE_LIMIT = 50_000

_PRODUCT_STRUCTURE = frozenset(("type", "key", "title", "options", "variants", "media", "translations"))
_VARIANT_STRUCTURE = frozenset(("key", "sku", "options", "prices", "stock"))
_PRICE_FIELDS = frozenset(("amount", "currency", "compare_at_amount", "min_quantity"))
_STOCK_FIELDS = frozenset(("warehouse", "on_hand", "reserved", "incoming", "incoming_expected_at"))
_MEDIA_FIELDS = frozenset(("url", "alt", "variant_keys"))
_TRANSLATION_FIELDS = frozenset(("title", "description_html", "option_names", "option_values", "source_hash"))
_WAREHOUSE_FIELDS = frozenset(("type", "code", "country", "name", "ships_to"))


class _Amounts:
    """Amounts already converted in one currency, and one shared string object for its code."""

    __slots__ = ("currency", "minor")

    def __init__(self, currency: str) -> None:
        self.currency = currency
        self.minor: dict[str, int] = {}


@dataclass(slots=True)
class Problem:
    """One invalid value: a stable code, the JSON Pointer of the field, a message, the value."""

    code: str
    pointer: str
    message: str
    value: Any = None


class InvalidRecord(Exception):
    """A record that cannot be imported, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message)
        self.problems = problems

    @classmethod
    def single(cls, code: str, pointer: str, message: str, value: Any = None) -> InvalidRecord:
        return cls([Problem(code, pointer, message, value)])


class BadValue(Exception):
    """An invalid value found by a check that does not know where the value sits.

    `suffix` is the pointer below the checked value (such as '/3' for the fourth entry of a list)
    and `value` the offending part, when the check looked inside a list or an object.
    """

    def __init__(self, code: str, message: str, suffix: str = "", value: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.suffix = suffix
        self.value = value

    def at(self, pointer: str, value: Any) -> InvalidRecord:
        """Return the `InvalidRecord` for this problem at `pointer`."""
        offending = self.value if self.suffix else value
        return InvalidRecord.single(self.code, pointer + self.suffix, self.message, offending)


def pointer_token(name: str) -> str:
    """Escape an object key for a JSON Pointer (RFC 6901: '~' as '~0', '/' as '~1')."""
    return name.replace("~", "~0").replace("/", "~1")


def display_value(value: Any) -> str | None:
    """Render an offending value for an issue report, shortened to a readable length."""
    if value is None:
        return None

    text = value if type(value) is str else orjson.dumps(value, default=repr).decode()
    if len(text) > _DISPLAY_LIMIT:
        return text[:_DISPLAY_LIMIT] + "…"
    return text


def checked(check: Callable[[Any], Any], value: Any, pointer: str) -> Any:
    """Run a value check and turn its `BadValue` into an `InvalidRecord` at `pointer`."""
    try:
        return check(value)
    except BadValue as error:
        raise error.at(pointer, value) from None


class RecordParser:
    """Turns decoded JSON objects into feed dataclasses; keeps the declared warehouses."""

    def __init__(self, options: ReadOptions, ignore: IgnoreField) -> None:
        self.options = options
        self.ignore = ignore
        self.warehouses: dict[str, FeedWarehouse] = {}
        # Codes a stock entry may name (the declared warehouses and the default of ReadOptions),
        # each mapped to one shared string object.
        self.stock_codes: dict[str, str] = {options.warehouse: options.warehouse}
        self.money_cache: dict[str, _Amounts] = {}
        # Shared (name, value) tuples: a catalog repeats a few hundred option values a million times.
        self.option_pairs: dict[str, dict[str, tuple[str, str]]] = {}
        #: Line number stored on the products and variants parsed next.
        self.line = 0
        #: File name stored on the products parsed next.
        self.file: str | None = None

    def add_warehouse(self, warehouse: FeedWarehouse) -> None:
        self.warehouses[warehouse.code] = warehouse
        self.stock_codes[warehouse.code] = warehouse.code

    # --- warehouses ---

    def parse_warehouse(self, record: dict[str, Any]) -> FeedWarehouse:
        code = checked(_required_text, record.get("code"), "/code")
        country = checked(_required_country, record.get("country"), "/country")
        name = checked(_optional_text, record.get("name"), "/name")
        ships_to = checked(_country_list, record.get("ships_to"), "/ships_to")

        self._note_unknown("warehouse", record, _WAREHOUSE_FIELDS, "")
        return FeedWarehouse(code, country, name, ships_to)

    # --- products ---

    def parse_product(self, record: dict[str, Any]) -> FeedProduct:
        key = checked(_required_text, record.get("key"), "/key")
        title = checked(_required_text, record.get("title"), "/title")
        product = FeedProduct(key, title, locale=self.options.locale, line=self.line, file=self.file)
        product.options = checked(_option_names, record.get("options"), "/options")
        product.variants = self._variants(record.get("variants"), product.options)

        for name, value in record.items():
            check = _PRODUCT_CHECKS.get(name)
            if check is not None:
                setattr(product, name, checked(check, value, "/" + name))
            elif name not in _PRODUCT_STRUCTURE:
                self.ignore("product", name, "/" + pointer_token(name))

        media = record.get("media")
        if media is not None:
            product.media = self._media_list(media, product)
        translations = record.get("translations")
        if translations is not None:
            product.translations = self._translations(translations, product.options)
        return product

    def _variants(self, raw: Any, option_names: list[str]) -> list[FeedVariant]:
        if type(raw) is not list or not raw:
            raise InvalidRecord.single(
                "invalid_value", "/variants", "variants must be a non-empty list of variant objects.", raw
            )

        variants: list[FeedVariant] = []
        problems: list[Problem] = []
        keys: set[str] = set()
        for index, data in enumerate(raw):
            try:
                variant = self._variant(data, index, option_names)
            except InvalidRecord as invalid:
                problems.extend(invalid.problems)
                continue

            if variant.key in keys:
                problems.append(_duplicate_variant_key(variant.key, index))
            keys.add(variant.key)
            variants.append(variant)

        if problems:
            raise InvalidRecord(problems)
        return variants

    def _variant(self, data: Any, index: int, option_names: list[str]) -> FeedVariant:
        if type(data) is not dict:
            raise InvalidRecord.single("invalid_value", f"/variants/{index}", "A variant must be an object.", data)

        key = data.get("key")
        sku = data.get("sku")
        if type(key) is not str or not key:
            raise InvalidRecord.single(
                "invalid_value", f"/variants/{index}/key", "key must be a non-empty string.", key
            )
        if sku is not None and type(sku) is not str:
            raise InvalidRecord.single("invalid_value", f"/variants/{index}/sku", "sku must be a string or null.", sku)

        raw_prices = data.get("prices")
        raw_stock = data.get("stock")
        variant = FeedVariant(
            key,
            sku,
            self._option_values(data.get("options"), index, option_names),
            [] if raw_prices is None else self._prices(raw_prices, index),
            [] if raw_stock is None else self._stock_levels(raw_stock, index),
            line=self.line,
        )

        for name, value in data.items():
            if name in _VARIANT_STRUCTURE:
                continue
            check = _VARIANT_CHECKS.get(name)
            if check is None:
                self.ignore("variant", name, f"/variants/{index}/{pointer_token(name)}")
                continue
            try:
                setattr(variant, name, check(value))
            except BadValue as error:
                raise error.at(f"/variants/{index}/{name}", value) from None
        return variant

    # --- prices ---

    def _prices(self, raw: Any, index: int) -> list[FeedPrice]:
        if type(raw) is not list:
            raise InvalidRecord.single(
                "invalid_value", f"/variants/{index}/prices", "prices must be a list of price objects.", raw
            )

        prices = []
        for item in raw:
            if type(item) is not dict:
                raise _bad_entry(raw, item, f"/variants/{index}/prices", "A price must be an object.")

            currency: Any = item.get("currency")
            amount = item.get("amount")
            known = self.money_cache.get(currency) if type(currency) is str else None
            minor = known.minor.get(amount) if known is not None and type(amount) is str else None
            if minor is None:
                minor = self._minor_units(amount, currency, raw, item, index, "amount")
                currency = self.money_cache[currency].currency
            else:
                currency = known.currency  # type: ignore[union-attr]  # a cached amount implies `known`

            if len(item) > 2:
                prices.append(self._price_with_options(item, currency, minor, raw, index))
            else:
                prices.append(FeedPrice(currency, minor))

        if len(prices) > 1 and _has_duplicate_tier(prices):
            raise InvalidRecord.single(
                "duplicate_price",
                f"/variants/{index}/prices",
                "Two prices have the same currency and min_quantity; keep one price per currency and tier.",
                [f"{price.currency} from {price.min_quantity}" for price in prices],
            )
        return prices

    def _price_with_options(
        self, item: dict[str, Any], currency: str, minor: int, raw: list[Any], index: int
    ) -> FeedPrice:
        pointer = f"/variants/{index}/prices/{_position(raw, item)}"
        compare_at = item.get("compare_at_amount")
        compare_at_minor = None
        if compare_at is not None:
            compare_at_minor = self._minor_units(compare_at, currency, raw, item, index, "compare_at_amount")
        min_quantity = checked(_positive, item.get("min_quantity", 1), pointer + "/min_quantity")

        self._note_unknown("price", item, _PRICE_FIELDS, pointer)
        return FeedPrice(currency, minor, compare_at_minor, min_quantity)

    def _minor_units(
        self, amount: Any, currency: Any, raw: list[Any], item: dict[str, Any], index: int, name: str
    ) -> int:
        pointer = f"/variants/{index}/prices/{_position(raw, item)}"
        minor = _convert_amount(amount, currency, pointer, name)

        known = self.money_cache.get(currency)
        if known is None:
            known = self.money_cache[currency] = _Amounts(currency)
        if len(known.minor) < _MONEY_CACHE_LIMIT:
            known.minor[amount] = minor
        return minor

    # --- option values ---

    def _option_values(self, raw: Any, index: int, option_names: list[str]) -> list[tuple[str, str]]:
        if raw is None:
            raw = []
        elif type(raw) is not list:
            raise InvalidRecord.single(
                "invalid_value",
                f"/variants/{index}/options",
                'options must be a list of {"option": name, "value": value} objects.',
                raw,
            )

        pairs: list[tuple[str, str]] = []
        in_order = len(raw) == len(option_names)
        shared_pairs = self.option_pairs
        for position, item in enumerate(raw):
            if type(item) is dict and len(item) == 2:
                name = item.get("option")
                value = item.get("value")
                if type(name) is str and type(value) is str and value:
                    in_order = in_order and name == option_names[position]
                    by_value = shared_pairs.get(name)
                    pair = None if by_value is None else by_value.get(value)
                    pairs.append(pair or self._new_option_pair(name, value))
                    continue
            raise InvalidRecord.single(
                "invalid_value",
                f"/variants/{index}/options/{position}",
                'An option value must be an object {"option": name, "value": non-empty string} and nothing else.',
                item,
            )

        return pairs if in_order else _reorder_option_values(pairs, index, option_names)

    def _new_option_pair(self, name: str, value: str) -> tuple[str, str]:
        pair = (name, value)
        self.option_pairs.setdefault(name, {})[value] = pair
        return pair

    # --- stock ---

    def _stock_levels(self, raw: Any, index: int) -> list[FeedStock]:
        if type(raw) is not list:
            raise InvalidRecord.single(
                "invalid_value", f"/variants/{index}/stock", "stock must be a list of stock objects.", raw
            )

        levels = []
        codes = self.stock_codes
        default_code = self.options.warehouse
        for item in raw:
            if type(item) is not dict:
                raise _bad_entry(raw, item, f"/variants/{index}/stock", "A stock entry must be an object.")

            code = item.get("warehouse", default_code)
            on_hand = item.get("on_hand")
            reserved = item.get("reserved", 0)
            incoming = item.get("incoming", 0)
            shared_code = codes.get(code) if type(code) is str else None
            if (
                shared_code is None
                or (on_hand is not None and type(on_hand) is not int)
                or type(reserved) is not int
                or reserved < 0
                or type(incoming) is not int
                or incoming < 0
                or len(item) > 3
                or not _STOCK_FIELDS.issuperset(item)
            ):
                levels.append(self._stock_in_detail(item, f"/variants/{index}/stock/{_position(raw, item)}"))
            else:
                levels.append(FeedStock(shared_code, on_hand, reserved, incoming))

        if len(levels) > 1 and _has_duplicate_warehouse(levels):
            raise InvalidRecord.single(
                "duplicate_warehouse",
                f"/variants/{index}/stock",
                "The stock list names a warehouse twice; give one entry per warehouse.",
                [level.warehouse for level in levels],
            )
        return levels

    def _stock_in_detail(self, item: dict[str, Any], pointer: str) -> FeedStock:
        """Check a stock entry field by field, naming the first invalid one, and build it."""
        code = item.get("warehouse", self.options.warehouse)
        shared_code = self.stock_codes.get(code) if type(code) is str else None
        if shared_code is None:
            raise InvalidRecord.single(
                "unknown_warehouse",
                pointer + "/warehouse",
                "No earlier warehouse record declares this code; add a warehouse record above the first "
                "product that stocks it.",
                code,
            )
        on_hand = checked(_optional_integer, item.get("on_hand"), pointer + "/on_hand")
        reserved = checked(_count, item.get("reserved", 0), pointer + "/reserved")
        incoming = checked(_count, item.get("incoming", 0), pointer + "/incoming")
        expected_at = checked(_optional_timestamp, item.get("incoming_expected_at"), pointer + "/incoming_expected_at")

        self._note_unknown("stock", item, _STOCK_FIELDS, pointer)
        return FeedStock(shared_code, on_hand, reserved, incoming, expected_at)

    # --- media and translations ---

    def _media_list(self, raw: Any, product: FeedProduct) -> list[FeedMedia]:
        if type(raw) is not list:
            raise InvalidRecord.single("invalid_value", "/media", "media must be a list of media objects.", raw)

        variant_keys = {variant.key for variant in product.variants}
        return [self._media(item, f"/media/{index}", variant_keys) for index, item in enumerate(raw)]

    def _media(self, item: Any, pointer: str, variant_keys: set[str]) -> FeedMedia:
        if type(item) is not dict:
            raise InvalidRecord.single("invalid_value", pointer, "A media entry must be an object.", item)

        url = checked(_required_url, item.get("url"), pointer + "/url")
        alt = checked(_optional_text, item.get("alt"), pointer + "/alt")
        shown_variants = checked(_text_list, item.get("variant_keys"), pointer + "/variant_keys")
        for position, key in enumerate(shown_variants):
            if key not in variant_keys:
                raise InvalidRecord.single(
                    "unknown_variant",
                    f"{pointer}/variant_keys/{position}",
                    "No variant of this product has this key; list keys of this product's variants.",
                    key,
                )

        self._note_unknown("media", item, _MEDIA_FIELDS, pointer)
        return FeedMedia(url, alt, shown_variants)

    def _translations(self, raw: Any, option_names: list[str]) -> dict[str, FeedTranslation]:
        if type(raw) is not dict:
            raise InvalidRecord.single(
                "invalid_value", "/translations", "translations must be an object keyed by locale.", raw
            )

        translations: dict[str, FeedTranslation] = {}
        for locale, item in raw.items():
            pointer = "/translations/" + pointer_token(locale)
            checked(_locale, locale, pointer)
            translations[locale] = self._translation(item, pointer, option_names)
        return translations

    def _translation(self, item: Any, pointer: str, option_names: list[str]) -> FeedTranslation:
        if type(item) is not dict:
            raise InvalidRecord.single("invalid_value", pointer, "A translation must be an object.", item)

        title = checked(_required_text, item.get("title"), pointer + "/title")
        description = checked(_optional_text, item.get("description_html"), pointer + "/description_html")
        names = checked(_text_map, item.get("option_names"), pointer + "/option_names")
        _check_known_options(names, option_names, pointer + "/option_names")
        values = _translated_values(item.get("option_values"), pointer + "/option_values", option_names)
        source_hash = checked(_source_hash, item.get("source_hash"), pointer + "/source_hash")

        self._note_unknown("translation", item, _TRANSLATION_FIELDS, pointer)
        return FeedTranslation(title, description, names, values, source_hash)

    def _note_unknown(self, kind: str, item: dict[str, Any], known: frozenset[str], pointer: str) -> None:
        for name in item:
            if name not in known:
                self.ignore(kind, name, f"{pointer}/{pointer_token(name)}")


def _position(items: list[Any], item: Any) -> int:
    # Only called on the slow path, so the hot loops need not count positions.
    for position, candidate in enumerate(items):
        if candidate is item:
            return position
    raise ValueError("the item is not in the list")  # pragma: no cover - callers pass a member


def _bad_entry(items: list[Any], item: Any, pointer: str, message: str) -> InvalidRecord:
    return InvalidRecord.single("invalid_value", f"{pointer}/{_position(items, item)}", message, item)


# --- value checks: each returns the value or raises BadValue ------------------------------------


def _required_text(value: Any) -> str:
    if type(value) is not str or not value:
        raise BadValue("invalid_value", "The field must be a non-empty string.")
    return value


def _optional_text(value: Any) -> str | None:
    if value is not None and type(value) is not str:
        raise BadValue("invalid_value", "The field must be a string or null.")
    return value


def _text_list(value: Any) -> list[str]:
    if value is None:
        return []
    if type(value) is not list:
        raise BadValue("invalid_value", "The field must be a list of strings.")

    for position, item in enumerate(value):
        if type(item) is not str or not item:
            raise BadValue("invalid_value", "Each entry must be a non-empty string.", f"/{position}", item)
    return value


def _text_map(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if type(value) is not dict:
        raise BadValue("invalid_value", "The field must be an object whose values are strings.")

    for name, item in value.items():
        if type(item) is not str:
            raise BadValue("invalid_value", "Each value must be a string.", "/" + pointer_token(name), item)
    return value


def _categories(value: Any) -> list[list[str]]:
    if value is None:
        return []
    if type(value) is not list:
        raise BadValue(
            "invalid_value",
            'categories must be a list of paths, each a list of names from the root: [["Apparel", "Shirts"]].',
        )

    for position, path in enumerate(value):
        try:
            names = _text_list(path)
        except BadValue as error:
            raise BadValue(error.code, error.message, f"/{position}{error.suffix}", error.value) from None
        if not names:
            raise BadValue("invalid_value", "A category path needs at least one name.", f"/{position}", path)
    return value


def _status(value: Any) -> str:
    if value not in ("active", "draft", "archived"):
        raise BadValue("invalid_value", "status must be active, draft or archived.")
    return str(value)


def _inventory_policy(value: Any) -> str:
    if value not in ("deny", "continue"):
        raise BadValue(
            "invalid_value", "inventory_policy must be deny (stop selling at zero) or continue (take backorders)."
        )
    return str(value)


def _locale(value: Any) -> str:
    if type(value) is not str or not is_language_tag(value):
        raise BadValue("invalid_locale", "The locale must be a BCP 47 tag such as en, de or pt-BR.")
    return value


def _optional_country(value: Any) -> str | None:
    if value is not None and (type(value) is not str or not is_country_code(value)):
        raise BadValue("invalid_country", "The country must be an upper-case ISO 3166-1 alpha-2 code such as DE.")
    return value


def _required_country(value: Any) -> str:
    if value is None:
        raise BadValue("invalid_country", "country is required: an ISO 3166-1 alpha-2 code such as DE.")
    country = _optional_country(value)
    assert country is not None
    return country


def _country_list(value: Any) -> list[str]:
    if value is None:
        return []
    if type(value) is not list:
        raise BadValue("invalid_value", "The field must be a list of ISO 3166-1 alpha-2 country codes.")

    for position, item in enumerate(value):
        if type(item) is not str or not is_country_code(item):
            raise BadValue(
                "invalid_country", "Each entry must be an upper-case ISO 3166-1 alpha-2 code.", f"/{position}", item
            )
    if len(set(value)) != len(value):
        raise BadValue("invalid_value", "The list names a country twice; list each country once.")
    return value


def _optional_url(value: Any) -> str | None:
    if value is not None and (type(value) is not str or not value.startswith(("https://", "http://"))):
        raise BadValue("invalid_url", "The URL must be an absolute http or https URL.")
    return value


def _required_url(value: Any) -> str:
    if value is None:
        raise BadValue("invalid_url", "url is required: an absolute http or https URL.")
    url = _optional_url(value)
    assert url is not None
    return url


def _count(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise BadValue("invalid_value", "The field must be an integer of 0 or more.")
    return value


def _optional_count(value: Any) -> int | None:
    return None if value is None else _count(value)


def _optional_integer(value: Any) -> int | None:
    if value is not None and type(value) is not int:
        raise BadValue("invalid_value", "The field must be an integer, or null when the stock is not counted.")
    return value


def _positive(value: Any) -> int:
    if type(value) is not int or value < 1:
        raise BadValue("invalid_value", "The field must be an integer of 1 or more.")
    return value


def _flag(value: Any) -> bool:
    if type(value) is not bool:
        raise BadValue("invalid_value", "The field must be true or false.")
    return value


def _optional_timestamp(value: Any) -> datetime | None:
    if value is None:
        return None

    message = "The field must be an RFC 3339 timestamp with an offset, such as 2026-09-15T08:00:00Z."
    if type(value) is not str:
        raise BadValue("invalid_timestamp", message)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise BadValue("invalid_timestamp", message) from None
    if parsed.tzinfo is None:
        raise BadValue("invalid_timestamp", "The timestamp has no offset; add Z for UTC or an offset like +02:00.")
    return parsed


def _source_hash(value: Any) -> str | None:
    if value is not None and (type(value) is not str or not _HASH_RE.match(value)):
        raise BadValue(
            "invalid_value",
            "source_hash must be the 64 lower-case hex digits of content_hash(title, description_html).",
        )
    return value


def _option_names(value: Any) -> list[str]:
    names = _text_list(value)
    if len(set(names)) != len(names):
        raise BadValue("invalid_value", "The product names an option twice; option names must be unique.")
    return names


# --- money ---------------------------------------------------------------------------------------


def _convert_amount(amount: Any, currency: Any, pointer: str, name: str) -> int:
    if type(currency) is not str:
        raise InvalidRecord.single(
            "invalid_currency", pointer + "/currency", "currency must be an ISO 4217 code such as EUR.", currency
        )
    if type(amount) is not str:
        raise InvalidRecord.single(
            "invalid_amount",
            f"{pointer}/{name}",
            f'{name} must be a decimal string such as "19.99", not a JSON number, so that no digit is lost.',
            amount,
        )
    if amount.startswith("-"):
        raise InvalidRecord.single("negative_amount", f"{pointer}/{name}", "Prices must not be negative.", amount)

    try:
        return to_minor_units(amount, currency)
    except MoneyError as error:
        field = "currency" if error.code == "invalid_currency" else name
        offending = currency if field == "currency" else amount
        raise InvalidRecord.single(error.code, f"{pointer}/{field}", str(error), offending) from None


def _has_duplicate_tier(prices: list[FeedPrice]) -> bool:
    if len(prices) == 2:
        first, second = prices
        return first.currency == second.currency and first.min_quantity == second.min_quantity
    return len({(price.currency, price.min_quantity) for price in prices}) != len(prices)


def _has_duplicate_warehouse(levels: list[FeedStock]) -> bool:
    if len(levels) == 2:
        return levels[0].warehouse == levels[1].warehouse
    return len({level.warehouse for level in levels}) != len(levels)


# --- options ---------------------------------------------------------------------------------


def _reorder_option_values(pairs: list[tuple[str, str]], index: int, option_names: list[str]) -> list[tuple[str, str]]:
    """Put option values in the product's option order, or reject a set that does not match it."""
    values = dict(pairs)
    if len(values) != len(pairs) or set(values) != set(option_names):
        given_names = ", ".join(name for name, _ in pairs) or "none"
        raise InvalidRecord.single(
            "option_mismatch",
            f"/variants/{index}/options",
            "The variant must give exactly one value for each product option "
            f"({', '.join(option_names) or 'none'}); it gives {given_names}.",
            [name for name, _ in pairs],
        )
    return [(name, values[name]) for name in option_names]


def _check_known_options(names: dict[str, Any], option_names: list[str], pointer: str) -> None:
    for name in names:
        if name not in option_names:
            raise InvalidRecord.single(
                "unknown_option",
                f"{pointer}/{pointer_token(name)}",
                "The product has no option of this name; translate only the names listed in its options.",
                name,
            )


def _translated_values(raw: Any, pointer: str, option_names: list[str]) -> dict[str, dict[str, str]]:
    if raw is None:
        return {}
    if type(raw) is not dict:
        raise InvalidRecord.single(
            "invalid_value",
            pointer,
            'option_values must map an option name to {source value: translation}: {"Color": {"Red": "Rot"}}.',
            raw,
        )

    _check_known_options(raw, option_names, pointer)
    for name, values in raw.items():
        checked(_text_map, values, f"{pointer}/{pointer_token(name)}")
    return raw


def _duplicate_variant_key(key: str, index: int) -> Problem:
    return Problem(
        "duplicate_variant_key",
        f"/variants/{index}/key",
        f"Variant key '{key}' appears twice in this product; keys must be unique within a product.",
        key,
    )


_PRODUCT_CHECKS: dict[str, Callable[[Any], Any]] = {
    "description_html": _optional_text,
    "description_text": _optional_text,
    "brand": _optional_text,
    "categories": _categories,
    "tags": _text_list,
    "status": _status,
    "attributes": _text_map,
    "locale": _locale,
    "source_url": _optional_url,
}

_VARIANT_CHECKS: dict[str, Callable[[Any], Any]] = {
    "sku_generated": _flag,
    "title": _optional_text,
    "barcode": _optional_text,
    "weight_grams": _optional_count,
    "length_mm": _optional_count,
    "width_mm": _optional_count,
    "height_mm": _optional_count,
    "inventory_policy": _inventory_policy,
    "min_order_quantity": _positive,
    "processing_days": _optional_count,
    "origin_country": _optional_country,
    "hs_code": _optional_text,
    "image_url": _optional_url,
}
