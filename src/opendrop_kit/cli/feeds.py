"""`opendrop-kit import` and `opendrop-kit export`: catalog feeds in and out of the store.

An import reads the files, checks them, and writes the catalog in one transaction: when it fails,
or with `--dry-run`, the store is left exactly as it was. Exit codes: 0 when the import was
applied (even if some rows were rejected), 1 when nothing could be imported or the import failed,
2 for bad usage (an unknown format, a missing `--currency`, an unknown account...).
"""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, BinaryIO, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import SQLAlchemyError

from opendrop_kit.cli.common import DatabaseUrlOption, fail, open_store
from opendrop_kit.feeds import export_google, export_shopify, ndjson
from opendrop_kit.feeds.apply import ImportSummary, MissingWarehouseCountryError, NothingToImportError, apply_catalog
from opendrop_kit.feeds.detect import FORMATS
from opendrop_kit.feeds.errors import FeedError, FeedFormatError, MissingCurrencyError
from opendrop_kit.feeds.load import load_catalog
from opendrop_kit.feeds.model import DEFAULT_WAREHOUSE, ExportResult, FeedCatalog, FeedIssue, ReadOptions
from opendrop_kit.feeds.readers import read_catalog
from opendrop_kit.schema.countries import is_country_code
from opendrop_kit.schema.languages import is_language_tag
from opendrop_kit.schema.money import CURRENCY_DIGITS
from opendrop_kit.server.accounts.service import AccountError, resolve_account
from opendrop_kit.store.tables import warehouses

logger = logging.getLogger(__name__)

#: Issues shown on screen; the `--report` file has all of them.
SCREEN_ISSUES = 50
#: Characters of a rejected value shown on screen.
SCREEN_VALUE_CHARS = 60


class Mode(StrEnum):
    test = "test"
    live = "live"


class ExportFormat(StrEnum):
    shopify_csv = "shopify-csv"
    google_merchant = "google-merchant"
    ndjson = "ndjson"


AccountOption = Annotated[
    str | None,
    typer.Option("--account", help="Account id (acct_…); default: the store's only account."),
]
ModeOption = Annotated[
    Mode, typer.Option("--mode", help="Which data of the account: test (the sandbox) or live (the real catalog).")
]


class _DryRun(Exception):
    """Raised inside the import transaction to roll back a dry run after it was fully applied."""


def import_command(
    paths: Annotated[list[Path], typer.Argument(help="Feed files, read together as one catalog.", show_default=False)],
    format: Annotated[
        str | None,
        typer.Option("--format", help=f"Feed format: {', '.join(FORMATS)}. Default: detected from the files."),
    ] = None,
    currency: Annotated[
        str | None,
        typer.Option(
            "--currency",
            help="ISO 4217 code of the prices, for formats whose prices carry none (Shopify, WooCommerce).",
        ),
    ] = None,
    locale: Annotated[
        str, typer.Option("--locale", help="Language of the feed's text (BCP 47), e.g. en or de.")
    ] = "en",
    feed: Annotated[
        str | None,
        typer.Option(
            "--feed",
            help="Name of the feed in the store. Importing the same feed again removes the products it no "
            "longer lists. Default: the format name.",
            show_default=False,
        ),
    ] = None,
    account: AccountOption = None,
    mode: ModeOption = Mode.test,
    database_url: DatabaseUrlOption = None,
    warehouse: Annotated[
        str, typer.Option("--warehouse", help="Code of the warehouse that receives stock the feed does not assign.")
    ] = DEFAULT_WAREHOUSE,
    warehouse_country: Annotated[
        str | None,
        typer.Option(
            "--warehouse-country",
            help="Country (ISO 3166-1 alpha-2) of warehouses that the stock names but the store does not have yet.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check everything and report what would change, then roll back.")
    ] = False,
    keep_missing: Annotated[
        bool, typer.Option("--keep-missing", help="Keep stored products of the feed that the files no longer list.")
    ] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write the full report, with every issue, as JSON to this file.")
    ] = None,
) -> None:
    """Import catalog feed files into the store, in one transaction."""
    _check_import_usage(paths, format, currency, warehouse_country, locale)
    options = ReadOptions(currency=currency, locale=locale, warehouse=warehouse)
    console = Console(stderr=True)

    catalog = _read(paths, format, options, console)
    feed_name = feed or catalog.format
    engine = _open_store(database_url)
    try:
        summary, account_id = _apply(
            engine, catalog, feed_name, account, mode, warehouse_country, keep_missing, dry_run, console
        )
    except NothingToImportError as error:
        _write_report(report, _failure_report(catalog, feed_name, str(error), error.issues))
        _print_issues(Console(), error.issues, report)
        raise fail(str(error), code=1) from None
    finally:
        engine.dispose()

    _print_summary(Console(), summary, dry_run, report)
    _print_stock_note(Console(), catalog)
    _write_report(report, {**summary.as_dict(), "account_id": account_id, "mode": mode.value, "dry_run": dry_run})


