"""Availability arithmetic shared by the catalog and inventory endpoints.

A level's `available` is `on_hand - reserved`, never below 0. A level whose `on_hand` is NULL is
untracked: the supplier sells it without a count, so the variant is untracked and in stock.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def level_available(on_hand: int | None, reserved: int) -> int | None:
    if on_hand is None:
        return None
    return max(on_hand - reserved, 0)


def summarize(levels: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Return `{tracked, available, in_stock}` over the given levels."""
    total = 0
    for level in levels:
        available = level_available(level["on_hand"], level["reserved"])
        if available is None:
            return {"tracked": False, "available": None, "in_stock": True}
        total += available
    return {"tracked": True, "available": total, "in_stock": total > 0}
