"""Wire models of accounts, keys and server metadata."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from opendrop_kit.schema.common import WireModel

ConformanceClass = Literal["core", "catalog", "inventory", "orders", "events", "returns", "sandbox"]


class KeyInfo(WireModel):
    id: str
    name: str
    scopes: list[str]
    api_version: str
    created_at: datetime


class Me(WireModel):
    object: Literal["account"] = "account"
    id: str
    name: str
    livemode: bool
    key: KeyInfo


class Conformance(WireModel):
    object: Literal["conformance"] = "conformance"
    spec_version: str
    classes: list[ConformanceClass]
    api_versions: list[str]


class ProblemType(WireModel):
    code: str
    status: int
    title: str
    description: str


class ProblemRegistry(WireModel):
    object: Literal["list"] = "list"
    data: list[ProblemType]
