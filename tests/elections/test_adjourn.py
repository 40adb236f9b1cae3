"""A members' meeting that does not reach quorum on the day is adjourned and rescheduled with a
new notice, without cancelling the renewal; the record shows both dates (issue 10)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from branches.models import AuditEvent
from elections import demo
from elections.documents.approve import result_report
from elections.documents.meeting import meeting_notice
from elections.models import Phase
from elections.selectors.meeting import figures, meeting_of
from elections.services.meeting import attendance_set, meeting_adjourn, meeting_notice_issue


@pytest.fixture
def short(users, voting):
    """The meeting prepared for today; only three members came."""
    demo.prepare_meeting(voting, actor=users["secretary"])
    for member in voting.branch.members.filter(status="full")[:3]:
        attendance_set(
            actor=users["secretary"], renewal=voting, kind="members", member=member, present=True
        )
    assert not figures(meeting_of(voting)).quorum
    return voting


def test_a_meeting_short_of_quorum_is_adjourned_and_noticed_again(client, users, short):
    first_day = meeting_of(short).held_on
    days = short.ruleset().meeting_notice_days
    client.force_login(users["secretary"])
    page = client.get(reverse("elections:meeting_day", args=[short.pk, "members"]))
    assert "休会改期" in page.content.decode()

    url = reverse("elections:meeting_adjourn", args=[short.pk])
    too_soon = timezone.localdate() + timedelta(days=max(days - 1, 0))
    refused = client.post(url, {"adjourn-held_on": too_soon, "adjourn-reason": "到会人数不足"})
    assert refused.status_code == 200
    assert "最早" in refused.content.decode()
    assert meeting_of(short).held_on == first_day

    new_day = timezone.localdate() + timedelta(days=days + 1)
    response = client.post(url, {"adjourn-held_on": new_day, "adjourn-reason": "到会人数不足"})
    assert response.status_code == 302
    meeting = meeting_of(short)
    short.refresh_from_db()
    assert short.phase == Phase.VOTE
    assert meeting.held_on == new_day
    assert meeting.notice_issued_at is None
    assert not meeting.present.exists()
    [record] = meeting.adjournments
    assert (record["held_on"], record["present"], record["reason"]) == (
        first_day.isoformat(), 3, "到会人数不足",
    )  # fmt: skip
    assert record["expected"] == figures(meeting).expected
    event = AuditEvent.objects.get(action="meeting_adjourn")
    assert str(new_day) in event.summary

    # The page and the new notice show both days; the notice is issued again.
    page = client.get(reverse("elections:meeting_day", args=[short.pk, "members"]))
    assert f"原定 {first_day.isoformat()} 召开" in page.content.decode()
    meeting_notice_issue(actor=users["secretary"], renewal=short)
    template, context = meeting_notice(short)
    notice = render_to_string(template, context)
    assert "因到会人数未达到法定人数休会，改期召开" in notice
    template, context = result_report(short)
    assert "未达到法定人数，宣布休会并改期召开" in render_to_string(template, context)


def test_a_meeting_with_quorum_or_under_way_is_not_adjourned(users, short):
    for member in short.branch.members.all():
        attendance_set(
            actor=users["secretary"], renewal=short, kind="members", member=member, present=True
        )
    later = timezone.localdate() + timedelta(days=30)
    with pytest.raises(ValidationError, match="不需要休会"):
        meeting_adjourn(actor=users["secretary"], renewal=short, held_on=later, reason="x")
    with pytest.raises(Exception):  # noqa: B017, PT011  (the approver does not run the meeting)
        meeting_adjourn(actor=users["approver"], renewal=short, held_on=later, reason="x")
