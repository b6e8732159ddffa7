"""`opendrop-kit serve`: run the API on one machine, seeding a sandbox on first start."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
import uvicorn
from sqlalchemy import Engine

from opendrop_kit.cli.common import DatabaseUrlOption, configure_logging, open_store
from opendrop_kit.server.accounts import repository, service
from opendrop_kit.server.app import create_app

logger = logging.getLogger(__name__)


def serve(
    host: Annotated[str, typer.Option("--host", envvar="OPENDROP_HOST", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", envvar="OPENDROP_PORT", help="TCP port.")] = 8000,
    database_url: DatabaseUrlOption = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo/--no-demo",
            help="On an empty store, create a sandbox account, a test key and the demo catalog.",
        ),
    ] = True,
) -> None:
    """Start the OpenDrop API server."""
    configure_logging()
    settings, engine = open_store(database_url)
    if demo:
        _seed_sandbox(engine)

    logger.info("Serving the OpenDrop API on http://%s:%d/v1", host, port)
    app = create_app(settings, engine=engine)
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False)


def _seed_sandbox(engine: Engine) -> None:
    with engine.connect() as connection:
        if repository.count_accounts(connection) > 0:
            return

    from opendrop_kit.demo.catalog import demo_catalog
    from opendrop_kit.feeds.apply import apply_catalog
    from opendrop_kit.feeds.normalize import normalize

    catalog = demo_catalog()
    normalize(catalog)
    with engine.begin() as connection:
        account_id = service.create_account(connection, service.SANDBOX_ACCOUNT_NAME)
        key = service.create_key(connection, account_id, mode="test", name="sandbox key")
        summary = apply_catalog(connection, catalog, account_id=account_id, livemode=False, feed="demo")

    typer.echo(
        f"Created the sandbox account {account_id} with a demo catalog of {summary.products_created} products.\n"
        f"Test API key (shown once; create more with 'opendrop-kit keys create --mode test'):\n\n"
        f"    {key.secret}\n"
    )
