"""The `opendrop-kit` command: one Typer app composing the server, feeds and keys commands."""

from __future__ import annotations

import typer

from opendrop_kit import __version__

app = typer.Typer(
    name="opendrop-kit",
    help="Run an OpenDrop supplier server, import and export catalog feeds, and manage API keys.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register_commands() -> None:
    # Imported here so that `opendrop-kit --help` stays fast and each module stays independent.
    from opendrop_kit.cli import feeds, keys, openapi, serve

    app.command("serve")(serve.serve)
    app.command("openapi")(openapi.openapi)
    app.add_typer(keys.app, name="keys")
    app.command("import")(feeds.import_command)
    app.command("export")(feeds.export_command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"opendrop-kit {__version__}")
        raise typer.Exit


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """OpenDrop kit."""


def run() -> None:
    """Entry point of the `opendrop-kit` console script."""
    _register_commands()
    app()
