"""Opaque, prefixed, time-ordered resource ids such as `prod_01JF8Z…`.

The 26 characters after the prefix are a ULID: 48 bits of milliseconds since the Unix epoch and
80 random bits in Crockford base32. Ids created later sort later, which keeps cursor walks over
lists in creation order, and ids carry no meaning a client could depend on.
"""

from __future__ import annotations

import os
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id(prefix: str) -> str:
    """Return a new id such as `prod_01JF8ZK3V7Q9T2M4N6P8R0S1W3`."""
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(26):
        value, index = divmod(value, 32)
        chars.append(_ALPHABET[index])
    return f"{prefix}_{''.join(reversed(chars))}"
