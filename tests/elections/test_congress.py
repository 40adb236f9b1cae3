"""A base committee's renewal by a delegates' congress (issue 15): from the allotment of delegates
through the units' elections and the credentials check to a quorate sign-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from branches.models import AuditEvent
from elections.demo_congress import confirm_delegates, elect_unit, propose_congress
from elections.models import Congress, Credential, Delegate, Meeting, MeetingKind
from elections.selectors.audit import ACTION_LABELS
from elections.selectors.congress import congress_figures, congress_of
from elections.selectors.meeting import figures
from elections.selectors.rounds import round_problems
from elections.services.congress import (
    congress_allot,
    congress_approve_allotment,
    congress_drop,
    congress_sign_in,
    delegate_credentials_check,
    delegate_election_record,
    unit_seats_change,
)
from tests.congress_helpers import (
    committee_renewal,
    confirm_all,
    elect_delegates,
    tally,
    to_vote,
    unit_of,
)


@pytest.fixture
def renewal(tree, users):
    return committee_renewal(tree, users)


def test_allotment_follows_members_with_a_minimum(renewal, users):
    """Issue 15: "the superior approves the number of delegates and how they are allotted to the
    electing units (in proportion to members, with a minimum per unit)": G has 13 members, B1
    31; of 10 delegates each gets 2 and the other 6 go 1.77 : 4.23, the open seat to G."""
    congress = congress_allot(actor=users["staff"], renewal=renewal, total=10, minimum=2)
    shares = {u.unit.code: (u.members, u.proposed, u.seats) for u in congress.units.all()}
    assert shares == {"G": (13, 4, 4), "B1": (31, 6, 6)}
    assert not congress.approved
    event = AuditEvent.objects.get(action="congress_allot")
    assert event.changes["allotment"] == {"党总支": 4, "第一党支部": 6}


def test_only_a_committee_holds_a_congress(tree, users, renewal):
    renewal.branch = tree["b1"]
    renewal.save(update_fields=["branch"])
    with pytest.raises(ValidationError, match="只有基层党委"):
        congress_allot(actor=users["staff"], renewal=renewal, total=10, minimum=1)
    assert not Congress.objects.exists()


def test_the_branch_secretary_may_not_allot(renewal, users):
    with pytest.raises(PermissionDenied):
        congress_allot(actor=users["secretary"], renewal=renewal, total=10, minimum=1)


def test_too_few_delegates_for_the_minimum_is_a_form_error(renewal, users):
    with pytest.raises(ValidationError) as refused:
        congress_allot(actor=users["staff"], renewal=renewal, total=3, minimum=2)
    assert "至少需要4名" in str(refused.value.message_dict["total"])


def test_change_with_reason_then_superior_approves(renewal, users):
    """A unit's share may change with a reason; the superior approves only an allotment that
    adds up to the total, and nothing changes after its approval."""
    staff, approver = users["staff"], users["superior"]
    congress_allot(actor=staff, renewal=renewal, total=10, minimum=2)
    b1, g = unit_of(renewal, "B1"), unit_of(renewal, "G")
    with pytest.raises(ValidationError, match="理由"):
        unit_seats_change(actor=staff, renewal=renewal, unit=b1, seats=5, reason=" ")
    with pytest.raises(ValidationError, match="至少2名"):
        unit_seats_change(actor=staff, renewal=renewal, unit=g, seats=1, reason="人少")
    unit_seats_change(actor=staff, renewal=renewal, unit=b1, seats=5, reason="一人调出")
    with pytest.raises(ValidationError, match="合计9名，与代表总名额10名不符"):
        congress_approve_allotment(actor=approver, renewal=renewal)
    unit_seats_change(actor=staff, renewal=renewal, unit=g, seats=5, reason="含离退休党员较多")
    with pytest.raises(PermissionDenied):
        congress_approve_allotment(actor=staff, renewal=renewal)
    congress = congress_approve_allotment(actor=approver, renewal=renewal)
    assert congress.approved_by == approver
    assert {u.unit.code: u.seats for u in congress.units.all()} == {"G": 5, "B1": 5}
    assert unit_of(renewal, "G").change_reason == "含离退休党员较多"
    with pytest.raises(ValidationError, match="已批准"):
        unit_seats_change(actor=staff, renewal=renewal, unit=g, seats=4, reason="再调")


def test_plan_may_go_back_to_the_members_meeting(renewal, users):
    congress_allot(actor=users["staff"], renewal=renewal, total=10, minimum=1)
    congress_drop(actor=users["staff"], renewal=renewal)
    assert not Congress.objects.filter(renewal=renewal).exists()
    assert AuditEvent.objects.filter(action="congress_drop").exists()


@pytest.fixture
def allotted(renewal, users):
    congress_allot(actor=users["staff"], renewal=renewal, total=10, minimum=2)
    congress_approve_allotment(actor=users["superior"], renewal=renewal)
    return to_vote(renewal, users)


def _record(users, renewal, unit, marks, *, expected=12, present=10, issued=10):
    return delegate_election_record(
        actor=users["staff"], renewal=renewal, unit=unit,
        held_on=timezone.localdate() - timedelta(days=1), expected=expected, present=present,
        issued=issued, returned=issued, invalid=0, marks=marks,
    )  # fmt: skip


def test_unit_election_elects_by_majority_of_those_present(allotted, users):
    """Issue 15: "each unit's members' meeting elects its delegates by differential ballot (≥ 20%
    more candidates), quorum and majority as R5/R11". G elects 4 of 5; 2*yes > 10 elects."""
    g = unit_of(allotted, "G")
    delegates = _record(users, allotted, g, tally(g, [9, 8, 7, 6, 3], valid=10))
    assert [(d.name, d.votes) for d in delegates] == [
        ("总支00", 9), ("总支01", 8), ("总支02", 7), ("总支03", 6),
    ]  # fmt: skip
    g.refresh_from_db()
    assert g.elected
    assert g.tally[4] == {
        "name": "总支04", "member": g.tally[4]["member"], "yes": 3, "no": 7, "abstain": 0
    }  # fmt: skip
    with pytest.raises(ValidationError, match="已录入"):
        _record(users, allotted, g, tally(g, [9, 8, 7, 6, 3], valid=10))


