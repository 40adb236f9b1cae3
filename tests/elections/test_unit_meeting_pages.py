"""An electing unit's meeting through its pages (issue 15): reached from the congress page, the
same meeting-day page as the members' meeting, addressed by the meeting (``unit-<pk>``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from elections.demo_congress import propose_congress
from elections.models import Delegate, Meeting, Round
from elections.selectors.congress import unit_voters
from tests.congress_helpers import committee_renewal, to_vote, unit_of
from tests.unit_meeting_helpers import count


@pytest.fixture
def world(tree, users, client):
    renewal = committee_renewal(tree, users)
    propose_congress(renewal, actor=users["staff"], approver=users["superior"], total=10, minimum=2)
    renewal = to_vote(renewal, users)
    client.force_login(users["staff"])
    g = unit_of(renewal, "G")
    return {"renewal": renewal, "g": g, "staff": users["staff"], "slug": f"unit-{g.pk}"}


def _url(name: str, w: dict, *more) -> str:
    return reverse(f"elections:{name}", args=[w["renewal"].pk, *more])


def test_unit_meeting_from_congress_page_to_delegates(client, world):
    g, slug = world["g"], world["slug"]
    page = client.get(_url("congress_page", world)).content.decode()
    assert _url("meeting_day", world, slug) in page

    day = client.get(_url("meeting_day", world, slug))
    assert day.status_code == 200
    assert "党总支选举单位党员大会" in day.content.decode()
    assert "选举党员代表大会代表 4 名" in day.content.decode()

    held_on = timezone.localdate() + timedelta(days=3)
    response = client.post(
        _url("meeting_update", world, slug),
        {"unit-held_on": held_on.isoformat(), "unit-place": "会议室", "unit-chair": "总支书记"},
    )
    assert response.status_code == 302
    assert client.post(_url("unit_notice", world, g.pk)).status_code == 302
    assert Meeting.objects.get(unit=g).notice_issued_at is not None

    voters = unit_voters(g.unit)
    refused = client.post(
        _url("unit_candidates", world, g.pk), {"members": [m.pk for m in voters[:4]]}
    )
    assert refused.status_code == 200
    assert "代表候选人应不少于5名" in refused.content.decode()
    chosen = client.post(
        _url("unit_candidates", world, g.pk), {"members": [m.pk for m in voters[:5]]}
    )
    assert chosen.status_code == 302
    assert g.candidates.count() == 5
    staff = client.post(
        _url("meeting_staff", world, slug),
        {"unit-staff-scrutineers": [voters[5].pk, voters[6].pk]},
    )
    assert staff.status_code == 302
    assert client.post(_url("unit_method", world, g.pk)).status_code == 302
    Meeting.objects.filter(unit=g).update(
        held_on=timezone.localdate(), notice_issued_at=timezone.now() - timedelta(days=3)
    )

    for member in voters[:9]:
        client.post(_url("attendance_set", world, slug), {"member": member.pk, "present": "1"})
    short = client.post(_url("round_open", world, slug), {"issued": 9}, follow=True)
    assert "不足法定人数" in short.content.decode()
    assert not Round.objects.exists()
    client.post(_url("attendance_set", world, slug), {"member": voters[9].pk, "present": "1"})
    opened = client.post(_url("round_open", world, slug), {"issued": 10})
    round_ = Round.objects.get(meeting__unit=g)
    assert opened["Location"] == _url("round_detail", world, round_.pk)
    assert "党总支选举单位党员大会" in client.get(opened["Location"]).content.decode()

    count(world["staff"], round_, dict(zip(round_.names, [10, 9, 8, 7, 2], strict=True)))
    assert Delegate.objects.filter(unit=g).count() == 4
    page = client.get(_url("congress_page", world)).content.decode()
    assert "应到 12 人，实到 10 人" in page


def test_a_member_of_another_unit_does_not_sign_in(client, world):
    b1 = unit_of(world["renewal"], "B1")
    stranger = unit_voters(b1.unit)[0]
    client.post(
        _url("attendance_set", world, world["slug"]), {"member": stranger.pk, "present": "1"}
    )
    assert not Meeting.objects.get(unit=world["g"]).present.exists()


def test_an_unknown_meeting_is_not_found(client, world):
    assert client.get(_url("meeting_day", world, "unit")).status_code == 404
    assert client.get(_url("meeting_day", world, "unit-999999")).status_code == 404
