"""Run the README's five-minute tour against a real `opendrop-kit serve` over HTTP on loopback."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
STARTUP_SECONDS = 60


def tour_commands() -> str:
    text = README.read_text(encoding="utf-8")
    tour = text.split("<!-- tour:start -->", 1)[1].split("<!-- tour:end -->", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", tour, flags=re.DOTALL)
    return "\n".join(blocks)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path, database_url: str) -> Iterator[tuple[str, str, dict[str, str]]]:
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "OPENDROP_DATABASE_URL": database_url}
    command = [sys.executable, "-m", "opendrop_kit.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        key = _read_key(server)
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(url)
        yield url, key, env
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()


def _read_key(server: subprocess.Popen[str]) -> str:
    assert server.stdout is not None
    for line in server.stdout:
        match = re.search(r"od_test_[0-9A-Za-z]{43}", line)
        if match:
            return match.group(0)
    raise AssertionError("opendrop-kit serve printed no test key")


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/v1/conformance", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not answer within {STARTUP_SECONDS} s")


def test_readme_tour_runs(served: tuple[str, str, dict[str, str]], tmp_path: Path) -> None:
    url, key, env = served
    # Without pipefail: `curl … | head` ends curl early, as it does for a reader at a terminal.
    script = "set -eu\n" + tour_commands()

    result = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env={**env, "OPENDROP_URL": url, "OPENDROP_KEY": key},
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    output = result.stdout
    assert '"object":"account"' in output
    assert "content-language: de" in output.lower()
    assert '"not_found":["NO-SUCH-SKU"]' in output
    assert '"code":"unknown_parameter"' in output
    assert output.count('"variant_id"') >= 3  # the snapshot lines and the lookup
