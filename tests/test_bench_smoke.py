"""bench/run.py at a tiny size: every benchmark records kit and baseline numbers.

Nothing here checks a duration; benchmarks are measured on purpose, not in CI. The run uses SQLite
files, or the PostgreSQL server of OPENDROP_TEST_DATABASE_URL when that is set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

RUN_SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "run.py"
PRODUCTS = 200
VARIANTS_PER_PRODUCT = 5
REQUESTS = 3
LATENCY_BENCHMARKS = ("list_first_page", "list_deep_page", "list_ship_to_in_stock", "lookup")


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("bench")
    output = folder / "latest.json"
    command = [
        sys.executable,
        str(RUN_SCRIPT),
        f"--products={PRODUCTS}",
        f"--variants-per-product={VARIANTS_PER_PRODUCT}",
        f"--requests={REQUESTS}",
        "--lookup-skus=50",
        f"--workdir={folder / 'work'}",
        f"--output={output}",
    ]
    database_url = os.environ.get("OPENDROP_TEST_DATABASE_URL")
    if database_url:
        command.append(f"--database-url={database_url}")

    completed = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert completed.returncode == 0, completed.stderr[-3000:]
    loaded: dict[str, Any] = json.loads(output.read_text())
    return loaded


def _record(result: dict[str, Any], name: str) -> dict[str, Any]:
    records: dict[str, dict[str, Any]] = {record["name"]: record for record in result["results"]}
    return records[name]


def test_run_records_every_benchmark(result: dict[str, Any]) -> None:
    names = [record["name"] for record in result["results"]]

    assert names == ["import", "snapshot", *LATENCY_BENCHMARKS]


def test_run_records_machine_and_load(result: dict[str, Any]) -> None:
    assert result["machine"]["cores"] >= 1
    assert result["machine"]["sqlite"]
    assert len(result["load_average"]["start"]) == 3
    assert result["size"]["variants"] == PRODUCTS * VARIANTS_PER_PRODUCT


def test_import_records_kit_and_baseline(result: dict[str, Any]) -> None:
    record = _record(result, "import")

    assert record["kit"]["variants"] == PRODUCTS * VARIANTS_PER_PRODUCT
    assert record["baseline"]["variants"] == PRODUCTS * VARIANTS_PER_PRODUCT
    assert record["kit"]["variants_per_second"] > 0
    assert record["baseline"]["variants_per_second"] > 0
    assert record["ratio"] > 0
    assert isinstance(record["target_met"], bool)


def test_import_records_its_floors(result: dict[str, Any]) -> None:
    floors = _record(result, "import")["floors"]

    assert floors["decode_seconds"] > 0
    assert floors["decode_and_model_seconds"] > 0
    assert floors["ceiling_variants_per_second"] > 0


def test_snapshot_matches_baseline_bytes(result: dict[str, Any]) -> None:
    record = _record(result, "snapshot")

    assert record["kit"]["lines"] == PRODUCTS * VARIANTS_PER_PRODUCT
    assert record["baseline"]["lines"] == PRODUCTS * VARIANTS_PER_PRODUCT
    assert record["identical"] is True
    assert record["kit"]["seconds"] > 0
    assert record["baseline"]["seconds"] > 0


def test_snapshot_records_server_memory(result: dict[str, Any]) -> None:
    memory = _record(result, "snapshot")["memory"]

    assert memory["full_variants"] == PRODUCTS * VARIANTS_PER_PRODUCT
    assert memory["reference_variants"] == PRODUCTS // 10 * VARIANTS_PER_PRODUCT
    assert memory["full_peak_rss_increase_mib"] >= 0
    assert memory["reference_peak_rss_increase_mib"] >= 0


@pytest.mark.parametrize("name", LATENCY_BENCHMARKS)
def test_latency_records_kit_and_baseline(result: dict[str, Any], name: str) -> None:
    record = _record(result, name)

    assert record["kit"]["requests"] == REQUESTS
    assert record["baseline"]["requests"] == REQUESTS
    assert record["kit"]["p50_ms"] > 0
    assert record["baseline"]["p95_ms"] >= record["baseline"]["p50_ms"]
    assert record["identical"] is True
