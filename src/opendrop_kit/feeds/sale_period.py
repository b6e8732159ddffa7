"""The period in which a feed's sale price applies, as Google Merchant and WooCommerce give it.

Google Merchant writes `sale_price_effective_date` as an ISO 8601 interval, `start/end`.
WooCommerce exports "Date sale price starts" and "Date sale price ends" in two columns. Either side
may be missing (open-ended). A boundary with a date but no time of day is taken in UTC: a start
date begins at midnight, and an end date lasts until the midnight that ends it, so a sale "until
2026-11-30" still applies during that day. A time of day without an offset is also taken as UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta


class SalePeriodError(ValueError):
    """A sale period that cannot be read. The error message names the problem and the fix."""


@dataclass(frozen=True, slots=True)
class SalePeriod:
    """From `starts` (inclusive) to `ends` (exclusive); None leaves that side open."""

    starts: datetime | None = None
    ends: datetime | None = None

    def covers(self, moment: datetime) -> bool:
        """Tell whether the sale applies at `moment`."""
        if self.starts is not None and moment < self.starts:
            return False
        return self.ends is None or moment < self.ends

    def describe(self) -> str:
        """Render the period for a message: 'from X to Y', 'from X' or 'until Y'."""
        parts = []
        if self.starts is not None:
            parts.append(f"from {_show(self.starts)}")
        if self.ends is not None:
            parts.append(f"until {_show(self.ends)}")
        return " ".join(parts) or "without limits"


def parse_interval(text: str) -> SalePeriod:
    """Read Google Merchant's `start/end` interval; an empty text is a period without limits."""
    text = text.strip()
    if not text:
        return SalePeriod()

    start, separator, end = text.partition("/")
    if not separator:
        raise SalePeriodError(
            f"'{text}' is not a start/end interval; write two ISO 8601 dates or times separated by '/', "
            "for example 2026-11-01T00:00+01:00/2026-11-30T23:59+01:00."
        )
    return period(start, end)


def period(starts: str, ends: str) -> SalePeriod:
    """Read the two boundaries of a sale; an empty one leaves that side open."""
    result = SalePeriod(_boundary(starts, end=False), _boundary(ends, end=True))
    if result.starts is not None and result.ends is not None and result.ends <= result.starts:
        raise SalePeriodError(
            f"the sale ends ({ends.strip()}) before it starts ({starts.strip()}); swap or fix the dates."
        )
    return result


def evaluation_time(as_of: datetime | None) -> datetime:
    """Return the moment at which readers evaluate sale periods: `as_of`, or now.

    Raises `ValueError` for a naive `as_of`, which could not be compared with the periods' times.
    """
    if as_of is None:
        return datetime.now(UTC)
    if as_of.tzinfo is None:
        raise ValueError("ReadOptions.as_of must be timezone-aware, such as datetime.now(UTC).")
    return as_of


def _boundary(text: str, *, end: bool) -> datetime | None:
    text = text.strip()
    if not text:
        return None

    day = _date_only(text)
    if day is not None:
        midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
        return midnight + timedelta(days=1) if end else midnight

    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise SalePeriodError(
            f"'{text}' is not an ISO 8601 date or date and time; write it as 2026-11-30 or 2026-11-30T18:00+01:00."
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _date_only(text: str) -> date | None:
    # A date without a time of day: 2026-11-30, or the compact 20261130 that ISO 8601 also allows.
    if "T" in text or " " in text or ":" in text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _show(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")
