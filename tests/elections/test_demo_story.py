"""The demo tells one story: the plan, the request, the reply and the meeting notice of each demo
renewal name the same meeting day, and the members' meeting is held on it."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.core.management import call_command

from elections.models import DocumentKind, MeetingKind, Renewal

PDFTOTEXT = shutil.which("pdftotext")


def text_of(doc) -> str:
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    with doc.file.open("rb") as fh:
        data = fh.read()
    out = subprocess.run(  # noqa: S603 - fixed tool reading the PDF from stdin
        [PDFTOTEXT, "-raw", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return "".join(out.split())


def test_every_demo_renewal_names_one_meeting_day(db):
    call_command("seed_demo")
    checked = set()
    for renewal in Renewal.objects.exclude(meeting_date=None):
        day = renewal.meeting_date
        said = f"{day.year}年{day.month}月{day.day}日"
        docs = {d.kind: d for d in renewal.documents.all()}
        assert f"拟于{said}召开党员大会" in text_of(docs[DocumentKind.REQUEST]), renewal
        checked.add("request")
        if DocumentKind.REQUEST_REPLY in docs:
            reply = text_of(docs[DocumentKind.REQUEST_REPLY])
            assert f"同意你支部于{said}召开党员大会" in reply, renewal
            checked.add("reply")
        members = renewal.meetings.filter(kind=MeetingKind.MEMBERS).first()
        if members is not None:
            assert members.held_on == day, renewal
            notice = text_of(docs[DocumentKind.MEETING_NOTICE])
            assert f"会议时间：{said}（星期" in notice, renewal
            assert docs[DocumentKind.MEETING_NOTICE].issued_at.date() < day
            checked.add("notice")
        if DocumentKind.REQUEST_REPLY in docs:
            assert docs[DocumentKind.REQUEST].issued_at < docs[DocumentKind.REQUEST_REPLY].issued_at
    assert checked == {"request", "reply", "notice"}
