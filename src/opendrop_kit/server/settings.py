"""Server settings, read from the environment with the `OPENDROP_` prefix and from CLI options."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from opendrop_kit.store.engine import default_database_url


class Settings(BaseSettings):
    """Everything the server needs to start; each field can be set as `OPENDROP_<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="OPENDROP_", extra="ignore")

    #: SQLAlchemy URL of the store; empty means an SQLite file inside `data_dir`.
    database_url: str = ""
    #: Folder of the embedded SQLite database.
    data_dir: Path = Path("opendrop-data")
    host: str = "127.0.0.1"
    port: int = 8000
    #: Requests a key may make per `rate_limit_window`. 100 per second matches what a single
    #: SQLite-backed process serves comfortably; raise it for PostgreSQL deployments.
    rate_limit_requests: int = Field(default=100, ge=1)
    rate_limit_window: timedelta = timedelta(seconds=1)
    #: Storage URI of the `limits` library: memory for one process, redis:// for several.
    rate_limit_storage: str = "memory://"
    #: Seed the sandbox account, a test key and the demo catalog when the store is empty.
    seed_demo: bool = True

    def resolved_database_url(self) -> str:
        """Return `database_url`, or the SQLite file in `data_dir` when none is set."""
        if self.database_url:
            return self.database_url
        return default_database_url(self.data_dir.resolve())
