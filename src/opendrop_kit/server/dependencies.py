"""FastAPI dependencies shared by every domain: the database connection, authentication with scopes,
API version selection, rate limits, and the protocol checks on query parameters and `Accept`."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from typing import Annotated

import orjson
from fastapi import Depends, Header, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from limits import RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import Connection, Engine

from opendrop_kit import API_VERSION
from opendrop_kit.server.accounts.service import Principal, authenticate, require_scope
from opendrop_kit.server.errors import ApiError, invalid_parameter
from opendrop_kit.server.http import JSON_MEDIA_TYPE, is_json_media_type
from opendrop_kit.server.settings import Settings

#: API versions this server serves, newest first.
SUPPORTED_VERSIONS = (API_VERSION,)


def get_connection(request: Request) -> Iterator[Connection]:
    """Open one connection per request and commit once, after the handler succeeded."""
    engine: Engine = request.app.state.engine
    with engine.connect() as connection:
        yield connection
        connection.commit()


Db = Annotated[Connection, Depends(get_connection)]


class RateLimiter:
    """A moving-window limit per API key, announced with the IETF RateLimit headers."""

    def __init__(self, settings: Settings) -> None:
        window = max(1, math.ceil(settings.rate_limit_window.total_seconds()))
        self.item = RateLimitItemPerSecond(settings.rate_limit_requests, window)
        self.window = window
        self.limiter = MovingWindowRateLimiter(storage_from_string(settings.rate_limit_storage))
        self.policy = f'"default";q={settings.rate_limit_requests};w={window}'

    def check(self, request: Request, key_id: str) -> None:
        allowed = self.limiter.hit(self.item, key_id)
        reset_at, remaining = self.limiter.get_window_stats(self.item, key_id)
        seconds = max(0, math.ceil(reset_at - time.time()))
        headers = {"RateLimit-Policy": self.policy, "RateLimit": f'"default";r={remaining};t={seconds}'}
        request.state.extra_headers = headers

        if not allowed:
            raise ApiError(
                "rate_limited",
                f"The key {key_id} made more than {self.item.amount} requests in {self.window} s; "
                f"retry after {max(seconds, 1)} s.",
                headers={**headers, "Retry-After": str(max(seconds, 1))},
            )


def authorize(scope: str | None) -> Callable[..., Principal]:
    """Build a dependency that authenticates the key, checks `scope` and applies the rate limit."""

    def dependency(
        request: Request,
        connection: Db,
        authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    ) -> Principal:
        principal = authenticate(connection, authorization)
        request.state.account_id = principal.account_id
        request.state.key_id = principal.key_id
        if getattr(request.state, "requested_version", None) is None:
            request.state.api_version = principal.api_version
        request.app.state.rate_limiter.check(request, principal.key_id)
        if scope is not None:
            require_scope(principal, scope)
        return principal

    return dependency


def check_protocol(
    request: Request,
    opendrop_version: Annotated[
        str | None,
        Header(
            alias="OpenDrop-Version",
            description="API version to apply; defaults to the version pinned on the key.",
            # Documented as an enum, checked by hand so that a bad value gets `unsupported_version`.
            json_schema_extra={"enum": list(SUPPORTED_VERSIONS)},
        ),
    ] = None,
) -> None:
    """Run the checks every endpoint shares: the requested version, the query parameters and `Accept`."""
    route = request.scope.get("route")
    _check_version(request, opendrop_version)
    if isinstance(route, APIRoute):
        _check_query_parameters(request, route)
        _check_accept(request, route)


_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


async def check_json_body(request: Request) -> None:
    """Reject a JSON body that is not a JSON text in UTF-8 as RFC 8259 defines it.

    FastAPI parses bodies with Python's `json` module, which also accepts a byte order mark, `NaN`
    and unpaired surrogates such as "\\ud800". orjson rejects all three. An unpaired surrogate
    could not be written back into a UTF-8 response either.
    """
    if request.method not in _BODY_METHODS or not is_json_media_type(request.headers.get("content-type")):
        return
    try:
        orjson.loads(await request.body())
    except orjson.JSONDecodeError as error:
        raise ApiError(
            "malformed_json", f"The request body is not JSON text in UTF-8: {error}; fix the JSON and send it again."
        ) from None


def _check_version(request: Request, requested: str | None) -> None:
    if requested is None:
        request.state.requested_version = None
        return
    if requested not in SUPPORTED_VERSIONS:
        raise invalid_parameter(
            "OpenDrop-Version",
            f"API version '{requested}' is not served here; send one of {', '.join(SUPPORTED_VERSIONS)} "
            "or leave the header out to use the key's version.",
            code="unsupported_version",
            where="header",
        )
    request.state.requested_version = requested
    request.state.api_version = requested


def _check_query_parameters(request: Request, route: APIRoute) -> None:
    """Reject an unknown or repeated query parameter with 400 instead of ignoring it."""
    known = _query_parameter_names(route)
    seen: set[str] = set()
    for name, _ in request.query_params.multi_items():
        if name not in known:
            allowed = ", ".join(sorted(known)) or "none"
            raise invalid_parameter(
                name, f"Unknown query parameter '{name}'; this endpoint accepts: {allowed}.", code="unknown_parameter"
            )
        if name in seen:
            raise invalid_parameter(name, f"The query parameter '{name}' is given twice; give it once.")
        seen.add(name)


def _check_accept(request: Request, route: APIRoute) -> None:
    accept = request.headers.get("accept")
    produced = _produced_media_type(route)
    if accept and not media_type_accepted(accept, produced):
        raise ApiError(
            "not_acceptable",
            f"This endpoint answers with {produced}, which the Accept header '{accept}' does not allow.",
        )


def media_type_accepted(accept: str, media_type: str) -> bool:
    """Tell whether an `Accept` header (RFC 9110 section 12.5.1) admits `media_type`."""
    main_type = media_type.split("/", 1)[0]
    for part in accept.split(","):
        candidate, _, parameters = part.strip().partition(";")
        candidate = candidate.strip().lower()
        if candidate in ("*/*", f"{main_type}/*", media_type) and not _zero_quality(parameters):
            return True
    return False


def _zero_quality(parameters: str) -> bool:
    for parameter in parameters.split(";"):
        name, _, value = parameter.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value) == 0
            except ValueError:
                return False
    return False


def _produced_media_type(route: APIRoute) -> str:
    content = route.responses.get(200, {}).get("content", {})
    return next(iter(content), JSON_MEDIA_TYPE)


_known_parameters: dict[int, frozenset[str]] = {}


def _query_parameter_names(route: APIRoute) -> frozenset[str]:
    names = _known_parameters.get(id(route))
    if names is None:
        names = frozenset(_collect_query_names(route.dependant))
        _known_parameters[id(route)] = names
    return names


def _collect_query_names(dependant: Dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub_dependant in dependant.dependencies:
        names |= _collect_query_names(sub_dependant)
    return names
