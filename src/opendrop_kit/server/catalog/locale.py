"""Content negotiation of product text with `Accept-Language` (RFC 9110 section 12.5.4)."""

from __future__ import annotations


def parse_accept_language(header: str | None) -> list[str]:
    """Return the language ranges of an `Accept-Language` header, most preferred first.

    Ranges with q=0 are dropped; a malformed q-value counts as 1, as a tolerant reader would.
    """
    if not header:
        return []

    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        language, _, parameters = part.strip().partition(";")
        language = language.strip().lower()
        if not language:
            continue
        quality = _quality(parameters)
        if quality > 0:
            weighted.append((-quality, position, language))
    return [language for _, _, language in sorted(weighted)]


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


def _quality(parameters: str) -> float:
    name, _, value = parameters.strip().partition("=")
    if name.strip().lower() != "q":
        return 1.0
    try:
        return max(0.0, min(1.0, float(value)))
    except ValueError:
        return 1.0
