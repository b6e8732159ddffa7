"""Errors that stop a feed import as a whole.

A bad row never raises: readers record it as a `FeedIssue` and go on. These exceptions are for
files that cannot be read at all, so that nothing of them is imported::

    FeedError                        any file-level failure; `str()` says what to do
    ├── FeedEncodingError            not UTF-8, and no other encoding was detected with confidence
    ├── FeedFormatError              unknown format, wrong columns, or XML/JSON that does not parse
    ├── MissingCurrencyError         the format carries no currency and none was given
    │   (the four below are raised by `apply_catalog`)
    ├── UnknownAccountError          the account to import into does not exist
    ├── NothingToImportError         no product of the catalog could be stored
    ├── MissingWarehouseCountryError stock names a new warehouse and no country was given
    └── InvalidWarehouseError        a warehouse with an invalid code, country or ship-to list
"""

from __future__ import annotations


class FeedError(Exception):
    """A feed file that cannot be imported; the message names the file and the fix."""


class FeedEncodingError(FeedError):
    """A file whose bytes are not UTF-8 and whose encoding could not be detected with confidence."""

    def __init__(self, message: str, *, file: str, offset: int) -> None:
        super().__init__(message)
        self.file = file
        #: Byte offset (0-based) of the first byte that is not valid UTF-8.
        self.offset = offset


class FeedFormatError(FeedError):
    """A file that is not in the expected (or any accepted) feed format."""


class MissingCurrencyError(FeedError):
    """A format whose prices carry no currency (Shopify, WooCommerce) was read without one."""
