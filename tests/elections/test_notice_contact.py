"""The 公示 says where objections go: a contact phone, an address for letters and visits, and the
public page's full address."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from elections.forms.publicise import NoticeForm
from elections.models import DocumentKind
from elections.services.publicise import notice_publish
from tests.pdf_text import pdftotext


def pdf_text(doc) -> str:
    with doc.file.open("rb") as fh:
        return "".join(pdftotext(fh.read()).split())


def test_the_notice_prints_phone_address_and_the_public_pages_address(settings, users, publicising):
    settings.PUBLIC_BASE_URL = "https://huanjie.example.org"
    renewal = notice_publish(
        actor=users["secretary"], renewal=publicising, start=timezone.localdate(),
        phone="0571-87012345", address="机关党委组织科（502室）",
    )  # fmt: skip
    text = pdf_text(renewal.documents.get(kind=DocumentKind.NOTICE))
    assert "联系电话：0571-87012345" in text
    assert "来信来访地址：机关党委组织科（502室）" in text
    assert f"网上反映：https://huanjie.example.org/notice/{renewal.public_token}/" in text


def test_a_wrong_phone_number_is_refused(users, publicising):
    with pytest.raises(ValidationError):
        notice_publish(
            actor=users["secretary"], renewal=publicising, start=timezone.localdate(),
            phone="请打电话", address="组织科",
        )  # fmt: skip
    assert not publicising.notices.exists()


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("0571-87012345", True),
        ("13812345678", True),
        ("(0571) 8701 2345", True),
        ("0571-87012345转802", True),
        ("12", False),
        ("电话", False),
        ("0571-8701234x", False),
    ],
)
def test_phone_numbers_in_the_form(phone, ok):
    form = NoticeForm({"start": "2026-01-05", "phone": phone, "address": "组织科"})
    assert form.is_valid() is ok, form.errors


def test_the_page_asks_for_phone_and_address_and_shows_them_publicly(client, users, publicising):
    client.force_login(users["secretary"])
    url = reverse("elections:notice_publish", args=[publicising.pk])
    today = f"{timezone.localdate():%Y-%m-%d}"
    response = client.post(url, {"start": today}, follow=True)
    assert "联系电话" in response.content.decode()
    assert not publicising.notices.exists()
    client.post(url, {"start": today, "phone": "0571-87012345", "address": "组织科502室"})
    notice = publicising.notices.get()
    assert (notice.phone, notice.address) == ("0571-87012345", "组织科502室")
    page = client.get(reverse("public_notice", args=[publicising.public_token])).content.decode()
    assert "0571-87012345" in page
    assert "组织科502室" in page
