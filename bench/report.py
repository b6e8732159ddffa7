"""The machine a run happened on, and the results table printed at the end of a run."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

#: Packages whose versions decide the numbers: the web stack, the database layer, the serializer.
PACKAGES = ("opendrop-kit", "fastapi", "starlette", "uvicorn", "h11", "httptools", "sqlalchemy", "psycopg", "orjson")


def machine() -> dict[str, Any]:
    """Describe the CPU, memory, operating system and software versions of this machine."""
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": round(_memory_kib() / 2**20, 1),
        "os": f"{_os_name()} (Linux {platform.release()})",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "packages": {name: _version(name) for name in PACKAGES},
    }


def source_state() -> dict[str, Any]:
    """Return the commit of the kit's checkout and its files changed since, which the numbers depend on."""
    root = Path(__file__).resolve().parents[1]
    commit = _git(root, "rev-parse", "HEAD")
    changed = _git(root, "status", "--porcelain", "--", "src")
    return {"commit": commit, "changed_files": changed.splitlines() if changed else []}


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def table(records: list[dict[str, Any]]) -> str:
    """Format the result records as a plain-text table for the terminal."""
    header = ("benchmark", "kit", "baseline", "kit/baseline", "target", "met")
    rows = [header] + [_row(record) for record in records]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _row(record: dict[str, Any]) -> tuple[str, ...]:
    kit, baseline = record["kit"], record["baseline"]
    if record["unit"] == "variants per second":
        kit_text = f"{kit['variants_per_second']:,.0f}/s ({kit['seconds']:.1f} s)"
        baseline_text = f"{baseline['variants_per_second']:,.0f}/s ({baseline['seconds']:.1f} s)"
    elif record["unit"] == "seconds":
        kit_text = f"{kit['seconds']:.2f} s, +{kit['server_peak_rss_increase_mib']:.0f} MiB peak"
        baseline_text = f"{baseline['seconds']:.2f} s"
    else:
        kit_text = f"p50 {kit['p50_ms']:.1f} ms, p95 {kit['p95_ms']:.1f} ms"
        baseline_text = f"p50 {baseline['p50_ms']:.1f} ms, p95 {baseline['p95_ms']:.1f} ms"

    met = record.get("target_met")
    met_text = ""
    if met is not None:
        met_text = "yes" if met else "NO"
    return (
        record["name"],
        kit_text,
        baseline_text,
        f"{record['ratio']:.2f}x",
        record.get("target", ""),
        met_text,
    )


def _git(root: Path, *arguments: str) -> str | None:
    try:
        completed = subprocess.run(["git", "-C", str(root), *arguments], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return completed.stdout.strip()


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.partition(":")[2].strip()
    return platform.processor() or "unknown"


def _memory_kib() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1])
    return 0


def _os_name() -> str:
    for line in Path("/etc/os-release").read_text().splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.partition("=")[2].strip('"')
    return platform.system()


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None
