"""Issue 15: each electing unit elects its delegates at its own members' meeting, held with the
members' meeting's notice, attendance, rounds and counting; then the credentials check and the
congress with the delegates as voters."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from elections.demo_congress import (
    confirm_delegates,
    elect_unit,
    hold_congress,
    prepare_congress,
    propose_congress,
)
from elections.models import (
    Body,
    Delegate,
    DocumentKind,
    Meeting,
    MeetingKind,
    Phase,
    RoundKind,
)
from elections.selectors.congress import congress_figures, congress_of, unit_voters
from elections.selectors.meeting import figures, meeting_of, meetings_of
from elections.selectors.rounds import next_round, rounds_of
from elections.services import rounds, units
from elections.services.congress import delegate_election_record
from tests.congress_helpers import committee_renewal, tally, to_vote, unit_of
from tests.unit_meeting_helpers import UNIT, count, prepare, sign_in


@pytest.fixture
def renewal(tree, users):
    renewal = committee_renewal(tree, users)
    propose_congress(renewal, actor=users["staff"], approver=users["superior"], total=10, minimum=2)
    return to_vote(renewal, users)


def test_each_unit_has_its_own_meeting(renewal):
    """One meeting per electing unit beside the renewal's own meetings, which stay one per
    kind."""
    g, b1 = unit_of(renewal, "G"), unit_of(renewal, "B1")
    assert {m.unit_id for m in Meeting.objects.filter(renewal=renewal, kind=UNIT)} == {g.pk, b1.pk}
    assert MeetingKind.UNIT not in meetings_of(renewal)
    assert meeting_of(renewal).kind == MeetingKind.MEMBERS
    assert g.meeting.title == "党总支选举单位党员大会"
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(renewal=renewal, kind=MeetingKind.MEMBERS)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(renewal=renewal, kind=UNIT)  # a unit meeting names its unit


def test_differential_refused_below_twenty_percent(renewal, users):
    """R6 over the unit's seats: G elects 4 delegates, so 5 candidates at least; 4 is refused."""
    g = unit_of(renewal, "G")
    voters = unit_voters(g.unit)
    with pytest.raises(ValidationError, match="不少于5名"):
        units.unit_candidates_set(actor=users["staff"], renewal=renewal, unit=g, members=voters[:4])
    with pytest.raises(ValidationError, match="有选举权"):
        units.unit_candidates_set(
            actor=users["staff"], renewal=renewal, unit=g,
            members=[*voters[:4], unit_voters(unit_of(renewal, "B1").unit)[0]],
        )  # fmt: skip
    chosen = units.unit_candidates_set(
        actor=users["staff"], renewal=renewal, unit=g, members=voters[:5]
    )
    assert len(chosen) == 5


def test_unit_meeting_from_notice_to_delegates(renewal, tree, users):
    """G's meeting: E is G's 12 full members (李四 is probationary), 9 present is short of the
    quorum (5P > 4E needs 10); at 10 the ballots go out; four candidates with more than half of
    the 10 present are elected and written as G's delegates; the tally sheet is issued."""
    staff, g = users["staff"], unit_of(renewal, "G")
    m = prepare(renewal, g, staff)
    voters = unit_voters(g.unit)
    sign_in(renewal, g, staff, [*voters[:9], tree["m2"]])
    counted = figures(m)
    assert (counted.expected, counted.present, counted.attending) == (12, 9, 10)
    with pytest.raises(ValidationError, match="不足法定人数"):
        rounds.round_open(actor=staff, renewal=renewal, kind=UNIT, unit=g, issued=9)
    sign_in(renewal, g, staff, voters[9:10])
    round_ = rounds.round_open(actor=staff, renewal=renewal, kind=UNIT, unit=g, issued=10)
    assert (round_.body, round_.seats, round_.expected, round_.present) == (
        Body.DELEGATES, 4, 12, 10,
    )  # fmt: skip
    assert len(round_.names) == 5
    yes = dict(zip(round_.names, [9, 8, 7, 6, 5], strict=True))
    count(staff, round_, yes)
    g.refresh_from_db()
    delegates = list(Delegate.objects.filter(unit=g).order_by("-votes"))
    assert [(d.name, d.votes) for d in delegates] == list(yes.items())[:4]
    assert g.elected
    assert (g.expected, g.present, g.issued) == (12, 10, 10)
    assert [row["yes"] for row in g.tally] == [9, 8, 7, 6, 5]
    assert next_round(m) is None
    sheet = renewal.documents.get(kind=DocumentKind.TALLY)
    assert "党总支选举单位党员大会" in sheet.label
    assert rounds_of(renewal) == []  # the result report counts the congress's own rounds
    with pytest.raises(ValidationError, match="已录入"):
        delegate_election_record(
            actor=staff, renewal=renewal, unit=g, held_on=timezone.localdate(), expected=12,
            present=10, issued=10, returned=10, invalid=0, marks=tally(g, [9, 8, 7, 6, 3], 10),
        )  # fmt: skip


def test_a_seat_left_open_goes_to_a_supplementary_election(renewal, users):
    """R13 at a unit meeting: three of five pass R11, the fourth seat is elected again among the
    two not elected, and only then is the unit's election recorded."""
    staff, g = users["staff"], unit_of(renewal, "G")
    prepare(renewal, g, staff)
    sign_in(renewal, g, staff, unit_voters(g.unit))
    first = rounds.round_open(actor=staff, renewal=renewal, kind=UNIT, unit=g, issued=12)
    count(staff, first, dict(zip(first.names, [12, 11, 10, 6, 5], strict=True)))
    g.refresh_from_db()
    assert Delegate.objects.filter(unit=g).count() == 3
    assert not g.elected
    second = rounds.round_open(actor=staff, renewal=renewal, kind=UNIT, unit=g, issued=12)
    assert second.kind == RoundKind.SUPPLEMENTARY
    assert second.names == first.names[3:]
    count(staff, second, dict(zip(second.names, [8, 4], strict=True)))
    g.refresh_from_db()
    assert g.elected
    assert Delegate.objects.filter(unit=g).count() == 4
    assert [row["yes"] for row in g.tally] == [12, 11, 10, 6, 5]  # the first round's sheet


def test_sheet_path_refused_once_the_meeting_votes(renewal, users):
    """A unit elects either at its meeting here or enters a finished sheet, never both."""
    staff, g = users["staff"], unit_of(renewal, "G")
    prepare(renewal, g, staff)
    sign_in(renewal, g, staff, unit_voters(g.unit))
    rounds.round_open(actor=staff, renewal=renewal, kind=UNIT, unit=g, issued=12)
    with pytest.raises(ValidationError, match="已开始投票"):
        delegate_election_record(
            actor=staff, renewal=renewal, unit=g, held_on=timezone.localdate(), expected=12,
            present=12, issued=12, returned=12, invalid=0, marks=tally(g, [9, 8, 7, 6, 3], 12),
        )  # fmt: skip


def test_two_units_at_once_then_credentials_then_the_congress(renewal, users):
    """Both units' meetings vote at the same time, each counting its own members; then the
    credentials check confirms the ten delegates and the congress elects with them as voters."""
    staff = users["staff"]
    g, b1 = unit_of(renewal, "G"), unit_of(renewal, "B1")
    for unit in (g, b1):
        prepare(renewal, unit, staff)
        sign_in(renewal, unit, staff, unit_voters(unit.unit))
    g_round = rounds.round_open(actor=staff, renewal=renewal, kind=UNIT, unit=g, issued=12)
    b1_round = rounds.round_open(actor=staff, renewal=renewal, kind=UNIT, unit=b1, issued=31)
    assert (g_round.expected, b1_round.expected) == (12, 31)
    count(staff, b1_round, {n: 31 if i < 6 else 0 for i, n in enumerate(b1_round.names)})
    count(staff, g_round, {n: 12 if i < 4 else 0 for i, n in enumerate(g_round.names)})
    assert congress_figures(congress_of(renewal)).pending == 10
    confirm_delegates(renewal, actor=staff)
    assert congress_figures(congress_of(renewal)).expected == 10
    prepare_congress(renewal, actor=staff)
    renewal = hold_congress(renewal, actor=staff)
    assert renewal.phase == Phase.APPROVE
    counted = figures(meeting_of(renewal))
    assert (counted.expected, counted.present) == (10, 10)
    assert {r.expected for r in rounds_of(renewal) if r.meeting.kind == MeetingKind.MEMBERS} == {10}


def test_demo_walk_is_a_real_unit_meeting(renewal, users):
    """The demo elects each unit at its meeting: rounds with every member present."""
    b1 = unit_of(renewal, "B1")
    delegates = elect_unit(renewal, b1, actor=users["staff"])
    assert len(delegates) == 6
    (round_,) = b1.meeting.rounds.all()
    assert (round_.expected, round_.present, round_.body) == (31, 31, Body.DELEGATES)