def _print_stock_note(console: Console, catalog: FeedCatalog) -> None:
    """Say when variants came without any stock figure, because the API then serves them as out of stock."""
    without_stock = sum(1 for product in catalog.products for variant in product.variants if not variant.stock)
    if without_stock:
        console.print(
            f"Note: {without_stock} variants have no stock figure in these files, so the API serves them as out "
            "of stock (available 0). To make them sellable, import the feed again with quantities: a Shopify "
            "product export together with Shopify's inventory export, a WooCommerce export with Stock or "
            "stock_quantity, a Google feed with availability, or OpenDrop NDJSON with stock entries."
        )


def export_command(
    format: Annotated[ExportFormat, typer.Option("--format", help="File format to write.")] = ExportFormat.ndjson,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; default: standard output.")
    ] = None,
    feed: Annotated[
        str | None, typer.Option("--feed", help="Only this feed's products; default: every feed.", show_default=False)
    ] = None,
    account: AccountOption = None,
    mode: ModeOption = Mode.test,
    database_url: DatabaseUrlOption = None,
    currency: Annotated[
        str | None,
        typer.Option(
            "--currency",
            help="Currency of the prices for Shopify CSV and Google Merchant; default: the one most variants use.",
        ),
    ] = None,
    locale: Annotated[
        str | None,
        typer.Option(
            "--locale",
            help="Language of the text for Shopify CSV and Google Merchant (BCP 47, such as de); "
            "default: each product's source language.",
            show_default=False,
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Write what was exported, with every warning, as JSON to this file."),
    ] = None,
) -> None:
    """Export the store's catalog as a feed file."""
    _check_export_usage(format, currency, locale)

    engine = _open_store(database_url, must_exist=True)
    try:
        # Read-only: the connection is never committed, so resolving the account creates nothing.
        with engine.connect() as connection:
            account_id = _resolve(connection, account)
            catalog = load_catalog(connection, account_id=account_id, livemode=mode is Mode.live, feed=feed)
    finally:
        engine.dispose()

    result = _write_export(catalog, format, output, currency, locale)
    result.issues[:0] = catalog.issues
    _print_export_notes(catalog, result, output, report)
    _write_report(report, _export_report(catalog, format, result, locale))


def _check_export_usage(format: ExportFormat, currency: str | None, locale: str | None) -> None:
    _check_currency_option(currency)
    if locale is None:
        return
    if format is ExportFormat.ndjson:
        raise fail(
            "--locale applies to shopify-csv and google-merchant; an NDJSON export carries every "
            "translation already, so leave --locale out.",
            code=2,
        )
    _check_locale_option(locale)


# --- import steps ---


def _check_import_usage(
    paths: list[Path], format: str | None, currency: str | None, country: str | None, locale: str
) -> None:
    if format is not None and format not in FORMATS:
        raise fail(f"Unknown format '{format}'; use one of {', '.join(FORMATS)}.", code=2)
    _check_currency_option(currency)
    if country is not None and not is_country_code(country):
        raise fail(f"--warehouse-country {country} is not an ISO 3166-1 alpha-2 code; use one such as DE.", code=2)
    _check_locale_option(locale)

    for path in paths:
        if not path.is_file():
            raise fail(f"{path} does not exist or is not a file.", code=2)


def _check_locale_option(locale: str) -> None:
    if not is_language_tag(locale):
        raise fail(f"--locale {locale} is not a BCP 47 language tag; use one such as en, de or pt-BR.", code=2)


def _check_currency_option(currency: str | None) -> None:
    if currency is None or currency in CURRENCY_DIGITS:
        return
    if currency.upper() in CURRENCY_DIGITS:
        raise fail(f"--currency {currency}: ISO 4217 codes are upper case; use --currency {currency.upper()}.", code=2)
    raise fail(f"--currency {currency} is not an active ISO 4217 code; use one such as USD.", code=2)


def _open_store(database_url: str | None, *, must_exist: bool = False) -> Engine:
    try:
        _, engine = open_store(database_url, must_exist=must_exist)
    except SQLAlchemyError as error:
        raise fail(f"could not open the store: {_first_line(error)}", code=1) from None
    return engine


def _first_line(error: SQLAlchemyError) -> str:
    detail = str(getattr(error, "orig", None) or error).strip()
    return detail.splitlines()[0] if detail else type(error).__name__


