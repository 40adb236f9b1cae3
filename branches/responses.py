"""Two ways to send a file, named in UTF-8 (RFC 5987): `download` for what the app built (bytes
built now or a document it stored), `upload` for a file a user uploaded."""

from __future__ import annotations

from pathlib import PurePath
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


# An uploaded file is sent as one of these types when its name says so; any other name (.html,
# .svg, .js or none) as bytes to save. Its name is the uploader's to choose, so its type is never
# one a browser renders as a page or runs as a script.
UPLOAD_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": CONTENT_TYPES["xlsx"],
}
UNKNOWN_TYPE = "application/octet-stream"


def upload(file: File, name: str) -> FileResponse:
    """A user's upload as `name` plus the stored file's suffix: always saved rather than opened
    (attachment), with a safe type, no type sniffing and a policy that lets nothing in it run if
    a browser showed it anyway."""
    suffix = PurePath(file.name or "").suffix.lower()
    response = FileResponse(
        file.open("rb"),
        content_type=UPLOAD_TYPES.get(suffix.lstrip("."), UNKNOWN_TYPE),
        as_attachment=True,
        filename=name + suffix,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
