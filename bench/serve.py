"""Serve the kit's app on a listening socket inherited from the benchmark process.

The parent binds 127.0.0.1 on a free port and passes the socket's file descriptor, so no other
process can take the port between choosing and serving it. Run by `server_process.py` only.
"""

from __future__ import annotations

import argparse
import asyncio
import socket

import uvicorn

from opendrop_kit.server.app import create_app
from opendrop_kit.server.settings import Settings

#: High enough that the rate limit never returns 429 during a benchmark.
RATE_LIMIT_REQUESTS = 1_000_000_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True, help="SQLAlchemy URL of the migrated store.")
    parser.add_argument("--fd", type=int, required=True, help="File descriptor of the listening socket.")
    arguments = parser.parse_args()

    settings = Settings(database_url=arguments.database_url, rate_limit_requests=RATE_LIMIT_REQUESTS, seed_demo=False)
    app = create_app(settings)
    listener = socket.socket(fileno=arguments.fd)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    asyncio.run(uvicorn.Server(config).serve(sockets=[listener]))


if __name__ == "__main__":
    main()
