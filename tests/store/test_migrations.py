from sqlalchemy import Engine, inspect

from opendrop_kit.store import migrate
from opendrop_kit.store.tables import metadata


def test_migrations_match_tables(engine: Engine) -> None:
    migrate.check(engine)


def test_migrations_create_every_table(engine: Engine) -> None:
    created = set(inspect(engine).get_table_names())

    assert set(metadata.tables) <= created
