"""Public endpoints that describe the server: conformance classes, problem codes, OpenAPI."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from opendrop_kit import SPEC_VERSION
from opendrop_kit.schema.accounts import Conformance, ProblemRegistry
from opendrop_kit.server.dependencies import SUPPORTED_VERSIONS
from opendrop_kit.server.errors import PROBLEM_KINDS
from opendrop_kit.server.http import json_response
from opendrop_kit.server.openapi_docs import NOT_MODIFIED, PROTOCOL_ERRORS

router = APIRouter(tags=["core"], responses={**PROTOCOL_ERRORS, **NOT_MODIFIED})

#: Conformance classes this server implements.
CLASSES = ["core", "catalog", "inventory"]


@router.get("/conformance", response_model=Conformance, summary="List conformance classes")
def get_conformance(request: Request) -> Response:
    """The specification version, the conformance classes and the API versions this server implements."""
    payload = {
        "object": "conformance",
        "spec_version": SPEC_VERSION,
        "classes": CLASSES,
        "api_versions": list(SUPPORTED_VERSIONS),
    }
    return json_response(request, payload)


@router.get("/problems", response_model=ProblemRegistry, summary="List problem codes")
def list_problems(request: Request) -> Response:
    """List every problem `code` this server can return, with its HTTP status and meaning."""
    data = [
        {"code": kind.code, "status": kind.status, "title": kind.title, "description": kind.description}
        for kind in PROBLEM_KINDS.values()
    ]
    return json_response(request, {"object": "list", "data": data})


@router.get(
    "/openapi.json",
    summary="Get the OpenAPI document",
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}}, "description": "OpenAPI 3.1."}},
)
def get_openapi(request: Request) -> Response:
    """This server's OpenAPI 3.1 document."""
    document: dict[str, Any] = request.app.openapi()
    return json_response(request, document)
