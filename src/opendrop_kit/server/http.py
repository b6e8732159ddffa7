"""Response helpers: JSON bodies with strong ETags and conditional GET, and Link headers."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

JSON_MEDIA_TYPE = "application/json"


def json_response(request: Request, payload: Any, *, vary: str | None = None) -> Response:
    """Return `payload` as JSON with an ETag, or 304 when `If-None-Match` already names that ETag."""
    body = dumps(payload)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag}
    if vary:
        headers["Vary"] = vary

    if _etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=JSON_MEDIA_TYPE, headers=headers)


def is_json_media_type(content_type: str | None) -> bool:
    """Tell whether a `Content-Type` is `application/json` or an `application/<name>+json` type."""
    if not content_type:
        return False
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == JSON_MEDIA_TYPE or (media_type.startswith("application/") and media_type.endswith("+json"))


def dumps(payload: Any) -> bytes:
    """Serialize to JSON bytes; timestamps come out as RFC 3339 in UTC with a `Z`."""
    return orjson.dumps(payload, option=orjson.OPT_UTC_Z)


def _etag_matches(if_none_match: str | None, etag: str) -> bool:
    # RFC 9110 13.1.2: If-None-Match compares weakly, so W/"x" matches "x"; "*" matches any.
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == etag:
            return True
    return False


def page_response(request: Request, payload: dict[str, Any], *, vary: str | None = None) -> Response:
    """Return a list page as JSON with an ETag, and a `Link: rel="next"` header when it has more."""
    response = json_response(request, payload, vary=vary)
    add_next_link(request, response, payload["next_cursor"])
    return response


def add_next_link(request: Request, response: Response, next_cursor: str | None) -> None:
    """Add the RFC 8288 `Link: <…>; rel="next"` header when there is a next page."""
    if next_cursor is None:
        return
    url = request.url.include_query_params(cursor=next_cursor)
    response.headers["Link"] = f'<{url}>; rel="next"'
