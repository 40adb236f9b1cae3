"""A look inside an uploaded .xlsx (a zip archive) before the reader (calamine) parses any of it.

A 2 MB upload can inflate to gigabytes: one shared string of 2 GB, or millions of empty rows. The
archive is refused when its parts would inflate past the limits, judged twice: by the sizes the
zip declares, then by actually inflating every part with a cap, since a declared size can lie.
Parts that are loaded as text whole (shared strings, styles, the workbook) have a lower limit than
the worksheets, which are parsed as they inflate; a worksheet is then held as a rectangle of cells,
so it is refused past the row limit or with a cell right of MAX_COLUMNS. Limits come from settings
(IMPORT_MAX_*).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO
from xml.etree.ElementTree import ParseError

from defusedxml.ElementTree import fromstring

CONTENT_TYPES = "[Content_Types].xml"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
#: A workbook from Excel or WPS has a few dozen parts.
MAX_PARTS = 1000
#: Small parts compress well by nature; the ratio is judged only above this size (as Apache POI).
RATIO_GRACE_BYTES = 100 * 1024
CHUNK = MIB = 1024 * 1024
#: A row's start tag, with or without a namespace prefix (`<row `, `<row/>`, `<x:row>`).
ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?row[\s/>]")
ROW_TAG_MAX = 27  # the longest match of ROW_TAG
#: A cell's reference (<c r="BM12">): its column letters.
CELL_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?c\s[^>]{0,200}?\br=\"([A-Z]{1,3})[0-9]")
CELL_REF_MAX = 260  # the longest match of CELL_REF
#: The columns a member sheet may use (the template has 13). The reader holds a sheet as a
#: rectangle, so one cell far to the right would make every row that wide.
MAX_COLUMNS = 64

NOT_XLSX = "文件不是 Excel 2007 及以上格式（.xlsx），请用模板另存为 .xlsx 后再导入"
BROKEN = "无法读取该文件：不是有效的 .xlsx 工作簿（文件可能已损坏或已加密）"


@dataclass(frozen=True)
class ArchiveLimits:
    total_bytes: int  # all parts inflated together
    whole_part_bytes: int  # one part that is loaded whole: the shared strings, the styles...
    ratio: int  # inflated size / compressed size of one part
    rows: int  # data rows of a sheet; blank rows count


def _too_big(limit: int) -> str:
    return (
        f"文件解压后超过 {limit / MIB:.0f} MB 的上限，不像是党员名册，已拒绝处理。"
        "请只保留名册工作表，删除多余内容后另存为 .xlsx 再导入"
    )


def _whole_part_too_big(name: str, limit: int) -> str:
    return (
        f"文件中的“{name}”解压后超过 {limit / MIB:.0f} MB 的上限（共享字符串、样式等部件），"
        "已拒绝处理。请把名册复制到新建的工作簿中另存后再导入"
    )


def _ratio_too_high(name: str, ratio: int) -> str:
    return (
        f"文件中的“{name}”压缩比异常（超过 {ratio}:1，常见于大量空行或“压缩炸弹”），已拒绝处理。"
        "请删除名册下方的空行，或把名册复制到新建的工作簿中另存后再导入"
    )


def _worksheets(archive: zipfile.ZipFile) -> set[str]:
    """Names of the parts declared as worksheets, which the reader does not hold as text whole."""
    try:
        info = archive.getinfo(CONTENT_TYPES)
    except KeyError:
        return set()
    if info.file_size > CHUNK:
        return set()
    with archive.open(info) as handle:
        data = handle.read(CHUNK + 1)
    if len(data) > CHUNK:
        return set()
    root = fromstring(data, forbid_dtd=True)
    return {
        node.get("PartName", "").lstrip("/")
        for node in root
        if node.tag.endswith("Override") and node.get("ContentType") == WORKSHEET_TYPE
    }


def column_number(letters: bytes) -> int:
    """Column letters as a number: A is 1, Z 26, AA 27, BL 64, XFD 16,384."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def too_wide(limit: int) -> str:
    return (
        f"工作表第 {limit} 列右侧还有内容，名册只读前 {limit} 列："
        "请删除右侧多余的列（含空格等看不见的内容）后再导入"
    )


def too_many_rows(limit: int) -> str:
    return f"超过单次导入上限 {limit} 行（空行也计入），请删除名册下方多余的空行或分批导入"


def _inflate_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int, int]:
    """Inflate one part up to its declared size + 1 byte: the bytes it holds, its row tags and
    the rightmost column its cells name.

    Counting the rows here (about 50 ms a million) refuses a sheet too long before the reader
    holds it whole; the rightmost column, one too wide.
    """
    size = rows = widest = 0
    tail = cells_tail = b""
    with archive.open(info) as handle:
        while size <= info.file_size:
            chunk = handle.read(min(CHUNK, info.file_size + 1 - size))
            if not chunk:
                break
            size += len(chunk)
            rows += len(ROW_TAG.findall(chunk))
            # A tag cut in two by the chunk boundary: counted in the window that spans both.
            window = tail + chunk[:ROW_TAG_MAX]
            rows += sum(1 for m in ROW_TAG.finditer(window) if m.start() < len(tail) < m.end())
            # A reference cut in two is found whole in the next window (counted twice: harmless).
            for ref in CELL_REF.findall(cells_tail + chunk):
                widest = max(widest, column_number(ref))
            tail = chunk[-ROW_TAG_MAX:]
            cells_tail = chunk[-CELL_REF_MAX:]
    return size, rows, widest


def _problem(archive: zipfile.ZipFile, limits: ArchiveLimits) -> str | None:
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        return BROKEN
    streamed = _worksheets(archive)
    declared = 0
    for info in infos:
        declared += info.file_size
        if declared > limits.total_bytes:
            return _too_big(limits.total_bytes)
        if info.filename not in streamed and info.file_size > limits.whole_part_bytes:
            return _whole_part_too_big(info.filename, limits.whole_part_bytes)
        if info.file_size > RATIO_GRACE_BYTES and info.file_size > limits.ratio * max(
            info.compress_size, 1
        ):
            return _ratio_too_high(info.filename, limits.ratio)
    # The declared sizes passed; a part that inflates past its own is corrupt (zipfile stops at
    # the declared size and fails its checksum) and must not reach the parser either.
    for info in infos:
        size, rows, widest = _inflate_capped(archive, info)
        if size != info.file_size:
            return BROKEN
        if rows > limits.rows + 1:  # the header row and `rows` below it
            return too_many_rows(limits.rows)
        if widest > MAX_COLUMNS:
            return too_wide(MAX_COLUMNS)
    return None


def xlsx_archive_problem(source: str | IO[bytes], limits: ArchiveLimits) -> str | None:
    """Why this upload must not be parsed (a message for the user), or None when it may be."""
    try:
        if not zipfile.is_zipfile(source):
            return NOT_XLSX
        if not isinstance(source, str):
            source.seek(0)
        with zipfile.ZipFile(source) as archive:
            return _problem(archive, limits)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        RuntimeError,  # an encrypted part
        NotImplementedError,  # an unknown compression method
        ValueError,  # defusedxml's refusals (a DTD, an entity) are ValueErrors
        ParseError,
    ):
        return BROKEN
    finally:
        if not isinstance(source, str):
            source.seek(0)
