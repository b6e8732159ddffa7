"""The tenant of a request: one account in one mode. Every catalog query filters on both."""

from __future__ import annotations

from dataclasses import dataclass

from opendrop_kit.server.accounts.service import Principal


@dataclass(frozen=True, slots=True)
class Tenant:
    account_id: str
    livemode: bool

    @classmethod
    def of(cls, principal: Principal) -> Tenant:
        return cls(principal.account_id, principal.livemode)
