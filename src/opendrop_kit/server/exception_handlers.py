"""Render every error as an RFC 9457 problem: raised `ApiError`s, request validation errors and
Starlette's own 404 and 405."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from opendrop_kit.schema.common import FieldError
from opendrop_kit.server.errors import ApiError, problem_response
from opendrop_kit.server.http import is_json_media_type

logger = logging.getLogger(__name__)

_MAX_VALUE_CHARS = 80
_STATUS_CODES = {
    # FastAPI raises a bare 400 when it cannot read a JSON body at all, such as one that is not UTF-8.
    400: "malformed_json",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
}
_BODY_METHODS = {"POST", "PUT", "PATCH"}


def install(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_exception)  # type: ignore[arg-type]


def _request_id(request: Request) -> str | None:
    return getattr(request.state, "request_id", None)


async def _api_error(request: Request, error: ApiError) -> Response:
    if error.kind.status >= 500:
        logger.error("Request failed: %s", error.detail, extra={"request_id": _request_id(request), "code": error.code})
    return problem_response(
        error.code,
        error.detail,
        instance=request.url.path,
        request_id=_request_id(request),
        errors=error.errors,
        headers=error.headers or None,
    )


async def _http_exception(request: Request, error: HTTPException) -> Response:
    code = _STATUS_CODES.get(error.status_code, "internal_error" if error.status_code >= 500 else "not_found")
    if code == "not_found":
        detail = f"No endpoint exists at {request.url.path}; see GET /v1/openapi.json for the endpoints."
    elif code == "malformed_json":
        detail = "The request body is not JSON text in UTF-8; send it encoded as UTF-8 without a byte order mark."
    elif code == "method_not_allowed":
        allowed = (error.headers or {}).get("Allow", "")
        detail = f"{request.method} is not allowed on {request.url.path}; allowed: {allowed}."
    else:
        detail = str(error.detail)
    return problem_response(
        code,
        detail,
        instance=request.url.path,
        request_id=_request_id(request),
        headers=dict(error.headers or {}),
    )


def _json_position(body: bytes, loc: tuple[Any, ...]) -> str:
    """Render where a JSON decoder stopped, from the character offset FastAPI puts after 'body'."""
    if len(loc) < 2 or not isinstance(loc[1], int):
        return ""
    before = body.decode("utf-8", "replace")[: loc[1]]
    line = before.count("\n") + 1
    column = loc[1] - (before.rfind("\n") + 1) + 1
    return f" at line {line}, column {column}"


async def _validation_error(request: Request, error: RequestValidationError) -> Response:
    problems = error.errors()
    instance, request_id = request.url.path, _request_id(request)

    if request.method in _BODY_METHODS and not is_json_media_type(request.headers.get("content-type")):
        return problem_response(
            "unsupported_media_type",
            f"The body must be sent as application/json, not {request.headers.get('content-type') or 'without a Content-Type'}.",
            instance=instance,
            request_id=request_id,
        )

    malformed = next((p for p in problems if p["type"] == "json_invalid"), None)
    if malformed is not None:
        reason = malformed.get("ctx", {}).get("error", "invalid JSON")
        where = _json_position(await request.body(), malformed["loc"])
        return problem_response(
            "malformed_json",
            f"The request body is not valid JSON: {reason}{where}.",
            instance=instance,
            request_id=request_id,
        )

    field_errors = [_field_error(problem) for problem in problems]
    in_body = any(problem["loc"] and problem["loc"][0] == "body" for problem in problems)
    code = "validation_failed" if in_body else "invalid_parameter"
    # An empty pointer is the whole body (RFC 6901), which a reader would not recognize as ''.
    detail = "; ".join(f"{e.pointer or 'the request body'}: {e.detail}" for e in field_errors)
    return problem_response(code, detail, errors=field_errors, instance=instance, request_id=request_id)


def _field_error(problem: dict[str, Any]) -> FieldError:
    location: Sequence[Any] = problem["loc"]
    source, path = (location[0], location[1:]) if location else ("body", ())
    if source == "body":
        pointer = "".join(f"/{_escape(part)}" for part in path) or ""
    else:
        pointer = f"#/{source}/{path[0] if path else ''}"

    code = item_code(problem["type"], location)
    message = problem["msg"]
    if code == "invalid_country":
        # The enum's message would list all 249 codes.
        message = "Input should be an assigned ISO 3166-1 alpha-2 country code in upper case, such as DE"
    if "input" in problem and problem["type"] != "missing":
        message = f"{message}; got {_shorten(problem['input'])}"
    return FieldError(pointer=pointer, code=code, detail=message)


#: Item codes (`errors[].code`) for Pydantic error types that are not a type or range error.
_ITEM_CODES = {
    "missing": "required",
    "extra_forbidden": "unknown_field",
    "string_too_short": "too_short",
    "too_short": "too_short",
    "string_too_long": "too_long",
    "too_long": "too_long",
    "timezone_aware": "invalid_timestamp",
    "datetime_parsing": "invalid_timestamp",
    "datetime_from_date_parsing": "invalid_timestamp",
    "datetime_type": "invalid_timestamp",
}

#: Fields whose invalid values get a domain item code instead of `invalid_value`.
_FIELD_CODES = {"ship_to": "invalid_country", "country": "invalid_country", "currency": "invalid_currency"}


def item_code(error_type: str, location: Sequence[Any]) -> str:
    """Map a Pydantic error type at `location` to the specification's item code."""
    if error_type in _ITEM_CODES:
        return _ITEM_CODES[error_type]

    field = str(location[-1]) if location else ""
    if field in _FIELD_CODES:
        return _FIELD_CODES[field]
    if error_type.endswith(("_type", "_parsing")):
        return "invalid_type"
    return "invalid_value"


def _escape(part: Any) -> str:
    # RFC 6901: "~" becomes "~0" and "/" becomes "~1".
    return str(part).replace("~", "~0").replace("/", "~1")


def _shorten(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_VALUE_CHARS else text[: _MAX_VALUE_CHARS - 1] + "…"
