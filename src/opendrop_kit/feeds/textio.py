"""Read the text of feed files written by spreadsheets, shop plugins and people.

What this module accepts, in the order it checks:

- A UTF-16 byte order mark at byte 0 (Excel's "Unicode text"): decoded as UTF-16.
- Whitespace before the content is skipped, also when it comes *before* a UTF-8 BOM (a WordPress
  theme that prints a newline and a tab ahead of the exporter's output). Line numbers still count
  the skipped lines, so issues point at the physical line of the file.
- UTF-8 with or without BOM.
- Anything else is handed to charset-normalizer. Its guess is used only when it is confident: a low
  "chaos" score, and no other candidate that scores as well but decodes to different text (cp1250
  and cp1252 often tie on short files, and picking one would garble the other's letters). Files
  that mix valid UTF-8 sequences with invalid bytes are rejected outright, because any single-byte
  decoding would garble their UTF-8 parts. A rejected file raises `FeedEncodingError` with the
  byte offset of the first byte that is not UTF-8.

CSV rows come from `open_csv`, which yields `(line, row)` pairs where `line` is the physical line
on which the row starts, so quoted cells that span several lines do not shift later line numbers.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer

from opendrop_kit.feeds.errors import FeedEncodingError

logger = logging.getLogger(__name__)

_LEADING_WHITESPACE = b" \t\r\n"
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))

# charset-normalizer's chaos score, in percent, above which a guess is not trusted.
_MAX_CHAOS_PERCENT = 10.0

# A well-formed UTF-8 sequence of two to four bytes: no overlong forms, no surrogates, nothing
# above U+10FFFF.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)

#: Characters that are invisible in a spreadsheet but make two identifiers differ.
INVISIBLE_CHARACTERS = "\ufeff\u200b\u200c\u200d\u2060\u00ad"

# Long HTML descriptions exceed the csv module's default cell limit of 131,072 characters.
_MAX_CELL_CHARACTERS = 64 * 1024 * 1024
csv.field_size_limit(max(csv.field_size_limit(), _MAX_CELL_CHARACTERS))


@dataclass(slots=True)
class DecodedText:
    """The decoded content of a file, starting at its first non-whitespace character."""

    text: str
    encoding: str
    #: Physical line (1-based) of the file on which `text` starts.
    first_line: int = 1
    #: Things worth telling the user, such as a detected legacy encoding.
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ContentStart:
    """The raw bytes of a file from its first non-whitespace byte, with any UTF-8 BOM removed."""

    data: bytes
    #: Byte offset of `data` in the file, for error messages.
    offset: int
    first_line: int
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class CsvTable:
    """A CSV file's header and an iterator over its data rows."""

    header: list[str]
    header_line: int
    rows: Iterator[tuple[int, dict[str, str]]]
    #: (line, message) pairs about malformed rows, filled while `rows` is consumed.
    issues: list[tuple[int, str]] = field(default_factory=list)


def read_text(path: Path, encoding: str | None = None) -> DecodedText:
    """Read and decode a text file; `encoding` skips detection when the caller knows it."""
    return decode_bytes(path.read_bytes(), source=str(path), encoding=encoding)


def decode_bytes(data: bytes, *, source: str, encoding: str | None = None) -> DecodedText:
    """Decode a file's bytes as described in the module docstring, or raise `FeedEncodingError`."""
    for bom, codec in _UTF16_BOMS:
        if data.startswith(bom):
            return _decode_utf16(data, source, codec)

    start = find_content_start(data)
    if encoding is not None:
        text = _decode_strict(start, source, encoding)
        return DecodedText(text, encoding, start.first_line, start.warnings)

    try:
        text = start.data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _decode_detected(start, source, start.offset + error.start)
    return DecodedText(text, "utf-8", start.first_line, start.warnings)


def find_content_start(data: bytes) -> ContentStart:
    """Skip leading whitespace and one UTF-8 BOM, which may sit after that whitespace."""
    content = data.lstrip(_LEADING_WHITESPACE)
    skipped = len(data) - len(content)
    first_line = 1 + _count_line_breaks(data[:skipped])
    warnings: list[str] = []

    if content.startswith(_UTF8_BOM):
        if skipped:
            warnings.append(
                f"the UTF-8 byte order mark sits after {skipped} bytes of whitespace instead of at "
                "the start of the file; the whitespace and the mark were skipped"
            )
        content = content[len(_UTF8_BOM) :].lstrip(_LEADING_WHITESPACE)
        first_line += _count_line_breaks(data[skipped : len(data) - len(content)])

    return ContentStart(content, len(data) - len(content), first_line, warnings)


