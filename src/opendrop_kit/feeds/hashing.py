"""Hashes of catalog text that stay stable across processes, machines and Python versions."""

from __future__ import annotations

import hashlib
import json


def content_hash(title: str, description_html: str | None) -> str:
    """Return the SHA-256 hex digest of a product's source title and HTML description.

    A translation stores this hash of the text it was translated from (`FeedTranslation.source_hash`),
    so a later change of the source text marks the translation outdated. The digest is taken over
    the UTF-8 bytes of the canonical JSON `{"description_html":…,"title":…}`: keys sorted, no
    whitespace, non-ASCII characters written as themselves, and a missing description as `null`.
    For an object of two strings these bytes equal its RFC 8785 (JCS) serialization, so other
    languages can compute the same digest with a JCS library.
    """
    canonical = json.dumps(
        {"title": title, "description_html": description_html},
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
