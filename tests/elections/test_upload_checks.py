"""What may be uploaded to a renewal's record: a PDF or an image (by its content, not its name)
no bigger than UPLOAD_MAX_MB; a replaced file leaves storage, its SHA-256 stays in the record."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from branches.models import AuditEvent
from elections import demo
from elections.models import Renewal
from elections.services.vet import nominee_review

PDF = b"%PDF-1.4\n% report\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 scan"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR scan"
HTML = b"<html><body><script>alert(1)</script></body></html>"


def _post_plan(client, renewal: Renewal, upload: SimpleUploadedFile):
    return client.post(
        reverse("elections:renewal_plan", args=[renewal.pk]),
        {
            "seats": 5,
            "posts": ["organisation"],
            "meeting_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "meeting_place": "会议室",
            "work_report": "工作报告",
            "work_report_file": upload,
        },
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("报告.html", HTML),
        ("报告.pdf", HTML),  # a PDF by name only
        ("报告.png", PDF),  # content and name disagree
        ("报告.docx", b"PK\x03\x04 word"),
        ("报告", PDF),
    ],
    ids=["html", "html-named-pdf", "pdf-named-png", "docx", "no-suffix"],
)
def test_only_a_pdf_or_an_image_is_accepted_and_the_typing_is_kept(
    client, users, renewal, name, content
):
    client.force_login(users["secretary"])
    response = _post_plan(client, renewal, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    page = response.content.decode()
    assert "只能上传 PDF 或图片（JPG、PNG）文件" in page
    assert "会议室" in page  # what was typed is still there
    renewal.refresh_from_db()
    assert not renewal.work_report_file
    assert renewal.meeting_place != "会议室"


@pytest.mark.parametrize(
    ("name", "content"),
    [("报告.pdf", PDF), ("扫描.JPG", JPEG), ("扫描.jpeg", JPEG), ("扫描.png", PNG)],
)
def test_a_pdf_or_an_image_is_stored(client, users, renewal, name, content):
    client.force_login(users["secretary"])
    assert _post_plan(client, renewal, SimpleUploadedFile(name, content)).status_code == 302
    renewal.refresh_from_db()
    assert renewal.work_report_file.read() == content


def test_a_file_over_the_cap_is_refused_naming_the_cap(client, users, renewal, settings):
    settings.UPLOAD_MAX_MB = 1
    client.force_login(users["secretary"])
    big = SimpleUploadedFile("报告.pdf", PDF + b"0" * (1024 * 1024))
    page = _post_plan(client, renewal, big).content.decode()
    assert "文件超过 1 MB 的上限" in page
    renewal.refresh_from_db()
    assert not renewal.work_report_file
    just = SimpleUploadedFile("报告.pdf", PDF + b"0" * (1024 * 1024 - len(PDF)))
    assert _post_plan(client, renewal, just).status_code == 302


def test_a_replaced_report_leaves_storage_and_its_hash_stays_in_the_record(
    client, users, renewal, django_capture_on_commit_callbacks
):
    client.force_login(users["secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        _post_plan(client, renewal, SimpleUploadedFile("第一稿.pdf", PDF + b"1"))
    renewal.refresh_from_db()
    first = renewal.work_report_file
    storage, first_name = first.storage, first.name
    assert storage.exists(first_name)

    with django_capture_on_commit_callbacks(execute=True):
        _post_plan(client, renewal, SimpleUploadedFile("第二稿.pdf", PDF + b"2"))
    renewal.refresh_from_db()
    assert renewal.work_report_file.read() == PDF + b"2"
    assert not storage.exists(first_name)
    event = AuditEvent.objects.filter(action="renewal_update_plan").order_by("-pk").first()
    assert event.changes["work_report_file_sha256"] == [
        hashlib.sha256(PDF + b"1").hexdigest(),
        hashlib.sha256(PDF + b"2").hexdigest(),
    ]
    assert event.changes["work_report_file"][0] == first_name


def _review(nominee, approver, pledge):
    return nominee_review(
        actor=approver,
        nominee=nominee,
        negative_list_checked=[],
        negative_list_failures="",
        inspection_notes="",
        discipline_opinion="",
        approved=False,
        pledge=pledge,
    )


def test_a_pledge_is_checked_and_a_replaced_one_leaves_storage(
    client, users, recommending, django_capture_on_commit_callbacks
):
    secretary, approver = users["secretary"], users["approver"]
    demo.hold_recommendation(recommending, actor=secretary, votes=[8] * 7, present=9)
    renewal = demo.vet_list(recommending, actor=secretary, approver=approver, reviewed=1)
    nominee = renewal.nominees.exclude(pledge="").get()
    storage, old_name = nominee.pledge.storage, nominee.pledge.name
    old_sha = hashlib.sha256(nominee.pledge.read()).hexdigest()

    client.force_login(approver)
    response = client.post(
        reverse("elections:nominee_review", args=[renewal.pk, nominee.pk]),
        {f"n{nominee.pk}-pledge": SimpleUploadedFile("承诺书.pdf", HTML)},
        follow=True,
    )
    text = response.content.decode()
    assert f"{nominee.member.name}的承诺书：只能上传 PDF 或图片（JPG、PNG）文件" in text
    nominee.refresh_from_db()
    assert nominee.pledge.name == old_name

    with django_capture_on_commit_callbacks(execute=True):
        _review(nominee, approver, SimpleUploadedFile("承诺书.png", PNG))
    nominee.refresh_from_db()
    assert nominee.pledge.read() == PNG
    assert not storage.exists(old_name)
    event = AuditEvent.objects.filter(action="nominee_review").order_by("-pk").first()
    assert event.changes["pledge_sha256"] == [old_sha, hashlib.sha256(PNG).hexdigest()]
