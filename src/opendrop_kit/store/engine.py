"""Database engines for the store: SQLite (WAL) by default, PostgreSQL by URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

#: SQLite waits this long for another writer's lock before failing with "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 15_000


def default_database_url(data_dir: Path) -> str:
    """Return the URL of the embedded SQLite database inside `data_dir`."""
    return f"sqlite:///{data_dir / 'opendrop.sqlite3'}"


def make_engine(url: str, **options: Any) -> Engine:
    """Create an engine for `url`, with WAL and foreign keys switched on for SQLite files."""
    url = normalize_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **options)
        event.listen(engine, "connect", _configure_sqlite)
        return engine

    return create_engine(url, pool_pre_ping=True, **options)


def normalize_url(url: str) -> str:
    """Select the psycopg 3 driver for plain `postgresql://` URLs, which SQLAlchemy maps to psycopg2."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()
