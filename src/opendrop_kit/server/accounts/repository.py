"""Queries on accounts and API keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from opendrop_kit.store.tables import accounts, api_keys


def insert_account(connection: Connection, row: dict[str, Any]) -> None:
    connection.execute(insert(accounts), row)


def get_account(connection: Connection, account_id: str) -> dict[str, Any] | None:
    row = connection.execute(select(accounts).where(accounts.c.id == account_id)).mappings().first()
    return dict(row) if row else None


def list_account_ids(connection: Connection, limit: int) -> list[str]:
    query = select(accounts.c.id).order_by(accounts.c.created_at).limit(limit)
    return list(connection.execute(query).scalars())


def count_accounts(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(accounts)).scalar_one())


def insert_key(connection: Connection, row: dict[str, Any]) -> None:
    connection.execute(insert(api_keys), row)


def find_key_by_hash(connection: Connection, secret_hash: str) -> dict[str, Any] | None:
    query = (
        select(api_keys, accounts.c.name.label("account_name"))
        .join(accounts, accounts.c.id == api_keys.c.account_id)
        .where(api_keys.c.secret_hash == secret_hash)
    )
    row = connection.execute(query).mappings().first()
    return dict(row) if row else None


def list_keys(connection: Connection, account_id: str | None) -> list[dict[str, Any]]:
    query = select(api_keys).order_by(api_keys.c.created_at)
    if account_id is not None:
        query = query.where(api_keys.c.account_id == account_id)
    return [dict(row) for row in connection.execute(query).mappings()]


def revoke_key(connection: Connection, key_id: str, when: datetime) -> bool:
    query = update(api_keys).where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None)).values(revoked_at=when)
    return connection.execute(query).rowcount == 1


def touch_key(connection: Connection, key_id: str, when: datetime) -> None:
    connection.execute(update(api_keys).where(api_keys.c.id == key_id).values(last_used_at=when))
