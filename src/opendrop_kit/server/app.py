"""The FastAPI application of the reference OpenDrop supplier server."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI
from sqlalchemy import Engine

from opendrop_kit import API_VERSION
from opendrop_kit.server import exception_handlers
from opendrop_kit.server.accounts.routes import router as accounts_router
from opendrop_kit.server.catalog.routes import router as catalog_router
from opendrop_kit.server.dependencies import RateLimiter, check_json_body, check_protocol
from opendrop_kit.server.inventory.routes import router as inventory_router
from opendrop_kit.server.meta.routes import router as meta_router
from opendrop_kit.server.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from opendrop_kit.server.openapi import build_openapi
from opendrop_kit.server.settings import Settings
from opendrop_kit.store.engine import make_engine


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the app. The store must already be migrated (`opendrop-kit serve` does that)."""
    settings = settings or Settings()
    app = FastAPI(
        title="OpenDrop supplier API",
        version=API_VERSION,
        openapi_url=None,  # served by meta.routes at /v1/openapi.json
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.resolved_database_url())
    app.state.rate_limiter = RateLimiter(settings)

    checks = [Depends(check_protocol), Depends(check_json_body)]
    for router in (meta_router, accounts_router, catalog_router, inventory_router):
        app.include_router(router, prefix="/v1", dependencies=checks)

    exception_handlers.install(app)
    app.add_middleware(BodySizeLimitMiddleware)
    app.add_middleware(RequestContextMiddleware)

    def openapi() -> dict[str, Any]:
        return build_openapi(app)

    app.openapi = openapi  # type: ignore[method-assign]
    return app