def _read(paths: list[Path], format: str | None, options: ReadOptions, console: Console) -> FeedCatalog:
    with _progress(console) as progress:
        progress.add_task(f"Reading {len(paths)} file(s)", total=None)
        try:
            return read_catalog(paths, format, options)
        except (MissingCurrencyError, FeedFormatError) as error:
            raise fail(str(error), code=2) from None
        except FeedError as error:
            raise fail(str(error), code=1) from None
        except OSError as error:
            raise fail(f"could not read the files: {error}", code=1) from None


def _note_kept_warehouse_country(
    connection: Connection, console: Console, account_id: str, mode: Mode, catalog: FeedCatalog, country: str | None
) -> None:
    """Say when --warehouse-country names another country than a stored warehouse the feed stocks."""
    if country is None:
        return
    codes = {stock.warehouse for product in catalog.products for variant in product.variants for stock in variant.stock}
    query = select(warehouses.c.code, warehouses.c.country).where(
        warehouses.c.account_id == account_id,
        warehouses.c.livemode == (mode is Mode.live),
        warehouses.c.code.in_(sorted(codes)),
    )
    for code, stored_country in connection.execute(query):
        if stored_country != country:
            console.print(
                f"Note: warehouse '{code}' already exists in {stored_country}, so --warehouse-country {country} "
                "applies only to warehouses this import creates. Use --warehouse to stock another warehouse."
            )


def _apply(
    engine: Engine,
    catalog: FeedCatalog,
    feed: str,
    account: str | None,
    mode: Mode,
    warehouse_country: str | None,
    keep_missing: bool,
    dry_run: bool,
    console: Console,
) -> tuple[ImportSummary, str]:
    """Apply the catalog in one transaction; return the summary and the account it went to."""
    summary: ImportSummary | None = None
    account_id = ""
    try:
        with engine.begin() as connection, _progress(console) as progress:
            account_id = _resolve(connection, account)
            _note_kept_warehouse_country(connection, console, account_id, mode, catalog, warehouse_country)
            task = progress.add_task(f"Importing into feed {feed}", total=len(catalog.products))
            summary = apply_catalog(
                connection,
                catalog,
                account_id=account_id,
                livemode=mode is Mode.live,
                feed=feed,
                remove_missing=not keep_missing,
                progress=_advancer(progress, task),
                default_country=warehouse_country,
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except MissingWarehouseCountryError as error:
        raise fail(str(error), code=2) from None
    except NothingToImportError:
        raise
    except FeedError as error:
        raise fail(f"{error} Nothing was imported.", code=1) from None
    except ValueError as error:
        raise fail(str(error), code=2) from None
    except SQLAlchemyError as error:
        logger.debug("The import failed in the database.", exc_info=True)
        raise fail(f"the import failed and was rolled back, nothing changed: {_first_line(error)}", code=1) from None

    assert summary is not None
    return summary, account_id


def _resolve(connection: Connection, account: str | None) -> str:
    try:
        return resolve_account(connection, account)
    except AccountError as error:
        raise fail(str(error), code=2) from None


def _advancer(progress: Progress, task: Any) -> Callable[[int], None]:
    def advance(count: int) -> None:
        progress.advance(task, count)

    return advance


@contextmanager
def _progress(console: Console) -> Iterator[Progress]:
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        # Outside a terminal a progress bar only adds blank lines to logs.
        disable=not console.is_terminal,
    )
    with progress:
        yield progress


# --- import report ---


def _print_summary(console: Console, summary: ImportSummary, dry_run: bool, report: Path | None) -> None:
    verb = "would change" if dry_run else "changed"
    table = Table(
        "", "created", "updated", "unchanged", "removed", title=f"Feed {summary.feed}: what the import {verb}"
    )
    table.add_row(
        "products",
        str(summary.products_created),
        str(summary.products_updated),
        str(summary.products_unchanged),
        str(summary.products_removed),
    )
    table.add_row(
        "variants",
        str(summary.variants_created),
        str(summary.variants_updated),
        str(summary.variants_unchanged),
        str(summary.variants_removed),
    )
    console.print(table)
    _print_issues(console, summary.issues, report)

    outcome = "Dry run: nothing was written." if dry_run else f"Import {summary.import_id} committed."
    console.print(
        f"{outcome} {summary.rows_read} rows read, {summary.errors} rejected (errors), "
        f"{summary.warnings} warnings, in {summary.duration_seconds:.2f} s."
    )


