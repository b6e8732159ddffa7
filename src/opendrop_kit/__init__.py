"""OpenDrop kit: the reference supplier server, catalog feeds and tools for the OpenDrop v1 API."""

__version__ = "0.1.0"

#: The specification version this package implements.
SPEC_VERSION = "1.0"

#: The newest dated API version; requests may pin an older one with the `OpenDrop-Version` header.
API_VERSION = "2026-12-01"

__all__ = ["API_VERSION", "SPEC_VERSION", "__version__"]
