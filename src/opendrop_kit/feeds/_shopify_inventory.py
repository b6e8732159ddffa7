"""Read the inventory CSV that Shopify's admin exports next to its product CSV.

Shopify's current product export carries no quantities: they come in a separate export from the
Inventory page. Shopify has written three layouts of that file:

- since 2024, one row per variant and location, with `On hand (current)`, `Committed (not
  editable)`, `Unavailable (not editable)`, `Available (not editable)` and `Incoming (not
  editable)`, and an `On hand (new)` column for edits, which is not a count;
- in 2023, the same without the parenthesized notes: `On hand`, `Committed`, `Available`;
- before that, one column per location holding the available count.

A variant is named by its handle and its option values, as in the product CSV. Each location
becomes a warehouse whose code is the location's name in slug form: `Tartu mnt 50-4, Tallinn`
becomes `tartu-mnt-50-4-tallinn`. The code is cut to the length a warehouse code may have, and a
name without letters or digits becomes `location`. Two names that give the same code (`Lager Nord` and
`Lager-Nord`) cannot be distinguished by code, so the rows of the second one are rejected with a
warning rather than mixed into the first one's stock. On hand is the on-hand count; committed and unavailable units
are reserved, since they cannot be sold. A layout without an on-hand figure counts the available
units as on hand. `not stocked` (the variant is not kept at that location) gives no stock entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from opendrop_kit.feeds._checks import MAX_WAREHOUSE_CODE
from opendrop_kit.feeds.model import FeedCatalog
from opendrop_kit.feeds.normalize import slugify
from opendrop_kit.feeds.textio import CsvTable
from opendrop_kit.feeds.values import to_int

#: Columns that name the variant rather than a location, in every layout.
_IDENTITY_COLUMNS = frozenset(
    {"Handle", "Title", "SKU", "HS Code", "COO", "Bin name"}
    | {f"Option{number} {part}" for number in (1, 2, 3) for part in ("Name", "Value")}
)
#: Figures of the row-per-location layouts, by their name without Shopify's parenthesized note.
_FIGURES = ("On hand", "Committed", "Unavailable", "Available", "Incoming")
_NOT_COUNTED = ("not stocked", "not tracked")


@dataclass(slots=True)
class InventoryRow:
    """The stock of one variant, named by handle and option values, at one location."""

    handle: str
    option_values: list[tuple[str, str]]
    location: str
    on_hand: int
    reserved: int
    incoming: int
    line: int
    #: The warehouse code of `location`, set once the location's code is known to be its own.
    warehouse: str = ""


class LocationCodes:
    """Warehouse codes of location names, shared by every inventory file of one import."""

    def __init__(self) -> None:
        self.names_by_code: dict[str, str] = {}

    def code_for(self, catalog: FeedCatalog, name: str, file: str, line: int) -> str | None:
        """Return the code of location `name`, or None after a warning when another name has it."""
        code = (slugify(name) or "location")[:MAX_WAREHOUSE_CODE].rstrip("-")
        owner = self.names_by_code.setdefault(code, name)
        if owner == name:
            return code

        catalog.warning(
            "location_code_conflict",
            f"Locations '{owner}' and '{name}' both become warehouse '{code}'; the rows of '{name}' were "
            "ignored. Rename one of the locations in Shopify so that their names differ in letters or digits.",
            file=file,
            line=line,
            field="Location",
            value=name,
        )
        return None


def is_inventory_export(header: list[str]) -> bool:
    """Tell an inventory export from a product export: it names variants but has no prices."""
    return "Handle" in header and "Variant Price" not in header and "Body (HTML)" not in header


def read_rows(catalog: FeedCatalog, table: CsvTable, file: str, codes: LocationCodes) -> list[InventoryRow]:
    """Read every counted variant and location of an inventory export, counting the rows read."""
    columns = {_plain_name(name): name for name in table.header}
    locations = [name for name in table.header if name not in _IDENTITY_COLUMNS and name.strip()]

    rows: list[InventoryRow] = []
    for line, cells in table.rows:
        catalog.rows_read += 1
        if "Location" in table.header:
            found = _location_row(catalog, file, line, cells, columns)
        else:
            found = _location_columns(catalog, file, line, cells, locations)
        rows.extend(row for row in found if _keep_location(catalog, codes, row, file))
    return rows


def _keep_location(catalog: FeedCatalog, codes: LocationCodes, row: InventoryRow, file: str) -> bool:
    code = codes.code_for(catalog, row.location, file, row.line)
    if code is None:
        return False
    row.warehouse = code
    return True


def _plain_name(header: str) -> str:
    # 'Committed (not editable)' and 'On hand (current)' are the 2023 'Committed' and 'On hand'.
    return header.replace("(not editable)", "").replace("(current)", "").strip()


def _location_row(
    catalog: FeedCatalog, file: str, line: int, cells: dict[str, str], columns: dict[str, str]
) -> list[InventoryRow]:
    location = cells["Location"].strip()
    figures = {name: cells.get(columns.get(name, ""), "").strip() for name in _FIGURES}
    if not location or any(figures[name].lower() in _NOT_COUNTED for name in ("On hand", "Available")):
        return []

    counts = {name: _count(catalog, file, line, name, text) for name, text in figures.items()}
    reserved = counts["Committed"] + counts["Unavailable"]
    on_hand = counts["On hand"] if figures["On hand"] else counts["Available"] + reserved
    return [_row(cells, location, on_hand, reserved, counts["Incoming"], line)]


def _location_columns(
    catalog: FeedCatalog, file: str, line: int, cells: dict[str, str], locations: list[str]
) -> list[InventoryRow]:
    rows = []
    for location in locations:
        text = cells.get(location, "").strip()
        if not text or text.lower() in _NOT_COUNTED:
            continue
        rows.append(_row(cells, location, _count(catalog, file, line, location, text), 0, 0, line))
    return rows


def _row(cells: dict[str, str], location: str, on_hand: int, reserved: int, incoming: int, line: int) -> InventoryRow:
    pairs = []
    for number in (1, 2, 3):
        name = cells.get(f"Option{number} Name", "").strip()
        value = cells.get(f"Option{number} Value", "").strip()
        if value:
            pairs.append((name, value))
    return InventoryRow(cells["Handle"].strip(), pairs, location, on_hand, reserved, incoming, line)


def _count(catalog: FeedCatalog, file: str, line: int, column: str, text: str) -> int:
    if not text:
        return 0
    try:
        return to_int(text)
    except ValueError as error:
        catalog.warning(
            "invalid_quantity",
            f"{column}: {error} It was counted as 0.",
            file=file,
            line=line,
            field=column,
            value=text,
        )
        return 0