@pytest.mark.parametrize(
    ("yes", "present", "message"),
    [
        ([9, 8, 7, 6], 10, "候选人应不少于5名"),  # R6: 4 seats need 5 candidates
        ([9, 8, 7, 6, 3], 9, "到会人数未达到规定"),  # R5: 5*9 > 4*12 fails
        ([9, 8, 7, 5, 3], 10, "未选出全部代表"),  # R11: 5 of 10 is not a majority
        ([9, 8, 7, 6, 6], 10, "未选出全部代表"),  # R12: a tie across the last seat
    ],
)
def test_unit_election_refusals(allotted, users, yes, present, message):
    g = unit_of(allotted, "G")
    with pytest.raises(ValidationError, match=message):
        _record(users, allotted, g, tally(g, yes, valid=present), present=present, issued=present)
    assert not Delegate.objects.exists()


def test_candidates_come_from_the_units_voters(allotted, users, tree):
    g, b1 = unit_of(allotted, "G"), unit_of(allotted, "B1")
    marks = tally(g, [9, 8, 7, 6], valid=10) + tally(b1, [3], valid=10)
    with pytest.raises(ValidationError, match="本选举单位有选举权的党员"):
        _record(users, allotted, g, marks)


def test_unit_elections_wait_for_the_approved_allotment(renewal, users):
    congress_allot(actor=users["staff"], renewal=renewal, total=10, minimum=2)
    renewal = to_vote(renewal, users)
    g = unit_of(renewal, "G")
    with pytest.raises(ValidationError, match="尚未批准"):
        _record(users, renewal, g, tally(g, [9, 8, 7, 6, 3], valid=10))


