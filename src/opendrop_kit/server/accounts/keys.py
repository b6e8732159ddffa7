"""API key secrets: generation, checksum, hashing.

A key looks like `od_test_` or `od_live_` followed by 37 random base62 characters and a 6-character
base62 CRC-32 of them. The prefix lets secret scanners find leaked keys, and the checksum lets the
server reject a mistyped key without a database lookup. Only the SHA-256 of a key is stored: keys
carry about 220 bits of randomness, so a fast hash is enough and a slow one would only cost latency.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import zlib
from typing import Literal

Mode = Literal["test", "live"]

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_RANDOM_LENGTH = 37
_CHECKSUM_LENGTH = 6
KEY_PATTERN = re.compile(rf"^od_(test|live)_([0-9A-Za-z]{{{_RANDOM_LENGTH}}})([0-9A-Za-z]{{{_CHECKSUM_LENGTH}}})$")

#: Characters of a key shown in listings; enough to tell keys apart, far too few to use one.
DISPLAY_PREFIX_LENGTH = 14


def generate_secret(mode: Mode) -> str:
    """Return a new secret key for `mode`."""
    body = "".join(secrets.choice(_BASE62) for _ in range(_RANDOM_LENGTH))
    return f"od_{mode}_{body}{_checksum(body)}"


def parse_mode(secret: str) -> Mode | None:
    """Return the mode of a well-formed key with a valid checksum, else None."""
    match = KEY_PATTERN.match(secret)
    if match is None:
        return None

    mode, body, checksum = match.groups()
    if not hmac.compare_digest(checksum, _checksum(body)):
        return None
    return "live" if mode == "live" else "test"


def has_key_shape(secret: str) -> bool:
    """Tell whether `secret` looks like a key (prefix, mode, length), whatever its checksum."""
    return KEY_PATTERN.match(secret) is not None


def hash_secret(secret: str) -> str:
    """Return the hex SHA-256 under which a key is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def display_prefix(secret: str) -> str:
    return secret[:DISPLAY_PREFIX_LENGTH]


def _checksum(body: str) -> str:
    value = zlib.crc32(body.encode())
    chars = []
    for _ in range(_CHECKSUM_LENGTH):
        value, index = divmod(value, 62)
        chars.append(_BASE62[index])
    return "".join(reversed(chars))
