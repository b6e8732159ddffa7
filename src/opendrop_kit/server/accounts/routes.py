"""HTTP endpoint of the account behind a key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from opendrop_kit.schema.accounts import Me
from opendrop_kit.server.accounts.service import Principal
from opendrop_kit.server.dependencies import authorize
from opendrop_kit.server.http import json_response
from opendrop_kit.server.openapi_docs import AUTHENTICATED_ERRORS, NOT_MODIFIED

router = APIRouter(tags=["core"], responses={**AUTHENTICATED_ERRORS, **NOT_MODIFIED})


@router.get("/me", response_model=Me, summary="Get the account of the key")
def get_me(request: Request, principal: Annotated[Principal, Depends(authorize(None))]) -> Response:
    """Return the account, mode and key that authenticated this request. Any valid key may call it."""
    payload = {
        "object": "account",
        "id": principal.account_id,
        "name": principal.account_name,
        "livemode": principal.livemode,
        "key": {
            "id": principal.key_id,
            "name": principal.key_name,
            "scopes": list(principal.scopes),
            "api_version": principal.api_version,
            "created_at": principal.key_created_at,
        },
    }
    return json_response(request, payload)
