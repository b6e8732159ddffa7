"""Pieces of the OpenAPI document that every router shares: error responses and parameters."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import Header

from opendrop_kit.schema.common import Problem
from opendrop_kit.schema.countries import COUNTRY_CODES

# An enum, so that the OpenAPI document lists exactly the codes the server accepts.
Country = StrEnum("Country", {code: code for code in sorted(COUNTRY_CODES)})  # type: ignore[misc]

AcceptLanguage = Annotated[
    str | None,
    Header(
        alias="Accept-Language",
        description="Preferred languages of product text (RFC 9110); the response's Content-Language names the one served.",
    ),
]

Responses = dict[int | str, dict[str, Any]]

_PROBLEM: dict[str, Any] = {"model": Problem, "description": "Problem details (RFC 9457)."}

#: Error responses every endpoint can give, public ones included: the checks of the query
#: parameters, `OpenDrop-Version` and `Accept` run before authentication.
PROTOCOL_ERRORS: Responses = {
    400: {**_PROBLEM, "description": "Invalid or unknown query parameter, header or cursor."},
    406: {**_PROBLEM, "description": "The Accept header allows no media type this endpoint answers with."},
    500: {**_PROBLEM, "description": "Server failure."},
}

#: Error responses any authenticated endpoint can give.
AUTHENTICATED_ERRORS: Responses = {
    **PROTOCOL_ERRORS,
    401: {**_PROBLEM, "description": "Missing, malformed, unknown or revoked API key."},
    403: {**_PROBLEM, "description": "The key lacks the scope this endpoint needs."},
    429: {**_PROBLEM, "description": "Rate limit exceeded; see Retry-After."},
}

NOT_FOUND: Responses = {404: {**_PROBLEM, "description": "No such resource for this account and mode."}}
NOT_MODIFIED: Responses = {304: {"description": "The representation matches If-None-Match; no body."}}
#: Error responses of endpoints that take a JSON body.
BODY_ERRORS: Responses = {
    413: {**_PROBLEM, "description": "The body is larger than 1 MiB."},
    415: {**_PROBLEM, "description": "The body is not declared as application/json."},
    422: {**_PROBLEM, "description": "The JSON body has invalid values; see errors[]."},
}
