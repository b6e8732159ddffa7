"""Scopes an API key can have. A key has every scope unless it was created with a narrower list."""

from __future__ import annotations

CATALOG_READ = "catalog:read"
INVENTORY_READ = "inventory:read"

#: Every scope this server defines, with what it allows.
SCOPES: dict[str, str] = {
    CATALOG_READ: "Read products, variants, categories and brands.",
    INVENTORY_READ: "Read warehouses, stock levels and the availability snapshot.",
}


def unknown_scopes(requested: list[str]) -> list[str]:
    """Return the requested scopes this server does not define, in request order."""
    return [scope for scope in requested if scope not in SCOPES]
