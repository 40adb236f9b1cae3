"""The re-vote among people tied across the last seat elects the most voted even below half
(R12); its sheet says so instead of printing a threshold."""

from __future__ import annotations

from elections import demo
from elections.models import RoundKind
from elections.selectors.count import round_sheet
from elections.selectors.meeting import committee, formal_candidates
from elections.selectors.rounds import next_round
from elections.services.rounds import round_close, round_open, round_record_returned, totals_save
from tests.elections.conftest import key


def test_a_revote_elects_the_most_voted_below_half(users, voting):
    actor = users["secretary"]
    demo.prepare_meeting(voting, actor=actor)
    demo.attend(voting, actor=actor)
    names = [n.member.name for n in formal_candidates(voting)]
    first = round_open(actor=actor, renewal=voting, kind="members", issued=9)
    round_record_returned(actor=actor, round_=first, returned=9, mode="ballots")
    # P = 9: candidates 1-4 elected; 5 and 6 tie on 5 for the last seat.
    key(users, first, [("YYYYYNN", "")] * 3 + [("YYYAYYN", ""), ("YYAYYYN", "")]
        + [("YYYYNYN", "")] * 3 + [("YYYYYYY", "")])  # fmt: skip
    scrutineer = first.meeting.scrutineers.first().name
    round_close(actor=actor, round_=first, confirmed_by=scrutineer)
    plan = next_round(first.meeting)
    assert plan.kind == RoundKind.RUNOFF
    revote = round_open(actor=actor, renewal=voting, kind="members", issued=9)
    round_record_returned(actor=actor, round_=revote, returned=9, mode="totals")
    # 4 of 9 is not more than half; in the re-vote the most votes win all the same.
    totals_save(
        actor=actor, round_=revote, yes={names[4]: 4, names[5]: 3},
        no={names[4]: 3, names[5]: 4}, abstain={names[4]: 2, names[5]: 2},
        invalid=0, write_ins={},
    )  # fmt: skip
    round_close(actor=actor, round_=revote, confirmed_by=scrutineer)
    revote.refresh_from_db()
    assert revote.result.revote
    assert revote.result.elected == (names[4],)
    assert sorted(e.name for e in committee(voting)) == sorted(names[:5])
    assert next_round(revote.meeting) is None
    sheet = round_sheet(revote)
    assert sheet.threshold is None
    assert "不论所得赞成票是否超过半数" in sheet.threshold_text
