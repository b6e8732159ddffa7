"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from opendrop_kit.server.settings import Settings
from opendrop_kit.store import migrate
from opendrop_kit.store.engine import make_engine

DatabaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar="OPENDROP_DATABASE_URL",
        help="SQLAlchemy URL of the store, e.g. postgresql://user@host/db. Default: an SQLite file in "
        "./opendrop-data (OPENDROP_DATA_DIR).",
        show_default=False,
    ),
]

_CONTEXT_FIELDS = ("request_id", "account_id", "key_id", "import_id", "code", "mode", "status")


class LogfmtContextFormatter(logging.Formatter):
    """A readable message followed by the ids the record carries, as key=value pairs."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        context = [f"{name}={getattr(record, name)}" for name in _CONTEXT_FIELDS if getattr(record, name, None)]
        return f"{line} {' '.join(context)}" if context else line


def configure_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(LogfmtContextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def open_store(database_url: str | None, *, must_exist: bool = False) -> tuple[Settings, Engine]:
    """Resolve the settings, create the engine and bring the schema up to date.

    With `must_exist`, a missing SQLite file is an error instead of a new empty store: commands that
    only read or change existing data would otherwise report an empty catalog from the wrong folder.
    """
    resolved = Settings()
    if database_url:
        resolved = resolved.model_copy(update={"database_url": database_url})
    url = resolved.resolved_database_url()
    if must_exist:
        _check_store_exists(url)
    if url.startswith("sqlite:///"):
        resolved.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    migrate.upgrade(engine)
    return resolved, engine


def _check_store_exists(url: str) -> None:
    database = make_url(url).database if url.startswith("sqlite") else None
    if not database or database == ":memory:" or Path(database).exists():
        return
    raise fail(
        f"there is no store at {Path(database).resolve()}. Run this command in the folder where "
        "`opendrop-kit serve` or `opendrop-kit import` created opendrop-data, or point to the store with "
        "OPENDROP_DATA_DIR or --database-url.",
        code=1,
    )


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line on stderr and return the exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)
