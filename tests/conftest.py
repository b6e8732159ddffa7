"""Shared fixtures: a migrated database per test, on SQLite or on PostgreSQL.

Set OPENDROP_TEST_DATABASE_URL to a PostgreSQL URL to run the whole suite on PostgreSQL; each
pytest-xdist worker then gets a database of its own, migrated once and truncated before each test.
Without it every test gets a fresh SQLite file copied from one migrated template.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from opendrop_kit.store import migrate
from opendrop_kit.store.engine import make_engine, normalize_url
from opendrop_kit.store.tables import metadata

REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"

POSTGRES_URL = os.environ.get("OPENDROP_TEST_DATABASE_URL")


def pytest_report_header() -> str:
    return f"store backend: {'postgresql' if POSTGRES_URL else 'sqlite'}"


@pytest.fixture(scope="session")
def realdata() -> Path:
    """The folder of real catalog files written by other people, kept outside the repository."""
    if not REALDATA.is_dir():
        message = f"real catalog files not found at {REALDATA}; the tests expect ../shared/realdata"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return REALDATA


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    """Migrate one database per test session (and xdist worker); return its URL."""
    if POSTGRES_URL:
        # The process id keeps two test runs against one server, and their workers, apart.
        name = f"opendrop_test_{os.getpid()}_{worker_id}"
        url = _create_postgres_database(POSTGRES_URL, name)
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        yield url
        _drop_postgres_database(POSTGRES_URL, name)
        return

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    yield f"sqlite:///{path}"


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> str:
    """URL of an empty, migrated database for this test."""
    if POSTGRES_URL:
        _truncate_all(database_template)
        return database_template

    template_path = Path(database_template.removeprefix("sqlite:///"))
    path = tmp_path / "opendrop.sqlite3"
    shutil.copyfile(template_path, path)
    return f"sqlite:///{path}"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def _create_postgres_database(server_url: str, name: str) -> str:
    admin = create_engine(normalize_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    base, _, _ = normalize_url(server_url).rpartition("/")
    return f"{base}/{name}"


def _drop_postgres_database(server_url: str, name: str) -> None:
    admin = create_engine(normalize_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_all(url: str) -> None:
    engine = make_engine(url)
    names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()
