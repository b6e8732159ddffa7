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
            f"the sale ends ({_show(result.ends)}) before it starts ({_show(result.starts)}); swap or fix the dates."
        )
    return result


def _boundary(text: str, *, end: bool) -> datetime | None:
    text = text.strip()
    if not text:
        return None

    if len(text) == 10:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return midnight + timedelta(days=1) if end else midnight

    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise SalePeriodError(
            f"'{text}' is not an ISO 8601 date or date and time; write it as 2026-11-30 or 2026-11-30T18:00+01:00."
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _show(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")
