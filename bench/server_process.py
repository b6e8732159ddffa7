"""Run the kit's server in a child process on loopback, and read that process's memory from /proc."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

SERVE_SCRIPT = Path(__file__).with_name("serve.py")
#: How long the child may take to import the app and respond to its first request.
STARTUP_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class RunningServer:
    pid: int
    base_url: str


@contextmanager
def running_server(database_url: str) -> Iterator[RunningServer]:
    """Start the server on a free loopback port, wait until it responds, and stop it afterwards."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    command = [sys.executable, str(SERVE_SCRIPT), "--database-url", database_url, "--fd", str(listener.fileno())]
    process = subprocess.Popen(command, pass_fds=[listener.fileno()])
    # The child keeps its own copy of the socket; closing ours leaves the port in its hands.
    listener.close()
    try:
        server = RunningServer(process.pid, f"http://127.0.0.1:{port}")
        _wait_until_ready(server, process)
        yield server
    finally:
        _stop(process)


def memory_kib(pid: int) -> dict[str, int]:
    """Return the process's current resident set (VmRSS) and its peak so far (VmHWM), in KiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0])
    return values


def _wait_until_ready(server: RunningServer, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"The server exited with code {process.returncode} before it responded; see its output above."
            )
        try:
            # Any HTTP response, even 401, shows that the app is serving.
            httpx.get(f"{server.base_url}/v1/warehouses", timeout=2.0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(
        f"The server on {server.base_url} did not respond within {STARTUP_TIMEOUT_SECONDS:.0f} s; "
        "check its output above, or retry on a less loaded machine."
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
