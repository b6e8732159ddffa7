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


def _quality(parameters: str) -> float:
    name, _, value = parameters.strip().partition("=")
    if name.strip().lower() != "q":
        return 1.0
    try:
        return max(0.0, min(1.0, float(value)))
    except ValueError:
        return 1.0
