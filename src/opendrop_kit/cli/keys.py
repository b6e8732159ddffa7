"""`opendrop-kit keys`: create, list and revoke API keys."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from opendrop_kit.cli.common import DatabaseUrlOption, fail, open_store
from opendrop_kit.server.accounts import repository, service
from opendrop_kit.server.accounts.scopes import SCOPES

app = typer.Typer(help="Create, list and revoke API keys. Keys are stored hashed and shown once.", no_args_is_help=True)


class Mode(StrEnum):
    test = "test"
    live = "live"


@app.command("create")
def create(
    mode: Annotated[Mode, typer.Option("--mode", help="test keys read and write sandbox data; live keys real data.")],
    scope: Annotated[
        list[str] | None,
        typer.Option("--scope", help=f"Scope to grant; repeat for several. Default: all ({', '.join(SCOPES)})."),
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="A label shown in listings.")] = None,
    account: Annotated[
        str | None, typer.Option("--account", help="Account id; default: the store's only account.")
    ] = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Create a key and print it on stdout. It cannot be shown again."""
    _, engine = open_store(database_url)
    try:
        with engine.begin() as connection:
            account_id = service.resolve_account(connection, account)
            created = service.create_key(connection, account_id, mode=mode.value, scopes=scope, name=name)
    except service.AccountError as error:
        raise fail(str(error), code=2) from None
    finally:
        engine.dispose()

    typer.echo(f"Created {created.id} for {created.account_id} with scopes {', '.join(created.scopes)}.", err=True)
    typer.echo(created.secret)


@app.command("list")
def list_keys(
    account: Annotated[str | None, typer.Option("--account", help="Only this account's keys.")] = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """List keys with their prefix, mode, scopes and state. Secrets are never shown."""
    _, engine = open_store(database_url, must_exist=True)
    with engine.connect() as connection:
        rows = repository.list_keys(connection, account)
    engine.dispose()

    header = ["id", "account", "name", "prefix", "mode", "scopes", "created", "last used", "revoked"]
    lines = [_key_cells(row) for row in rows]
    if not sys.stdout.isatty():
        # Tab-separated for scripts and pipes, where a table would be cut to 80 columns.
        for cells in [header, *lines]:
            typer.echo("\t".join(cells))
        return

    table = Table(*header)
    table.columns[0].no_wrap = table.columns[1].no_wrap = True  # `keys revoke` needs the whole id
    for cells in lines:
        table.add_row(*cells)
    Console().print(table)


def _key_cells(row: dict[str, Any]) -> list[str]:
    return [
        row["id"],
        row["account_id"],
        row["name"],
        row["display_prefix"] + "…",
        "live" if row["livemode"] else "test",
        " ".join(row["scopes"]),
        f"{row['created_at']:%Y-%m-%d %H:%M}",
        f"{row['last_used_at']:%Y-%m-%d %H:%M}" if row["last_used_at"] else "",
        f"{row['revoked_at']:%Y-%m-%d %H:%M}" if row["revoked_at"] else "",
    ]


@app.command("revoke")
def revoke(
    key_id: Annotated[str, typer.Argument(help="Id of the key (key_…), as `keys list` shows it.")],
    database_url: DatabaseUrlOption = None,
) -> None:
    """Revoke a key at once; requests with it then get 401."""
    _, engine = open_store(database_url, must_exist=True)
    try:
        with engine.begin() as connection:
            service.revoke_key(connection, key_id)
    except service.AccountError as error:
        raise fail(str(error), code=2) from None
    finally:
        engine.dispose()
    typer.echo(f"Revoked {key_id}.", err=True)
