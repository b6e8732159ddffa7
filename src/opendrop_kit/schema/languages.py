"""Matching of language tags (BCP 47) between what a reader prefers and what a product has."""

from __future__ import annotations

import re

# Language, then subtags such as a script or region: en, de-CH, pt-BR, zh-Hant-TW.
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def is_language_tag(text: str) -> bool:
    """Tell whether `text` has the form of a BCP 47 language tag such as en, de-CH or pt-BR."""
    return _LANGUAGE_TAG.match(text) is not None


def negotiate(preferences: list[str], available: list[str], default: str) -> str:
    """Pick the available locale that best matches the preferences (RFC 4647 lookup by prefix)."""
    lowered = {locale.lower(): locale for locale in available}
    for preference in preferences:
        if preference == "*":
            return default
        match = _lookup(preference, lowered)
        if match is not None:
            return match
    return default


def _lookup(preference: str, lowered: dict[str, str]) -> str | None:
    # "de-CH" falls back to "de"; "de" also accepts the first regional form such as "de-AT".
    candidate = preference
    while candidate:
        if candidate in lowered:
            return lowered[candidate]
        candidate = candidate.rpartition("-")[0]
    for locale, original in lowered.items():
        if locale.startswith(preference + "-"):
            return original
    return None