def open_csv(decoded: DecodedText, *, delimiter: str | None = None) -> CsvTable:
    """Read the header of a CSV text and return it with an iterator over the data rows.

    The header is the first non-blank row; header cells are stripped of whitespace and invisible
    characters. Rows shorter than the header are padded with empty cells. Blank rows are skipped.
    """
    chosen = delimiter or sniff_delimiter(decoded.text)
    reader = csv.reader(io.StringIO(decoded.text, newline=""), delimiter=chosen)
    line_offset = decoded.first_line - 1

    header: list[str] = []
    for row in reader:
        if any(cell.strip() for cell in row):
            header = [clean_header(cell) for cell in row]
            break
    header_line = reader.line_num + line_offset

    table = CsvTable(header, header_line, iter(()))
    table.rows = _iter_rows(reader, header, line_offset, table.issues)
    return table


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter of a CSV text from its first line: comma, semicolon or tab."""
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", "\t", ";")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def clean_header(cell: str) -> str:
    """Strip whitespace and invisible characters (a stray BOM, zero-width spaces) from a header."""
    return cell.strip().strip(INVISIBLE_CHARACTERS).strip()


def _iter_rows(
    reader: Iterator[list[str]], header: list[str], line_offset: int, issues: list[tuple[int, str]]
) -> Iterator[tuple[int, dict[str, str]]]:
    width = len(header)
    columns = _first_columns(header)
    unique = len(columns) == width
    previous_end = _line_num(reader)

    for row in reader:
        line = previous_end + 1 + line_offset
        previous_end = _line_num(reader)
        if not any(row):
            continue

        if len(row) < width:
            row.extend([""] * (width - len(row)))
        elif len(row) > width and any(row[width:]):
            issues.append((line, f"the row has {len(row)} cells but the header has {width}; extra cells ignored"))

        yield line, (dict(zip(header, row, strict=False)) if unique else {n: row[i] for n, i in columns})


def _first_columns(header: list[str]) -> list[tuple[str, int]]:
    # A repeated header name keeps its first column, the one a person reading the file finds first.
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        seen.setdefault(name, index)
    return list(seen.items())


def _line_num(reader: Iterator[list[str]]) -> int:
    return int(getattr(reader, "line_num", 0))


def _count_line_breaks(data: bytes) -> int:
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def _decode_utf16(data: bytes, source: str, codec: str) -> DecodedText:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        raise FeedEncodingError(
            f"{source} starts with a UTF-16 byte order mark but byte {error.start} is not valid "
            "UTF-16; re-save the file as UTF-8.",
            file=source,
            offset=error.start,
        ) from error

    stripped = text.lstrip()
    first_line = 1 + len(text[: len(text) - len(stripped)].splitlines())
    return DecodedText(stripped, "utf-16", first_line, ["the file is UTF-16; it was decoded as such"])


def _decode_strict(start: ContentStart, source: str, encoding: str) -> str:
    try:
        return start.data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        offset = start.offset + error.start if isinstance(error, UnicodeDecodeError) else 0
        raise FeedEncodingError(
            f"{source} cannot be decoded as {encoding}: {error}. Pass the file's real encoding.",
            file=source,
            offset=offset,
        ) from error


def _decode_detected(start: ContentStart, source: str, offset: int) -> DecodedText:
    detected = detect_encoding(start.data)
    bad_byte = start.data[offset - start.offset]
    if detected is None:
        raise FeedEncodingError(
            f"{source} is not valid UTF-8: byte 0x{bad_byte:02X} at offset {offset} cannot be "
            "decoded, and the file's encoding could not be detected with confidence. Re-save the "
            "file as UTF-8 (in Excel: 'CSV UTF-8').",
            file=source,
            offset=offset,
        )

    encoding, text = detected
    logger.info("Decoded %s as %s (detected): it is not UTF-8.", source, encoding)
    warning = (
        f"the file is not UTF-8 (byte 0x{bad_byte:02X} at offset {offset}); it was decoded as "
        f"{encoding}, the encoding detected from its content. Check accented letters, or re-save "
        "the file as UTF-8."
    )
    return DecodedText(text.lstrip("\ufeff"), encoding, start.first_line, [*start.warnings, warning])


def detect_encoding(data: bytes) -> tuple[str, str] | None:
    """Return (encoding, text) when charset-normalizer is confident about a non-UTF-8 file."""
    if _UTF8_MULTIBYTE.search(data):
        return None

    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None or best.encoding.startswith("utf") or best.percent_chaos > _MAX_CHAOS_PERCENT:
        return None

    text = str(best)
    for other in matches:
        scores_as_well = other.percent_chaos <= best.percent_chaos and other.percent_coherence >= best.percent_coherence
        if other is not best and scores_as_well and str(other) != text:
            return None
    return best.encoding, text
