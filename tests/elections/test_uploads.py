"""Uploaded files (the work report's attachment, a nominee's signed pledge) go out only through a
view that checks access, as attachments of a type no browser renders: never from MEDIA_URL, never
an uploaded .html as text/html."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from elections import demo
from elections.models import DocumentKind, Renewal

SCRIPT = b"<html><body><script>alert(document.cookie)</script></body></html>"


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _post_plan(client, renewal: Renewal, upload: SimpleUploadedFile):
    """The plan form as the secretary sends it, with `upload` as the work report's attachment."""
    return client.post(
        reverse("elections:renewal_plan", args=[renewal.pk]),
        {
            "seats": 5,
            "elect_deputy": "on",
            "posts": ["organisation"],
            "meeting_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "meeting_place": "会议室",
            "work_report": "工作报告",
            "work_report_file": upload,
        },
    )


def test_an_uploaded_html_report_is_refused_and_a_stored_one_is_never_shown_as_a_page(
    client, users, renewal
):
    """An .html upload is refused (tests/elections/test_upload_checks.py); one stored before
    that check goes out as bytes to save."""
    client.force_login(users["secretary"])
    response = _post_plan(client, renewal, SimpleUploadedFile("报告.html", SCRIPT, "text/html"))
    assert response.status_code == 200
    renewal.refresh_from_db()
    assert not renewal.work_report_file
    renewal.work_report_file.save("报告.html", ContentFile(SCRIPT))

    response = client.get(reverse("elections:work_report_download", args=[renewal.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert _body(response) == SCRIPT


def test_a_pdf_report_keeps_its_type_and_goes_to_those_who_see_the_renewal(client, users, renewal):
    renewal.work_report_file.save("report.pdf", ContentFile(b"%PDF-1.4 report"))
    url = reverse("elections:work_report_download", args=[renewal.pk])
    for role in ("secretary", "viewer", "approver"):
        client.force_login(users[role])
        response = client.get(url)
        assert response.status_code == 200, role
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert _body(response) == b"%PDF-1.4 report"
    for role in ("outsider", "norole"):
        client.force_login(users[role])
        assert client.get(url).status_code == 404, role


def test_no_report_attached_is_not_found(client, users, renewal):
    client.force_login(users["secretary"])
    response = client.get(reverse("elections:work_report_download", args=[renewal.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("editable", [True, False])
def test_renewal_page_links_the_report_through_the_view_not_media_url(
    client, users, renewal, editable
):
    """The page linked `renewal.work_report_file.url` (and the plan form's clearable input did
    too): a MEDIA_URL address that skips every access check if a web server serves it."""
    renewal.work_report_file.save("report.pdf", ContentFile(b"%PDF-1.4 report"))
    client.force_login(users["secretary"] if editable else users["viewer"])
    page = client.get(renewal.get_absolute_url()).content.decode()
    assert ("保存方案" in page) is editable
    assert reverse("elections:work_report_download", args=[renewal.pk]) in page
    assert f"/{settings.MEDIA_URL}" not in page
    assert renewal.work_report_file.name not in page


def test_a_pledge_is_sent_as_an_attachment_to_those_who_see_the_renewal(
    client, users, recommending
):
    secretary = users["secretary"]
    demo.hold_recommendation(recommending, actor=secretary, votes=[8] * 7, present=9)
    renewal = demo.vet_list(recommending, actor=secretary, approver=users["approver"], reviewed=1)
    nominee = renewal.nominees.exclude(pledge="").get()
    nominee.pledge.save("pledge.svg", ContentFile(b"<svg onload='alert(1)'/>"))
    url = reverse("elections:pledge_download", args=[renewal.pk, nominee.pk])

    client.force_login(users["approver"])
    assert url in client.get(renewal.get_absolute_url()).content.decode()
    for role in ("approver", "secretary", "viewer"):
        client.force_login(users[role])
        response = client.get(url)
        assert response.status_code == 200, role
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
    for role in ("outsider", "norole"):
        client.force_login(users[role])
        assert client.get(url).status_code == 404, role
    client.force_login(users["viewer"])
    other = renewal.nominees.filter(pledge="").first()
    assert (
        client.get(reverse("elections:pledge_download", args=[renewal.pk, other.pk])).status_code
        == 404
    )


def test_media_url_is_not_served(client, users, renewal):
    """Nothing in config/urls.py serves MEDIA_ROOT: a stored file's MEDIA_URL address is a 404,
    even for its renewal's own secretary."""
    renewal.work_report_file.save("report.pdf", ContentFile(b"%PDF-1.4 report"))
    client.force_login(users["secretary"])
    assert client.get(f"/{settings.MEDIA_URL}{renewal.work_report_file.name}").status_code == 404


def test_a_pdf_shown_inline_is_not_blanked_by_the_page_policy(client, users, renewal):
    """Chrome draws an inline PDF in a page of its own with inline styles and an <embed>: the
    pages' policy (style-src 'self', object-src 'none') on the PDF left the preview blank."""
    client.force_login(users["secretary"])
    response = client.get(
        reverse("elections:document_preview", args=[renewal.pk, DocumentKind.REQUEST])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert "Content-Security-Policy" not in response
    assert response["X-Content-Type-Options"] == "nosniff"
    page = client.get(renewal.get_absolute_url())
    assert "object-src 'none'" in page["Content-Security-Policy"]
