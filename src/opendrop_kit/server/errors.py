"""Errors the server raises, and the registry of problem codes it returns.

Every non-2xx response is an RFC 9457 problem rendered by `problem_response`. Handlers raise
`ApiError` or one of its subclasses; each carries its HTTP status and a stable `code`:

    ApiError
    ├── AuthenticationRequired   401  no key, malformed key, unknown or revoked key
    ├── InsufficientScope        403  the key lacks the scope the endpoint needs
    ├── NotFound                 404
    ├── InvalidRequest           400  bad query parameter, header or cursor
    ├── ValidationFailed         422  a well-formed body whose values are invalid
    └── RateLimited              429  carries Retry-After
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson
from starlette.responses import Response

from opendrop_kit.schema.common import FieldError

PROBLEM_BASE_URI = "https://opendrop.dev/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"


@dataclass(frozen=True, slots=True)
class ProblemKind:
    """An entry of the problem registry served at GET /v1/problems."""

    code: str
    status: int
    title: str
    description: str


PROBLEM_KINDS: dict[str, ProblemKind] = {
    kind.code: kind
    for kind in [
        ProblemKind("malformed_json", 400, "Malformed JSON", "The request body is not valid JSON."),
        ProblemKind("invalid_parameter", 400, "Invalid parameter", "A query parameter or header has an invalid value."),
        ProblemKind(
            "unknown_parameter",
            400,
            "Unknown parameter",
            "The endpoint does not define this query parameter.",
        ),
        ProblemKind("invalid_cursor", 400, "Invalid cursor", "The cursor was not issued by this server or is damaged."),
        ProblemKind(
            "cursor_mismatch",
            400,
            "Cursor mismatch",
            "The cursor was issued for other filters than this request's.",
        ),
        ProblemKind(
            "unsupported_version",
            400,
            "Unsupported API version",
            "OpenDrop-Version names a version this server does not serve.",
        ),
        ProblemKind("authentication_required", 401, "Authentication required", "The request has no API key."),
        ProblemKind("invalid_api_key", 401, "Invalid API key", "The API key is malformed, unknown or revoked."),
        ProblemKind("insufficient_scope", 403, "Insufficient scope", "The API key lacks a scope this endpoint needs."),
        ProblemKind(
            "not_found",
            404,
            "Not found",
            "No resource or endpoint exists at this path for this account and mode.",
        ),
        ProblemKind("method_not_allowed", 405, "Method not allowed", "The endpoint does not support this HTTP method."),
        ProblemKind(
            "not_acceptable",
            406,
            "Not acceptable",
            "The endpoint cannot answer in a media type the Accept header allows.",
        ),
        ProblemKind("payload_too_large", 413, "Payload too large", "The request body exceeds the size limit."),
        ProblemKind(
            "unsupported_media_type",
            415,
            "Unsupported media type",
            "The request body must be application/json.",
        ),
        ProblemKind(
            "validation_failed",
            422,
            "Validation failed",
            "The body is valid JSON but some values are invalid; see errors[].",
        ),
        ProblemKind(
            "rate_limited",
            429,
            "Too many requests",
            "The key exceeded its rate limit; retry after Retry-After seconds.",
        ),
        ProblemKind(
            "internal_error",
            500,
            "Internal error",
            "The server failed; the request id identifies the failure in its logs.",
        ),
        ProblemKind(
            "service_unavailable",
            503,
            "Service unavailable",
            "The server cannot serve now, for example while its database is unreachable.",
        ),
    ]
}


@dataclass(slots=True)
class ApiError(Exception):
    """An error returned as a problem; `code` must be a key of `PROBLEM_KINDS`."""

    code: str
    detail: str
    errors: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> ProblemKind:
        return PROBLEM_KINDS[self.code]

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}"


def authentication_required(detail: str, *, code: str = "authentication_required") -> ApiError:
    """Return a 401 error with the challenge that RFC 6750 section 3 requires."""
    challenge = 'Bearer realm="OpenDrop"'
    if code == "invalid_api_key":
        challenge += ', error="invalid_token"'
    return ApiError(code, detail, headers={"WWW-Authenticate": challenge})


def not_found(detail: str) -> ApiError:
    return ApiError("not_found", detail)


def invalid_parameter(name: str, detail: str, *, code: str = "invalid_parameter", where: str = "query") -> ApiError:
    """Return a 400 error pointing at one query parameter or header."""
    return ApiError(code, detail, errors=[FieldError(pointer=f"#/{where}/{name}", code=code, detail=detail)])


def problem_body(
    code: str,
    detail: str,
    *,
    instance: str | None,
    request_id: str | None,
    errors: list[FieldError] | None = None,
) -> dict[str, Any]:
    """Build the JSON object of a problem response."""
    kind = PROBLEM_KINDS[code]
    return {
        "type": PROBLEM_BASE_URI + code,
        "title": kind.title,
        "status": kind.status,
        "detail": detail,
        "instance": instance,
        "code": code,
        "request_id": request_id,
        "errors": [error.model_dump() for error in errors or []],
    }


def problem_response(
    code: str,
    detail: str,
    *,
    instance: str | None,
    request_id: str | None,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """Render a problem as an `application/problem+json` response."""
    body = problem_body(code, detail, instance=instance, request_id=request_id, errors=errors)
    return Response(
        orjson.dumps(body),
        status_code=body["status"],
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )
