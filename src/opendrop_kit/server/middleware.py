"""ASGI middleware: request ids, the version and rate-limit headers, access logs, and the last-resort 500."""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from opendrop_kit import API_VERSION
from opendrop_kit.server.errors import problem_response
from opendrop_kit.store.ids import new_id

logger = logging.getLogger(__name__)

_CLIENT_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,200}$")


class RequestContextMiddleware:
    """Give every request an id, add `Request-Id` and `OpenDrop-Version` to every response,
    log one line per response, and turn an unhandled exception into a problem response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        request_id = _request_id(scope)
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        started = time.perf_counter()
        response_started = False
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal response_started, status
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                message["headers"] = [*message.get("headers", []), *_context_headers(state)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            logger.exception("Request failed", extra={"request_id": request_id, "path": scope["path"]})
            if response_started:
                raise
            response = problem_response(
                "internal_error",
                f"The server failed while handling this request; report request id {request_id}.",
                instance=scope["path"],
                request_id=request_id,
            )
            await response(scope, receive, send_with_headers)
        finally:
            _log_response(scope, state, status, time.perf_counter() - started)


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"request-id":
            candidate: str = value.decode("latin-1")
            if _CLIENT_REQUEST_ID.match(candidate):
                return candidate
    return new_id("req")


def _context_headers(state: dict[str, Any]) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"request-id", state["request_id"].encode()),
        (b"opendrop-version", str(state.get("api_version", API_VERSION)).encode()),
    ]
    for name, value in state.get("extra_headers", {}).items():
        headers.append((name.lower().encode(), value.encode()))
    return headers


def _log_response(scope: Scope, state: dict[str, Any], status: int, seconds: float) -> None:
    logger.info(
        "%s %s returned %d in %.1f ms",
        scope["method"],
        scope["path"],
        status,
        seconds * 1000,
        extra={
            "request_id": state["request_id"],
            "account_id": state.get("account_id"),
            "key_id": state.get("key_id"),
            "status": status,
        },
    )


#: Bodies up to 1 MiB are accepted; larger ones get 413 before the handler reads them.
MAX_BODY_BYTES = 1024 * 1024


class _BodyTooLarge(Exception):
    pass


class BodySizeLimitMiddleware:
    """Reject with 413 a request body over `MAX_BODY_BYTES`, by Content-Length or as it streams in."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._reject(scope, receive, send)
            return

        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise _BodyTooLarge
            return message

        try:
            await self.app(scope, counting_receive, send)
        except _BodyTooLarge:
            await self._reject(scope, receive, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            "payload_too_large",
            f"The request body exceeds {self.max_bytes} bytes; send fewer items per request.",
            instance=scope["path"],
            request_id=scope.get("state", {}).get("request_id"),
        )
        await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
