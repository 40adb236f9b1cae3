"""PDFs never fetch URLs from user-entered text: WeasyPrint may load inline data and the app's own
static files only (issue 12)."""

from __future__ import annotations

import pytest
from django.conf import settings

from elections.documents.pdf import PDF_ASSETS, check_pdf_url, html_document


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/x.png",
        "ftp://example.org/x",
        "file:///etc/passwd",
        f"file://{settings.BASE_DIR}/config/settings.py",
        f"file://{PDF_ASSETS}/../config/settings.py",
    ],
)
def test_anything_but_the_apps_static_files_is_refused(url):
    with pytest.raises(ValueError, match="外部资源"):
        check_pdf_url(url)


def test_inline_data_and_static_files_are_allowed():
    check_pdf_url("data:image/png;base64,iVBORw0KGgo=")
    check_pdf_url(f"file://{PDF_ASSETS}/css/huanjie.css")


def test_a_pdf_naming_an_outside_url_is_still_made_without_fetching_it(monkeypatch):
    """Regression: WeasyPrint's default fetcher would open any http or file URL in the HTML."""
    opened = []

    def spy(self, request, *args, **kwargs):
        opened.append(getattr(request, "full_url", request))
        raise OSError("no network in tests")

    monkeypatch.setattr("urllib.request.OpenerDirector.open", spy)
    html = '<p>名单</p><img src="http://127.0.0.1:9/x.png"><img src="file:///etc/hostname">'
    assert html_document(html).write_pdf().startswith(b"%PDF")
    assert opened == []
