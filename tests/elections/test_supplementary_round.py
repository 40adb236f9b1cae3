"""R13: the meeting decides the field of a supplementary election, all the candidates not yet
elected or the top N by votes; the choice is recorded on the round, in the audit trail and in the
result report (issue 11 item 8)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches.models import AuditEvent
from elections import demo
from elections.documents import build_pdf
from elections.models import DocumentKind, RoundKind
from elections.selectors.count import round_sheet
from elections.selectors.meeting import formal_candidates, meeting_of
from elections.selectors.rounds import next_round
from elections.services.rounds import round_close, round_open, round_record_returned, totals_save
from tests.pdf_text import pdftotext


@pytest.fixture
def shortfall(users, voting):
    """Seven candidates for five seats, 9 present: four elected, one seat open; the others got
    4, 4 and 1 votes."""
    actor = users["secretary"]
    demo.prepare_meeting(voting, actor=actor)
    demo.attend(voting, actor=actor)
    names = [n.member.name for n in formal_candidates(voting)]
    round_ = round_open(actor=actor, renewal=voting, kind="members", issued=9)
    round_record_returned(actor=actor, round_=round_, returned=9, mode="totals")
    yes = dict(zip(names, [9, 9, 9, 9, 4, 4, 1], strict=True))
    totals_save(
        actor=actor, round_=round_, yes=yes, no={n: 9 - v for n, v in yes.items()},
        abstain={n: 0 for n in names}, invalid=0, write_ins={},
    )  # fmt: skip
    round_close(actor=actor, round_=round_, confirmed_by=round_.meeting.scrutineers.first().name)
    assert next_round(meeting_of(voting)).kind == RoundKind.SUPPLEMENTARY
    return voting, names


def test_the_meeting_narrows_the_field_to_the_top_two(users, shortfall):
    renewal, names = shortfall
    round_ = round_open(
        actor=users["secretary"], renewal=renewal, kind="members", issued=9, top_n=2
    )
    assert round_.names == names[4:6]
    assert round_.supplementary_top_n == 2
    event = AuditEvent.objects.filter(action="round_open").latest("pk")
    assert event.changes["supplementary_field"] == {"top_n": 2, "candidates": names[4:6]}
    assert "得票最多的前2名" in event.summary
    note = (
        "经大会决定，本轮另行选举取上一轮未当选的候选人中得票最多的前2名（得票相等者一并列入）"
        f"进行：{'、'.join(names[4:6])}。"
    )
    assert note in round_sheet(round_).notes
    report = "".join(pdftotext(build_pdf(renewal, DocumentKind.RESULT_REPORT)).split())
    assert note in report


def test_a_tie_across_the_cut_keeps_both(users, shortfall):
    renewal, names = shortfall
    round_ = round_open(
        actor=users["secretary"], renewal=renewal, kind="members", issued=9, top_n=1
    )
    assert round_.names == names[4:6]


def test_the_whole_field_is_the_default_and_recorded_too(users, shortfall):
    renewal, names = shortfall
    round_ = round_open(actor=users["secretary"], renewal=renewal, kind="members", issued=9)
    assert round_.names == names[4:]
    assert round_.supplementary_top_n is None
    assert "在全部未当选的候选人中进行" in round_sheet(round_).notes[0]


def test_a_top_n_outside_a_supplementary_election_is_refused(users, voting):
    demo.prepare_meeting(voting, actor=users["secretary"])
    demo.attend(voting, actor=users["secretary"])
    with pytest.raises(ValidationError, match="只有另行选举"):
        round_open(actor=users["secretary"], renewal=voting, kind="members", issued=9, top_n=2)


def test_the_meeting_page_offers_the_choice(client, users, shortfall):
    renewal, names = shortfall
    client.force_login(users["secretary"])
    page = reverse("elections:meeting_day", args=[renewal.pk, "members"])
    assert 'id="supplementary-field"' in client.get(page).content.decode()
    url = reverse("elections:round_open", args=[renewal.pk, "members"])
    refused = client.post(url, {"issued": 9, "scope": "top"}, follow=True)
    assert "请填写取得票最多的前几名。" in refused.content.decode()
    client.post(url, {"issued": 9, "scope": "top", "top_n": 2})
    assert meeting_of(renewal).rounds.latest("number").names == names[4:6]
