"""FastAPI dependencies shared by every domain: the database connection, authentication with scopes,
API version selection, rate limits and the rejection of unknown query parameters."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from typing import Annotated

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
        opendrop_version: Annotated[
            str | None,
            Header(
                alias="OpenDrop-Version",
                description="API version (YYYY-MM-DD); defaults to the version pinned on the key.",
                pattern=r"^\d{4}-\d{2}-\d{2}$",
            ),
        ] = None,
    ) -> Principal:
        principal = authenticate(connection, authorization)
        request.state.account_id = principal.account_id
        request.state.key_id = principal.key_id
        request.state.api_version = _select_version(opendrop_version, principal)
        request.app.state.rate_limiter.check(request, principal.key_id)
        if scope is not None:
            require_scope(principal, scope)
        return principal

    return dependency


def _select_version(requested: str | None, principal: Principal) -> str:
    version = requested or principal.api_version
    if version not in SUPPORTED_VERSIONS:
        raise invalid_parameter(
            "OpenDrop-Version",
            f"API version {version} is not served here; use one of {', '.join(SUPPORTED_VERSIONS)}.",
            code="unsupported_version",
            where="header",
        )
    return version


def reject_unknown_query_parameters(request: Request) -> None:
    """Answer 400 for a query parameter the endpoint does not define, instead of ignoring it."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return

    known = _query_parameter_names(route)
    for name in request.query_params:
        if name not in known:
            allowed = ", ".join(sorted(known)) or "none"
            raise invalid_parameter(
                name,
                f"Unknown query parameter '{name}'; this endpoint accepts: {allowed}.",
                code="unknown_parameter",
            )


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