def test_congress_from_allotment_to_quorate_sign_in(renewal, users):
    """The whole congress up to its own rounds: units elect 10 delegates, the credentials check
    rejects one (with a reason) and confirms 9, and the congress may elect only when more than
    four fifths of the 9 sign in: 8, not 7."""
    elect_delegates(renewal, users)
    renewal.refresh_from_db()
    staff = users["staff"]
    first = Delegate.objects.get(name="支部00")
    with pytest.raises(ValidationError, match="须写明理由"):
        delegate_credentials_check(
            actor=staff, renewal=renewal, delegate=first, confirmed=False, reason=""
        )
    with pytest.raises(ValidationError, match="未经资格审查"):
        congress_sign_in(actor=staff, renewal=renewal, members=[])
    confirm_all(renewal, users, reject="支部00")
    first.refresh_from_db()
    assert first.credential == Credential.REJECTED
    assert first.credential_reason == "当选后受到党纪处分"
    confirmed = [d.member for d in Delegate.objects.filter(credential=Credential.CONFIRMED)]
    assert len(confirmed) == 9
    with pytest.raises(ValidationError, match="资格审查确认的代表"):
        congress_sign_in(actor=staff, renewal=renewal, members=[first.member])
    congress = congress_sign_in(actor=staff, renewal=renewal, members=confirmed[:7])
    figures = congress_figures(congress)
    assert (figures.expected, figures.present, figures.quorum) == (9, 7, False)
    assert figures.min_present == 8
    congress_sign_in(actor=staff, renewal=renewal, members=confirmed[:8])
    figures = congress_figures(congress_of(renewal))
    assert (figures.expected, figures.present, figures.quorum) == (9, 8, True)
    with pytest.raises(ValidationError, match="已签到"):
        delegate_credentials_check(
            actor=staff, renewal=renewal, delegate=Delegate.objects.get(member=confirmed[0]),
            confirmed=False, reason="迟到",
        )  # fmt: skip
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    congress_actions = {a for a in ACTION_LABELS if a.startswith(("congress", "delegate"))}
    # (the votes on the work reports come after: tests/elections/test_congress_reports.py)
    assert congress_actions - {"congress_drop", "congress_report_vote"} <= actions


def test_congress_rounds_wait_for_the_delegates_quorum(renewal, users):
    """The congress's own rounds count the confirmed delegates as E and those signed in as P:
    no ballots until more than four fifths have signed in."""
    elect_delegates(renewal, users)
    renewal.refresh_from_db()
    confirm_all(renewal, users)
    meeting = Meeting.objects.get(renewal=renewal, kind=MeetingKind.MEMBERS)
    delegates = [d.member for d in Delegate.objects.all()]
    congress_sign_in(actor=users["staff"], renewal=renewal, members=delegates[:8])
    counted = figures(meeting)
    assert (counted.expected, counted.present, counted.quorum) == (10, 8, False)
    assert any("须至少 9 人到会" in p for p in round_problems(meeting))
    congress_sign_in(actor=users["staff"], renewal=renewal, members=delegates[:9])
    counted = figures(meeting)
    assert (counted.expected, counted.present, counted.quorum) == (10, 9, True)
    assert not any("须至少" in p for p in round_problems(meeting))


def test_demo_walk_elects_every_units_delegates(renewal, users):
    """The demo's congress: 12 delegates proposed and approved, both units elect theirs with
    everyone present, the credentials check confirms them all."""
    congress = propose_congress(
        renewal, actor=users["staff"], approver=users["superior"], total=12, minimum=2
    )
    renewal = to_vote(renewal, users)
    for unit in congress.units.all():
        elect_unit(renewal, unit, actor=users["staff"])
    confirm_delegates(renewal, actor=users["staff"])
    figures = congress_figures(congress_of(renewal))
    assert (figures.expected, figures.pending) == (12, 0)
