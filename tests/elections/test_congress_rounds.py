"""The congress's own rounds (issue 15): the confirmed delegates are the voters. The committee's
candidates come from the committee renewal's own recommendation and vetting (the demo walks)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from elections.demo_congress import prepare_congress
from elections.models import Delegate, Elected, Meeting, MeetingKind, Nominee
from elections.services.congress import congress_sign_in
from elections.services.meeting import meeting_staff_set
from elections.services.rounds import round_close, round_open, round_record_returned, totals_save
from tests.congress_helpers import committee_renewal, confirm_all, elect_delegates


@pytest.fixture
def congress(tree, users):
    """10 delegates confirmed; the committee's seven formal candidates from the recommendation
    and vetting; the congress's meeting notified, two delegates who stand for nothing as
    scrutineers, its method adopted (the demo's walk)."""
    renewal = committee_renewal(tree, users)
    elect_delegates(renewal, users)
    renewal.refresh_from_db()
    confirm_all(renewal, users)
    prepare_congress(renewal, actor=users["staff"])
    renewal.refresh_from_db()
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
    scrutineer = Meeting.objects.get(renewal=congress, kind=MeetingKind.MEMBERS).scrutineers.first()
    congress_sign_in(actor=staff, renewal=congress, members=delegates[:7])
    with pytest.raises(ValidationError, match="不足法定人数"):
        round_open(actor=staff, renewal=congress, kind=MeetingKind.MEMBERS, issued=7)
    congress_sign_in(actor=staff, renewal=congress, members=delegates[:9])
    with pytest.raises(ValidationError, match="多于实到会"):
        round_open(actor=staff, renewal=congress, kind=MeetingKind.MEMBERS, issued=10)
    round_ = round_open(actor=staff, renewal=congress, kind=MeetingKind.MEMBERS, issued=9)
    assert (round_.expected, round_.present, round_.seats) == (10, 9, 5)
    round_ = round_record_returned(actor=staff, round_=round_, returned=9, mode="totals")
    yes = dict(zip(round_.names, [9, 8, 7, 6, 5, 4, 3], strict=True))
    totals_save(
        actor=staff, round_=round_, yes=yes, no={n: 9 - v for n, v in yes.items()},
        abstain=dict.fromkeys(yes, 0), invalid=0, write_ins={},
    )  # fmt: skip
    round_close(actor=staff, round_=round_, confirmed_by=scrutineer.name)
    elected = list(Elected.objects.filter(renewal=congress).values_list("name", "votes"))
    assert elected == list(yes.items())[:5]
