"""The recorded exchanges in examples/ agree with the committed OpenAPI document.

Each example names a request and the server's response. The response body must validate against
the schema that the document gives for its path, method, status and media type, the status must
be documented, and every query parameter must be documented unless the response rejects it as
unknown. Every operation of the document needs at least one example.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DOCUMENT_PATH = ROOT / "openapi" / "opendrop-v1.json"
DOCUMENT_URI = "urn:opendrop:openapi"
REGENERATE = "python examples/generate.py"
NDJSON_MEDIA_TYPE = "application/x-ndjson"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}

EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.json"))


@cache
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DOCUMENT_PATH.read_text(encoding="utf-8"))
    return loaded


@cache
def registry() -> Registry:
    resource = Resource.from_contents(document(), default_specification=DRAFT202012)
    return Registry().with_resource(DOCUMENT_URI, resource)


def load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def pointer(*parts: str) -> str:
    """Build an RFC 6901 JSON Pointer from unescaped parts."""
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


def validator(schema_pointer: str) -> Draft202012Validator:
    """A validator for the schema at `schema_pointer` in the document, with its `$ref`s resolved."""
    schema = {"$ref": f"{DOCUMENT_URI}#{schema_pointer}"}
    return Draft202012Validator(schema, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def template_of(path: str) -> str:
    """Return the document path, such as `/v1/products/{product_id}`, that a concrete path matches."""
    matches = [
        template
        for template in document()["paths"]
        if re.fullmatch(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)), path)
    ]
    assert matches, f"{path} matches no path of {DOCUMENT_PATH.name}"
    # A literal segment beats a parameter: /v1/inventory/lookup is not /v1/products/{product_id}.
    return min(matches, key=lambda template: template.count("{"))


def operation_of(example: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    request = example["request"]
    template = template_of(request["path"])
    method = request["method"].lower()
    operations = document()["paths"][template]
    assert method in operations, f"{request['method']} {template} is not in {DOCUMENT_PATH.name}"
    return template, method, operations[method]


def validation_errors(schema_pointer: str, instance: Any) -> list[str]:
    return [
        f"{list(error.absolute_path)}: {error.message}" for error in validator(schema_pointer).iter_errors(instance)
    ]


def media_type_of(response: dict[str, Any]) -> str:
    return str(response["headers"].get("content-type", "")).split(";")[0].strip()


def test_examples_exist() -> None:
    assert len(EXAMPLE_FILES) >= 20, f"expected the examples under {EXAMPLES}; regenerate them with '{REGENERATE}'"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: str(path.relative_to(EXAMPLES)))
def test_status_is_documented(path: Path) -> None:
    example = load(path)
    template, method, operation = operation_of(example)
    status = str(example["response"]["status"])

    assert status in operation["responses"], f"{method.upper()} {template} does not document {status}"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: str(path.relative_to(EXAMPLES)))
def test_query_parameters_are_documented(path: Path) -> None:
    example = load(path)
    template, method, operation = operation_of(example)
    documented = {parameter["name"] for parameter in operation.get("parameters", []) if parameter["in"] == "query"}
    sent = set(example["request"]["query"])

    body = example["response"].get("body")
    rejected_as_unknown = set()
    if isinstance(body, dict) and body.get("code") == "unknown_parameter":
        rejected_as_unknown = {error["pointer"].removeprefix("#/query/") for error in body["errors"]}

    assert sent - documented == rejected_as_unknown, f"undocumented query parameters of {method.upper()} {template}"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: str(path.relative_to(EXAMPLES)))
def test_response_body_matches_schema(path: Path) -> None:
    example = load(path)
    template, method, operation = operation_of(example)
    response = example["response"]
    status = str(response["status"])
    documented = operation["responses"][status]

    if "body" not in response:
        # 304 has no body; the OpenAPI example notes that its body is the committed document.
        assert status == "304" or "note" in response
        return

    media_type = media_type_of(response)
    assert media_type in documented.get("content", {}), f"{method.upper()} {template} {status} is never {media_type}"
    media_pointer = pointer("paths", template, method, "responses", status, "content", media_type)

    if media_type == NDJSON_MEDIA_TYPE:
        # OpenAPI 3.1 describes the body as a string; each line has the `x-item-schema` schema.
        assert isinstance(response["body"], list)
        assert response["body"], "the snapshot example has no lines"
        for line in response["body"]:
            assert validation_errors(media_pointer + "/x-item-schema", line) == []
        return

    assert validation_errors(media_pointer + "/schema", response["body"]) == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: str(path.relative_to(EXAMPLES)))
def test_successful_request_body_matches_schema(path: Path) -> None:
    example = load(path)
    template, method, operation = operation_of(example)
    request = example["request"]
    if request["body"] is None or not 200 <= example["response"]["status"] < 300:
        return

    media_pointer = pointer("paths", template, method, "requestBody", "content", "application/json")

    assert "requestBody" in operation, f"{method.upper()} {template} documents no request body"
    assert validation_errors(media_pointer + "/schema", request["body"]) == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: str(path.relative_to(EXAMPLES)))
def test_no_real_key_recorded(path: Path) -> None:
    text = path.read_text(encoding="utf-8")

    assert re.search(r"od_(test|live)_[0-9A-Za-z]{43}", text) is None


def test_every_operation_has_example() -> None:
    covered = set()
    for path in EXAMPLE_FILES:
        template, method, _ = operation_of(load(path))
        covered.add((method, template))

    operations = {
        (method, template)
        for template, item in document()["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }

    assert sorted(operations - covered) == [], f"operations without an example; add them to {REGENERATE}"
