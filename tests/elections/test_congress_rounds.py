"""The congress's own rounds (issue 15): the confirmed delegates are the voters. The committee's
candidates are put straight onto the list here, as the recommendation and vetting of committee
renewals come with issue 15's first part."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from elections.models import Delegate, Elected, Meeting, MeetingKind, Nominee
from elections.services.congress import congress_sign_in
from elections.services.meeting import meeting_staff_set
from elections.services.rounds import round_close, round_open, round_record_returned, totals_save
from tests.congress_helpers import committee_renewal, confirm_all, elect_delegates


@pytest.fixture
def congress(tree, users):
    """10 delegates confirmed; six formal candidates for five seats from B1's members who are
    not delegates; the congress's meeting notified and its method adopted."""
    renewal = committee_renewal(tree, users)
    elect_delegates(renewal, users)
    renewal.refresh_from_db()
    confirm_all(renewal, users)
    delegates = {d.member_id for d in Delegate.objects.all()}
    others = tree["b1"].members.filter(status="full").exclude(pk__in=delegates).order_by("name")
    for member in others[:6]:
        Nominee.objects.create(
            renewal=renewal, member=member, source="members", on_list=True, reviewed=True,
            approved=True, formal=True,
        )  # fmt: skip
    now = timezone.now()
    Meeting.objects.create(
        renewal=renewal, kind=MeetingKind.MEMBERS, held_on=timezone.localdate(),
        notice_issued_at=now - timedelta(days=3), method_adopted_at=now,
        place="礼堂", chair="上届党委书记",
    )  # fmt: skip
    return renewal


def test_scrutineers_are_delegates(congress, users, tree):
    """R14 at the congress: a scrutineer not among the confirmed delegates is refused."""
    outsider = (
        tree["b1"]
        .members.exclude(pk__in=Delegate.objects.values("member_id"))
        .exclude(pk__in=Nominee.objects.values("member_id"))
        .first()
    )
    with pytest.raises(ValidationError) as refused:
        meeting_staff_set(
            actor=users["staff"], renewal=congress, kind=MeetingKind.MEMBERS,
            scrutineers=[outsider], counters=[],
        )  # fmt: skip
    assert outsider.name in str(refused.value)


def test_congress_elects_the_committee_with_delegates_as_voters(congress, users):
    """E = 10 confirmed delegates, P = 9 signed in; 2*yes > 9 elects; the round records the
    delegates' figures, not the member roll's."""
    staff = users["staff"]
    delegates = [d.member for d in Delegate.objects.order_by("pk")]
    meeting_staff_set(
        actor=staff, renewal=congress, kind=MeetingKind.MEMBERS,
        scrutineers=delegates[:2], counters=[],
    )  # fmt: skip
    congress_sign_in(actor=staff, renewal=congress, members=delegates[:7])
    with pytest.raises(ValidationError, match="不足法定人数"):
        round_open(actor=staff, renewal=congress, kind=MeetingKind.MEMBERS, issued=7)
    congress_sign_in(actor=staff, renewal=congress, members=delegates[:9])
    with pytest.raises(ValidationError, match="多于实到会"):
        round_open(actor=staff, renewal=congress, kind=MeetingKind.MEMBERS, issued=10)
    round_ = round_open(actor=staff, renewal=congress, kind=MeetingKind.MEMBERS, issued=9)
    assert (round_.expected, round_.present, round_.seats) == (10, 9, 5)
    round_ = round_record_returned(actor=staff, round_=round_, returned=9, mode="totals")
    yes = dict(zip(round_.names, [9, 8, 7, 6, 5, 4], strict=True))
    totals_save(
        actor=staff, round_=round_, yes=yes, no={n: 9 - v for n, v in yes.items()},
        abstain=dict.fromkeys(yes, 0), invalid=0, write_ins={},
    )  # fmt: skip
    round_close(actor=staff, round_=round_, confirmed_by=delegates[0].name)
    elected = list(Elected.objects.filter(renewal=congress).values_list("name", "votes"))
    assert elected == list(yes.items())[:5]
