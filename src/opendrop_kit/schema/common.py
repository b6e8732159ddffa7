"""Wire models shared by every resource: money, lists and problem details."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from opendrop_kit.schema.money import AMOUNT_PATTERN, MoneyError, currency_digits, to_minor_units

CurrencyCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$", examples=["EUR"], description="ISO 4217 code.")]
CountryCode = Annotated[
    str, Field(pattern=r"^[A-Z]{2}$", examples=["DE"], description="ISO 3166-1 alpha-2 country code.")
]

#: RFC 3339 `date-time` with its required offset. Pydantic on its own also reads a number as Unix
#: time and accepts other ISO 8601 forms, which OpenDrop rejects.
RFC3339_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def _rfc3339_text(value: object) -> object:
    if isinstance(value, datetime) or (isinstance(value, str) and RFC3339_DATE_TIME.match(value)):
        return value
    # The error type `datetime_parsing` maps to the item code `invalid_timestamp`.
    raise PydanticCustomError(
        "datetime_parsing",
        "Input should be an RFC 3339 date-time with an offset, such as 2026-12-03T09:14:07Z",
    )


#: A timestamp in a request: RFC 3339 with `Z` or `±hh:mm`; a time without an offset is rejected.
Timestamp = Annotated[AwareDatetime, BeforeValidator(_rfc3339_text)]

T = TypeVar("T")


class WireModel(BaseModel):
    """Base of every wire model: readers ignore unknown fields, so servers may add fields."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class RequestModel(BaseModel):
    """Base of request bodies: a member the endpoint does not define is rejected, never ignored."""

    model_config = ConfigDict(extra="forbid")


class Money(WireModel):
    """An exact amount: a decimal string with the currency's ISO 4217 minor-unit digits."""

    amount: Annotated[str, Field(pattern=AMOUNT_PATTERN, examples=["19.99"])]
    currency: CurrencyCode

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        try:
            currency_digits(value)
        except MoneyError as error:
            raise ValueError(str(error)) from error
        return value

    def minor_units(self) -> int:
        """Return the amount in minor units, rejecting more decimals than the currency has."""
        return to_minor_units(self.amount, self.currency)


class Page(WireModel, Generic[T]):
    """One page of a list; follow `next_cursor` (or the `Link: rel="next"` header) for the next."""

    object: Literal["list"] = "list"
    data: list[T]
    has_more: bool
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` with the same filters to get the next page."
    )


class FieldError(WireModel):
    """One invalid input: where it is, a stable code and what to do."""

    pointer: str = Field(
        description="JSON Pointer (RFC 6901) into the request body, or '#/query/<name>' and "
        "'#/header/<name>' for parameters."
    )
    code: str
    detail: str


class Problem(WireModel):
    """RFC 9457 problem details, the body of every non-2xx response."""

    type: str = Field(examples=["https://opendrop.dev/problems/not_found"])
    title: str
    status: int
    detail: str
    instance: str | None = None
    code: str = Field(description="Stable snake_case identifier of the problem; see GET /v1/problems.")
    request_id: str | None = None
    errors: list[FieldError] = Field(default_factory=list)
