"""What a user may upload to the record (a work report, a signed pledge, a scanned sheet): a PDF
or an image, no bigger than settings.UPLOAD_MAX_MB, recognised by its first bytes rather than by
its name; and the SHA-256 by which the record keeps it."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from django.conf import settings
from django.core.files import File
from django.utils.translation import gettext as _

PDF = b"%PDF"
JPEG = b"\xff\xd8\xff"
PNG = b"\x89PNG\r\n\x1a\n"
# The name's suffix and the bytes a file of that kind starts with. The suffix decides the type the
# file is later sent as (branches.responses.upload), so the content has to match it.
SIGNATURES = {"pdf": PDF, "jpg": JPEG, "jpeg": JPEG, "png": PNG}
# A PDF may have a few bytes of junk before its header; readers look within the first kilobyte.
PDF_HEADER_WITHIN = 1024


def _head(file: File, size: int) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def upload_problem(file: File) -> str | None:
    """A Chinese sentence saying why `file` is refused, or None."""
    cap = settings.UPLOAD_MAX_MB
    if (file.size or 0) > cap * 1024 * 1024:
        return _("文件超过 %(mb)s MB 的上限，请压缩或分开扫描后再上传。") % {"mb": cap}
    suffix = PurePath(file.name or "").suffix.lower().lstrip(".")
    signature = SIGNATURES.get(suffix)
    head = _head(file, PDF_HEADER_WITHIN)
    if signature is None or not (head.startswith(signature) or (signature == PDF and PDF in head)):
        return _("只能上传 PDF 或图片（JPG、PNG）文件，且文件内容须与扩展名相符。")
    return None


def file_sha256(file: File) -> str:
    """The hex SHA-256 of a stored or uploaded file, read in chunks; "" when the stored file is
    missing from storage."""
    digest = hashlib.sha256()
    try:
        file.open("rb")
    except FileNotFoundError:
        return ""
    try:
        file.seek(0)
        for chunk in file.chunks():
            digest.update(chunk)
    finally:
        file.seek(0)
    return digest.hexdigest()
