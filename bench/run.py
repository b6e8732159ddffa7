"""Benchmark the kit on a generated catalog, each measurement beside a plain-SQL baseline.

    python bench/run.py --products 100000 --variants-per-product 10

The run generates an NDJSON catalog, imports it with the kit, and inserts the same rows with plain
`executemany` (import rate). It then starts the server, streams the availability snapshot
(throughput and the server's peak memory growth), and times list pages and SKU lookups over HTTP.
The read baselines run on the same store. Last, a fresh server streams the snapshot of a catalog a
tenth of the size, which shows whether the server's memory grows with the catalog. The script
prints a table and writes every number to bench/results/latest.json (or --output). No step
asserts a time.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import import_floor
import import_rate
import reads
import report
from server_process import running_server
from stores import Store, create_stores, drop_postgres_databases

from opendrop_kit.demo.generated import write_generated_ndjson

DEFAULT_OUTPUT = Path(__file__).parent / "results" / "latest.json"
#: The import target: variants per second of an end-to-end import into an empty store.
IMPORT_TARGET_RATE = 50_000
#: The snapshot target: at most this many times the baseline's time.
SNAPSHOT_TARGET_RATIO = 2.0
#: Memory growth below this is noise (allocator arenas, buffers), whatever the catalog size.
MEMORY_NOISE_MIB = 16.0


def main(argv: list[str] | None = None) -> int:
    arguments = _parse(argv)
    started_at = datetime.now(UTC)
    load_before = report.load_average()
    source = report.source_state()

    with _workdir(arguments.workdir) as workdir:
        stores = create_stores(workdir, arguments.database_url)
        try:
            records, sizes = _run_all(arguments, workdir, stores)
        finally:
            if arguments.database_url:
                drop_postgres_databases(arguments.database_url, stores)

    result = {
        "date": started_at.isoformat(timespec="seconds"),
        "command": shlex.join(["python", "bench/run.py", *(argv if argv is not None else sys.argv[1:])]),
        "store": stores["kit"].backend,
        "machine": report.machine(),
        "source": source,
        "load_average": {"start": load_before, "end": report.load_average()},
        "size": sizes,
        "results": records,
    }
    _write(arguments.output, result)
    print(report.table(records))
    print(_memory_line(records[1]["memory"]))
    print(_ceiling_line(records[0]["floors"]))
    print(f"load average (1, 5, 15 min): start {load_before}, end {result['load_average']['end']}")
    print(f"results written to {arguments.output}")
    return 0


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000, help="Products in the generated catalog.")
    parser.add_argument("--variants-per-product", type=int, default=10, help="Variants of each product (1 to 120).")
    parser.add_argument("--requests", type=int, default=100, help="Timed requests per latency scenario and side.")
    parser.add_argument("--lookup-skus", type=int, default=1000, help="SKUs per inventory lookup request.")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the generated catalog.")
    parser.add_argument(
        "--database-url",
        help="PostgreSQL server URL, e.g. postgresql://postgres@127.0.0.1:54329/opendrop; the run creates and "
        "drops databases named opendrop_bench_* there. Default: SQLite files in the work folder.",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON file to write the results to.")
    parser.add_argument("--workdir", type=Path, help="Folder for the catalog and SQLite files; default: a temp folder.")
    arguments = parser.parse_args(argv)
    if arguments.products < 10:
        parser.error("--products must be at least 10, so that the reference catalog has at least one product.")
    return arguments


def _run_all(arguments: argparse.Namespace, workdir: Path, stores: dict[str, Store]) -> tuple[list[Any], Any]:
    products, per_product = arguments.products, arguments.variants_per_product
    catalog_path = workdir / "catalog.ndjson"
    variants = write_generated_ndjson(catalog_path, products, per_product, arguments.seed)
    reference_path = workdir / "reference.ndjson"
    reference_variants = write_generated_ndjson(reference_path, products // 10, per_product, arguments.seed)

    kit_import = import_rate.import_with_kit(stores["kit"], catalog_path, variants)
    plain_import = import_rate.import_with_plain_sql(stores["kit"], stores["plain"])
    floors = import_floor.measure(catalog_path)
    tenant = (kit_import.pop("account_id"), False)
    api_key = kit_import.pop("api_key")
    records = [_import_record(kit_import, plain_import, floors)]

    with running_server(stores["kit"].url) as server:
        kit_snapshot = reads.stream_snapshot(server, api_key)
        scenarios = reads.latency_scenarios(stores["kit"], tenant, arguments.lookup_skus, arguments.requests)
        latency = [reads.measure_latency(s, server, api_key, stores["kit"], arguments.requests) for s in scenarios]
    plain_snapshot = reads.snapshot_with_plain_sql(stores["kit"], tenant)

    reference = import_rate.import_with_kit(stores["reference"], reference_path, reference_variants)
    with running_server(stores["reference"].url) as server:
        reference_snapshot = reads.stream_snapshot(server, reference["api_key"])

    records.append(_snapshot_record(kit_snapshot, plain_snapshot, reference_snapshot))
    records.extend(latency)
    sizes = {
        "products": products,
        "variants_per_product": per_product,
        "variants": variants,
        "rows": plain_import["rows"],
        "catalog_file_mib": round(catalog_path.stat().st_size / 2**20, 1),
        "reference_variants": reference_variants,
    }
    return records, sizes


def _import_record(kit: dict[str, Any], baseline: dict[str, Any], floors: dict[str, float]) -> dict[str, Any]:
    # The rate if the import did nothing but decode the file, build the model and insert the rows.
    ceiling_seconds = floors["decode_and_model_seconds"] + baseline["seconds"]
    return {
        "name": "import",
        "description": "read NDJSON + normalize + apply in one transaction, into an empty store",
        "unit": "variants per second",
        "kit": kit,
        "baseline": baseline,
        "ratio": kit["seconds"] / baseline["seconds"],
        "target": f">= {IMPORT_TARGET_RATE:,} variants/s",
        "target_met": kit["variants_per_second"] >= IMPORT_TARGET_RATE,
        "floors": {
            **floors,
            "insert_seconds": baseline["seconds"],
            "ceiling_variants_per_second": kit["variants"] / ceiling_seconds,
        },
    }


def _snapshot_record(kit: dict[str, Any], baseline: dict[str, Any], reference: dict[str, Any]) -> dict[str, Any]:
    ratio = kit["seconds"] / baseline["seconds"]
    full_growth = kit["server_peak_rss_increase_mib"]
    reference_growth = reference["server_peak_rss_increase_mib"]
    return {
        "name": "snapshot",
        "description": "GET /v1/inventory/snapshot read to the end",
        "unit": "seconds",
        "kit": kit,
        "baseline": baseline,
        "ratio": ratio,
        "identical": kit["sha256"] == baseline["sha256"] and kit["lines"] == baseline["lines"],
        "target": f"kit/baseline <= {SNAPSHOT_TARGET_RATIO:g}",
        "target_met": ratio <= SNAPSHOT_TARGET_RATIO,
        "memory": {
            "full_variants": kit["lines"],
            "full_peak_rss_increase_mib": full_growth,
            "reference_variants": reference["lines"],
            "reference_peak_rss_increase_mib": reference_growth,
            "reference_seconds": reference["seconds"],
            # Flat: ten times the rows may not cost much more than twice the small catalog's growth.
            "flat": full_growth <= 2 * max(reference_growth, MEMORY_NOISE_MIB),
        },
    }


def _memory_line(memory: dict[str, Any]) -> str:
    return (
        f"snapshot server peak RSS growth: +{memory['full_peak_rss_increase_mib']:.1f} MiB for "
        f"{memory['full_variants']:,} variants, +{memory['reference_peak_rss_increase_mib']:.1f} MiB for "
        f"{memory['reference_variants']:,} variants; flat: {'yes' if memory['flat'] else 'NO'}"
    )


def _ceiling_line(floors: dict[str, float]) -> str:
    return (
        f"import ceiling without checks: decode {floors['decode_seconds']:.1f} s, with the feed model "
        f"{floors['decode_and_model_seconds']:.1f} s, plus the plain inserts {floors['insert_seconds']:.1f} s: "
        f"{floors['ceiling_variants_per_second']:,.0f} variants/s"
    )


@contextmanager
def _workdir(chosen: Path | None) -> Iterator[Path]:
    if chosen is not None:
        chosen.mkdir(parents=True, exist_ok=True)
        yield chosen
        return
    with tempfile.TemporaryDirectory(prefix="opendrop-bench-") as folder:
        yield Path(folder)


def _write(path: Path, result: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
