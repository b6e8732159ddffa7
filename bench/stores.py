"""The databases a benchmark run uses, on SQLite files or on one PostgreSQL server.

Each run needs three empty, migrated stores. The kit imports into `kit` and the server reads from
it. The import baseline inserts into `plain`. `reference` receives a catalog a tenth of the size,
to compare the server's memory during a small and a large snapshot. The baselines use plain DB-API
connections (sqlite3 or psycopg), never SQLAlchemy.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from opendrop_kit.store import migrate
from opendrop_kit.store.engine import make_engine, normalize_url

STORE_NAMES = ("kit", "plain", "reference")


@dataclass(frozen=True, slots=True)
class Store:
    """One database: its SQLAlchemy URL, and plain DB-API access for the baselines."""

    name: str
    url: str

    @property
    def backend(self) -> str:
        return "sqlite" if self.url.startswith("sqlite") else "postgresql"

    def connect(self) -> Any:
        """Open a plain DB-API connection (sqlite3 or psycopg) with the settings the kit uses."""
        if self.backend == "sqlite":
            connection = sqlite3.connect(self.url.removeprefix("sqlite:///"), check_same_thread=False)
            # The kit's engine sets these on every SQLite connection; the baseline matches them.
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
            return connection

        import psycopg

        libpq_url = make_url(self.url).set(drivername="postgresql").render_as_string(hide_password=False)
        return psycopg.connect(libpq_url)

    def sql(self, statement: str) -> str:
        """Adapt a statement written with `?` placeholders to the driver's parameter style."""
        return statement if self.backend == "sqlite" else statement.replace("?", "%s")


def create_stores(workdir: Path, database_url: str | None) -> dict[str, Store]:
    """Create and migrate the empty stores: SQLite files in `workdir`, or databases on the server.

    PostgreSQL databases are named `opendrop_bench_<pid>_<store>`, so that runs started at the
    same time (a benchmark and the smoke test, say) never drop each other's databases.
    """
    stores = {}
    for name in STORE_NAMES:
        if database_url is None:
            url = _fresh_sqlite_file(workdir / f"{name}.sqlite3")
        else:
            url = _create_postgres_database(database_url, f"opendrop_bench_{os.getpid()}_{name}")
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        stores[name] = Store(name, url)
    return stores


def drop_postgres_databases(database_url: str, stores: dict[str, Store]) -> None:
    """Drop the databases of `stores` from the PostgreSQL server at `database_url`."""
    admin = create_engine(normalize_url(database_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for store in stores.values():
            name = make_url(store.url).database
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _fresh_sqlite_file(path: Path) -> str:
    # A work folder reused from an earlier run still contains its stores, but imports need empty ones.
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def _create_postgres_database(server_url: str, name: str) -> str:
    admin = create_engine(normalize_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(normalize_url(server_url)).set(database=name).render_as_string(hide_password=False)