def _print_issues(console: Console, issues: list[FeedIssue], report: Path | None) -> None:
    if not issues:
        return

    table = Table("severity", "file", "line", "field", "value", "reason", title="Rejected and suspicious rows")
    ordered = sorted(issues, key=lambda issue: issue.severity != "error")
    for issue in ordered[:SCREEN_ISSUES]:
        table.add_row(
            issue.severity,
            Path(issue.file).name if issue.file else "",
            str(issue.line) if issue.line is not None else "",
            issue.field or "",
            _shorten(issue.value),
            issue.message,
        )
    console.print(table)

    hidden = len(issues) - SCREEN_ISSUES
    if hidden > 0:
        where = f"in {report}" if report else "with --report FILE"
        console.print(f"… and {hidden} more issues, listed in full {where}.")


def _shorten(value: str | None) -> str:
    if value is None:
        return ""
    if len(value) <= SCREEN_VALUE_CHARS:
        return value
    return value[: SCREEN_VALUE_CHARS - 1] + "…"


def _failure_report(catalog: FeedCatalog, feed: str, message: str, issues: list[FeedIssue]) -> dict[str, Any]:
    return {
        "feed": feed,
        "format": catalog.format,
        "files": catalog.files,
        "rows_read": catalog.rows_read,
        "imported": False,
        "error": message,
        "errors": sum(1 for issue in issues if issue.severity == "error"),
        "warnings": sum(1 for issue in issues if issue.severity == "warning"),
        "issues": [asdict(issue) for issue in issues],
    }


def _write_report(path: Path | None, data: dict[str, Any]) -> None:
    if path is None:
        return
    try:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise fail(f"could not write the report to {path}: {error}", code=1) from None


# --- export steps ---


def _write_export(
    catalog: FeedCatalog, format: ExportFormat, output: Path | None, currency: str | None, locale: str | None
) -> ExportResult:
    if format is ExportFormat.ndjson:
        with _binary_output(output) as out:
            ndjson.write(catalog, out)
        # NDJSON keeps every price, so the export names no single currency.
        return ExportResult("", len(catalog.products), catalog.variant_count)
    if format is ExportFormat.google_merchant:
        with _binary_output(output) as out:
            return export_google.write(catalog, out, currency=currency, locale=locale)

    with _text_output(output) as text:
        return export_shopify.write(catalog, text, currency=currency, locale=locale)


@contextmanager
def _binary_output(output: Path | None) -> Iterator[BinaryIO]:
    if output is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with _open_output(output, "wb") as out:
        yield out


@contextmanager
def _text_output(output: Path | None) -> Iterator[TextIO]:
    if output is None:
        yield sys.stdout
        return
    with _open_output(output, "w") as out:
        yield out


@contextmanager
def _open_output(path: Path, mode: str) -> Iterator[Any]:
    try:
        # newline="" lets the csv module write the CRLF line ends that the CSV format uses.
        handle = open(path, mode) if "b" in mode else open(path, mode, encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as error:
        raise fail(f"could not write {path}: {error}", code=1) from None
    with handle:
        yield handle


def _print_export_notes(catalog: FeedCatalog, result: ExportResult, output: Path | None, report: Path | None) -> None:
    console = Console(stderr=True)
    target = str(output) if output else "standard output"
    currency = f" in {result.currency}" if result.currency else ""
    if (result.products, result.variants) == (len(catalog.products), catalog.variant_count):
        console.print(f"Exported {result.products} products with {result.variants} variants{currency} to {target}.")
    else:
        console.print(
            f"Exported {result.products} of {len(catalog.products)} products and {result.variants} of "
            f"{catalog.variant_count} variants{currency} to {target}; the warnings below name what was left out and why."
        )

    issues = result.issues
    if not issues:
        return
    by_code = Counter(issue.code for issue in issues)
    console.print("Warnings: " + ", ".join(f"{count} {code}" for code, count in by_code.most_common()) + ".")
    for issue in issues[:SCREEN_ISSUES]:
        console.print(f"warning: {issue.message}")
    hidden = len(issues) - SCREEN_ISSUES
    if hidden > 0:
        where = f"in {report}" if report else "with --report FILE"
        console.print(f"… and {hidden} more warnings, listed in full {where}.")


def _export_report(
    catalog: FeedCatalog, format: ExportFormat, result: ExportResult, locale: str | None
) -> dict[str, Any]:
    return {
        "format": format.value,
        "currency": result.currency or None,
        "locale": locale,
        "products": result.products,
        "variants": result.variants,
        "products_in_store": len(catalog.products),
        "variants_in_store": catalog.variant_count,
        "warnings": len(result.issues),
        "issues": [asdict(issue) for issue in result.issues],
    }
