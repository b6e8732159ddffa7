"""`opendrop-kit openapi`: print the OpenAPI document, or check a committed copy against the code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from opendrop_kit.cli.common import fail


def render_openapi() -> str:
    """Return the OpenAPI document as stable, indented JSON text with a final newline."""
    from opendrop_kit.server.app import create_app
    from opendrop_kit.server.settings import Settings

    # The document depends only on the routes; an in-memory database keeps this free of files.
    app = create_app(Settings(database_url="sqlite://"))
    document: dict[str, Any] = app.openapi()
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def openapi(
    check: Annotated[
        Path | None,
        typer.Option("--check", help="Compare with this committed file and exit 1 when they differ."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", help="Write here instead of stdout.")] = None,
) -> None:
    """Print the server's OpenAPI 3.1 document."""
    text = render_openapi()
    if check is not None:
        if not check.is_file() or check.read_text(encoding="utf-8") != text:
            raise fail(f"{check} differs from the code; regenerate it with 'opendrop-kit openapi --output {check}'.")
        typer.echo(f"{check} matches the code.", err=True)
        return

    if output is not None:
        output.write_text(text, encoding="utf-8")
        return
    typer.echo(text, nl=False)
