"""Opaque cursors for keyset pagination, bound to the filters they were issued with.

A cursor is base64url JSON of the last id served and a hash of the request's filters. Lists are
ordered by id, and ids grow with creation time, so a walk never serves an item twice and never skips
an item that existed during the whole walk, whatever is inserted or deleted meanwhile.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import Any

import orjson

from opendrop_kit.server.errors import invalid_parameter

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Start and maximum size of a page."""

    after: str | None
    limit: int
    filters_hash: str


def page_request(cursor: str | None, limit: int | None, filters: dict[str, Any]) -> PageRequest:
    """Validate `limit` and `cursor` against the request's `filters`."""
    filters_hash = _hash_filters(filters)
    after = _decode(cursor, filters_hash) if cursor else None
    return PageRequest(after=after, limit=_clamp_limit(limit), filters_hash=filters_hash)


def next_cursor(page: PageRequest, last_id: str) -> str:
    raw = orjson.dumps({"a": last_id, "f": page.filters_hash})
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _clamp_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if limit < 1:
        raise invalid_parameter("limit", f"limit must be at least 1, got {limit}.")
    # Larger values are served as the maximum rather than rejected, so clients need not know it.
    return min(limit, MAX_LIMIT)


def _decode(cursor: str, filters_hash: str) -> str:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = orjson.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        after, issued_for = data["a"], data["f"]
        if not isinstance(after, str) or not after.isascii() or "\x00" in after:
            # Ids are printable ASCII, so any other value was not issued here and could fail the query.
            raise ValueError(after)
    except (ValueError, UnicodeEncodeError, binascii.Error, KeyError, TypeError):
        raise invalid_parameter(
            "cursor",
            "The cursor is damaged; pass next_cursor exactly as a list returned it.",
            code="invalid_cursor",
        ) from None

    if issued_for != filters_hash:
        raise invalid_parameter(
            "cursor",
            "The cursor was issued for other filters; repeat the filters of the first page, or start without a cursor.",
            code="cursor_mismatch",
        )
    return after


def _hash_filters(filters: dict[str, Any]) -> str:
    canonical = orjson.dumps({k: v for k, v in filters.items() if v is not None}, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(canonical).hexdigest()[:16]
