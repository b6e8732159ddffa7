"""The committed OpenAPI document: it matches the code and is a valid OpenAPI 3.1 document."""

from __future__ import annotations

import json
from pathlib import Path

from openapi_spec_validator import OpenAPIV31SpecValidator

from opendrop_kit.cli.openapi import render_openapi

COMMITTED = Path(__file__).resolve().parents[1] / "openapi" / "opendrop-v1.json"
REGENERATE = "opendrop-kit openapi --output openapi/opendrop-v1.json"


def test_committed_document_matches_code() -> None:
    assert COMMITTED.is_file(), f"{COMMITTED} is missing; create it with '{REGENERATE}'."

    committed = COMMITTED.read_text(encoding="utf-8")

    assert committed == render_openapi(), (
        f"openapi/opendrop-v1.json differs from the document the code generates; run '{REGENERATE}' and commit it."
    )


def test_committed_document_is_valid_openapi_31() -> None:
    document = json.loads(COMMITTED.read_text(encoding="utf-8"))

    errors = [error.message for error in OpenAPIV31SpecValidator(document).iter_errors()]

    assert document["openapi"].startswith("3.1.")
    assert errors == []
