"""HTML → PDF with WeasyPrint; the printed templates live in templates/pdf/."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string

#: The only files a PDF may load; nothing from the network or elsewhere on the disk.
PDF_ASSETS = Path(settings.BASE_DIR) / "static"


def check_pdf_url(url: str) -> None:
    """Refuse any resource but inline data and the app's own static files, so that a URL that
    came from user-entered text can never make the server fetch it."""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "data":
        return
    if scheme == "file":
        path = Path(unquote(urlparse(url).path)).resolve()
        if path.is_relative_to(PDF_ASSETS.resolve()):
            return
    raise ValueError(f"PDF 不能加载外部资源：{url}")


def url_fetcher() -> Any:
    from weasyprint import urls  # imported on first use: it loads Pango

    class LocalOnly(urls.URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            check_pdf_url(url)
            return super().fetch(url, headers)

    return LocalOnly(allowed_protocols={"file", "data"})


def html_document(html: str) -> Any:
    from weasyprint import HTML  # imported on first use: it loads Pango

    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=url_fetcher())


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    return html_document(render_to_string(template, context)).write_pdf()
