"""`opendrop-kit keys` and the store checks of the read-only commands, through the real CLI app."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy import Engine, select
from typer.testing import CliRunner, Result

from opendrop_kit.cli import feeds, keys
from opendrop_kit.server.accounts.keys import hash_secret
from opendrop_kit.store.tables import api_keys

app = typer.Typer()
app.add_typer(keys.app, name="keys")
app.command("export")(feeds.export_command)


def invoke(*args: str | Path) -> Result:
    return CliRunner(env={"COLUMNS": "250"}).invoke(app, [*map(str, args)])


def test_create_prints_key_stores_hash(database_url: str, engine: Engine) -> None:
    result = invoke("keys", "create", "--mode", "test", "--scope", "catalog:read", "--database-url", database_url)

    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert secret.startswith("od_test_")
    with engine.connect() as connection:
        row = connection.execute(select(api_keys)).one()
    assert row.secret_hash == hash_secret(secret)
    assert row.scopes == ["catalog:read"]
    assert secret not in result.stderr


def test_list_shows_prefix_but_never_the_secret(database_url: str) -> None:
    secret = invoke("keys", "create", "--mode", "live", "--database-url", database_url).stdout.strip()

    result = invoke("keys", "list", "--database-url", database_url)

    assert result.exit_code == 0, result.output
    assert secret not in result.stdout
    assert secret[:12] in result.stdout
    assert "\tlive\t" in result.stdout


def test_revoke_marks_the_key(database_url: str, engine: Engine) -> None:
    invoke("keys", "create", "--mode", "test", "--database-url", database_url)
    with engine.connect() as connection:
        key_id = connection.execute(select(api_keys.c.id)).scalar_one()

    result = invoke("keys", "revoke", key_id, "--database-url", database_url)

    assert result.exit_code == 0, result.output
    with engine.connect() as connection:
        assert connection.execute(select(api_keys.c.revoked_at)).scalar_one() is not None


def test_unknown_scope_is_a_usage_error(database_url: str) -> None:
    result = invoke("keys", "create", "--mode", "test", "--scope", "catalog:write", "--database-url", database_url)

    assert result.exit_code == 2
    assert "Unknown scope catalog:write" in result.stderr


def test_read_only_commands_refuse_a_missing_store(tmp_path: Path) -> None:
    missing = tmp_path / "elsewhere" / "opendrop.sqlite3"

    for command in (["export", "--format", "ndjson"], ["keys", "list"], ["keys", "revoke", "key_x"]):
        result = invoke(*command, "--database-url", f"sqlite:///{missing}")

        assert result.exit_code == 1, command
        assert f"there is no store at {missing}" in result.stderr
    assert not missing.parent.exists()
