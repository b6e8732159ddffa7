"""The OpenAPI 3.1 document of the server, generated from the routes and wire models."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from opendrop_kit import API_VERSION, SPEC_VERSION
from opendrop_kit.schema.inventory import SnapshotRecord
from opendrop_kit.server.errors import PROBLEM_MEDIA_TYPE

#: Models that no route declares as a body, such as the lines of the NDJSON snapshot, which an
#: `x-item-schema` extension names.
EXTRA_SCHEMAS: list[type[BaseModel]] = [SnapshotRecord]

#: Paths anyone may call without a key.
PUBLIC_PATHS = {"/v1/conformance", "/v1/problems", "/v1/openapi.json"}

_DESCRIPTION = (
    "The OpenDrop v1 supplier API: one REST surface that any dropshipping supplier can implement. "
    "Authenticate with `Authorization: Bearer od_test_…` (or `od_live_…`). Errors are RFC 9457 problem "
    "details. The normative text is spec/v1.md."
)


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """Generate the document once per app and keep it."""
    if app.openapi_schema:
        return app.openapi_schema

    document = get_openapi(
        title="OpenDrop supplier API",
        version=API_VERSION,
        summary=f"OpenDrop specification {SPEC_VERSION}",
        description=_DESCRIPTION,
        routes=app.routes,
        tags=[
            {"name": "core", "description": "Accounts, conformance and problem codes."},
            {"name": "catalog", "description": "Products, variants, categories and brands."},
            {"name": "inventory", "description": "Warehouses and stock."},
        ],
    )
    document["info"]["license"] = {"name": "MIT", "identifier": "MIT"}
    _use_problem_media_type(document)
    _add_security(document)
    _drop_unused_validation_schemas(document)
    _add_schemas(document, EXTRA_SCHEMAS)
    app.openapi_schema = document
    return document


def _use_problem_media_type(document: dict[str, Any]) -> None:
    for operation in _operations(document):
        for status, response in operation.get("responses", {}).items():
            content = response.get("content", {})
            if status.startswith(("4", "5")) and "application/json" in content:
                content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")


def _add_security(document: dict[str, Any]) -> None:
    components = document.setdefault("components", {})
    components["securitySchemes"] = {
        "bearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "description": "An OpenDrop API key: od_test_… or od_live_….",
        }
    }
    for path, item in document["paths"].items():
        for operation in item.values():
            operation["security"] = [] if path in PUBLIC_PATHS else [{"bearerAuth": []}]


def _drop_unused_validation_schemas(document: dict[str, Any]) -> None:
    # FastAPI documents a 422 with its own error schema on every endpoint with parameters. This
    # server rejects invalid parameters with 400 problems, so only explicitly declared 422s remain.
    for operation in _operations(document):
        responses = operation.get("responses", {})
        if "HTTPValidationError" in str(responses.get("422", "")):
            del responses["422"]
    schemas = document.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)


def _add_schemas(document: dict[str, Any], models: list[type[BaseModel]]) -> None:
    _, definitions = models_json_schema(
        [(model, "serialization") for model in models], ref_template="#/components/schemas/{model}"
    )
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in definitions.get("$defs", {}).items():
        # A model that a route also uses, such as Money, is already there in the same form.
        schemas.setdefault(name, schema)


def _operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [operation for item in document["paths"].values() for operation in item.values()]
