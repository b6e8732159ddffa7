from __future__ import annotations

from pathlib import Path

import pytest

from opendrop_kit.feeds.errors import FeedEncodingError
from opendrop_kit.feeds.textio import decode_bytes, open_csv, read_text

FRENCH_ROWS = "\n".join(
    f"item-{number},Chemise à manches longues {number},Très belle chemise en coton égyptien, qualité supérieure"
    for number in range(20)
)


def write(tmp_path: Path, data: bytes, name: str = "feed.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    return list(open_csv(read_text(path)).rows)


def test_utf8_bom_at_start(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbfID,Name\n1,Caf\xc3\xa9\n")

    table = open_csv(read_text(path))

    assert table.header == ["ID", "Name"]
    assert list(table.rows) == [(2, {"ID": "1", "Name": "Café"})]


def test_bom_after_whitespace(tmp_path: Path) -> None:
    # A WordPress theme printed "\n\t" before the exporter's BOM.
    path = write(tmp_path, b"\n\t\xef\xbb\xbfID,Name\n40,A\n41,B\n")

    decoded = read_text(path)
    table = open_csv(decoded)

    assert table.header == ["ID", "Name"]
    assert table.header_line == 2
    assert [line for line, _ in table.rows] == [3, 4]
    assert any("byte order mark" in warning for warning in decoded.warnings)


def test_blank_lines_before_header(tmp_path: Path) -> None:
    path = write(tmp_path, b"\n\n   \nHandle,Title\nshirt,Shirt\n")

    table = open_csv(read_text(path))

    assert table.header_line == 4
    assert list(table.rows) == [(5, {"Handle": "shirt", "Title": "Shirt"})]


def test_multiline_cell_keeps_physical_lines(tmp_path: Path) -> None:
    path = write(tmp_path, b'Handle,Body\na,"line one\nline two\nline three"\nb,short\n\nc,after blank\n')

    result = rows(path)

    assert [line for line, _ in result] == [2, 5, 7]
    assert result[0][1]["Body"] == "line one\nline two\nline three"


def test_short_row_padded_long_row_reported(tmp_path: Path) -> None:
    path = write(tmp_path, b"A,B,C\n1\n1,2,3,4\n")

    table = open_csv(read_text(path))
    result = list(table.rows)

    assert result[0][1] == {"A": "1", "B": "", "C": ""}
    assert result[1][1] == {"A": "1", "B": "2", "C": "3"}
    assert [line for line, _ in table.issues] == [3]


def test_repeated_header_keeps_first_column(tmp_path: Path) -> None:
    path = write(tmp_path, b"A,B,A\n1,2,3\n")

    assert rows(path) == [(2, {"A": "1", "B": "2"})]


def test_cp1252_detected(tmp_path: Path) -> None:
    path = write(tmp_path, ("Handle,Title,Body\n" + FRENCH_ROWS).encode("cp1252"))

    decoded = read_text(path)

    assert decoded.encoding == "cp1252"
    assert "Chemise à manches longues 3" in decoded.text
    assert any("cp1252" in warning for warning in decoded.warnings)


def test_cp1251_detected(tmp_path: Path) -> None:
    text = "ID,Тип,Артикул,Имя\n40,simple,,Комбинезон с отделкой из кружева с геометрическим узором\n"
    path = write(tmp_path, text.encode("cp1251"))

    decoded = read_text(path)

    assert decoded.encoding == "cp1251"
    assert "Комбинезон с отделкой" in decoded.text


def test_ambiguous_legacy_encoding_rejected_with_offset(tmp_path: Path) -> None:
    # Too short to tell cp1250 from cp1252: 'è' in one is 'č' in the other.
    data = "Handle,Title\nshirt,Café crème\n".encode("cp1252")
    path = write(tmp_path, data)

    with pytest.raises(FeedEncodingError) as raised:
        read_text(path)

    offset = data.index(b"\xe9")
    assert raised.value.offset == offset
    assert f"offset {offset}" in str(raised.value)


def test_mixed_utf8_and_latin1_rejected(tmp_path: Path) -> None:
    data = "Handle,Title\nshirt,Café\n".encode() + "x,Müller\n".encode("latin-1")
    path = write(tmp_path, data)

    with pytest.raises(FeedEncodingError) as raised:
        read_text(path)

    assert raised.value.offset == data.index(b"\xfc")


def test_binary_rejected(tmp_path: Path) -> None:
    data = b"ID,Name\n" + bytes(range(128, 256)) * 4
    path = write(tmp_path, data)

    with pytest.raises(FeedEncodingError) as raised:
        read_text(path)

    assert raised.value.offset == 8


def test_offset_counts_skipped_whitespace(tmp_path: Path) -> None:
    data = b"\n\n\xef\xbb\xbfID,Name\n1,\x81\x8d\x8f\x90\x9d\n"
    path = write(tmp_path, data)

    with pytest.raises(FeedEncodingError) as raised:
        read_text(path)

    assert raised.value.offset == data.index(b"\x81")


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "id\ttitle\n1\tLäufer\n".encode("utf-16"))

    table = open_csv(read_text(path), delimiter="\t")

    assert list(table.rows) == [(2, {"id": "1", "title": "Läufer"})]


def test_explicit_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "ID,Name\n1,Größe\n".encode("latin-1"))

    assert read_text(path, encoding="latin-1").text == "ID,Name\n1,Größe\n"


def test_semicolon_delimiter_sniffed() -> None:
    decoded = decode_bytes(b"ID;Name;Price\n1;Shirt;19,99\n", source="feed.csv")

    assert list(open_csv(decoded).rows) == [(2, {"ID": "1", "Name": "Shirt", "Price": "19,99"})]


def test_header_invisible_characters_removed() -> None:
    decoded = decode_bytes("\u200bHandle ,Title\u00a0\nshirt,Shirt\n".encode(), source="feed.csv")

    assert open_csv(decoded).header == ["Handle", "Title"]
