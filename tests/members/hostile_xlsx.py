"""Hostile .xlsx files built on the fly: decompression bombs and sheets of blank rows.

Each starts from a real workbook (openpyxl, with the import header) and replaces or adds one part,
streamed into the archive so a test never holds the inflated bytes in memory.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from openpyxl import Workbook

from members.import_rows import COLUMNS

HEADER = [c.header for c in COLUMNS]
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CHUNK = 1 << 20


def _base() -> bytes:
    wb = Workbook()
    wb.active.append(HEADER)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rebuild(parts: dict[str, Iterable[bytes]], *, zip64: bool = True) -> bytes:
    """The base workbook with `parts` (name -> chunks) replacing or joining its own."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_base())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            if info.filename in parts:
                continue
            data = source.read(info)
            if info.filename == "[Content_Types].xml" and STRINGS in parts:
                override = f'<Override PartName="/{STRINGS}" ContentType="{STRINGS_TYPE}"/>'
                data = data.replace(b"</Types>", override.encode() + b"</Types>")
            target.writestr(info.filename, data)
        for name, chunks in parts.items():
            if not zip64:
                target.writestr(name, b"".join(chunks))
                continue
            with target.open(name, "w", force_zip64=True) as handle:
                for chunk in chunks:
                    handle.write(chunk)
    return out.getvalue()


def header_row() -> str:
    """Row 1 of a sheet: the import header as inline strings."""
    cells = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(HEADER)
    )
    return f'<row r="1">{cells}</row>'


def blank_rows_sheet(rows: int, *, dimension: bool = True, zip64: bool = True) -> bytes:
    """The header, then `rows` empty <row> elements (the "3 million blank rows" file)."""

    def chunks():
        yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'.encode()
        if dimension:
            yield f'<dimension ref="A1:M{rows + 1}"/>'.encode()
        yield b"<sheetData>" + header_row().encode()
        batch = []
        for _ in range(rows):
            batch.append("<row/>")
            if len(batch) == 10_000:
                yield "".join(batch).encode()
                batch = []
        yield "".join(batch).encode() + b"</sheetData></worksheet>"

    return rebuild({SHEET: chunks()}, zip64=zip64)


def shared_strings_bomb(size: int) -> bytes:
    """A sharedStrings part holding one string of `size` zeros (about 1000:1 compressed)."""

    def chunks():
        yield f'<?xml version="1.0"?><sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode()
        left = size
        while left > 0:
            yield b"0" * min(CHUNK, left)
            left -= CHUNK
        yield b"</t></si></sst>"

    return rebuild({STRINGS: chunks()})


def lying_sizes(rows: int, declared: int = 100) -> bytes:
    """A sheet of `rows` blank rows whose size both zip headers declare as `declared` bytes."""
    content = blank_rows_sheet(rows, zip64=False)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo(SHEET)
    data = bytearray(content)
    real, size = info.file_size.to_bytes(4, "little"), declared.to_bytes(4, "little")
    local = info.header_offset
    assert data[local + 22 : local + 26] == real  # uncompressed size in the local header
    data[local + 22 : local + 26] = size
    start, encoded = 0, SHEET.encode()
    while (start := data.find(b"PK\x01\x02", start)) >= 0:  # central directory entries
        name_length = int.from_bytes(data[start + 28 : start + 30], "little")
        if data[start + 46 : start + 46 + name_length] == encoded:
            assert data[start + 24 : start + 28] == real
            data[start + 24 : start + 28] = size
        start += 4
    return bytes(data)
