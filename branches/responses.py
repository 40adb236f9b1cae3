"""One way to send a file: bytes built now or a stored file, named in UTF-8 (RFC 5987)."""

from __future__ import annotations

from urllib.parse import quote

from django.core.files import File
from django.http import FileResponse, HttpResponse

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "csv": "text/csv; charset=utf-8",
}


def download(content: bytes | File, filename: str, *, inline: bool = False) -> HttpResponse:
    """`inline` opens the file in the browser (PDF previews); otherwise it is saved."""
    content_type = CONTENT_TYPES[filename.rsplit(".", 1)[-1].lower()]
    if isinstance(content, File):
        return FileResponse(
            content.open("rb"), content_type=content_type, as_attachment=not inline,
            filename=filename,
        )  # fmt: skip
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    return response
