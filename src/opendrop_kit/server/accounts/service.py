"""Accounts and API keys: creating them, resolving a bearer key to a principal."""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection

from opendrop_kit import API_VERSION
from opendrop_kit.server.accounts import keys, repository
from opendrop_kit.server.accounts.scopes import SCOPES, unknown_scopes
from opendrop_kit.server.errors import ApiError, authentication_required
from opendrop_kit.store.ids import new_id

logger = logging.getLogger(__name__)

SANDBOX_ACCOUNT_NAME = "Sandbox supplier"

#: `last_used_at` is written at most this often per key, so reads do not each cost a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Principal:
    """The account, mode and key behind an authenticated request."""

    account_id: str
    account_name: str
    livemode: bool
    key_id: str
    key_name: str
    scopes: tuple[str, ...]
    api_version: str
    key_created_at: datetime


@dataclass(frozen=True, slots=True)
class CreatedKey:
    """A new key; `secret` exists only here and is never stored or shown again."""

    id: str
    account_id: str
    livemode: bool
    name: str
    scopes: list[str]
    secret: str


class AccountError(ValueError):
    """A CLI-level error about accounts or keys, with a message that names the fix."""


def create_account(connection: Connection, name: str) -> str:
    account_id = new_id("acct")
    repository.insert_account(connection, {"id": account_id, "name": name, "created_at": _now()})
    logger.info("Created account", extra={"account_id": account_id})
    return account_id


def resolve_account(connection: Connection, account_id: str | None) -> str:
    """Return `account_id` after checking it exists; without one, the store's only account.

    An empty store gets a sandbox account, so that `import` works before `serve` ever ran.
    """
    if account_id is not None:
        if repository.get_account(connection, account_id) is None:
            raise AccountError(f"No account {account_id} exists; run 'opendrop-kit keys list' to see accounts.")
        return account_id

    existing = repository.list_account_ids(connection, limit=2)
    if len(existing) == 1:
        return existing[0]
    if len(existing) > 1:
        raise AccountError("The store has several accounts; choose one with --account acct_….")
    return create_account(connection, SANDBOX_ACCOUNT_NAME)


def create_key(
    connection: Connection,
    account_id: str,
    *,
    mode: keys.Mode,
    scopes: list[str] | None = None,
    name: str | None = None,
) -> CreatedKey:
    """Create a key for `account_id`; without `scopes` it gets every scope."""
    chosen = list(scopes) if scopes else list(SCOPES)
    unknown = unknown_scopes(chosen)
    if unknown:
        raise AccountError(f"Unknown scope {', '.join(unknown)}; choose from {', '.join(SCOPES)}.")
    if repository.get_account(connection, account_id) is None:
        raise AccountError(f"No account {account_id} exists.")

    secret = keys.generate_secret(mode)
    key_id = new_id("key")
    key_name = name or f"{mode} key"
    repository.insert_key(
        connection,
        {
            "id": key_id,
            "account_id": account_id,
            "livemode": mode == "live",
            "name": key_name,
            "display_prefix": keys.display_prefix(secret),
            "secret_hash": keys.hash_secret(secret),
            "scopes": chosen,
            "api_version": API_VERSION,
            "created_at": _now(),
        },
    )
    logger.info("Created API key", extra={"account_id": account_id, "key_id": key_id, "mode": mode})
    return CreatedKey(key_id, account_id, mode == "live", key_name, chosen, secret)


def _malformed_key_message(secret: str) -> str:
    if keys.has_key_shape(secret):
        # The last characters are a checksum, so a typo is caught here without a database lookup.
        return "The API key fails its checksum: a character was changed when it was copied. Copy the key again."
    return "The API key is malformed; keys look like od_test_… or od_live_… followed by 43 characters."


def authenticate(connection: Connection, authorization: str | None) -> Principal:
    """Resolve an `Authorization` header to a principal, or raise a 401 `ApiError`."""
    secret = _bearer_token(authorization)
    if keys.parse_mode(secret) is None:
        raise authentication_required(_malformed_key_message(secret), code="invalid_api_key")

    secret_hash = keys.hash_secret(secret)
    row = repository.find_key_by_hash(connection, secret_hash)
    if row is None or not hmac.compare_digest(row["secret_hash"], secret_hash):
        raise authentication_required("The API key is unknown.", code="invalid_api_key")
    if row["revoked_at"] is not None:
        raise authentication_required("The API key was revoked; create a new one.", code="invalid_api_key")

    _record_use(connection, row)
    return Principal(
        account_id=row["account_id"],
        account_name=row["account_name"],
        livemode=row["livemode"],
        key_id=row["id"],
        key_name=row["name"],
        scopes=tuple(row["scopes"]),
        api_version=row["api_version"],
        key_created_at=row["created_at"],
    )


def _bearer_token(authorization: str | None) -> str:
    if not authorization:
        raise authentication_required("Send your API key as 'Authorization: Bearer od_test_…'.")

    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise authentication_required(
            "The Authorization header must use the Bearer scheme: 'Authorization: Bearer od_test_…'.",
            code="invalid_api_key",
        )
    return token.strip()


def _record_use(connection: Connection, row: dict[str, object]) -> None:
    now = _now()
    last_used = row["last_used_at"]
    if isinstance(last_used, datetime) and now - last_used < LAST_USED_RESOLUTION:
        return
    repository.touch_key(connection, str(row["id"]), now)


def revoke_key(connection: Connection, key_id: str) -> None:
    if not repository.revoke_key(connection, key_id, _now()):
        raise AccountError(f"No active key {key_id}; run 'opendrop-kit keys list' to see keys.")
    logger.info("Revoked API key", extra={"key_id": key_id})


def require_scope(principal: Principal, scope: str) -> None:
    """Raise 403 unless the principal's key has `scope`."""
    if scope not in principal.scopes:
        raise ApiError(
            "insufficient_scope",
            f"This endpoint needs the scope {scope}; the key {principal.key_id} has "
            f"{', '.join(principal.scopes) or 'no scope'}. Create a key with --scope {scope}.",
            headers={"WWW-Authenticate": f'Bearer realm="OpenDrop", error="insufficient_scope", scope="{scope}"'},
        )


def _now() -> datetime:
    return datetime.now(UTC)
